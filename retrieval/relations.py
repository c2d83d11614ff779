"""Links between documents: what each one implements ("thực hiện", "triển khai", "cụ thể hóa"), is based on
("căn cứ") or cites, read from its title (trích yếu) and opening sentences.

"Chương trình hành động ... thực hiện Nghị quyết số 43-NQ/TW ..." → 55-CTr/TU implements 43-NQ/TW;
"Thực hiện Kế hoạch số 450-KH/TU ngày 01/3/2024 của Ban Thường vụ Tỉnh ủy về ..." → 78/KH-UBND implements 450-KH/TU.
The clause is read as officials write it: the numbers right after the verb are the documents implemented, a list
continues after ",", "và" or ";"; what follows a cited document's "về ..." (its subject) or a second verb ("... của
Tỉnh ủy thực hiện Kết luận 21") describes that document and is only cited. A number is resolved to the corpus
document with that number, date and (for a local number) province; otherwise it is kept as printed: the corpus
only cites that document.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from .catalog import Catalog, DocumentReference
from .models import Document, DocumentMeta
from .quotes import QuoteChecker
from .vietnamese import DOC_NUMBER_RE, DocNumber, doc_number_key, find_doc_numbers, fold, nfc, parse_date
from .vocabulary import type_for_code, type_names

log = logging.getLogger(__name__)
MAX_OPENING_PARAGRAPHS = 12  # a Quyết định's "Căn cứ ..." lines; the body starts after them


class RelationKind(StrEnum):
    IMPLEMENTS = "implements"  # thực hiện, triển khai, cụ thể hóa
    BASED_ON = "based_on"  # căn cứ
    CITES = "cites"  # named in the title or opening, in another role


_STRENGTH = {RelationKind.IMPLEMENTS: 2, RelationKind.BASED_ON: 1, RelationKind.CITES: 0}
KIND_LABELS = {
    RelationKind.IMPLEMENTS: "Thực hiện",
    RelationKind.BASED_ON: "Căn cứ",
    RelationKind.CITES: "Có nhắc tới",
}


@dataclass(frozen=True)
class Relation:
    source_id: str  # the document that states the relation
    kind: RelationKind
    number: str  # the other document's number as printed (without stray spaces)
    cited_as: str  # "Nghị quyết số 43-NQ/TW ngày 24/11/2023", as the text names it
    doc_type: str | None  # "Nghị quyết"
    cited_date: dt.date | None
    target_id: str | None  # the corpus document with that number; None: the corpus only cites it
    evidence: str  # the passage stating it, verbatim when `verbatim`
    part: Literal["title", "opening"]
    verbatim: bool

    @property
    def key(self) -> str:
        return doc_number_key(self.number)


@dataclass(frozen=True)
class DocumentLinks:
    """One document's links: what it implements, is based on, cites; and the corpus documents implementing it."""

    implements: list[Relation]
    based_on: list[Relation]
    cites: list[Relation]
    implemented_by: list[Relation]


class Relations:
    def __init__(self, relations: Iterable[Relation], catalog: Catalog) -> None:
        self.all = list(relations)
        self.catalog = catalog
        self._by_source: dict[str, list[Relation]] = {}
        self._by_target: dict[str, list[Relation]] = {}
        for r in self.all:
            self._by_source.setdefault(r.source_id, []).append(r)
            if r.target_id:
                self._by_target.setdefault(r.target_id, []).append(r)

    @classmethod
    def build(cls, documents: Iterable[Document], checker: QuoteChecker | None = None) -> Relations:
        catalog = Catalog(documents)
        found: list[Relation] = []
        for doc in catalog.documents:
            try:
                found += document_relations(doc, catalog, checker)
            except Exception:  # one odd document's links are left out, not everyone's
                log.exception("relations: the links of %s are left out", doc.meta.id)
        return cls(found, catalog)

    def of(self, doc_id: str, kinds: Iterable[RelationKind] = tuple(RelationKind)) -> list[Relation]:
        """What a document implements, is based on, cites."""
        wanted = set(kinds)
        return [r for r in self._by_source.get(doc_id, []) if r.kind in wanted]

    def implemented_by(self, doc_id: str, kind: RelationKind = RelationKind.IMPLEMENTS) -> list[Relation]:
        """The corpus documents that implement (or are based on) this one."""
        return [r for r in self._by_target.get(doc_id, []) if r.kind == kind]

    def links(self, doc_id: str) -> DocumentLinks:
        return DocumentLinks(
            implements=self.of(doc_id, [RelationKind.IMPLEMENTS]),
            based_on=self.of(doc_id, [RelationKind.BASED_ON]),
            cites=self.of(doc_id, [RelationKind.CITES]),
            implemented_by=self.implemented_by(doc_id),
        )

    def name_of(self, relation: Relation) -> str:
        """The other document as a reader names it: its citation name if held, else as cited, "(không có trong kho)"."""
        doc = self.catalog.get(relation.target_id) if relation.target_id else None
        return doc.meta.display_name if doc is not None else f"{relation.cited_as} (không có trong kho)"

    def source_name(self, relation: Relation) -> str:
        doc = self.catalog.get(relation.source_id)
        return doc.meta.display_name if doc is not None else relation.source_id

    def naming(self, reference: DocumentReference, kind: RelationKind = RelationKind.IMPLEMENTS) -> list[Relation]:
        """Relations of a kind whose other document fits a reference ("Nghị quyết 43", "43-NQ/TW"), whether
        the corpus holds that document or only cites it."""
        return [r for r in self.all if r.kind == kind and reference.matches(r.number)]


