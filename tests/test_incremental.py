"""Incremental builds: only new and changed files are parsed, answers follow the change, `--full` rereads
everything, `vanban remove` takes a document out without losing its file, and a build that fails (a killed
process, a disk that will not take more) leaves the live index serving."""

from __future__ import annotations

import dataclasses
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from retrieval.assistant import Assistant
from retrieval.chunks import document_chunks
from retrieval.documents import read_and_parse
from retrieval.index import current_generation, load_index
from retrieval.lexical import LexicalIndex, TokenArrays
from retrieval.settings import Settings

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
SMALL = ["tuyen-quang-ket-luan-hoi-nghi-bch-lan-10.txt", "tuyen-quang-ubnd-ke-hoach-khac-phuc-2023.txt"]
BOOKLET = "bac-giang-van-ban-nhiem-ky-2020-2025.txt"
Q78 = "Ai được giao chủ trì theo dõi, đôn đốc việc triển khai Kế hoạch 78/KH-UBND?"
Q99 = "Ai chủ trì xây dựng vườn ươm cây dược liệu quý theo 99/KH-UBND?"
PLAN_99 = """ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG

Số: 99/KH-UBND

Tuyên Quang, ngày 05 tháng 3 năm 2024

KẾ HOẠCH

Phát triển vườn ươm cây dược liệu quý trên địa bàn tỉnh năm 2024

I. MỤC ĐÍCH, YÊU CẦU

1. Bảo tồn và phát triển nguồn gen cây dược liệu quý của tỉnh.

II. NHIỆM VỤ, GIẢI PHÁP

1. Giao {lead} chủ trì, phối hợp với Sở Tài chính xây dựng vườn ươm cây dược liệu quý tại huyện Na Hang, \
hoàn thành trước ngày 30/11/2024.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Nguyễn Văn Sơn
"""
AGRICULTURE = "Sở Nông nghiệp và Phát triển nông thôn"
SCIENCE = "Sở Khoa học và Công nghệ"


def small_corpus(folder: Path, names: list[str] = SMALL) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(CORPUS / name, folder / name)
    return folder


def cli(corpus: Path, index: Path, *args: str, limit_file_bytes: int | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, "CORPUS_DIR": str(corpus), "INDEX_DIR": str(index)}

    def limit() -> None:  # a disk that takes no file past this size: writes fail with EFBIG, as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        assert limit_file_bytes is not None
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_bytes, limit_file_bytes))

    return subprocess.run(
        [sys.executable, "-m", "retrieval.cli", *args], env=environment, capture_output=True, text=True,
        timeout=300, preexec_fn=limit if limit_file_bytes else None, check=False,
    )  # fmt: skip


def assistant_for(corpus: Path, index: Path) -> Assistant:
    return Assistant(Settings(corpus_dir=corpus, index_dir=index, _env_file=None))


def lead_of(assistant: Assistant, question: str) -> list[str]:
    answer = assistant.ask(question)
    return answer.assignment.lead if answer.found and answer.assignment else []


def test_only_new_changed_and_removed_files_are_read_again(tmp_path: Path) -> None:
    corpus, index = small_corpus(tmp_path / "corpus"), tmp_path / "index"
    first = cli(corpus, index, "ingest")
    assert first.returncode == 0, first.stderr
    assert "parsed 2 of 2 files, 0 from cache" in first.stdout

    (corpus / "ke-hoach-99.txt").write_text(PLAN_99.format(lead=AGRICULTURE), encoding="utf-8")
    added = cli(corpus, index, "ingest")
    assert "parsed 1 of 3 files, 2 from cache" in added.stdout, added.stdout + added.stderr
    assistant = assistant_for(corpus, index)
    assert lead_of(assistant, Q99) == [AGRICULTURE]
    assert lead_of(assistant, Q78), "the files read from the cache still answer"

    (corpus / "ke-hoach-99.txt").write_text(PLAN_99.format(lead=SCIENCE), encoding="utf-8")
    changed = assistant.reload()
    assert (changed.parsed, changed.cached) == (1, 2)
    assert lead_of(assistant, Q99) == [SCIENCE], "the answer follows the changed file"

    (corpus / SMALL[1]).unlink()
    removed = assistant.reload()
    assert (removed.parsed, removed.cached, removed.removed) == (0, 2, 1)
    assert not any(d.meta.number == "78/KH-UBND" for d in assistant.documents())
    assert not any("78/KH-UBND" in c.doc_number for c in assistant.ask(Q78).citations)

    full = cli(corpus, index, "ingest", "--full")
    assert "parsed 2 of 2 files, 0 from cache (full rebuild)" in full.stdout
    rebuilt = assistant_for(corpus, index)
    assert lead_of(rebuilt, Q99) == [SCIENCE]


