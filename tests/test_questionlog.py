"""The question log on its own (retrieval/questionlog.py) and `vanban log`: votes, retention, statistics, export."""

from __future__ import annotations

import csv
import io
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from retrieval import cli
from retrieval.questionlog import (
    CSV_COLUMNS,
    KEY_FILE,
    LOG_FILE,
    ChatKind,
    CitedItem,
    NewQuestion,
    QuestionLog,
    Vote,
    VoteOutcome,
)
from retrieval.settings import Settings, get_settings

START = datetime(2026, 11, 3, 8, 30, tzinfo=UTC)
ALICE, BOB = 5001, 5002
CITED = (CitedItem("55-CTr/TU", "Phụ lục, dòng 3"), CitedItem("78/KH-UBND", "mục II.1"))


class Clock:
    """Time that moves only when a test moves it."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def asked(
    text: str = "ai chủ trì?", user: int | None = ALICE, found: bool = True, cited: tuple[CitedItem, ...] = CITED
) -> NewQuestion:
    return NewQuestion(ChatKind.PRIVATE, user, text, None, found, cited if found else (), 12.0)


def settings_for(index: Path, **extra: object) -> Settings:
    corpus = index.parent / "corpus"
    return Settings(index_dir=index, corpus_dir=corpus, _env_file=None, **extra)  # type: ignore[call-arg]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def log(tmp_path: Path, clock: Clock) -> Iterator[QuestionLog]:
    opened = QuestionLog.open(settings_for(tmp_path / "index"), clock=clock)
    yield opened
    opened.close()


# ---------------------------------------------------------------- storing and reading


def test_a_question_is_stored_with_its_citations_and_read_back(log: QuestionLog, clock: Clock) -> None:
    question_id = log.record(
        NewQuestion(ChatKind.GROUP, ALICE, "còn phối hợp?", "Ai phối hợp việc X theo 55-CTr/TU?", True, CITED, 41.26)
    )
    (stored,) = log.questions()
    assert stored.id == question_id
    assert stored.asked_at == START
    assert (stored.chat_kind, stored.question, stored.understood) == (
        ChatKind.GROUP, "còn phối hợp?", "Ai phối hợp việc X theo 55-CTr/TU?",
    )  # fmt: skip
    assert stored.found and stored.cited == CITED and stored.latency_ms == 41.3
    assert stored.user == log.user_key(ALICE) and str(ALICE) not in (stored.user or "")
    assert stored.feedback == ()


def test_one_vote_per_person_and_answer_a_second_press_changes_it(log: QuestionLog, clock: Clock) -> None:
    question_id = log.record(asked())
    assert log.vote(question_id, ALICE, Vote.UP) == VoteOutcome.RECORDED
    assert log.vote(question_id, ALICE, Vote.UP) == VoteOutcome.UNCHANGED
    assert log.vote(question_id, BOB, Vote.UP) == VoteOutcome.RECORDED
    clock.advance(minutes=1)
    assert log.vote(question_id, ALICE, Vote.DOWN) == VoteOutcome.CHANGED
    (stored,) = log.questions()
    assert (stored.up, stored.down) == (1, 1)
    assert log.vote(question_id + 1, ALICE, Vote.UP) == VoteOutcome.UNKNOWN_QUESTION


def test_a_reason_is_a_thumbs_down_and_a_thumbs_up_takes_it_back(log: QuestionLog) -> None:
    question_id = log.record(asked())
    log.vote(question_id, ALICE, Vote.DOWN)
    assert log.give_reason(question_id, ALICE, "trích sai dòng") == VoteOutcome.UNCHANGED
    assert log.give_reason(question_id, BOB, "thiếu văn bản") == VoteOutcome.RECORDED, "a reply alone counts as 👎"
    assert log.vote(question_id, ALICE, Vote.DOWN) == VoteOutcome.UNCHANGED
    (stored,) = log.questions()
    assert sorted(stored.reasons) == ["thiếu văn bản", "trích sai dòng"], "pressing 👎 again keeps the reason"
    log.vote(question_id, ALICE, Vote.UP)
    (stored,) = log.questions()
    assert stored.reasons == ["thiếu văn bản"]


def test_listing_filters_by_day_and_by_unanswered(log: QuestionLog, clock: Clock) -> None:
    log.record(asked("hôm qua"))
    clock.advance(days=1)
    log.record(asked("hôm nay, trả lời được"))
    log.record(asked("hôm nay, không tìm thấy", found=False))
    today = datetime(2026, 11, 4, tzinfo=UTC)
    assert [q.question for q in log.questions(since=today)] == ["hôm nay, trả lời được", "hôm nay, không tìm thấy"]
    assert [q.question for q in log.questions(unanswered=True)] == ["hôm nay, không tìm thấy"]


def test_statistics_of_a_period(log: QuestionLog, clock: Clock) -> None:
    log.record(asked("ngoài kỳ", user=9))  # 8 days before the report: outside a 7-day window
    clock.advance(days=2)
    answered = [log.record(asked(f"câu {i}", user=ALICE if i % 2 else BOB)) for i in range(3)]
    log.record(asked("câu chỉ trích 78", cited=(CITED[1],)))
    for i in range(3):
        clock.advance(minutes=1)
        log.record(asked(f"không tìm thấy {i}", found=False))
    log.vote(answered[0], ALICE, Vote.UP)
    log.vote(answered[1], ALICE, Vote.DOWN)
    clock.advance(minutes=1)
    log.give_reason(answered[2], BOB, "sai cơ quan")
    clock.advance(days=6)

    stats = log.statistics(7, limit=2)
    assert (stats.questions, stats.answered, stats.people, stats.up, stats.down) == (7, 4, 2, 1, 2)
    assert stats.answered_share == pytest.approx(4 / 7)
    assert [(d.document, d.questions) for d in stats.top_documents] == [("78/KH-UBND", 4), ("55-CTr/TU", 3)]
    assert [q.question for q in stats.unanswered] == ["không tìm thấy 2", "không tìm thấy 1"], "latest first"
    assert [(d.question, d.reason) for d in stats.disliked] == [("câu 2", "sai cơ quan"), ("câu 1", None)]
    assert log.statistics(9).questions == 8
    assert log.statistics(1).questions == 0 and log.statistics(1).answered_share == 0.0


# ---------------------------------------------------------------- retention


def test_retention_removes_old_questions_with_their_feedback_on_open_and_daily(tmp_path: Path, clock: Clock) -> None:
    settings = settings_for(tmp_path / "index", log_retention_days=30)
    log = QuestionLog.open(settings, clock=clock)
    old = log.record(asked("cũ"))
    log.vote(old, ALICE, Vote.DOWN)
    clock.advance(days=20)
    log.record(asked("gần đây"))
    clock.advance(days=11)  # the first is now 31 days old, the second 11
    log.record(asked("mới"))  # more than a day since the last purge: this write purges
    assert [q.question for q in log.questions()] == ["gần đây", "mới"]
    assert log.vote(old, ALICE, Vote.UP) == VoteOutcome.UNKNOWN_QUESTION
    log.close()

    with sqlite3.connect(tmp_path / "index" / LOG_FILE) as db:
        assert db.execute("SELECT COUNT(*) FROM feedback").fetchone() == (0,), "feedback goes with its question"
        assert db.execute("SELECT COUNT(*) FROM citations").fetchone() == (4,)

    clock.advance(days=20)  # "gần đây" is 31 days old: opening the log removes it
    reopened = QuestionLog.open(settings, clock=clock)
    assert [q.question for q in reopened.questions()] == ["mới"]
    reopened.close()


def test_ids_are_never_reused_after_everything_was_removed(tmp_path: Path, clock: Clock) -> None:
    settings = settings_for(tmp_path / "index", log_retention_days=1)
    log = QuestionLog.open(settings, clock=clock)
    first = log.record(asked())
    clock.advance(days=2)
    assert log.purge() == 1 and log.questions() == []
    assert log.record(asked()) > first, "an old 👍 button must not land on a new question"
    log.close()


def test_retention_must_be_at_least_a_day(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        QuestionLog(tmp_path / LOG_FILE, b"k" * 32, 0)
    with pytest.raises(ValueError):
        settings_for(tmp_path, log_retention_days=0)


# ---------------------------------------------------------------- the file and its key


def test_the_log_survives_reopening_with_the_same_key(tmp_path: Path, clock: Clock) -> None:
    settings = settings_for(tmp_path / "index")
    log = QuestionLog.open(settings, clock=clock)
    question_id = log.record(asked())
    log.vote(question_id, ALICE, Vote.UP)
    log.close()
    key = tmp_path / "index" / KEY_FILE
    assert key.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "index" / LOG_FILE).stat().st_mode & 0o777 == 0o600
    again = QuestionLog.open(settings, clock=clock)
    assert again.vote(question_id, ALICE, Vote.UP) == VoteOutcome.UNCHANGED, "the same person after a restart"
    again.close()


def test_a_configured_key_replaces_the_key_file(tmp_path: Path) -> None:
    index = tmp_path / "index"
    configured = QuestionLog.open(settings_for(index, log_hash_key="một khóa dài và bí mật"))
    assert not (index / KEY_FILE).exists()
    other = QuestionLog.open(settings_for(tmp_path / "other", log_hash_key="một khóa khác"))
    assert configured.user_key(ALICE) != other.user_key(ALICE)
    configured.close()
    other.close()


def test_a_damaged_key_file_is_reported_not_replaced(tmp_path: Path) -> None:
    index = tmp_path / "index"
    index.mkdir()
    (index / KEY_FILE).write_text("not hex\n", encoding="ascii")
    with pytest.raises(ValueError, match="does not hold a hex key"):
        QuestionLog.open(settings_for(index))
    assert (index / KEY_FILE).read_text(encoding="ascii") == "not hex\n"


def test_threads_writing_at_once_lose_nothing(log: QuestionLog) -> None:
    ids: list[int] = []
    lock = threading.Lock()

    def ask(worker: int) -> None:
        for i in range(25):
            question_id = log.record(asked(f"{worker}-{i}", user=worker))
            log.vote(question_id, worker, Vote.UP)
            with lock:
                ids.append(question_id)

    threads = [threading.Thread(target=ask, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stored = log.questions()
    assert len(set(ids)) == len(stored) == 200
    assert all(q.up == 1 for q in stored)


# ---------------------------------------------------------------- `vanban log`


@pytest.fixture
def filled(tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A log with three questions, and `vanban` pointed at it."""
    index = tmp_path / "index"
    log = QuestionLog.open(settings_for(index), clock=clock)
    first = log.record(asked("ai chủ trì giám sát, theo CTr 55?"))
    log.give_reason(first, ALICE, "thiếu thời hạn")
    log.vote(first, BOB, Vote.UP)
    clock.advance(days=2)
    log.record(asked('câu hỏi, có dấu phẩy và "ngoặc"', found=False))
    log.record(asked("ai phối hợp?", user=None, cited=(CITED[0],)))
    log.close()
    monkeypatch.setenv("INDEX_DIR", str(index))
    monkeypatch.setenv("CORPUS_DIR", str(tmp_path / "corpus"))
    monkeypatch.setenv("LOG_RETENTION_DAYS", "3650")  # the fixture's dates are in the past of the real clock
    monkeypatch.chdir(tmp_path)  # no .env
    get_settings.cache_clear()
    yield index
    get_settings.cache_clear()


