"""Embeddings behind one interface: an offline default that ships with the code, and any
OpenAI-compatible ``/v1/embeddings`` endpoint for production models.

Chroma is always handed our vectors: a collection left to embed by itself would download a model.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import time
from typing import Protocol

import httpx
import numpy as np

from .vietnamese import syllables

log = logging.getLogger(__name__)


class Embedder(Protocol):
    name: str

    def embed_documents(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def _normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32)


class HashingEmbedder:
    """Diacritic-free syllables and syllable pairs hashed into a fixed space, log-scaled, unit length.

    Needs no model and no download; close to lexical search, so it agrees with users who type without
    marks or with abbreviations (both are normalised before hashing).
    """

    def __init__(self, dim: int = 512) -> None:
        self.dim = dim
        self.name = f"hashing-{dim}"
        self._buckets: dict[str, tuple[int, float]] = {}  # the vocabulary is small: hash each token once

    def _bucket(self, token: str) -> tuple[int, float]:
        found = self._buckets.get(token)
        if found is None:
            value = int.from_bytes(hashlib.blake2b(token.encode(), digest_size=8).digest(), "little")
            found = self._buckets[token] = (value % self.dim, 1.0 if (value >> 63) & 1 else -1.0)
        return found

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        syl = syllables(text)
        tokens = syl + [f"{a} {b}" for a, b in itertools.pairwise(syl)]
        for token in tokens:
            i, sign = self._bucket(token)
            vec[i] += sign
        return np.sign(vec) * np.log1p(np.abs(vec))

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(np.stack([self._vector(t) for t in texts]))

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]


class _PackagedModelEmbedder:
    """A small model whose weights ship inside a wheel: unit-length vectors of its own dimension."""

    name = ""
    dim = 0

    def _encode(self, texts: list[str]) -> object:
        raise NotImplementedError

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(np.asarray(self._encode(list(texts)), dtype=np.float32))

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]


class StaticModelEmbedder(_PackagedModelEmbedder):
    """The model2vec-style static model shipped inside the ``tokenlearn-static-model`` wheel (optional)."""

    name = "tokenlearn-static-model"
    dim = 64

    def __init__(self) -> None:
        import static_model  # optional dependency; its weights are in the wheel

        self._model = static_model

    def _encode(self, texts: list[str]) -> object:
        return self._model.get_embeddings(texts)


class WordLlamaEmbedder(_PackagedModelEmbedder):
    """``wordllama``'s 256-d weights, loaded from inside its wheel (its default loader looks online)."""

    name = "wordllama-256"
    dim = 256

    def __init__(self) -> None:
        from pathlib import Path

        import wordllama  # optional dependency

        self._model = wordllama.WordLlama.load(cache_dir=Path(wordllama.__file__).parent)

    def _encode(self, texts: list[str]) -> object:
        return self._model.embed(texts)


class OpenAIEmbedder:
    """Any server that speaks OpenAI's ``POST /v1/embeddings`` (OpenAI, vLLM, Ollama, TEI...)."""

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        batch_size: int = 64,
        timeout: float = 30.0,
        retries: int = 3,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.name = f"openai:{model}"
        self.model = model
        self.batch_size = batch_size
        self.retries = retries
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"), headers=headers, timeout=timeout, transport=transport
        )

    def _post(self, batch: list[str]) -> list[list[float]]:
        delay = 0.5
        for attempt in range(1, self.retries + 1):
            try:
                response = self._client.post("/embeddings", json={"model": self.model, "input": batch})
                if response.status_code >= 500 or response.status_code == 429:
                    raise httpx.HTTPStatusError("retryable", request=response.request, response=response)
                response.raise_for_status()
                data = sorted(response.json()["data"], key=lambda d: d["index"])
                return [d["embedding"] for d in data]
            except (httpx.TransportError, httpx.HTTPStatusError) as exc:
                if attempt == self.retries or (
                    isinstance(exc, httpx.HTTPStatusError) and exc.response.status_code < 500
                    and exc.response.status_code != 429
                ):
                    raise
                log.warning("embedding request failed (%s), retry %d", type(exc).__name__, attempt)
                time.sleep(delay)
                delay *= 2
        raise RuntimeError("unreachable")

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        vectors: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            vectors.extend(self._post(texts[start : start + self.batch_size]))
        if not vectors:
            return np.zeros((0, 1), dtype=np.float32)
        return _normalise(np.asarray(vectors, dtype=np.float32))

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]


def make_embedder(kind: str, base_url: str | None = None, model: str | None = None, api_key: str | None = None) -> Embedder:
    if base_url:
        return OpenAIEmbedder(base_url, model or "text-embedding-3-small", api_key)
    if kind == "static":
        return StaticModelEmbedder()
    if kind == "wordllama":
        return WordLlamaEmbedder()
    if kind.startswith("hashing"):
        return HashingEmbedder()
    raise ValueError(f"unknown embedding kind {kind!r}: use 'hashing', 'static', 'wordllama' or set EMBED_BASE_URL")