# ---------------------------------------------------------------- reading one document

_VERB = r"(?:tiếp tục\s+)?(?:triển khai\s+thực hiện|thực hiện|triển khai|cụ thể hóa|cụ thể hoá|căn cứ)"
_VERB_RE = re.compile(rf"(?<!\w){_VERB}(?!\w)", re.IGNORECASE)
_OPENING_VERB_RE = re.compile(rf"^\W*{_VERB}(?!\w)", re.IGNORECASE)
_SUBJECT_RE = re.compile(r"(?<!\w)về(?!\w)", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ])")
_TYPE_BEFORE = re.compile(r"(" + "|".join(re.escape(t) for t in type_names()) + r")\s+(?:số\s+)?$", re.IGNORECASE)
# after ";" a list goes on only with the next document named first: "; Hướng dẫn số 21-HD/BTCTW" (not "; ngày
# 01/3/2017, Ban Thường vụ ban hành Công văn số 624-CV/TU", which tells what happened)
_LIST_ITEM = re.compile(
    r"^[\s,]*(?:và\s+)?(?:(?:" + "|".join(re.escape(t) for t in type_names()) + r")\s+)?(?:số\s+)?$", re.IGNORECASE
)
_DATE_AFTER = re.compile(r"\s*(?:,\s*)?(ngày\s+\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4})",
                         re.IGNORECASE)  # fmt: skip


@dataclass(frozen=True)
class _Found:
    kind: RelationKind
    number: DocNumber
    cited_as: str
    cited_date: dt.date | None
    sentence: str


def document_relations(doc: Document, catalog: Catalog, checker: QuoteChecker | None = None) -> list[Relation]:
    """One relation per other document named in the title or opening, of the strongest kind it is named in."""
    own = doc_number_key(doc.meta.number) if doc.meta.number else None
    best: dict[str, tuple[_Found, Literal["title", "opening"]]] = {}
    for part, passage in _passages(doc):
        for sentence in _SENTENCE_END.split(passage):
            for found in read_clause(sentence, title=part == "title"):
                key = found.number.key
                if key == own:
                    continue
                held = best.get(key)
                if held is None or _STRENGTH[found.kind] > _STRENGTH[held[0].kind]:
                    best[key] = (found, part)
    out = []
    for found, part in best.values():
        evidence, verbatim = _evidence(found, doc.meta, checker)
        target = catalog.resolve(found.number.raw, found.cited_date, doc.meta)
        out.append(
            Relation(
                source_id=doc.meta.id,
                kind=found.kind,
                number=found.number.raw,
                cited_as=found.cited_as,
                doc_type=_type_of(found),
                cited_date=found.cited_date,
                target_id=target.meta.id if target else None,
                evidence=evidence,
                part=part,
                verbatim=verbatim,
            )
        )
    return out


