"""Does a candidate answer answer this question? Checked against what the question pinned down.

A passage can repeat most of a question's words and still answer another question: about Tuyên Quang when
Hồ Chí Minh City was asked, about 2025 when 2024 was asked, about Sở Y tế when the question gives a task to Công
an tỉnh. Each such disagreement is read from the question's constraints (question.Constraints), the agencies it
names as the ones given the task, and the candidate's passage with the headings above it and its document's
metadata, and an amount asked for ("bao nhiêu tiền") that the passage prints no number of; a disagreement the
candidate cannot explain declines it. Coverage (the IDF-weighted share of the
question's words the candidate holds) must also reach a threshold chosen by cross-validation over all question
sets (bench/calibrate.py), recorded with its margins in docs/benchmarks.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .agencies import agency_key, is_generic_agency
from .models import Document
from .quantities import states_quantity
from .question import Intent, Question, agencies_in
from .vietnamese import DOC_NUMBER_RE, ascii_fold, expand_abbreviations, fold

# Chosen by bench/calibrate.py (leave-one-set-out cross-validation over dev, dev-external, the rewordings and
# the held-out sets); see docs/benchmarks.md for the margins.
MIN_COVERAGE = 0.31

# "giao Công an tỉnh …", "Công an tỉnh được giao …", "Sở Y tế phải làm gì": the agency given the task
_ASKS_OTHERS = re.compile(r"^(?:\s+\S+){0,3}?\s+(?:de nghi|yeu cau|giao|chi dao|dang ky)\b")
_BEFORE_ASSIGNEE = re.compile(r"(?:giao(?: cho)?|de nghi|yeu cau|phan cong)\s+$")
_AFTER_ASSIGNEE = re.compile(
    r"^\s*(?:\([^)]*\)\s*)?(?:duoc giao|duoc phan cong|phai|co nhiem vu|co trach nhiem|chiu trach nhiem|lam gi|"
    r"lam nhung|thuc hien nhung|duoc yeu cau|can lam|co nhung nhiem vu)"
)


@dataclass(frozen=True)
class Disagreement:
    kind: str  # "province", "year", "agency", "quantity"
    detail: str


class AgencyNames:
    """The agency names the corpus itself uses (its lead columns, "X chủ trì" subjects, headings), to read them in
    questions typed without marks or capitals ("cong an tinh duoc giao gi")."""

    def __init__(self, documents: dict[str, Document]) -> None:
        names: dict[str, str] = {}
        for doc in documents.values():
            for a in doc.assignments:
                for name in (*a.lead, *a.cooperating):
                    key = ascii_fold(expand_abbreviations(name))
                    if 5 < len(key) <= 80 and len(key.split()) >= 2 and not is_generic_agency(name):
                        names.setdefault(key, name)
        self._names = names
        self._pattern = (
            re.compile(r"(?<!\w)(" + "|".join(re.escape(k) for k in sorted(names, key=len, reverse=True)) + r")(?!\w)")
            if names
            else None
        )

    def in_question(self, question: Question) -> list[tuple[int, str]]:
        """(position in the folded question, name) of every agency the question names, typed or from the corpus."""
        expanded = ascii_fold(expand_abbreviations(question.text))
        found: list[tuple[int, str]] = []
        for name in agencies_in(question.text):
            at = expanded.find(ascii_fold(expand_abbreviations(name)))
            if at >= 0:
                found.append((at, name))
        if self._pattern is not None:
            for m in self._pattern.finditer(expanded):
                if not any(a <= m.start() < a + len(ascii_fold(expand_abbreviations(n))) for a, n in found):
                    found.append((m.start(), self._names[m.group(1)]))
        return sorted(found)

    def assignees(self, question: Question) -> list[str]:
        """The agencies the question gives the task to: the ones right after "giao" or right before "được giao /
        phải / có nhiệm vụ"; for "what must X do?" without those words, the first agency it names (the issuer
        of "KH của Sở Công Thương giao Công an tỉnh nhiệm vụ gì" is not the one asked about)."""
        named = self.in_question(question)
        if not named:
            return []
        expanded = ascii_fold(expand_abbreviations(question.text))
        out = []
        for at, name in named:
            end = at + len(ascii_fold(expand_abbreviations(name)))
            if _BEFORE_ASSIGNEE.search(expanded[:at]) or _AFTER_ASSIGNEE.match(expanded[end:]):
                out.append(name)
        if not out and question.intent == Intent.AGENCY_TASKS:
            # "… theo hướng dẫn của Sở X": an agency after "của" issued the document, the task is someone else's
            doers = [name for at, name in named if not expanded[:at].rstrip().endswith(" cua")]
            return doers[:1]
        if not out and question.intent == Intent.COOPERATING:
            # "Sở X … phối hợp với ai?", "Về việc Y, Sở X phối hợp với ai?": X, the subject opening a clause, leads;
            # not an agency inside the task ("lấy ý kiến MTTQ"), nor one that asks others ("Sở X đề nghị ai cùng …")
            at, name = named[0]
            end = at + len(ascii_fold(expand_abbreviations(name)))
            opens = not expanded[:at].strip() or expanded[:at].rstrip()[-1] in ",:;"
            return [name] if opens and not _ASKS_OTHERS.match(expanded[end:]) else []
        return out


def disagreements(question: Question, doc: Document, passage: str, assignees: list[str] | None = None) -> list[Disagreement]:
    """What the candidate contradicts: a province, a year or an agency given the task that the question names and
    neither the passage (with its headings) nor its document's metadata speaks of."""
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
        if not _year_in(year, everything) and not (doc.meta.date and doc.meta.date.year == year):
            found.append(Disagreement("year", str(year)))
    for agency in assignees or []:
        if not _named_in(agency, everything):
            found.append(Disagreement("agency", agency))
    if question.intent not in _NO_AMOUNT_ASKED and not states_quantity(passage, c.quantities):
        found.append(Disagreement("quantity", ", ".join(q.measure for q in c.quantities)))
    return found


