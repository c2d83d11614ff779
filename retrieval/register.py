"""The assignment register: every task of every document, by agency and deadline.

One `Task` per assignment the parser found, with its document, item and citation, the lead and cooperating
agencies as printed and written out, the deadline as printed and as a range or a recurring class, and the verbatim
quote with its source line. Agencies are kept in the context of their document's province (or issuer, for national
documents), so Tuyên Quang's "Sở Tư pháp" is not Bắc Giang's.

Built from `Document` models only: no parsing here. The assistant builds one register per loaded index generation.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field

from .agency_names import AgencyQuery, agency_key, agency_query, is_collective, written_out
from .answer import item_passages
from .catalog import Catalog
from .deadlines import DateRange, Deadline, parse_deadline
from .models import APPENDIX, Assignment, Document, DocumentMeta
from .quotes import QuoteChecker
from .vietnamese import format_date
from .vocabulary import is_agency_name

log = logging.getLogger(__name__)
Role = Literal["lead", "cooperating", "any"]
MIN_QUOTE_WORDS = 3


class Task(BaseModel):
    doc_id: str
    doc_number: str | None
    doc_type: str
    doc_date: dt.date | None
    doc_name: str  # "Kế hoạch số 78/KH-UBND ngày 23/04/2024 của Ủy ban nhân dân tỉnh Tuyên Quang"
    issuer: str
    province: str | None
    context: str  # whose agencies these are: the province, else the issuer
    path: list[str]
    item: str  # "mục II.7.2", "Phụ lục, dòng 4"
    citation: str  # document — item, as answers cite it
    task: str
    lead: list[str]  # as printed
    cooperating: list[str]
    lead_names: list[str]  # written out: "Đảng đoàn Hội đồng nhân dân tỉnh"
    cooperating_names: list[str]
    deadline: Deadline | None
    origin: str  # table, heading, sentence, opening
    quote: str  # verbatim from the source (when `verbatim`)
    verbatim: bool  # the quote was checked against the source file
    line: int  # where it stands in the source file (the item's first line when the parser gave none)
    source: str
    position: int  # its order among its document's tasks
    lead_keys: list[str] = Field(default_factory=list, exclude=True)
    cooperating_keys: list[str] = Field(default_factory=list, exclude=True)

    def role_of(self, keys: set[str]) -> Literal["lead", "cooperating"] | None:
        if keys.intersection(self.lead_keys):
            return "lead"
        if keys.intersection(self.cooperating_keys):
            return "cooperating"
        return None


@dataclass(frozen=True)
class Agency:
    key: str
    context: str  # province or issuer
    name: str  # shown: the most common written-out form
    lead: int  # tasks it leads
    cooperating: int  # tasks it takes part in

    @property
    def label(self) -> str:
        """ "Sở Tư pháp (Tuyên Quang)"; a name that already says where it is stays as it is."""
        if self.context and self.context not in self.name:
            return f"{self.name} ({self.context})"
        return self.name


@dataclass(frozen=True)
class TaskQuery:
    agency: str | None = None  # as a user types it: "so tu phap", "Sở TP", "BTG tỉnh ủy"
    due_before: dt.date | None = None  # last day on or before this date
    due_in: DateRange | None = None  # last day inside this period
    document: str | None = None  # "78/KH-UBND", "KH 78", a document id
    role: Role = "any"


@dataclass
class Selection:
    tasks: list[Task]
    agencies: list[Agency] = field(default_factory=list)  # the agencies the query named, as held
    documents: list[DocumentMeta] = field(default_factory=list)  # the documents it named
    unknown: list[str] = field(default_factory=list)  # what it named that the register does not hold

    def role(self, task: Task) -> Literal["lead", "cooperating"] | None:
        """The named agency's part in a task (None when the query named no agency)."""
        if not self.agencies:
            return None
        return task.role_of({a.key for a in self.agencies if a.context == task.context})


class Register:
    def __init__(self, tasks: Iterable[Task], catalog: Catalog) -> None:
        self.tasks = sorted(tasks, key=_order)
        self.catalog = catalog
        self.agencies = _agencies(self.tasks)

    @classmethod
    def build(cls, documents: Iterable[Document], checker: QuoteChecker | None = None) -> Register:
        """Every assignment of every document; quotes verified against the sources when a checker is given."""
        catalog = Catalog(documents)
        tasks: list[Task] = []
        for doc in catalog.documents:
            try:
                tasks += [_task(doc, a, position, checker) for position, a in enumerate(doc.assignments)]
            except Exception:  # one odd document's tasks are left out, not the register (nor the index load)
                log.exception("register: the tasks of %s are left out", doc.meta.id)
        return cls(tasks, catalog)

    def select(self, query: TaskQuery) -> Selection:
        selection = Selection(list(self.tasks))
        if query.agency:
            wanted = agency_query(query.agency)
            selection.agencies = self.match_agencies(wanted)
            if not selection.agencies:
                selection.unknown.append(query.agency)
            by_context: dict[str, set[str]] = {}
            for a in selection.agencies:
                by_context.setdefault(a.context, set()).add(a.key)
            selection.tasks = [
                t for t in selection.tasks if _plays(t.role_of(by_context.get(t.context, set())), query.role)
            ]
        if query.document:
            docs = self.catalog.lookup(query.document)
            if not docs:
                selection.unknown.append(query.document)
            selection.documents = [d.meta for d in docs]
            ids = {d.meta.id for d in docs}
            selection.tasks = [t for t in selection.tasks if t.doc_id in ids]
        if query.due_in is not None:
            period = query.due_in
            selection.tasks = [t for t in selection.tasks if t.deadline is not None and t.deadline.due_within(period)]
        if query.due_before is not None:
            day = query.due_before
            selection.tasks = [t for t in selection.tasks if t.deadline is not None and t.deadline.due_before(day)]
        if selection.tasks and selection.agencies:  # name only the agencies the tasks found are of
            found = {(t.context, k) for t in selection.tasks for k in [*t.lead_keys, *t.cooperating_keys]}
            selection.agencies = [a for a in selection.agencies if (a.context, a.key) in found]
        return selection

    def match_agencies(self, wanted: AgencyQuery) -> list[Agency]:
        """The held agencies a user's name means: the whole name or its first words, in the province named."""
        return [
            a
            for a in self.agencies
            if wanted.matches(a.key) and (wanted.province is None or a.context == wanted.province)
        ]


