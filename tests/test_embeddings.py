"""Embeddings: the offline default, and an OpenAI-compatible /v1/embeddings server on loopback."""

from __future__ import annotations

import json
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import httpx
import numpy as np
import pytest

from retrieval.assistant import Assistant
from retrieval.embeddings import HashingEmbedder, OpenAIEmbedder
from retrieval.settings import Settings

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"


def test_hashing_embedder_folds_spelling_and_is_deterministic():
    embedder = HashingEmbedder()
    a, b, c = embedder.embed_documents(
        ["Đảng đoàn HĐND tỉnh chủ trì", "dang doan hoi dong nhan dan tinh chu tri", "kinh tế"]
    )
    assert float(a @ b) > 0.99 and float(a @ c) < 0.3
    assert np.allclose(embedder.embed_query("Ủy ban"), HashingEmbedder().embed_query("Uỷ ban"))
    assert embedder.embed_documents([]).shape == (0, embedder.dim)


class _EmbeddingServer(BaseHTTPRequestHandler):
    """Speaks POST /v1/embeddings, serving the hashing vectors; fails the first `fail_first` calls."""

    calls: ClassVar[list[int]] = []
    fail_first = 0
    reference = HashingEmbedder(dim=64)

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).calls.append(len(body["input"]))
        if self.path != "/v1/embeddings" or self.headers.get("Authorization") != "Bearer secret":
            self.send_response(404 if self.path != "/v1/embeddings" else 401)
            self.end_headers()
            return
        if len(type(self).calls) <= type(self).fail_first:
            self.send_response(500)
            self.end_headers()
            return
        vectors = self.reference.embed_documents(body["input"])
        data = [{"object": "embedding", "index": i, "embedding": v.tolist()} for i, v in enumerate(vectors)]
        payload = json.dumps({"object": "list", "data": list(reversed(data)), "model": body["model"]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def embedding_server(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    _EmbeddingServer.calls = []
    _EmbeddingServer.fail_first = 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EmbeddingServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def test_openai_embedder_batches_and_keeps_order(embedding_server):
    embedder = OpenAIEmbedder(embedding_server, "test-model", api_key="secret", batch_size=4)
    texts = [f"văn bản số {i}" for i in range(10)]
    vectors = embedder.embed_documents(texts)
    assert _EmbeddingServer.calls == [4, 4, 2]
    assert np.allclose(vectors, _EmbeddingServer.reference.embed_documents(texts), atol=1e-6)


def test_openai_embedder_retries_server_errors(embedding_server):
    _EmbeddingServer.fail_first = 2
    embedder = OpenAIEmbedder(embedding_server, "test-model", api_key="secret", retries=3)
    assert embedder.embed_query("kế hoạch").shape == (64,)
    assert len(_EmbeddingServer.calls) == 3


def test_openai_embedder_gives_up_on_client_errors(embedding_server):
    embedder = OpenAIEmbedder(embedding_server, "test-model", api_key="wrong", retries=3)
    with pytest.raises(httpx.HTTPStatusError):
        embedder.embed_query("kế hoạch")
    assert len(_EmbeddingServer.calls) == 1


def test_index_and_answers_through_an_embedding_server(embedding_server, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "tuyen-quang-ubnd-ke-hoach-khac-phuc-2023.txt", corpus)
    settings = Settings(
        corpus_dir=corpus, index_dir=tmp_path / "index", embed_base_url=embedding_server,
        embed_model="test-model", embed_api_key="secret", _env_file=None,
    )  # fmt: skip
    assistant = Assistant(settings)
    assistant.reload()
    assert assistant.status()["embedder"] == "openai:test-model"
    answer = assistant.ask("Sở Tư pháp được giao nhiệm vụ gì theo Kế hoạch 78/KH-UBND?")
    assert answer.found and answer.citations[0].item == ["II", "7", "7.2"]
