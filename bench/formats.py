"""Dev-set quality with the sample corpus as text, Word, PDF and scan: what is lost reading each format.

    .venv/bin/python -m bench.formats [--formats txt,docx,pdf,scan] [--dir var/formats] [--write]

The Word, PDF and scan forms are made (or brought up to date) by bench.convert in --dir. For each format the
product builds its index from that folder (in this process, timed) and answers the gold questions through
`vanban ask --jsonl` on that index; the gold set's score.py scores them, with the text corpus and the words of
its Word forms as the reference for quote fidelity (the quotes must be the documents' words whatever file they
came from; the text files' ** and * marks are not in the other forms). Targets (issue 12):
docx and pdf within 0.03 strict of txt, scans at least 0.80. `--write` puts the figures in docs/benchmarks.md
under "Formats". Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from retrieval.assistant import Assistant
from retrieval.documents import load_corpus
from retrieval.settings import PROJECT_ROOT, Settings, get_settings

from .convert import WORD_TEXT, convert_corpus
from .report import SHARED, replace_section, run_score, score_table

FORMATS = ("txt", "docx", "pdf", "scan")
DEFAULT_DIR = PROJECT_ROOT / "var" / "formats"
TARGETS = {"docx": "within 0.03 of txt", "pdf": "within 0.03 of txt", "scan": "≥ 0.80"}
METRICS = ("strict", "answer", "doc", "item", "hit5", "fidelity")


@dataclass
class FormatRun:
    name: str
    folder: Path
    files: int  # files the parser read
    refused: dict[str, str]  # file → reason
    documents: int
    chunks: int
    parse_s: float
    build_s: float
    score_output: str
    scores: dict[str, dict[str, float]] = field(default_factory=dict)
    build_error: str = ""  # the index could not be built: nothing was answered

    @property
    def strict(self) -> float:
        return self.scores.get("all", {}).get("strict", float("nan"))


def ask_through_cli(questions: list[dict], corpus: Path, index: Path) -> list[dict]:
    """The answers of `vanban ask --jsonl` over an index already built, one per question, as the contract says."""
    env = {**os.environ, "CORPUS_DIR": str(corpus), "INDEX_DIR": str(index), "LOG_LEVEL": "WARNING"}
    payload = "".join(
        json.dumps({"id": q["id"], "question": q["question"]}, ensure_ascii=False) + "\n" for q in questions
    )
    proc = subprocess.run(
        [sys.executable, "-m", "retrieval.cli", "ask", "--jsonl"],
        input=payload, capture_output=True, text=True, env=env, cwd=index.parent, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        raise SystemExit(f"vanban ask --jsonl failed on {corpus}:\n{proc.stderr[-3000:]}")
    return [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]


def run_format(name: str, folder: Path, gold: Path, quotes_in: Path) -> FormatRun:
    questions = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    started = time.perf_counter()
    report = load_corpus(folder)
    parse_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix=f"vanban-{name}-") as tmp:
        index = Path(tmp) / "index"
        started = time.perf_counter()
        documents = chunks = 0
        error = ""
        try:
            built = Assistant(Settings(corpus_dir=folder, index_dir=index, _env_file=None)).reload()
            documents, chunks = built.documents, built.chunks
        except Exception as exc:  # a format the product cannot index at all is a figure, not the end of the run
            error = f"{type(exc).__name__}: {exc}"
        build_s = time.perf_counter() - started
        answers = ask_through_cli(questions, folder, index) if documents else []
    output = (
        run_score(gold, quotes_in, answers) if answers else f"no index ({error or 'no document'}): nothing answered\n"
    )
    refused = {file: reason.removeprefix(f"{file}: ") for file, reason in report.failures.items()}
    return FormatRun(
        name, folder, len(report.files), refused, documents, chunks, parse_s, build_s,
        output, score_table(output), error,
    )  # fmt: skip


def quote_reference(corpus: Path, word_text: Path, target: Path) -> Path:
    """A folder holding the text corpus and the words of its Word forms: a quote is verbatim when it stands in
    either (the text files' ** and * marks and page-cut rows are not in the Word, PDF or scan forms)."""
    target.mkdir(parents=True, exist_ok=True)
    for prefix, folder in (("txt", corpus), ("word", word_text)):
        for path in sorted(folder.glob("*.txt")) if folder.is_dir() else []:
            (target / f"{prefix}-{path.name}").symlink_to(path.resolve())
    return target


def summary_lines(run: FormatRun, base: FormatRun | None) -> list[str]:
    lines = [
        f"{run.name}: {run.folder}",
        f"  files read {run.files}, refused {len(run.refused)}, documents {run.documents}, chunks {run.chunks}; "
        f"parse {run.parse_s:.2f} s, index build {run.build_s:.1f} s",
    ]
    lines += [f"  refused {name}: {reason}" for name, reason in run.refused.items()]
    lines += ["  " + line for line in run.score_output.rstrip().splitlines()]
    if base is not None and run is not base and run.scores and base.scores:
        target = TARGETS.get(run.name, "")
        lines.append(
            f"  strict {run.strict:.3f} - txt {base.strict:.3f} = {run.strict - base.strict:+.3f} (target {target})"
        )
    return lines


def _cell(value: float | None, digits: int = 3) -> str:
    return "–" if value is None or value != value else f"{value:.{digits}f}"


def markdown(runs: list[FormatRun], command: str) -> list[str]:
    base = next((r for r in runs if r.name == "txt"), None)
    lines = [
        f"`{command}` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. The sample corpus converted by `bench.convert`",
        "(Word with real tables and merged cells; PDF from that Word file by LibreOffice; a 200 dpi grey scan of that",
        "PDF with no text layer), indexed by the product and scored on `dev.jsonl` through `vanban ask --jsonl`; quote",
        "fidelity is checked against the text corpus and the words of its Word forms (without the text files' `**`/`*`",
        "marks). Targets: docx and pdf within 0.03 strict of txt, scans ≥ 0.80.",
        "",
        "| format | files read | refused | documents | parse (s) | build (s) | strict | answer | doc | item | hit5 "
        "| fidelity | strict − txt |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        a = r.scores.get("all", {})
        delta = f"{r.strict - base.strict:+.3f}" if base and r is not base and a else "–"
        lines.append(
            f"| {r.name} | {r.files} | {len(r.refused)} | {r.documents} | {r.parse_s:.2f} | {r.build_s:.1f} | "
            + " | ".join(_cell(a.get(m)) for m in METRICS)
            + f" | {delta} |"
        )
    kinds = [k for k in (base or runs[0]).scores if k != "all"]
    lines += ["", "Strict per kind:", "", "| kind | n | " + " | ".join(r.name for r in runs) + " |"]
    lines.append("|---|---|" + "---|" * len(runs))
    for kind in kinds:
        n = int((base or runs[0]).scores[kind]["n"])
        lines.append(
            f"| {kind} | {n} | " + " | ".join(_cell(r.scores.get(kind, {}).get("strict")) for r in runs) + " |"
        )
    unbuilt = [f"- {r.name}: no index, nothing answered ({r.build_error})" for r in runs if r.build_error]
    if unbuilt:
        lines += ["", *unbuilt]
    refused = [f"- {r.name}: {name}: {reason}" for r in runs for name, reason in r.refused.items()]
    if refused:
        lines += ["", "Files refused:", "", *refused]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated, of " + ", ".join(FORMATS))
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="where bench.convert keeps docx/, pdf/, scan/")
    parser.add_argument("--corpus", type=Path, default=get_settings().corpus_dir, help="the sample .txt corpus")
    parser.add_argument("--gold", type=Path, default=SHARED / "eval" / "dev.jsonl")
    parser.add_argument("--write", action="store_true", help="put the figures in docs/benchmarks.md under Formats")
    args = parser.parse_args()
    names = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = sorted(set(names) - set(FORMATS))
    if unknown:
        parser.error(f"unknown formats {unknown}; choose from {', '.join(FORMATS)}")
    if set(names) - {"txt"}:
        convert_corpus(args.corpus, args.dir)
    runs: list[FormatRun] = []
    base: FormatRun | None = None
    with tempfile.TemporaryDirectory(prefix="vanban-quotes-") as tmp:
        quotes_in = quote_reference(args.corpus, args.dir / WORD_TEXT, Path(tmp))
        for name in names:
            folder = args.corpus if name == "txt" else args.dir / name
            run = run_format(name, folder, args.gold, quotes_in)
            base = run if name == "txt" else base
            runs.append(run)
            print("\n".join(summary_lines(run, base)), flush=True)
    if args.write:
        command = ".venv/bin/python -m bench.formats" + (f" --formats {args.formats}" if names != list(FORMATS) else "")
        replace_section("Formats", markdown(runs, command + " --write"))
        print(f"wrote the Formats section of {PROJECT_ROOT / 'docs' / 'benchmarks.md'}")


if __name__ == "__main__":
    main()
