"""The question log: what people asked, whether it was answered, what was cited, and what they thought of it.

One SQLite file, ``INDEX_DIR/questions.sqlite3``, beside (not inside) the index generations, so a reload or
a rebuild keeps it. WAL mode lets `vanban log` read while the bot writes. People appear only as a keyed hash
of their Telegram id (HMAC-SHA256 with ``LOG_HASH_KEY``, or else a random key kept in
``INDEX_DIR/questions.key``, mode 0600): enough to count one vote per person and answer, never their id or
name. Rows older than ``LOG_RETENTION_DAYS`` are deleted when the log is opened and then once a day; deleted
content is overwritten (``secure_delete``), not just unlinked.

Telegram-free: the bot hands in plain values. One connection is shared by the bot's worker threads behind a
lock; writes are a few rows, so holding it is cheap.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import os
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO

from .answer import Answer
from .settings import Settings

LOG_FILE = "questions.sqlite3"
KEY_FILE = "questions.key"
BUSY_TIMEOUT_SECONDS = 1.0  # another process writing; an answer never waits longer than this for the log
PURGE_EVERY = timedelta(days=1)
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"  # UTC, SQLite's own format: sorts as text
SCHEMA_VERSION = 1
IN_BATCH = 500  # ids per "IN (…)" query, well under SQLite's variable limit

Clock = Callable[[], datetime]

SCHEMA = """
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: old feedback buttons cannot point at a new question
    asked_at TEXT NOT NULL,
    chat_kind TEXT NOT NULL,
    user_key TEXT,
    question TEXT NOT NULL,
    understood TEXT,
    found INTEGER NOT NULL,
    latency_ms REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS questions_asked_at ON questions (asked_at);
