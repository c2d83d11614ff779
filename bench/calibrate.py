"""Choosing the coverage threshold below which a candidate answer is declined, by cross-validation.

`python -m bench.calibrate [--write]` answers every question of every set (the gold sets of ../shared/eval and
the rewording and held-out sets of bench/questions) with the threshold at 0, so each question's best candidate
and its coverage are seen; a candidate is right when score.py would count it right. For a threshold t a question
scores when it is answerable and its candidate is right and covers ≥ t, or unanswerable and its candidate
covers < t (or there is none). The threshold is chosen leaving one set out at a time: the value that scores
best on the other sets is scored on the one left out, so the figure reported for a set never saw that set.
It prints the threshold each fold chose, the held-out scores, and the margins: how many right answers and
how many unanswerable questions lie within 0.05 of the chosen value.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.report import SHARED, replace_section
from retrieval.assistant import Assistant
from retrieval.settings import PROJECT_ROOT, Settings

QUESTIONS = PROJECT_ROOT / "bench" / "questions"
SETS = (
    ("dev", SHARED / "eval" / "dev.jsonl", "corpus"),
    ("rewordings", QUESTIONS / "rewordings.jsonl", "corpus"),
    ("heldout-own", QUESTIONS / "heldout-own-corpus.jsonl", "corpus"),
    ("dev-external", SHARED / "eval" / "dev-external.jsonl", "corpus-dev"),
    ("rewordings-external", QUESTIONS / "rewordings-external.jsonl", "corpus-dev"),
    ("heldout-own-dev", QUESTIONS / "heldout-own-corpus-dev.jsonl", "corpus-dev"),
)
CORPORA = {"corpus": SHARED / "corpus", "corpus-dev": SHARED / "corpus-dev" / "txt"}
GRID = [round(0.20 + 0.01 * i, 2) for i in range(51)]  # 0.20 … 0.70
MARGIN = 0.05


@dataclass(frozen=True)
class Case:
    set_name: str
    answerable: bool
    right: bool  # the candidate holds the expected strings and cites the gold item
    coverage: float  # 0 when there is no candidate at all
    sure: bool  # a named item or an agency's own tasks: never declined by coverage


def _score_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def cases(assistants: dict[str, Assistant]) -> list[Case]:
    score = _score_module()
    out: list[Case] = []
    for name, gold_path, corpus in SETS:
        assistant = assistants[corpus]
        for gold in score.load_jsonl(gold_path):
            answer = assistant.ask(gold["question"])
            cits = [c.model_dump() for c in answer.citations]
            answerable = gold["kind"] != "no_answer"
            right = False
            if answerable and answer.found and cits:
                text = score.fold(answer.answer)
                holds = all(score.holds(text, e) for e in gold["expected"])
                right = holds and score.doc_matches(gold["doc"], cits[0]) and score.item_matches(gold.get("item"), cits[0])
            candidate = answer.found or answer.confidence > 0
            sure = answer.found and answer.confidence >= 1.0
            out.append(Case(name, answerable, right, answer.confidence if candidate else 0.0, sure))
    return out


def accuracy(group: list[Case], t: float) -> float:
    def scores(c: Case) -> bool:
        kept = c.sure or c.coverage >= t
        return (c.right and kept) if c.answerable else not kept

    return sum(scores(c) for c in group) / len(group) if group else 0.0


def choose(group: list[Case]) -> float:
    """The threshold that scores best; of equally good ones, the middle of the best run (the widest margin)."""
    best = max(accuracy(group, t) for t in GRID)
    run = [t for t in GRID if accuracy(group, t) == best]
    return run[len(run) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the figures into docs/benchmarks.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        assistants = {}
        for corpus, folder in CORPORA.items():
            assistant = Assistant(Settings(corpus_dir=folder, index_dir=Path(tmp) / corpus, _env_file=None))
            assistant.reload()
            assistant.live.composer.min_coverage = 0.0
            assistants[corpus] = assistant
        found = cases(assistants)
    lines = ["| set left out | n | threshold chosen on the others | held-out score at it | at 0.45 |", "|---|---|---|---|---|"]
    chosen: list[float] = []
    for name, _, _ in SETS:
        rest = [c for c in found if c.set_name != name]
        held = [c for c in found if c.set_name == name]
        t = choose(rest)
        chosen.append(t)
        lines.append(f"| {name} | {len(held)} | {t:.2f} | {accuracy(held, t):.3f} | {accuracy(held, 0.45):.3f} |")
    overall = choose(found)
    near_right = sum(1 for c in found if c.answerable and c.right and not c.sure and abs(c.coverage - overall) < MARGIN)
    near_none = sum(1 for c in found if not c.answerable and abs(c.coverage - overall) < MARGIN)
    right = [c.coverage for c in found if c.answerable and c.right and not c.sure]
    none = [c.coverage for c in found if not c.answerable and c.coverage > 0]
    lines += [
        "",
        f"Threshold on all sets: {overall:.2f} (folds chose {min(chosen):.2f}–{max(chosen):.2f}); "
        f"score on all sets {accuracy(found, overall):.3f}.",
        f"Margins: {near_right} right answers and {near_none} unanswerable questions lie within ±{MARGIN} of it; "
        f"coverage of right answers median {statistics.median(right):.2f} (lowest decile "
        f"{sorted(right)[len(right) // 10]:.2f}), of unanswerable questions' candidates median "
        f"{statistics.median(none) if none else 0:.2f} (highest decile {sorted(none)[-max(1, len(none) // 10)] if none else 0:.2f}).",
    ]
    print("\n".join(lines))
    if args.write:
        replace_section("Declining threshold", ["`python -m bench.calibrate --write`", "", *lines])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
