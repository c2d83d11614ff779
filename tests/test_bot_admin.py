"""Admin actions end to end: /reload while questions keep being answered, and document uploads."""

from __future__ import annotations

import html
import logging
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fake_telegram import (
    ADMIN,
    BOT_USERNAME,
    GROUP,
    QUESTION,
    USER,
    FakeTelegram,
    RunningBot,
    copy_small_corpus,
    corpus_listing,
    make_settings,
)

from bot import texts
from bot.app import build_application
from retrieval.assistant import Assistant
from retrieval.readers import UnreadableFile, read_bytes

UPLOADED = """ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG

Số: 99/KH-UBND

Tuyên Quang, ngày 05 tháng 3 năm 2024

KẾ HOẠCH

Phát triển vườn ươm cây dược liệu quý trên địa bàn tỉnh năm 2024

I. MỤC ĐÍCH, YÊU CẦU

1. Bảo tồn và phát triển nguồn gen cây dược liệu quý của tỉnh.

II. NHIỆM VỤ, GIẢI PHÁP

1. Giao Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với Sở Khoa học và Công nghệ xây dựng vườn ươm \
cây dược liệu quý tại huyện Na Hang, hoàn thành trước ngày 30/11/2024.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Nguyễn Văn Sơn
"""


@dataclass
class Setup:
    fake: FakeTelegram
    bot: RunningBot
    assistant: Assistant
    corpus: Path
    index: Path

    def generation(self) -> str:
        return (self.index / "CURRENT").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus and its index, built once and copied for each test."""
    root = tmp_path_factory.mktemp("bot-admin")
    with FakeTelegram() as fake:
        Assistant(make_settings(fake, copy_small_corpus(root / "corpus"), root / "index")).reload()
    return root


@pytest.fixture
def setup(template: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> Iterator[Setup]:
    """A bot over its own corpus and index: these tests change them."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(template / "corpus", corpus)
    shutil.copytree(template / "index", index)
    with FakeTelegram() as fake:
        settings = make_settings(fake, corpus, index)
        assistant = Assistant(settings)
        with RunningBot(build_application(settings, assistant), fake) as bot:
            yield Setup(fake, bot, assistant, corpus, index)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, f"the bot logged errors: {errors}"


def test_reload_is_refused_to_non_admins(setup: Setup) -> None:
    fake, before = setup.fake, setup.generation()
    fake.send_text(fake.private_chat(USER), fake.user(USER), "/reload")
    (refusal,) = fake.wait_sent(USER)
    assert refusal.text == texts.ADMIN_ONLY
    setup.bot.stop()
    assert setup.generation() == before
    assert fake.sent(method="editMessageText") == []


def test_admin_reload_reports_progress_while_questions_keep_being_answered(setup: Setup) -> None:
    fake, before = setup.fake, setup.generation()
    admin = fake.user(ADMIN)
    # the first progress edit waits in the server: the reload is then certainly still running
    held = fake.hold("editMessageText", lambda call: call.chat_id == ADMIN)
    fake.send_text(fake.private_chat(ADMIN), admin, "/reload")
    assert held.arrived.wait(30), "the reload reported no progress"
    assert "Đã đọc 4 tệp" in fake.sent(ADMIN, "editMessageText")[0].text

    askers = [6001, 6002, 6003]
    for user_id in askers:
        fake.send_text(fake.private_chat(user_id), fake.user(user_id), QUESTION)
    fake.send_text(fake.group_chat(GROUP), fake.user(6004), f"@{BOT_USERNAME} {QUESTION}")
    fake.send_text(fake.private_chat(ADMIN), admin, "/reload")  # a second one while the first runs
    answers = [fake.wait_sent(chat)[0] for chat in [*askers, GROUP]]
    assert all("Chủ trì: Đảng đoàn HĐND tỉnh" in a.text for a in answers)
    busy = fake.wait_for(lambda c: c.method == "sendMessage" and c.chat_id == ADMIN and c.text == texts.RELOAD_BUSY)
    assert setup.generation() == before, "still the old index while the reload is held"

    held.release()
    (summary,) = fake.wait_for(lambda c: c.method == "editMessageText" and "Đã nạp lại xong" in c.text)
    assert "4 văn bản" in summary.text and "4 tệp" in summary.text
    assert summary.seq > max(a.seq for a in [*answers, *busy])
    assert setup.generation() != before
    # one status message, edited: started, then progress, then the summary
    status_messages = [c for c in fake.sent(ADMIN) if c.text == texts.RELOAD_STARTED]
    assert len(status_messages) == 1
    edits = [c.text for c in fake.sent(ADMIN, "editMessageText")]
    assert any("Đã chia thành" in e for e in edits)

    fake.send_text(fake.private_chat(USER), fake.user(USER), QUESTION)
    assert "Đảng đoàn HĐND tỉnh" in fake.wait_sent(USER)[0].text, "answers come from the new index"


