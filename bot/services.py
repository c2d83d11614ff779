"""What the handlers share: the assistant and the bot's own state, kept in ``application.bot_data``.

The assistant is synchronous and CPU-bound; every call into it goes through a worker thread so the
event loop keeps serving other chats.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from telegram.ext import Application, CallbackContext

from retrieval.answer import Answer, Citation
from retrieval.assistant import Assistant
from retrieval.models import Document
from retrieval.register import Register
from retrieval.relations import Relations

from .access import Access, Throttle
from .buttons import ItemButtons, ListButtons
from .reloading import ReloadRunner
from .settings import BotSettings

KEY = "services"
T = TypeVar("T")


@dataclass
class Services:
    settings: BotSettings
    assistant: Assistant
    access: Access
    throttle: Throttle
    reloads: ReloadRunner
    buttons: ItemButtons
    list_buttons: ListButtons = field(default_factory=ListButtons)
    today: Callable[[], dt.date] = dt.date.today  # what "this month" is for /hethan; injectable for tests

    @classmethod
    def create(
        cls, settings: BotSettings, assistant: Assistant, today: Callable[[], dt.date] | None = None
    ) -> Services:
        return cls(
            settings=settings,
            assistant=assistant,
            access=Access(settings.admin_ids, settings.allowed_chats),
            throttle=Throttle(settings.user_rate_per_minute),
            reloads=ReloadRunner(assistant),
            buttons=ItemButtons(),
            today=today or dt.date.today,
        )

    def attach(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        application.bot_data[KEY] = self

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

    def _loaded(self, call: Callable[..., T], *args: Any) -> T:
        """Run ``call`` on the live index. The assistant loads it once, under its own lock, and picks up
        an index that another process (`vanban ingest`) built."""
        if not self.reloads.running:
            self.assistant.refresh_if_stale()
        return call(*args)


def services(context: CallbackContext[Any, Any, Any, Any]) -> Services:
    found = context.application.bot_data[KEY]
    assert isinstance(found, Services)
    return found
