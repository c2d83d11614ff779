"""Callback data for "Xem toàn văn" buttons (which item of which document to show) and 👍/👎 buttons.

Telegram allows 64 bytes of callback data. When the document reference and item path fit, they travel
in the button itself (``i|55-CTr/TU|Phụ lục|3``), so buttons on old messages keep working after a
restart; otherwise the button carries a short key into a per-process LRU table (``k|<key>``).
A feedback button carries the question's id in the question log and the vote (``fb|42|u``).
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass

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
