"""Faults stay local in the bot: it starts with nothing to index, a bad file is named and skipped by /reload and
refused as an upload, and a Chroma server that stops or does not match costs a short message, not the service."""

from __future__ import annotations

import html
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bad_files import BAD_FILES
from chroma_server import ChromaServer
from fake_telegram import ADMIN, QUESTION, TOKEN, USER, FakeTelegram, RunningBot, copy_small_corpus, make_settings
from fake_telegram import corpus_listing as listing_of

from bot import texts
from bot.app import build_application
from retrieval.assistant import Assistant
from retrieval.readers import UnreadableFile, read_bytes
from retrieval.store import RETRY_SECONDS

START_SECONDS = 120.0  # imports on a slow machine; a safety net, not a measurement
ANSWER = "Chủ trì: Đảng đoàn HĐND tỉnh"
NONSENSE = "zzqx wvbk?"  # no word of it is in any document: only the vectors could offer anything
NOT_FOUND = "Không tìm thấy nội dung"
UPLOADED = """ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG

Số: 99/KH-UBND

Tuyên Quang, ngày 05 tháng 3 năm 2024

KẾ HOẠCH

Phát triển vườn ươm cây dược liệu quý trên địa bàn tỉnh năm 2024

I. NHIỆM VỤ, GIẢI PHÁP

1. Giao Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với Sở Khoa học và Công nghệ xây dựng vườn ươm \
cây dược liệu quý tại huyện Na Hang, hoàn thành trước ngày 30/11/2024.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Nguyễn Văn Sơn
"""


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


def reason(name: str, data: bytes) -> str:
    """The Vietnamese reason the reader gives for this file, as the bot shows it."""
    with pytest.raises(UnreadableFile) as unreadable:
        read_bytes(data, name)
    return html.escape(unreadable.value.user_message)


def bad_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name, build in BAD_FILES.items():
        (folder / name).write_bytes(build())
    (folder / "rong.txt").write_bytes(b"")
    return folder


# ---------------------------------------------------------------- nothing to index at start


def test_the_bot_starts_when_no_file_can_be_indexed_and_an_upload_brings_it_up(tmp_path: Path) -> None:
    corpus, log_file = bad_corpus(tmp_path / "corpus"), tmp_path / "bot.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "EMBED_", "LLM_", "CHROMA_"))}
    with FakeTelegram() as fake, open(log_file, "wb") as log:
        env.update(
            TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.base_url, TELEGRAM_API_FILE_URL=fake.file_url,
            CORPUS_DIR=str(corpus), INDEX_DIR=str(tmp_path / "index"), ADMIN_IDS=str(ADMIN), ALLOWED_CHATS="",
            LOG_LEVEL="INFO", WEBHOOK_URL="",
        )  # fmt: skip
        proc = subprocess.Popen([sys.executable, "-m", "bot"], env=env, cwd=tmp_path, stdout=log, stderr=log)
        try:
            fake.wait_for(lambda c: c.method == "getUpdates", timeout=START_SECONDS)
            user, admin = fake.user(USER), fake.user(ADMIN)
            fake.send_text(fake.private_chat(USER), user, "Ai chủ trì xây dựng vườn ươm cây dược liệu quý?")
            (reply,) = fake.wait_sent(USER)
            assert reply.text == texts.NO_INDEX

            fake.send_document(fake.private_chat(ADMIN), admin, "ke-hoach-99.txt", UPLOADED.encode("utf-8"))
            (report,) = fake.wait_for(lambda c: c.method == "editMessageText" and "Đã nạp lại xong" in c.text)
            assert "1 văn bản" in report.text and "Tệp không nạp được (4)" in report.text
            fake.send_text(fake.private_chat(USER), user, "Ai chủ trì xây dựng vườn ươm cây dược liệu quý?")
            answer = fake.wait_sent(USER, 2)[1]
            assert "Chủ trì: Sở Nông nghiệp và Phát triển nông thôn" in answer.text
            proc.send_signal(signal.SIGINT)
            assert proc.wait(60) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    output = log_file.read_text(encoding="utf-8", errors="replace")
    assert "could not build the index" in output and "starting without one" in output
    assert "bot @TenBot ready" in output and "Traceback" not in output


