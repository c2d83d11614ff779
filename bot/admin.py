"""Admin actions: /reload, uploading a document file into the corpus, /xoa (removing a document), and /thongke.

Reload and upload report through one status message that is edited as the work goes on.
"""

from __future__ import annotations

import asyncio
import html
import logging

from telegram import Message, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import BadRequest, TelegramError

from retrieval.exclusions import forget_file
from retrieval.faults import EmptyCorpus, IndexFault
from retrieval.index import BuildResult
from retrieval.readers import UnreadableFile
from retrieval.removal import UnknownDocument

from . import render, texts, upload
from .addressing import is_addressed
from .handlers import Context, command_argument, gate
from .reloading import ReloadBusy
from .services import Services, services
from .upload import UploadRefused

log = logging.getLogger(__name__)

STATS_DAYS = 7
MAX_STATS_DAYS = 366


class StatusMessage:
    """One message, edited to show progress then the outcome."""

    def __init__(self, message: Message, first_line: str) -> None:
        self.message = message
        self.lines = [first_line]

    @classmethod
    async def send(cls, reply_to: Message, first_line: str) -> StatusMessage:
        sent = await reply_to.reply_text(first_line, parse_mode=ParseMode.HTML)
        return cls(sent, first_line)

    async def add(self, line: str) -> None:
        await self.show("\n".join([*self.lines, line]))

    async def show(self, text: str) -> None:
        self.lines = [text]
        try:
            await self.message.edit_text(text, parse_mode=ParseMode.HTML)
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                raise


async def _admin_message(update: Update, context: Context) -> Message | None:
    """The message of an admin command, or None once a stranger or a non-admin has been answered."""
    message = update.effective_message
    if message is None or not await gate(update, context):
        return None
    if not _is_admin(update, context):
        await message.reply_text(texts.ADMIN_ONLY, parse_mode=ParseMode.HTML)
        return None
    return message


def _is_admin(update: Update, context: Context) -> bool:
    user = update.effective_user
    return services(context).access.is_admin(user.id if user else None)


async def reload_command(update: Update, context: Context) -> None:
    message = await _admin_message(update, context)
    if message is None:
        return
    s = services(context)
    if s.reloads.running:
        await message.reply_text(texts.RELOAD_BUSY, parse_mode=ParseMode.HTML)
        return
    status = await StatusMessage.send(message, texts.RELOAD_STARTED)
    result = await _reload(s, status, wait=False)
    if result is not None:
        log.info("reload: %d documents, %d chunks in %.1f s", result.documents, result.chunks, result.seconds)
        await status.show(render.reload_summary(result))


async def xoa(update: Update, context: Context) -> None:
    """`/xoa <số hiệu>`: remove a document from the index, its file kept (retrieval/removal.py)."""
    message = await _admin_message(update, context)
    if message is None:
        return
    reference = command_argument(message)
    if not reference:
        await message.reply_text(texts.USAGE_XOA, parse_mode=ParseMode.HTML)
        return
    s = services(context)
    status = await StatusMessage.send(message, texts.REMOVE_STARTED.format(number=html.escape(reference)))
    if s.reloads.running:
        await status.add(texts.RELOAD_WAITING)

    async def progress(stage: str, counts: dict[str, int]) -> None:
        await status.add(render.progress_line(stage, counts))

    try:
        removal, result = await s.reloads.remove(reference, progress)
    except UnknownDocument as exc:
        await status.show(html.escape(str(exc)))
        return
    except FileNotFoundError:
        await status.show(texts.NO_INDEX)
        return
    except Exception:
        log.exception("removal of %s failed", reference)
        await status.show(texts.RELOAD_FAILED)
        return
    log.info(
        "removed %s: %d files moved, %d kept with exclusions", reference, len(removal.moved), len(removal.excluded)
    )
    await status.show(f"{html.escape(removal.message)}\n\n{render.reload_summary(result)}")


