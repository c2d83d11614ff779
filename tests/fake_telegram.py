"""A local stand-in for the Telegram Bot API, and a way to run the real bot against it.

``FakeTelegram`` is a real HTTP server on 127.0.0.1 that speaks enough of the Bot API for the bot:
getMe, getUpdates (serving updates the test injects), sendMessage, editMessageText, sendChatAction,
answerCallbackQuery, getFile and file downloads, sendDocument (a multipart upload: the file is kept with the call),
deleteWebhook, setMyCommands. A message the bot sends keeps its inline keyboard, as Telegram's do (a ForceReply is
only in the recorded call). It records every call,
so tests assert on what the bot actually sent over HTTP. ``RunningBot`` runs a python-telegram-bot
Application (initialize, start polling, start) in a background thread with its own event loop.

Point the bot at it with ``telegram_api_base_url=fake.base_url`` and ``telegram_api_file_url=fake.file_url``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote

TOKEN = "123456789:AAFakeTokenForTests_0123456789abcdef"
BOT_ID = 123456789
BOT_USERNAME = "TenBot"
WAIT_SECONDS = 30.0  # a safety net for a broken bot, not a timing assertion
MAX_POLL_WAIT = 2.0

ADMIN = 9001
USER = 5001
OTHER_USER = 5002
GROUP = -1001234567890
QUESTION = "Theo CTr 55-CTr/TU, ai chủ trì việc đổi mới, nâng cao chất lượng các phiên giải trình, chất vấn của HĐND?"

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT / "data" / "corpus"
SMALL_CORPUS_GLOB = "tuyen-quang-*.txt"

# form fields python-telegram-bot sends JSON-encoded; everything else stays a string ("text" above all)
_JSON_FIELDS = {
    "chat_id", "message_id", "offset", "limit", "timeout", "reply_markup", "reply_parameters",
    "link_preview_options", "allowed_updates", "commands", "show_alert", "drop_pending_updates",
    "disable_notification", "protect_content", "entities", "scope", "max_connections",
}  # fmt: skip


@dataclass
class Call:
    seq: int
    method: str
    params: dict[str, Any]

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        return str(self.params.get("text", ""))

    @property
    def buttons(self) -> list[dict[str, Any]]:
        markup = self.params.get("reply_markup") or {}
        return [b for row in markup.get("inline_keyboard", []) for b in row]

    @property
    def upload(self) -> Upload | None:
        """The file a sendDocument call carried."""
        value = self.params.get("document")
        return value if isinstance(value, Upload) else None

    @property
    def reply_to(self) -> int | None:
        reply = self.params.get("reply_parameters") or {}
        return reply.get("message_id")


@dataclass(frozen=True)
class Upload:
    """A file part of a multipart request, as the bot sent it."""

    file_name: str
    data: bytes
    content_type: str


@dataclass
class Hold:
    """Requests matching ``predicate`` wait in the server until released."""

    method: str
    predicate: Callable[[Call], bool]
    arrived: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)

    def release(self) -> None:
        self.released.set()


class _Server(ThreadingHTTPServer):
    request_queue_size = 256  # the default 5 drops connections when many chats are served at once


class FakeTelegram:
    def __init__(self, token: str = TOKEN, bot_id: int = BOT_ID, bot_username: str = BOT_USERNAME) -> None:
        self.token = token
        self.bot = {"id": bot_id, "is_bot": True, "first_name": "Trợ lý văn bản", "username": bot_username}
        self.calls: list[Call] = []
        self._cond = threading.Condition()
        self._seq = 0
        self._updates: list[dict[str, Any]] = []
        self._next_update = 1
        self._confirmed = 0  # highest update id the bot has acknowledged (by asking past it)
        self._next_message = 1000
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._chats: dict[int, dict[str, Any]] = {}
        self._files: dict[str, tuple[str, bytes]] = {}
        self._holds: list[Hold] = []
        self._failures: list[tuple[str, int, dict[str, Any]]] = []
        self.listeners: list[Callable[[Call], None]] = []  # told of every call as it arrives (load benchmark)
        self._server = _Server(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="fake-telegram", daemon=True
        )

    # ------------------------------------------------------------ lifecycle

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    def __enter__(self) -> FakeTelegram:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for hold in self._holds:
            hold.release()
        self._server.shutdown()
        self._server.server_close()

    # ------------------------------------------------------------ what users do

    def private_chat(self, user_id: int, name: str = "Người dùng") -> dict[str, Any]:
        chat = {"id": user_id, "type": "private", "first_name": name}
        self._chats[user_id] = chat
        return chat

    def group_chat(self, chat_id: int, title: str = "Nhóm công tác") -> dict[str, Any]:
        chat = {"id": chat_id, "type": "supergroup", "title": title}
        self._chats[chat_id] = chat
        return chat

    @staticmethod
    def user(user_id: int, name: str = "Người dùng", username: str | None = None) -> dict[str, Any]:
        user = {"id": user_id, "is_bot": False, "first_name": name}
        if username:
            user["username"] = username
        return user

    def send_text(
        self, chat: dict[str, Any], user: dict[str, Any], text: str, reply_to: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        """A user's text message; entities (commands, @mentions) are set as Telegram sets them."""
        message = self._message(chat, user)
        message["text"] = text
        entities = _entities(text)
        if entities:
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        self._enqueue({"message": message})
        return message

    def send_document(
        self,
        chat: dict[str, Any],
        user: dict[str, Any],
        file_name: str,
        data: bytes,
        caption: str | None = None,
        declared_size: int | None = None,
    ) -> dict[str, Any]:
        file_id = f"file-{len(self._files) + 1}"
        self._files[file_id] = (f"documents/{file_id}{Path(file_name).suffix}", data)
        message = self._message(chat, user)
        message["document"] = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": file_name,
            "file_size": declared_size if declared_size is not None else len(data),
        }
        if caption:
            message["caption"] = caption
            entities = _entities(caption)
            if entities:
                message["caption_entities"] = entities
        self._enqueue({"message": message})
        return message

    def press(self, user: dict[str, Any], message: dict[str, Any], data: str) -> str:
        """Tap an inline button under one of the bot's messages; the query's id (answerCallbackQuery names it)."""
        query = {
            "id": f"cq-{time.monotonic_ns()}",
            "from": user,
            "chat_instance": "ci",
            "data": data,
            "message": message,
        }
        self._enqueue({"callback_query": query})
        return str(query["id"])

    def _message(self, chat: dict[str, Any], user: dict[str, Any]) -> dict[str, Any]:
        with self._cond:
            self._next_message += 1
            message = {"message_id": self._next_message, "date": int(time.time()), "chat": chat, "from": user}
            self._messages[(chat["id"], self._next_message)] = message
            return message

    def _enqueue(self, update: dict[str, Any]) -> int:
        with self._cond:
            update_id = self._next_update
            self._next_update += 1
            self._updates.append({"update_id": update_id, **update})
            self._cond.notify_all()
            return update_id

    # ------------------------------------------------------------ steering the server

    def hold(self, method: str, predicate: Callable[[Call], bool] = lambda _call: True) -> Hold:
        hold = Hold(method, predicate)
        with self._cond:
            self._holds.append(hold)
        return hold

    def fail_next(self, method: str, chat_id: int, description: str = "Bad Request: chat not found") -> None:
        """The next ``method`` call for ``chat_id`` gets a Bot API error."""
        with self._cond:
            self._failures.append((method, chat_id, {"ok": False, "error_code": 400, "description": description}))

    # ------------------------------------------------------------ what the bot did

    def sent(self, chat_id: int | None = None, method: str = "sendMessage") -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == method and (chat_id is None or c.chat_id == chat_id)]

    def wait_for(self, predicate: Callable[[Call], bool], count: int = 1, timeout: float = WAIT_SECONDS) -> list[Call]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [c for c in self.calls if predicate(c)]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = "\n".join(f"  {c.method} {c.params}" for c in self.calls[-15:])
                    raise AssertionError(f"the bot did not do what was expected; last calls:\n{seen}")
                self._cond.wait(left)

    def wait_sent(self, chat_id: int, count: int = 1, method: str = "sendMessage") -> list[Call]:
        return self.wait_for(lambda c: c.method == method and c.chat_id == chat_id, count)

    def wait_confirmed(self, timeout: float = WAIT_SECONDS) -> None:
        """Until the bot has fetched every update injected so far (it then asks for later ones only)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._confirmed < self._next_update - 1:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError("the bot did not fetch the injected updates")
                self._cond.wait(left)

    def message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        with self._cond:
            return dict(self._messages[(chat_id, message_id)])

    def toast(self, query_id: str) -> Call:
        """The bot's answer to one button press (the short notice Telegram shows)."""
        return self.wait_for(
            lambda c: c.method == "answerCallbackQuery" and c.params.get("callback_query_id") == query_id
        )[0]

    def bot_message(self, call: Call) -> dict[str, Any]:
        """The message a sendMessage call created, as Telegram would deliver it in a reply or callback."""
        return self.message(int(call.chat_id or 0), int(call.params["_message_id"]))

    # ------------------------------------------------------------ the HTTP side

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass  # the test output is not the place for an access log

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                status, payload = fake._api(self.path, self.headers.get("Content-Type", ""), body)
                self._send(status, json.dumps(payload).encode(), "application/json")

            def do_GET(self) -> None:
                if self.path.startswith("/file/bot"):  # a file download: raw bytes, not an API call
                    status, data = fake._download(self.path)
                    self._send(status, data, "application/octet-stream")
                else:
                    status, payload = fake._api(self.path, "", b"")
                    self._send(status, json.dumps(payload).encode(), "application/json")

            def _send(self, status: int, data: bytes, content_type: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                with contextlib.suppress(ConnectionError):  # the bot gave up on a held request
                    self.wfile.write(data)

        return Handler

    def _download(self, path: str) -> tuple[int, bytes]:
        rest = unquote(path[len("/file/bot") :])
        token, _, file_path = rest.partition("/")
        if token != self.token:
            return 401, b"Unauthorized"
        for stored_path, data in self._files.values():
            if stored_path == file_path:
                return 200, data
        return 404, b"Not Found"

    def _api(self, path: str, content_type: str, body: bytes) -> tuple[int, dict[str, Any]]:
        m = re.fullmatch(r"/bot([^/]+)/(\w+)", path.split("?")[0])
        if not m:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        token, method = unquote(m.group(1)), m.group(2)
        if token != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        params = _params(content_type, body)
        with self._cond:
            self._seq += 1
            call = Call(self._seq, method, params)
            self.calls.append(call)
            failure = next(
                (f for f in self._failures if f[0] == method and f[1] == call.chat_id),
                None,
            )
            if failure:
                self._failures.remove(failure)
            holds = [h for h in self._holds if h.method == method and not h.released.is_set() and h.predicate(call)]
            self._cond.notify_all()
        for listener in self.listeners:
            listener(call)
        for hold in holds:
            hold.arrived.set()
            hold.released.wait(WAIT_SECONDS)
        if failure:
            return 400, failure[2]
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(params)}
        with self._cond:
            result = self._result(method, call)
            self._cond.notify_all()
        if result is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
        return 200, {"ok": True, "result": result}

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        wait = min(float(params.get("timeout") or 0), MAX_POLL_WAIT)
        deadline = time.monotonic() + wait
        with self._cond:
            if offset:
                self._confirmed = max(self._confirmed, offset - 1)
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
                self._cond.notify_all()
            while not self._updates and time.monotonic() < deadline:
                self._cond.wait(deadline - time.monotonic())
            return list(self._updates[: int(params.get("limit") or 100)])

    def _result(self, method: str, call: Call) -> Any:
        params = call.params
        if method == "getMe":
            return {**self.bot, "can_join_groups": True, "can_read_all_group_messages": False}
        if method in ("deleteWebhook", "setWebhook", "setMyCommands", "sendChatAction", "answerCallbackQuery"):
            return True
        if method == "sendMessage":
            chat_id = int(params["chat_id"])
            self._next_message += 1
            message = {
                "message_id": self._next_message,
                "date": int(time.time()),
                "chat": self._chats.get(chat_id, {"id": chat_id, "type": "private", "first_name": "?"}),
                "from": self.bot,
                "text": params.get("text", ""),
            }
            # a message carries only an inline keyboard: Telegram does not echo ForceReply or reply keyboards
            if "inline_keyboard" in (params.get("reply_markup") or {}):
                message["reply_markup"] = params["reply_markup"]
            self._messages[(chat_id, self._next_message)] = message
            params["_message_id"] = self._next_message
            return message
        if method == "editMessageText":
            key = (int(params["chat_id"]), int(params["message_id"]))
            message = self._messages[key]
            message["text"] = params.get("text", "")
            if "reply_markup" in params:
                message["reply_markup"] = params["reply_markup"]
            return message
        if method == "sendDocument":
            chat_id = int(params["chat_id"])
            upload = params.get("document")
            self._next_message += 1
            message = {
                "message_id": self._next_message,
                "date": int(time.time()),
                "chat": self._chats.get(chat_id, {"id": chat_id, "type": "private", "first_name": "?"}),
                "from": self.bot,
                "document": {
                    "file_id": f"sent-{self._next_message}",
                    "file_unique_id": f"usent-{self._next_message}",
                    "file_name": upload.file_name if isinstance(upload, Upload) else "",
                    "file_size": len(upload.data) if isinstance(upload, Upload) else 0,
                },
            }
            if params.get("caption"):
                message["caption"] = params["caption"]
            self._messages[(chat_id, self._next_message)] = message
            params["_message_id"] = self._next_message
            return message
        if method == "getFile":
            stored_path, data = self._files[params["file_id"]]
            return {
                "file_id": params["file_id"],
                "file_unique_id": f"u{params['file_id']}",
                "file_size": len(data),
                "file_path": stored_path,
            }
        return None


