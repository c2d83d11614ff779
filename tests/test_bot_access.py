"""Who may use the bot, and the per-user token bucket."""

from __future__ import annotations

import pytest

from bot.access import Access, Throttle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_admins_are_listed_users() -> None:
    access = Access([1, 2], [])
    assert access.is_admin(1) and not access.is_admin(3) and not access.is_admin(None)


@pytest.mark.parametrize(
    ("chat", "user", "private", "allowed"),
    [
        (-100, 5, False, True),  # a listed group
        (-200, 5, False, False),  # another group
        (5, 5, True, False),  # a private chat not listed
        (7, 7, True, True),  # a listed private chat
        (1, 1, True, True),  # an admin, privately, always
        (-200, 1, False, False),  # but not in an unlisted group
    ],
)
def test_allowed_chats_limit_where_the_bot_answers(chat: int, user: int, private: bool, allowed: bool) -> None:
    assert Access([1], [-100, 7]).chat_allowed(chat, user, private) is allowed


def test_without_allowed_chats_every_chat_is_served() -> None:
    assert Access([], []).chat_allowed(-12345, 6, private=False)


def test_the_bucket_allows_a_burst_then_refills_at_the_rate() -> None:
    clock = Clock()
    throttle = Throttle(per_minute=3, clock=clock)
    assert [throttle.take(1) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert throttle.take(1) == pytest.approx(20.0)  # one token every 20 s
    assert throttle.take(2) == 0.0, "users have their own buckets"
    clock.now += 19.0
    assert throttle.take(1) == pytest.approx(1.0)
    clock.now += 1.0
    assert throttle.take(1) == 0.0
    clock.now += 3600
    assert [throttle.take(1) for _ in range(4)].count(0.0) == 3, "a bucket never holds more than the burst"


def test_a_zero_rate_turns_throttling_off() -> None:
    throttle = Throttle(per_minute=0)
    assert all(throttle.take(1) == 0.0 for _ in range(100))


def test_memory_stays_bounded() -> None:
    clock = Clock()
    throttle = Throttle(per_minute=60, clock=clock)
    throttle.MAX_USERS = 10
    for user in range(10):
        throttle.take(user)
    clock.now += 120  # every bucket has refilled: forgetting them changes nothing
    for user in range(10, 15):
        throttle.take(user)
    assert len(throttle._buckets) <= 10
