"""The bot end to end: the real Application, polling a fake Bot API over HTTP, answering from a real index."""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fake_telegram import (
    ADMIN,
    BOT_USERNAME,
    GROUP,
    OTHER_USER,
    QUESTION,
    TOKEN,
    USER,
    FakeTelegram,
    RunningBot,
    copy_small_corpus,
    make_settings,
)

from bot import texts
from bot.app import build_application
from bot.services import Services
from retrieval.assistant import Assistant


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # httpx honours HTTP(S)_PROXY even for loopback
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture(scope="session")
def shared_dirs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("bot-shared")
    corpus, index = copy_small_corpus(root / "corpus"), root / "index"
    with FakeTelegram() as fake:
        Assistant(make_settings(fake, corpus, index)).reload()
    return corpus, index


@pytest.fixture(scope="session")
def shared_assistant(shared_dirs: tuple[Path, Path]) -> Assistant:
    with FakeTelegram() as fake:
        return Assistant(make_settings(fake, *shared_dirs))


@pytest.fixture
def telegram() -> Iterator[FakeTelegram]:
    with FakeTelegram() as fake:
        yield fake


@pytest.fixture
def start_bot(
    telegram: FakeTelegram,
    shared_dirs: tuple[Path, Path],
    shared_assistant: Assistant,
    caplog: pytest.LogCaptureFixture,
) -> Iterator[Callable[..., RunningBot]]:
    running: list[RunningBot] = []

    def start(services: Services | None = None, **overrides: Any) -> RunningBot:
        """A bot with these settings, or one sharing ``services`` (its settings, throttle and clock)."""
        settings = services.settings if services else make_settings(telegram, *shared_dirs, **overrides)
        application = build_application(settings, shared_assistant)
        if services is not None:
            services.attach(application)
        bot = RunningBot(application, telegram).__enter__()
        running.append(bot)
        return bot

    yield start
    for bot in running:
        bot.stop(drain=False)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, f"the bot logged errors: {errors}"


def answers_to(fake: FakeTelegram, chat_id: int, count: int = 1) -> list[str]:
    return [c.text for c in fake.wait_sent(chat_id, count)]


# ---------------------------------------------------------------- private chats


def test_private_question_gets_the_answer_its_source_and_a_verbatim_quote(
    telegram: FakeTelegram, start_bot: Callable[..., RunningBot], shared_assistant: Assistant
) -> None:
    start_bot()
    telegram.send_text(telegram.private_chat(USER), telegram.user(USER), QUESTION)
    (reply,) = telegram.wait_sent(USER)
    assert reply.params["parse_mode"] == "HTML"
    assert "Chủ trì: Đảng đoàn HĐND tỉnh" in reply.text
    assert "55-CTr/TU" in reply.text and "<blockquote>" in reply.text
    # the quote is the document's own text for the cited row
    expected = shared_assistant.show("55-CTr/TU", ["Phụ lục", "3"])
    assert html.escape(expected.passages[0]) in reply.text
    assert telegram.sent(USER, "sendChatAction")[0].params["action"] == "typing"
    assert telegram.sent(USER, "sendChatAction")[0].seq < reply.seq
    labels = [b["text"] for b in reply.buttons]
    assert labels == ["Xem toàn văn Phụ lục, dòng 3", "👍", "👎"]


def test_the_button_under_a_source_shows_the_whole_item(
    telegram: FakeTelegram, start_bot: Callable[..., RunningBot], shared_assistant: Assistant
) -> None:
    start_bot()
    user = telegram.user(USER)
    telegram.send_text(telegram.private_chat(USER), user, QUESTION)
    (answer,) = telegram.wait_sent(USER)
    button, _up, _down = answer.buttons
    assert len(button["callback_data"].encode()) <= 64
    telegram.press(user, telegram.bot_message(answer), button["callback_data"])
    _, item = telegram.wait_sent(USER, 2)
    telegram.wait_for(lambda c: c.method == "answerCallbackQuery")
    expected = shared_assistant.show("55-CTr/TU", ["Phụ lục", "3"])
    assert item.text.startswith(f"<b>{html.escape(expected.heading)}</b>")
    for passage in expected.passages:
        assert html.escape(passage) in item.text