def _params(content_type: str, body: bytes) -> dict[str, Any]:
    if "json" in content_type:
        return dict(json.loads(body or b"{}"))
    if "multipart" in content_type:
        return _multipart(content_type, body)
    params: dict[str, Any] = {}
    for key, values in parse_qs(body.decode("utf-8"), keep_blank_values=True).items():
        value: Any = values[-1]
        if key in _JSON_FIELDS:
            with contextlib.suppress(json.JSONDecodeError):
                value = json.loads(value)
        params[key] = value
    return params


def _multipart(content_type: str, body: bytes) -> dict[str, Any]:
    """Form fields as a form-encoded request gives them; file parts as `Upload`s."""
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    params: dict[str, Any] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        data = part.get_payload(decode=True) or b""
        file_name = part.get_filename()
        if file_name is not None:
            params[str(name)] = Upload(file_name, data, part.get_content_type())
            continue
        value: Any = data.decode("utf-8")
        if name in _JSON_FIELDS:
            with contextlib.suppress(json.JSONDecodeError):
                value = json.loads(value)
        params[str(name)] = value
    return params


def _entities(text: str) -> list[dict[str, Any]]:
    """Bot commands at the start and @mentions, with offsets in UTF-16 code units as Telegram counts."""

    def units(s: str) -> int:
        return len(s.encode("utf-16-le")) // 2

    entities = []
    m = re.match(r"/\w+(?:@\w+)?", text)
    if m:
        entities.append({"type": "bot_command", "offset": 0, "length": units(m.group(0))})
    for m in re.finditer(r"(?<![\w/])@\w+", text):
        entities.append({"type": "mention", "offset": units(text[: m.start()]), "length": units(m.group(0))})
    return entities


