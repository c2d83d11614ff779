"""The assignment register in Telegram: /nhiemvu <cơ quan>, /hethan [tháng|quý|kỳ], /vanban <số>, and the page
and spreadsheet buttons under a task list.

A list is carried in its buttons as a short text (`TaskList.encode`): ``a=so y te`` (an agency), ``d=55-CTr/TU``
(a document), ``p=20211001-20211231`` (falls due in a period), joined by ";".
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import logging
import re
from dataclasses import dataclass

from telegram import Message, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from retrieval.agency_names import agency_query, written_out
from retrieval.assistant import ItemNotFound
from retrieval.catalog import find_references
from retrieval.deadlines import DateRange, add_months, month_range, parse_period, quarter_of, quarter_range, year_range
from retrieval.register import Agency, Register, TaskQuery, describe
from retrieval.structured import shorten
from retrieval.task_export import xlsx_bytes
from retrieval.vietnamese import ascii_fold

from . import handlers, task_pages, texts
from .handlers import Context, command_argument, gate
from .render import Reply
from .services import services

log = logging.getLogger(__name__)
MAX_SUGGESTIONS = 5
MAX_NOT_FOUND_CHARS = 1500
_NOT_DISTINCTIVE = frozenset("so ban uy tinh cac va co quan don vi dang doan hoi nhan dan lien quan".split())  # noqa: SIM905


@dataclass(frozen=True)
class TaskList:
    agency: str | None = None  # written out, diacritics folded: "so y te", "ban tuyen giao tinh uy"
    document: str | None = None  # a reference: "55-CTr/TU", "kh 78"
    period: DateRange | None = None  # falls due in it

    def encode(self) -> str:
        parts = []
        if self.agency:
            parts.append(f"a={self.agency}")
        if self.document:
            parts.append(f"d={self.document}")
        if self.period:
            parts.append(f"p={self.period.start:%Y%m%d}-{self.period.end:%Y%m%d}")
        return ";".join(parts)

    @classmethod
    def decode(cls, text: str) -> TaskList | None:
        values = dict(part.partition("=")[::2] for part in text.split(";") if "=" in part)
        period = None
        if "p" in values:
            m = re.fullmatch(r"(\d{8})-(\d{8})", values["p"])
            if m is None:
                return None
            try:
                period = DateRange(*(dt.datetime.strptime(x, "%Y%m%d").date() for x in m.groups()))
            except ValueError:
                return None
        found = cls(values.get("a") or None, values.get("d") or None, period)
        return found if found.agency or found.document or found.period else None

    def query(self) -> TaskQuery:
        return TaskQuery(agency=self.agency, document=self.document, due_in=self.period)


def _clean(text: str) -> str:
    return re.sub(r"[;=|]+", " ", text).strip()


def list_from_argument(argument: str) -> TaskList:
    """ "/nhiemvu Ban Tuyên giáo 55-CTr/TU": an agency and, optionally, a document."""
    references = find_references(argument)
    document = None
    agency_text = argument
    if references:
        start, end, reference = references[0]
        document = reference.number.raw if reference.number else reference.text
        agency_text = f"{argument[:start]} {argument[end:]}"
    agency_text = re.sub(r"\s+(?:theo|trong|của|cua)\s*$", "", agency_text.strip(" ,.;"), flags=re.IGNORECASE)
    agency = ascii_fold(written_out(agency_text)) if agency_text.strip() else None
    return TaskList(_clean(agency) if agency else None, _clean(document) if document else None)


def due_period(argument: str, today: dt.date) -> DateRange | None:
    """/hethan: nothing → this month and the next; "tháng", "quý", "năm" → the current one; else a period."""
    word = ascii_fold(argument).strip(" .")
    if not word:
        return DateRange(month_range(today.year, today.month).start, _month_end(add_months(today, 1)))
    if word in ("thang", "thang nay"):
        return month_range(today.year, today.month)
    if word in ("quy", "quy nay"):
        return quarter_range(today.year, quarter_of(today))
    if word in ("nam", "nam nay"):
        return year_range(today.year)
    return parse_period(argument)


def _month_end(first: dt.date) -> dt.date:
    return month_range(first.year, first.month).end


# ---------------------------------------------------------------- commands


async def nhiemvu(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None:
        return
    argument = command_argument(message)
    if not argument:
        if await gate(update, context):
            await message.reply_text(texts.USAGE_NHIEMVU, parse_mode=ParseMode.HTML)
        return
    if not await gate(update, context, throttled=True):
        return
    await _send_list(update, context, message, list_from_argument(argument), argument)


async def hethan(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None or not await gate(update, context, throttled=True):
        return
    argument = command_argument(message)
    period = due_period(argument, services(context).today())
    if period is None:
        await message.reply_text(texts.USAGE_HETHAN, parse_mode=ParseMode.HTML)
        return
    await _send_list(update, context, message, TaskList(period=period), argument)


async def vanban(update: Update, context: Context) -> None:
    """/vanban: the list of documents; /vanban <số>: one document's card."""
    message = update.effective_message
    if message is None:
        return
    reference = command_argument(message)
    if not reference:
        await handlers.vanban(update, context)
        return
    if not await gate(update, context, throttled=True):
        return
    s = services(context)
    try:
        register, relations = await s.register(), await s.relations()
        held = register.catalog.lookup(reference)  # "55-CTr/TU", "KH 78", "nghị quyết 111"
        doc = held[0] if len(held) == 1 else await s.find_document(reference)
    except ItemNotFound as exc:  # its message lists the corpus: bounded to stay one message
        await message.reply_text(html.escape(shorten(str(exc), MAX_NOT_FOUND_CHARS)), parse_mode=ParseMode.HTML)
        return
    except FileNotFoundError:
        await message.reply_text(texts.NO_INDEX, parse_mode=ParseMode.HTML)
        return
    tasks = sum(1 for t in register.tasks if t.doc_id == doc.meta.id)
    card = task_pages.document_card(doc, relations.links(doc.meta.id), relations, tasks)
    markup = None
    if tasks and doc.meta.number:
        spec = TaskList(document=_clean(doc.meta.number)).encode()
        markup = Reply(card, [[("Danh sách nhiệm vụ", s.list_buttons.fresh(spec))]]).markup()
    await message.reply_text(card, parse_mode=ParseMode.HTML, reply_markup=markup)


