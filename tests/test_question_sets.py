"""The question sets kept in bench/questions/ stay sound: the checker accepts them and rejects a damaged copy."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from retrieval.settings import PROJECT_ROOT

QUESTIONS = PROJECT_ROOT / "bench" / "questions"


def run_check(*args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "bench.questions.check", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if result.returncode == 2:
        pytest.skip(f"shared eval material not available: {result.stderr.strip()}")
    return result


def test_question_sets_pass_the_checker() -> None:
    result = run_check()
    assert result.returncode == 0, result.stderr
    assert "0 problem(s)" in result.stdout
    assert "rewordings.jsonl" in result.stdout and "heldout-own-corpus-dev.jsonl" in result.stdout


def rewrite_line(path: Path, identifier: str, **changes: object) -> None:
    lines = [json.loads(raw) for raw in path.read_text(encoding="utf-8").splitlines() if raw.strip()]
    for line in lines:
        if line["id"] == identifier:
            line.update(changes)
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")


def test_checker_rejects_accents_in_wording_b_and_invented_evidence(tmp_path: Path) -> None:
    for path in QUESTIONS.glob("*.jsonl"):
        shutil.copy(path, tmp_path / path.name)
    rewrite_line(tmp_path / "rewordings.jsonl", "rw-bg-001-b", question="ai chủ trì đề án công an xã")
    held = [json.loads(raw) for raw in (tmp_path / "heldout-own.jsonl").read_text(encoding="utf-8").splitlines()]
    answerable = next(x for x in held if x["kind"] != "no_answer")
    rewrite_line(tmp_path / "heldout-own.jsonl", answerable["id"], evidence="Câu này không có trong văn bản nào.")

    result = run_check("--questions", str(tmp_path))

    assert result.returncode == 1
    assert "rw-bg-001-b: wording b must be typed without diacritics" in result.stderr
    assert f"{answerable['id']}: evidence is not verbatim in the source" in result.stderr
    assert "heldout-own-corpus" in result.stderr  # the split files no longer match
