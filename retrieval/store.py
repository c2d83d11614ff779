"""Chroma as the vector store (embedded by default, a `chroma run` server when configured). We always hand
Chroma our own vectors: nothing is downloaded.

Chunks go in as ids, vectors and flat metadata only: their text is in chunks.jsonl and never read back from
Chroma, so storing it there (LlamaIndex's TextNode puts the text and a JSON copy of the whole node in every
record, and Chroma indexes the text for full-text search) made the store five times larger and slower to
write and copy. Queries use LlamaIndex's metadata filter, in Chroma's terms."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import chromadb
import httpx
import numpy as np
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import ChromaError, NotFoundError
from llama_index.core.vector_stores.types import FilterOperator, MetadataFilter, MetadataFilters
from llama_index.vector_stores.chroma.base import _to_chroma_filter

from .chunks import Chunk
from .embeddings import Embedder
from .faults import CollectionMissing, VectorsUnavailable
from .models import DocumentMeta

log = logging.getLogger(__name__)
COLLECTION_PREFIX = "vanban-"
# After a failure the store is left alone this long: a server that is down costs each question nothing,
# and one that is back is used again within these seconds, with no restart.
RETRY_SECONDS = 3.0
# What a store that is down or gone raises: the server unreachable (httpx; chromadb's ValueError "Could not
# connect"), its errors, and the files of an embedded generation removed under us.
_UNAVAILABLE = (httpx.HTTPError, ChromaError, OSError, ValueError)
ADD_BATCH = 2000


class OurEmbeddings(chromadb.EmbeddingFunction):  # type: ignore[misc]
    """Keeps Chroma from falling back to its downloadable default model."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder

    def __call__(self, input: list[str]) -> list[np.ndarray]:
        return list(self._embedder.embed_documents(list(input)))

    @staticmethod
    def name() -> str:
        return "vanban"

    def get_config(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> OurEmbeddings:
        raise NotImplementedError("vanban collections are opened with their embedder")


def make_client(path: Path | None, host: str | None = None, port: int | None = None) -> Any:
    settings = ChromaSettings(anonymized_telemetry=False)
    if host:
        return chromadb.HttpClient(host=host, port=port or 8000, settings=settings)
    assert path is not None
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


def chunk_metadata(chunk: Chunk, meta: DocumentMeta) -> dict[str, str | int]:
    """Everything a citation needs, flat (Chroma takes no lists)."""
    return {
        "doc_key": chunk.doc_id,  # not "doc_id": LlamaIndex writes its own doc_id into the metadata
        "kind": chunk.kind,
        "doc_number": meta.number or "",
        "doc_type": meta.doc_type,
        "doc_date": meta.date.isoformat() if meta.date else "",
        "issuer": meta.issuer,
        "doc_title": meta.title[:500],
        "item": json.dumps(chunk.path, ensure_ascii=False),
        "part": chunk.part,
        "line": chunk.line,  # where the item starts in the source file
        "source": meta.source,
    }


# The nearest chunks must not depend on the build: HNSW graphs differ from one build to the next, and at
# Chroma's default ef_search (100) the same query got different neighbours from one process to the next and
# between two builds of the same corpus (answers flipped). Two builds of corpus-dev, the 378 dev-external and
# rewording questions, top 60: 54 of 22,680 neighbours differ at 400, 1 at 1,500 (docs/benchmarks.md,
# "Vector search").
SEARCH_EF = 1500


class VectorStore:
    def __init__(self, client: Any, collection: str, embedder: Embedder, create: bool = False) -> None:
        self.client = client
        self.collection_name = collection
        function = OurEmbeddings(embedder)
        if create:
            self._collection = client.create_collection(
                collection,
                embedding_function=function,
                configuration={"hnsw": {"space": "cosine", "ef_search": SEARCH_EF}},
            )
        else:
            self._collection = client.get_collection(collection, embedding_function=function)

    def add(self, chunks: list[Chunk], vectors: np.ndarray, metas: dict[str, DocumentMeta]) -> None:
        for start in range(0, len(chunks), ADD_BATCH):
            batch = chunks[start : start + ADD_BATCH]
            self._collection.add(
                ids=[c.id for c in batch],
                embeddings=np.asarray(vectors[start : start + ADD_BATCH], dtype=np.float32),
                metadatas=[chunk_metadata(c, metas[c.doc_id]) for c in batch],  # type: ignore[misc]
            )

    def delete_sources(self, sources: list[str]) -> None:
        """Every chunk of these corpus files (a file changed or removed since the copied generation)."""
        for start in range(0, len(sources), ADD_BATCH):
            self._collection.delete(where={"source": {"$in": sources[start : start + ADD_BATCH]}})

    def copy_to(self, target: VectorStore, skip_sources: set[str]) -> int:
        """The vectors of every chunk not from ``skip_sources`` into another collection, as they are (no
        re-embedding): how a server-mode generation reuses its predecessor's vectors. Returns how many."""
        copied = 0
        offset = 0
        while True:
            page = self._collection.get(include=["embeddings", "metadatas"], limit=ADD_BATCH, offset=offset)
            if not page["ids"]:
                return copied
            offset += len(page["ids"])
            keep = [i for i, m in enumerate(page["metadatas"]) if m.get("source") not in skip_sources]
            if keep:
                target._collection.add(
                    ids=[page["ids"][i] for i in keep],
                    embeddings=np.asarray([page["embeddings"][i] for i in keep], dtype=np.float32),
                    metadatas=[page["metadatas"][i] for i in keep],
                )
                copied += len(keep)

    def query(self, vector: np.ndarray, k: int, doc_ids: list[str] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity), best first. Only ids and distances come back: the chunks
        themselves are in memory, and rebuilding LlamaIndex nodes for each answer costs more than the search."""
        where = self._where(doc_ids)
        result = self._collection.query(
            query_embeddings=[vector.tolist()], n_results=k, where=where, include=["distances"]
        )
        return [(cid, 1.0 - float(d)) for cid, d in zip(result["ids"][0], result["distances"][0], strict=True)]

    def _where(self, doc_ids: list[str] | None) -> dict[str, Any] | None:
        if not doc_ids:
            return None
        # the same filter LlamaIndex would build, in Chroma's own terms
        filters = MetadataFilters(filters=[MetadataFilter(key="doc_key", value=doc_ids, operator=FilterOperator.IN)])
        return _to_chroma_filter(filters)

    def count(self) -> int:
        return int(self._collection.count())

    def settle_search(self, ef: int = SEARCH_EF) -> None:
        """A store copied from a generation built before SEARCH_EF was set searches with it from now on."""
        if self._collection.configuration_json.get("hnsw", {}).get("ef_search") != ef:
            self._collection.modify(configuration={"hnsw": {"ef_search": ef}})

    def stored_vectors(self) -> tuple[list[str], np.ndarray]:
        """Every chunk id and its vector, for measuring the search against the exact nearest."""
        stored = self._collection.get(include=["embeddings"])
        return list(stored["ids"]), np.asarray(stored["embeddings"], dtype=np.float32)


class VectorReader:
    """The vectors of a live generation, for answering. Opened on first use, so an index whose Chroma server
    is down still loads (everything else is in the generation folder); any failure is VectorsUnavailable,
    and the store is opened afresh on the next try after RETRY_SECONDS."""

    def __init__(
        self,
        connect: Callable[[], Any],
        collection: str,
        embedder: Embedder,
        where: str,
        retry_seconds: float = RETRY_SECONDS,
    ) -> None:
        self._connect = connect
        self.collection_name = collection
        self._embedder = embedder
        self.where = where  # "embedded in <folder>" or "server host:port", for messages
        self.retry_seconds = retry_seconds
        self._store: VectorStore | None = None
        self._down: VectorsUnavailable | None = None
        self._retry_at = 0.0
        self._lock = threading.Lock()  # one thread opens: two opening one Chroma folder at once break it

    def query(self, vector: np.ndarray, k: int, doc_ids: list[str] | None = None) -> list[tuple[str, float]]:
        store = self._open()
        try:
            return store.query(vector, k, doc_ids)
        except _UNAVAILABLE as exc:
            with self._lock:
                down = self._failed(exc)
            raise down from exc

    def count(self) -> int:
        return self._open().count()

    def _open(self) -> VectorStore:
        with self._lock:
            if self._store is not None:
                return self._store
            if self._down is not None and time.monotonic() < self._retry_at:
                raise type(self._down)(str(self._down))  # a fresh one: the stored one keeps its first traceback
            try:
                self._store = VectorStore(self._connect(), self.collection_name, self._embedder)
            except _UNAVAILABLE as exc:
                raise self._failed(exc) from exc
            self._down = None
            return self._store

    def _failed(self, exc: Exception) -> VectorsUnavailable:
        if isinstance(exc, NotFoundError):
            down: VectorsUnavailable = CollectionMissing(f"collection {self.collection_name} not found ({self.where})")
        else:
            reason = str(exc).splitlines()[0][:200] if str(exc) else ""
            down = VectorsUnavailable(f"vector store ({self.where}) failed: {exc.__class__.__name__}: {reason}")
        self._store, self._down, self._retry_at = None, down, time.monotonic() + self.retry_seconds
        return down


def drop_collection(client: Any, name: str) -> None:
    try:
        client.delete_collection(name)
    except Exception as exc:  # already gone, or the server is down: either way nothing to keep
        log.info("could not drop collection %s: %s", name, exc)
