"""Questions and read-only commands: /start /help /hoi /chutri /vanban /muc /trangthai, buttons, free text.

Private chats: any text is a question. Groups: only what is addressed to the bot (see addressing.py);
everything else is ignored without a word.
"""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Callable, Sequence

from telegram import LinkPreviewOptions, Message, Update
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from retrieval.assistant import ItemNotFound
from retrieval.faults import IndexFault, NoIndex, VectorsUnavailable
from retrieval.questionlog import ChatKind, NewQuestion
from retrieval.vietnamese import ascii_fold

from . import followup, render, texts
from .addressing import question_text
from .buttons import parse_docs_page
from .render import Reply
from .services import services

log = logging.getLogger(__name__)

TOPIC = "followup_topic"
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)

Context = ContextTypes.DEFAULT_TYPE


# ---------------------------------------------------------------- shared steps


async def gate(update: Update, context: Context, throttled: bool = False) -> bool:
    """Serve this update? The chat must be allowed and, for questions, the user within their rate.

    Refusals are said once a window (a stranger's refusal, a fast user's notice), then kept silent: a flood
    must not turn into as many replies, which would queue other users' answers behind it.
    """
    s = services(context)
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return False
    private = chat.type == ChatType.PRIVATE
    if not s.access.chat_allowed(chat.id, user.id if user else None, private):
        # in a group that is not served, say nothing: nobody asked this bot to be there
        if private and s.refusals.first(chat.id):
            log.info("chat %s is not in ALLOWED_CHATS: refused (silently for a minute from now)", chat.id)
            await _notify(update, texts.NOT_ALLOWED)
        return False
    if throttled and user and not s.access.is_admin(user.id):
        admission = s.throttle.admit(user.id)
        if admission.notice_seconds is not None:
            log.info("user %s is over the rate: told to wait %d s", user.id, admission.notice_seconds)
            await _notify(update, texts.TOO_FAST.format(seconds=admission.notice_seconds))
        if not admission.serve:
            return False
    return True


async def _notify(update: Update, text: str) -> None:
    if update.callback_query:
        await update.callback_query.answer(text, show_alert=True)
    elif update.effective_message:
        await update.effective_message.reply_text(text, parse_mode=ParseMode.HTML)


async def send_replies(message: Message, replies: Sequence[Reply]) -> None:
    # in a group, the first part quotes the question so the answer is tied to who asked
    quote = message.chat.type != ChatType.PRIVATE
    for i, reply in enumerate(replies):
        await message.reply_text(
            reply.html,
            parse_mode=ParseMode.HTML,
            reply_markup=reply.markup(),
            link_preview_options=NO_PREVIEW,
            do_quote=quote and i == 0,
        )


def command_argument(message: Message) -> str:
    """Everything after the command word, newlines kept ("/hoi@TenBot ai chủ trì…" → "ai chủ trì…")."""
    parts = (message.text or "").split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


async def answer_question(update: Update, context: Context, question: str) -> None:
    s = services(context)
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or not await gate(update, context, throttled=True):
        return
    chat_data = context.chat_data if context.chat_data is not None else {}
    topic = chat_data.get(TOPIC)
    rewritten = followup.rewrite(question, topic)
    asked = rewritten or question
    work = asyncio.ensure_future(s.ask(asked))
    # "typing…" only for a slow answer: Telegram counts it against the bot's 30 requests a second
    done, _ = await asyncio.wait({work}, timeout=s.settings.typing_after_seconds)
    if not done:
        await context.bot.send_chat_action(chat.id, ChatAction.TYPING)
    try:
        answer = await work
    except FileNotFoundError:
        await message.reply_text(texts.NO_INDEX, parse_mode=ParseMode.HTML)
        return
    chat_data[TOPIC] = followup.topic_after(asked, answer, topic, rewritten is not None)
    log.info(
        "answered chat=%s intent=%s found=%s citations=%d followup=%s in %.0f ms",
        chat.id, answer.intent, answer.found, len(answer.citations), rewritten is not None, answer.latency_ms,
    )  # fmt: skip
    replies = render.answer_replies(answer, s.buttons, understood=rewritten)
    kind = ChatKind.PRIVATE if chat.type == ChatType.PRIVATE else ChatKind.GROUP
    user = update.effective_user
    question_id = await s.record(NewQuestion.from_answer(answer, question, kind, user.id if user else None, rewritten))
    if question_id is not None:
        replies = render.with_feedback(replies, question_id)
    await send_replies(message, replies)


# ---------------------------------------------------------------- commands


async def start(update: Update, context: Context) -> None:
    await help_command(update, context, greeting=True)


async def help_command(update: Update, context: Context, greeting: bool = False) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or not await gate(update, context):
        return
    text = texts.HELP.format(mention=html.escape(f"@{context.bot.username}"))
    if greeting:
        text = texts.START + text
    if services(context).access.is_admin(user.id if user else None):
        text += texts.HELP_ADMIN
    await message.reply_text(text, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW)


