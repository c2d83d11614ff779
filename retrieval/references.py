"""Which documents of the corpus a question's reference names.

A reference names a document by its own number ("105-KL/TU", "KH 78"), by the number other documents cite it
with when its own copy has none (a signed programme whose text layer lost "Số 104-CTr/TU" is cited by that
number in the letters that implement it), by a conference ("Hội nghị … lần thứ 10"), or as the document that
implements another ("kế hoạch triển khai Chỉ thị 11": the plan whose trích yếu says it implements 11-CT/TU).
A reference to a document the corpus does not hold is answered through the documents that implement it, or
said to be cited only, or missing — never guessed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from .models import Document
from .question import DocRef
from .vietnamese import ascii_fold, doc_number_key, find_doc_numbers, fold, parse_doc_number
from .vocabulary import code_for_type

_IMPLEMENTS = re.compile(r"(?:thực hiện|triển khai|cụ thể hóa|cụ thể hoá|quán triệt)\b", re.IGNORECASE)
_CONTEXT_CHARS = 240  # how much of a citing sentence describes the cited document
_ALIAS_OVERLAP = 0.75  # share of a title's content words a citation must repeat to name that document


@dataclass
class Resolution:
    doc_ids: list[str] | None  # None: no reference, search everything
    missing: list[DocRef] = field(default_factory=list)  # references to documents the corpus neither holds nor cites
    cited_only: list[DocRef] = field(default_factory=list)  # not held, but the documents cite them
    via: list[tuple[DocRef, list[str]]] = field(default_factory=list)  # not held; these documents implement it


def _code_key(code: str | None) -> str:
    key = ascii_fold(code or "").upper()
    return {"CTHD": "CTR"}.get(key, key)


class References:
    def __init__(self, documents: dict[str, Document], sources: dict[str, str] | None = None) -> None:
        self.documents = documents
        self._sources = " ".join((sources or {}).values())  # folded file texts: a number cited anywhere
        self.own: dict[str, list[str]] = defaultdict(list)
        self.serial: dict[tuple[str, int], list[str]] = defaultdict(list)
        self.implementing: dict[str, list[str]] = defaultdict(list)  # cited number key → documents implementing it
        self.implementing_serial: dict[tuple[str, int], list[str]] = defaultdict(list)
        self.aliases: dict[str, list[str]] = defaultdict(list)  # a number others cite an unnumbered document by
        self.cited: set[str] = set()  # every number key some document mentions
        for doc_id, doc in documents.items():
            number = parse_doc_number(doc.meta.number or "")
            if number:
                self.own[number.key].append(doc_id)
                codes = {_code_key(number.code), _code_key(code_for_type(doc.meta.doc_type))}
                for code in codes:  # "9387/UBND-KT" is a công văn: "CV 9387" names it
                    self.serial[(code, number.serial)].append(doc_id)
            for cited in self._implemented(doc):
                self.implementing[cited.key].append(doc_id)
                self.implementing_serial[(_code_key(cited.code), cited.serial)].append(doc_id)
        self._read_citations()

    # ------------------------------------------------------------ building

    def _implemented(self, doc: Document) -> list:  # type: ignore[type-arg]
        """The numbers a document says it implements: in its trích yếu, or in an opening "Thực hiện …" sentence."""
        title = doc.meta.title.upper() if doc.meta.title.islower() else doc.meta.title  # a data set lower-cased it
        found = [n for n in find_doc_numbers(title) if n.key != doc_number_key(doc.meta.number or "")]
        opening = doc.sections[0] if doc.sections and not doc.sections[0].label else None
        if opening is not None and opening.paragraphs:
            first = opening.paragraphs[0][:400]
            if _IMPLEMENTS.match(first.strip()):
                found += [n for n in find_doc_numbers(first) if n.key not in {f.key for f in found}]
        return found

    def _read_citations(self) -> None:
        """Every number the documents cite, and the unnumbered documents those citations describe."""
        unnumbered = [d for d in self.documents.values() if not d.meta.number]
        title_words = {d.meta.id: _content_words(d.meta.title) for d in unnumbered}
        title_numbers = {d.meta.id: {n.key for n in find_doc_numbers(d.meta.title)} for d in unnumbered}
        for doc in self.documents.values():
            for text in _texts(doc):
                for number in find_doc_numbers(text):
                    self.cited.add(number.key)
                    if number.key in self.own or not unnumbered:
                        continue
                    at = text.find(number.raw.split("/")[0])
                    context = text[at : at + _CONTEXT_CHARS]
                    cited_year = _year_after(context)
                    for other in unnumbered:
                        if other.meta.id == doc.meta.id or not _same_type(number.doc_type, other.meta.doc_type):
                            continue
                        if not _year_fits(cited_year, other):
                            continue
                        described = _describes(context, title_words[other.meta.id], title_numbers[other.meta.id])
                        if described and other.meta.id not in self.aliases[number.key]:
                            self.aliases[number.key].append(other.meta.id)

    # ------------------------------------------------------------ resolving

    def resolve(self, refs: list[DocRef]) -> Resolution:
        if not refs:
            return Resolution(None)
        found: list[str] = []
        missing: list[DocRef] = []
        cited: list[DocRef] = []
        via: list[tuple[DocRef, list[str]]] = []
        for ref in refs:
            ids = self._asked_implementation(ref) or self._own(ref)
            if ids:
                found += [i for i in ids if i not in found]
                continue
            implementing = self._implementing(ref)
            if implementing:
                via.append((ref, implementing))
            elif self._is_cited(ref):
                cited.append(ref)
            else:
                missing.append(ref)
        if found:
            return Resolution(found)
        if via:
            ids = [i for _, docs in via for i in docs]
            return Resolution(list(dict.fromkeys(ids)), via=via, cited_only=cited)
        return Resolution(None, missing=missing, cited_only=cited) if missing else Resolution(None, cited_only=cited)

    def _own(self, ref: DocRef) -> list[str]:
        if ref.conference:
            want = f"lan thu {ref.conference}"
            return [i for i, d in self.documents.items() if "hoi nghi" in ascii_fold(d.meta.title) and want in ascii_fold(d.meta.title)]
        if ref.number:
            key = doc_number_key(ref.number)
            found = list(self.own.get(key, [])) or list(self.aliases.get(key, []))
            # "78-kh/ubnd" typed for "78/KH-UBND": the same letters and digits with the separators elsewhere
            return found or [i for k, docs in self.own.items() if _letters(k) == _letters(key) for i in docs]
        ids = list(self.serial.get((_code_key(ref.code), ref.serial or -1), []))
        if not ids and not ref.code:  # "văn bản số 105": any type
            ids = [i for (code, serial), docs in self.serial.items() if serial == ref.serial for i in docs]
        if ref.year:
            dated = [i for i in ids if self.documents[i].meta.date and self.documents[i].meta.date.year == ref.year]
            ids = dated or [i for i in ids if str(ref.year) in (self.documents[i].meta.number or "")]
        if not ids:
            ids = [i for key, docs in self.aliases.items() if _serial_matches(key, ref) for i in docs]
        return ids

    def _asked_implementation(self, ref: DocRef) -> list[str]:
        """ "kế hoạch triển khai Chỉ thị 11": the documents implementing the one named, of the type asked for."""
        if not ref.implemented_by:
            return []
        ids = self._implementing(ref)
        typed = [i for i in ids if self.documents[i].meta.doc_type == ref.implemented_by]
        return typed or ([] if ref.implemented_by != "Văn bản" else ids)

    def _implementing(self, ref: DocRef) -> list[str]:
        if ref.number:
            return list(self.implementing.get(doc_number_key(ref.number), []))
        if ref.serial is None:
            return []
        return list(self.implementing_serial.get((_code_key(ref.code), ref.serial), []))

    def _is_cited(self, ref: DocRef) -> bool:
        if ref.number:
            return doc_number_key(ref.number) in self.cited or fold(ref.number) in self._sources
        return any(_serial_matches(key, ref) for key in self.cited)


def _year_after(context: str) -> int | None:
    """The year of "… số 104-CTr/TU ngày 30/8/2026 …": the date right after a cited number."""
    m = re.match(r"\S+\s+(?:ngày\s+)?\d{1,2}(?:/|\s+tháng\s+)\d{1,2}(?:/|\s+năm\s+)((?:19|20)\d\d)", context)
    return int(m.group(1)) if m else None


def _year_fits(year: int | None, doc: Document) -> bool:
    """An unnumbered draft still prints its year ("ngày … tháng … năm 2026"): a citation dated otherwise is not it."""
    if year is None:
        return True
    if doc.meta.date:
        return doc.meta.date.year == year
    printed = re.search(r"năm\s+((?:19|20)\d\d)", doc.meta.date_text)
    return printed is None or int(printed.group(1)) == year


def _letters(key: str) -> str:
    return re.sub(r"[-/–]", "", key)


def _serial_matches(key: str, ref: DocRef) -> bool:
    parsed = parse_doc_number(key.upper())
    return bool(parsed) and parsed.serial == ref.serial and (not ref.code or _code_key(parsed.code) == _code_key(ref.code))


def _texts(doc: Document):  # type: ignore[no-untyped-def]
    yield doc.meta.title
    for section in doc.walk_sections():
        yield from section.paragraphs
        if section.heading:
            yield section.heading


_STOP = frozenset("va cua ve cac nhung trong theo tai den voi cho ngay so thuc hien tinh".split())  # noqa: SIM905


def _content_words(title: str) -> set[str]:
    words = set(re.findall(r"\w+", ascii_fold(title)))
    return {w for w in words if w not in _STOP and not w.isdigit() and len(w) > 1}


def _describes(context: str, words: set[str], numbers: set[str]) -> bool:
    """Does a citing sentence describe this document: the numbers its title names, or most of its title words?"""
    if numbers and any(n in doc_number_key(context) for n in numbers):
        return True
    if len(words) < 4:
        return False
    seen = _content_words(context)
    return len(words & seen) / len(words) >= _ALIAS_OVERLAP


def _same_type(cited_type: str | None, doc_type: str) -> bool:
    if not cited_type:
        return False
    return fold(cited_type).startswith(fold(doc_type)[:8]) or fold(doc_type).startswith(fold(cited_type)[:8])
