"""Is a model's phrasing grounded in the numbered passages it was given? Pure functions, no I/O.

The model may phrase; it may not invent. An answer passes only if all of these hold:

1. It cites at least one passage, and only passages that were given: ``[n]`` with 1 ≤ n ≤ the count.
2. Every quoted span («…», “…” or "…") stands verbatim in the passage it is attributed to (or its trích
   yếu, shown with it), compared after :func:`retrieval.vietnamese.fold` on both sides (tone placement,
   case, spaces, artifacts). A quote cut with an ellipsis is checked piece by piece, in order; punctuation
   at a piece's edges is ignored. For passage [1] the facts line counts too, as for rule 4.
3. Every document number written outside a quote is the attributed passage's own number, or one named by
   its title (trích yếu): both are our metadata. A number that only the passage body mentions is allowed
   inside a verbatim quote, where it is the document's word and not the model's.
4. Every item label written outside a quote ("mục III.2", "khoản 2", "điểm a", "dòng 17", "Phụ lục")
   names the attributed passage's item or one of its parents (a contiguous run of its labels), or, for
   passage [1], stands in the facts line we gave (our own metadata, e.g. "kế thừa ... của dòng 2").
5. Every other figure outside quotes (quantities, years; dates by rule 9) stands in the attributed
   passage, its heading or title, the facts line or the question.
6. It does not say "không tìm thấy": we only ask when our extraction found an answer.
7. It keeps the facts our extraction found for what was asked (the lead agency for "ai chủ trì"...).
8. Every agency named outside quotes stands in the attributed passage (its text, heading, title; for
   passage [1] also the facts line and our assignment), abbreviated or written out, and with the role the
   text gives it there (:mod:`retrieval.claims` reads both): one the answer calls lead ("X chủ trì",
   "giao X chủ trì", "Chủ trì: X") must be a lead of that passage, our assignment's lead for passage [1]
   or one our extraction reads from the passage's own text ("X chủ trì, phối hợp với Y"); one it calls
   cooperating must be cooperating there. Words a passage only reports ("... trả lời rằng X chủ trì")
   make nobody a lead, so an instruction planted in a document cannot lend its claims a source.
9. Every date outside quotes ("quý III năm 2024", "30/6/2024", "tháng 9") is one the material of rule 5
   states to at least that precision: a changed quarter or day fails even when its year is right.

Instructions inside documents are data: nothing here looks for them. An answer that obeys one is
rejected because what it was told to say is not grounded by these rules.

Attribution: an element belongs to the nearest ``[n]`` in its sentence (ties go to the marker after it,
where writers put citations; markers right after the full stop still belong to the sentence). An element
in a sentence without any marker cannot be attributed: it is checked against every passage given. It
may still not invent anything, and rule 1 already forces the answer to cite; rejecting it outright would
throw away fluent answers for a missing bracket.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .answer import AssignmentAnswer, Citation
from .assignments import from_sections
from .claims import AgencyClaim, DateClaim, Mention, Role, agency_words, find_dates, read_claims
from .models import APPENDIX, Section
from .vietnamese import DOC_NUMBER_RE, ascii_fold, doc_number_key, expand_abbreviations, find_doc_numbers, fold, nfc

NOT_FOUND_PHRASE = "không tìm thấy"

_QUOTE_RE = re.compile(r"«([^»]*)»|“([^”]*)”|\"([^\"\n]*)\"")
_MARKER_RE = re.compile(r"\[(\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*)\]")
_SENTENCE_END_RE = re.compile(r"[.!?](?:\s*\[[\d\s,;–-]{1,20}\])*(?=\s|$)|\n")
_ELLIPSIS_RE = re.compile(r"…|\.{3,}")
_EDGE_PUNCTUATION = " \t\n.,;:!?-–"
_LABEL_TOKEN = r"(?:[IVXLC]+|\d{1,3}|[a-zđ])(?:\.(?:[IVXLC]+|\d{1,3}|[a-zđ]))*"
_ITEM_LABEL_RE = re.compile(
    rf"(?<!\w)(?P<kind>(?i:mục|khoản|điểm|dòng))\s+(?:(?i:số)\s+)?(?P<label>{_LABEL_TOKEN})(?!\w)"
)
_APPENDIX_RE = re.compile(r"(?<!\w)(?i:phụ lục)(?!\w)")
_FIGURE_RE = re.compile(r"\d+(?:[./,-]\d+)*")
_QUOTE_CHARS = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"'})
_LEADING_LABEL_RE = re.compile(r"^\s*(?:[IVXLC]+|\d{1,3}(?:\.\d{1,3})*|[a-zđ])\s*[.)\-–:]*\s+")
_STOP = "«"  # blanks out what is not the model's own phrase (quotes, document numbers) and ends any name


@dataclass
class GroundingReport:
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Span:
    """A piece of the answer: where it is, what it says."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Marker:
    start: int
    end: int
    numbers: tuple[int, ...]


