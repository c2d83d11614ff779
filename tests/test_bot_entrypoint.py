"""`python -m bot` as deployed: settings from the environment, long polling, clean stop, no token in the logs."""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fake_telegram import QUESTION, TOKEN, USER, FakeTelegram, copy_small_corpus

from bot.app import run, webhook_secret
from bot.logs import REDACTED, configure_logging, protect_secret
from bot.settings import BotSettings

START_SECONDS = 120.0  # imports and a first index build on a slow machine; a safety net, not a measurement


def bot_env(fake: FakeTelegram, tmp_path: Path, token: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "WEBHOOK_", "EMBED_", "LLM_", "CHROMA_", "ADMIN_", "ALLOWED_"))
    }
    env.update(
        TELEGRAM_BOT_TOKEN=token,
        TELEGRAM_API_BASE_URL=fake.base_url,
        TELEGRAM_API_FILE_URL=fake.file_url,
        CORPUS_DIR=str(copy_small_corpus(tmp_path / "corpus")),
        INDEX_DIR=str(tmp_path / "index"),
        LOG_LEVEL="DEBUG",
        NO_PROXY="127.0.0.1,localhost",
        no_proxy="127.0.0.1,localhost",
    )
    return env


def test_python_m_bot_builds_a_missing_index_answers_and_stops_on_sigint(tmp_path: Path) -> None:
    log_file = tmp_path / "bot.log"
    with FakeTelegram() as fake, open(log_file, "wb") as log:
        # run from an empty folder: no .env of the developer's is read
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot"], env=bot_env(fake, tmp_path, TOKEN), cwd=tmp_path, stdout=log, stderr=log
        )
        try:
            fake.wait_for(lambda c: c.method == "getUpdates", timeout=START_SECONDS)
            fake.send_text(fake.private_chat(USER), fake.user(USER), QUESTION)
            (answer,) = fake.wait_sent(USER)
            assert "Chủ trì: Đảng đoàn HĐND tỉnh" in answer.text
            proc.send_signal(signal.SIGINT)
            assert proc.wait(60) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    output = log_file.read_text(encoding="utf-8", errors="replace")
    assert (tmp_path / "index" / "CURRENT").exists()
    assert "bot @TenBot ready" in output
    assert TOKEN not in output and TOKEN.replace(":", "%3A") not in output
    assert "HTTP Request" not in output, "httpx request logs (URLs with the token) stay off even at DEBUG"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_listening(port: int, timeout: float = 30.0) -> None:
    # the bot registers its webhook with Telegram first and starts listening just after
    deadline = time.monotonic() + timeout
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def test_with_webhook_url_set_the_bot_takes_updates_from_telegram_posts_only(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    log_file = tmp_path / "bot.log"
    with FakeTelegram() as fake, open(log_file, "wb") as log:
        env = {**bot_env(fake, tmp_path, TOKEN), "WEBHOOK_URL": url, "WEBHOOK_PORT": str(port)}
        proc = subprocess.Popen([sys.executable, "-m", "bot"], env=env, cwd=tmp_path, stdout=log, stderr=log)
        try:
            (registered,) = fake.wait_for(lambda c: c.method == "setWebhook", timeout=START_SECONDS)
            assert registered.params["url"] == url
            assert registered.params["secret_token"] == webhook_secret(TOKEN)
            wait_until_listening(port)
            update = {
                "update_id": 1,
                "message": {
                    "message_id": 5,
                    "date": 1700000000,
                    "chat": fake.private_chat(USER),
                    "from": fake.user(USER),
                    "text": QUESTION,
                },
            }
            with httpx.Client(trust_env=False, timeout=10) as client:
                forged = client.post(url, json={**update, "update_id": 2})
                assert forged.status_code == 403, "a POST without Telegram's secret header is refused"
                genuine = client.post(
                    url, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": webhook_secret(TOKEN)}
                )
                assert genuine.status_code == 200
            (answer,) = fake.wait_sent(USER)
            assert "Chủ trì: Đảng đoàn HĐND tỉnh" in answer.text
            assert fake.sent(method="getUpdates") == [], "no polling in webhook mode"
            proc.send_signal(signal.SIGINT)
            assert proc.wait(60) == 0
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert TOKEN not in log_file.read_text(encoding="utf-8", errors="replace")


def test_a_rejected_token_stops_the_bot_without_printing_it(tmp_path: Path) -> None:
    wrong = "987654321:AAWrongTokenThatTheServerRejects_xyz"
    log_file = tmp_path / "bot.log"
    with FakeTelegram() as fake, open(log_file, "wb") as log:
        env = bot_env(fake, tmp_path, wrong)
        result = subprocess.run(
            [sys.executable, "-m", "bot"], env=env, cwd=tmp_path, stdout=log, stderr=log, timeout=START_SECONDS
        )
    output = log_file.read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 1
    assert "Telegram rejected the bot token" in output
    assert wrong not in output and REDACTED in output, "the DEBUG log of the API URL is redacted, not dropped"


def test_without_a_token_the_bot_explains_and_exits(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    settings = BotSettings(_env_file=None, telegram_bot_token=None, index_dir=tmp_path / "i", corpus_dir=tmp_path / "c")  # type: ignore[call-arg]
    assert run(settings) == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in caplog.text
    assert not (tmp_path / "i").exists(), "nothing is built for a bot that cannot start"


def test_logging_keeps_httpx_quiet_and_redacts_the_token_everywhere(caplog: pytest.LogCaptureFixture) -> None:
    configure_logging("DEBUG")
    assert logging.getLogger("httpx").getEffectiveLevel() == logging.WARNING
    secret = "55555:SecretForThisTestOnly"
    protect_secret(secret)
    log = logging.getLogger("bot.test")
    with caplog.at_level(logging.INFO):
        log.info("POST https://api.telegram.org/bot%s/getMe", secret)
        log.info("download https://api.telegram.org/file/bot%s/documents/x.txt", secret.replace(":", "%3A"))
        try:
            raise RuntimeError(f"The token `{secret}` was rejected by the server.")
        except RuntimeError:
            log.exception("failed")
    assert secret not in caplog.text and "SecretForThisTestOnly" not in caplog.text
    assert caplog.text.count(REDACTED) == 3  # two messages and the exception message in the traceback


def test_the_webhook_secret_is_stable_and_does_not_reveal_the_token() -> None:
    secret = webhook_secret(TOKEN)
    assert secret == webhook_secret(TOKEN) != webhook_secret(TOKEN + "x")
    assert TOKEN not in secret and TOKEN.split(":")[1] not in secret
    assert len(secret) <= 256 and secret.replace("_", "").replace("-", "").isalnum()
