"""Load through the real bot: simulated users asking at once over a local Bot API server, with an admin
/reload in the middle. Reports answered/failed/lost counts and latency percentiles. Prints figures only.

    .venv/bin/python -m bench.load [--users 50] [--questions 500] [--gold ../shared/eval/dev.jsonl]
    .venv/bin/python -m bench.load --flood [--users 10] [--questions 80] [--flood-messages 300]

Each user is closed-loop: it sends a question, waits for the bot's reply in its chat, then sends the next
one, so a latency is exactly one question's round trip through HTTP, python-telegram-bot and the
assistant. The server is the one the end-to-end tests use (tests/fake_telegram.py). Throttling is off: the
point is how the bot holds up, not the per-user limit.

``--flood``: the same closed-loop users twice, once alone and once while one more user sends
``--flood-messages`` messages at once, with the per-user rate on (USER_RATE_PER_MINUTE as configured; the
closed-loop users stay within it). Prints the other users' latency in both runs and what the flooder got.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from retrieval.assistant import Assistant
from retrieval.settings import PROJECT_ROOT, get_settings

sys.path.insert(0, str(PROJECT_ROOT / "tests"))
from fake_telegram import ADMIN, FakeTelegram, RunningBot, make_settings

from .report import replace_section

REPLY_TIMEOUT = 60.0


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(q * len(ordered)) - 1)] if ordered else float("nan")


class Inbox:
    """Replies per chat, as the fake server records the bot's sendMessage calls."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._count: dict[int, int] = {}
        self.texts: dict[int, list[str]] = {}

    def __call__(self, call) -> None:  # type: ignore[no-untyped-def]
        if call.method != "sendMessage" or call.chat_id is None:
            return
        with self._cond:
            self._count[call.chat_id] = self._count.get(call.chat_id, 0) + 1
            self.texts.setdefault(call.chat_id, []).append(call.text)
            self._cond.notify_all()

    def count(self, chat_id: int) -> int:
        with self._cond:
            return self._count.get(chat_id, 0)

    def wait_more(self, chat_id: int, seen: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._count.get(chat_id, 0) <= seen:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
            return True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=None, help="closed-loop users (default 50, 10 with --flood)")
    parser.add_argument("--questions", type=int, default=None, help="questions in all (default 500, 80 with --flood)")
    parser.add_argument("--gold", type=Path, default=PROJECT_ROOT.parent / "shared" / "eval" / "dev.jsonl")
    parser.add_argument("--flood", action="store_true", help="measure other users' latency during one user's flood")
    parser.add_argument("--flood-messages", type=int, default=300)
    parser.add_argument("--write", action="store_true", help="put the figures in docs/benchmarks.md")
    args = parser.parse_args()
    os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")
    questions = [
        json.loads(line)["question"] for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    if args.flood:
        flood(args, questions)
        return
    args.users = args.users or 50
    args.questions = args.questions or 500
    per_user = args.questions // args.users
    from bot.app import build_application

    with tempfile.TemporaryDirectory() as tmp, FakeTelegram() as fake:
        settings = make_settings(
            fake, get_settings().corpus_dir, Path(tmp) / "index", user_rate_per_minute=0, typing_after_seconds=0.5
        )
        assistant = Assistant(settings)
        assistant.reload()
        inbox = Inbox()
        fake.listeners.append(inbox)
        latencies: list[float] = []
        failed: list[str] = []
        lost = 0
        lock = threading.Lock()
        halfway = threading.Event()
        asked = [0]

        def user(n: int) -> None:
            nonlocal lost
            uid = 700000 + n
            chat, person = fake.private_chat(uid), fake.user(uid)
            for i in range(per_user):
                question = questions[(n * per_user + i) % len(questions)]
                seen = inbox.count(uid)
                started = time.perf_counter()
                fake.send_text(chat, person, question)
                if not inbox.wait_more(uid, seen, REPLY_TIMEOUT):
                    with lock:
                        lost += 1
                    continue
                elapsed = (time.perf_counter() - started) * 1000
                reply = inbox.texts[uid][seen]
                with lock:
                    latencies.append(elapsed)
                    if "Xin lỗi" in reply or not reply.strip():
                        failed.append(reply[:80])
                    asked[0] += 1
                    if asked[0] >= args.questions // 2:
                        halfway.set()

        with RunningBot(build_application(settings, assistant), fake):
            threads = [threading.Thread(target=user, args=(n,)) for n in range(args.users)]
            started = time.perf_counter()
            for t in threads:
                t.start()
            halfway.wait(REPLY_TIMEOUT * 5)
            admin_chat, admin = fake.private_chat(ADMIN), fake.user(ADMIN)
            reload_started = time.perf_counter()
            seen_admin = inbox.count(ADMIN)
            fake.send_text(admin_chat, admin, "/reload")
            for t in threads:
                t.join()
            wall = time.perf_counter() - started
            summary = fake.wait_for(
                lambda c: c.method == "editMessageText" and c.chat_id == ADMIN and "Đã nạp lại" in c.text, timeout=300
            )
            reload_seconds = time.perf_counter() - reload_started
            assert inbox.count(ADMIN) > seen_admin or summary
    total = per_user * args.users
    figures = [
        f"users: {args.users}, questions: {total}, admin /reload sent after {args.questions // 2} answers",
        f"answered: {len(latencies) - len(failed)}, failed (error reply): {len(failed)}, lost (no reply): {lost}",
        f"latency: p50 {statistics.median(latencies):.0f} ms, p95 {percentile(latencies, 0.95):.0f} ms, "
        f"p99 {percentile(latencies, 0.99):.0f} ms, max {max(latencies):.0f} ms",
        f"throughput: {total / wall:.1f} questions/s over {wall:.1f} s; reload finished within {reload_seconds:.1f} s",
    ]
    print("\n".join(figures))
    if args.write:
        replace_section("Load through the bot", [
            f"`.venv/bin/python -m bench.load --users {args.users} --questions {args.questions} --write` on "
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC: the real Application polling a local Bot API server "
            "(tests/fake_telegram.py), closed-loop users (next question after the reply), throttling off, an admin",
            "`/reload` of the whole sample corpus half-way. Everything (server, bot, users) shares one process and two cores.",
            "python-telegram-bot's rate limiter keeps the bot under Telegram's 30 requests a second, so with many users",
            "at once latency is mostly waiting for a sending slot: throughput is the figure to read.",
            "",
            *[f"- {line}" for line in figures],
        ])  # fmt: skip


FLOODER = 799999


def ask_in_turn(fake: FakeTelegram, inbox: Inbox, uid: int, questions: list[str]) -> tuple[list[float], int]:
    """One closed-loop user: (latencies in ms of the questions answered, how many got no reply)."""
    chat, person = fake.private_chat(uid), fake.user(uid)
    latencies: list[float] = []
    lost = 0
    for question in questions:
        seen = inbox.count(uid)
        started = time.perf_counter()
        fake.send_text(chat, person, question)
        if inbox.wait_more(uid, seen, REPLY_TIMEOUT):
            latencies.append((time.perf_counter() - started) * 1000)
        else:
            lost += 1
    return latencies, lost


def users_in_turn(
    fake: FakeTelegram, inbox: Inbox, users: int, per_user: int, questions: list[str]
) -> tuple[list[float], int]:
    """``users`` closed-loop users at once, each asking its own ``per_user`` questions."""
    plans = [[questions[(n * per_user + i) % len(questions)] for i in range(per_user)] for n in range(users)]
    with ThreadPoolExecutor(max_workers=users) as pool:
        runs = list(pool.map(lambda n: ask_in_turn(fake, inbox, 700000 + n, plans[n]), range(users)))
    return [ms for got, _ in runs for ms in got], sum(lost for _, lost in runs)


def flood_run(
    index_dir: Path, rate: int, users: int, per_user: int, questions: list[str], flood_messages: int
) -> tuple[list[float], int, list[str]]:
    """One run of the closed-loop users, with ``flood_messages`` sent at once by one more user before they start."""
    from bot.app import build_application

    with FakeTelegram() as fake:
        settings = make_settings(
            fake, get_settings().corpus_dir, index_dir, user_rate_per_minute=rate, typing_after_seconds=0.5
        )
        inbox = Inbox()
        fake.listeners.append(inbox)
        with RunningBot(build_application(settings, Assistant(settings)), fake) as bot:
            ask_in_turn(fake, inbox, 600000, questions[:1])  # the index is loaded before timing
            chat, person = fake.private_chat(FLOODER), fake.user(FLOODER)
            for i in range(flood_messages):
                fake.send_text(chat, person, questions[i % len(questions)])
            latencies, lost = users_in_turn(fake, inbox, users, per_user, questions)
            bot.stop()  # handles every update fetched, the flood included
        return latencies, lost, inbox.texts.get(FLOODER, [])


def flood(args: argparse.Namespace, questions: list[str]) -> None:
    """Other users' latency alone and during one user's flood; what the flooder gets back."""
    from bot.settings import BotSettings

    users = args.users or 10
    per_user = (args.questions or 80) // users
    rate = BotSettings().user_rate_per_minute
    if 0 < rate < per_user:
        raise SystemExit(f"{per_user} questions a user exceeds USER_RATE_PER_MINUTE={rate}: they would be throttled")
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = Path(tmp) / "index"
        with FakeTelegram() as fake:
            Assistant(make_settings(fake, get_settings().corpus_dir, index_dir)).reload()
        alone = flood_run(index_dir, rate, users, per_user, questions, 0)
        flooded = flood_run(index_dir, rate, users, per_user, questions, args.flood_messages)
    results = {"alone": alone[:2], "flood": flooded[:2]}
    flooder_replies = flooded[2]
    notices = sum("quá nhanh" in r or "hơi nhanh" in r for r in flooder_replies)
    figures = [f"{users} closed-loop users x {per_user} questions, USER_RATE_PER_MINUTE={rate}"]
    for scenario, label in (("alone", "without a flood"), ("flood", f"during a flood of {args.flood_messages}")):
        latencies, lost = results[scenario]
        figures.append(
            f"other users {label}: p50 {statistics.median(latencies):.0f} ms, p95 {percentile(latencies, 0.95):.0f} ms, "
            f"max {max(latencies):.0f} ms, lost {lost}"
        )
    figures.append(
        f"the flooder got {len(flooder_replies)} replies for {args.flood_messages} messages: "
        f"{notices} 'too fast' notice(s), {len(flooder_replies) - notices} answer message(s)"
    )
    print("\n".join(figures))
    if args.write:
        replace_section("Flood from one user", [
            f"`.venv/bin/python -m bench.load --flood --users {users} --questions {users * per_user} "
            f"--flood-messages {args.flood_messages} --write` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: the real",
            "Application polling a local Bot API server; closed-loop users within their rate, run once alone and once",
            "while one more user sends all its messages at once. One process, two cores.",
            "",
            *[f"- {line}" for line in figures],
        ])  # fmt: skip


if __name__ == "__main__":
    main()