# ---------------------------------------------------------------- running the bot


class RunningBot:
    """The real Application, polling the fake server from a thread with its own event loop."""

    def __init__(self, application: Any, fake: FakeTelegram) -> None:
        self.application = application
        self.fake = fake
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._main, name="bot", daemon=True)
        self.stopped = False

    def __enter__(self) -> RunningBot:
        self._thread.start()
        if not self._ready.wait(WAIT_SECONDS) or self._error:
            raise AssertionError(f"the bot did not start: {self._error!r}")
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop(drain=False)

    def stop(self, drain: bool = True) -> None:
        """Stop the bot; with ``drain``, first let it fetch everything injected: it then handles all of it."""
        if self.stopped:
            return
        self.stopped = True
        if drain:
            self.fake.wait_confirmed()
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(WAIT_SECONDS)
        if self._thread.is_alive():
            raise AssertionError("the bot did not stop")
        if self._error:
            raise self._error

    def _main(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as exc:  # surfaced in the test thread
            self._error = exc
            self._ready.set()

    async def _serve(self) -> None:
        from telegram import Update

        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        app = self.application
        await app.initialize()
        if app.post_init:
            await app.post_init(app)
        await app.updater.start_polling(timeout=MAX_POLL_WAIT, allowed_updates=Update.ALL_TYPES)
        await app.start()
        self._ready.set()
        try:
            await self._stop.wait()
        finally:
            await app.updater.stop()
            await app.stop()
            await app.shutdown()


# ---------------------------------------------------------------- a small corpus and its index


def make_settings(fake: FakeTelegram, corpus_dir: Path, index_dir: Path, **overrides: Any) -> Any:
    """Settings for a bot talking to ``fake``; nothing from the environment or .env that reaches the network."""
    from bot.settings import BotSettings

    values: dict[str, Any] = {
        "corpus_dir": corpus_dir,
        "index_dir": index_dir,
        "telegram_bot_token": fake.token,
        "telegram_api_base_url": fake.base_url,
        "telegram_api_file_url": fake.file_url,
        "admin_ids": [ADMIN],
        "allowed_chats": [],
        "user_rate_per_minute": 1000,
        "max_upload_mb": 1,
        "webhook_url": None,
        "chroma_host": None,
        "chroma_port": None,
        "embed_base_url": None,
        "llm_base_url": None,
        "typing_after_seconds": 0.0,
    }
    values.update(overrides)
    return BotSettings(_env_file=None, **values)  # type: ignore[call-arg]


def copy_small_corpus(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(CORPUS.glob(SMALL_CORPUS_GLOB)):
        shutil.copyfile(path, target / path.name)
    return target


def corpus_listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}