# ---------------------------------------------------------------- one bad file, through /reload and uploads


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small corpus and its index, built once and copied for each test."""
    root = tmp_path_factory.mktemp("bot-faults")
    with FakeTelegram() as fake:
        Assistant(make_settings(fake, copy_small_corpus(root / "corpus"), root / "index")).reload()
    return root


@pytest.fixture
def bot_over_small_corpus(template: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture):  # type: ignore[no-untyped-def]
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(template / "corpus", corpus)
    shutil.copytree(template / "index", index)
    with FakeTelegram() as fake:
        settings = make_settings(fake, corpus, index)
        assistant = Assistant(settings)
        with RunningBot(build_application(settings, assistant), fake) as bot:
            yield fake, bot, corpus, index
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, f"the bot logged errors: {errors}"


def test_reload_names_each_bad_file_with_its_reason_and_indexes_the_rest(bot_over_small_corpus) -> None:  # type: ignore[no-untyped-def]
    fake, _bot, corpus, _index = bot_over_small_corpus
    expected = {}
    for name, build in BAD_FILES.items():
        data = build()
        (corpus / name).write_bytes(data)
        expected[name] = reason(name, data)
    if os.geteuid() != 0:  # root reads files whatever their permissions
        locked = corpus / "khoa-quyen.txt"
        locked.write_text(UPLOADED, encoding="utf-8")
        locked.chmod(0)
        expected[locked.name] = "quyền"
    chat, admin = fake.private_chat(ADMIN), fake.user(ADMIN)
    fake.send_text(chat, admin, "/reload")
    (summary,) = fake.wait_for(lambda c: c.method == "editMessageText" and "Đã nạp lại xong" in c.text)
    assert "4 văn bản" in summary.text and f"Tệp không nạp được ({len(expected)})" in summary.text
    for name, why in expected.items():
        line = next(x for x in summary.text.splitlines() if x.startswith(f"• {name}: "))
        assert why in line
    fake.send_text(chat, admin, QUESTION)
    assert ANSWER in fake.wait_sent(ADMIN, 2)[1].text


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_upload_is_refused_with_its_reason_and_changes_nothing(bot_over_small_corpus, name: str) -> None:  # type: ignore[no-untyped-def]
    fake, bot, corpus, index = bot_over_small_corpus
    before, generation, data = listing_of(corpus), (index / "CURRENT").read_text(encoding="utf-8"), BAD_FILES[name]()
    fake.send_document(fake.private_chat(ADMIN), fake.user(ADMIN), name, data)
    (refusal,) = fake.wait_for(lambda c: c.method == "editMessageText" and "Không nhận tệp" in c.text)
    assert name in refusal.text and reason(name, data) in refusal.text
    bot.stop()
    assert listing_of(corpus) == before and (index / "CURRENT").read_text(encoding="utf-8") == generation


# ---------------------------------------------------------------- the Chroma server


def test_a_stopped_chroma_server_costs_a_short_message_and_service_resumes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    corpus, index = copy_small_corpus(tmp_path / "corpus"), tmp_path / "index"
    with ChromaServer(tmp_path / "server") as server, FakeTelegram() as fake:
        settings = make_settings(fake, corpus, index, chroma_host="127.0.0.1", chroma_port=server.port)
        assistant = Assistant(settings)
        assistant.reload()
        chat, user = fake.private_chat(USER), fake.user(USER)
        with RunningBot(build_application(settings, assistant), fake):
            fake.send_text(chat, user, QUESTION)
            assert ANSWER in fake.wait_sent(USER, 1)[0].text
            server.stop()
            fake.send_text(chat, user, QUESTION)  # BM25 alone finds it, cited and verified as ever
            assert ANSWER in fake.wait_sent(USER, 2)[1].text
            fake.send_text(chat, user, NONSENSE)
            assert fake.wait_sent(USER, 3)[2].text == texts.INDEX_DOWN
            server.start()
            time.sleep(RETRY_SECONDS + 0.5)
            fake.send_text(chat, user, NONSENSE)
            assert NOT_FOUND in fake.wait_sent(USER, 4)[3].text, "the server is used again with no restart"

        # the same index read by a bot without CHROMA_HOST: told what is wrong, in a word, without a traceback
        plain = make_settings(fake, corpus, index)
        with RunningBot(build_application(plain, Assistant(plain)), fake):
            fake.send_text(chat, user, QUESTION)
            assert "CHROMA_HOST" in fake.wait_sent(USER, 5)[4].text
    records = [r for r in caplog.records if r.name.startswith(("bot", "retrieval"))]
    assert not [r for r in records if r.exc_info], "no traceback in the log"
    assert not [r for r in records if r.levelno >= logging.ERROR]
    lines = [r.getMessage() for r in records]
    assert sum("answering from the lexical index alone" in x for x in lines) == 1
    assert sum("could not serve an update: VectorsUnavailable" in x for x in lines) == 1
    assert any("set CHROMA_HOST=127.0.0.1" in x for x in lines)
