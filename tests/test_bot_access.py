"""Who may use the bot, the per-user token bucket, and notices said once a window."""

from __future__ import annotations

import pytest

from bot.access import SERVE, SILENT, Access, Admission, OncePerWindow, Throttle


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


def test_past_the_rate_a_user_is_told_once_then_refused_in_silence_until_the_window_passes() -> None:
    clock = Clock()
    throttle = Throttle(per_minute=3, clock=clock)
    assert [throttle.admit(1) for _ in range(3)] == [SERVE] * 3
    assert throttle.admit(1) == Admission(serve=False, notice_seconds=20)  # one token every 20 s
    assert [throttle.admit(1) for _ in range(100)] == [SILENT] * 100
    assert throttle.admit(2) == SERVE, "others are not affected"
    clock.now += 20
    assert throttle.admit(1) == SERVE, "within the rate again, though the window is not over"
    assert throttle.admit(1) == SILENT, "past it again in the same window: no second notice"
    clock.now += 40  # a minute since the notice, two more tokens
    assert [throttle.admit(1) for _ in range(2)] == [SERVE] * 2
    assert throttle.admit(1) == Admission(serve=False, notice_seconds=20), "a new window, a new notice"


def test_once_per_window_is_per_key_and_comes_back_when_the_window_passes() -> None:
    clock = Clock()
    once = OncePerWindow(window=60, clock=clock)
    assert [once.first(7) for _ in range(50)] == [True] + [False] * 49
    assert once.first(8)
    clock.now += 59.9
    assert not once.first(7)
    clock.now += 0.1
    assert once.first(7)


def test_once_per_window_memory_stays_bounded() -> None:
    clock = Clock()
    once = OncePerWindow(window=60, clock=clock)
    once.MAX_KEYS = 10
    for key in range(10):
        once.first(key)
    clock.now += 61
    for key in range(10, 15):
        assert once.first(key)
    assert len(once._last) <= 10
    assert once.first(0), "a forgotten key had its window pass: it gets its yes, as before"