async def tasks_button(update: Update, context: Context) -> None:
    """A page button (edits the list in place), a card's list button (a new message), or the spreadsheet button
    (sends the whole list as .xlsx)."""
    query = update.callback_query
    if query is None or not await gate(update, context):
        return
    s = services(context)
    decoded = s.list_buttons.decode(query.data or "")
    task_list = TaskList.decode(decoded[1]) if decoded else None
    message = query.message
    if decoded is None or task_list is None or not isinstance(message, Message):
        await query.answer(texts.BUTTON_EXPIRED, show_alert=True)
        return
    kind, spec, page = decoded
    register = await s.register()
    selection = register.select(task_list.query())
    title = describe(task_list.query(), selection)
    if kind == "file":
        await query.answer(texts.SPREADSHEET_COMING)
        data = await asyncio.to_thread(xlsx_bytes, selection.tasks, title)
        await context.bot.send_document(
            message.chat.id,
            document=data,
            filename=spreadsheet_name(task_list),
            caption=html.escape(f"{title}: {len(selection.tasks)} nhiệm vụ."),
            parse_mode=ParseMode.HTML,
        )
        log.info("sent a spreadsheet of %d tasks to chat %s", len(selection.tasks), message.chat.id)
        return
    await query.answer()
    reply = task_pages.task_page(selection, title, spec, page, s.list_buttons)
    if kind == "new":  # a document card's button: the card stays, the list comes under it
        await message.reply_text(reply.html, parse_mode=ParseMode.HTML, reply_markup=reply.markup())
        return
    try:
        await query.edit_message_text(reply.html, parse_mode=ParseMode.HTML, reply_markup=reply.markup())
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():  # a double tap on the same page
            raise


def spreadsheet_name(task_list: TaskList) -> str:
    words = " ".join(x for x in (task_list.agency, task_list.document) if x) or "den han"
    if task_list.period:
        words += f" {task_list.period.start:%Y-%m-%d} {task_list.period.end:%Y-%m-%d}"
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_fold(words)).strip("-")[:60]
    return f"nhiem-vu-{slug}.xlsx"


async def _send_list(update: Update, context: Context, message: Message, task_list: TaskList, typed: str) -> None:
    s = services(context)
    try:
        register = await s.register()
    except FileNotFoundError:
        await message.reply_text(texts.NO_INDEX, parse_mode=ParseMode.HTML)
        return
    selection = register.select(task_list.query())
    if task_list.agency and not selection.agencies:
        hints = suggestions(register, task_list.agency)
        await message.reply_text(task_pages.unknown_agency(typed, hints), parse_mode=ParseMode.HTML)
        return
    if task_list.document and not selection.documents:
        await message.reply_text(
            texts.UNKNOWN_DOCUMENT.format(reference=html.escape(task_list.document)), parse_mode=ParseMode.HTML
        )
        return
    title = describe(task_list.query(), selection)
    if not selection.tasks:
        await message.reply_text(task_pages.no_tasks(title), parse_mode=ParseMode.HTML)
        return
    reply = task_pages.task_page(selection, title, task_list.encode(), 0, s.list_buttons)
    await handlers.send_replies(message, [reply])


def suggestions(register: Register, typed: str) -> list[Agency]:
    """Agencies sharing a distinctive word with what was typed ("tu phap" → Sở Tư pháp), most tasks first."""
    wanted = set(agency_query(typed).key.split()) - _NOT_DISTINCTIVE

    def score(a: Agency) -> int:
        return len(wanted & set(a.key.split()))

    found = [a for a in register.agencies if score(a) > 0]
    return sorted(found, key=lambda a: (-score(a), -(a.lead + a.cooperating), a.key))[:MAX_SUGGESTIONS]
