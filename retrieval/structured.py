"""Answers composed from structured records (the register's tasks, the relations between documents) instead of
search hits, and the masked form of a question these answers are matched on.

A question is masked before it is compared with the few forms such answers accept: document references become
``xdocx`` (with the type words and date around them), dates and periods ``xkyx``, abbreviations are written out,
diacritics, case and punctuation go. "Sở Y tế có những nhiệm vụ gì theo KH 78?" becomes
"so y te co nhung nhiem vu gi theo xdocx"; a form either matches the whole of it or the question is not one of
these.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .agency_names import written_out
from .answer import Answer, Citation, make_citation, render_reply
from .catalog import TYPE_WORDS, DocumentReference, find_references
from .deadlines import (
    DateRange,
    PeriodSpan,
    add_months,
    find_periods,
    month_range,
    quarter_of,
    quarter_range,
    year_range,
)
from .models import DocumentMeta
from .question import normalise_question
from .vietnamese import DOC_NUMBER_RE, ascii_fold, parse_doc_number

DOC = "xdocx"
PERIOD = "xkyx"
_TYPES = "|".join(re.escape(w) for w in sorted([*TYPE_WORDS, "van ban"], key=len, reverse=True))
_AROUND_DOC = re.compile(
    rf"(?:(?:{_TYPES})\s+)?(?:so\s+)?{DOC}"
    r"(?:\s*,?\s*ngay\s+\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\s*,?\s*ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4})?"
)
_RELATIVE = re.compile(r"(?<!\w)(thang|quy|nam)\s+(nay|sau|toi)(?!\w)")


@dataclass
class MaskedQuestion:
    text: str  # as asked, normalised
    masked: str
    references: list[DocumentReference]
    periods: list[PeriodSpan]


def mask_question(text: str, today: dt.date) -> MaskedQuestion:
    text = normalise_question(text)
    references: list[DocumentReference] = []
    pieces, position = [], 0
    for m in DOC_NUMBER_RE.finditer(text):
        number = parse_doc_number(m.group(0))
        pieces += [text[position : m.start()], f" {DOC} "]
        references.append(DocumentReference(m.group(0), number, frozenset(), number.serial if number else None))
        position = m.end()
    pieces.append(text[position:])
    folded = ascii_fold(written_out("".join(pieces)))
    for start, end, reference in reversed(find_references(folded)):
        folded = f"{folded[:start]} {DOC} {folded[end:]}"
        references.append(reference)
    folded = _AROUND_DOC.sub(DOC, re.sub(r"\s+", " ", folded))
    periods: list[PeriodSpan] = []
    folded = _RELATIVE.sub(lambda m: _relative(m, today, periods), folded)
    for span in reversed(find_periods(folded)):
        folded = f"{folded[: span.begin]} {PERIOD} {folded[span.end :]}"
        periods.insert(0, span)
    masked = re.sub(r"\s+", " ", re.sub(r"[^\w&]+", " ", folded)).strip()
    return MaskedQuestion(text, masked, references, periods)


def _relative(m: re.Match[str], today: dt.date, periods: list[PeriodSpan]) -> str:
    """ "tháng này", "quý sau", "năm tới" → the period, by the clock."""
    unit, which = m.group(1), m.group(2)
    step = 0 if which == "nay" else 1
    if unit == "thang":
        first = add_months(today, step)
        span = month_range(first.year, first.month)
    elif unit == "quy":
        first = add_months(quarter_range(today.year, quarter_of(today)).start, 3 * step)
        span = quarter_range(first.year, quarter_of(first))
    else:
        span = year_range(today.year + step)
    periods.append(PeriodSpan(m.start(), m.end(), span.start, span.end, False))
    return f" {PERIOD} "


def closed_period(span: PeriodSpan) -> DateRange | None:
    return DateRange(span.first, span.last) if span.first and span.last else None


# ---------------------------------------------------------------- answers


def passage_citation(meta: DocumentMeta, path: list[str], label: str, quote: str) -> Citation:
    """A citation of one verbatim passage of a document (the caller has checked it against the source)."""
    return make_citation(meta, path, label, quote)


def structured_answer(question: str, intent: str, direct: str, citations: list[Citation], found: bool = True) -> Answer:
    return Answer(
        question=question,
        found=found,
        intent=intent,
        direct=direct,
        answer=render_reply(direct, citations),
        citations=citations,
    )


def shorten(text: str, limit: int) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + "…"


def summary(text: str, limit: int) -> str:
    """A task as a list shows it: shortened at a word, first letter capital ("chỉ đạo …" after "Ban X" is cut off)."""
    short = shorten(text, limit)
    return short[:1].upper() + short[1:]