def test_an_incremental_generation_equals_a_full_one(tmp_path: Path) -> None:
    corpus, index = small_corpus(tmp_path / "corpus"), tmp_path / "index"
    assistant = assistant_for(corpus, index)
    assistant.reload()
    (corpus / "ke-hoach-99.txt").write_text(PLAN_99.format(lead=AGRICULTURE), encoding="utf-8")
    assistant.reload()
    (corpus / "ke-hoach-99.txt").write_text(PLAN_99.format(lead=SCIENCE), encoding="utf-8")
    assistant.reload()
    incremental = load_index(index, assistant.embedder)

    full_index = tmp_path / "full"
    assistant_for(corpus, full_index).reload(full=True)
    full = load_index(full_index, assistant.embedder)
    assert [c.model_dump() for c in incremental.chunks] == [c.model_dump() for c in full.chunks]
    assert incremental.documents.keys() == full.documents.keys()
    assert incremental.sources == full.sources
    # the copied vector store holds each chunk once: the changed file's old vectors are gone
    assert incremental.vectors.count() == full.vectors.count() == len(full.chunks)
    vector = assistant.embedder.embed_query(Q99)
    mine, theirs = incremental.vectors.query(vector, 5), full.vectors.query(vector, 5)
    assert [cid for cid, _ in mine] == [cid for cid, _ in theirs]
    assert [sim for _, sim in mine] == pytest.approx([sim for _, sim in theirs])
    for text in (Q99, Q78):  # the same BM25 scores to the bit, not merely close
        assert incremental.lexical.scores(text).tolist() == full.lexical.scores(text).tolist()


def test_bm25_from_cached_tokens_scores_as_bm25s_indexing_does() -> None:
    """The build's BM25 (from each file's cached tokens, their order by token cached too) against bm25s's own
    indexing of the same texts, and against the same tokens whose order was not cached (entries written before
    it was): the arrays are the same to the bit, the scores equal bm25s's but for float32 rounding."""
    texts, parts, uncached = [], [], []
    for name in sorted([*SMALL, BOOKLET]):
        docs, _ = read_and_parse(CORPUS / name, name, (CORPUS / name).read_bytes())
        chunk_texts = [c.search_text for d in docs for c in document_chunks(d)]
        texts += chunk_texts
        parts.append(TokenArrays.encode(chunk_texts))
        uncached.append(dataclasses.replace(parts[-1], order=None))
    cached_order, recomputed = LexicalIndex.from_tokens(parts), LexicalIndex.from_tokens(uncached)
    by_bm25s = LexicalIndex.build(texts)
    for key in ("data", "indices", "indptr"):
        assert np.array_equal(cached_order._model.scores[key], recomputed._model.scores[key])
    assert cached_order.size == by_bm25s.size == len(texts)
    for text in (Q99, Q78, "Sở Tài chính phối hợp", "hoan thanh truoc ngay 30/11"):
        ours, theirs = cached_order.scores(text), by_bm25s.scores(text)
        assert ours.max() > 0
        np.testing.assert_allclose(ours, theirs, rtol=1e-5, atol=1e-5)


def test_unreadable_files_are_reported_by_every_build(tmp_path: Path) -> None:
    corpus, index = small_corpus(tmp_path / "corpus"), tmp_path / "index"
    (corpus / "hong.docx").write_bytes(b"this is not a zip archive")
    assistant = assistant_for(corpus, index)
    assert set(assistant.reload().user_failures) == {"hong.docx"}
    again = assistant.reload()
    assert set(again.user_failures) == {"hong.docx"} and again.cached == 2


