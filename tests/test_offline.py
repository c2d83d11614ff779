"""Nothing downloads at run time: ingest and ask succeed in a network namespace with no network at all."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"


def test_ingest_and_ask_without_any_network(tmp_path):
    unshare = shutil.which("unshare")
    if unshare is None or subprocess.run([unshare, "-n", "true"], capture_output=True).returncode != 0:
        pytest.skip("cannot make a network namespace here (needs util-linux unshare and root)")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "tuyen-quang-ctr-hanh-dong-nq43.txt", corpus)
    env = {**os.environ, "CORPUS_DIR": str(corpus), "INDEX_DIR": str(tmp_path / "index"), "HOME": str(tmp_path)}
    question = "ai chu tri giam sat kien nghi cu tri theo CTr 55?"
    result = subprocess.run(
        [unshare, "-n", sys.executable, "-m", "retrieval.cli", "ask", question],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Chủ trì: Đảng đoàn HĐND tỉnh" in result.stdout
    assert "55-CTr/TU" in result.stdout
    # and no model or data file was fetched into a cache
    assert not list(tmp_path.glob(".cache/**/*.onnx"))
