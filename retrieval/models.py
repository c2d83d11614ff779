"""The shapes everything else passes around: documents, sections, tables, assignments, chunks, answers."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from .vietnamese import format_date

APPENDIX = "Phụ lục"


class Section(BaseModel):
    """A numbered item of a document, with the label as printed and its place in the tree."""

    label: str  # "III", "2", "2.1", "a"; "" for the opening text
    marker: str = ""  # the label as printed, with its punctuation: "III-", "2.1.", "a)"
    line: int = 0  # where the item starts in its source file (1-based line number)
    path: list[str]  # labels from the top: ["III", "2", "2.1"]
    heading: str  # the text on the label's line, without the label
    paragraphs: list[str] = Field(default_factory=list)  # the body, as printed (artifacts dropped)
    footnotes: list[str] = Field(default_factory=list)
    children: list[Section] = Field(default_factory=list)

    @property
    def passages(self) -> list[str]:
        """The item as printed: its label line, its paragraphs, its footnotes."""
        first = f"{self.label_prefix}{self.heading}".strip()
        return [p for p in [first, *self.paragraphs, *self.footnotes] if p]

    @property
    def text(self) -> str:
        return "\n".join(self.passages)

    @property
    def label_prefix(self) -> str:
        if not self.label:
            return ""
        return f"{self.marker or self.label + '.'} "

    def walk(self):  # type: ignore[no-untyped-def]
        yield self
        for child in self.children:
            yield from child.walk()


class TableRow(BaseModel):
    """One row of an assignment table, continuation lines joined, lead filled where the layout means it."""

    path: list[str]  # ["Phụ lục", "4"] or ["Phụ lục", "III", "12"]
    number: str
    group: str = ""  # the heading row above, e.g. "V- BAN DÂN VẬN TỈNH ỦY"
    content: str = ""
    lead: str = ""
    cooperating: str = ""
    deadline: str = ""
    lead_inherited_from: str | None = None  # row number whose lead an empty cell inherits
    lines: list[str] = Field(default_factory=list)  # physical lines as printed, cells joined by a space
    line: int = 0  # where the row starts in its source file


class Table(BaseModel):
    title: str = ""
    header: list[str] = Field(default_factory=list)
    rows: list[TableRow] = Field(default_factory=list)


class Assignment(BaseModel):
    """Who does what: a task with its lead agency, cooperating agencies and deadline."""

    task: str
    lead: list[str] = Field(default_factory=list)
    cooperating: list[str] = Field(default_factory=list)
    deadline: str | None = None
    path: list[str]
    origin: Literal["table", "heading", "sentence", "opening"]  # opening: "Sở X làm Y", no "chủ trì"
    quote: str  # verbatim passage the assignment was read from
    line: int = 0  # where the quote stands in its source file (1-based); 0: not recorded, the item's line applies


class DocumentMeta(BaseModel):
    id: str  # stable: the number's key, or a slug of type, title and date
    number: str | None = None  # exactly as written: "109-NQ/TU", "78/KH-UBND"
    doc_type: str = "Văn bản"
    date: dt.date | None = None
    issuer: str = ""
    province: str | None = None
    title: str = ""
    signer: str | None = None
    signer_title: str | None = None
    source: str = ""
    number_evidence: str = ""  # the line the number was read from, quotable
    notes: list[str] = Field(default_factory=list)  # disagreements found while reading

    @property
    def display_name(self) -> str:
        """ "Chương trình hành động số 55-CTr/TU ngày 31/01/2024 của Ban Chấp hành Đảng bộ tỉnh"."""
        name = f"{self.doc_type} số {self.number}" if self.number else self.title or self.doc_type
        if self.date:
            name += f" ngày {format_date(self.date)}"
        if self.issuer and self.number:
            name += f" của {self.issuer}"
        return name


class Document(BaseModel):
    meta: DocumentMeta
    sections: list[Section] = Field(default_factory=list)  # top-level items; the opening text has label ""
    tables: list[Table] = Field(default_factory=list)
    assignments: list[Assignment] = Field(default_factory=list)

    def walk_sections(self):  # type: ignore[no-untyped-def]
        for section in self.sections:
            yield from section.walk()

    def find_section(self, path: list[str]) -> Section | None:
        for section in self.walk_sections():
            if section.path == path:
                return section
        return None

    def find_row(self, path: list[str]) -> TableRow | None:
        for table in self.tables:
            for row in table.rows:
                if row.path == path:
                    return row
        return None

    @property
    def section_count(self) -> int:
        return sum(1 for s in self.walk_sections() if s.label)


def item_label(path: list[str]) -> str:
    """How a citation names an item: "mục III.2", "Phụ lục, dòng 4", "Phụ lục, mục V, dòng 1"."""
    if not path:
        return "phần mở đầu"
    if path[0] == APPENDIX:
        rest = path[1:]
        if not rest:
            return APPENDIX
        if len(rest) == 1:
            return f"{APPENDIX}, dòng {rest[0]}"
        return f"{APPENDIX}, mục {'.'.join(rest[:-1])}, dòng {rest[-1]}"
    parts = [p for p in path if p]
    # "2.1" already names its parent "2": show the deepest dotted label after the upper levels
    shown: list[str] = []
    for part in parts:
        if shown and "." in part and part.startswith(shown[-1] + "."):
            shown[-1] = part
        else:
            shown.append(part)
    return "mục " + ".".join(shown)
