"""The naive baseline a generic RAG tool would build: fixed windows of ~512 tokens with overlap, no
structure, the same embedding, the same BM25 and the same fusion; the answer is the top chunk."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from retrieval.embeddings import Embedder
from retrieval.lexical import LexicalIndex
from retrieval.readers import read_file
from retrieval.store import OurEmbeddings, make_client

WINDOW = 512  # tokens (whitespace words; a Vietnamese syllable is a word here)
OVERLAP = 64


@dataclass
class Window:
    source: str
    text: str


def windows(corpus: Path) -> list[Window]:
    out = []
    for path in sorted(corpus.rglob("*.txt")):
        words = read_file(path).split()
        for start in range(0, max(1, len(words) - OVERLAP), WINDOW - OVERLAP):
            out.append(Window(path.name, " ".join(words[start : start + WINDOW])))
    return out


class NaiveRag:
    def __init__(self, corpus: Path, embedder: Embedder, folder: Path | None = None, vector_weight: float = 0.3):
        self.embedder = embedder
        self.vector_weight = vector_weight
        self.chunks = windows(corpus)
        texts = [w.text for w in self.chunks]
        self.lexical = LexicalIndex.build(texts)
        self.folder = folder or Path(tempfile.mkdtemp(prefix="naive-"))
        client = make_client(self.folder / "chroma")
        self.collection = client.create_collection(
            "naive", embedding_function=OurEmbeddings(embedder), metadata={"hnsw:space": "cosine"}
        )
        vectors = embedder.embed_documents(texts)
        for start in range(0, len(texts), 2000):
            ids = [str(i) for i in range(start, min(start + 2000, len(texts)))]
            self.collection.add(ids=ids, embeddings=vectors[start : start + 2000].tolist())
        self.lexical.save(self.folder / "lexical")

    def search(self, question: str, k: int = 5) -> list[Window]:
        lexical = self.lexical.scores(question)
        top = np.argsort(-lexical)[:60]
        result = self.collection.query(
            query_embeddings=[self.embedder.embed_query(question).tolist()], n_results=60, include=["distances"]
        )
        vector = {int(i): 1 - d for i, d in zip(result["ids"][0], result["distances"][0], strict=True)}
        best = float(lexical[top[0]]) or 1.0
        lo, hi = (min(vector.values()), max(vector.values())) if vector else (0.0, 1.0)
        fused: dict[int, float] = {}
        for i in set(int(t) for t in top if lexical[t] > 0) | set(vector):
            vec = (vector[i] - lo) / ((hi - lo) or 1.0) if i in vector else 0.0
            fused[i] = (1 - self.vector_weight) * float(lexical[i]) / best + self.vector_weight * vec
        ranked = sorted(fused, key=lambda i: -fused[i])[:k]
        return [self.chunks[i] for i in ranked]
