"""Bounds that keep one file from taking the machine: size, unpacked size, spans, text length, time.

Each is far above what a real administrative document needs (the 40-document sample booklet is 0.9 M characters)
and low enough that a crafted file is refused in a second or two instead of filling memory.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from .errors import timed_out, too_large

MAX_FILE_BYTES = 200 * 1024 * 1024  # a file of the corpus folder: a scanned booklet of 60 pages is 120 MB; uploads are
# bounded lower, by Telegram (20 MB) and MAX_UPLOAD_MB
MAX_MEMBER_BYTES = 50 * 1024 * 1024  # one part of a .docx package, unpacked
MAX_UNPACKED_BYTES = 150 * 1024 * 1024  # all parts of a package, unpacked
MAX_TEXT_CHARS = 5_000_000  # the text one file may yield (about 2,000 pages)
MAX_GRID_SPAN = 64  # columns one table cell may span; real tables have a dozen at most
MAX_TABLE_COLUMNS = 256
READ_SECONDS = 120.0  # CPU seconds of reading one file, OCR excepted
PAGE_SECONDS = 1.0  # and per page of a PDF: the 239-page sample booklet takes 50 s, 0.2 s a page
OCR_PAGE_SECONDS = 180.0  # Tesseract on one page
MAX_OCR_PAGES = 300
CONVERT_SECONDS = 120.0  # LibreOffice converting one file


@dataclass
class Budget:
    """The time and text one file may take; readers call :meth:`check` in their loops.

    Time is the reading thread's CPU time, not the wall clock: a crafted file burns CPU wherever it runs, while a
    real booklet read beside a test suite or another build waits for a core and was refused at 120 s of waiting.
    """

    name: str
    seconds: float = READ_SECONDS
    max_chars: int = MAX_TEXT_CHARS
    started: float = field(default_factory=time.thread_time)
    chars: int = 0

    def check(self) -> None:
        if time.thread_time() - self.started > self.seconds:
            raise timed_out(self.name, self.seconds)

    def allow_pages(self, pages: int) -> None:
        """A long PDF is given time by its length; its page count is already bounded."""
        self.seconds = max(self.seconds, READ_SECONDS + pages * PAGE_SECONDS)

    def add_text(self, count: int) -> None:
        """Count characters as they are produced, so a bomb is refused before it is all in memory."""
        self.chars += count
        if self.chars > self.max_chars:
            raise too_large(self.name, "its text (characters)", self.chars, self.max_chars)