def read_clause(sentence: str, title: bool = False) -> list[_Found]:
    """The numbers of one sentence and what the sentence does with each.

    In an opening sentence the verb must come first ("Thực hiện ...", "Căn cứ ..."): elsewhere "sau 5 năm thực
    hiện Nghị quyết 44" is history, not the document's purpose. In a title it may come anywhere before the first
    number ("... gắn với thực hiện Kết luận số 21-KL/TW")."""
    text = nfc(sentence)
    numbers = list(DOC_NUMBER_RE.finditer(text))
    parsed = find_doc_numbers(text)
    if not numbers:
        return []
    top = _OPENING_VERB_RE.match(text) if not title else _VERB_RE.search(text, 0, numbers[0].start())
    events: list[tuple[int, str, int]] = [(m.start(), "number", i) for i, m in enumerate(numbers)]
    events += [(m.start(), "verb", 0) for m in _VERB_RE.finditer(text) if not top or m.start() > top.start()]
    events += [(m.start(), "subject", 0) for m in _SUBJECT_RE.finditer(text)]
    events += [(m.start(), "list", 0) for m in re.finditer(r";", text)]
    events.sort()
    kind = _kind(top.group(0)) if top else None
    aside = False  # inside a cited document's subject, or a clause about it
    named_since_list = False
    list_from: int | None = None  # where the last ";" stands
    out = []
    for position, event, index in events:
        if event == "list":
            aside, named_since_list, list_from = False, False, position + 1
        elif event in ("subject", "verb") and named_since_list:
            aside = True
        elif event == "number":
            m = numbers[index]
            listed = list_from is None or bool(_LIST_ITEM.match(text[list_from : m.start()]))
            if list_from is not None and not listed:
                aside = True
            role = kind if kind is not None and not aside and position > (top.start() if top else -1) else None
            out.append(
                _Found(role or RelationKind.CITES, parsed[index], _cited_as(text, m), _cited_date(text, m), sentence)
            )
            named_since_list = True
    return out


def _passages(doc: Document) -> list[tuple[Literal["title", "opening"], str]]:
    """The title, then the opening paragraphs (a paragraph cut at a page break or footnote rejoined)."""
    out: list[tuple[Literal["title", "opening"], str]] = []
    if doc.meta.title:
        out.append(("title", doc.meta.title))
    opening = next((s for s in doc.sections if not s.label), None)
    if opening is None:
        return out
    paragraphs: list[str] = []
    for p in [opening.heading, *opening.paragraphs][:MAX_OPENING_PARAGRAPHS]:
        p = p.strip()
        if not p:
            continue
        if paragraphs and (p[0] in ");,." or p[0].islower()):
            paragraphs[-1] = f"{paragraphs[-1]} {p}"
        else:
            paragraphs.append(p)
    out += [("opening", p) for p in paragraphs]
    return out


def _kind(verb: str) -> RelationKind:
    return RelationKind.BASED_ON if fold(verb).endswith("căn cứ") else RelationKind.IMPLEMENTS


def _cited_as(text: str, m: re.Match[str]) -> str:
    """ "Nghị quyết số 43-NQ/TW ngày 24/11/2023": the type words before the number and the date after it."""
    before = _TYPE_BEFORE.search(text[max(0, m.start() - 40) : m.start()])
    start = m.start() - (len(before.group(0)) if before else 0)
    date = _DATE_AFTER.match(text, m.end())
    end = date.end() if date else m.end()
    return re.sub(r"\s+", " ", text[start:end]).strip()


def _cited_date(text: str, m: re.Match[str]) -> dt.date | None:
    date = _DATE_AFTER.match(text, m.end())
    return parse_date(date.group(1)) if date else None


def _type_of(found: _Found) -> str | None:
    before = _TYPE_BEFORE.search(found.cited_as.split(found.number.raw)[0] + " ") if found.cited_as else None
    if before:
        return before.group(1)[:1].upper() + before.group(1)[1:].lower()
    return found.number.doc_type or type_for_code(found.number.code, found.number.party)


def _evidence(found: _Found, meta: DocumentMeta, checker: QuoteChecker | None) -> tuple[str, bool]:
    """The sentence stating the relation, or its clause (up to ";") when only that stands verbatim in the source."""
    sentence = re.sub(r"\s+", " ", found.sentence).strip()
    if checker is None:
        return sentence, False
    candidates = [sentence]
    candidates += [
        c.strip() for c in sentence.split(";") if found.number.raw in re.sub(r"\s+", "", c) or _has(c, found)
    ]
    for candidate in candidates:
        quoted = checker.verbatim(candidate, meta.source)
        if quoted and _has(quoted, found):
            return quoted, True
    return sentence, False


def _has(text: str, found: _Found) -> bool:
    return any(n.key == found.number.key for n in find_doc_numbers(text))