def test_the_reload_summary_names_each_file_that_could_not_be_read_and_why(setup: Setup) -> None:
    fake = setup.fake
    (setup.corpus / "hong.docx").write_bytes(b"this is not a zip archive")
    with pytest.raises(UnreadableFile) as unreadable:
        read_bytes(b"this is not a zip archive", "hong.docx")
    fake.send_text(fake.private_chat(ADMIN), fake.user(ADMIN), "/reload")
    (summary,) = fake.wait_for(lambda c: c.method == "editMessageText" and "Đã nạp lại xong" in c.text)
    assert "4 văn bản" in summary.text and "Tệp không nạp được (1)" in summary.text
    assert f"• hong.docx: {html.escape(unreadable.value.user_message)}" in summary.text


def test_an_admin_upload_is_checked_stored_and_indexed(setup: Setup) -> None:
    fake = setup.fake
    chat, admin = fake.private_chat(ADMIN), fake.user(ADMIN)
    fake.send_document(chat, admin, "Kế hoạch 99 (dược liệu).txt", UPLOADED.encode("utf-8"))
    (report,) = fake.wait_for(lambda c: c.method == "editMessageText" and "Đã thêm tệp" in c.text)
    assert "Ke_hoach_99_duoc_lieu.txt" in report.text
    for shown in ["Kế hoạch số 99/KH-UBND", "05/03/2024", "Ủy ban nhân dân tỉnh Tuyên Quang", "vườn ươm cây dược liệu"]:
        assert shown in report.text
    assert "Đã nạp lại xong" in report.text and "5 văn bản" in report.text
    assert (setup.corpus / "Ke_hoach_99_duoc_lieu.txt").read_bytes() == UPLOADED.encode("utf-8")
    assert not [p for p in setup.corpus.iterdir() if p.name.startswith(".")], "no temporary file left behind"

    fake.send_text(chat, admin, "Ai chủ trì xây dựng vườn ươm cây dược liệu quý theo 99/KH-UBND?")
    answer = fake.wait_sent(ADMIN, 2)[1]
    assert "Chủ trì: Sở Nông nghiệp và Phát triển nông thôn" in answer.text
    assert "99/KH-UBND" in answer.text


BINARY_JUNK = bytes(range(256)) * 8


@pytest.mark.parametrize(
    ("user_id", "file_name", "data", "declared_size", "expected", "downloaded"),
    [
        (ADMIN, "rac.txt", BINARY_JUNK, None, "Tệp không phải văn bản", True),
        (ADMIN, "ke-hoach.docx", b"this is not a zip archive at all", None, "Không nhận tệp ke-hoach.docx", True),
        (
            ADMIN,
            "ghi-chu.txt",
            "Chỉ là vài dòng ghi chú, không phải văn bản.".encode(),
            None,
            "Không nhận ra văn bản",
            True,
        ),
        (ADMIN, "../../thoat-ra.txt", UPLOADED.encode(), None, "Tên tệp không hợp lệ", False),
        (ADMIN, "bang.xlsx", b"PK\x03\x04", None, "Không hỗ trợ loại tệp .xlsx", False),
        (ADMIN, "lon.txt", UPLOADED.encode(), 5 * 1024 * 1024, "Tệp quá lớn", False),
        (USER, "ke-hoach.txt", UPLOADED.encode(), None, texts.UPLOAD_REFUSED, False),
    ],
    ids=["binary-txt", "docx-not-zip", "no-document", "path-traversal", "unsupported", "too-big", "not-admin"],
)
def test_a_refused_upload_changes_nothing(
    setup: Setup, user_id: int, file_name: str, data: bytes, declared_size: int | None, expected: str, downloaded: bool
) -> None:
    fake, before, listing = setup.fake, setup.generation(), corpus_listing(setup.corpus)
    fake.send_document(fake.private_chat(user_id), fake.user(user_id), file_name, data, declared_size=declared_size)
    fake.wait_for(
        lambda c: c.chat_id == user_id and c.method in ("sendMessage", "editMessageText") and expected in c.text
    )
    setup.bot.stop()
    assert corpus_listing(setup.corpus) == listing
    assert setup.generation() == before
    assert bool(fake.sent(method="getFile")) == downloaded
    assert not [c for c in fake.calls if "Đã nạp lại xong" in c.text]


def test_files_shared_in_a_group_are_ignored(setup: Setup) -> None:
    fake, listing = setup.fake, corpus_listing(setup.corpus)
    fake.send_document(fake.group_chat(GROUP), fake.user(ADMIN), "ke-hoach.txt", UPLOADED.encode())
    setup.bot.stop()
    assert fake.sent(GROUP) == [] and fake.sent(method="getFile") == []
    assert corpus_listing(setup.corpus) == listing
