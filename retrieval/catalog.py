"""The corpus's documents by number, and references to documents as users and documents write them.

A reference is a full number ("78/KH-UBND", "43-NQ/TW") or a type with a serial ("KH 78", "CTr 55",
"Nghị quyết 43", "Kế hoạch số 450"). Numbers are local to their issuer: a Tỉnh ủy's "109-NQ/TU" of 2016 is not the
one of 2021, and Tuyên Quang's is not Bắc Giang's. A reference that gives a date or a province is checked against it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from . import vocabulary
from .models import Document, DocumentMeta
from .vietnamese import (
    DOC_NUMBER_RE,
    DocNumber,
    ascii_fold,
    doc_number_key,
    find_doc_numbers,
    nfc,
    parse_doc_number,
    strip_diacritics,
)

# Issuers whose numbers are national: the same number means the same document from any province.
NATIONAL_ISSUERS = frozenset(
    {"TW", "BCT", "BBT", "VPTW", "BTCTW", "BTGTW", "BDVTW", "UBKTTW", "CP", "TTG", "QH", "UBTVQH", "CTN", "VPCP"}
)


def _type_words() -> dict[str, frozenset[str]]:
    """Folded type names, aliases and codes → the codes a number of that type carries (folded, upper case)."""
    words: dict[str, set[str]] = {}
    for t in vocabulary.DOC_TYPES:
        codes = {strip_diacritics(c).upper() for c in t.codes}
        if not codes:
            continue
        for word in (ascii_fold(t.name), *t.aliases, *(strip_diacritics(c).casefold() for c in t.codes)):
            if len(word) > 1:  # "L" (Lệnh) would be any letter before a number
                words.setdefault(word, set()).update(codes)
    return {w: frozenset(c) for w, c in words.items()}


TYPE_WORDS = _type_words()
_TYPE_ALT = "|".join(re.escape(w) for w in sorted(TYPE_WORDS, key=len, reverse=True))
# "kế hoạch số 78", "ctr 55", "nq43": a type word, then a serial that is not the start of a full number
TYPED_SERIAL_RE = re.compile(rf"(?<![\w/])({_TYPE_ALT})\s*(?:so\s*)?(\d{{1,5}})(?![\d/.]|\s*-\s*[a-z])")


@dataclass(frozen=True)
class DocumentReference:
    text: str  # as written
    number: DocNumber | None = None  # a full number
    codes: frozenset[str] = frozenset()  # "KH" for "KH 78" (folded, upper case); empty for a full number
    serial: int | None = None

    def matches(self, number: str | None) -> bool:
        """Does a document number fit this reference?"""
        if not number:
            return False
        if self.number is not None:
            return doc_number_key(number) == self.number.key
        parsed = parse_doc_number(number)
        return parsed is not None and parsed.serial == self.serial and _code(parsed) in self.codes

    @property
    def label(self) -> str:
        return self.number.raw if self.number else self.text


def find_references(text: str) -> list[tuple[int, int, DocumentReference]]:
    """Every reference in a text with where it stands (in the folded text for typed serials, which is as long
    as the NFC text for Vietnamese), full numbers first."""
    found: list[tuple[int, int, DocumentReference]] = []
    for m in _number_matches(text):
        found.append(m)
    folded = strip_diacritics(text.lower())
    for m in TYPED_SERIAL_RE.finditer(folded):
        if any(start <= m.start() < end for start, end, _ in found):
            continue
        found.append((m.start(), m.end(), DocumentReference(m.group(0), None, TYPE_WORDS[m.group(1)], int(m.group(2)))))
    return sorted(found, key=lambda f: f[0])


def parse_reference(text: str) -> DocumentReference | None:
    found = find_references(text)
    return found[0][2] if found else None


class Catalog:
    """The documents of an index, found by number or by type and serial."""

    def __init__(self, documents: Iterable[Document]) -> None:
        self.documents = list(documents)
        self._by_id = {d.meta.id: d for d in self.documents}
        self._by_key: dict[str, list[Document]] = {}
        for d in self.documents:
            if d.meta.number:
                self._by_key.setdefault(doc_number_key(d.meta.number), []).append(d)

    def get(self, doc_id: str) -> Document | None:
        return self._by_id.get(doc_id)

    def find(self, reference: DocumentReference) -> list[Document]:
        if reference.number is not None:
            return list(self._by_key.get(reference.number.key, []))
        return [d for d in self.documents if reference.matches(d.meta.number)]

    def lookup(self, text: str) -> list[Document]:
        """A reference as typed ("78/KH-UBND", "KH 78", a document id); no match: an empty list."""
        if text in self._by_id:
            return [self._by_id[text]]
        reference = parse_reference(text)
        return self.find(reference) if reference else []

    def resolve(
        self, number: str, cited_on: dt.date | None = None, cited_by: DocumentMeta | None = None
    ) -> Document | None:
        """The corpus document a citation means: same number, same date when the citation gives one, and the
        citing document's province for a local number (a Tỉnh ủy's, a UBND's)."""
        parsed = parse_doc_number(number)
        for doc in self._by_key.get(doc_number_key(number), []):
            if cited_on and doc.meta.date and doc.meta.date != cited_on:
                continue
            local = parsed is not None and not _national(parsed)
            if (
                local
                and cited_by
                and cited_by.province
                and doc.meta.province
                and doc.meta.province != cited_by.province
            ):
                continue
            if cited_by is not None and doc.meta.id == cited_by.id:
                continue
            return doc
        return None


def _code(number: DocNumber) -> str:
    return strip_diacritics(number.code).upper()


def _national(number: DocNumber) -> bool:
    issuer = strip_diacritics(number.issuer_code).upper().split("-")[0]
    return issuer in NATIONAL_ISSUERS


def _number_matches(text: str) -> list[tuple[int, int, DocumentReference]]:
    text = nfc(text)
    return [
        (m.start(), m.end(), DocumentReference(m.group(0), n, frozenset(), n.serial))
        for m, n in zip(DOC_NUMBER_RE.finditer(text), find_doc_numbers(text), strict=True)
    ]