CREATE TABLE IF NOT EXISTS citations (
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    document TEXT NOT NULL,
    item TEXT NOT NULL,
    PRIMARY KEY (question_id, position)
);
CREATE TABLE IF NOT EXISTS feedback (
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    user_key TEXT NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
    reason TEXT,
    voted_at TEXT NOT NULL,
    PRIMARY KEY (question_id, user_key)
);
CREATE INDEX IF NOT EXISTS feedback_voted_at ON feedback (voted_at);
"""


class ChatKind(StrEnum):
    PRIVATE = "private"
    GROUP = "group"


class Vote(StrEnum):
    UP = "up"
    DOWN = "down"


class VoteOutcome(StrEnum):
    RECORDED = "recorded"  # the person's first vote on this answer
    CHANGED = "changed"  # they had voted the other way
    UNCHANGED = "unchanged"  # the same vote again
    UNKNOWN_QUESTION = "unknown_question"  # removed by retention (or never logged)


@dataclass(frozen=True)
class CitedItem:
    document: str  # "55-CTr/TU", or the document's name when it has no number
    item: str  # "Phụ lục, dòng 3"


@dataclass(frozen=True)
class NewQuestion:
    """A question as the bot hands it in; ``user_id`` is hashed on the way in and never stored."""

    chat_kind: ChatKind
    user_id: int | None
    question: str  # as the person typed it
    understood: str | None  # the full question a follow-up was rewritten into
    found: bool
    cited: tuple[CitedItem, ...]
    latency_ms: float

    @classmethod
    def from_answer(
        cls, answer: Answer, question: str, chat_kind: ChatKind, user_id: int | None, understood: str | None
    ) -> NewQuestion:
        cited = tuple(CitedItem(c.doc_number or c.display_name, c.item_label) for c in answer.citations)
        return cls(chat_kind, user_id, question, understood, answer.found, cited, answer.latency_ms)


@dataclass(frozen=True)
class Feedback:
    vote: Vote
    reason: str | None
    voted_at: datetime


@dataclass(frozen=True)
class LoggedQuestion:
    id: int
    asked_at: datetime
    chat_kind: ChatKind
    user: str | None  # the keyed hash
    question: str
    understood: str | None
    found: bool
    cited: tuple[CitedItem, ...]
    latency_ms: float
    feedback: tuple[Feedback, ...]

    @property
    def up(self) -> int:
        return sum(f.vote == Vote.UP for f in self.feedback)

    @property
    def down(self) -> int:
        return sum(f.vote == Vote.DOWN for f in self.feedback)

    @property
    def reasons(self) -> list[str]:
        return [f.reason for f in self.feedback if f.vote == Vote.DOWN and f.reason]


@dataclass(frozen=True)
class DocumentCount:
    document: str
    questions: int  # answered questions citing it


@dataclass(frozen=True)
class Disliked:
    question_id: int
    question: str
    understood: str | None
    reason: str | None
    voted_at: datetime


@dataclass(frozen=True)
class Statistics:
    days: int
    since: datetime
    questions: int
    answered: int
    people: int
    up: int
    down: int
    top_documents: tuple[DocumentCount, ...]
    unanswered: tuple[LoggedQuestion, ...]  # latest first
    disliked: tuple[Disliked, ...]  # latest first

    @property
    def answered_share(self) -> float:
        return self.answered / self.questions if self.questions else 0.0


def utc_now() -> datetime:
    return datetime.now(UTC)


def log_path(settings: Settings) -> Path:
    return settings.index_dir / LOG_FILE


class QuestionLog:
    def __init__(self, path: Path, key: bytes, retention_days: int, clock: Clock = utc_now) -> None:
        if retention_days < 1:
            raise ValueError("LOG_RETENTION_DAYS must be at least 1")
        self.path = path
        self.retention = timedelta(days=retention_days)
        self.clock = clock
        self._key = key
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        _create_private(path)  # SQLite gives its -wal and -shm files the database file's mode
        self._db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("PRAGMA foreign_keys=ON")
        self._db.execute("PRAGMA secure_delete=ON")
        with self._transaction() as db:  # not executescript: it would commit the transaction it is in
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        self._purged_at = self.clock()
        self.purge()

    @classmethod
    def open(cls, settings: Settings, clock: Clock = utc_now) -> QuestionLog:
        """The log of ``settings.index_dir``, created if missing."""
        key = settings.log_hash_key.get_secret_value().encode() if settings.log_hash_key else b""
        if not key:
            key = load_or_create_key(settings.index_dir / KEY_FILE)
        return cls(log_path(settings), key, settings.log_retention_days, clock)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def user_key(self, user_id: int) -> str:
        return hmac.new(self._key, str(user_id).encode(), hashlib.sha256).hexdigest()[:32]

    # ------------------------------------------------------------ writing

    def record(self, question: NewQuestion) -> int:
        """Store a question and what its answer cited; its id goes into the feedback buttons."""
        now = self.clock()
        if now - self._purged_at >= PURGE_EVERY:
            self._purged_at = now
            self.purge()
        user = self.user_key(question.user_id) if question.user_id is not None else None
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO questions (asked_at, chat_kind, user_key, question, understood, found, latency_ms)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    _stamp(now), question.chat_kind.value, user, question.question, question.understood,
                    int(question.found), round(question.latency_ms, 1),
                ),
            )  # fmt: skip
            question_id = int(cursor.lastrowid or 0)
            db.executemany(
                "INSERT INTO citations (question_id, position, document, item) VALUES (?, ?, ?, ?)",
                [(question_id, i, c.document, c.item) for i, c in enumerate(question.cited)],
            )
        return question_id

    def vote(self, question_id: int, user_id: int, vote: Vote) -> VoteOutcome:
        """One vote per person and answer; voting again replaces it (and a 👍 drops a 👎's reason)."""
        with self._transaction() as db:
            return self._vote(db, question_id, self.user_key(user_id), vote, None)

    def give_reason(self, question_id: int, user_id: int, reason: str) -> VoteOutcome:
        """What was wrong with an answer: a 👎 with its one line of text (a reply to the bot's prompt)."""
        with self._transaction() as db:
            return self._vote(db, question_id, self.user_key(user_id), Vote.DOWN, reason)

    def _vote(self, db: sqlite3.Connection, question_id: int, user: str, vote: Vote, reason: str | None) -> VoteOutcome:
        if db.execute("SELECT 1 FROM questions WHERE id = ?", (question_id,)).fetchone() is None:
            return VoteOutcome.UNKNOWN_QUESTION
        row = db.execute(
            "SELECT vote, reason FROM feedback WHERE question_id = ? AND user_key = ?", (question_id, user)
        ).fetchone()
        if row is None:
            outcome = VoteOutcome.RECORDED
        elif row[0] != vote.value:
            outcome = VoteOutcome.CHANGED
        else:
            outcome = VoteOutcome.UNCHANGED
        if outcome == VoteOutcome.UNCHANGED and reason is None:
            return outcome
        kept_reason = reason if reason is not None else (row[1] if row is not None and vote == Vote.DOWN else None)
        db.execute(
            "INSERT INTO feedback (question_id, user_key, vote, reason, voted_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (question_id, user_key) DO UPDATE SET"
            " vote = excluded.vote, reason = excluded.reason, voted_at = excluded.voted_at",
            (question_id, user, vote.value, kept_reason, _stamp(self.clock())),
        )
        return outcome

    def purge(self) -> int:
        """Delete questions (with their citations and feedback) older than the retention period."""
        cutoff = _stamp(self.clock() - self.retention)
        with self._transaction() as db:
            return db.execute("DELETE FROM questions WHERE asked_at < ?", (cutoff,)).rowcount

    # ------------------------------------------------------------ reading

    def questions(self, since: datetime | None = None, unanswered: bool = False) -> list[LoggedQuestion]:
        """Logged questions, oldest first."""
        where, args = ["1"], []
        if since is not None:
            where.append("asked_at >= ?")
            args.append(_stamp(since))
        if unanswered:
            where.append("found = 0")
        with self._transaction() as db:
            rows = db.execute(f"{_SELECT_QUESTIONS} WHERE {' AND '.join(where)} ORDER BY id", args).fetchall()
            return self._complete(db, rows)

    def statistics(self, days: int, limit: int = 5) -> Statistics:
        """The last ``days`` days: counts, the most cited documents, the latest unanswered and 👎 answers."""
        since = self.clock() - timedelta(days=days)
        stamp = _stamp(since)
        with self._transaction() as db:
            questions, answered, people = db.execute(
                "SELECT COUNT(*), COALESCE(SUM(found), 0), COUNT(DISTINCT user_key) FROM questions WHERE asked_at >= ?",
                (stamp,),
            ).fetchone()
            votes = dict(
                db.execute(
                    "SELECT f.vote, COUNT(*) FROM feedback f JOIN questions q ON q.id = f.question_id"
                    " WHERE q.asked_at >= ? GROUP BY f.vote",
                    (stamp,),
                ).fetchall()
            )
            top = db.execute(
                "SELECT c.document, COUNT(DISTINCT c.question_id) AS n FROM citations c"
                " JOIN questions q ON q.id = c.question_id WHERE q.asked_at >= ? AND q.found = 1"
                " GROUP BY c.document ORDER BY n DESC, c.document LIMIT ?",
                (stamp, limit),
            ).fetchall()
            unanswered = db.execute(
                f"{_SELECT_QUESTIONS} WHERE asked_at >= ? AND found = 0 ORDER BY id DESC LIMIT ?", (stamp, limit)
            ).fetchall()
            disliked = db.execute(
                "SELECT q.id, q.question, q.understood, f.reason, f.voted_at FROM feedback f"
                " JOIN questions q ON q.id = f.question_id WHERE f.vote = 'down' AND q.asked_at >= ?"
                " ORDER BY f.voted_at DESC, q.id DESC LIMIT ?",
                (stamp, limit),
            ).fetchall()
            return Statistics(
                days=days,
                since=since,
                questions=questions,
                answered=answered,
                people=people,
                up=votes.get(Vote.UP.value, 0),
                down=votes.get(Vote.DOWN.value, 0),
                top_documents=tuple(DocumentCount(document, n) for document, n in top),
                unanswered=tuple(self._complete(db, unanswered)),
                disliked=tuple(Disliked(i, q, u, r, _parse(at)) for i, q, u, r, at in disliked),
            )

    def _complete(self, db: sqlite3.Connection, rows: Sequence[tuple[Any, ...]]) -> list[LoggedQuestion]:
        """Question rows with their citations and feedback."""
        ids = [int(row[0]) for row in rows]
        cited: dict[int, list[CitedItem]] = {}
        feedback: dict[int, list[Feedback]] = {}
        for batch in _batches(ids):
            marks = ",".join("?" * len(batch))
            for qid, document, item in db.execute(
                f"SELECT question_id, document, item FROM citations WHERE question_id IN ({marks})"
                " ORDER BY question_id, position",
                batch,
            ):
                cited.setdefault(qid, []).append(CitedItem(document, item))
            for qid, vote, reason, at in db.execute(
                f"SELECT question_id, vote, reason, voted_at FROM feedback WHERE question_id IN ({marks})"
                " ORDER BY voted_at",
                batch,
            ):
                feedback.setdefault(qid, []).append(Feedback(Vote(vote), reason, _parse(at)))
        return [
            LoggedQuestion(
                id=qid,
                asked_at=_parse(at),
                chat_kind=ChatKind(kind),
                user=user,
                question=text,
                understood=understood,
                found=bool(found),
                cited=tuple(cited.get(qid, [])),
                latency_ms=latency,
                feedback=tuple(feedback.get(qid, [])),
            )
            for qid, at, kind, user, text, understood, found, latency in rows
        ]

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        # BEGIN IMMEDIATE takes the write lock up front (waiting up to the busy timeout), so a transaction
        # that reads then writes never fails half-way on a lock another process holds
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")


_SELECT_QUESTIONS = "SELECT id, asked_at, chat_kind, user_key, question, understood, found, latency_ms FROM questions"


def load_or_create_key(path: Path) -> bytes:
    """The hashing key kept next to the log: created once, readable by its owner only."""
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        # link, unlike rename, fails when the name exists: two processes starting at once agree on one key
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink(missing_ok=True)
    return _read_key(path)


def _read_key(path: Path) -> bytes:
    text = path.read_text(encoding="ascii").strip()
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise ValueError(f"{path} does not hold a hex key of at least 16 bytes; remove it to create a new one")
    return key


def _create_private(path: Path) -> None:
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(TIME_FORMAT)


def _parse(stamp: str) -> datetime:
    return datetime.strptime(stamp, TIME_FORMAT).replace(tzinfo=UTC)


def _batches(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), IN_BATCH):
        yield ids[start : start + IN_BATCH]


# ---------------------------------------------------------------- export

CSV_COLUMNS = (
    "id", "asked_at", "chat_kind", "user", "question", "understood", "found", "documents", "items",
    "latency_ms", "up", "down", "reasons",
)  # fmt: skip


def write_csv(questions: Sequence[LoggedQuestion], handle: TextIO) -> None:
    """One row per question; times in UTC (ISO 8601), several values in a cell separated by "; "."""
    writer = csv.writer(handle)
    writer.writerow(CSV_COLUMNS)
    for q in questions:
        writer.writerow(
            [
                q.id,
                q.asked_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                q.chat_kind.value,
                q.user or "",
                q.question,
                q.understood or "",
                int(q.found),
                "; ".join(dict.fromkeys(c.document for c in q.cited)),
                "; ".join(f"{c.document} — {c.item}" for c in q.cited),
                q.latency_ms,
                q.up,
                q.down,
                "; ".join(q.reasons),
            ]
        )
