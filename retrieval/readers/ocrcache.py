"""Tesseract's output kept on disk, so a scan is recognised once: a rebuild (``vanban ingest --full``, a new
parser version, a changed layout rule) reads the pages again in a second instead of minutes a page.

    OCR_CACHE_DIR/<first two hex digits>/<key>.tsv

The key is the SHA-256 of the page image as given to Tesseract (PNG bytes), Tesseract's version and the
arguments of the run (language, dpi, page segmentation): the same bytes through the same program give the same
words, so an entry can be trusted for as long as it exists. Entries are written to a temporary file and renamed
into place; an entry that cannot be read or written is a miss, and the page is recognised again.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import subprocess
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

_SUFFIX = ".tsv"


@lru_cache(maxsize=4)
def tesseract_version(program: str) -> str:
    """The first line of ``tesseract --version`` ("tesseract 5.3.0"); empty when it cannot be told."""
    try:
        done = subprocess.run([program, "--version"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    lines = (done.stdout or done.stderr).decode("utf-8", "replace").splitlines()
    return lines[0].strip() if lines else ""


class OcrCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @staticmethod
    def key(image: bytes, version: str, arguments: list[str]) -> str:
        digest = hashlib.sha256(image)
        digest.update(b"\0" + version.encode() + b"\0" + "\0".join(arguments).encode())
        return digest.hexdigest()

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}{_SUFFIX}"

    def get(self, key: str) -> bytes | None:
        try:
            return self.path(key).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("OCR cache entry %s unreadable (%s); recognising the page again", key, exc)
            return None

    def put(self, key: str, output: bytes) -> None:
        target = self.path(key)
        tmp = target.with_name(f".tmp-{target.name}-{os.getpid()}")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(output)
            os.replace(tmp, target)
        except OSError as exc:
            log.warning("OCR cache entry %s not written (%s)", key, exc)
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)


def default_cache() -> OcrCache | None:
    """The cache OCR_CACHE_DIR names; None when it is set empty (every scan recognised anew)."""
    from ..settings import get_settings

    folder = get_settings().ocr_cache_dir
    return OcrCache(folder) if folder is not None and str(folder) not in ("", ".") else None
