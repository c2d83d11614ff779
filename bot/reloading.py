"""Rebuilding the index from the bot without stopping it.

The build runs in a worker thread: the event loop keeps answering questions, which the assistant serves
from the old index until the new one is swapped in. One reload at a time: /reload refuses while one
runs; an upload waits for it, so its file is certainly part of the next build.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from retrieval.assistant import Assistant
from retrieval.index import BuildResult, Progress
from retrieval.removal import Removal

log = logging.getLogger(__name__)

OnProgress = Callable[[str, dict[str, int]], Awaitable[None]]
# Each progress report waits for its message edit, so edits arrive in order and never pile up;
# bounded, so a slow Telegram delays the build by seconds at most.
PROGRESS_WAIT_SECONDS = 15.0


class ReloadBusy(RuntimeError):
    pass


class ReloadRunner:
    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        self._lock = asyncio.Lock()

    @property
    def running(self) -> bool:
        return self._lock.locked()

    async def run(self, on_progress: OnProgress, wait: bool = False) -> BuildResult:
        """Rebuild the index; ReloadBusy when one is running and ``wait`` is false."""
        if self._lock.locked() and not wait:
            raise ReloadBusy
        async with self._lock:
            progress = self._reporter(on_progress, asyncio.get_running_loop())
            return await asyncio.to_thread(self.assistant.reload, None, progress)

    async def remove(self, reference: str, on_progress: OnProgress) -> tuple[Removal, BuildResult]:
        """Remove a document by its number and rebuild (incrementally); waits for a running reload, so the
        removal is certainly in the next build. UnknownDocument when no document has that number."""
        async with self._lock:
            progress = self._reporter(on_progress, asyncio.get_running_loop())
            return await asyncio.to_thread(self.assistant.remove, reference, progress)

    @staticmethod
    def _reporter(on_progress: OnProgress, loop: asyncio.AbstractEventLoop) -> Progress:
        def progress(stage: str, counts: dict[str, int]) -> None:
            future = asyncio.run_coroutine_threadsafe(on_progress(stage, dict(counts)), loop)
            try:
                future.result(timeout=PROGRESS_WAIT_SECONDS)
            except Exception as exc:  # progress is cosmetic: never let it stop a build
                future.cancel()
                log.warning("reload progress report failed: %s", exc.__class__.__name__)

        return progress
