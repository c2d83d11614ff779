"""Feedback and the question log end to end: 👍/👎 buttons, reasons, /thongke, restarts, privacy, switching it off."""

from __future__ import annotations

import asyncio
import csv
import io
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fake_telegram import (
    ADMIN,
    BOT_USERNAME,
    GROUP,
    OTHER_USER,
    QUESTION,
    USER,
    Call,
    FakeTelegram,
    RunningBot,
    copy_small_corpus,
    make_settings,
)

from bot import texts
from bot.app import build_application
from retrieval.assistant import Assistant
from retrieval.questionlog import LOG_FILE, ChatKind, NewQuestion, QuestionLog, Vote

UNANSWERABLE = "Ai chủ trì việc phóng tàu vũ trụ lên sao Hỏa?"


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bot-feedback")
    with FakeTelegram() as fake:
        Assistant(make_settings(fake, copy_small_corpus(root / "corpus"), root / "index")).reload()
    return root


@dataclass
class Setup:
    fake: FakeTelegram
    assistant: Assistant
    corpus: Path
    index: Path
    start: Callable[..., RunningBot]

    def log(self) -> QuestionLog:
        """The log as another reader sees it (the bot keeps its own connection)."""
        return QuestionLog.open(make_settings(self.fake, self.corpus, self.index))


