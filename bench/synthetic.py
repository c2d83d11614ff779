"""Synthetic corpora N× the sample: every file copied with its document numbers and dates changed,
so the copies stay distinct documents (different ids, numbers and dates)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from retrieval.vietnamese import DOC_NUMBER_RE

_YEAR_WORDS = re.compile(r"(tháng\s+\d{1,2}\s+năm\s+)(\d{4})")
_YEAR_SLASH = re.compile(r"(?<![\d/])(\d{1,2}/\d{1,2}/)(\d{4})(?![\d/])")


def shifted(text: str, k: int) -> str:
    """Copy number k: serials + 1000·k, years + k."""

    def number(m: re.Match[str]) -> str:
        raw = m.group(0)
        serial = re.match(r"\d+", raw)
        assert serial is not None
        return str(int(serial.group(0)) + 1000 * k) + raw[serial.end() :]

    text = DOC_NUMBER_RE.sub(number, text)
    text = _YEAR_WORDS.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + k}", text)
    return _YEAR_SLASH.sub(lambda m: f"{m.group(1)}{int(m.group(2)) + k}", text)


def make_corpus(source: Path, target: Path, factor: int) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.glob("*.txt")):
        shutil.copy(path, target / path.name)
        text = path.read_text(encoding="utf-8")
        for k in range(1, factor):
            (target / f"copy{k:03d}-{path.name}").write_text(shifted(text, k), encoding="utf-8")
    return target
