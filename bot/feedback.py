"""Feedback on answers: the 👍 / 👎 buttons under every answer, and the optional line saying what was wrong.

A vote is per person and answer (in a group, anyone may vote); pressing again changes it. After a 👎 the
bot asks, with a ForceReply prompt, what was wrong; the reply to that prompt is stored as the reason. The
prompt names the answer's number in the log, so a reply still finds it after a restart.
"""

from __future__ import annotations

import re

from telegram import ForceReply, Message, Update, User
from telegram.constants import ChatType, ParseMode
from telegram.ext import filters

from retrieval.questionlog import Vote, VoteOutcome

from . import texts
from .buttons import parse_feedback
from .handlers import Context, gate
from .services import services

MAX_REASON_CHARS = 300
VOTE_SIGNS = {Vote.UP: texts.FEEDBACK_UP, Vote.DOWN: texts.FEEDBACK_DOWN}
_HEAD, _, _TAIL = texts.REASON_PROMPT.partition("{question_id}")
_PROMPT = re.compile(re.escape(_HEAD) + r"(\d+)" + re.escape(_TAIL))


def prompt_question_id(text: str) -> int | None:
    """The answer a reason prompt asks about, from the prompt's text; None for any other text."""
    found = _PROMPT.search(text)
    return int(found.group(1)) if found else None


class _ReplyToReasonPrompt(filters.MessageFilter):
    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        return bool(
            replied
            and replied.from_user
            and replied.from_user.id == message.get_bot().id
            and prompt_question_id(replied.text or "") is not None
        )


REPLY_TO_REASON_PROMPT = _ReplyToReasonPrompt(name="reply to a reason prompt")


def toast(outcome: VoteOutcome | None, vote: Vote) -> str:
    sign = VOTE_SIGNS[vote]
    if outcome == VoteOutcome.RECORDED:
        return texts.FEEDBACK_THANKS.format(vote=sign)
    if outcome == VoteOutcome.CHANGED:
        return texts.FEEDBACK_CHANGED.format(vote=sign)
    if outcome == VoteOutcome.UNCHANGED:
        return texts.FEEDBACK_SAME.format(vote=sign)
    if outcome == VoteOutcome.UNKNOWN_QUESTION:
        return texts.FEEDBACK_TOO_OLD
    return texts.FEEDBACK_NOT_SAVED


async def vote_button(update: Update, context: Context) -> None:
    query, user = update.callback_query, update.effective_user
    if query is None or user is None or not await gate(update, context):
        return
    press = parse_feedback(query.data or "")
    if press is None:  # the handler's pattern lets only well-formed data through
        await query.answer()
        return
    outcome = await services(context).vote(press.question_id, user.id, press.vote)
    await query.answer(toast(outcome, press.vote))
    wants_reason = press.vote == Vote.DOWN and outcome in (VoteOutcome.RECORDED, VoteOutcome.CHANGED)
    if wants_reason and isinstance(query.message, Message):
        await ask_reason(query.message, user, press.question_id)


async def ask_reason(answer: Message, user: User, question_id: int) -> None:
    text = texts.REASON_PROMPT.format(question_id=question_id)
    if answer.chat.type != ChatType.PRIVATE:
        # a selective ForceReply opens the reply field only for the people the prompt mentions
        text = f"{user.mention_html()}\n{text}"
    await answer.reply_text(
        text,
        parse_mode=ParseMode.HTML,
        reply_markup=ForceReply(selective=True, input_field_placeholder=texts.REASON_PLACEHOLDER),
        do_quote=True,
    )


async def reason_reply(update: Update, context: Context) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or message.reply_to_message is None or not await gate(update, context):
        return
    question_id = prompt_question_id(message.reply_to_message.text or "")
    reason = one_line(message.text or "")
    if question_id is None or not reason:
        return
    outcome = await services(context).give_reason(question_id, user.id, reason)
    if outcome is None:
        text = texts.FEEDBACK_NOT_SAVED
    elif outcome == VoteOutcome.UNKNOWN_QUESTION:
        text = texts.FEEDBACK_TOO_OLD
    else:
        text = texts.REASON_SAVED
    await message.reply_text(text, parse_mode=ParseMode.HTML, do_quote=message.chat.type != ChatType.PRIVATE)


def one_line(text: str) -> str:
    """The first non-empty line, whitespace collapsed, at most MAX_REASON_CHARS."""
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= MAX_REASON_CHARS else line[: MAX_REASON_CHARS - 1].rstrip() + "…"
    return ""
