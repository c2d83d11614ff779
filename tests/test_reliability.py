"""The index survives crashes, concurrent reloads and a Chroma server; bad input never damages it."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retrieval.assistant import Assistant
from retrieval.documents import load_corpus, parse_text
from retrieval.index import current_generation
from retrieval.settings import Settings

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
SMALL = ["tuyen-quang-ket-luan-hoi-nghi-bch-lan-10.txt", "tuyen-quang-ubnd-ke-hoach-khac-phuc-2023.txt"]
QUESTION = "Ai được giao chủ trì theo dõi, đôn đốc việc triển khai Kế hoạch 78/KH-UBND?"


def small_corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in SMALL:
        shutil.copy(CORPUS / name, folder / name)
    return folder


def settings_for(corpus: Path, index: Path, **extra) -> Settings:
    return Settings(corpus_dir=corpus, index_dir=index, _env_file=None, **extra)


def ingest_process(corpus: Path, index: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    environment = {**os.environ, "CORPUS_DIR": str(corpus), "INDEX_DIR": str(index), **(env or {})}
    return subprocess.Popen(
        [sys.executable, "-m", "retrieval.cli", "ingest"], env=environment,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def test_sigkill_in_the_middle_of_a_reload_leaves_the_previous_index_serving(tmp_path):
    index = tmp_path / "index"
    first = Assistant(settings_for(small_corpus(tmp_path / "small"), index))
    first.reload()
    live = current_generation(index)
    assert live and first.ask(QUESTION).found

    process = ingest_process(CORPUS, index)  # the whole corpus: a longer build
    deadline = time.monotonic() + 60
    unfinished = None
    while time.monotonic() < deadline and unfinished is None:
        unfinished = next(
            (p for p in index.glob("gen-*") if p.name != live and not (p / "manifest.json").exists()), None
        )
        time.sleep(0.01)
    assert unfinished is not None, "the new generation never appeared"
    time.sleep(0.5)  # well inside the build: parsing, chunking or embedding
    process.send_signal(signal.SIGKILL)
    process.wait()

    assert current_generation(index) == live  # the half-built generation is never live
    restarted = Assistant(settings_for(tmp_path / "small", index))
    answer = restarted.ask(QUESTION)
    assert answer.found and answer.citations[0].doc_number == "78/KH-UBND"
    # the next reload removes what the killed one left behind
    restarted.reload()
    assert not unfinished.exists()
    assert current_generation(index) != live


def test_sigkill_at_random_moments_never_breaks_the_index(tmp_path):
    index = tmp_path / "index"
    corpus = small_corpus(tmp_path / "small")
    Assistant(settings_for(corpus, index)).reload()
    for delay in (0.2, 0.8, 1.6, 2.4):
        process = ingest_process(corpus, index)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert Assistant(settings_for(corpus, index)).ask(QUESTION).found, f"killed after {delay} s"


def test_two_reloads_at_once_are_serialised(tmp_path):
    index = tmp_path / "index"
    corpus = small_corpus(tmp_path / "small")
    processes = [ingest_process(corpus, index) for _ in range(2)]
    assert [p.wait(timeout=180) for p in processes] == [0, 0]
    generations = sorted(p.name for p in index.glob("gen-*"))
    assert len(generations) == 2  # both completed one after the other; the live one and its predecessor
    assert all((index / g / "manifest.json").exists() for g in generations)
    assert Assistant(settings_for(corpus, index)).ask(QUESTION).found


def test_questions_are_answered_while_a_reload_runs(tmp_path):
    import threading

    index = tmp_path / "index"
    assistant = Assistant(settings_for(small_corpus(tmp_path / "small"), index))
    assistant.reload()
    answers = []
    reload = threading.Thread(target=assistant.reload, args=(CORPUS,))
    reload.start()
    while reload.is_alive():
        answers.append(assistant.ask(QUESTION))
    reload.join()
    assert answers and all(a.found for a in answers)
    assert len(assistant.documents()) == 44  # the new index is live afterwards


def test_old_generations_are_cleaned_up(tmp_path):
    index = tmp_path / "index"
    assistant = Assistant(settings_for(small_corpus(tmp_path / "small"), index))
    for _ in range(3):
        assistant.reload()
    assert len(list(index.glob("gen-*"))) == 2
    assert not list(index.glob("old-*"))


def test_bad_files_are_reported_and_do_not_damage_the_index(tmp_path):
    corpus = small_corpus(tmp_path / "corpus")
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "junk.txt").write_bytes(os.urandom(4096))
    (corpus / "fake.docx").write_bytes(b"this is not a zip")
    (corpus / "vni.txt").write_bytes("Keá hoaïch cuûa UÛy ban nhaân daân tænh".encode("cp1252"))
    (corpus / "big.txt").write_bytes(b"a" * (101 * 1024 * 1024))
    report = load_corpus(corpus)
    assert set(report.failures) == {"empty.txt", "junk.txt", "fake.docx", "vni.txt", "big.txt"}
    assert all(report.user_failures.values())
    assistant = Assistant(settings_for(corpus, tmp_path / "index"))
    result = assistant.reload()
    assert result.documents == 2 and set(result.failures) == set(report.failures)
    assert assistant.ask(QUESTION).found


def test_a_huge_question_or_markup_in_it_is_handled(tmp_path):
    assistant = Assistant(settings_for(small_corpus(tmp_path / "small"), tmp_path / "index"))
    assistant.reload()
    long_answer = assistant.ask("ai chủ trì " * 5000)
    assert long_answer.latency_ms >= 0 and len(long_answer.question) <= 2000
    html = assistant.ask("<b>Ai</b> được giao chủ trì theo dõi, đôn đốc **Kế hoạch 78/KH-UBND**? <script>x</script>")
    assert html.found and html.citations[0].doc_number == "78/KH-UBND"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([
    "KẾ HOẠCH", "Số 12-NQ/TU", "I- MỤC TIÊU", "1. Nội dung", "2.1- Giao Sở Tài chính chủ trì, phối hợp với Sở Y tế",
    "TT\tNội dung\tCơ quan chủ trì", "1\tViệc a\tBan Tổ chức Tỉnh ủy", "\tnối tiếp\t", "Nơi nhận:", "T/M TỈNH ỦY",
    "Nguyễn Văn A", "PHỤ LỤC", "(Kèm theo Kế hoạch số 5-KH/TU ngày 1/2/2023)", "¹ chú thích", "a) điểm", "- gạch đầu dòng",
    "**đậm**", "<i>nghiêng</i>", "", "x" * 300,
]), max_size=40), st.text(max_size=200))  # fmt: skip
def test_parser_never_crashes_on_shuffled_document_parts(lines, noise):
    docs = parse_text("\n".join(lines) + "\n" + noise, "fuzz.txt")
    for doc in docs:
        assert doc.meta.id
        for section in doc.walk_sections():
            assert section.path == [*section.path[:-1], section.label] or not section.label


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=2000))
def test_parser_never_crashes_on_any_text(text):
    parse_text(text, "fuzz.txt")


# ---------------------------------------------------------------- Chroma server mode


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    executable = Path(sys.executable).with_name("chroma")
    if not executable.exists():
        pytest.fail("the chroma console script of the chromadb wheel is missing")
    port = _free_port()
    process = subprocess.Popen(
        [str(executable), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    with httpx.Client(trust_env=False) as client:
        while True:
            try:
                if client.get(f"http://127.0.0.1:{port}/api/v2/heartbeat").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "chroma run did not start"
            time.sleep(0.2)
    yield port
    process.terminate()
    process.wait(timeout=20)


def test_server_mode_ingest_ask_and_reload(tmp_path, chroma_server):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    corpus = small_corpus(tmp_path / "small")
    index = tmp_path / "index"
    first = Assistant(settings_for(corpus, index, chroma_host="127.0.0.1", chroma_port=chroma_server))
    first.reload()
    assert first.ask(QUESTION).found
    assert not list(index.glob("gen-*/chroma"))  # vectors live in the server, not beside the index

    # a second process (another bot) shares the server and the index folder
    second = Assistant(settings_for(corpus, index, chroma_host="127.0.0.1", chroma_port=chroma_server))
    assert second.ask(QUESTION).citations[0].doc_number == "78/KH-UBND"
    first.reload()
    first.reload()
    assert second.refresh_if_stale()
    assert second.ask(QUESTION).found

    client = chromadb.HttpClient(
        host="127.0.0.1", port=chroma_server, settings=ChromaSettings(anonymized_telemetry=False)
    )
    names = sorted(c.name for c in client.list_collections())
    assert len(names) == 2 and all(n.startswith("vanban-gen-") for n in names)  # older ones dropped
