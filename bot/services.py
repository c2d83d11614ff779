"""What the handlers share: the assistant and the bot's own state, kept in ``application.bot_data``.

The assistant is synchronous and CPU-bound; every call into it goes through a worker thread so the
event loop keeps serving other chats. So does every call into the question log, which is optional:
a log that cannot be opened or written is reported in the log and the bot answers without it.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from telegram.ext import Application, CallbackContext

from retrieval.answer import Answer, Citation
from retrieval.assistant import Assistant
from retrieval.models import Document
from retrieval.questionlog import NewQuestion, QuestionLog, Statistics, Vote, VoteOutcome
from retrieval.register import Register
from retrieval.relations import Relations

from .access import Access, OncePerWindow, Throttle
from .buttons import ItemButtons, ListButtons
from .reloading import ReloadRunner
from .settings import BotSettings

KEY = "services"
T = TypeVar("T")

log = logging.getLogger(__name__)


@dataclass
class Services:
    settings: BotSettings
    assistant: Assistant
    access: Access
    throttle: Throttle
    refusals: OncePerWindow  # chats outside ALLOWED_CHATS told so, at most once a window each
    reloads: ReloadRunner
    buttons: ItemButtons
    questions: QuestionLog | None  # None: LOG_QUESTIONS=false, or the log could not be opened
    list_buttons: ListButtons = field(default_factory=ListButtons)
    today: Callable[[], dt.date] = dt.date.today  # what "this month" is for /hethan; injectable for tests

    @classmethod
    def create(
        cls,
        settings: BotSettings,
        assistant: Assistant,
        clock: Callable[[], float] = time.monotonic,
        today: Callable[[], dt.date] | None = None,
    ) -> Services:
        return cls(
            settings=settings,
            assistant=assistant,
            access=Access(settings.admin_ids, settings.allowed_chats),
            throttle=Throttle(settings.user_rate_per_minute, clock),
            refusals=OncePerWindow(clock=clock),
            reloads=ReloadRunner(assistant),
            buttons=ItemButtons(),
            questions=open_question_log(settings),
            today=today or dt.date.today,
        )

    def attach(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        application.bot_data[KEY] = self

    def close(self) -> None:
        if self.questions is not None:
            self.questions.close()

    async def ask(self, question: str) -> Answer:
        return await asyncio.to_thread(self._loaded, self.assistant.ask, question)

    async def show(self, reference: str, path: list[str]) -> Citation:
        return await asyncio.to_thread(self._loaded, self.assistant.show, reference, path)

    async def documents(self) -> list[Document]:
        return await asyncio.to_thread(self._loaded, self.assistant.documents)

    async def register(self) -> Register:
        return await asyncio.to_thread(self._loaded, self.assistant.register)

    async def relations(self) -> Relations:
        return await asyncio.to_thread(self._loaded, self.assistant.relations)

    async def find_document(self, reference: str) -> Document:
        return await asyncio.to_thread(self._loaded, self.assistant.find_document, reference)

    async def status(self) -> dict[str, object]:
        return await asyncio.to_thread(self._loaded, self.assistant.status)

    async def record(self, question: NewQuestion) -> int | None:
        """The question's id in the log, or None when it is not logged (the answer goes out all the same)."""
        return await self._logged("log a question", lambda book: book.record(question))

    async def vote(self, question_id: int, user_id: int, vote: Vote) -> VoteOutcome | None:
        return await self._logged("store a vote", lambda book: book.vote(question_id, user_id, vote))

    async def give_reason(self, question_id: int, user_id: int, reason: str) -> VoteOutcome | None:
        return await self._logged("store a reason", lambda book: book.give_reason(question_id, user_id, reason))

    async def statistics(self, days: int) -> Statistics | None:
        return await self._logged("read statistics", lambda book: book.statistics(days))

    async def _logged(self, what: str, call: Callable[[QuestionLog], T]) -> T | None:
        questions = self.questions
        if questions is None:
            return None
        try:
            return await asyncio.to_thread(call, questions)
        except Exception as exc:  # the log is a record of the service, never a reason to fail it
            log.warning("question log: could not %s: %s: %s", what, exc.__class__.__name__, exc)
            return None

    def _loaded(self, call: Callable[..., T], *args: Any) -> T:
        """Run ``call`` on the live index. The assistant loads it once, under its own lock, and picks up
        an index that another process (`vanban ingest`) built."""
        if not self.reloads.running:
            self.assistant.refresh_if_stale()
        return call(*args)


def open_question_log(settings: BotSettings) -> QuestionLog | None:
    if not settings.log_questions:
        return None
    try:
        return QuestionLog.open(settings)
    except Exception as exc:
        log.error(
            "question log unavailable in %s (%s: %s): answering without it",
            settings.index_dir, exc.__class__.__name__, exc,
        )  # fmt: skip
        return None


def services(context: CallbackContext[Any, Any, Any, Any]) -> Services:
    found = context.application.bot_data[KEY]
    assert isinstance(found, Services)
    return found
