"""Removing a document by its number (`vanban remove`, the bot's /xoa) without losing anything.

A file that holds only the documents removed is moved out of the corpus into INDEX_DIR/.removed/<time>/, where
it can be copied back from; a document of a file that holds others (a booklet) is written into the exclusion
list (retrieval/exclusions.py) and the file stays. Either way the next build, incremental like any other,
drops its chunks.
"""

from __future__ import annotations

import difflib
import re
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .exclusions import Exclusion, read_exclusions, write_exclusions
from .models import Document
from .vietnamese import doc_number_key

REMOVED_DIR = ".removed"
MAX_NEAR = 6


class UnknownDocument(LookupError):
    """No document has that number; the message (Vietnamese, for users) lists the nearest numbers."""


@dataclass
class RemovedFile:
    source: str
    moved_to: Path


@dataclass
class Removal:
    number: str
    names: list[str]  # the removed documents as users know them ("Kế hoạch số 78/KH-UBND")
    moved: list[RemovedFile] = field(default_factory=list)
    excluded: dict[str, int] = field(default_factory=dict)  # file kept → how many documents stay in it

    @property
    def message(self) -> str:
        """What was removed and where it went, in Vietnamese."""
        lines = [f"Đã gỡ khỏi chỉ mục: {', '.join(self.names)}."]
        for moved in self.moved:
            lines.append(
                f"Tệp {moved.source} đã được chuyển ra khỏi thư mục văn bản, cất tại {moved.moved_to} "
                "(không bị xoá; chép lại vào thư mục văn bản để khôi phục)."
            )
        for source, left in self.excluded.items():
            lines.append(
                f"Tệp {source} vẫn giữ nguyên vì còn {left} văn bản khác; văn bản đã gỡ được ghi vào danh sách "
                "loại trừ (exclusions.json trong thư mục chỉ mục)."
            )
        return "\n".join(lines)


def remove_document(corpus_dir: Path, index_dir: Path, documents: list[Document], reference: str) -> Removal:
    """Take every indexed document numbered ``reference`` out of the corpus the build reads; the caller
    builds the index afterwards. UnknownDocument when none has that number."""
    key = doc_number_key(reference)
    matches = [d for d in documents if d.meta.number and doc_number_key(d.meta.number) == key]
    if not key or not matches:
        raise UnknownDocument(_unknown_message(reference, documents))
    removal = Removal(number=matches[0].meta.number or reference, names=[d.meta.display_name for d in matches])
    stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%S}"
    exclusions = read_exclusions(index_dir)
    for source in sorted({d.meta.source for d in matches}):
        in_file = [d for d in documents if d.meta.source == source]
        removed_here = [d for d in matches if d.meta.source == source]
        if len(removed_here) == len(in_file):
            target = index_dir / REMOVED_DIR / stamp / source
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(corpus_dir / source, target)  # across file systems too: copied, then deleted
            removal.moved.append(RemovedFile(source, target))
        else:
            now = datetime.now(UTC).isoformat(timespec="seconds")
            exclusions += [Exclusion(source=source, number=d.meta.number or "", removed_at=now) for d in removed_here]
            removal.excluded[source] = len(in_file) - len(removed_here)
    if removal.excluded:
        write_exclusions(index_dir, exclusions)
    return removal


def _unknown_message(reference: str, documents: list[Document]) -> str:
    numbers = {doc_number_key(d.meta.number): d.meta.number for d in documents if d.meta.number}
    key = doc_number_key(reference)
    serial = re.match(r"\d+", key)
    # the same serial number first (a type or issuer mistyped), then whatever is spelt alike
    same = [k for k in numbers if serial and re.match(rf"{serial.group(0)}(?!\d)", k)]
    alike = difflib.get_close_matches(key, list(numbers), n=MAX_NEAR, cutoff=0.5)
    near = list(dict.fromkeys([*same, *alike]))[:MAX_NEAR]
    head = f"Không có văn bản số “{reference}” trong chỉ mục."
    if not near:
        return f"{head} Danh sách văn bản: lệnh /vanban trong bot hoặc `vanban docs`."
    return f"{head} Số gần giống: {', '.join(numbers[k] for k in near)}."
