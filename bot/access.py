"""Who may use the bot where, and how often."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass


class Access:
    """ADMIN_IDS may reload and upload; ALLOWED_CHATS, when set, lists the chats the bot serves."""

    def __init__(self, admin_ids: Iterable[int], allowed_chats: Iterable[int]) -> None:
        self.admin_ids = frozenset(admin_ids)
        self.allowed_chats = frozenset(allowed_chats)

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.admin_ids

    def chat_allowed(self, chat_id: int, user_id: int | None, private: bool) -> bool:
        if not self.allowed_chats or chat_id in self.allowed_chats:
            return True
        # an admin must be able to reach the bot privately even when it serves only some groups
        return private and self.is_admin(user_id)


WINDOW_SECONDS = 60.0  # one notice, or one refusal, per user per minute: the rate is per minute too


class OncePerWindow:
    """Yes for a key at most once per ``window`` seconds: notices must not become a flood of their own.

    Memory is bounded: past ``MAX_KEYS``, keys whose window has passed are forgotten (they would get a
    yes anyway).
    """

    MAX_KEYS = 10_000

    def __init__(self, window: float = WINDOW_SECONDS, clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window
        self.clock = clock
        self._last: dict[int, float] = {}
        self._lock = threading.Lock()

    def first(self, key: int) -> bool:
        now = self.clock()
        with self._lock:
            last = self._last.get(key)
            if last is not None and now - last < self.window:
                return False
            if last is None and len(self._last) >= self.MAX_KEYS:
                self._last = {k: t for k, t in self._last.items() if now - t < self.window}
            self._last[key] = now
            return True


@dataclass(frozen=True)
class Admission:
    """What to do with a question: serve it, or refuse it with a notice (once a window) or in silence."""

    serve: bool
    notice_seconds: int | None = None  # refused and told to wait about this long; None: refused in silence


SERVE = Admission(serve=True)
SILENT = Admission(serve=False)


@dataclass
class _Bucket:
    tokens: float
    updated: float


class Throttle:
    """A token bucket per user: bursts up to ``per_minute`` questions, refilled at ``per_minute`` a minute.

    Past the rate a user is told once to wait, then refused in silence until ``window`` seconds have passed
    since they were told: a flood gets the answers within the rate and one notice, not a reply per message.
    ``per_minute <= 0`` turns throttling off. The clock is injectable so the bucket can be tested without
    sleeping.
    """

    MAX_USERS = 10_000

    def __init__(
        self, per_minute: int, clock: Callable[[], float] = time.monotonic, window: float = WINDOW_SECONDS
    ) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self.notices = OncePerWindow(window, clock)
        self._buckets: dict[int, _Bucket] = {}
        self._lock = threading.Lock()

    def admit(self, user_id: int) -> Admission:
        """Serve the user's question, or refuse it: with the notice once a window, else in silence."""
        delay = self.take(user_id)
        if not delay:
            return SERVE
        if self.notices.first(user_id):
            return Admission(serve=False, notice_seconds=wait_seconds(delay))
        return SILENT

    def take(self, user_id: int) -> float:
        """0.0 when the user may go ahead (a token is spent), else the seconds until the next token."""
        if self.capacity <= 0:
            return 0.0
        now = self.clock()
        with self._lock:
            bucket = self._buckets.get(user_id)
            if bucket is None:
                if len(self._buckets) >= self.MAX_USERS:
                    self._forget_full(now)
                bucket = self._buckets[user_id] = _Bucket(self.capacity, now)
            bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / self.rate

    def _forget_full(self, now: float) -> None:
        """A user whose bucket has refilled is indistinguishable from a new one: drop them to bound memory."""
        for user_id, bucket in list(self._buckets.items()):
            if bucket.tokens + (now - bucket.updated) * self.rate >= self.capacity:
                del self._buckets[user_id]


def wait_seconds(delay: float) -> int:
    return max(1, math.ceil(delay))
