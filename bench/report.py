"""What the benchmarks share: scoring with the gold set's score.py, and docs/benchmarks.md, where each
benchmark owns one section and leaves the rest."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from retrieval.settings import PROJECT_ROOT

BENCHMARKS = PROJECT_ROOT / "docs" / "benchmarks.md"
# ../shared beside the checkout; a git worktree under wt/ finds it one level further up
SHARED = next(
    (p / "shared" for p in PROJECT_ROOT.parents if (p / "shared" / "eval").is_dir()), PROJECT_ROOT.parent / "shared"
)
# sections other benchmarks write; bench.compare --write, which rewrites the file, keeps them
KEPT_SECTIONS = (
    "Load through the bot", "Flood from one user", "Formats", "Parse time per format", "Metadata of real documents",
    "Register", "Declining threshold", "Question sets", "Incremental builds",
)  # fmt: skip


def replace_section(heading: str, body: list[str], path: Path = BENCHMARKS) -> None:
    """Put `## heading` with `body` in the file, replacing that section if it is there, else appending it."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    lines = text.rstrip("\n").split("\n")
    title = f"## {heading}"
    start = next((i for i, line in enumerate(lines) if line.strip() == title), None)
    block = [title, "", *body]
    if start is None:
        lines += ["", *block]
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        lines[start:end] = [*block, ""] if end < len(lines) else block
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")


def section(heading: str, path: Path = BENCHMARKS) -> list[str]:
    """The body of `## heading` as it stands, or nothing."""
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").split("\n")
    title = f"## {heading}"
    if title not in (line.strip() for line in lines):
        return []
    start = [line.strip() for line in lines].index(title)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return lines[start + 2 : end]


def run_score(gold: Path, corpus: Path, answers: list[dict]) -> str:
    """The gold set's own score.py on answers in the contract's shape: its whole printed table."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as out:
        out.writelines(json.dumps(a, ensure_ascii=False) + "\n" for a in answers)
    proc = subprocess.run(
        [sys.executable, str(gold.parent / "score.py"), "--gold", str(gold), "--corpus", str(corpus), "--answers", out.name],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    Path(out.name).unlink()
    return proc.stdout


def score_table(output: str) -> dict[str, dict[str, float]]:
    """score.py's printed table as numbers: one entry per kind (n, strict, answer, doc, item, hit5) and "all"
    from its summary line (strict ... fidelity, noans, p50, p95, n)."""
    table: dict[str, dict[str, float]] = {}
    columns: list[str] = []
    for line in output.splitlines():
        parts = line.split()
        if parts[:2] == ["kind", "n"]:
            columns = parts[1:]
        elif line.startswith("strict="):
            summary = dict(item.split("=") for item in parts)
            table["all"] = {k: float(v.removesuffix("ms")) for k, v in summary.items()}
        elif columns and len(parts) == len(columns) + 1 and all(_number(p) for p in parts[1:]):
            table[parts[0]] = dict(zip(columns, map(float, parts[1:]), strict=True))
    return table


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False  # "wall time for the whole command: 5.6s" has as many words as a row
    return True
