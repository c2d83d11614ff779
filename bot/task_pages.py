"""Task lists and document cards as Telegram HTML: one page of a list with its page and spreadsheet buttons,
and a document's card with what it implements and what implements it.

Everything taken from documents or users is escaped; a page is kept under Telegram's 4096 characters by
shortening the task texts (they are summaries here: the verbatim text is in the spreadsheet and /muc).
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

from retrieval.models import APPENDIX, Document
from retrieval.register import Agency, Selection, Task
from retrieval.relations import DocumentLinks, Relations
from retrieval.structured import shorten, summary
from retrieval.vietnamese import format_date

from .buttons import ListButtons
from .render import TELEGRAM_LIMIT, Reply, measure

TASKS_PER_PAGE = 5
TASK_CHARS = (320, 160, 80)  # tried in turn until a page fits a message
MAX_LINKS = 10


def task_page(selection: Selection, title: str, spec: str, page: int, buttons: ListButtons) -> Reply:
    """One page of a task list: each task with its lead, deadline and citation; ‹ › and spreadsheet buttons."""
    tasks = selection.tasks
    pages = max(1, math.ceil(len(tasks) / TASKS_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    first = page * TASKS_PER_PAGE
    shown = tasks[first : first + TASKS_PER_PAGE]
    text = ""
    for limit in TASK_CHARS:
        parts = [f"<b>{html.escape(title)}</b>: {len(tasks)} nhiệm vụ (trang {page + 1}/{pages})"]
        parts += [_entry(t, n, selection.role(t), limit) for n, t in enumerate(shown, start=first + 1)]
        text = "\n\n".join(parts)
        if measure(text) <= TELEGRAM_LIMIT:
            break
    row = []
    if page > 0:
        row.append(("‹ Trang trước", buttons.page(spec, page - 1)))
    if page < pages - 1:
        row.append(("Trang sau ›", buttons.page(spec, page + 1)))
    rows = [row] if row else []
    rows.append([("Tải bảng tính (.xlsx)", buttons.spreadsheet(spec))])
    return Reply(text, rows)


def _entry(task: Task, n: int, role: str | None, limit: int) -> str:
    lines = [f"{n}. {html.escape(summary(task.task, limit))}"]
    lead = "; ".join(task.lead_names) or "không ghi rõ"
    mark = " (phối hợp)" if role == "cooperating" else ""
    lines.append(f"Chủ trì: {html.escape(shorten(lead, 200))}{mark}")
    if task.cooperating_names:
        lines.append(f"Phối hợp: {html.escape(shorten('; '.join(task.cooperating_names), 200))}")
    deadline = task.deadline
    if deadline is None:
        lines.append("Thời hạn: không ghi")
    else:
        read = f" ({deadline.normalised})" if deadline.normalised and deadline.dated else ""
        lines.append(f"Thời hạn: {html.escape(deadline.printed)}{html.escape(read)}")
    lines.append(f"<i>{html.escape(task.citation)}</i>")
    command = show_command(task)
    if command:
        lines.append(f"<code>{html.escape(command)}</code>")
    return "\n".join(lines)


def show_command(task: Task) -> str | None:
    """The /muc command that shows the task's item verbatim: "/muc 55-CTr/TU phụ lục 24", "/muc 78/KH-UBND II.7.2"."""
    if not task.doc_number or not task.path:
        return None
    path = task.path
    if path[0] == APPENDIX:
        return f"/muc {task.doc_number} phụ lục {' '.join(path[1:])}"
    return f"/muc {task.doc_number} {task.item.removeprefix('mục ')}"


def no_tasks(title: str) -> str:
    return f"<b>{html.escape(title)}</b>: không có nhiệm vụ nào trong các văn bản hiện có."


def unknown_agency(typed: str, suggestions: Sequence[Agency]) -> str:
    text = f"Không tìm thấy cơ quan “{html.escape(typed)}” trong các nhiệm vụ được giao."
    if suggestions:
        text += "\nCó phải:\n" + "\n".join(
            f"• /nhiemvu {html.escape(a.name)} — {html.escape(a.label)}" for a in suggestions
        )
    return text


def document_card(doc: Document, links: DocumentLinks, relations: Relations, tasks: int) -> str:
    """Number, type, date, issuer, title, signer, counts; what it implements and what implements it."""
    m = doc.meta
    name = f"{m.doc_type} số {m.number}" if m.number else m.doc_type
    lines = [f"<b>{html.escape(name)}</b>" + (f" ngày {format_date(m.date)}" if m.date else "")]
    if m.issuer:
        lines.append(html.escape(m.issuer))
    if m.title:
        lines.append(f"<i>{html.escape(shorten(m.title, 600))}</i>")
    if m.signer:
        signer = f"{m.signer} ({m.signer_title})" if m.signer_title else m.signer
        lines.append(f"Người ký: {html.escape(signer)}")
    lines.append(f"Số mục: {doc.section_count} · Nhiệm vụ giao: {tasks}")
    sections = [
        ("Thực hiện", [relations.name_of(r) for r in links.implements]),
        ("Căn cứ", [relations.name_of(r) for r in links.based_on]),
        ("Được triển khai bởi", [relations.source_name(r) for r in links.implemented_by]),
    ]
    for label, names in sections:
        if names:
            shown = names[:MAX_LINKS]
            more = f"\n• … và {len(names) - len(shown)} văn bản khác" if len(names) > len(shown) else ""
            lines.append(f"\n<b>{label}:</b>\n" + "\n".join(f"• {html.escape(n)}" for n in shown) + more)
    if not links.implements and not links.based_on:
        lines.append("\nTrích yếu và phần mở đầu không ghi văn bản này thực hiện văn bản nào.")
    return "\n".join(lines)
