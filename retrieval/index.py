"""The index on disk: generations built beside the live one and switched in atomically.

    INDEX_DIR/
      CURRENT              name of the live generation (replaced atomically)
      reload.lock          serialises builds across processes
      gen-<stamp>/         documents.json, chunks.jsonl, sources.json, lexical/, chroma/, manifest.json

A build writes a new generation completely, then replaces CURRENT; a crash at any point leaves the
previous CURRENT serving, and the half-built folder is removed by the next build.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter

from .chunks import Chunk, document_chunks
from .documents import CorpusReport, load_corpus
from .embeddings import Embedder
from .faults import IndexMismatch, NoIndex
from .lexical import LexicalIndex
from .models import Document
from .store import COLLECTION_PREFIX, VectorReader, VectorStore, drop_collection, make_client
from .vietnamese import fold

log = logging.getLogger(__name__)
_DOCS = TypeAdapter(list[Document])
EMBED_BATCH = 2000
LOAD_ATTEMPTS = 5  # generations replaced while being read, one after another, before giving up
Progress = Callable[[str, dict[str, int]], None]


@dataclass
class ChromaTarget:
    """Where vectors go: a folder per generation (embedded) or a server shared by several processes."""

    host: str | None = None
    port: int | None = None

    def client(self, generation_dir: Path) -> Any:
        return make_client(None if self.host else generation_dir / "chroma", self.host, self.port)

    def describe(self, generation_dir: Path) -> str:
        return f"server {self.host}:{self.port or 8000}" if self.host else f"embedded in {generation_dir / 'chroma'}"


@dataclass
class BuildResult:
    generation: str
    documents: int
    chunks: int
    files: list[str]
    failures: dict[str, str]
    user_failures: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class LoadedIndex:
    generation: str
    documents: dict[str, Document]
    chunks: list[Chunk]
    lexical: LexicalIndex
    vectors: VectorReader
    sources: dict[str, str]  # source file → folded text, for verifying quotes
    manifest: dict[str, Any]

    def chunk_index(self) -> dict[str, int]:
        return {c.id: i for i, c in enumerate(self.chunks)}


def current_generation(root: Path) -> str | None:
    try:
        name = (root / "CURRENT").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return name if name and (root / name / "manifest.json").exists() else None


@contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """One build at a time, across processes; a killed holder releases the lock with its process."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / "reload.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_index(
    corpus_dir: Path,
    root: Path,
    embedder: Embedder,
    chroma: ChromaTarget | None = None,
    progress: Progress | None = None,
    report: CorpusReport | None = None,
) -> BuildResult:
    """Parse the corpus and build a complete new generation, then make it the live one."""
    chroma = chroma or ChromaTarget()
    notify = progress or (lambda _stage, _counts: None)
    with build_lock(root):
        started = time.perf_counter()
        _remove_unfinished(root, chroma)
        report = report or load_corpus(corpus_dir)
        notify("parsed", {"files": len(report.files), "documents": len(report.documents)})
        name = f"gen-{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
        gen_dir = root / name
        gen_dir.mkdir(parents=True)
        chunks = [c for doc in report.documents for c in document_chunks(doc)]
        notify("chunked", {"documents": len(report.documents), "chunks": len(chunks)})
        _write_generation(gen_dir, corpus_dir, report, chunks)
        store = VectorStore(chroma.client(gen_dir), COLLECTION_PREFIX + name, embedder, create=True)
        metas = {d.meta.id: d.meta for d in report.documents}
        for start in range(0, len(chunks), EMBED_BATCH):  # in batches: all vectors at once would not fit a large corpus
            batch = chunks[start : start + EMBED_BATCH]
            store.add(batch, embedder.embed_documents([c.search_text for c in batch]), metas)
            notify("embedded", {"chunks": min(start + EMBED_BATCH, len(chunks)), "of": len(chunks)})
        seconds = time.perf_counter() - started
        manifest = {
            "generation": name,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "embedder": embedder.name,
            "documents": len(report.documents),
            "chunks": len(chunks),
            "files": report.files,
            "failures": report.failures,
            "chroma": {"host": chroma.host, "port": chroma.port},
            "seconds": round(seconds, 3),
        }
        # the manifest is written last: a generation without one was never finished
        _atomic_write(gen_dir / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        previous = current_generation(root)
        _atomic_write(root / "CURRENT", name)
        # the previous generation stays for readers still answering from it; older ones go
        _retire_all_but(root, {name, previous or name}, chroma)
        return BuildResult(
            name, len(report.documents), len(chunks), report.files, report.failures, report.user_failures, seconds
        )


def _write_generation(gen_dir: Path, corpus_dir: Path, report: CorpusReport, chunks: list[Chunk]) -> None:
    (gen_dir / "documents.json").write_bytes(_DOCS.dump_json(report.documents))
    with open(gen_dir / "chunks.jsonl", "w", encoding="utf-8") as out:
        for chunk in chunks:
            out.write(chunk.model_dump_json() + "\n")
    sources = {}
    for doc in report.documents:
        if doc.meta.source not in sources:
            path = corpus_dir / doc.meta.source
            sources[doc.meta.source] = fold(_read_source(path))
    (gen_dir / "sources.json").write_text(json.dumps(sources, ensure_ascii=False), encoding="utf-8")
    LexicalIndex.build([c.search_text for c in chunks]).save(gen_dir / "lexical")


def _read_source(path: Path) -> str:
    from .readers import read_file

    try:
        return read_file(path)
    except (OSError, ValueError):
        return ""


def load_index(root: Path, embedder: Embedder, chroma: ChromaTarget | None = None) -> LoadedIndex:
    """The live generation. One that a build in another process retires while we read it (two quick
    ingests) is no error: CURRENT names a newer one by then, and that one is read instead."""
    chroma = chroma or ChromaTarget()
    for _attempt in range(LOAD_ATTEMPTS):
        name = current_generation(root)
        if name is None:
            raise NoIndex(f"no index in {root}: run `vanban ingest` first")
        try:
            return _load_generation(root / name, embedder, chroma)
        except FileNotFoundError:
            if current_generation(root) == name:
                raise
            log.info("generation %s was replaced while it was being read: reading %s", name, current_generation(root))
    raise NoIndex(f"no generation in {root} stayed in place long enough to be read")


def _load_generation(gen_dir: Path, embedder: Embedder, chroma: ChromaTarget) -> LoadedIndex:
    manifest = json.loads((gen_dir / "manifest.json").read_text(encoding="utf-8"))
    check_chroma(manifest, chroma)
    documents = _DOCS.validate_json((gen_dir / "documents.json").read_bytes())
    with open(gen_dir / "chunks.jsonl", encoding="utf-8") as handle:
        chunks = [Chunk.model_validate_json(line) for line in handle if line.strip()]
    name = gen_dir.name
    return LoadedIndex(
        generation=name,
        documents={d.meta.id: d for d in documents},
        chunks=chunks,
        lexical=LexicalIndex.load(gen_dir / "lexical"),
        vectors=VectorReader(_reader(gen_dir, chroma), COLLECTION_PREFIX + name, embedder, chroma.describe(gen_dir)),
        sources=json.loads((gen_dir / "sources.json").read_text(encoding="utf-8")),
        manifest=manifest,
    )


def _reader(gen_dir: Path, chroma: ChromaTarget) -> Callable[[], Any]:
    def connect() -> Any:
        # a reader never creates the folder: a generation retired before its vectors were opened stays gone
        if not chroma.host and not (gen_dir / "chroma").is_dir():
            raise FileNotFoundError(f"{gen_dir / 'chroma'} no longer exists")
        return chroma.client(gen_dir)

    return connect


def check_chroma(manifest: dict[str, Any], chroma: ChromaTarget) -> None:
    """IndexMismatch when the generation's vectors are not where these settings look: the manifest records
    the Chroma server a generation was built with (none: embedded in its folder)."""
    built = manifest.get("chroma") or {}
    host, port = built.get("host"), built.get("port")
    if host and not chroma.host:
        raise IndexMismatch(
            f"generation {manifest.get('generation')} keeps its vectors in the Chroma server {host}:{port or 8000}: "
            f"set CHROMA_HOST={host} and CHROMA_PORT={port or 8000} to read it (or run `vanban ingest` to rebuild "
            "it embedded)"
        )
    if chroma.host and not host and "chroma" in manifest:
        raise IndexMismatch(
            f"generation {manifest.get('generation')} keeps its vectors embedded in its folder, not in the Chroma "
            f"server {chroma.host}:{chroma.port or 8000}: unset CHROMA_HOST and CHROMA_PORT to read it (or run "
            "`vanban ingest` to rebuild it in the server)"
        )


def collection_not_found(manifest: dict[str, Any], chroma: ChromaTarget) -> IndexMismatch:
    """The store answers but has no collection for the generation: a server other than the one it was built
    with (or the collection dropped by hand), or an embedded store that lost it."""
    built = manifest.get("chroma") or {}
    if not chroma.host:
        return IndexMismatch(
            f"the embedded Chroma store of generation {manifest.get('generation')} has no collection for it: "
            "run `vanban ingest` to rebuild the index"
        )
    return IndexMismatch(
        f"the Chroma server {chroma.host}:{chroma.port or 8000} has no collection for generation "
        f"{manifest.get('generation')}, built with CHROMA_HOST={built.get('host')} CHROMA_PORT={built.get('port')}: "
        "point CHROMA_HOST and CHROMA_PORT at that server (or run `vanban ingest` to rebuild the index in this one)"
    )


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _remove_unfinished(root: Path, chroma: ChromaTarget) -> None:
    """Folders of builds that never wrote their manifest (a crash mid-build), and stray temp files."""
    live = current_generation(root)
    for path in root.glob("gen-*"):
        if path.name != live and not (path / "manifest.json").exists():
            if chroma.host:
                drop_collection(chroma.client(path), COLLECTION_PREFIX + path.name)
            shutil.rmtree(path, ignore_errors=True)
    for tmp in root.glob(".*.tmp"):
        tmp.unlink(missing_ok=True)


def _retire_all_but(root: Path, keep: set[str], chroma: ChromaTarget) -> None:
    for path in sorted(root.glob("gen-*")):
        if path.name in keep:
            continue
        if chroma.host:
            drop_collection(chroma.client(path), COLLECTION_PREFIX + path.name)
        retired = root / f"old-{path.name}"
        try:
            os.replace(path, retired)
        except OSError:
            continue
        shutil.rmtree(retired, ignore_errors=True)
    for leftover in root.glob("old-gen-*"):
        shutil.rmtree(leftover, ignore_errors=True)
