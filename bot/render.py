"""Answers, items and lists as Telegram HTML messages of at most 4096 characters.

Everything taken from documents or users is escaped. A reply is built as a list of lines (plain, bold,
quoted, or our own markup); consecutive quoted lines of one source share a ``<blockquote>``. Lines are packed
into messages whole, so a message never ends inside a tag: a source that does not fit is continued in
the next message with its blockquote closed and reopened at a passage boundary. A single passage longer
than a message is cut at a space, marked with "(…)" outside the quote, so the quoted text itself stays
exactly as written.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Literal

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from retrieval.answer import Answer, Citation
from retrieval.index import BuildResult
from retrieval.models import Document
from retrieval.questionlog import Statistics, Vote
from retrieval.vietnamese import format_date

from . import texts
from .buttons import ItemButtons, docs_page, feedback_data

TELEGRAM_LIMIT = 4096
DOCS_PER_PAGE = 8
MAX_TITLE_CHARS = 300
MAX_BUTTON_LABEL = 60
CONTINUED = "(…)"
MAX_LISTED_FAILURES = 15
MAX_LISTED_QUESTION = 200
VIETNAM_TIME = timezone(timedelta(hours=7))  # one zone, no daylight saving: no tz database needed

Style = Literal["plain", "bold", "quote", "html"]


@dataclass
class Reply:
    html: str
    buttons: list[list[tuple[str, str]]] = field(default_factory=list)  # rows of (label, callback data)

    def markup(self) -> InlineKeyboardMarkup | None:
        if not self.buttons:
            return None
        return InlineKeyboardMarkup(
            [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in self.buttons]
        )


@dataclass(frozen=True)
class Line:
    text: str
    style: Style = "plain"  # "html" lines are already HTML (our own markup, with values escaped)
    group: int = -1  # quoted lines of one group share a blockquote
    owner: int | None = None  # the citation a line belongs to, to place its button
    opens_message: bool = False  # the "(…)" that continues a cut passage starts the next message


def measure(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units), of the HTML source: never less than the shown text."""
    return len(text.encode("utf-16-le")) // 2


# ---------------------------------------------------------------- answers


def answer_replies(answer: Answer, buttons: ItemButtons, understood: str | None = None) -> list[Reply]:
    lines: list[Line] = []
    if understood:
        lines.append(Line(texts.UNDERSTOOD_AS.format(question=html.escape(understood)), "html"))
        lines.append(Line(""))
    if not answer.found or not answer.citations:
        lines += [Line(t) for t in answer.answer.split("\n")]
        return [Reply(m) for m, _ in pack(lines)]
    lines += [Line(t) for t in answer.direct.split("\n") if t]
    several = len(answer.citations) > 1
    several_docs = len({c.doc_id for c in answer.citations}) > 1
    for i, citation in enumerate(answer.citations):
        label = f"Nguồn {i + 1}" if several else "Nguồn"
        if lines:
            lines.append(Line(""))
        lines.append(Line(f"{label}: {citation.heading}", "bold", owner=i))
        lines += _quote_lines(citation, group=i, owner=i)
    replies = []
    for text, owners in pack(lines):
        rows = []
        for i in owners:
            citation = answer.citations[i]
            if citation.item:
                label = f"Xem toàn văn {citation.item_label}"
                if several_docs and citation.doc_number:
                    label += f" ({citation.doc_number})"
                data = buttons.encode(citation.doc_number or citation.doc_id, citation.item)
                rows.append([(_shorten(label, MAX_BUTTON_LABEL), data)])
        replies.append(Reply(text, rows))
    return replies


def with_feedback(replies: list[Reply], question_id: int) -> list[Reply]:
    """👍 / 👎 under the last message of an answer, below its item buttons."""
    if not replies:
        return replies
    row = [
        (texts.FEEDBACK_UP, feedback_data(question_id, Vote.UP)),
        (texts.FEEDBACK_DOWN, feedback_data(question_id, Vote.DOWN)),
    ]
    last = replies[-1]
    return [*replies[:-1], Reply(last.html, [*last.buttons, row])]


def item_replies(citation: Citation) -> list[Reply]:
    """A whole item verbatim, under its citation heading."""
    lines = [Line(citation.heading, "bold"), *_quote_lines(citation, group=0)]
    return [Reply(text) for text, _ in pack(lines)]


def _quote_lines(citation: Citation, group: int, owner: int | None = None) -> list[Line]:
    passages = citation.passages or ([citation.quote] if citation.quote else [])
    return [Line(p, "quote", group, owner) for p in passages]


# ---------------------------------------------------------------- packing into messages