async def thongke(update: Update, context: Context) -> None:
    """`/thongke [ngày]`: what was asked in the last days, what was answered, and what users thought of it."""
    message = await _admin_message(update, context)
    if message is None:
        return
    if message.chat.type != ChatType.PRIVATE:
        # other people's questions are not for the group to read
        await message.reply_text(texts.STATS_PRIVATE_ONLY, parse_mode=ParseMode.HTML)
        return
    days = stats_days(command_argument(message))
    if days is None:
        await message.reply_text(texts.USAGE_THONGKE, parse_mode=ParseMode.HTML)
        return
    s = services(context)
    if s.questions is None:
        await message.reply_text(texts.LOG_OFF, parse_mode=ParseMode.HTML)
        return
    stats = await s.statistics(days)
    if stats is None:
        await message.reply_text(texts.ERROR, parse_mode=ParseMode.HTML)
        return
    for reply in render.statistics_replies(stats):
        await message.reply_text(reply.html, parse_mode=ParseMode.HTML)


def stats_days(argument: str) -> int | None:
    """The number of days /thongke covers: 7 by default; None for anything but a number of days."""
    if not argument:
        return STATS_DAYS
    if not argument.isdigit() or not 1 <= int(argument) <= MAX_STATS_DAYS:
        return None
    return int(argument)


async def _reload(s: Services, status: StatusMessage, wait: bool) -> BuildResult | None:
    async def progress(stage: str, counts: dict[str, int]) -> None:
        await status.add(render.progress_line(stage, counts))

    try:
        return await s.reloads.run(progress, wait=wait)
    except ReloadBusy:
        await status.show(texts.RELOAD_BUSY)
    except EmptyCorpus as fault:  # logged by the build; the live index (if any) stays
        refused = "".join(f"\n• {html.escape(n)}: {html.escape(r)}" for n, r in fault.refused.items())
        await status.show(html.escape(fault.user_message) + refused)
    except Exception:
        log.exception("reload failed")
        await status.show(texts.RELOAD_FAILED)
    return None


async def document_message(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None or message.document is None:
        return
    if not is_addressed(message, context.bot.username, context.bot.id):
        return  # files shared in a group are none of the bot's business
    if not await gate(update, context):
        return
    if not _is_admin(update, context):
        await message.reply_text(texts.UPLOAD_REFUSED, parse_mode=ParseMode.HTML)
        return
    s = services(context)
    document = message.document
    try:
        name = upload.safe_name(document.file_name)
    except UploadRefused as exc:
        log.info("refused upload: %s", exc)
        await message.reply_text(html.escape(exc.user_message), parse_mode=ParseMode.HTML)
        return
    limit = upload.max_bytes(s.settings)
    too_big = texts.UPLOAD_TOO_BIG.format(size=_megabytes(document.file_size or 0), limit=_megabytes(limit))
    if document.file_size and document.file_size > limit:
        await message.reply_text(too_big, parse_mode=ParseMode.HTML)
        return
    status = await StatusMessage.send(message, texts.UPLOAD_CHECKING.format(name=html.escape(name)))
    try:
        data = bytes(await (await document.get_file()).download_as_bytearray())
    except TelegramError as exc:
        log.warning("download of an upload failed: %s", exc.__class__.__name__)
        await status.show(texts.UPLOAD_DOWNLOAD_FAILED)
        return
    if len(data) > limit:
        await status.show(texts.UPLOAD_TOO_BIG.format(size=_megabytes(len(data)), limit=_megabytes(limit)))
        return
    try:
        documents = await asyncio.to_thread(upload.check, data, name)
    except UnreadableFile as exc:
        log.info("refused upload %s: %s", name, exc)
        reason = html.escape(exc.user_message)
        await status.show(texts.UPLOAD_REJECTED.format(name=html.escape(name), reason=reason))
        return
    try:
        known = await s.documents()
    except IndexFault:  # no index yet, or one this bot cannot read: the upload builds a new one
        known = []
    warnings = upload.duplicate_warnings(documents, name, known)
    replaced = await asyncio.to_thread(upload.store, data, name, s.settings.corpus_dir)
    if forget_file(s.settings.index_dir, name):  # a file sent again comes back whole, /xoa undone
        log.info("upload %s: its exclusions were dropped", name)
    log.info("upload %s stored in the corpus (%d documents, replaced=%s)", name, len(documents), replaced)
    suffix = " (thay tệp cũ cùng tên)" if replaced else ""
    await status.show(texts.UPLOAD_SAVED.format(name=html.escape(name), replaced=suffix))
    if s.reloads.running:
        await status.add(texts.RELOAD_WAITING)
    result = await _reload(s, status, wait=True)
    if result is not None:
        summary = render.upload_summary(name, documents, replaced, warnings)
        await status.show(f"{summary}\n\n{render.reload_summary(result)}")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")
