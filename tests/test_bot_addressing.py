"""Which messages are for the bot, and the question they ask."""

from __future__ import annotations

import datetime as dt

import pytest
from telegram import Chat, Message, MessageEntity, User

from bot.addressing import is_addressed, question_text

BOT = User(id=42, is_bot=True, first_name="Trợ lý", username="TenBot")
ALICE = User(id=7, is_bot=False, first_name="Alice")
GROUP = Chat(id=-100, type=Chat.SUPERGROUP, title="Nhóm")
PRIVATE = Chat(id=7, type=Chat.PRIVATE, first_name="Alice")


def message(
    text: str, chat: Chat = GROUP, entities: list[MessageEntity] | None = None, reply_to: Message | None = None
) -> Message:
    return Message(
        message_id=1,
        date=dt.datetime.now(dt.UTC),
        chat=chat,
        from_user=ALICE,
        text=text,
        entities=entities or [],
        reply_to_message=reply_to,
    )


def mention(text: str, word: str) -> MessageEntity:
    # offsets in UTF-16 code units, as Telegram sends them
    start = len(text[: text.index(word)].encode("utf-16-le")) // 2
    return MessageEntity(MessageEntity.MENTION, start, len(word.encode("utf-16-le")) // 2)


def test_in_private_everything_is_a_question() -> None:
    assert question_text(message("  ai chủ trì?  ", PRIVATE), "TenBot", 42) == "ai chủ trì?"


@pytest.mark.parametrize(
    ("text", "word", "question"),
    [
        ("@TenBot ai chủ trì?", "@TenBot", "ai chủ trì?"),
        ("@tenbot, ai chủ trì?", "@tenbot", "ai chủ trì?"),
        ("Đồng chí hỏi giúp @TenBot: ai chủ trì?", "@TenBot", "Đồng chí hỏi giúp: ai chủ trì?"),
    ],
)
def test_a_mention_of_the_bot_addresses_it(text: str, word: str, question: str) -> None:
    assert question_text(message(text, entities=[mention(text, word)]), "TenBot", 42) == question


def test_a_mention_of_someone_else_does_not() -> None:
    text = "@BotKhac ai chủ trì?"
    assert question_text(message(text, entities=[mention(text, "@BotKhac")]), "TenBot", 42) is None


def test_a_text_mention_of_the_bot_addresses_it() -> None:
    entity = MessageEntity(MessageEntity.TEXT_MENTION, 0, 6, user=BOT)
    assert question_text(message("Trợ lý thời hạn?", entities=[entity]), "TenBot", 42) == "thời hạn?"


def test_a_reply_to_the_bot_addresses_it_a_reply_to_someone_else_does_not() -> None:
    from_bot = Message(message_id=9, date=dt.datetime.now(dt.UTC), chat=GROUP, from_user=BOT, text="Chủ trì: …")
    from_alice = message("ý kiến khác")
    assert question_text(message("còn phối hợp?", reply_to=from_bot), "TenBot", 42) == "còn phối hợp?"
    assert question_text(message("còn phối hợp?", reply_to=from_alice), "TenBot", 42) is None


def test_plain_group_talk_is_not_for_the_bot() -> None:
    assert question_text(message("ai chủ trì việc này nhỉ?"), "TenBot", 42) is None
    assert not is_addressed(message("ai chủ trì việc này nhỉ?"), "TenBot", 42)


def test_a_document_is_addressed_by_a_mention_in_its_caption() -> None:
    caption = "@TenBot thêm văn bản này"
    doc = Message(
        message_id=3,
        date=dt.datetime.now(dt.UTC),
        chat=GROUP,
        from_user=ALICE,
        caption=caption,
        caption_entities=[mention(caption, "@TenBot")],
    )
    assert is_addressed(doc, "TenBot", 42)