@pytest.fixture
def setup(template: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> Iterator[Setup]:
    """A fresh index folder per test, so each test starts with an empty question log."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(template / "corpus", corpus)
    shutil.copytree(template / "index", index)
    running: list[RunningBot] = []
    with FakeTelegram() as fake:
        assistant = Assistant(make_settings(fake, corpus, index))

        def start(**overrides: Any) -> RunningBot:
            application = build_application(make_settings(fake, corpus, index, **overrides), assistant)
            bot = RunningBot(application, fake).__enter__()
            running.append(bot)
            return bot

        yield Setup(fake, assistant, corpus, index, start)
        for bot in running:
            bot.stop(drain=False)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, f"the bot logged errors: {errors}"


def stop(bot: RunningBot) -> None:
    """Stop a bot the way `vanban bot` stops: after the Application, its post-shutdown hook (closing the log)."""
    bot.stop()
    shutdown = bot.application.post_shutdown
    assert shutdown is not None
    asyncio.run(shutdown(bot.application))


def labels(call: Call) -> list[str]:
    return [b["text"] for b in call.buttons]


def vote_data(call: Call, sign: str) -> str:
    (button,) = [b for b in call.buttons if b["text"] == sign]
    return str(button["callback_data"])


def press(fake: FakeTelegram, user: dict[str, Any], answer: Call, sign: str) -> str:
    """Tap 👍 or 👎 under an answer; the notice the bot shows for it."""
    query = fake.press(user, fake.bot_message(answer), vote_data(answer, sign))
    return str(fake.toast(query).params.get("text", ""))


def is_prompt(call: Call) -> bool:
    return call.method == "sendMessage" and bool((call.params.get("reply_markup") or {}).get("force_reply"))


def prompts(fake: FakeTelegram, chat_id: int) -> list[Call]:
    return [c for c in fake.sent(chat_id) if is_prompt(c)]


def wait_prompt(fake: FakeTelegram, chat_id: int) -> Call:
    """The "what was wrong?" prompt the bot sends after a 👎."""
    return fake.wait_for(lambda c: is_prompt(c) and c.chat_id == chat_id)[0]


# ---------------------------------------------------------------- buttons


def test_a_vote_a_second_press_and_a_reason_are_stored(setup: Setup) -> None:
    fake = setup.fake
    setup.start()
    chat, user = fake.private_chat(USER), fake.user(USER)
    fake.send_text(chat, user, QUESTION)
    (answer,) = fake.wait_sent(USER)
    assert labels(answer) == ["Xem toàn văn Phụ lục, dòng 3", "👍", "👎"]
    assert all(len(b["callback_data"].encode()) <= 64 for b in answer.buttons)

    assert press(fake, user, answer, "👍") == "Cảm ơn bạn đã đánh giá 👍."
    assert press(fake, user, answer, "👍") == "Bạn đã đánh giá 👍 cho câu trả lời này rồi."
    assert prompts(fake, USER) == [], "a 👍 asks nothing"
    assert press(fake, user, answer, "👎") == "Đã đổi đánh giá của bạn thành 👎."
    prompt = wait_prompt(fake, USER)
    assert prompts(fake, USER) == [prompt]
    assert prompt.reply_to == fake.bot_message(answer)["message_id"]
    assert "chưa đúng ở đâu?" in prompt.text

    fake.send_text(chat, user, "Trích sai dòng, phải là dòng 4\nvà còn thiếu", reply_to=fake.bot_message(prompt))
    thanks = fake.wait_sent(USER, 3)[2]
    assert thanks.text == texts.REASON_SAVED
    # the item button still works alongside the feedback buttons
    fake.press(user, fake.bot_message(answer), answer.buttons[0]["callback_data"])
    item = fake.wait_sent(USER, 4)[3]
    assert item.text.startswith("<b>Chương trình hành động số 55-CTr/TU")

    fake.send_text(chat, user, UNANSWERABLE)
    not_found = fake.wait_sent(USER, 5)[4]
    assert "Không tìm thấy" in not_found.text and labels(not_found) == ["👍", "👎"]

    log = setup.log()
    first, second = log.questions()
    assert (first.question, first.found, second.question, second.found) == (QUESTION, True, UNANSWERABLE, False)
    assert [(c.document, c.item) for c in first.cited] == [("55-CTr/TU", "Phụ lục, dòng 3")]
    assert [(f.vote, f.reason) for f in first.feedback] == [(Vote.DOWN, "Trích sai dòng, phải là dòng 4")]
    assert first.chat_kind == ChatKind.PRIVATE and first.latency_ms > 0
    assert second.feedback == ()


def test_in_a_group_everyone_votes_once_on_the_same_answer(setup: Setup) -> None:
    fake = setup.fake
    setup.start()
    group, asker, other = fake.group_chat(GROUP), fake.user(USER), fake.user(OTHER_USER, "Bình")
    fake.send_text(group, asker, f"@{BOT_USERNAME} {QUESTION}")
    (answer,) = fake.wait_sent(GROUP)
    assert press(fake, asker, answer, "👍") == "Cảm ơn bạn đã đánh giá 👍."
    assert press(fake, other, answer, "👎") == "Cảm ơn bạn đã đánh giá 👎."
    assert press(fake, asker, answer, "👍") == "Bạn đã đánh giá 👍 cho câu trả lời này rồi."
    prompt = wait_prompt(fake, GROUP)
    assert prompts(fake, GROUP) == [prompt]
    # the prompt is for the one who pressed 👎: it mentions them and opens the reply field for them only
    assert f"tg://user?id={OTHER_USER}" in prompt.text and "Bình" in prompt.text
    assert prompt.params["reply_markup"] == {
        "force_reply": True,
        "selective": True,
        "input_field_placeholder": texts.REASON_PLACEHOLDER,
    }
    fake.send_text(group, other, "thiếu cơ quan phối hợp", reply_to=fake.bot_message(prompt))
    thanks = fake.wait_sent(GROUP, 3)[2]
    assert thanks.text == texts.REASON_SAVED, "a reply to the prompt is a reason, not a question"

    (logged,) = setup.log().questions()
    assert logged.chat_kind == ChatKind.GROUP
    assert (logged.up, logged.down, logged.reasons) == (1, 1, ["thiếu cơ quan phối hợp"])


# ---------------------------------------------------------------- /thongke


def test_thongke_is_for_admins_and_reports_the_period(setup: Setup) -> None:
    fake = setup.fake
    setup.start()
    chat, user = fake.private_chat(USER), fake.user(USER)
    fake.send_text(chat, user, QUESTION)
    (answer,) = fake.wait_sent(USER)
    fake.send_text(chat, user, UNANSWERABLE)
    fake.wait_sent(USER, 2)
    press(fake, user, answer, "👎")
    prompt = wait_prompt(fake, USER)
    fake.send_text(chat, user, "Câu trả lời <sai> mục", reply_to=fake.bot_message(prompt))
    fake.wait_for(lambda c: c.text == texts.REASON_SAVED)

    fake.send_text(chat, user, "/thongke")
    assert fake.wait_for(lambda c: c.chat_id == USER and c.text == texts.ADMIN_ONLY)

    admin_chat, admin = fake.private_chat(ADMIN), fake.user(ADMIN)
    fake.send_text(admin_chat, admin, "/thongke")
    (report,) = fake.wait_sent(ADMIN)
    assert report.text.startswith("<b>Thống kê 7 ngày qua")
    assert "Câu hỏi: 2, từ 1 người hỏi" in report.text
    assert "Trả lời được: 1 (50%)" in report.text
    assert "Đánh giá: 👍 0 · 👎 1" in report.text
    assert "1. 55-CTr/TU: 1 câu hỏi" in report.text
    assert UNANSWERABLE in report.text
    assert "Câu trả lời &lt;sai&gt; mục" in report.text, "the reason is shown, escaped"

    fake.send_text(admin_chat, admin, "/thongke 30")
    assert fake.wait_sent(ADMIN, 2)[1].text.startswith("<b>Thống kê 30 ngày qua")
    fake.send_text(admin_chat, admin, "/thongke tuần")
    assert fake.wait_sent(ADMIN, 3)[2].text == texts.USAGE_THONGKE
    fake.send_text(fake.group_chat(GROUP), admin, f"/thongke@{BOT_USERNAME}")
    assert fake.wait_sent(GROUP)[0].text == texts.STATS_PRIVATE_ONLY, "other people's questions stay out of groups"


# ---------------------------------------------------------------- lifetime of the log


def test_the_log_and_its_buttons_survive_a_restart(setup: Setup) -> None:
    fake = setup.fake
    first = setup.start()
    chat, user = fake.private_chat(USER), fake.user(USER)
    fake.send_text(chat, user, QUESTION)
    (answer,) = fake.wait_sent(USER)
    assert press(fake, user, answer, "👎") == "Cảm ơn bạn đã đánh giá 👎."
    prompt = wait_prompt(fake, USER)
    stop(first)

    setup.start()  # a new Application, a new connection to the same INDEX_DIR
    fake.send_text(chat, user, "sai dòng", reply_to=fake.bot_message(prompt))
    assert fake.wait_sent(USER, 3)[2].text == texts.REASON_SAVED
    assert press(fake, user, answer, "👎") == "Bạn đã đánh giá 👎 cho câu trả lời này rồi.", "the same person"
    assert press(fake, user, answer, "👍") == "Đã đổi đánh giá của bạn thành 👍."

    # and another process reads it while the bot runs
    listing = subprocess.run(
        [sys.executable, "-m", "retrieval.cli", "log", "--csv", "-"],
        env={**os.environ, "INDEX_DIR": str(setup.index), "CORPUS_DIR": str(setup.corpus)},
        cwd=setup.index,  # away from any developer's .env
        capture_output=True,
        text=True,
        check=True,
    )
    (row,) = csv.DictReader(io.StringIO(listing.stdout))
    assert (row["question"], row["found"], row["up"], row["down"]) == (QUESTION, "1", "1", "0")
    assert row["reasons"] == "", "a 👍 takes back the 👎 and its reason"


def test_old_questions_are_removed_when_the_bot_opens_the_log(setup: Setup) -> None:
    settings = make_settings(setup.fake, setup.corpus, setup.index, log_retention_days=30)
    old = QuestionLog.open(settings, clock=lambda: datetime.now(UTC) - timedelta(days=31))
    old_id = old.record(NewQuestion(ChatKind.PRIVATE, USER, "câu hỏi cũ", None, False, (), 5.0))
    old.close()
    fresh = QuestionLog.open(settings, clock=lambda: datetime.now(UTC) - timedelta(days=29))
    fresh.record(NewQuestion(ChatKind.PRIVATE, USER, "câu hỏi gần đây", None, False, (), 5.0))
    fresh.close()

    setup.start(log_retention_days=30)
    fake, user = setup.fake, setup.fake.user(USER)
    assert [q.question for q in setup.log().questions()] == ["câu hỏi gần đây"]
    # a button left under the removed answer says so instead of failing
    query = fake.press(user, {"message_id": 1, "date": 0, "chat": fake.private_chat(USER)}, f"fb|{old_id}|u")
    assert fake.toast(query).params["text"] == texts.FEEDBACK_TOO_OLD


# ---------------------------------------------------------------- privacy and switching it off


def test_nothing_identifying_is_stored(setup: Setup) -> None:
    fake = setup.fake
    bot = setup.start()
    person_id, name, username = 987654321012, "Nguyễn Thị Bảo Châu", "chau_tq_1987"
    person = fake.user(person_id, name, username)
    chat = fake.private_chat(person_id, name)
    fake.send_text(chat, person, QUESTION)
    (answer,) = fake.wait_sent(person_id)
    press(fake, person, answer, "👎")
    prompt = wait_prompt(fake, person_id)
    fake.send_text(chat, person, "thiếu thời hạn", reply_to=fake.bot_message(prompt))
    fake.wait_sent(person_id, 3)
    fake.send_text(fake.group_chat(GROUP), person, f"@{BOT_USERNAME} {UNANSWERABLE}")
    fake.wait_sent(GROUP)
    stop(bot)

    (logged, _) = setup.log().questions()
    assert logged.user and len(logged.user) == 32 and str(person_id) not in logged.user
    stored = b"".join(p.read_bytes() for p in sorted(setup.index.glob(f"{LOG_FILE}*")))
    assert "thiếu thời hạn".encode() in stored, "the content is there: the check below looks at real bytes"
    for secret in (str(person_id).encode(), person_id.to_bytes(6, "big"), person_id.to_bytes(8, "big")):
        assert secret not in stored
    for text in (name, username, "Bảo Châu", str(GROUP)):
        assert text.encode() not in stored
    key = setup.index / "questions.key"
    assert key.stat().st_mode & 0o777 == 0o600


def test_log_questions_false_keeps_nothing_and_shows_no_feedback_buttons(setup: Setup) -> None:
    fake = setup.fake
    bot = setup.start(log_questions=False)
    fake.send_text(fake.private_chat(USER), fake.user(USER), QUESTION)
    (answer,) = fake.wait_sent(USER)
    assert labels(answer) == ["Xem toàn văn Phụ lục, dòng 3"]
    fake.send_text(fake.private_chat(ADMIN), fake.user(ADMIN), "/thongke")
    assert fake.wait_sent(ADMIN)[0].text == texts.LOG_OFF
    stop(bot)
    assert sorted(p.name for p in setup.index.glob("questions*")) == []


def test_an_answer_goes_out_when_the_log_cannot_be_written(setup: Setup, caplog: pytest.LogCaptureFixture) -> None:
    fake = setup.fake
    setup.start()
    # another process holding the write lock longer than the log waits
    blocker = sqlite3.connect(setup.index / LOG_FILE, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        fake.send_text(fake.private_chat(USER), fake.user(USER), QUESTION)
        (answer,) = fake.wait_sent(USER)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert "Chủ trì: Đảng đoàn HĐND tỉnh" in answer.text
    assert labels(answer) == ["Xem toàn văn Phụ lục, dòng 3"], "no feedback buttons: nothing to attach them to"
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any(w.startswith("question log: could not log a question: OperationalError") for w in warnings)
