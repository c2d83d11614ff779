"""Admin uploads: a safe file name, validation in memory, then an atomic write into the corpus folder.

A file is parsed completely before anything touches the corpus, so a bad file changes nothing.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterable
from pathlib import Path, PurePath

from retrieval.documents import parse_text
from retrieval.models import Document
from retrieval.readers import MAX_FILE_BYTES, SUPPORTED_SUFFIXES, UnreadableFile, read_bytes
from retrieval.vietnamese import doc_number_key, nfc, strip_diacritics

from .settings import BotSettings

TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024  # the cloud Bot API serves files up to 20 MB
MAX_STEM = 100
NO_DOCUMENT = "Không nhận ra văn bản nào trong tệp (thiếu tiêu đề loại văn bản, số hiệu hoặc nội dung)."


class UploadRefused(ValueError):
    def __init__(self, message: str, user_message: str) -> None:
        super().__init__(message)
        self.user_message = user_message


def max_bytes(settings: BotSettings) -> int:
    return min(settings.max_upload_mb * 1024 * 1024, MAX_FILE_BYTES, TELEGRAM_DOWNLOAD_LIMIT)


def safe_name(raw: str | None) -> str:
    """A plain file name for the corpus folder: no directories, ASCII word characters, dots and dashes.

    Directory parts are dropped ("C:\\docs\\kh.docx" → "kh.docx"), but a name that tries to climb out
    ("../x.txt") is refused outright: nobody sends that by accident.
    """
    bad = UploadRefused(f"unsafe file name {raw!r}", "Tên tệp không hợp lệ.")
    if not raw or "\x00" in raw:
        raise bad
    parts = re.split(r"[\\/]", nfc(raw).strip())
    if ".." in (p.strip() for p in parts):
        raise bad
    base = parts[-1]
    suffix = PurePath(base).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UploadRefused(
            f"unsupported file type {suffix or '(none)'}",
            f"Không hỗ trợ loại tệp {suffix or '(không có đuôi)'}; chỉ nhận {', '.join(SUPPORTED_SUFFIXES)}.",
        )
    stem = strip_diacritics(base[: -len(suffix)])
    stem = re.sub(r"[^\w.-]+", "_", stem, flags=re.ASCII)
    stem = re.sub(r"_{2,}", "_", stem).strip("._-")[:MAX_STEM]
    if not stem:
        raise bad
    return stem + suffix


def check(data: bytes, name: str) -> list[Document]:
    """The documents in an uploaded file, read exactly as the index will read it; UnreadableFile if none."""
    docs = parse_text(read_bytes(data, name), name)
    # the parser makes a nameless "Văn bản" of any text; an upload must at least have a number or a title
    if not any(d.meta.number or d.meta.title for d in docs):
        raise UnreadableFile(f"{name}: no document found in the text", NO_DOCUMENT)
    return docs


def store(data: bytes, name: str, corpus_dir: Path) -> bool:
    """Write the file into the corpus folder atomically; True when it replaced a file of that name."""
    corpus_dir.mkdir(parents=True, exist_ok=True)
    target = corpus_dir / name
    if target.resolve().parent != corpus_dir.resolve():
        raise UploadRefused(f"{name} resolves outside {corpus_dir}", "Tên tệp không hợp lệ.")
    replaced = target.exists()
    # the ".part" suffix is not a corpus suffix, so a reload running meanwhile never reads a half file
    tmp = corpus_dir / f".{name}.{uuid.uuid4().hex[:8]}.part"
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    dir_fd = os.open(corpus_dir, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return replaced


def duplicate_warnings(uploaded: Iterable[Document], name: str, known: Iterable[Document]) -> list[str]:
    """Documents of the upload whose number another corpus file already holds (they would be indexed twice)."""
    elsewhere = {doc_number_key(d.meta.number): d.meta.source for d in known if d.meta.number and d.meta.source != name}
    warnings = []
    for doc in uploaded:
        source = elsewhere.get(doc_number_key(doc.meta.number)) if doc.meta.number else None
        if source:
            warnings.append(f"Văn bản số {doc.meta.number} cũng có trong tệp {source}.")
    return warnings
