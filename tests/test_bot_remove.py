"""/xoa end to end through the loopback Bot API server: an admin removes a document by its number, the file is
kept outside the corpus, the index no longer answers from it; others are refused; an unknown number gets
the nearest ones."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fake_telegram import ADMIN, USER, FakeTelegram, RunningBot, copy_small_corpus, corpus_listing, make_settings

from bot import texts
from bot.app import build_application
from retrieval.assistant import Assistant

REMOVED_FILE = "tuyen-quang-ubnd-ke-hoach-khac-phuc-2023.txt"
Q78 = "Ai được giao chủ trì theo dõi, đôn đốc việc triển khai Kế hoạch 78/KH-UBND?"


@dataclass
class Setup:
    fake: FakeTelegram
    bot: RunningBot
    corpus: Path
    index: Path


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bot-remove")
    with FakeTelegram() as fake:
        Assistant(make_settings(fake, copy_small_corpus(root / "corpus"), root / "index")).reload()
    return root


@pytest.fixture
def setup(template: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> Iterator[Setup]:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(template / "corpus", corpus)
    shutil.copytree(template / "index", index)
    with FakeTelegram() as fake:
        settings = make_settings(fake, corpus, index)
        with RunningBot(build_application(settings, Assistant(settings)), fake) as bot:
            yield Setup(fake, bot, corpus, index)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, f"the bot logged errors: {errors}"


def final_edit(fake: FakeTelegram, words: str) -> str:
    (edit,) = fake.wait_for(lambda c: c.method == "editMessageText" and c.chat_id == ADMIN and words in c.text)
    return edit.text


def test_an_admin_removes_a_document_and_its_file_is_kept(setup: Setup) -> None:
    fake = setup.fake
    chat, admin = fake.private_chat(ADMIN), fake.user(ADMIN)
    fake.send_text(chat, admin, Q78)
    assert "78/KH-UBND" in fake.wait_sent(ADMIN)[0].text

    fake.send_text(chat, admin, "/xoa 78/KH-UBND")
    report = final_edit(fake, "Đã nạp lại xong")
    assert "Đã gỡ khỏi chỉ mục: Kế hoạch số 78/KH-UBND" in report
    assert "không bị xoá" in report and "3 văn bản" in report
    assert not (setup.corpus / REMOVED_FILE).exists()
    (kept,) = (setup.index / ".removed").rglob(REMOVED_FILE)
    assert kept.stat().st_size > 0
    edits = [c.text for c in fake.sent(ADMIN, "editMessageText")]
    assert any("0 tệp mới hoặc đã sửa, 3 tệp không đổi" in e for e in edits), "progress says what was reused"

    fake.send_text(chat, admin, Q78)
    answer = fake.wait_for(lambda c: c.method == "sendMessage" and c.chat_id == ADMIN and c.seq > 0, count=3)[-1]
    assert "Kế hoạch số 78/KH-UBND" not in answer.text


def test_an_unknown_number_lists_the_nearest_and_changes_nothing(setup: Setup) -> None:
    fake, listing = setup.fake, corpus_listing(setup.corpus)
    before = (setup.index / "CURRENT").read_text(encoding="utf-8")
    fake.send_text(fake.private_chat(ADMIN), fake.user(ADMIN), "/xoa 78/KH-UBN")
    text = final_edit(fake, "Không có văn bản số")
    assert "Số gần giống: 78/KH-UBND" in text
    setup.bot.stop()
    assert corpus_listing(setup.corpus) == listing
    assert (setup.index / "CURRENT").read_text(encoding="utf-8") == before


def test_xoa_is_refused_to_non_admins_and_needs_a_number(setup: Setup) -> None:
    fake, listing = setup.fake, corpus_listing(setup.corpus)
    fake.send_text(fake.private_chat(USER), fake.user(USER), "/xoa 78/KH-UBND")
    assert fake.wait_sent(USER)[0].text == texts.ADMIN_ONLY
    fake.send_text(fake.private_chat(ADMIN), fake.user(ADMIN), "/xoa")
    assert fake.wait_sent(ADMIN)[0].text == texts.USAGE_XOA
    setup.bot.stop()
    assert corpus_listing(setup.corpus) == listing
