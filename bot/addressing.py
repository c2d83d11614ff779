"""Is a message meant for the bot? In groups the bot speaks only when spoken to.

A group message is for the bot when it mentions the bot (@username), or replies to one of the bot's
messages; commands are routed by python-telegram-bot itself (it drops ``/cmd@OtherBot``). That is also
exactly what Telegram delivers to a bot with privacy mode on.
"""

from __future__ import annotations

import re

from telegram import Message, MessageEntity
from telegram.constants import ChatType

_LEADING_JUNK = re.compile(r"^[\s,.:;!\-–—]+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"[ \t]+([,.:;?!])")


def question_text(message: Message, bot_username: str, bot_id: int) -> str | None:
    """The question a text message puts to the bot, without the mention; None when not addressed to it."""
    text = message.text or ""
    if message.chat.type == ChatType.PRIVATE:
        return text.strip()
    mentions = _bot_mentions(message.parse_entities(), bot_username, bot_id)
    if mentions:
        for mention in mentions:
            text = text.replace(mention, " ", 1)
        text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", re.sub(r"[ \t]+", " ", text))
        return _LEADING_JUNK.sub("", text).strip()
    if replies_to_bot(message, bot_id):
        return text.strip()
    return None


def is_addressed(message: Message, bot_username: str, bot_id: int) -> bool:
    """For any message (a document with a caption too): private, mentioning the bot, or replying to it."""
    if message.chat.type == ChatType.PRIVATE or replies_to_bot(message, bot_id):
        return True
    entities = message.parse_entities() if message.text else message.parse_caption_entities()
    return bool(_bot_mentions(entities, bot_username, bot_id))


def replies_to_bot(message: Message, bot_id: int) -> bool:
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == bot_id)


def _bot_mentions(entities: dict[MessageEntity, str], bot_username: str, bot_id: int) -> list[str]:
    wanted = f"@{bot_username}".casefold()
    found = []
    for entity, text in entities.items():
        if (entity.type == MessageEntity.MENTION and text.casefold() == wanted) or (
            entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot_id
        ):
            found.append(text)
    return found
