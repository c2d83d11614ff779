"""Does a candidate answer answer this question? Checked against what the question pinned down.

A passage can repeat most of a question's words and still answer another question: about Tuyên Quang when
Bắc Giang was asked, about 2025 when 2024 was asked, about Sở Y tế when Sở Xây dựng was named. Each such
disagreement is read from the question's constraints (question.Constraints) and the candidate's document and
passage; a disagreement the passage cannot explain declines the candidate. What the corpus does not speak of at
all (a word pair of the question found in no passage of the corpus) counts against its coverage, as every
absent word does; the threshold on coverage is chosen by cross-validation over all question sets
(bench/calibrate.py) and recorded with its margins in docs/benchmarks.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Document
from .question import Intent, Question
from .vietnamese import ascii_fold, expand_abbreviations, fold

# Chosen by bench/calibrate.py (leave-one-set-out cross-validation over dev, dev-external, the rewordings and
# the held-out sets); see docs/benchmarks.md for the margins.
MIN_COVERAGE = 0.45


@dataclass(frozen=True)
class Disagreement:
    kind: str  # "province", "year", "agency", "type"
    detail: str


def disagreements(question: Question, doc: Document, passage: str) -> list[Disagreement]:
    """What the candidate contradicts: a province, a year or an agency the question names and neither the passage
    nor its document's metadata speaks of."""
    found: list[Disagreement] = []
    c = question.constraints
    text = fold(expand_abbreviations(passage))
    meta_text = fold(expand_abbreviations(f"{doc.meta.title} {doc.meta.issuer} {doc.meta.province or ''}"))
    everything = f"{text} {meta_text}"
    for province in c.provinces:
        key = fold(province)
        if doc.meta.province and fold(doc.meta.province) != key and key not in text:
            found.append(Disagreement("province", province))
    for year in c.years:
        if str(year) not in everything and not (doc.meta.date and doc.meta.date.year == year):
            found.append(Disagreement("year", str(year)))
    if question.intent == Intent.AGENCY_TASKS:
        # "what must X do?": an answer about another agency's tasks is no answer (in who-questions the agencies
        # named are the task's context, not a constraint)
        for agency in c.agencies:
            if not _named_in(agency, everything):
                found.append(Disagreement("agency", agency))
    return found


def _named_in(agency: str, text: str) -> bool:
    """The agency as typed, or its distinctive part ("Sở Tư pháp" → "tư pháp"), stands in the text; compared
    without marks, as users mix typing with and without them ("UBND tinh")."""
    key = ascii_fold(expand_abbreviations(agency))
    bare = ascii_fold(text)
    if re.search(rf"(?<!\w){re.escape(key)}(?!\w)", bare):
        return True
    words = key.split()
    return len(words) >= 3 and re.search(rf"(?<!\w){re.escape(' '.join(words[1:]))}(?!\w)", bare) is not None
