"""Documents removed from the index while their file stays in the corpus (one document of a booklet that holds
forty): INDEX_DIR/exclusions.json, a list of (corpus file, document number). Builds leave these documents out;
the file itself is untouched, so nothing is lost and an entry can be taken back out of the list."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, TypeAdapter

from .vietnamese import doc_number_key

FILE_NAME = "exclusions.json"


class Exclusion(BaseModel):
    source: str  # the file, relative to the corpus folder
    number: str  # the document number as printed
    removed_at: str = ""  # ISO time, for whoever reads the file


_LIST = TypeAdapter(list[Exclusion])


def read_exclusions(root: Path) -> list[Exclusion]:
    path = root / FILE_NAME
    if not path.exists():
        return []
    return _LIST.validate_json(path.read_bytes())


def excluded_numbers(root: Path) -> dict[str, list[str]]:
    """Corpus file → the comparable keys (doc_number_key) of its documents left out of the index."""
    found: dict[str, list[str]] = {}
    for exclusion in read_exclusions(root):
        found.setdefault(exclusion.source, []).append(doc_number_key(exclusion.number))
    return {source: sorted(set(keys)) for source, keys in found.items()}


def write_exclusions(root: Path, exclusions: list[Exclusion]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    path = root / FILE_NAME
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(_LIST.dump_json(exclusions, indent=1))
    os.replace(tmp, path)


def forget_file(root: Path, source: str) -> bool:
    """A file uploaded again comes back whole: its exclusions go. True when there were any."""
    exclusions = read_exclusions(root)
    kept = [e for e in exclusions if e.source != source]
    if len(kept) == len(exclusions):
        return False
    write_exclusions(root, kept)
    return True
