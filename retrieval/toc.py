"""A booklet's table of contents ("MỤC LỤC"): not a document, but a list to check documents against."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .layout import Line
from .vietnamese import ascii_fold, doc_number_key, parse_date, parse_doc_number

_TYPE_PREFIX = re.compile(r"^(.*?)\s+số\s", re.IGNORECASE)


@dataclass
class TocEntry:
    number: str | None
    doc_type: str | None
    date: date | None
    title: str
    issuer_hint: str  # the group row above: "Ban Thường vụ Tỉnh ủy ban hành"
    line: str


def read_toc(front: list[Line]) -> list[TocEntry]:
    entries: list[TocEntry] = []
    group = ""
    for line in front:
        if not line.is_table:
            continue
        cells = [c.strip() for c in line.text.split("\t")]
        filled = [c for c in cells if c]
        if len(filled) == 1 and re.match(r"^[IVX]+\s", filled[0]):
            group = filled[0]
            continue
        if len(cells) < 3:
            continue
        number = parse_doc_number(cells[1])
        if not number:
            continue
        m = _TYPE_PREFIX.match(cells[1])
        entries.append(
            TocEntry(
                number=number.raw,
                doc_type=m.group(1).strip() if m else number.doc_type,
                date=parse_date(cells[1]),
                title=cells[2],
                issuer_hint=cells[1] if " của " in cells[1] else group,
                line=line.text.replace("\t", " "),
            )
        )
    return entries


def match_entry(entries: list[TocEntry], number: str | None, title: str) -> TocEntry | None:
    """The entry with this number, or else the one whose title shares most words with this title."""
    if number:
        key = doc_number_key(number)
        for entry in entries:
            if entry.number and doc_number_key(entry.number) == key:
                return entry
        return None
    words = set(re.findall(r"\w+", ascii_fold(title)))
    if len(words) < 4:
        return None
    best, best_score = None, 0.0
    for entry in entries:
        other = set(re.findall(r"\w+", ascii_fold(entry.title)))
        score = len(words & other) / max(1, len(words | other))
        if score > best_score:
            best, best_score = entry, score
    return best if best_score > 0.6 else None
