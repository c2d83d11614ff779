"""Chroma as the vector store (embedded by default, a `chroma run` server when configured), through
LlamaIndex's ChromaVectorStore. We always hand Chroma our own vectors: nothing is downloaded."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings
from llama_index.core.schema import TextNode
from llama_index.core.vector_stores.types import FilterOperator, MetadataFilter, MetadataFilters
from llama_index.vector_stores.chroma import ChromaVectorStore
from llama_index.vector_stores.chroma.base import _to_chroma_filter

from .chunks import Chunk
from .embeddings import Embedder
from .models import DocumentMeta

log = logging.getLogger(__name__)
COLLECTION_PREFIX = "vanban-"


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


class VectorStore:
    def __init__(self, client: Any, collection: str, embedder: Embedder, create: bool = False) -> None:
        self.client = client
        self.collection_name = collection
        function = OurEmbeddings(embedder)
        if create:
            self._collection = client.create_collection(
                collection, embedding_function=function, metadata={"hnsw:space": "cosine"}
            )
        else:
            self._collection = client.get_collection(collection, embedding_function=function)
        self._store = ChromaVectorStore(chroma_collection=self._collection)

    def add(self, chunks: list[Chunk], vectors: np.ndarray, metas: dict[str, DocumentMeta]) -> None:
        nodes = [
            TextNode(
                id_=chunk.id,
                text=chunk.text,
                embedding=vector.tolist(),
                metadata=chunk_metadata(chunk, metas[chunk.doc_id]),
                excluded_embed_metadata_keys=[],
            )
            for chunk, vector in zip(chunks, vectors, strict=True)
        ]
        for start in range(0, len(nodes), 2000):
            self._store.add(nodes[start : start + 2000])

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


def drop_collection(client: Any, name: str) -> None:
    try:
        client.delete_collection(name)
    except Exception as exc:  # already gone, or the server is down: either way nothing to keep
        log.info("could not drop collection %s: %s", name, exc)
