"""Faults stay local: a bad line, a failing index, a generation retired under a reader, a Chroma server that
stops or a setting that does not match cost the answers they touch and nothing more, and say why."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

import chromadb
import pytest
from chroma_server import ChromaServer
from chromadb.config import Settings as ChromaSettings

import retrieval.assistant as assistant_module
from retrieval.assistant import Assistant
from retrieval.faults import IndexMismatch
from retrieval.index import current_generation
from retrieval.settings import Settings
from retrieval.store import COLLECTION_PREFIX, RETRY_SECONDS

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
SMALL = ["tuyen-quang-ket-luan-hoi-nghi-bch-lan-10.txt", "tuyen-quang-ubnd-ke-hoach-khac-phuc-2023.txt"]
QUESTION = "Ai được giao chủ trì theo dõi, đôn đốc việc triển khai Kế hoạch 78/KH-UBND?"
NONSENSE = "zzqx wvbk?"  # no word of it is in any document: only the vectors could offer anything
DOWN = "Máy chủ chỉ mục tạm thời không trả lời"
LEXICAL_ONLY = "answering from the lexical index alone"


def small_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in SMALL:
        shutil.copy(CORPUS / name, folder / name)
    return folder


def settings_for(corpus: Path, index: Path, **extra: Any) -> Settings:
    return Settings(corpus_dir=corpus, index_dir=index, _env_file=None, **extra)


def cli_env(corpus: Path, index: Path, chroma_port: int | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHROMA_", "EMBED_", "LLM_"))}
    env.update(CORPUS_DIR=str(corpus), INDEX_DIR=str(index), NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1")
    if chroma_port is not None:
        env.update(CHROMA_HOST="127.0.0.1", CHROMA_PORT=str(chroma_port))
    return env


def line(qid: object, question: str) -> str:
    return json.dumps({"id": qid, "question": question}, ensure_ascii=False)


def ask_jsonl(lines: list[str], env: dict[str, str]) -> tuple[list[dict[str, Any]], str]:
    done = subprocess.run(
        [sys.executable, "-m", "retrieval.cli", "ask", "--jsonl"],
        input="\n".join(lines) + "\n", env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return [json.loads(out) for out in done.stdout.splitlines()], done.stderr


def assert_error_line(out: dict[str, Any], qid: object, message: str, error: str) -> None:
    assert out["id"] == qid and isinstance(out["question"], str)
    assert out["found"] is False and out["citations"] == [] and out["assignment"] is None
    assert message in out["answer"]
    assert out["error"].startswith(error)


# ---------------------------------------------------------------- ask --jsonl answers every line


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path]:
    corpus, index = small_corpus(tmp_path / "corpus"), tmp_path / "index"
    Assistant(settings_for(corpus, index)).reload()
    return corpus, index


def test_every_jsonl_line_is_answered_in_order_whatever_it_holds(built: tuple[Path, Path]) -> None:
    lines = [line(1, QUESTION), "không phải JSON", "[1, 2]", '{"id": 4}', line(5, QUESTION)]
    outs, log = ask_jsonl(lines, cli_env(*built))
    assert [o["id"] for o in outs] == [1, None, None, 4, 5]
    for good in (outs[0], outs[4]):
        assert good["found"] and good["citations"][0]["doc_number"] == "78/KH-UBND"
        assert "error" not in good
    assert outs[1]["question"] == "không phải JSON"
    for out, qid in zip(outs[1:4], [None, None, 4], strict=True):
        assert_error_line(out, qid, "không phải một câu hỏi", "bad input line")
        assert set(outs[0]) <= set(out), "an error line has every field of the answer contract"
    assert "Traceback" not in log


def test_an_index_that_cannot_be_read_answers_each_line_with_the_reason(built: tuple[Path, Path]) -> None:
    corpus, index = built
    generation = current_generation(index)
    assert generation
    (index / generation / "documents.json").write_text("[{", encoding="utf-8")  # damaged on disk
    outs, _log = ask_jsonl([line("a", QUESTION), line("b", "Sở Y tế có những nhiệm vụ gì?")], cli_env(corpus, index))
    assert [o["id"] for o in outs] == ["a", "b"]
    for out in outs:
        assert_error_line(out, out["id"], "đã có lỗi khi trả lời", "ValidationError")


def test_with_no_index_and_no_corpus_each_line_says_there_is_no_index(tmp_path: Path) -> None:
    outs, log = ask_jsonl([line(1, QUESTION), line(2, QUESTION)], cli_env(tmp_path / "missing", tmp_path / "index"))
    assert len(outs) == 2
    for out in outs:
        assert_error_line(out, out["id"], "Chưa có chỉ mục văn bản", "NoIndex")
    assert "could not build the index" in log and "Traceback" not in log


def test_a_generation_retired_under_a_reader_is_reopened_and_the_question_answered(
    built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # only the fault may make the reader look at CURRENT again, not its periodic check
    monkeypatch.setattr(assistant_module, "REFRESH_SECONDS", 3600.0)
    corpus, index = built
    reader, builder = Assistant(settings_for(corpus, index)), Assistant(settings_for(corpus, index))
    assert len(reader.documents()) == 2  # loaded; its vectors not opened yet
    old = current_generation(index)
    builder.reload()
    builder.reload()  # two quick builds: the reader's generation is retired
    assert old and not (index / old).exists()
    answer = reader.ask(QUESTION)
    assert answer.found and answer.citations[0].doc_number == "78/KH-UBND"
    assert reader.status()["generation"] == current_generation(index)
    assert not (index / old).exists(), "reading left nothing behind"


# ---------------------------------------------------------------- a Chroma server that stops


class Stream:
    """`vanban ask --jsonl` kept running, one question at a time."""

    def __init__(self, env: dict[str, str], log: IO[str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "retrieval.cli", "ask", "--jsonl"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, text=True, env=env,
        )  # fmt: skip

    def ask(self, qid: object, question: str) -> dict[str, Any]:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(line(qid, question) + "\n")
        self.process.stdin.flush()
        out = json.loads(self.process.stdout.readline())
        assert out["id"] == qid
        return out

    def close(self) -> int:
        assert self.process.stdin
        self.process.stdin.close()
        return self.process.wait(timeout=60)


def test_a_stopped_chroma_server_costs_only_what_the_lexical_index_cannot_answer(tmp_path: Path) -> None:
    corpus, index, log = small_corpus(tmp_path / "corpus"), tmp_path / "index", tmp_path / "ask.log"
    with ChromaServer(tmp_path / "server") as server:
        Assistant(settings_for(corpus, index, chroma_host="127.0.0.1", chroma_port=server.port)).reload()
        env = cli_env(corpus, index, server.port)
        with open(log, "w", encoding="utf-8") as log_handle:
            stream = Stream(env, log_handle)
            try:
                assert stream.ask(1, QUESTION)["found"]
                assert "error" not in stream.ask(2, NONSENSE)  # a plain "not found" while vectors answer

                server.stop()
                answer = stream.ask(3, QUESTION)  # BM25 alone finds it: answered, verified and cited as ever
                assert answer["found"] and answer["citations"][0]["doc_number"] == "78/KH-UBND"
                assert_error_line(stream.ask(4, NONSENSE), 4, DOWN, "VectorsUnavailable")
                assert_error_line(stream.ask(5, NONSENSE), 5, DOWN, "VectorsUnavailable")
                # a process started while the server is down loads the index and says what is wrong
                single = subprocess.run(
                    [sys.executable, "-m", "retrieval.cli", "ask", NONSENSE], env=env, capture_output=True, text=True
                )
                assert single.returncode == 1 and DOWN in single.stderr and "Traceback" not in single.stderr

                server.start()
                time.sleep(RETRY_SECONDS + 0.5)
                assert stream.ask(6, QUESTION)["found"]
                assert "error" not in stream.ask(7, NONSENSE), "vectors are used again with no restart"
            finally:
                assert stream.close() == 0
    output = log.read_text(encoding="utf-8")
    assert "Traceback" not in output
    assert output.count(LEXICAL_ONLY) == 1, "one line when the server stops, not one per question"
    assert "vector store answering again" in output


# ---------------------------------------------------------------- a setting that does not match the index


def test_an_index_read_with_the_other_chroma_setting_names_the_setting_it_needs(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path / "corpus")
    served, embedded = tmp_path / "served", tmp_path / "embedded"
    Assistant(settings_for(corpus, embedded)).reload()
    with ChromaServer(tmp_path / "server") as server:
        Assistant(settings_for(corpus, served, chroma_host="127.0.0.1", chroma_port=server.port)).reload()
        cases = [
            (cli_env(corpus, served), f"set CHROMA_HOST=127.0.0.1 and CHROMA_PORT={server.port}"),
            (cli_env(corpus, embedded, server.port), "unset CHROMA_HOST and CHROMA_PORT"),
        ]
        for env, needed in cases:
            done = subprocess.run(
                [sys.executable, "-m", "retrieval.cli", "ask", QUESTION], env=env, capture_output=True, text=True
            )
            assert done.returncode == 1
            assert needed in done.stderr and "CHROMA_HOST, CHROMA_PORT" in done.stderr  # English log, Vietnamese
            assert "Traceback" not in done.stderr and "NotFoundError" not in done.stderr

        # the server answers but no longer holds the generation's collection (another server, or dropped)
        client = chromadb.HttpClient(
            host="127.0.0.1", port=server.port, settings=ChromaSettings(anonymized_telemetry=False)
        )
        client.delete_collection(COLLECTION_PREFIX + str(current_generation(served)))
        reader = Assistant(settings_for(corpus, served, chroma_host="127.0.0.1", chroma_port=server.port))
        with pytest.raises(IndexMismatch, match=r"has no collection .* built with CHROMA_HOST=127.0.0.1 "):
            reader.ask(QUESTION)


def test_ingesting_a_folder_where_no_file_yields_a_document_says_so_and_names_the_files(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "trong.txt").write_text("   \n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "retrieval.cli", "ingest", str(corpus)],
        env=cli_env(corpus, tmp_path / "index"), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 1
    assert "Không có văn bản nào đọc được" in done.stdout and "trong.txt" in done.stdout
    assert "Traceback" not in done.stderr
    assert current_generation(tmp_path / "index") is None
