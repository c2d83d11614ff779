"""Dev-set quality with each offline embedding candidate, lexical only, and both fusions.

    .venv/bin/python -m bench.embeddings [--gold ../shared/eval/dev.jsonl]

Each configuration builds its own index in a temporary folder, answers the gold questions in process,
and is scored by the gold set's own score.py. Candidates whose package is missing are skipped.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from retrieval.assistant import Assistant
from retrieval.cli import _contract
from retrieval.embeddings import make_embedder
from retrieval.settings import PROJECT_ROOT, Settings, get_settings

from .report import run_score

CONFIGS = [
    ("lexical only (BM25)", "hashing", 0.0, "weighted"),
    ("hashing n-grams, weighted 0.3", "hashing", 0.3, "weighted"),
    ("hashing n-grams, RRF", "hashing", 0.3, "rrf"),
    ("tokenlearn-static-model, weighted 0.3", "static", 0.3, "weighted"),
    ("wordllama, weighted 0.3", "wordllama", 0.3, "weighted"),
    ("hashing n-grams alone", "hashing", 1.0, "weighted"),
    ("tokenlearn-static-model alone", "static", 1.0, "weighted"),
]


def score(gold: Path, corpus: Path, answers: list[dict]) -> str:
    return run_score(gold, corpus, answers).strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gold", type=Path, default=PROJECT_ROOT.parent / "shared" / "eval" / "dev.jsonl")
    args = parser.parse_args()
    corpus = get_settings().corpus_dir
    gold = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    print(f"{'configuration':40} summary")
    for label, kind, weight, fusion in CONFIGS:
        try:
            embedder = make_embedder(kind)
        except ImportError as exc:
            print(f"{label:40} skipped ({exc.name} not installed)")
            continue
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(
                corpus_dir=corpus,
                index_dir=Path(tmp),
                search_vector_weight=weight,
                search_fusion=fusion,
                _env_file=None,
            )
            assistant = Assistant(settings, embedder)
            assistant.reload()
            answers = [_contract(g["id"], assistant.ask(g["question"])) for g in gold]
        print(f"{label:40} {score(args.gold, corpus, answers)}", flush=True)


if __name__ == "__main__":
    main()
