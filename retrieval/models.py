"""The shapes everything else passes around: documents, sections, tables, assignments, chunks, answers."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from .vietnamese import format_date

APPENDIX = "Phụ lục"


class Section(BaseModel):
    """A numbered item of a document, with the label as printed and its place in the tree."""

    label: str  # "III", "2", "2.1", "a", "(6)", "Điều 5"; "Kế hoạch" / "Phụ lục 2" for an attached text; "" opening
    marker: str = ""  # the label as printed, with its punctuation: "III-", "2.1.", "a)"
    kind: str = ""  # "roman", "arabic", "letter", "paren", "article", "part", "phan"; "attachment", "appendix"
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
        if not self.label or self.kind in ("attachment", "appendix"):
            return ""  # an attached text's heading prints its own name
        return f"{self.marker or self.label + '.'} "

    def walk(self):  # type: ignore[no-untyped-def]
        yield self
        for child in self.children:
            yield from child.walk()


class TableRow(BaseModel):
    """One row of an assignment table, continuation lines joined, lead filled where the layout means it."""

    path: list[str]  # ["Phụ lục", "4"], ["Phụ lục", "III", "12"], ["Phụ lục", "2", "a"]
    number: str
    group: str = ""  # the heading row above, e.g. "V- BAN DÂN VẬN TỈNH ỦY"
    group_label: str = ""  # its label, "V"
    parent: str = ""  # the numbered row a lettered row belongs to
    content: str = ""
    lead: str = ""
    cooperating: str = ""
    deadline: str = ""
    lead_inherited_from: str | None = None  # row number whose lead an empty cell inherits
    lines: list[str] = Field(default_factory=list)  # physical lines as printed, cells joined by a space
    line: int = 0  # where the row starts in its source file


class Table(BaseModel):
    path: list[str] = Field(default_factory=list)  # the item the table stands in: ["Phụ lục 2"], ["III", "1"]
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

    @property
    def states_lead(self) -> bool:
        """Written as who leads: a table's "chủ trì" column or "X chủ trì …", not only a subject doing the task."""
        return self.origin == "table" or "chủ trì" in self.quote.casefold()


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
    date_text: str = ""  # the place-date line as printed ("ngày … tháng 8 năm 2026" in an unsigned draft)
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

    def label(self, path: list[str]) -> str:
        """The item's name in a citation ("Điều 7, khoản 1"; "Phụ lục 2, mục II, dòng 8")."""
        return item_label(path, row=self.find_row(path) is not None)

    def attached_part(self, path: list[str]) -> str | None:
        """The type of the attached text an item belongs to ("Quy chế"), when it is in one."""
        if path:
            for section in self.sections:
                if section.label == path[0] and section.kind == "attachment":
                    return section.label
        return None


def item_label(path: list[str], row: bool | None = None) -> str:
    """How a citation names an item: "mục III.2", "Điều 7, khoản 1, điểm a", "Phụ lục, dòng 4",
    "Phụ lục 2, mục II, dòng 8", "Phụ lục VIII, mục A.II". ``row`` says whether the last label is a table row
    (when unknown: inside an appendix it is). An attached text's type ("Quy định") is named by the citation's
    document part, not here."""
    if not path:
        return "phần mở đầu"
    head, rest = path[0], path[1:]
    if head.startswith(APPENDIX):
        if not rest:
            return head
        is_row = row if row is not None else True
        if is_row:
            inside = f", mục {'.'.join(rest[:-1])}" if len(rest) > 1 else ""
            return f"{head}{inside}, dòng {rest[-1]}"
        return f"{head}, {_item_words(rest)}"
    if head in ATTACHED_TYPES:
        return _item_words(rest) if rest else "phần mở đầu"
    return _item_words(path)


def _item_words(parts: list[str]) -> str:
    """ ["Điều 5", "2", "a"] → "Điều 5, khoản 2, điểm a"; ["III", "2", "2.1"] → "mục III.2.1";
    ["I", "2", "(6)"] → "mục I.2, ý (6)"."""
    parts = [p for p in parts if p]
    if parts and parts[0].startswith("Điều "):
        words = [parts[0]]
        if len(parts) > 1:
            words.append(f"khoản {parts[1]}")
        if len(parts) > 2:
            words.append(f"điểm {parts[2]}")
        words += parts[3:]
        return ", ".join(words)
    numbered = [p for p in parts if not p.startswith("(")]
    targets = [p for p in parts if p.startswith("(")]
    # "2.1" already names its parent "2": show the deepest dotted label after the upper levels
    shown: list[str] = []
    for part in numbered:
        if shown and "." in part and part.startswith(shown[-1] + "."):
            shown[-1] = part
        else:
            shown.append(part)
    text = "mục " + ".".join(shown) if shown else ""
    for target in targets:
        text = f"{text}, ý {target}" if text else f"ý {target}"
    return text


# The types a decision issues as a text of its own ("Quy chế ban hành kèm theo Quyết định số …").
ATTACHED_TYPES = frozenset(
    {"Kế hoạch", "Quy chế", "Quy định", "Chương trình", "Chương trình hành động", "Đề án", "Phương án", "Hướng dẫn",
     "Điều lệ", "Quy trình", "Danh mục", "Chiến lược", "Quy hoạch"}
)  # fmt: skip
