"""PDF page geometry → the plain layout: words into lines, lines into paragraphs, page furniture left out.

Works on positioned words (from pdfplumber, or from OCR) and table rows already read as cells:

- a line is the words whose vertical middles lie within half a word height of each other, left to right; a gap
  wider than twice the font size across the line's middle third separates a header's two columns (written as
  3+ spaces);
- page furniture: a line in the top or bottom margin that is a page number ("3", "- 3 -", "Trang 3", "3/12"), or
  whose text (digits aside) stands at the same height on most pages;
- a paragraph goes on to the next line when the previous line was full (the next line's first word would not
  have fitted after it), the next line is not indented further, does not open a numbered item, and no wider
  vertical gap, font size change or table comes between; across a page break the same test runs on the last
  line of one page and the first of the next.
"""

from __future__ import annotations

import difflib
import re
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

COLUMN_GAP = 3  # spaces between a header's two columns in the output (the parser splits on 3 or more)
SAME_ROW_RATIO = 0.9  # a header read again by OCR: a few letters in a hundred may differ, another row's do not
MARGIN_SHARE = 0.09  # of the page height: where running headers, footers and page numbers stand
_PAGE_NUMBER = re.compile(r"^(?:[-–—]\s*)?(?:(?:trang|page)\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*[-–—])?$", re.I)
_NEW_ITEM = re.compile(
    r"^(?:[-–+•]\s|\d{1,3}(?:\.\d{1,3})*[.)]\s|\d{1,3}(?:\.\d{1,3})+\s|[a-zđ]\)\s|[IVXL]{1,6}[.-]\s|[A-H]\.\s|"
    r"\(\d{1,2}\)\s|PHỤ LỤC|Nơi nhận)"
)
# names of parts that a sentence also speaks of ("… theo Mẫu số 03 | Phụ lục IA ban hành kèm theo …"): a heading
# only where the line above ends a sentence or stops short of the margin
_PART_NAME = re.compile(r"^(?:Điều\s+\d|Chương\s|Mục\s+\d|Phần\s|Phụ lục)")
_SENTENCE_END = (".", ";", ":", "!", "?", "./.")


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float = 0.0  # font size; 0 when unknown (OCR)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Line:
    words: list[Word]
    text: str = ""
    cells: list[str] | None = None  # a table row
    table_id: int = -1  # rows of one table share it
    split: float | None = None  # x of the gap between a header's two columns
    new_paragraph: bool = False  # OCR: Tesseract puts this line in another paragraph than the one before

    @property
    def x0(self) -> float:
        return self.words[0].x0 if self.words else 0.0

    @property
    def x1(self) -> float:
        return self.words[-1].x1 if self.words else 0.0

    @property
    def top(self) -> float:
        return min(w.top for w in self.words) if self.words else 0.0

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words) if self.words else 0.0

    @property
    def size(self) -> float:
        sizes = [w.size for w in self.words if w.size]
        return statistics.median(sizes) if sizes else max(1.0, self.bottom - self.top)


@dataclass
class Page:
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)  # text lines and table rows, top to bottom


def group_lines(words: Iterable[Word], width: float) -> list[Line]:
    """Words → lines, top to bottom, each left to right, with a header's column gap marked."""
    ordered = sorted(words, key=lambda w: (w.middle, w.x0))
    rows: list[list[Word]] = []
    for word in ordered:
        if rows:
            last = rows[-1]
            height = max(1.0, min(word.bottom - word.top, last[0].bottom - last[0].top))
            if abs(word.middle - statistics.fmean(w.middle for w in last[-3:])) <= 0.5 * height:
                last.append(word)
                continue
        rows.append([word])
    lines = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        at = _column_gap(row, width)
        text = " ".join(w.text for w in row) if at is None else (
            " ".join(w.text for w in row[:at]) + " " * COLUMN_GAP + " ".join(w.text for w in row[at:])
        )
        lines.append(Line(row, text, split=None if at is None else (row[at - 1].x1 + row[at].x0) / 2))
    return lines


def _column_gap(words: list[Word], width: float) -> int | None:
    """Where a gap wide enough to part two columns opens near the page's middle: the index of the word after it."""
    size = statistics.median([w.size or (w.bottom - w.top) for w in words])
    column_at = -1
    widest = 0.0
    for i in range(1, len(words)):
        gap = words[i].x0 - words[i - 1].x1
        middle = (words[i].x0 + words[i - 1].x1) / 2
        if gap > 2 * size and width * 0.3 <= middle <= width * 0.7 and gap > widest:
            column_at, widest = i, gap
    return column_at if column_at > 0 else None