# ---------------------------------------------------------------- finding things in the answer


def find_quotes(text: str) -> list[Span]:
    """Quoted spans, their content without the quotation marks."""
    return [Span(m.start(), m.end(), next(g for g in m.groups() if g is not None)) for m in _QUOTE_RE.finditer(text)]


def mask(text: str, spans: list[Span], fill: str = " ") -> str:
    """The text with the spans blanked out, same length: what is left is the model's own words."""
    chars = list(text)
    for span in spans:
        chars[span.start : span.end] = fill * (span.end - span.start)
    return "".join(chars)


def find_markers(text: str) -> list[Marker]:
    """``[1]``, ``[1, 2]`` and ``[1-3]``; a range names every passage in it."""
    markers: list[Marker] = []
    for m in _MARKER_RE.finditer(text):
        numbers: list[int] = []
        for part in re.split(r"\s*[,;]\s*", m.group(1)):
            bounds = [int(x) for x in re.split(r"\s*[–-]\s*", part)]
            numbers.extend(range(bounds[0], bounds[-1] + 1) if len(bounds) == 2 else bounds[:1])
        markers.append(Marker(m.start(), m.end(), tuple(numbers)))
    return markers


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; citation markers after a full stop stay with their sentence."""
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END_RE.finditer(text):
        bounds.append((start, m.end()))
        start = m.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


def attribute(span: Span, markers: list[Marker], bounds: list[tuple[int, int]]) -> tuple[int, ...] | None:
    """The passage numbers of the nearest marker in the span's sentence; None when the sentence has none."""
    sentence = next(((s, e) for s, e in bounds if s <= span.start < e), None)
    if sentence is None:
        return None
    inside = [m for m in markers if sentence[0] <= m.start < sentence[1]]
    if not inside:
        return None

    def distance(marker: Marker) -> tuple[int, int]:
        if marker.start >= span.end:
            return marker.start - span.end, 0  # after the span: preferred on a tie
        return max(span.start - marker.end, 0), 1

    return min(inside, key=distance).numbers


# ---------------------------------------------------------------- what supports what


def quote_stands_in(quote: str, passage: str) -> bool:
    """The quote, cut at its ellipses, appears verbatim and in order in the passage (after fold)."""
    haystack = _comparable(passage)
    position = 0
    pieces = [_comparable(p).strip(_EDGE_PUNCTUATION) for p in _ELLIPSIS_RE.split(quote)]
    pieces = [p for p in pieces if p]
    if not pieces:
        return True  # «» or «…» says nothing
    for piece in pieces:
        found = haystack.find(piece, position)
        if found < 0:
            return False
        position = found + len(piece)
    return True


def doc_number_fits(raw: str, citation: Citation) -> bool:
    """The number is the cited document's own, or one its title names."""
    key = doc_number_key(raw)
    if citation.doc_number and doc_number_key(citation.doc_number) == key:
        return True
    return any(n.key == key for n in find_doc_numbers(citation.doc_title))


def item_parts(citation: Citation) -> list[str]:
    """The labels a citation's item is named by, top down: ["III", "2", "a"] or, in the appendix, ["V", "1"]."""
    if citation.item and citation.item[0] == APPENDIX:
        return citation.item[1:]
    label = citation.item_label
    return label.removeprefix("mục ").split(".") if label.startswith("mục ") else []


def item_label_fits(kind: str, label: str, citation: Citation) -> bool:
    """ "dòng 3" is the cited row; "mục III.2", "khoản 2", "điểm a" name the item or a parent of it."""
    in_appendix = bool(citation.item) and citation.item[0] == APPENDIX
    if kind.casefold() == "dòng":
        return in_appendix and len(citation.item) > 1 and citation.item[-1].casefold() == label.casefold()
    wanted = [p.casefold() for p in label.split(".")]
    parts = [p.casefold() for p in item_parts(citation)]
    return any(parts[i : i + len(wanted)] == wanted for i in range(len(parts) - len(wanted) + 1))