# "số mấy" of a document, a list of tasks: no amount is read from the passage
_NO_AMOUNT_ASKED = frozenset({Intent.DOC_LOOKUP, Intent.AGENCY_TASKS, Intent.DOC_LIST, Intent.DOC_COUNT})


def speaks_of_other_years(question: Question, passage: str) -> bool:
    """The passage itself (with its headings) speaks of years, none of them one the question asks about
    ("Định hướng đến năm 2030" for "chỉ tiêu năm 2025"); a passage that names no year does not."""
    text = fold(passage)
    plain = _LAW_NAME_YEAR.sub(" ", DOC_NUMBER_RE.sub(" ", text))
    spoken = {int(y) for y in re.findall(r"(?<![\d.,/])((?:19|20)\d\d)(?![\d/])", plain)}
    return bool(spoken) and not any(_year_in(year, text) for year in question.constraints.years)


# "Luật Địa chất và khoáng sản năm 2024", "Hiến pháp năm 2013": the year names the law, it is no time spoken of
_LAW_NAME_YEAR = re.compile(r"(?<!\w)(?:luật|hiến pháp|bộ luật)(?:\s+[^\s,;.()]+){0,8}?\s+năm\s+(?:19|20)\d\d(?!\d)")


def _year_in(year: int, text: str) -> bool:
    """The year as a time the text speaks of ("năm 2024", "30/6/2024", "2021-2025"), not inside a document's
    number ("Luật số 54/2024/QH15")."""
    text = DOC_NUMBER_RE.sub(" ", text)
    text = re.sub(r"\d{1,5}/(?:19|20)\d\d/[a-zđ]\w*", " ", text)
    text = _LAW_NAME_YEAR.sub(" ", text)
    return re.search(rf"(?<![\d.,]){year}(?![\d/])", text) is not None


def _named_in(agency: str, text: str) -> bool:
    """The agency as typed, or its distinctive part ("Sở Tư pháp" → "tư pháp"), stands in the text; compared
    without marks, as users mix typing with and without them ("UBND tinh")."""
    key = agency_key(agency)
    bare = agency_key(text)
    if re.search(rf"(?<!\w){re.escape(key)}(?!\w)", bare):
        return True
    words = key.split()
    return len(words) >= 3 and re.search(rf"(?<!\w){re.escape(' '.join(words[1:]))}(?!\w)", bare) is not None
