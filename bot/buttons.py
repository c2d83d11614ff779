"""Callback data for "Xem toàn văn" buttons (which item of which document to show), 👍/👎 buttons, and the
pages and spreadsheet of a task list (/nhiemvu, /hethan).

Telegram allows 64 bytes of callback data. When the document reference and item path fit, they travel
in the button itself (``i|55-CTr/TU|Phụ lục|3``), so buttons on old messages keep working after a
restart; otherwise the button carries a short key into a per-process LRU table (``k|<key>``).
A feedback button carries the question's id in the question log and the vote (``fb|42|u``). A task list
travels like an item: ``nv|2|a=so y te`` (page 2), ``nvx|a=so y te`` (its spreadsheet), or ``nv|2|k:<key>``.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Literal

from retrieval.questionlog import Vote

MAX_CALLBACK_BYTES = 64
INLINE = "i"
KEYED = "k"
DOCS_PAGE = "docs"
FEEDBACK = "fb"
SEP = "|"
PATTERN_ITEM = rf"^[{INLINE}{KEYED}]\{SEP}"
PATTERN_DOCS = rf"^{DOCS_PAGE}\{SEP}\d+$"
PATTERN_FEEDBACK = rf"^{FEEDBACK}\{SEP}\d+\{SEP}[ud]$"
VOTE_CODES = {Vote.UP: "u", Vote.DOWN: "d"}
TASKS_PAGE = "nv"
TASKS_FILE = "nvx"
TASKS_NEW = "nvn"  # the first page, in a new message (under a document card)
LIST_KEY = "k:"
PATTERN_TASKS = rf"^(?:{TASKS_PAGE}|{TASKS_FILE}|{TASKS_NEW})\{SEP}"


class ItemButtons:
    def __init__(self, capacity: int = 4096) -> None:
        self.capacity = capacity
        self._items: OrderedDict[str, tuple[str, tuple[str, ...]]] = OrderedDict()
        self._lock = threading.Lock()

    def encode(self, reference: str, path: list[str]) -> str:
        parts = [reference, *path]
        if not any(SEP in p for p in parts):
            inline = SEP.join([INLINE, *parts])
            if len(inline.encode("utf-8")) <= MAX_CALLBACK_BYTES:
                return inline
        key = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
        with self._lock:
            self._items[key] = (reference, tuple(path))
            self._items.move_to_end(key)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)
        return f"{KEYED}{SEP}{key}"

    def decode(self, data: str) -> tuple[str, list[str]] | None:
        """The (document reference, item path) of a button, or None when it is unknown (expired)."""
        kind, _, rest = data.partition(SEP)
        if kind == INLINE and rest:
            reference, *path = rest.split(SEP)
            return reference, path
        if kind == KEYED:
            with self._lock:
                found = self._items.get(rest)
            if found is not None:
                return found[0], list(found[1])
        return None


def docs_page(page: int) -> str:
    return f"{DOCS_PAGE}{SEP}{page}"


def parse_docs_page(data: str) -> int:
    return int(data.partition(SEP)[2])


@dataclass(frozen=True)
class FeedbackPress:
    question_id: int
    vote: Vote


def feedback_data(question_id: int, vote: Vote) -> str:
    return SEP.join([FEEDBACK, str(question_id), VOTE_CODES[vote]])


def parse_feedback(data: str) -> FeedbackPress | None:
    if re.fullmatch(PATTERN_FEEDBACK, data) is None:
        return None
    _, question_id, code = data.split(SEP)
    return FeedbackPress(int(question_id), next(v for v, c in VOTE_CODES.items() if c == code))
class ListButtons:
    """Callback data for a task list's page buttons and its spreadsheet button; the list is a short text
    (see bot/tasks.py) that travels in the button when it fits."""

    def __init__(self, capacity: int = 1024) -> None:
        self.capacity = capacity
        self._lists: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def page(self, spec: str, page: int) -> str:
        return self._fit(f"{TASKS_PAGE}{SEP}{page}{SEP}", spec)

    def spreadsheet(self, spec: str) -> str:
        return self._fit(f"{TASKS_FILE}{SEP}", spec)

    def fresh(self, spec: str) -> str:
        return self._fit(f"{TASKS_NEW}{SEP}", spec)

    def decode(self, data: str) -> tuple[Literal["page", "file", "new"], str, int] | None:
        """(what the button does, the list, the page) or None when the list is unknown (expired)."""
        kind, _, rest = data.partition(SEP)
        page = 0
        if kind == TASKS_PAGE:
            number, _, rest = rest.partition(SEP)
            if not number.isdigit():
                return None
            page = int(number)
        elif kind not in (TASKS_FILE, TASKS_NEW):
            return None
        if rest.startswith(LIST_KEY):
            with self._lock:
                found = self._lists.get(rest[len(LIST_KEY) :])
            if found is None:
                return None
            rest = found
        what: Literal["page", "file", "new"] = {TASKS_PAGE: "page", TASKS_FILE: "file"}.get(kind, "new")  # type: ignore[assignment]
        return what, rest, page

    def _fit(self, prefix: str, spec: str) -> str:
        inline = prefix + spec
        if len(inline.encode("utf-8")) <= MAX_CALLBACK_BYTES and not spec.startswith(LIST_KEY):
            return inline
        key = hashlib.sha1(spec.encode("utf-8")).hexdigest()[:16]
        with self._lock:
            self._lists[key] = spec
            self._lists.move_to_end(key)
            while len(self._lists) > self.capacity:
                self._lists.popitem(last=False)
        return f"{prefix}{LIST_KEY}{key}"
