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


@dataclass
class _Bucket:
    tokens: float
    updated: float


class Throttle:
    """A token bucket per user: bursts up to ``per_minute`` questions, refilled at ``per_minute`` a minute.

    ``per_minute <= 0`` turns throttling off. The clock is injectable so the bucket can be tested
    without sleeping.
    """

    MAX_USERS = 10_000

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self.clock = clock
        self._buckets: dict[int, _Bucket] = {}
        self._lock = threading.Lock()

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