def test_vanban_log_csv_has_a_header_and_one_row_per_question(filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "log.csv"
    assert cli.main(["log", "--csv", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a BOM, so spreadsheet programs read the Vietnamese right"
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    header, *body = rows
    first, second, third = (dict(zip(header, row, strict=True)) for row in body)
    assert first["asked_at"] == "2026-11-03T08:30:00Z" and first["chat_kind"] == "private"
    assert first["question"] == "ai chủ trì giám sát, theo CTr 55?" and first["found"] == "1"
    assert first["documents"] == "55-CTr/TU; 78/KH-UBND"
    assert first["items"] == "55-CTr/TU — Phụ lục, dòng 3; 78/KH-UBND — mục II.1"
    assert (first["up"], first["down"], first["reasons"]) == ("1", "1", "thiếu thời hạn")
    assert len(first["user"]) == 32 and str(ALICE) not in first["user"]
    assert second["question"] == 'câu hỏi, có dấu phẩy và "ngoặc"' and second["found"] == "0"
    assert second["documents"] == "" and second["items"] == ""
    assert third["user"] == ""


def test_vanban_log_filters_and_prints_a_table(filled: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["log", "--unanswered"]) == 0
    out = capsys.readouterr().out
    assert 'câu hỏi, có dấu phẩy và "ngoặc"' in out and "ai chủ trì giám sát" not in out
    assert "1 câu hỏi, 0 trả lời được" in out

    assert cli.main(["log", "--since", "2026-11-05", "--csv", "-"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["question"] for r in rows] == ['câu hỏi, có dấu phẩy và "ngoặc"', "ai phối hợp?"]

    assert cli.main(["log"]) == 0
    out = capsys.readouterr().out
    assert "👍1 👎1  ai chủ trì giám sát, theo CTr 55?" in out and "👎 thiếu thời hạn" in out


def test_vanban_log_explains_a_bad_date_and_a_missing_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("INDEX_DIR", str(tmp_path / "empty"))
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    try:
        with pytest.raises(SystemExit):
            cli.main(["log", "--since", "01/11/2026"])
        assert "ngày phải có dạng YYYY-MM-DD" in capsys.readouterr().err
        assert cli.main(["log"]) == 0
        assert "Chưa có nhật ký câu hỏi" in capsys.readouterr().err
        assert not (tmp_path / "empty").exists(), "reading creates nothing"
    finally:
        get_settings.cache_clear()
