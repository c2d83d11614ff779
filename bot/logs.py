"""Logging for the bot, with the bot token kept out of every record.

The token is part of every Bot API URL, so anything that logs a URL leaks it: httpx logs each request
URL at INFO, python-telegram-bot logs its base URL at DEBUG, and ``InvalidToken`` puts the token in its
message. Quieting httpx is the first defence; a log-record factory that rewrites every record (message,
arguments and traceback) is the second, and catches handlers added later too (pytest's, for example).
"""

from __future__ import annotations

import logging
import sys
import threading
from typing import Any
from urllib.parse import quote

REDACTED = "<bot-token>"

_secrets: set[str] = set()
_lock = threading.Lock()
_installed = False


def configure_logging(level: str = "INFO") -> None:
    logging.basicConfig(
        level=level.upper(), stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    # both log full request URLs, which contain the token
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


def protect_secret(secret: str) -> None:
    """Redact ``secret`` (and its URL-encoded form, as in file download paths) from all log records."""
    global _installed
    if not secret:
        return
    with _lock:
        _secrets.update({secret, quote(secret, safe="")})
        if not _installed:
            _install_factory()
            _installed = True


def redact(text: str) -> str:
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def _install_factory() -> None:
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if _secrets:
            _redact_record(record)
        return record

    logging.setLogRecordFactory(factory)


def _redact_record(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # a malformed format string: leave it for logging to report
        return
    clean = redact(message)
    if clean != message:
        record.msg, record.args = clean, None
    if record.exc_info and not record.exc_text:
        # formatted once here so no handler ever formats the raw traceback text
        record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
