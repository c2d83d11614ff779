"""Files → plain text in one layout, whatever the format; the parser (retrieval/layout.py onwards) does the rest.

The layout every reader writes:

- one paragraph per line, paragraphs separated by a blank line, text as the document shows it (NFC);
- a table as consecutive lines of tab-separated cells, one line per row; a cell covered by a vertical merge is
  empty, a cell spanning columns is followed by empty cells; a cell's paragraphs joined by a space;
- a header laid out side by side (issuer left, quốc hiệu and date right) as a table row or as one line whose
  two columns are 3 or more spaces apart;
- automatic numbering that Word draws written at the start of its paragraph;
- page headers, footers and page numbers left out.

One module per format: :mod:`.plaintext` (.txt, .md), :mod:`.word` (.docx, with :mod:`.numbering`),
:mod:`.office` (.doc, .rtf, .odt through LibreOffice), :mod:`.pdf` (text layers, with :mod:`.pdflayout` for
lines, paragraphs and page furniture), :mod:`.scan` (OCR of image-only PDFs and images), :mod:`.legacy` (TCVN3,
VNI, VISCII). Anything that cannot be read is refused with :class:`UnreadableFile` (English message for logs,
Vietnamese :attr:`~UnreadableFile.user_message` for users), whatever went wrong inside: one file never stops
an ingest.
"""

from __future__ import annotations

import logging
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from ..vietnamese import nfc
from .errors import UnreadableFile
from .limits import MAX_FILE_BYTES, MAX_TEXT_CHARS, Budget

__all__ = ["MAX_FILE_BYTES", "SUPPORTED_SUFFIXES", "Progress", "UnreadableFile", "read_bytes", "read_file"]

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".md")
OFFICE_SUFFIXES = (".doc", ".rtf", ".odt")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
SUPPORTED_SUFFIXES = (*TEXT_SUFFIXES, ".docx", ".pdf", *OFFICE_SUFFIXES, *IMAGE_SUFFIXES)

Progress = Callable[[int, int], None]
"""Called by slow readers (OCR) after each page with (pages done, pages in all)."""


def read_file(path: Path, progress: Progress | None = None) -> str:
    """The text of one file in the plain layout (see the module's docstring)."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableFile(
            f"{path.name}: unsupported file type {suffix or '(none)'}",
            f"Không hỗ trợ loại tệp {suffix or '(không có đuôi)'}; chỉ nhận {', '.join(SUPPORTED_SUFFIXES)}.",
        )
    try:
        stat = path.stat()
        _check_size(path.name, stat.st_size)
        key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
        cached = _SLOW_READS.get(key)
        if cached is not None:
            return cached
        data = path.read_bytes()
    except PermissionError as exc:
        raise UnreadableFile(
            f"{path.name}: permission denied ({exc.strerror})",
            "Không có quyền đọc tệp này trên máy chủ; quản trị viên cần cấp quyền đọc.",
        ) from exc
    except OSError as exc:
        raise UnreadableFile(
            f"{path.name}: cannot be opened ({type(exc).__name__}: {exc.strerror or exc})",
            "Không mở được tệp trên máy chủ.",
        ) from exc
    started = time.monotonic()
    text = read_bytes(data, path.name, progress)
    if time.monotonic() - started > SLOW_SECONDS:
        _SLOW_READS.put(key, text)
    return text


def read_bytes(data: bytes, name: str, progress: Progress | None = None) -> str:
    """The text of a file's bytes, its format told by the name's suffix."""
    _check_size(name, len(data))
    suffix = Path(name).suffix.lower()
    budget = Budget(name)
    try:
        text = _read(data, name, suffix, budget, progress)
    except UnreadableFile:
        raise
    except RecursionError as exc:
        raise UnreadableFile(
            f"{name}: its structure is nested too deeply to read (RecursionError)",
            "Tệp có cấu trúc lồng nhau quá sâu, không đọc được (có thể bị hỏng hoặc độc hại).",
        ) from exc
    except MemoryError as exc:
        raise UnreadableFile(
            f"{name}: reading it ran out of memory", "Tệp quá lớn để đọc trên máy chủ; đã từ chối."
        ) from exc
    except Exception as exc:  # a library's failure on one odd file is that file's failure, with its reason
        log.warning("could not read %s", name, exc_info=True)
        raise UnreadableFile(
            f"{name}: could not be read ({type(exc).__name__}: {str(exc)[:200]})",
            "Tệp bị hỏng hoặc có nội dung không đọc được; đã bỏ qua tệp này.",
        ) from exc
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_TEXT_CHARS:
        budget.add_text(len(text))
    if not re.search(r"\w{2,}", text):
        raise UnreadableFile(f"{name}: no readable text", "Tệp không có nội dung văn bản đọc được.")
    return text


def _read(data: bytes, name: str, suffix: str, budget: Budget, progress: Progress | None) -> str:
    if suffix in TEXT_SUFFIXES:
        from .plaintext import decode_text

        return decode_text(data, name)
    if suffix == ".docx":
        from .word import OLE_MAGIC, docx_text

        if data.startswith(OLE_MAGIC):  # an old .doc renamed, or a password-protected .docx
            from .office import office_text

            return office_text(data, name, budget)
        return docx_text(data, name, budget)
    if suffix in OFFICE_SUFFIXES:
        from .office import office_text

        return office_text(data, name, budget)
    if suffix == ".pdf":
        from .pdf import pdf_text

        return pdf_text(data, name, budget, progress)
    if suffix in IMAGE_SUFFIXES:
        from .scan import image_text

        return image_text(data, name, progress)
    raise UnreadableFile(
        f"{name}: unsupported file type {suffix or '(none)'}",
        f"Không hỗ trợ loại tệp {suffix or '(không có đuôi)'}; chỉ nhận {', '.join(SUPPORTED_SUFFIXES)}.",
    )


def _check_size(name: str, size: int) -> None:
    if size == 0:
        raise UnreadableFile(f"{name}: empty file", "Tệp rỗng, không có nội dung.")
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(
            f"{name}: {size} bytes is over the {MAX_FILE_BYTES} byte limit",
            f"Tệp quá lớn ({size // (1024 * 1024)} MB); giới hạn là {MAX_FILE_BYTES // (1024 * 1024)} MB.",
        )


SLOW_SECONDS = 2.0  # reads slower than this (OCR, LibreOffice) are kept: an ingest reads each file twice


class _TextCache:
    """The last slow reads by (path, size, mtime), bounded in characters."""

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self.items: OrderedDict[tuple[str, int, int], str] = OrderedDict()

    def get(self, key: tuple[str, int, int]) -> str | None:
        text = self.items.get(key)
        if text is not None:
            self.items.move_to_end(key)
        return text

    def put(self, key: tuple[str, int, int], text: str) -> None:
        self.items[key] = text
        while sum(len(t) for t in self.items.values()) > self.max_chars and len(self.items) > 1:
            self.items.popitem(last=False)


_SLOW_READS = _TextCache(4 * MAX_TEXT_CHARS)
