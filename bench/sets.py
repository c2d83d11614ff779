"""Every question set, per kind: the gold sets of ../shared/eval and our own rewordings and held-out questions.

    .venv/bin/python -m bench.sets [--write]

Builds one index of the sample corpus and one of corpus-dev's text files (each with `vanban ingest`), then lets
each gold set's score.py put its questions to `vanban ask --jsonl`. `--write` puts the tables in
docs/benchmarks.md under "Question sets". Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from retrieval.settings import PROJECT_ROOT

from .report import SHARED, replace_section, score_table

QUESTIONS = PROJECT_ROOT / "bench" / "questions"
KINDS = ("lead_agency", "cooperating", "deadline", "agency_tasks", "content", "doc_lookup", "no_answer")
SUMMARY = ("strict", "answer", "doc", "item", "hit5", "fidelity", "noans", "p95")


@dataclass(frozen=True)
class QuestionSet:
    name: str
    gold: Path
    corpus: str  # "sample" or "dev"


SETS = (
    QuestionSet("dev.jsonl", SHARED / "eval" / "dev.jsonl", "sample"),
    QuestionSet("rewordings.jsonl (ours)", QUESTIONS / "rewordings.jsonl", "sample"),
    QuestionSet("heldout-own-corpus.jsonl (ours)", QUESTIONS / "heldout-own-corpus.jsonl", "sample"),
    QuestionSet("dev-external.jsonl", SHARED / "eval" / "dev-external.jsonl", "dev"),
    QuestionSet("rewordings-external.jsonl (ours)", QUESTIONS / "rewordings-external.jsonl", "dev"),
    QuestionSet("heldout-own-corpus-dev.jsonl (ours)", QUESTIONS / "heldout-own-corpus-dev.jsonl", "dev"),
)
CORPORA = {"sample": SHARED / "corpus", "dev": SHARED / "corpus-dev" / "txt"}


def _vanban() -> str:
    return str(Path(sys.executable).with_name("vanban"))


def _ingest(corpus: Path, index: Path) -> None:
    env = {**os.environ, "INDEX_DIR": str(index)}
    subprocess.run([_vanban(), "ingest", str(corpus)], env=env, check=True, capture_output=True)


def _score(qset: QuestionSet, index: Path) -> dict[str, dict[str, float]]:
    env = {**os.environ, "INDEX_DIR": str(index)}
    score = qset.gold.parent / "score.py" if (qset.gold.parent / "score.py").exists() else SHARED / "eval" / "score.py"
    command = [sys.executable, str(score), "--gold", str(qset.gold), "--corpus", str(CORPORA[qset.corpus])]
    done = subprocess.run([*command, "--", _vanban(), "ask", "--jsonl"], env=env, capture_output=True, text=True)
    return score_table(done.stdout)


def _tables(results: dict[str, dict[str, dict[str, float]]]) -> list[str]:
    names = list(results)
    lines = ["Strict per kind (n in brackets):", "", "| kind | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for kind in KINDS:
        cells = []
        for name in names:
            row = results[name].get(kind)
            cells.append(f"{row['strict']:.3f} ({row['n']:.0f})" if row else "–")
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    lines += ["", "| set | " + " | ".join(SUMMARY) + " | n |", "|---" * (len(SUMMARY) + 2) + "|"]
    for name in names:
        summary = results[name].get("all", {})
        cells = [f"{summary[m]:.3f}" if m in summary and m != "p95" else f"{summary.get(m, 0):.0f} ms" for m in SUMMARY]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {summary.get('n', 0):.0f} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.sets", description=__doc__)
    parser.add_argument("--write", action="store_true", help="write the tables into docs/benchmarks.md")
    args = parser.parse_args(argv)
    results: dict[str, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        indexes = {name: Path(tmp) / name for name in CORPORA}
        for name, corpus in CORPORA.items():
            _ingest(corpus, indexes[name])
        for qset in SETS:
            results[qset.name] = _score(qset, indexes[qset.corpus])
            print(qset.name, {m: results[qset.name].get("all", {}).get(m) for m in SUMMARY}, flush=True)
    lines = _tables(results)
    print("\n".join(lines))
    if args.write:
        stamp = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
        intro = [
            f"`.venv/bin/python -m bench.sets --write` on {stamp}. The sample corpus answers dev.jsonl and our own",
            "rewordings and held-out questions of it; corpus-dev's text files answer dev-external.jsonl and ours of",
            "them. The dev sets were used while developing: the held-out sets of ../shared/eval judge the product.",
            "",
        ]
        replace_section("Question sets", intro + lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