def describe(query: TaskQuery, selection: Selection) -> str:
    """ "Nhiệm vụ của Sở Tư pháp (Tuyên Quang) đến hạn trong quý IV/2024": what a list is, for its title."""
    parts = ["Nhiệm vụ"]
    if selection.agencies:
        parts.append("của " + ", ".join(a.label for a in selection.agencies))
    if selection.documents:
        parts.append("theo " + ", ".join(m.number or m.title for m in selection.documents))
    if query.due_in:
        parts.append(f"đến hạn trong {query.due_in.label}")
    if query.due_before:
        parts.append(f"đến hạn trước {format_date(query.due_before)}")
    return " ".join(parts)


# ---------------------------------------------------------------- building


def _task(doc: Document, a: Assignment, position: int, checker: QuoteChecker | None) -> Task:
    m = doc.meta
    context = m.province or m.issuer or ""
    quote, verbatim = _quote(doc, a, checker)
    label = doc.label(a.path) if a.path else "phần mở đầu"
    return Task(
        doc_id=m.id,
        doc_number=m.number,
        doc_type=m.doc_type,
        doc_date=m.date,
        doc_name=m.display_name,
        issuer=m.issuer,
        province=m.province,
        context=context,
        path=list(a.path),
        item=label,
        citation=f"{m.display_name} — {label}",
        task=a.task,
        lead=list(a.lead),
        cooperating=list(a.cooperating),
        lead_names=[written_out(n) for n in a.lead],
        cooperating_names=[written_out(n) for n in a.cooperating],
        deadline=parse_deadline(a.deadline),
        origin=a.origin,
        quote=quote,
        verbatim=verbatim,
        line=a.line or _item_line(doc, a.path),
        source=m.source,
        position=position,
        lead_keys=_keys(a.lead, m.province),
        cooperating_keys=_keys(a.cooperating, m.province),
    )


def _keys(names: list[str], province: str | None) -> list[str]:
    return [agency_key(n, province) for n in names]


def _quote(doc: Document, a: Assignment, checker: QuoteChecker | None) -> tuple[str, bool]:
    """The assignment's own quote when it stands in the source, else the item's first passage that does."""
    if checker is None:
        return a.quote, False
    found = checker.verbatim(a.quote, doc.meta.source)
    if found and len(found.split()) >= MIN_QUOTE_WORDS:
        return found, True
    for passage in item_passages(doc, a.path):
        found = checker.verbatim(passage, doc.meta.source)
        if found and len(found.split()) >= MIN_QUOTE_WORDS:  # not a bare label line ("5.")
            return found, True
    return a.quote, False


def _item_line(doc: Document, path: list[str]) -> int:
    if path and path[0] == APPENDIX:
        row = doc.find_row(path)
        return row.line if row is not None else 0
    section = doc.find_section(path)
    return section.line if section is not None else 0


def _agencies(tasks: list[Task]) -> list[Agency]:
    names: dict[tuple[str, str], Counter[str]] = {}
    counts: dict[tuple[str, str], list[int]] = {}
    for t in tasks:
        for role, printed, keys in ((0, t.lead_names, t.lead_keys), (1, t.cooperating_names, t.cooperating_keys)):
            for name, key in zip(printed, keys, strict=True):
                if not key or not (is_agency_name(name) or is_collective(name)):
                    continue  # a phrase the parser took for an agency ("Báo cáo kết quả") is no agency
                slot = (t.context, key)
                names.setdefault(slot, Counter())[name] += 1
                counts.setdefault(slot, [0, 0])[role] += 1
    out = [
        Agency(key, context, names[(context, key)].most_common(1)[0][0], *counts[(context, key)])
        for context, key in names
    ]
    return sorted(out, key=lambda a: (a.context, a.key))


def _plays(role: Literal["lead", "cooperating"] | None, wanted: Role) -> bool:
    return role is not None and (wanted == "any" or role == wanted)


def _order(task: Task) -> tuple[object, ...]:
    """By deadline (a due date first, then an open end, then no date), then by document, then in document order."""
    d = task.deadline
    if d is not None and d.end is not None:
        rank, end, start = 0, d.end, d.start or dt.date.min
    elif d is not None and d.start is not None:
        rank, end, start = 1, dt.date.max, d.start
    else:
        rank, end, start = 2, dt.date.max, dt.date.min
    return (rank, end, start, task.doc_date or dt.date.max, task.doc_number or "", task.doc_id, task.position)