def test_a_follow_up_question_is_about_the_previous_task(
    telegram: FakeTelegram, start_bot: Callable[..., RunningBot]
) -> None:
    start_bot()
    chat, user = telegram.private_chat(USER), telegram.user(USER)
    telegram.send_text(chat, user, QUESTION)
    telegram.wait_sent(USER)
    telegram.send_text(chat, user, "còn phối hợp thì sao?")
    _, followup = telegram.wait_sent(USER, 2)
    assert "Hiểu câu hỏi là: Ai phối hợp việc đổi mới, nâng cao chất lượng các phiên giải trình" in followup.text
    assert "Phối hợp: Đảng đoàn Ủy ban MTTQ tỉnh" in followup.text
    assert "Phụ lục, dòng 3" in followup.text


def test_commands_list_documents_show_an_item_and_report_status(
    telegram: FakeTelegram, start_bot: Callable[..., RunningBot]
) -> None:
    start_bot()
    chat, user = telegram.private_chat(USER), telegram.user(USER)
    telegram.send_text(chat, user, "/vanban")
    (listing,) = telegram.wait_sent(USER)
    assert "Văn bản trong kho: 4" in listing.text and "55-CTr/TU" in listing.text and "78/KH-UBND" in listing.text
    assert listing.buttons == [], "four documents fit on one page"
    telegram.press(user, telegram.bot_message(listing), "docs|3")  # a page button from a longer list
    (page,) = telegram.wait_sent(USER, method="editMessageText")
    assert page.params["message_id"] == telegram.bot_message(listing)["message_id"]
    assert page.text == listing.text, "a page past the end shows the last page"
    telegram.send_text(chat, user, "/muc 55-CTr/TU phụ lục 3")
    item = answers_to(telegram, USER, 2)[1]
    assert "Phụ lục, dòng 3" in item and "<blockquote>" in item
    telegram.send_text(chat, user, "/muc 999-NQ/TU 1")
    missing = answers_to(telegram, USER, 3)[2]
    assert "Không có văn bản" in missing and "55-CTr/TU" in missing
    telegram.send_text(chat, user, "/trangthai")
    status = answers_to(telegram, USER, 4)[3]
    assert "Văn bản: 4" in status
    telegram.send_text(chat, user, "/help")
    assert "/chutri" in answers_to(telegram, USER, 5)[4]
    assert telegram.sent(method="setMyCommands"), "the command menu is set at start"
    assert telegram.sent(method="deleteWebhook"), "polling clears any webhook left from webhook mode"


def test_a_user_who_asks_too_fast_is_asked_to_wait(
    telegram: FakeTelegram, start_bot: Callable[..., RunningBot]
) -> None:
    start_bot(user_rate_per_minute=1)
    chat, user = telegram.private_chat(USER), telegram.user(USER)
    telegram.send_text(chat, user, QUESTION)
    telegram.send_text(chat, user, QUESTION)
    replies = answers_to(telegram, USER, 2)
    assert sum("Đảng đoàn HĐND tỉnh" in r for r in replies) == 1
    assert sum("Bạn gửi quá nhanh" in r for r in replies) == 1