def test_remove_moves_a_single_document_file_out_and_excludes_one_of_a_booklet(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path / "corpus", [*SMALL, BOOKLET])
    index = tmp_path / "index"
    assert cli(corpus, index, "ingest").returncode == 0

    gone = cli(corpus, index, "remove", "78/KH-UBND")
    assert gone.returncode == 0, gone.stderr
    assert "Đã gỡ khỏi chỉ mục: Kế hoạch số 78/KH-UBND" in gone.stdout
    assert "parsed 0 of 2 files, 2 from cache, 1 removed" in gone.stdout
    assert not (corpus / SMALL[1]).exists()
    (kept,) = (index / ".removed").rglob(SMALL[1])
    assert kept.read_bytes() == (CORPUS / SMALL[1]).read_bytes(), "nothing is lost"

    booklet = cli(corpus, index, "remove", "109-NQ/TU")
    assert booklet.returncode == 0, booklet.stderr
    assert f"Tệp {BOOKLET} vẫn giữ nguyên vì còn 39 văn bản khác" in booklet.stdout
    assert (corpus / BOOKLET).read_bytes() == (CORPUS / BOOKLET).read_bytes()
    numbers = {d.meta.number for d in assistant_for(corpus, index).documents()}
    assert "109-NQ/TU" not in numbers and "111-NQ/TU" in numbers and "78/KH-UBND" not in numbers
    # the exclusion holds in later builds
    assert cli(corpus, index, "ingest").returncode == 0
    assert "109-NQ/TU" not in {d.meta.number for d in assistant_for(corpus, index).documents()}

    unknown = cli(corpus, index, "remove", "111-NQ/T")
    assert unknown.returncode == 1
    assert "Không có văn bản số “111-NQ/T” trong chỉ mục. Số gần giống: 111-NQ/TU," in unknown.stderr
    assert "111-NQ/TU" in {d.meta.number for d in assistant_for(corpus, index).documents()}, "nothing removed"


def test_a_killed_incremental_build_leaves_the_index_serving_and_the_cache_whole(tmp_path: Path) -> None:
    corpus, index = small_corpus(tmp_path / "corpus"), tmp_path / "index"
    assistant_for(corpus, index).reload()
    live = current_generation(index)
    shutil.copy(CORPUS / BOOKLET, corpus / BOOKLET)  # a long parse to be killed in
    environment = {**os.environ, "CORPUS_DIR": str(corpus), "INDEX_DIR": str(index)}
    process = subprocess.Popen(
        [sys.executable, "-m", "retrieval.cli", "ingest"], env=environment,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not [p for p in index.glob("gen-*") if p.name != live]:
        time.sleep(0.01)
    time.sleep(1.0)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert current_generation(index) == live
    assert lead_of(assistant_for(corpus, index), Q78)

    result = assistant_for(corpus, index).reload()
    assert result.cached == 2 and result.parsed == 1
    assert not list((index / "cache").glob(".tmp-*")), "a killed build's half-written entry is removed"


def test_a_build_that_cannot_write_removes_its_folder_and_leaves_the_index_readable(tmp_path: Path) -> None:
    corpus, index = small_corpus(tmp_path / "corpus"), tmp_path / "index"
    assistant_for(corpus, index).reload()
    live = current_generation(index)
    before = sorted(p.name for p in index.iterdir())
    # small files (the lock, a manifest) fit, the chunks of the whole corpus do not: it fails mid-way
    limit = (index / str(live) / "chunks.jsonl").stat().st_size // 2
    failed = cli(corpus, index, "ingest", limit_file_bytes=limit)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Lập chỉ mục thất bại: không ghi được chỉ mục" in failed.stdout
    assert "chỉ mục cũ vẫn dùng được" in failed.stdout
    assert sorted(p.name for p in index.iterdir()) == before, "the half-built generation is gone"
    assert current_generation(index) == live
    # a new process opens the live index and answers; the next build, with room again, succeeds
    reader = cli(corpus, index, "ask", Q78)
    assert reader.returncode == 0 and "78/KH-UBND" in reader.stdout, reader.stderr
    assert cli(corpus, index, "ingest").returncode == 0
    assert current_generation(index) != live