def pack(lines: Sequence[Line], limit: int = TELEGRAM_LIMIT) -> list[tuple[str, list[int]]]:
    """Messages of whole lines, each at most ``limit`` long, with the citations whose last line each holds."""
    messages: list[list[Line]] = []
    current: list[Line] = []
    for line in _fitted(lines, limit):
        trial = [*current, line]
        if not current or (not line.opens_message and measure(join(trial)) <= limit):
            current = trial
            continue
        carried: list[Line] = []
        # a source heading goes with its first passage rather than end a message on its own
        if len(current) > 1 and current[-1].style == "bold" and measure(join([current[-1], line])) <= limit:
            carried = [current.pop()]
        messages.append(current)
        current = [*carried, line]
    if current:
        messages.append(current)
    out: list[tuple[str, list[int]]] = []
    placed: set[int] = set()
    for i, message in enumerate(messages):
        later = {line.owner for m in messages[i + 1 :] for line in m if line.owner is not None}
        owners = []
        for line in message:
            if line.owner is not None and line.owner not in later and line.owner not in placed:
                owners.append(line.owner)
                placed.add(line.owner)
        text = join(message)
        if text:
            out.append((text, owners))
        elif owners and out:
            out[-1][1].extend(owners)
    return out


def join(lines: Sequence[Line]) -> str:
    parts: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.style == "quote":
            j = i
            while j < len(lines) and lines[j].style == "quote" and lines[j].group == line.group:
                j += 1
            parts.append("<blockquote>" + "\n".join(html.escape(q.text) for q in lines[i:j]) + "</blockquote>")
            i = j
            continue
        parts.append(_html(line))
        i += 1
    return "\n".join(parts).strip()


def _html(line: Line) -> str:
    text = line.text if line.style == "html" else html.escape(line.text)
    if line.style == "bold":
        return f"<b>{text}</b>"
    return text


def _fitted(lines: Sequence[Line], limit: int) -> list[Line]:
    """Lines that each fit in a message alone: an over-long one is cut into pieces marked "(…)"."""
    out: list[Line] = []
    overhead = measure("<blockquote></blockquote><b></b>\n\n") + 2 * measure(CONTINUED)
    for line in lines:
        if measure(join([line])) <= limit or line.style == "html":
            out.append(line)
            continue
        pieces = _cut(line.text, limit - overhead)
        for k, piece in enumerate(pieces):
            if k:
                out.append(Line(CONTINUED, owner=line.owner, opens_message=True))
            out.append(Line(piece, line.style, line.group, line.owner))
            if k < len(pieces) - 1:
                out.append(Line(CONTINUED, owner=line.owner))
    return out


def _cut(text: str, budget: int) -> list[str]:
    pieces: list[str] = []
    while measure(html.escape(text)) > budget:
        lo, hi = 1, len(text)
        while lo < hi:  # the longest prefix whose escaped form fits
            mid = (lo + hi + 1) // 2
            if measure(html.escape(text[:mid])) <= budget:
                lo = mid
            else:
                hi = mid - 1
        cut = lo
        space = text.rfind(" ", 0, cut + 1)
        if space > cut // 2:
            cut = space
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    pieces.append(text)
    return [p for p in pieces if p]


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# ---------------------------------------------------------------- lists and reports