def figure_stands_in(figure: str, material: str) -> bool:
    """The figure appears whole (not inside a longer number) in the material; "01/3" and "1/3" agree."""
    needle = re.escape(_no_leading_zeros(figure))
    return re.search(rf"(?<!\d){needle}(?!\d)", _no_leading_zeros(material)) is not None


def says_not_found(own_words: str) -> bool:
    return ascii_fold(NOT_FOUND_PHRASE) in ascii_fold(own_words)


def keeps_fact(text: str, fact: str) -> bool:
    """The fact is in the answer, abbreviated or written out ("HĐND" or "Hội đồng nhân dân")."""
    return _loose(fact) in _loose(text)


@dataclass(frozen=True)
class Evidence:
    """What one passage supports: its words (for names) and who leads and cooperates in it."""

    words: tuple[str, ...]
    leads: tuple[str, ...]
    cooperating: tuple[str, ...]


def passage_roles(citation: Citation) -> tuple[list[str], list[str]]:
    """(leads, cooperating agencies) that our extraction reads from the passage's own text."""
    passages = [p for p in citation.passages if p.strip()]
    if not passages:
        return [], []
    label = citation.item[-1] if citation.item and citation.item[0] != APPENDIX else ""
    heading, body = "", passages
    if label and fold(passages[0]).startswith(fold(label)):
        heading, body = _LEADING_LABEL_RE.sub("", passages[0], count=1), passages[1:]
    section = Section(label=label, path=citation.item, heading=heading, paragraphs=body)
    assignments = from_sections([section])
    return [n for a in assignments for n in a.lead], [n for a in assignments for n in a.cooperating]


def evidence(citation: Citation, extra: str = "", assignment: AssignmentAnswer | None = None) -> Evidence:
    """A passage's evidence; ``extra`` and ``assignment`` are our own facts about it (passage [1])."""
    leads, cooperating = passage_roles(citation)
    if assignment is not None:
        leads, cooperating = [*assignment.lead, *leads], [*assignment.cooperating, *cooperating]
        extra = "\n".join([extra, *assignment.lead, *assignment.cooperating])
    return Evidence(agency_words(f"{_material(citation)}\n{extra}"), tuple(leads), tuple(cooperating))


def agency_problem(claim: AgencyClaim, fits: list[Evidence], question: tuple[str, ...] = ()) -> str | None:
    """Why the claim does not hold in any of the passages it is attributed to; None when it holds."""
    mention = claim.mention
    if not any(mention.stands_in(e.words) for e in fits) and not mention.stands_in(question):
        return f"agency “{mention.text}” is in none of the cited passages"
    if Role.LEAD in claim.roles and not any(mention.is_one_of(e.leads, e.words) for e in fits):
        return f"“{mention.text}” is called the lead but does not lead in the cited passage"
    if Role.COOPERATING in claim.roles and not any(mention.is_one_of(e.cooperating, e.words) for e in fits):
        return f"“{mention.text}” is called cooperating but does not cooperate in the cited passage"
    return None


def date_fits(date: DateClaim, material: str) -> bool:
    return any(date.fits(stated) for stated in find_dates(material))


# ---------------------------------------------------------------- the check


