"""The chat-completions client against the local fake server: headers, retries, errors, the API key kept out of logs."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_openai import FakeOpenAI, Reply
from pydantic import SecretStr

from retrieval.answer import Answer, Citation
from retrieval.llm import ChatClient, ChatMessage, LLMError, Phraser, Prompts
from retrieval.settings import Settings

KEY = "sk-test-0123456789abcdef"
MESSAGES = [ChatMessage(role="system", content="Trả lời ngắn."), ChatMessage(role="user", content="Xin chào?")]


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAI]:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")  # httpx honours proxy settings even for loopback
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    server = FakeOpenAI()
    yield server
    server.close()


def client(base_url: str, key: str | None = KEY) -> ChatClient:
    return ChatClient(base_url, "test-model", SecretStr(key) if key else None, timeout=2, backoff=0.01)


def test_a_request_carries_model_messages_and_bearer_key(fake: FakeOpenAI) -> None:
    fake.script(Reply("Chào anh/chị."))
    reply = client(fake.base_url).complete(MESSAGES)
    assert reply.content == "Chào anh/chị." and reply.finish_reason == "stop"
    [request] = fake.requests
    assert request.headers["authorization"] == f"Bearer {KEY}"
    assert request.body["model"] == "test-model"
    assert request.body["messages"] == [m.model_dump() for m in MESSAGES]
    assert request.body["temperature"] == 0 and request.body["max_tokens"] > 0


def test_rate_limits_and_server_errors_are_retried(fake: FakeOpenAI) -> None:
    fake.script(Reply(status=429), Reply(status=503), Reply("được"))
    assert client(fake.base_url).complete(MESSAGES).content == "được"
    assert len(fake.requests) == 3


def test_a_client_error_is_not_retried(fake: FakeOpenAI) -> None:
    fake.script(Reply(status=400))
    with pytest.raises(LLMError, match="HTTP 400"):
        client(fake.base_url).complete(MESSAGES)
    assert len(fake.requests) == 1


@pytest.mark.parametrize(
    "raw",
    ["not json", '{"choices": []}', '{"choices": [{"message": {"role": "assistant", "content": null}}]}'],
)
def test_a_malformed_reply_is_an_error(fake: FakeOpenAI, raw: str) -> None:
    fake.script(Reply(raw=raw))
    with pytest.raises(LLMError):
        client(fake.base_url).complete(MESSAGES)


def test_an_unreachable_server_is_retried_then_an_error() -> None:
    with socket.socket() as s:  # a port nobody listens on once closed
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(LLMError, match=r"ConnectError.*after 3 attempt"):
        client(f"http://127.0.0.1:{port}/v1").complete(MESSAGES)


@pytest.mark.parametrize("status", [401, 500])
def test_the_api_key_never_reaches_the_log(fake: FakeOpenAI, caplog: pytest.LogCaptureFixture, status: int) -> None:
    fake.script(Reply(status=status, raw=f'{{"error": {{"message": "Incorrect API key provided: {KEY}"}}}}'))
    citation = Citation(
        doc_id="x", doc_number="1-KH/TU", doc_type="Kế hoạch", doc_date=None, issuer="", doc_title="",
        item=["I"], item_label="mục I", quote="Nội dung.", passages=["Nội dung."], source="x.txt",
    )  # fmt: skip
    answer = Answer(question="Hỏi?", found=True, intent="content", direct="", answer="Nguồn: ...", citations=[citation])
    with caplog.at_level(logging.DEBUG):
        assert Phraser(client(fake.base_url), Prompts.load()).phrase(answer) is answer
    assert f"HTTP {status}" in caplog.text
    assert KEY not in caplog.text


def test_a_url_without_a_model_is_a_configuration_error(tmp_path: Path) -> None:
    settings = Settings(index_dir=tmp_path, llm_base_url="http://127.0.0.1:9/v1", llm_model="")
    with pytest.raises(ValueError, match="LLM_MODEL"):
        Phraser.from_settings(settings)
