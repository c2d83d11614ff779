"""Plain text → clean lines: table rows recognised, page furniture dropped, wrapped paragraphs healed.

Every reader hands over plain text; the text of a real document comes in several shapes, and this module
turns all of them into one list of lines:

- one paragraph per line, blank lines between (Word saved as text, the sample files), where a page break
  cuts a paragraph in two and footnotes land in the middle of it;
- visual lines wrapped at the page width (PDF text layers, OCR, ``pdftotext``), paragraphs told apart by a
  first-line indent, a short last line or a blank line;
- tables as tab-separated cells, as markdown pipes (``| 1 | Nội dung | Sở Tài chính |``), or in a header
  block laid out in two columns with runs of spaces;
- conversion artifacts (``**``, ``<i>``), running page numbers and OCR page markers.

A line keeps its words exactly as printed: quotes are checked against the source.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field
from itertools import pairwise

from . import vocabulary
from .vietnamese import strip_artifacts, strip_markup

# Item labels as printed: "A.", "I-", "II.", "1.", "2-", "2.1.", "2.1-", "a)", "(1)", "Điều 5.".
PART_RE = re.compile(r"^([A-H])\.\s*(?=[A-ZĐÀ-Ỹ])")
# Roman numerals in capitals, or with the later letters lower-cased by a careless conversion ("Ii.", "Iv.").
ROMAN_RE = re.compile(r"^([IVX]{1,6}|[IVX][ivx]{1,5})\s?[-.–]\s*(?=\S|$)")
ARABIC_RE = re.compile(
    r"^(\d{1,3}(?:\.\d{1,3}){0,3})"
    r"(?:\s?[.\-–]\s+|[.\-–](?=[A-ZĐÀ-Ỹ*])|\)\s+|[.\-–]$|(?:(?<=\.\d)|(?<=\.\d\d)|(?<=\.\d\d\d))\s+(?=[A-ZĐÀ-Ỹ]))"
)
LETTER_RE = re.compile(r"^([a-zđ])\)\s*")
PAREN_RE = re.compile(r"^\((\d{1,2})\)\s*")
ARTICLE_RE = re.compile(r"^Điều\s+(\d{1,3}[a-zđ]?)\s*(?:[.:]\s*|$)")
CHAPTER_RE = re.compile(r"^(?:Chương|CHƯƠNG)\s+([IVXLC]+|\d{1,2})\b\.?\s*")
FOOTNOTE_RE = re.compile(r"^[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+\s*")
_LOWER_START = re.compile(r"^[a-zđà-ỹ]")
BULLET_RE = re.compile(r"^[-–+•]\s+")

_GLUE = re.compile(r"(?<=\S)\*+(?=\S)")
_LABEL_AHEAD = re.compile(r"(?:[IVX]+\s?[-.]|\d{1,2}(?:\.\d{1,2})*\s?[.-]|[A-H]\.)\s")
_PIPE_SEPARATOR = re.compile(r"^\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*$")
_OCR_PAGE = re.compile(r"^=+\s*Trang\s+\d+\s*=+$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?(?:Trang\s+)?(\d{1,3})(?:\s*-)?(?:\s*/\s*\d{1,3})?$", re.IGNORECASE)
_MIN_PAGE_GAP = 12  # running page numbers stand at least this many lines apart; table TT columns do not


@dataclass
class Line:
    text: str  # as printed, artifacts dropped; a table row's cells joined by tabs
    number: int  # 1-based line number in the file
    blank_before: bool = False
    indent: int = 0  # leading spaces of the first physical line
    footnotes: list[str] = field(default_factory=list)
    cells: list[str] | None = None  # a table row's cells, as printed
    printed: str = ""  # how a table row is quoted: the source's own separators ("6 | Nội dung | Sở X")
    last_length: int = 0  # length of the last visual line joined into this one (a short one ends a paragraph)

    @property
    def is_table(self) -> bool:
        return self.cells is not None

    @property
    def quote(self) -> str:
        return self.printed or self.text


def is_label_line(text: str) -> bool:
    t = text.lstrip()
    return bool(
        PART_RE.match(t)
        or ROMAN_RE.match(t)
        or ARABIC_RE.match(t)
        or LETTER_RE.match(t)
        or PAREN_RE.match(t)
        or ARTICLE_RE.match(t)
        or CHAPTER_RE.match(t)
        or BULLET_RE.match(t)
    )


def glue_points(text: str) -> list[re.Match[str]]:
    """The star runs that glue two printed lines together: "HEADING**1. Item**", "VIỆT NAM*Bắc Giang"."""
    points = []
    for m in _GLUE.finditer(text):
        left, right = text[: m.start()], text[m.end() :]
        if not (right[:1].isalnum() or right[:1] in '(“"'):
            continue  # "(*viết tắt là UBND*);": a printed line does not begin with ")" or ";"
        if (
            left[-1:].isupper()
            or len(m.group(0)) >= 3
            or bool(_LABEL_AHEAD.match(right))
            or (len(m.group(0)) >= 2 and right[:1].isupper() and left[-1:] not in '(“"')
        ):
            points.append(m)
    return points


_TYPE_GLUED = re.compile(
    "^(" + "|".join(re.escape(n.upper()) for n in vocabulary.type_names() if " " in n) + r")(?=[^\W\d_])"
)


def split_case_glue(text: str) -> list[str]:
    """Two printed lines a reader joined without a space (a Word paragraph of runs, a PDF text line), told by a
    change of case inside a word that no Vietnamese word has: "CHƯƠNG TRÌNH HÀNH ĐỘNGthực hiện …" and
    "VIỆT NAMBắc Giang" (a heading in capitals running into text), "năm 2021KẾ HOẠCH" (a number running into
    a heading), "NGHỊ QUYẾTCỦA BAN …" (a document type running into its issuer). Case alone is read only after a
    heading of two words or more: "CTr", "TTg" are codes."""
    m = _TYPE_GLUED.match(text)
    if m:  # "NGHỊ QUYẾTCỦA BAN CHẤP HÀNH": the document type, then the issuer on the next line
        return [m.group(1), *split_case_glue(text[m.end() :])]
    words = list(re.finditer(r"\S+", text))
    for k, m in enumerate(words):
        before = k >= 1 and all(_capitals(w.group(0)) for w in words[:k])
        after = k + 1 < len(words) and _capitals(re.match(r"[^\W\d_]*", words[k + 1].group(0)).group(0)[:2])
        cut = _case_cut(m.group(0), before, after)
        if cut:
            at = m.start() + cut
            return [text[:at], *split_case_glue(text[at:])]
    return [text]


def _capitals(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


_ONSETS = frozenset("ch gh gi kh ng nh ph qu th tr".split())  # noqa: SIM905
_VOWELS = frozenset("aăâeêioôơuưy")


def _opens_syllable(pair: str) -> bool:
    """Can a Vietnamese syllable begin with these two letters ("Bắ", "Th"), the first a capital?"""
    from .vietnamese import strip_diacritics

    bare = strip_diacritics(pair).lower()
    return len(bare) == 2 and (bare[1] in _VOWELS or bare in _ONSETS or pair[1:] in "ăâêôơư")


def _case_cut(word: str, capitals_before: bool, capitals_after: bool) -> int:
    """Where in a word one printed line ends and the next begins; 0 for none."""
    if capitals_before:
        i = 0
        while i < len(word) and word[i].isupper():
            i += 1
        if i >= 2 and i < len(word) and word[i].islower():
            # "NAMBắc": the last capital opens a word ("Bắc"); "ĐỘNGthực", "ỦYvề": the text goes on in lower case
            cut = i - 1 if _opens_syllable(word[i - 1 : i + 1]) else i
            return cut if cut >= 2 else 0  # "CTr": a code
    # "2021KẾ" followed by more capitals: a number running into a heading
    digits = len(word) - len(word.lstrip("0123456789"))
    rest = word[digits:]
    if digits and capitals_after and _capitals(rest) and rest.isalpha():
        return digits
    return 0


def _split_glued(text: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    for m in glue_points(text):
        pieces.append(text[start : m.start()])
        start = m.end()
    pieces.append(text[start:])
    return [p for p in (strip_markup(p) for p in pieces) if p]


def _pipe_cells(stripped: str) -> list[str] | None:
    """ "| 1 | Nội dung | Sở X |" → ["1", "Nội dung", "Sở X"]; None when the line is not a pipe row."""
    if not stripped.startswith("|") or stripped.count("|") < 2:
        return None
    inner = stripped[1:-1] if stripped.endswith("|") else stripped[1:]
    return [strip_artifacts(c) for c in inner.split("|")]


def _pipe_printed(stripped: str) -> str:
    """The row as the source prints it, outer pipes and trailing empty cells dropped: a substring of the file."""
    return re.sub(r"(?:\s*\|)+\s*$", "", stripped.lstrip("|")).strip()


def clean_lines(text: str) -> list[Line]:
    """Every non-empty line, artifacts dropped, table rows split into cells, glued headings split, and page
    furniture (OCR page markers, running page numbers) left out."""
    out: list[Line] = []
    blank = True
    last_page: tuple[int, int] = (1, 0)  # (page number, line number) of the last running page number
    raw_lines = text.split("\n")
    for number, raw in enumerate(raw_lines, start=1):
        stripped = raw.strip()
        if not stripped or _PIPE_SEPARATOR.match(stripped) or _OCR_PAGE.match(stripped):
            blank = True
            continue
        page = _page_number(stripped, number, last_page, raw_lines)
        if page is not None:
            last_page = (page, number)
            blank = True
            continue
        indent = len(raw) - len(raw.lstrip(" \t"))
        pipe = _pipe_cells(stripped)
        if pipe is not None:
            out.append(Line("\t".join(pipe), number, blank, indent, cells=pipe, printed=_pipe_printed(stripped)))
        elif _tab_row(raw):
            cells = [strip_artifacts(c) for c in raw.strip(" \r").split("\t")]
            out.append(Line("\t".join(cells), number, blank, indent, cells=cells, printed=" ".join(c for c in cells if c)))
        else:
            pieces = [part for piece in _split_glued(stripped) for part in split_case_glue(piece)]
            for i, piece in enumerate(pieces):
                out.append(Line(piece, number, blank if i == 0 else False, indent))
        blank = False
    return out


def _tab_row(raw: str) -> bool:
    """Cells separated by tabs: two tabs or more (a continuation row starts with an empty cell), or one tab
    between two filled cells. A lone leading tab is indentation ("\t- Rà soát ...")."""
    inner = raw.strip(" \r")
    tabs = inner.count("\t")
    if tabs >= 2:
        return bool(inner.strip())
    return tabs == 1 and all(side.strip() for side in inner.split("\t"))


def _page_number(stripped: str, number: int, last: tuple[int, int], raw_lines: list[str]) -> int | None:
    """A running page number: the next page in sequence, far enough from the last one, alone on its line, and
    not one of a column of row numbers (a neighbouring line that is a bare number too)."""
    m = _PAGE_NUMBER.match(stripped)
    if not m:
        return None
    value = int(m.group(1))
    expected, at = last
    if value != expected + 1 or number - at < _MIN_PAGE_GAP:
        return None
    # a page number stands apart, blank lines around it; a table's TT cell sits among its row's cells
    before = raw_lines[number - 2] if number >= 2 else ""
    after = raw_lines[number] if number < len(raw_lines) else ""
    if before.strip() or after.strip():
        return None
    for other in (*raw_lines[max(0, number - 4) : number - 1], *raw_lines[number : number + 3]):
        if re.fullmatch(r"\s*\d{1,3}[.)]?\s*", other):
            return None
    return value


# ---------------------------------------------------------------- paragraphs


@dataclass(frozen=True)
class Wrapping:
    """How the file lays out paragraphs: one per line, or wrapped at a page width."""

    wrapped: bool
    width: int  # the usual length of a full line when wrapped
    indented: bool  # paragraphs open with a first-line indent (continuation lines start further left)


def wrapping_of(lines: list[Line]) -> Wrapping:
    lengths = [len(line.text) for line in lines if not line.is_table]
    if len(lengths) < 8:
        return Wrapping(False, 0, False)
    lengths.sort()
    width = lengths[int(len(lengths) * 0.9)]
    median = statistics.median(lengths)
    # Word text and markdown put a whole paragraph on a line: long lines of very different lengths.
    wrapped = width <= 130 and (median >= 0.45 * width or _runs_to_width(lines, width))
    indents = [line.indent for line in lines if not line.is_table]
    indented = wrapped and sum(1 for i in indents if i >= 3) >= 0.1 * len(indents) and statistics.median(indents) < 3
    return Wrapping(wrapped, width, indented)


def _runs_to_width(lines: list[Line], width: int) -> bool:
    """Lines after which a sentence goes on in lower case are wrapped lines: when they run to about the width,
    the prose is wrapped there, however many short lines (an appendix printed one cell a line) pull the median down."""
    prose = [line for line in lines if not line.is_table]
    cut = [len(a.text) for a, b in pairwise(prose) if _LOWER_START.match(b.text) and not b.blank_before]
    return len(cut) >= 8 and statistics.median(cut) >= 0.8 * width


def heal_page_breaks(lines: list[Line], layout: Wrapping | None = None) -> list[Line]:
    """Join the visual lines of a paragraph and the halves of paragraphs cut by a page break; attach
    footnotes to the paragraph they interrupt. Runs of spaces inside a line (justified text) become one."""
    layout = layout or wrapping_of(lines)
    out: list[Line] = []
    for line in lines:
        if FOOTNOTE_RE.match(line.text) and out and not line.is_table:
            out[-1].footnotes.append(line.text)
            continue
        text = line.text if line.is_table else _SPACES.sub(" ", line.text)
        prev = out[-1] if out else None
        if prev is not None and _continues(prev, line, layout):
            prev.text = f"{prev.text} {text}"
            prev.last_length = len(line.text)
            continue
        out.append(
            Line(
                text, line.number, line.blank_before, line.indent, list(line.footnotes), line.cells, line.printed,
                len(line.text),
            )
        )
    return out


_SPACES = re.compile(r"[ \t]{2,}")
# A line that stops on one of these words stops mid-sentence: "... phối hợp với" | "Trường Chính trị tỉnh ..."
_DANGLING = re.compile(
    r"(?<!\w)(?:với|và|của|các|những|cho|để|theo|tại|trong|về|là|được|đã|có|như|từ|đến|do|bằng|số|ngày|năm|tháng)$"
)
_SENTENCE_END = (".", ";", ":", "!", "?", "./.", "”", '"', ")")


def _continues(prev: Line, line: Line, layout: Wrapping) -> bool:
    if prev.is_table or line.is_table or is_label_line(line.text):
        return False
    if layout.wrapped:
        return _continues_wrapped(prev, line, layout)
    if prev.text.rstrip().endswith(_SENTENCE_END[:7]) and not _LOWER_START.match(line.text):
        return False
    if _LOWER_START.match(line.text):
        return line.blank_before and len(prev.text) > 60
    if _DANGLING.search(prev.text.rstrip()):
        return line.blank_before
    # an upper-case start continues only a long line cut after a lower-case word ("... đại biểu" | "Đảng bộ")
    return line.blank_before and len(prev.text) > 200 and bool(re.search(r"[a-zđà-ỹ]$", prev.text.rstrip()))


def _continues_wrapped(prev: Line, line: Line, layout: Wrapping) -> bool:
    """Visual lines of one paragraph: a sentence that goes on in lower case, or a previous line that ran to the
    page width (it was wrapped) followed by a line that is not a new paragraph's indented first line."""
    ended = prev.text.rstrip().endswith(_SENTENCE_END)
    if _LOWER_START.match(line.text) and not ended:
        return True  # a sentence goes on, whatever the layout (also across a page break)
    if layout.indented and line.indent >= 3 and line.indent > prev.indent - 2:
        return False  # an indented first line opens a paragraph
    if line.blank_before:
        return False
    if _DANGLING.search(prev.text.rstrip()):
        return True
    return (prev.last_length or len(prev.text)) >= 0.75 * layout.width