def fold_columns(lines: list[Line], width: float, block_id: int) -> list[Line]:
    """A block laid out in two columns (the header: issuer | quốc hiệu, number | date; the signature: nơi nhận |
    signer) becomes table rows of two cells, a column's wrapped lines joined into its cell, as Word's own header
    table reads. The block runs while lines either have the two columns or stand wholly on one side of the gap."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        first = lines[i]
        if first.split is None or first.cells is not None:
            out.append(first)
            i += 1
            continue
        split = first.split
        rows: list[list[str]] = []
        j = i
        while j < len(lines):
            line = lines[j]
            if line.cells is not None:
                break
            if line.split is not None and abs(line.split - split) < 0.15 * width:
                left, _, right = line.text.partition(" " * COLUMN_GAP)
                rows.append([left.strip(), right.strip()])
            elif rows and line.top - lines[j - 1].bottom < 1.2 * line.size and (line.x1 < split or line.x0 > split):
                side = 0 if line.x1 < split else 1
                rows[-1][side] = f"{rows[-1][side]} {line.text.strip()}".strip()
            else:
                break
            j += 1
        for cells in rows:
            out.append(Line(lines[i].words, "\t".join(cells), cells=cells, table_id=block_id))
        i = j
    return out


# ---------------------------------------------------------------- page furniture


def _furniture_key(line: Line, page: Page) -> tuple[str, int] | None:
    """Lines in the top or bottom margin, by their text with digits blanked and their height on the page."""
    if line.cells is not None:
        return None
    in_margin = line.bottom <= page.height * MARGIN_SHARE or line.top >= page.height * (1 - MARGIN_SHARE)
    if not in_margin:
        return None
    return re.sub(r"\d+", "#", " ".join(line.text.split())).lower(), round(line.top / 6)


def drop_furniture(pages: list[Page]) -> None:
    """Page numbers in the margins, and margin lines repeated at the same height on most pages, go."""
    counts: Counter[tuple[str, int]] = Counter()
    for page in pages:
        counts.update({k for k in (_furniture_key(line, page) for line in page.lines) if k is not None})
    repeated = {k for k, n in counts.items() if len(pages) >= 3 and n >= max(3, 0.5 * len(pages))}
    for page in pages:
        kept = []
        for line in page.lines:
            key = _furniture_key(line, page)
            if key is not None and (key in repeated or _PAGE_NUMBER.match(line.text.strip())):
                continue
            kept.append(line)
        page.lines = kept


# ---------------------------------------------------------------- paragraphs


@dataclass
class Margins:
    left: float
    right: float
    spacing: float  # the usual distance from one line's top to the next's within a paragraph


def margins_of(pages: list[Page]) -> Margins:
    text = [line for page in pages for line in page.lines if line.cells is None and line.words]
    if not text:
        return Margins(0.0, 0.0, 0.0)
    lefts = Counter(round(line.x0) for line in text)
    left = float(lefts.most_common(1)[0][0])
    rights = sorted(line.x1 for line in text)
    right = rights[int(len(rights) * 0.9)]
    steps = [
        b.top - a.top
        for page in pages
        for a, b in zip(page.lines, page.lines[1:], strict=False)
        if a.cells is None and b.cells is None and 0 < b.top - a.top < 3 * a.size
    ]
    spacing = statistics.median(steps) if steps else 0.0
    return Margins(left, right, spacing)


def continues(prev: Line, line: Line, margins: Margins, same_page: bool) -> bool:
    """Does ``line`` go on with the paragraph that ``prev`` ends?"""
    if prev.cells is not None or line.cells is not None or not prev.words or not line.words:
        return False
    text = line.text.lstrip()
    if line.new_paragraph or _NEW_ITEM.match(text) or "   " in prev.text or "   " in line.text:
        return False
    size = prev.size
    # a text layer's font sizes are exact; OCR's are line heights, which move with ascenders, descenders and marks
    tolerance = 0.6 if prev.words[0].size else 0.15 * max(size, line.size)
    if abs(line.size - size) > tolerance:
        return False
    if same_page and margins.spacing and line.top - prev.top > 1.35 * margins.spacing:
        return False  # the space between paragraphs
    if line.x0 > max(prev.x0, margins.left) + 0.8 * size and line.x0 - margins.left > 0.8 * size:
        return False  # an indented first line opens a paragraph
    if text[:1].islower() and abs(line.x0 - prev.x0) <= 0.8 * size and not prev.text.rstrip().endswith(_SENTENCE_END):
        return True  # a sentence going on in lower case, also in a narrow column ("V/v ..." under the number)
    first_word = line.words[0].x1 - line.words[0].x0
    full = prev.x1 + 0.25 * size + first_word > margins.right - 0.25 * size  # a space is about a quarter em
    if not full:
        return False  # the previous line stopped although the next word would have fitted
    if _PART_NAME.match(text) and prev.text.rstrip().endswith(_SENTENCE_END):
        return False
    return not (prev.text.rstrip().endswith(_SENTENCE_END) and text[:1].isupper() and not same_page)


def paragraphs(pages: list[Page]) -> list[str]:
    """The pages as output lines: paragraphs, table rows, and blank lines between blocks. A table that goes on
    over a page break is one table: its header repeated on the new page is dropped and a row the break cut
    (the new page's first row, its number cell empty) is joined to its first part cell by cell."""
    margins = margins_of(pages)
    out: list[str] = []
    prev: Line | None = None
    prev_page = -1
    header: list[str] | None = None  # the first row of the table being written
    last_row = -1  # where in `out` its last row stands
    page_top = False  # the table went on over a page break and no row of the new page is written yet
    for number, page in enumerate(pages):
        for line in page.lines:
            if line.cells is not None:
                same_table = prev is not None and prev.cells is not None and prev.table_id == line.table_id
                continued_table = prev is not None and prev.cells is not None and number != prev_page
                if continued_table:
                    page_top = True  # until the first row of this page that is not the header again
                if not (same_table or continued_table):
                    header, last_row, page_top = list(line.cells), -1, False
                    if out and out[-1] != "":
                        out.append("")
                elif page_top and header is not None and same_row(line.cells, header):
                    prev, prev_page = line, number
                    continue  # the header row repeated on the new page
                elif page_top and last_row >= 0 and _continues_row(out[last_row], line.cells):
                    out[last_row] = _join_cells(out[last_row], line.cells)
                    prev, prev_page, page_top = line, number, False
                    continue
                page_top = False
                out.append("\t".join(line.cells))
                last_row = len(out) - 1
            elif prev is not None and out and out[-1] != "" and continues(prev, line, margins, number == prev_page):
                out[-1] = join_lines(out[-1], line.text.strip())
            else:
                if out and out[-1] != "":
                    out.append("")
                out.append(line.text.strip())
            prev, prev_page = line, number
    return out


def same_row(cells: list[str], other: list[str]) -> bool:
    """The same row read twice: a table's header repeated on a new page. A text layer repeats it exactly; OCR
    may read it with a space or a letter more or less ("Tổ chức,cơ quan" / "Tổ chức, cơ quan")."""
    if cells == other:
        return True
    if len(cells) != len(other):
        return False
    a, b = ("".join("".join(row).split()).lower() for row in (cells, other))
    return bool(a) and difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= SAME_ROW_RATIO


def _continues_row(row: str, cells: list[str]) -> bool:
    """A row that begins a page with its first cell empty carries on the row the break cut, where that first
    cell numbers the rows (TT): in another first column an empty cell may be a merged one going on."""
    before = row.split("\t")
    return (
        bool(cells)
        and len(before) == len(cells)
        and not cells[0].strip()
        and any(c.strip() for c in cells)
        and re.fullmatch(r"\d{1,3}(?:\.\d{1,3})*\.?|[a-zđ]\)?|[IVXL]+\.?", before[0].strip()) is not None
    )


def _join_cells(row: str, cells: list[str]) -> str:
    return "\t".join(join_lines(a, b).strip() if b.strip() else a for a, b in zip(row.split("\t"), cells, strict=True))


def join_lines(left: str, right: str) -> str:
    """Two lines of one paragraph; a line ending on a hyphen glued to a word ("2021-", "các-") goes on with the
    rest of that compound ("2021-2025"), a spaced dash (" -") with a space."""
    if re.search(r"\w-$", left) and right[:1].isalnum():
        return f"{left}{right}"
    return f"{left} {right}"
