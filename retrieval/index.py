"""The index on disk: generations built beside the live one and switched in atomically.

    INDEX_DIR/
      CURRENT              name of the live generation (replaced atomically)
      reload.lock          serialises builds across processes
      gen-<stamp>/         documents.json, chunks.jsonl, sources.json, lexical/, chroma/, manifest.json
      cache/<key>/         one corpus file parsed, chunked and tokenised (retrieval/filecache.py)
      exclusions.json      documents removed while their file stays (retrieval/exclusions.py)
      .removed/            files taken out of the corpus by `vanban remove` / /xoa (retrieval/removal.py)

A build writes a new generation completely, then replaces CURRENT; a crash at any point leaves the
previous CURRENT serving, and the half-built folder is removed by the next build (a build that fails
with an exception, a full disk included, removes it itself).

Builds are incremental: a file whose bytes did not change comes from the cache, and the previous
generation's vectors are reused, so only new and changed files are parsed and embedded. The new
generation is still complete on its own: its files are put together from the cache entries.
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

from pydantic import BaseModel, TypeAdapter

from .chunks import Chunk, document_chunks
from .documents import corpus_files, parse_file, read_and_parse
from .embeddings import Embedder
from .exclusions import excluded_numbers
from .faults import EmptyCorpus, IndexFault, IndexMismatch, NoIndex
from .filecache import Entry, FileCache, sources_json_item
from .lexical import LexicalIndex, TokenArrays
from .models import Document, DocumentMeta
from .parser_version import parser_version
from .readers import UnreadableFile
from .store import COLLECTION_PREFIX, VectorReader, VectorStore, drop_collection, make_client
from .vietnamese import doc_number_key, fold

log = logging.getLogger(__name__)
_DOCS = TypeAdapter(list[Document])
EMBED_BATCH = 2000
LOAD_ATTEMPTS = 5  # generations replaced while being read, one after another, before giving up
CACHE_DIR = "cache"
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


class FileState(BaseModel):
    """What a generation holds of one corpus file: its cache key (content, name, exclusions, parser version)."""

    key: str
    documents: int
    chunks: int


_STATES = TypeAdapter(dict[str, FileState])


@dataclass
class BuildResult:
    generation: str
    documents: int
    chunks: int
    files: list[str]
    failures: dict[str, str]
    user_failures: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    parsed: int = 0  # files read and parsed by this build (new, changed or unreadable; all with full=True)
    cached: int = 0  # files taken from the cache unchanged
    removed: int = 0  # files the previous generation had and this one has not
    full: bool = False


@dataclass
class _Planned:
    """One readable corpus file in the new generation, and whether its chunks need (new) vectors."""

    source: str
    entry: Entry
    state: FileState


@dataclass
class _Previous:
    """The live generation a build starts from; its vectors are reused for the files that did not change."""

    name: str
    manifest: dict[str, Any]
    states: dict[str, FileState]

    @classmethod
    def read(cls, root: Path) -> _Previous | None:
        name = current_generation(root)
        if name is None:
            return None
        try:
            manifest = json.loads((root / name / "manifest.json").read_text(encoding="utf-8"))
            states = _STATES.validate_python(manifest.get("file_states") or {})
        except (OSError, ValueError) as exc:
            log.warning("previous generation %s unreadable, building from scratch: %s", name, exc)
            return None
        return cls(name, manifest, states)

    @property
    def collection(self) -> str:
        return str(self.manifest.get("collection") or COLLECTION_PREFIX + self.name)


def build_index(
    corpus_dir: Path,
    root: Path,
    embedder: Embedder,
    chroma: ChromaTarget | None = None,
    progress: Progress | None = None,
    full: bool = False,
) -> BuildResult:
    """Build a complete new generation and make it the live one. Only new and changed files are parsed
    and embedded (the per-file cache, the previous generation's vectors); ``full`` rebuilds everything.
    Any failure (a full disk included) removes the half-built generation: the live one is untouched."""
    chroma = chroma or ChromaTarget()
    notify = progress or (lambda _stage, _counts: None)
    cache = FileCache(root / CACHE_DIR)
    with build_lock(root):
        started = time.perf_counter()
        _remove_unfinished(root, chroma)
        cache.remove_unfinished()
        previous = None if full else _Previous.read(root)
        if previous is not None and previous.manifest.get("embedder") != embedder.name:
            previous = None  # vectors of another model cannot be reused
        name = f"gen-{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
        gen_dir = root / name
        gen_dir.mkdir(parents=True)
        try:
            result = _build(corpus_dir, root, gen_dir, embedder, chroma, notify, cache, previous, full, started)
        except IndexFault as fault:
            log.warning("%s", fault)
            _discard(gen_dir, chroma)
            raise
        except BaseException:
            log.exception("build of %s failed: removing it, the live index stays as it was", name)
            _discard(gen_dir, chroma)
            raise
        live_before = current_generation(root)
        _atomic_write(root / "CURRENT", name)
        # the previous generation stays for readers still answering from it; older ones go
        _retire_all_but(root, {name, live_before or name}, chroma)
        return result


def _build(
    corpus_dir: Path,
    root: Path,
    gen_dir: Path,
    embedder: Embedder,
    chroma: ChromaTarget,
    notify: Callable[[str, dict[str, int]], None],
    cache: FileCache,
    previous: _Previous | None,
    full: bool,
    started: float,
) -> BuildResult:
    name = gen_dir.name
    planned, failures, user_failures, parsed = _plan(corpus_dir, root, cache, full)
    documents = sum(p.state.documents for p in planned)
    if documents == 0:
        reasons = "; ".join(f"{source}: {why}" for source, why in list(failures.items())[:5])
        refused = f"{len(failures)} files refused{': ' if reasons else ''}{reasons}"
        raise EmptyCorpus(f"no document to index in {corpus_dir} ({refused})", user_failures)
    chunks = sum(p.state.chunks for p in planned)
    removed = len(set(previous.states) - {p.source for p in planned}) if previous else 0
    notify(
        "parsed",
        {"files": len(planned), "documents": documents, "parsed": parsed, "cached": len(planned) + len(failures) - parsed,
         "failed": len(failures), "removed": removed},
    )  # fmt: skip
    notify("chunked", {"documents": documents, "chunks": chunks})
    _write_generation(gen_dir, planned)
    collection = _write_vectors(gen_dir, planned, embedder, chroma, notify, previous)
    manifest = {
        "generation": name,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "embedder": embedder.name,
        "parser_version": parser_version(),
        "documents": documents,
        "chunks": chunks,
        "files": [p.source for p in planned],
        "failures": failures,
        "chroma": {"host": chroma.host, "port": chroma.port},
        "collection": collection,
        "file_states": {p.source: p.state.model_dump() for p in planned},
        "full": full,
        "seconds": round(time.perf_counter() - started, 3),
    }
    # the manifest is written last: a generation without one was never finished
    _atomic_write(gen_dir / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    # a file's full entry stays beside the one with documents left out: the next removal derives from it
    cache.keep_only({p.state.key for p in planned} | {p.entry.info().base for p in planned})
    return BuildResult(
        name, documents, chunks, [p.source for p in planned], failures, user_failures, manifest["seconds"],
        parsed=parsed, cached=len(planned) + len(failures) - parsed, removed=removed, full=full,
    )  # fmt: skip


def _plan(
    corpus_dir: Path, root: Path, cache: FileCache, full: bool
) -> tuple[list[_Planned], dict[str, str], dict[str, str], int]:
    """Every corpus file as a cache entry: taken from the cache when its bytes (and name, exclusions and the
    parser) are unchanged, else parsed now. Unreadable files are reported, every build, as before."""
    excluded = excluded_numbers(root)
    planned: list[_Planned] = []
    failures: dict[str, str] = {}
    user_failures: dict[str, str] = {}
    parsed = 0
    for path in corpus_files(corpus_dir):
        source = str(path.relative_to(corpus_dir))
        try:
            data = path.read_bytes()
        except OSError:
            data = None  # parse_file below reports it as that file's failure, with its reason
        try:
            entry, fresh = _entry(path, source, data, excluded.get(source, []), cache, full)
        except UnreadableFile as exc:
            log.warning("skipping %s: %s", source, exc)
            failures[source] = str(exc)
            user_failures[source] = exc.user_message
            parsed += 1
            continue
        parsed += fresh
        info = entry.info()
        planned.append(_Planned(source, entry, FileState(key=entry.key, documents=info.documents, chunks=info.chunks)))
    return planned, failures, user_failures, parsed


def _entry(
    path: Path, source: str, data: bytes | None, excluded: list[str], cache: FileCache, full: bool
) -> tuple[Entry, bool]:
    """The file's cache entry, and whether it had to be parsed for it."""
    if data is None:
        parse_file(path, source=source)  # raises the file's UnreadableFile
        raise UnreadableFile(f"{source}: cannot be read", "Không mở được tệp trên máy chủ.")
    key = cache.key(source, data, excluded)
    found = None if full else cache.get(key)
    if found is not None:
        return found, False
    base_key = cache.key(source, data)
    base = None if full else cache.get(base_key)
    fresh = base is None
    if base is None:
        docs, text = read_and_parse(path, source, data)
        chunks = [c for doc in docs for c in document_chunks(doc)]
        tokens = TokenArrays.encode(c.search_text for c in chunks)
        base = cache.put(base_key, docs, chunks, fold(text), tokens, base_key)
    if not excluded:
        return base, fresh
    # documents removed from this file: the rest, from the file's full entry (no second parse)
    docs = [d for d in base.documents() if not (d.meta.number and doc_number_key(d.meta.number) in excluded)]
    kept_ids = {d.meta.id for d in docs}
    all_chunks = base.chunks()
    keep = [i for i, c in enumerate(all_chunks) if c.doc_id in kept_ids]
    chunks = [all_chunks[i] for i in keep]
    entry = cache.put(key, docs, chunks, base.folded(), base.tokens().subset(keep), base_key)
    return entry, fresh


def _write_generation(gen_dir: Path, planned: list[_Planned]) -> None:
    """documents.json, chunks.jsonl and sources.json put together from the cache entries as bytes (nothing
    re-parsed), and the BM25 index from their cached tokens."""
    with open(gen_dir / "documents.json", "wb") as out:
        out.write(b"[")
        first = True
        for p in planned:
            items = p.entry.documents_json_items()
            if items:
                out.write(items if first else b"," + items)
                first = False
        out.write(b"]")
    with open(gen_dir / "chunks.jsonl", "wb") as out:
        for p in planned:
            with open(p.entry.chunks_path, "rb") as handle:
                shutil.copyfileobj(handle, out)
    with open(gen_dir / "sources.json", "w", encoding="utf-8") as out:
        out.write("{")
        first = True
        for p in planned:
            if p.state.documents:
                out.write(("" if first else ", ") + sources_json_item(p.source, p.entry.folded()))
                first = False
        out.write("}")
    LexicalIndex.from_tokens(p.entry.tokens() for p in planned).save(gen_dir / "lexical")


def _write_vectors(
    gen_dir: Path,
    planned: list[_Planned],
    embedder: Embedder,
    chroma: ChromaTarget,
    notify: Callable[[str, dict[str, int]], None],
    previous: _Previous | None,
) -> str:
    """The generation's Chroma collection; returns its name. From the previous generation when there is one
    (embedded: a copy of its folder, no writer being active under the build lock; server: its vectors copied
    into a new collection), with the chunks of changed and removed files deleted and those of new and changed
    files embedded and added. A count that does not add up falls back to embedding everything."""
    name = COLLECTION_PREFIX + gen_dir.name
    total = sum(p.state.chunks for p in planned)
    same_store = previous is not None and (previous.manifest.get("chroma") or {}).get("host") == chroma.host
    if previous is not None and same_store:
        keys = {p.source: p.state.key for p in planned}
        changed = [p for p in planned if previous.states.get(p.source, _NO_STATE).key != p.state.key]
        stale = sorted(s for s, state in previous.states.items() if state.key != keys.get(s))
        store = _reuse_previous(gen_dir, chroma, previous, name, embedder, set(stale))
        if store is not None:
            if chroma.host is None:  # the copied folder still holds them; a server copy skipped them
                store.delete_sources(stale)
            _embed(store, changed, embedder, notify, total)
            if store.count() == total:
                return store.collection_name
            log.warning("%s holds %d vectors for %d chunks: embedding everything", name, store.count(), total)
        _discard_vectors(gen_dir, chroma, name)
    store = VectorStore(chroma.client(gen_dir), name, embedder, create=True)
    _embed(store, planned, embedder, notify, total)
    return name


_NO_STATE = FileState(key="", documents=0, chunks=0)


def _discard_vectors(gen_dir: Path, chroma: ChromaTarget, name: str) -> None:
    if chroma.host:
        drop_collection(chroma.client(gen_dir), name)
    else:
        shutil.rmtree(gen_dir / "chroma", ignore_errors=True)


def _reuse_previous(
    gen_dir: Path, chroma: ChromaTarget, previous: _Previous, name: str, embedder: Embedder, stale: set[str]
) -> VectorStore | None:
    """The previous generation's vectors in this generation's store, or None when they cannot be read."""
    try:
        if chroma.host is None:
            shutil.copytree(gen_dir.parent / previous.name / "chroma", gen_dir / "chroma")
            copied = VectorStore(chroma.client(gen_dir), previous.collection, embedder)
            copied.settle_search()
            return copied
        source = VectorStore(chroma.client(gen_dir.parent / previous.name), previous.collection, embedder)
        target = VectorStore(chroma.client(gen_dir), name, embedder, create=True)
        source.copy_to(target, stale)
        return target
    except OSError:
        raise  # a full disk is this build's failure, not a reason to write even more
    except Exception as exc:  # a previous store we cannot read: its vectors are built anew
        log.warning("could not reuse the vectors of %s (%s): embedding everything", previous.name, exc)
        return None


def _embed(
    store: VectorStore,
    planned: list[_Planned],
    embedder: Embedder,
    notify: Callable[[str, dict[str, int]], None],
    total: int,
) -> None:
    """Vectors for the chunks of these files, a batch at a time: all at once would not fit a large corpus."""
    batch: list[Chunk] = []
    metas: dict[str, DocumentMeta] = {}
    done = 0

    def flush() -> None:
        nonlocal done, batch
        if batch:
            store.add(batch, embedder.embed_documents([c.search_text for c in batch]), metas)
            done += len(batch)
            notify("embedded", {"chunks": done, "of": sum(p.state.chunks for p in planned), "total": total})
            batch = []
            metas.clear()

    for p in planned:
        if not p.state.chunks:
            continue
        metas.update({d.meta.id: d.meta for d in p.entry.documents()})
        batch.extend(p.entry.chunks())
        if len(batch) >= EMBED_BATCH:
            flush()
    flush()


def _discard(gen_dir: Path, chroma: ChromaTarget) -> None:
    """A failed build's folder (and its server collection) go; the live generation is not touched."""
    if chroma.host:
        try:
            drop_collection(chroma.client(gen_dir), COLLECTION_PREFIX + gen_dir.name)
        except Exception as exc:  # the server may be what failed
            log.warning("could not drop the collection of %s: %s", gen_dir.name, exc)
    shutil.rmtree(gen_dir, ignore_errors=True)


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
    # an incremental generation may carry on its predecessor's collection (a copy of its folder)
    collection = str(manifest.get("collection") or COLLECTION_PREFIX + name)
    return LoadedIndex(
        generation=name,
        documents={d.meta.id: d for d in documents},
        chunks=chunks,
        lexical=LexicalIndex.load(gen_dir / "lexical"),
        vectors=VectorReader(_reader(gen_dir, chroma), collection, embedder, chroma.describe(gen_dir)),
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