def documents_page(documents: Sequence[Document], page: int) -> Reply:
    pages = max(1, math.ceil(len(documents) / DOCS_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    first = page * DOCS_PER_PAGE
    parts = [f"<b>Văn bản trong kho: {len(documents)}</b> (trang {page + 1}/{pages})"]
    for n, doc in enumerate(documents[first : first + DOCS_PER_PAGE], start=first + 1):
        parts.append("\n" + document_entry(doc, n))
    row = []
    if page > 0:
        row.append(("‹ Trang trước", docs_page(page - 1)))
    if page < pages - 1:
        row.append(("Trang sau ›", docs_page(page + 1)))
    if not documents:
        parts.append("\nKho chưa có văn bản nào.")
    return Reply("\n".join(parts), [row] if row else [])


def document_entry(doc: Document, n: int | None = None) -> str:
    m = doc.meta
    name = f"{m.doc_type} số {m.number}" if m.number else m.doc_type
    head = f"{n}. {name}" if n is not None else name
    line = f"<b>{html.escape(head)}</b>"
    if m.date:
        line += f" ngày {format_date(m.date)}"
    if m.issuer:
        line += f"\n{html.escape(m.issuer)}"
    if m.title:
        line += f"\n<i>{html.escape(_shorten(m.title, MAX_TITLE_CHARS))}</i>"
    return line


def status_text(status: dict[str, Any], reloading: bool) -> str:
    failures = status.get("failures") or {}
    lines = [
        "<b>Tình trạng chỉ mục</b>",
        f"Văn bản: {status.get('documents')}",
        f"Đoạn chỉ mục: {status.get('chunks')}",
        f"Lập lúc: {html.escape(str(status.get('built_at') or 'không rõ'))}",
        f"Thế hệ: {html.escape(str(status.get('generation')))}",
        f"Vectơ: {html.escape(str(status.get('embedder') or 'không rõ'))}, Chroma {html.escape(str(status.get('chroma')))}",
        f"Tệp không đọc được: {len(failures)}",
    ]
    lines += [f"• {html.escape(str(name))}" for name in list(failures)[:20]]
    if reloading:
        lines.append("<i>Đang nạp lại văn bản…</i>")
    return "\n".join(lines)


def progress_line(stage: str, counts: dict[str, int]) -> str:
    if stage == "parsed":
        line = f"Đã đọc {counts.get('files', 0)} tệp, nhận ra {counts.get('documents', 0)} văn bản"
        if "cached" in counts:  # incremental builds say how much was read again
            line += f" ({counts.get('parsed', 0)} tệp mới hoặc đã sửa, {counts['cached']} tệp không đổi)"
        return line + "."
    if stage == "chunked":
        return f"Đã chia thành {counts.get('chunks', 0)} đoạn."
    if stage == "embedded":
        return f"Đã tạo vectơ cho {counts.get('chunks', 0)} đoạn."
    return html.escape(f"{stage}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


def reload_summary(result: BuildResult) -> str:
    lines = [
        f"<b>Đã nạp lại xong</b>: {result.documents} văn bản, {result.chunks} đoạn từ {len(result.files)} tệp "
        f"trong {result.seconds:.1f} giây."
    ]
    failed = {**result.failures, **result.user_failures}  # the Vietnamese reason when there is one
    if failed:
        lines.append(f"\n<b>Tệp không nạp được ({len(failed)})</b>:")
        shown = sorted(failed.items())[:MAX_LISTED_FAILURES]
        lines += [f"• {html.escape(name)}: {html.escape(_shorten(reason, 200))}" for name, reason in shown]
        if len(failed) > len(shown):
            lines.append(f"… và {len(failed) - len(shown)} tệp khác (xem nhật ký).")
    return "\n".join(lines)


def upload_summary(name: str, documents: Sequence[Document], replaced: bool, warnings: Sequence[str]) -> str:
    verb = "Đã thay tệp" if replaced else "Đã thêm tệp"
    lines = [f"<b>{verb} {html.escape(name)}</b>, nhận ra {len(documents)} văn bản:"]
    lines += ["\n" + document_entry(doc) for doc in documents]
    lines += [f"\n⚠ {html.escape(w)}" for w in warnings]
    return "\n".join(lines)


def statistics_replies(stats: Statistics) -> list[Reply]:
    """/thongke: counts, the most cited documents, the latest unanswered questions and 👎 with their reasons."""
    share = f" ({stats.answered_share:.0%})" if stats.questions else ""
    lines = [
        Line(f"Thống kê {stats.days} ngày qua (từ {_local(stats.since)}, giờ Việt Nam)", "bold"),
        Line(f"Câu hỏi: {stats.questions}, từ {stats.people} người hỏi"),
        Line(f"Trả lời được: {stats.answered}{share}"),
        Line(f"Đánh giá: {texts.FEEDBACK_UP} {stats.up} · {texts.FEEDBACK_DOWN} {stats.down}"),
    ]
    if stats.top_documents:
        lines += [Line(""), Line("Văn bản được trích nhiều nhất", "bold")]
        lines += [Line(f"{n}. {d.document}: {d.questions} câu hỏi") for n, d in enumerate(stats.top_documents, 1)]
    if stats.unanswered:
        lines += [Line(""), Line("Câu hỏi chưa trả lời được (mới nhất trước)", "bold")]
        lines += [Line(f"• {_local(q.asked_at)}: {_asked(q.question, q.understood)}") for q in stats.unanswered]
    if stats.disliked:
        lines += [Line(""), Line(f"{texts.FEEDBACK_DOWN} gần đây (mới nhất trước)", "bold")]
        for d in stats.disliked:
            reason = html.escape(_shorten(d.reason, MAX_LISTED_QUESTION)) if d.reason else "(không ghi lý do)"
            reason = f"<i>{reason}</i>"
            lines.append(Line(f"• {html.escape(_asked(d.question, d.understood))} — {reason}", "html"))
    return [Reply(text) for text, _ in pack(lines)]


def _asked(question: str, understood: str | None) -> str:
    text = _shorten(" ".join(question.split()), MAX_LISTED_QUESTION)
    return f"{text} (hiểu là: {_shorten(understood, MAX_LISTED_QUESTION)})" if understood else text


def _local(moment: datetime) -> str:
    return moment.astimezone(VIETNAM_TIME).strftime("%d/%m/%Y %H:%M")
