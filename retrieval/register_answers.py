"""Questions the register answers: an agency's tasks, what falls due in a period, a document's tasks.

"Sở Y tế có những nhiệm vụ gì?", "nhiệm vụ của Ban Tuyên giáo theo CTr 55", "việc nào đến hạn trong quý IV/2021?",
"những nhiệm vụ hết hạn tháng 6/2021". A question about one task ("ai chủ trì việc X", "Sở Tư pháp được giao gì
về xây dựng Chỉ thị?") is not one of them: `parse_register_query` returns None and the search answers it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from .answer import Answer, Citation
from .catalog import DocumentReference
from .deadlines import DateRange, add_months, month_range
from .quotes import QuoteChecker
from .register import Register, Role, Selection, Task, TaskQuery
from .structured import DOC, PERIOD, closed_period, mask_question, passage_citation, structured_answer, summary

INTENT = "register"
MAX_SHOWN = 8
MAX_TASK_CHARS = 220

# The forms, on the masked question (structured.py). AGENCY is validated against the register afterwards.
_ASK = r"(?:(?:cho (?:toi |minh |em )?biet|hay|xin|vui long|tra cuu|tim|liet ke|thong ke|tong hop|danh sach|xem|loc) )*"
_ALL = r"(?:(?:tat ca|toan bo|cac|nhung) )*"
_TASK = r"(?:nhiem vu|cong viec|viec|phan cong)"
_WHICH = r"(?:gi|nao)"
_DUE = (
    r"(?P<due>den han|het han|toi han|dao han|sap den han|sap het han|phai hoan thanh|can hoan thanh|phai xong"
    r"|co thoi han|co han|han hoan thanh|han chot)"
)
_WHEN = rf"(?:(?:trong|vao|cua|den|tu|la) )*{PERIOD}"
_IN_DOC = rf"(?:(?:theo|trong|cua|tai|thuoc|o) )?{DOC}"
_AGENCY = r"(?P<agency>[a-z0-9&]+(?: [a-z0-9&]+)*?)"
_ROLE = r"(?P<role>chu tri|phoi hop|phu trach)"
_DOES = r"(?:co|duoc giao|duoc phan cong|phai thuc hien|phai lam|can thuc hien|dang co|dam nhan|duoc)"
_TAIL = rf"(?: {_DUE})?(?: {_WHEN})?(?: {_IN_DOC})?(?: {_WHEN})?(?: (?:la {_WHICH}|gom {_WHICH}|co {_WHICH}|{_WHICH}))?"
_FORMS = [
    # a document's tasks: "CTr 55 có những nhiệm vụ gì", "các nhiệm vụ trong KH 78"
    re.compile(rf"{_ASK}{_IN_DOC} (?:co|giao|de ra|dat ra) {_ALL}{_TASK} {_WHICH}{_TAIL}"),
    re.compile(rf"{_ASK}{_ALL}{_TASK}(?: {_WHICH})? (?:cua|trong|theo) {DOC}{_TAIL}"),
    # "nhiệm vụ của Ban Tuyên giáo theo CTr 55", "danh sách việc giao cho Sở Tư pháp"
    re.compile(
        rf"{_ASK}{_ALL}{_TASK}(?: {_WHICH})?(?: duoc giao| duoc phan cong)? (?:cua|giao cho|cho|do|danh cho) {_AGENCY}"
        rf"(?: {_ROLE})?{_TAIL}"
    ),
    # "Sở Y tế có những nhiệm vụ gì", "theo KH 78, Sở Tư pháp được giao việc gì", "Ban Dân vận chủ trì những việc nào"
    re.compile(rf"(?:{_IN_DOC} )?{_ASK}{_AGENCY} (?:{_DOES}|{_ROLE}) {_ALL}{_TASK} {_WHICH}{_TAIL}"),
    # "việc nào đến hạn trong quý IV/2021", "những nhiệm vụ hết hạn tháng 6/2021"
    re.compile(rf"(?:{_IN_DOC} )?{_ASK}{_ALL}{_TASK}(?: {_WHICH})? {_DUE}(?: {_WHEN})?(?: {_IN_DOC})?"),
    # "trong quý IV/2021 có những việc nào đến hạn", "tháng 11/2024 có nhiệm vụ gì"
    re.compile(rf"{_WHEN}(?: co)? {_ALL}{_TASK} {_WHICH}(?: {_DUE})?(?: {_IN_DOC})?"),
]
_ROLES: dict[str, Role] = {"chu tri": "lead", "phu trach": "lead", "phoi hop": "cooperating"}


@dataclass(frozen=True)
class RegisterQuery:
    agency: str | None = None  # as asked (masked form: diacritics gone, abbreviations written out)
    period: DateRange | None = None  # falls due in it
    due_before: dt.date | None = None  # "trước ngày 15/12/2024"
    document: DocumentReference | None = None
    role: Role = "any"
    due: bool = False  # asks what falls due; without a period, the current month and the next


def parse_register_query(text: str, today: dt.date | None = None) -> RegisterQuery | None:
    """The register question a text asks, or None when it asks something else (one task, a content question)."""
    today = today or dt.date.today()
    masked = mask_question(text, today)
    for form in _FORMS:
        m = form.fullmatch(masked.masked)
        if m is None:
            continue
        groups = m.groupdict()
        if masked.masked.count(DOC) > 1 or masked.masked.count(PERIOD) > 1:
            return None  # two documents or two periods: not a listing these forms speak of
        agency = groups.get("agency")
        if agency and (DOC in agency or PERIOD in agency):
            continue
        period = closed_period(masked.periods[0]) if masked.periods else None
        due_before = masked.periods[0].last if masked.periods and period is None else None
        if masked.periods and period is None and due_before is None:
            return None  # "từ năm 2022": nothing falls due in it
        return RegisterQuery(
            agency=agency,
            period=period,
            due_before=due_before,
            document=masked.references[0] if masked.references else None,
            role=_ROLES.get(groups.get("role") or "", "any"),
            due=bool(groups.get("due")) or bool(masked.periods),
        )
    return None


class RegisterComposer:
    """A register question → an `Answer` listing the tasks, each with its citation and verbatim quote."""

    def __init__(self, register: Register, checker: QuoteChecker, today: Callable[[], dt.date] = dt.date.today):
        self.register = register
        self.checker = checker
        self.today = today

    def answer(self, text: str) -> Answer | None:
        """None when the text is no register question, or names what the register does not hold (an unknown
        agency or document): the search then answers as for any other question."""
        today = self.today()
        query = parse_register_query(text, today)
        if query is None:
            return None
        period = query.period
        if query.due and period is None and query.due_before is None:
            period = DateRange(month_range(today.year, today.month).start, month_range(*_next(today)).end)
        selection = self.register.select(
            TaskQuery(
                agency=query.agency,
                due_in=period,
                due_before=query.due_before,
                document=query.document.label if query.document else None,
                role=query.role,
            )
        )
        if selection.unknown:
            return None
        return self.compose(text, query, period, selection)

    def compose(self, text: str, query: RegisterQuery, period: DateRange | None, selection: Selection) -> Answer:
        what = _what(query, period, selection)
        tasks = [t for t in selection.tasks if t.verbatim]
        if not tasks:
            return structured_answer(
                text, INTENT, f"Không có nhiệm vụ nào {what} trong các văn bản hiện có.", [], False
            )
        shown = tasks[:MAX_SHOWN]
        lines = [f"Có {len(tasks)} nhiệm vụ {what}:"]
        citations: list[Citation] = []
        for i, task in enumerate(shown, start=1):
            lines.append(f"{i}. {task_line(task, selection.role(task))}")
            citations.append(task_citation(task, self.register))
        if len(tasks) > len(shown):
            lines.append(f"… và {len(tasks) - len(shown)} nhiệm vụ khác — {_more_hint(query, period, selection)}.")
        return structured_answer(text, INTENT, "\n".join(lines), citations)


def task_line(task: Task, role: str | None = None) -> str:
    """ "Biên tập nội dung … — chủ trì: Ban Tuyên giáo Tỉnh ủy; thời hạn: Quý I/2024 (55-CTr/TU, Phụ lục, dòng 24)"."""
    parts = [summary(task.task, MAX_TASK_CHARS)]
    if role == "cooperating":
        parts.append(f"phối hợp; chủ trì: {'; '.join(task.lead_names) or 'không ghi rõ'}")
    else:
        parts.append(f"chủ trì: {'; '.join(task.lead_names) or 'không ghi rõ'}")
    parts.append(f"thời hạn: {task.deadline.printed if task.deadline else 'không ghi'}")
    where = task.doc_number or task.doc_type
    return f"{parts[0]} — {'; '.join(parts[1:])} ({where}, {task.item})"


def task_citation(task: Task, register: Register) -> Citation:
    doc = register.catalog.get(task.doc_id)
    assert doc is not None  # the register was built from these documents
    return passage_citation(doc.meta, task.path, task.item, task.quote)


def _what(query: RegisterQuery, period: DateRange | None, selection: Selection) -> str:
    parts = []
    if selection.agencies:
        names = sorted({a.name for a in selection.agencies})
        contexts = sorted({a.context for a in selection.agencies if a.context})
        role = {"lead": "do ", "cooperating": "có sự phối hợp của "}.get(query.role, "của ")
        parts.append(role + ", ".join(names) + (f" ({', '.join(contexts)})" if contexts else ""))
        if query.role == "lead":
            parts[-1] += " chủ trì"
    if selection.documents:
        parts.append("theo " + ", ".join(m.number or m.title for m in selection.documents))
    if period is not None:
        parts.append(f"đến hạn trong {period.label}")
    elif query.due_before is not None:
        parts.append(f"đến hạn trước ngày {query.due_before:%d/%m/%Y}")
    return " ".join(parts)


def _more_hint(query: RegisterQuery, period: DateRange | None, selection: Selection) -> str:
    if selection.agencies:
        return f"gõ /nhiemvu {selection.agencies[0].name} để xem đủ danh sách và tải bảng tính"
    if period is not None:
        return f"gõ /hethan {period.label} để xem đủ danh sách"
    if selection.documents:
        return f"gõ /nhiemvu {selection.documents[0].number or ''} để xem đủ danh sách".replace("  ", " ")
    return "dùng lệnh vanban tasks để xem đủ danh sách"


def _next(today: dt.date) -> tuple[int, int]:
    first = add_months(today, 1)
    return first.year, first.month
