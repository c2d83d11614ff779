"""A local stand-in for an OpenAI-compatible server: ``POST /v1/chat/completions`` on 127.0.0.1.

Each test scripts what the "model" does (a given text, a text built from the request, a slow reply, an
HTTP error) and reads back the requests it received. Real HTTP on a real socket, so the client's
timeouts, retries and headers are exercised as in production.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CHAT_PATH = "/v1/chat/completions"
_PASSAGE = re.compile(r'<doan_trich so="(\d+)">.*?\nNội dung:\n(.*?)\n</doan_trich>', re.DOTALL)
_FACTS = re.compile(r"<du_kien>\n(.*?)\n</du_kien>", re.DOTALL)


@dataclass
class Request:
    """One request as the server received it."""

    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def system(self) -> str:
        return next(m["content"] for m in self.body["messages"] if m["role"] == "system")

    @property
    def user(self) -> str:
        return next(m["content"] for m in self.body["messages"] if m["role"] == "user")

    def passages(self) -> dict[int, str]:
        """The numbered passages the prompt gave the model, as the model reads them."""
        return {int(n): text for n, text in _PASSAGE.findall(self.user)}

    def facts(self) -> str:
        m = _FACTS.search(self.user)
        return m.group(1) if m else ""


@dataclass
class Reply:
    """What the fake model does with one request."""

    content: str | Callable[[Request], str] = ""
    status: int = 200
    delay: float = 0.0  # seconds to wait before answering (past the client's timeout, say)
    finish_reason: str = "stop"
    raw: str | None = None  # a body sent as is, instead of a chat completion


@dataclass
class FakeOpenAI:
    """Start with ``FakeOpenAI()``; ``base_url`` is what LLM_BASE_URL would be; ``close()`` when done."""

    requests: list[Request] = field(default_factory=list)
    _script: list[Reply] = field(default_factory=lambda: [Reply("")])
    _stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)  # quick shutdown
        self._thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def script(self, *replies: Reply) -> None:
        """Replies in order, one per request; the last one repeats. Forgets earlier requests."""
        self._script = list(replies)
        self.requests.clear()

    def next_reply(self) -> Reply:
        return self._script.pop(0) if len(self._script) > 1 else self._script[0]

    def close(self) -> None:
        self._stop.set()  # wakes any reply still "thinking"
        self._server.shutdown()
        self._server.server_close()

    def wait(self, seconds: float) -> None:
        self._stop.wait(seconds)


def _handler(fake: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = json.loads(self.rfile.read(length) or b"{}")
            if self.path != CHAT_PATH:
                self._send(404, {"error": {"message": f"no route {self.path}"}})
                return
            request = Request(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            fake.requests.append(request)
            reply = fake.next_reply()
            if reply.delay:
                fake.wait(reply.delay)
            try:
                if reply.raw is not None:
                    self._send_text(reply.status, reply.raw)
                elif reply.status != 200:
                    self._send(reply.status, {"error": {"message": f"scripted status {reply.status}"}})
                else:
                    content = reply.content(request) if callable(reply.content) else reply.content
                    self._send(200, _completion(body.get("model", ""), content, reply.finish_reason))
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting: that is the point of a delayed reply

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            self._send_text(status, json.dumps(payload, ensure_ascii=False))

        def _send_text(self, status: int, text: str) -> None:
            data = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output clean

    return Handler


def _completion(model: str, content: str, finish_reason: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": finish_reason}],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }
