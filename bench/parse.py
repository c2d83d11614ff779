"""How long parsing takes: the sample corpus (target: under 2 s), and per file format, with the growth when a
folder is parsed 1×, 2× and 4× over (linear parsing keeps the time per copy flat). Prints figures; asserts nothing.

    .venv/bin/python -m bench.parse [--corpus DIR] [--repeat N]
    .venv/bin/python -m bench.parse --formats txt,docx,pdf,scan [--dir var/formats] [--scales 1,2,4] [--write]

With --formats, the Word, PDF and scan forms of the corpus are made first by bench.convert (skipped when up to
date); copies are symbolic links under new names, so the parser reads every copy as a file of its own.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from retrieval.documents import corpus_files, load_corpus, parse_file
from retrieval.readers import UnreadableFile
from retrieval.settings import PROJECT_ROOT, get_settings

from .convert import convert_corpus
from .report import replace_section

FORMATS = ("txt", "docx", "pdf", "scan")
DEFAULT_DIR = PROJECT_ROOT / "var" / "formats"
MB = 1024 * 1024


@dataclass
class FileType:
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    documents: int = 0
    refused: int = 0


@dataclass
class FormatParse:
    name: str
    types: dict[str, FileType]  # by file suffix
    scaled: dict[int, float] = field(default_factory=dict)  # copies → best load_corpus time (s)

    @property
    def bytes(self) -> int:
        return sum(t.bytes for t in self.types.values())


def time_corpus(folder: Path, repeat: int) -> float:
    """Best wall time of load_corpus over the folder (the whole parse, duplicate-id pass included)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        load_corpus(folder)
        times.append(time.perf_counter() - started)
    return min(times)


def per_type(folder: Path, echo: bool) -> dict[str, FileType]:
    """Each file parsed alone and timed; summed per file type."""
    types: dict[str, FileType] = defaultdict(FileType)
    for path in corpus_files(folder):
        kind = types[path.suffix.lower()]
        started = time.perf_counter()
        try:
            found = len(parse_file(path))
            outcome = f"{found} documents"
        except UnreadableFile as exc:
            found = 0
            kind.refused += 1
            outcome = f"refused: {exc}"
        seconds = time.perf_counter() - started
        kind.files += 1
        kind.bytes += path.stat().st_size
        kind.seconds += seconds
        kind.documents += found
        if echo:
            print(f"    {path.name}: {path.stat().st_size / MB:.2f} MB, {seconds:.3f} s, {outcome}", flush=True)
    return dict(types)


def copies(folder: Path, target: Path, factor: int) -> Path:
    """The folder's files `factor` times over, as links named copyNN-…"""
    target.mkdir(parents=True)
    for path in corpus_files(folder):
        for k in range(factor):
            (target / (path.name if k == 0 else f"copy{k:02d}-{path.name}")).symlink_to(path.resolve())
    return target


def measure_format(name: str, folder: Path, scales: list[int], repeat: int) -> FormatParse:
    """Per-type times, then the folder at each scale; the scales take turns in every round so a change of load
    on a shared machine falls on all of them, and the best round of each is kept."""
    print(f"{name}: {folder}", flush=True)
    result = FormatParse(name, per_type(folder, echo=True))
    with tempfile.TemporaryDirectory(prefix=f"vanban-parse-{name}-") as tmp:
        folders = {f: folder if f == 1 else copies(folder, Path(tmp) / f"x{f}", f) for f in scales}
        for _ in range(repeat):
            for factor, scaled in folders.items():
                seconds = time_corpus(scaled, 1)
                result.scaled[factor] = min(seconds, result.scaled.get(factor, seconds))
        for factor in scales:
            print(f"  {factor}×: {result.scaled[factor]:.3f} s", flush=True)
    return result


def format_lines(results: list[FormatParse]) -> list[str]:
    lines = [
        "| format | file type | files | MB | documents | refused | parse (s) | s per MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        for suffix, t in sorted(r.types.items()):
            per_mb = t.seconds / (t.bytes / MB) if t.bytes else float("nan")
            lines.append(
                f"| {r.name} | {suffix} | {t.files} | {t.bytes / MB:.2f} | {t.documents} | {t.refused} | "
                f"{t.seconds:.2f} | {per_mb:.3f} |"
            )
    scales = sorted({f for r in results for f in r.scaled})
    lines += ["", "| format | " + " | ".join(f"{f}× (s)" for f in scales) + " | growth (time ÷ copies ÷ 1× time) |"]
    lines.append("|---|" + "---|" * (len(scales) + 1))
    for r in results:
        base = r.scaled.get(1)
        growth = ", ".join(
            f"{f}×: {r.scaled[f] / f / base:.2f}" for f in scales if f != 1 and f in r.scaled and base
        )  # fmt: skip
        cells = " | ".join(f"{r.scaled[f]:.3f}" if f in r.scaled else "–" for f in scales)
        lines.append(f"| {r.name} | {cells} | {growth or '–'} |")
    return lines


def sample_corpus(corpus: Path, repeat: int) -> None:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        report = load_corpus(corpus)
        times.append(time.perf_counter() - started)
    docs = report.documents
    print(f"corpus: {corpus} ({len(report.files)} files, {sum(p.stat().st_size for p in corpus.glob('*'))} bytes)")
    print(
        f"documents: {len(docs)}, sections: {sum(d.section_count for d in docs)}, "
        f"table rows: {sum(len(t.rows) for d in docs for t in d.tables)}, assignments: {sum(len(d.assignments) for d in docs)}"
    )
    print(f"parse time over {repeat} runs: best {min(times):.3f} s, median {statistics.median(times):.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=get_settings().corpus_dir)
    parser.add_argument("--repeat", type=int, help="runs per measurement, best kept (default 5, with --formats 1)")
    parser.add_argument("--formats", help="comma-separated formats to time: " + ", ".join(FORMATS))
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="where bench.convert keeps docx/, pdf/, scan/")
    parser.add_argument("--scales", default="1,2,4", help="corpus copies to parse, comma-separated")
    parser.add_argument("--write", action="store_true", help="put the figures in docs/benchmarks.md (with --formats)")
    args = parser.parse_args()
    if not args.formats:
        sample_corpus(args.corpus, args.repeat or 5)
        return
    names = [f.strip() for f in args.formats.split(",") if f.strip()]
    if set(names) - set(FORMATS):
        parser.error(f"unknown formats {sorted(set(names) - set(FORMATS))}; choose from {', '.join(FORMATS)}")
    if set(names) - {"txt"}:
        convert_corpus(args.corpus, args.dir)
    scales = sorted({int(s) for s in args.scales.split(",") if s.strip()} | {1})
    results = [
        measure_format(name, args.corpus if name == "txt" else args.dir / name, scales, args.repeat or 1)
        for name in names
    ]
    lines = format_lines(results)
    print("\n".join(lines))
    if args.write:
        replace_section("Parse time per format", [
            f"`.venv/bin/python -m bench.parse --formats {args.formats} --scales {args.scales} --write` on "
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC. The first table times each file parsed alone"
            " (`parse_file`), summed per format and file type; the second parses the whole folder (`load_corpus`)"
            " with every file linked 1, 2 and 4 times under new names, the sizes taking turns, best of the rounds."
            " Growth near 1.00 means parsing is linear in corpus size. A refused file counts with the time it took"
            " to refuse it. The machine is shared (other jobs ran alongside): read ratios within a run.",
            "",
            *lines,
        ])  # fmt: skip
        print(f"wrote the Parse time per format section of {PROJECT_ROOT / 'docs' / 'benchmarks.md'}")


if __name__ == "__main__":
    main()