async def hoi(update: Update, context: Context) -> None:
    await _command_question(update, context, texts.USAGE_HOI, lambda question: question)


async def chutri(update: Update, context: Context) -> None:
    await _command_question(update, context, texts.USAGE_CHUTRI, who_leads)


async def _command_question(update: Update, context: Context, usage: str, as_question: Callable[[str], str]) -> None:
    """`/hoi <câu hỏi>`, `/chutri <nhiệm vụ>`: the argument is the question; without one, how to use it."""
    message = update.effective_message
    if message is None:
        return
    argument = command_argument(message)
    if not argument:
        if await gate(update, context):
            await message.reply_text(usage, parse_mode=ParseMode.HTML)
        return
    await answer_question(update, context, as_question(argument))


def who_leads(task: str) -> str:
    """ "/chutri X" asks who leads X, whatever way it is phrased."""
    task = task.strip().rstrip("?").strip()
    if "chu tri" in ascii_fold(task):
        return f"{task}?"
    return f"Ai chủ trì {task}?"


async def vanban(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None or not await gate(update, context):
        return
    try:
        documents = await services(context).documents()
    except FileNotFoundError:
        await message.reply_text(texts.NO_INDEX, parse_mode=ParseMode.HTML)
        return
    reply = render.documents_page(documents, 0)
    await message.reply_text(reply.html, parse_mode=ParseMode.HTML, reply_markup=reply.markup())


async def muc(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None:
        return
    args = command_argument(message).split()
    if len(args) < 2:
        if await gate(update, context):
            await message.reply_text(texts.USAGE_MUC, parse_mode=ParseMode.HTML)
        return
    if not await gate(update, context, throttled=True):
        return
    await show_item(update, context, message, args[0], args[1:])


async def show_item(update: Update, context: Context, message: Message, reference: str, path: list[str]) -> None:
    try:
        citation = await services(context).show(reference, path)
    except ItemNotFound as exc:
        await message.reply_text(html.escape(str(exc)), parse_mode=ParseMode.HTML)
        return
    except FileNotFoundError:
        await message.reply_text(texts.NO_INDEX, parse_mode=ParseMode.HTML)
        return
    await send_replies(message, render.item_replies(citation))


async def trangthai(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None or not await gate(update, context):
        return
    s = services(context)
    try:
        status = await s.status()
    except FileNotFoundError:
        await message.reply_text(texts.NO_INDEX, parse_mode=ParseMode.HTML)
        return
    await message.reply_text(render.status_text(status, s.reloads.running), parse_mode=ParseMode.HTML)


async def unknown_command(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is not None and await gate(update, context):
        await message.reply_text(texts.UNKNOWN_COMMAND, parse_mode=ParseMode.HTML)


# ---------------------------------------------------------------- free text and buttons


async def text_message(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None:
        return
    question = question_text(message, context.bot.username, context.bot.id)
    if question is None:
        return  # a group conversation the bot is not part of
    if not question:
        if await gate(update, context):
            await message.reply_text(texts.EMPTY_MENTION, parse_mode=ParseMode.HTML)
        return
    await answer_question(update, context, question)


async def item_button(update: Update, context: Context) -> None:
    query = update.callback_query
    if query is None or not await gate(update, context):
        return
    found = services(context).buttons.decode(query.data or "")
    if found is None:
        await query.answer(texts.BUTTON_EXPIRED, show_alert=True)
        return
    await query.answer()
    message = query.message
    if not isinstance(message, Message):
        return  # too old for Telegram to show us: nowhere to reply
    await show_item(update, context, message, found[0], found[1])


async def docs_button(update: Update, context: Context) -> None:
    query = update.callback_query
    if query is None or not await gate(update, context):
        return
    await query.answer()
    documents = await services(context).documents()
    reply = render.documents_page(documents, parse_docs_page(query.data or "docs|0"))
    try:
        await query.edit_message_text(reply.html, parse_mode=ParseMode.HTML, reply_markup=reply.markup())
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():  # a double tap on the same page
            raise


# ---------------------------------------------------------------- errors


async def on_error(update: object, context: Context) -> None:
    error = context.error
    if isinstance(error, IndexFault):
        # the index, not this update, is at fault (no index, a Chroma server down): said in one line, no traceback
        log.warning("could not serve an update: %s: %s", error.__class__.__name__, error)
    else:
        log.error("error while handling an update", exc_info=error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    text = fault_text(error) if isinstance(error, IndexFault) else texts.ERROR
    try:
        if update.callback_query:
            await update.callback_query.answer(text, show_alert=True)
        else:
            await context.bot.send_message(update.effective_chat.id, text, parse_mode=ParseMode.HTML)
    except Exception as exc:
        log.warning("could not tell the user about the error: %s", exc.__class__.__name__)


def fault_text(fault: IndexFault) -> str:
    """What the user is told when the index cannot answer."""
    if isinstance(fault, NoIndex):
        return texts.NO_INDEX
    if isinstance(fault, VectorsUnavailable):
        return texts.INDEX_DOWN
    return html.escape(fault.user_message)