class Clock:
    """The throttle's clock, moved by the test: windows pass without sleeping."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def answered(caplog: pytest.LogCaptureFixture, chat_id: int) -> int:
    """Questions from the chat whose work ran to an answer (the handler logs each one)."""
    return sum(r.getMessage().startswith(f"answered chat={chat_id} ") for r in caplog.records)


def test_a_flood_gets_the_answers_within_the_rate_one_notice_then_silence(
    telegram: FakeTelegram,
    start_bot: Callable[..., RunningBot],
    shared_dirs: tuple[Path, Path],
    shared_assistant: Assistant,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="bot.handlers")
    clock = Clock()
    settings = make_settings(telegram, *shared_dirs, user_rate_per_minute=5)
    services = Services.create(settings, shared_assistant, clock=clock)
    bot = start_bot(services=services)
    chat, user = telegram.private_chat(USER), telegram.user(USER)
    for _ in range(300):
        telegram.send_text(chat, user, QUESTION)
    telegram.send_text(telegram.private_chat(OTHER_USER), telegram.user(OTHER_USER), QUESTION)
    for _ in range(8):
        telegram.send_text(telegram.private_chat(ADMIN), telegram.user(ADMIN), QUESTION)
    bot.stop()  # every update handled

    replies = [c.text for c in telegram.sent(USER)]
    assert len(replies) == 6
    assert sum("Chủ trì: Đảng đoàn HĐND tỉnh" in r for r in replies) == 5
    assert [r for r in replies if "quá nhanh" in r] == [texts.TOO_FAST.format(seconds=12)]  # 5 a minute
    assert answered(caplog, USER) == 5, "the refused questions' work never started"
    assert len(telegram.sent(USER, "sendChatAction")) == 5
    assert "Chủ trì: Đảng đoàn HĐND tỉnh" in answers_to(telegram, OTHER_USER)[0]
    assert len(telegram.sent(ADMIN)) == 8, "admins are not throttled"

    clock.now += 60  # the window passes: served again, and a new flood gets a new notice
    bot = start_bot(services=services)
    for _ in range(8):
        telegram.send_text(chat, user, QUESTION)
    bot.stop()
    later = [c.text for c in telegram.sent(USER)][6:]
    assert sum("Chủ trì: Đảng đoàn HĐND tỉnh" in r for r in later) == 5
    assert [r for r in later if "quá nhanh" in r] == [texts.TOO_FAST.format(seconds=12)]
    assert len(later) == 6 and answered(caplog, USER) == 10


def test_a_stranger_gets_one_refusal_per_window(
    telegram: FakeTelegram,
    start_bot: Callable[..., RunningBot],
    shared_dirs: tuple[Path, Path],
    shared_assistant: Assistant,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="bot.handlers")
    clock = Clock()
    settings = make_settings(telegram, *shared_dirs, allowed_chats=[GROUP])
    services = Services.create(settings, shared_assistant, clock=clock)
    bot = start_bot(services=services)
    stranger, group = telegram.private_chat(USER), telegram.group_chat(-1009999)
    for _ in range(50):
        telegram.send_text(stranger, telegram.user(USER), QUESTION)
        telegram.send_text(group, telegram.user(OTHER_USER), f"@{BOT_USERNAME} {QUESTION}")
    bot.stop()
    assert [c.text for c in telegram.sent(USER)] == [texts.NOT_ALLOWED]
    assert telegram.sent(-1009999) == [], "a group that is not served hears nothing"
    assert answered(caplog, USER) == 0 and answered(caplog, -1009999) == 0

    clock.now += 60
    bot = start_bot(services=services)
    for _ in range(5):
        telegram.send_text(stranger, telegram.user(USER), QUESTION)
    bot.stop()
    assert [c.text for c in telegram.sent(USER)] == [texts.NOT_ALLOWED] * 2


def test_allowed_chats_limit_where_the_bot_answers(
    telegram: FakeTelegram, start_bot: Callable[..., RunningBot]
) -> None:
    bot = start_bot(allowed_chats=[GROUP])
    telegram.send_text(telegram.private_chat(USER), telegram.user(USER), QUESTION)
    (refusal,) = answers_to(telegram, USER)
    assert refusal == texts.NOT_ALLOWED
    telegram.send_text(telegram.group_chat(-1009999), telegram.user(USER), f"@{BOT_USERNAME} {QUESTION}")
    telegram.send_text(telegram.group_chat(GROUP), telegram.user(USER), f"@{BOT_USERNAME} {QUESTION}")
    telegram.send_text(telegram.private_chat(ADMIN), telegram.user(ADMIN), QUESTION)
    assert "Đảng đoàn HĐND tỉnh" in answers_to(telegram, GROUP)[0]
    assert "Đảng đoàn HĐND tỉnh" in answers_to(telegram, ADMIN)[0]
    bot.stop()
    assert telegram.sent(-1009999) == [] and telegram.sent(-1009999, "sendChatAction") == []


# ---------------------------------------------------------------- groups


def test_in_a_group_the_bot_answers_only_when_addressed(
    telegram: FakeTelegram, start_bot: Callable[..., RunningBot]
) -> None:
    bot = start_bot()
    group, user = telegram.group_chat(GROUP), telegram.user(USER)
    telegram.send_text(group, user, QUESTION)  # people talking among themselves
    telegram.send_text(group, user, f"/hoi@OtherBot {QUESTION}")  # another bot's command
    mention = telegram.send_text(group, user, f"@{BOT_USERNAME} {QUESTION}")
    (answer,) = telegram.wait_sent(GROUP)
    assert "Đảng đoàn HĐND tỉnh" in answer.text
    assert answer.reply_to == mention["message_id"]

    reply = telegram.send_text(
        group, telegram.user(OTHER_USER), "còn phối hợp thì sao?", reply_to=telegram.bot_message(answer)
    )
    followup = telegram.wait_sent(GROUP, 2)[1]
    assert "Phối hợp: Đảng đoàn Ủy ban MTTQ tỉnh" in followup.text
    assert followup.reply_to == reply["message_id"]

    command = telegram.send_text(
        group,
        user,
        f"/chutri@{BOT_USERNAME} đổi mới, nâng cao chất lượng các phiên giải trình, chất vấn của HĐND theo 55-CTr/TU",
    )
    by_command = telegram.wait_sent(GROUP, 3)[2]
    assert "Chủ trì: Đảng đoàn HĐND tỉnh" in by_command.text
    assert by_command.reply_to == command["message_id"]

    telegram.send_text(group, user, "Cảm ơn mọi người, mai họp tiếp nhé.")
    bot.stop()  # handles everything it fetched before stopping
    assert len(telegram.sent(GROUP)) == 3


def test_a_bare_mention_gets_a_hint(telegram: FakeTelegram, start_bot: Callable[..., RunningBot]) -> None:
    start_bot()
    telegram.send_text(telegram.group_chat(GROUP), telegram.user(USER), f"@{BOT_USERNAME}")
    assert answers_to(telegram, GROUP) == [texts.EMPTY_MENTION]


# ---------------------------------------------------------------- errors and secrets


def test_an_error_is_logged_and_the_user_told_politely(
    telegram: FakeTelegram, start_bot: Callable[..., RunningBot], caplog: pytest.LogCaptureFixture
) -> None:
    start_bot()
    telegram.fail_next("sendMessage", USER)
    telegram.send_text(telegram.private_chat(USER), telegram.user(USER), QUESTION)
    failed, apology = telegram.wait_sent(USER, 2)
    assert "Đảng đoàn" in failed.text  # the answer Telegram refused
    assert apology.text == texts.ERROR
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors and errors[0].name == "bot.handlers"
    caplog.clear()  # expected: the fixture checks for unexpected errors


def test_the_token_never_reaches_the_logs(
    telegram: FakeTelegram, start_bot: Callable[..., RunningBot], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    # the worst case: even with httpx logging every request URL, the token is redacted
    caplog.set_level(logging.DEBUG, logger="httpx")
    start_bot()
    telegram.send_text(telegram.private_chat(USER), telegram.user(USER), QUESTION)
    telegram.wait_sent(USER)
    assert any("HTTP Request" in r.getMessage() for r in caplog.records), "httpx did log its requests"
    assert TOKEN not in caplog.text
    assert all(TOKEN not in r.getMessage() for r in caplog.records)
