"""The per-file build cache: what one corpus file became (documents, chunks, folded text, index tokens), so a
build parses and tokenises only the files that are new or changed.

    INDEX_DIR/cache/<key>/
      documents.json   the file's documents (a JSON array)
      chunks.jsonl     their chunks, in build order
      folded.txt       the file's folded text (quotes are verified against it)
      tokens.npz       the chunks' lexical tokens: the file's own vocabulary, token ids and counts per chunk,
                       and their order by token (what the BM25 build sorts by)
      entry.json       counts of documents and chunks

The key is the SHA-256 of the file's bytes, a hash of its name in the corpus (document and chunk ids are
made from it) and of the documents excluded from it (``vanban remove`` on a booklet), and the parser version
(a hash of the retrieval code). An entry is written to a temporary folder and renamed into place, so an entry
that exists is complete; a build killed mid-way leaves at most a temporary folder, removed by the next one.
Vectors are not cached here: the previous generation's Chroma collection holds them (retrieval/index.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pydantic import BaseModel, TypeAdapter

from .chunks import Chunk
from .lexical import TokenArrays
from .models import Document
from .parser_version import parser_version

_DOCS = TypeAdapter(list[Document])
_TMP_PREFIX = ".tmp-"
ENTRY_INFO = "entry.json"


class EntryInfo(BaseModel):
    documents: int
    chunks: int
    base: str  # the key of the file's entry with nothing excluded (this entry's own key when nothing is)


@dataclass
class Entry:
    """A cached file in its folder; the parts are read only when a build needs them."""

    folder: Path

    @property
    def key(self) -> str:
        return self.folder.name

    def info(self) -> EntryInfo:
        return EntryInfo.model_validate_json((self.folder / ENTRY_INFO).read_bytes())

    @property
    def documents_path(self) -> Path:
        return self.folder / "documents.json"

    @property
    def chunks_path(self) -> Path:
        return self.folder / "chunks.jsonl"

    def documents(self) -> list[Document]:
        return _DOCS.validate_json(self.documents_path.read_bytes())

    def documents_json_items(self) -> bytes:
        """The documents as the items of a JSON array, without its brackets: generations concatenate them."""
        raw = self.documents_path.read_bytes().strip()
        return raw[1:-1].strip()

    def chunks(self) -> list[Chunk]:
        with open(self.chunks_path, encoding="utf-8") as handle:
            return [Chunk.model_validate_json(line) for line in handle if line.strip()]

    def folded(self) -> str:
        return (self.folder / "folded.txt").read_text(encoding="utf-8")

    def tokens(self) -> TokenArrays:
        with np.load(self.folder / "tokens.npz", allow_pickle=False) as data:
            text = data["vocab"].tobytes().decode("utf-8")
            vocab = text.split("\n") if text else []
            order = data["order"] if "order" in data.files else None  # entries written before it was cached
            return TokenArrays(vocab, data["ids"], data["counts"], data["offsets"], data["lengths"], order)


class FileCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def key(self, source: str, data: bytes, excluded: Iterable[str] = ()) -> str:
        named = hashlib.sha256("\0".join([source, *sorted(excluded)]).encode()).hexdigest()[:16]
        return f"{hashlib.sha256(data).hexdigest()}-{named}-{parser_version()}"

    def get(self, key: str) -> Entry | None:
        folder = self.folder / key
        return Entry(folder) if folder.is_dir() else None

    def put(
        self, key: str, documents: list[Document], chunks: list[Chunk], folded: str, tokens: TokenArrays, base: str
    ) -> Entry:
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / f"{_TMP_PREFIX}{key}-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        try:
            (tmp / "documents.json").write_bytes(_DOCS.dump_json(documents))
            with open(tmp / "chunks.jsonl", "w", encoding="utf-8") as out:
                out.writelines(chunk.model_dump_json() + "\n" for chunk in chunks)
            (tmp / "folded.txt").write_text(folded, encoding="utf-8")
            np.savez(
                tmp / "tokens.npz",
                # one UTF-8 string, not an array of fixed-width strings (as wide as the longest token, 4 bytes a letter)
                vocab=np.frombuffer("\n".join(tokens.vocab).encode("utf-8"), dtype=np.uint8),
                ids=tokens.ids,
                counts=tokens.counts,
                offsets=tokens.offsets,
                lengths=tokens.lengths,
                order=tokens.token_order(),
            )
            info = EntryInfo(documents=len(documents), chunks=len(chunks), base=base)
            (tmp / ENTRY_INFO).write_text(info.model_dump_json(), encoding="utf-8")
            target = self.folder / key
            if target.exists():  # another build wrote the same entry: it holds the same content
                shutil.rmtree(tmp)
            else:
                os.replace(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return Entry(self.folder / key)

    def remove_unfinished(self) -> None:
        for tmp in self.folder.glob(f"{_TMP_PREFIX}*"):
            shutil.rmtree(tmp, ignore_errors=True)

    def keep_only(self, keys: set[str]) -> None:
        """Entries no file of the corpus has any more go: the cache stays the size of the corpus."""
        for entry in self.entries():
            if entry.folder.name not in keys:
                shutil.rmtree(entry.folder, ignore_errors=True)

    def entries(self) -> Iterator[Entry]:
        if self.folder.is_dir():
            for folder in self.folder.iterdir():
                if folder.is_dir() and not folder.name.startswith(_TMP_PREFIX):
                    yield Entry(folder)


def sources_json_item(source: str, folded: str) -> str:
    """One "source": "folded text" member of sources.json, written without loading the others."""
    return f"{json.dumps(source, ensure_ascii=False)}: {json.dumps(folded, ensure_ascii=False)}"