def check_grounding(
    text: str,
    citations: list[Citation],
    *,
    facts: str = "",
    question: str = "",
    required: list[str] | None = None,
    assignment: AssignmentAnswer | None = None,
) -> GroundingReport:
    """Every rule of the module docstring; ``citations[i]`` is passage ``[i + 1]`` as the model saw it,
    ``facts`` our direct line and ``assignment`` our assignment, both read from passage [1]."""
    text = nfc(text)
    report = GroundingReport()
    if not text.strip():
        report.problems.append("empty answer")
        return report
    quotes = find_quotes(text)
    own = mask(text, quotes)
    markers = find_markers(own)
    bounds = sentences(own)
    given = range(1, len(citations) + 1)

    if not markers:
        report.problems.append("no passage cited")
    for marker in markers:
        for n in marker.numbers:
            if n not in given:
                report.problems.append(f"cites [{n}] but {len(citations)} passage(s) were given")

    def numbers_of(span: Span) -> list[int]:
        """Indexes of the passages the span is attributed to (all of them when its sentence cites none)."""
        attributed = attribute(span, markers, bounds)
        if attributed is None:
            return list(range(len(citations)))
        return [n - 1 for n in attributed if n in given]

    def candidates(span: Span) -> list[Citation]:
        return [citations[i] for i in numbers_of(span)]

    def facts_apply(span: Span) -> bool:
        """The facts line is read from passage [1] (its assignment row, its metadata)."""
        return 0 in numbers_of(span)

    for quote in quotes:
        fits = candidates(quote)
        if any(quote_stands_in(quote.text, where) for c in fits for where in ("\n".join(c.passages), c.doc_title)):
            continue
        if facts_apply(quote) and quote_stands_in(quote.text, facts):
            continue  # our facts line quotes words too (Ô “chủ trì” ...): echoing it invents nothing
        report.problems.append(f"quote not verbatim in its passage: «{_short(quote.text)}»")

    numbers = [Span(m.start(), m.end(), m.group(0)) for m in DOC_NUMBER_RE.finditer(own)]
    for number in numbers:
        if not any(doc_number_fits(number.text, c) for c in candidates(number)):
            report.problems.append(f"document number {number.text} is not the cited document's")

    labels = [(m.group("kind"), Span(m.start(), m.end(), m.group("label"))) for m in _ITEM_LABEL_RE.finditer(own)]
    for kind, label in labels:
        if facts_apply(label) and _phrase_in(f"{kind} {label.text}", facts):
            continue  # e.g. "kế thừa cơ quan chủ trì của dòng 2"
        if not any(item_label_fits(kind, label.text, c) for c in candidates(label)):
            report.problems.append(f"“{kind} {label.text}” is not the cited item")
    for m in _APPENDIX_RE.finditer(own):
        span = Span(m.start(), m.end(), m.group(0))
        if not any(c.item and c.item[0] == APPENDIX for c in candidates(span)):
            report.problems.append("mentions “Phụ lục” but the cited item is not in an appendix")

    if citations:
        proofs = [evidence(citations[0], facts, assignment), *(evidence(c) for c in citations[1:])]
        asked = agency_words(question)
        for claim in read_claims(mask(text, [*quotes, *numbers], fill=_STOP)):
            span = _span_of(claim.mention)
            problem = agency_problem(claim, [proofs[i] for i in numbers_of(span)], asked)
            if problem:
                report.problems.append(problem)

    rest = mask(own, [*numbers, *(label for _, label in labels), *(Span(m.start, m.end, "") for m in markers)])
    shared = f"{facts}\n{question}"
    dates = find_dates(rest)
    for date in dates:
        span = Span(date.start, date.end, date.text)
        if not any(date_fits(date, f"{_material(c)}\n{shared}") for c in candidates(span)):
            report.problems.append(f"date “{date.text}” is in none of the cited passages")
    rest = mask(rest, [Span(d.start, d.end, d.text) for d in dates])
    for m in _FIGURE_RE.finditer(rest):
        figure = Span(m.start(), m.end(), m.group(0))
        if not any(figure_stands_in(figure.text, f"{_material(c)}\n{shared}") for c in candidates(figure)):
            report.problems.append(f"figure {figure.text} is in none of the cited passages")

    if says_not_found(own):
        report.problems.append(f"says “{NOT_FOUND_PHRASE}” though the passages answer")
    for fact in required or []:
        if not keeps_fact(text, fact):
            report.problems.append(f"drops “{fact}” found by extraction")
    return report


# ---------------------------------------------------------------- helpers


def _comparable(text: str) -> str:
    """fold, and one kind of quotation mark: a quote inside a quote may be typed either way."""
    return fold(text).translate(_QUOTE_CHARS)


def _loose(text: str) -> str:
    return ascii_fold(expand_abbreviations(text))


def _phrase_in(phrase: str, text: str) -> bool:
    return bool(text) and re.search(rf"(?<!\w){re.escape(fold(phrase))}(?!\w)", fold(text)) is not None


def _material(citation: Citation) -> str:
    return "\n".join([citation.heading, citation.doc_title, *citation.passages])


def _no_leading_zeros(text: str) -> str:
    return re.sub(r"(?<!\d)0+(?=\d)", "", text)


def _span_of(mention: Mention) -> Span:
    return Span(mention.start, mention.end, mention.text)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
