"""Incremental builds at 1×, 10× and 100× the sample: a full build, then adding, replacing and removing one file.

    .venv/bin/python -m bench.incremental [--factors 1,10,100] [--baseline] [--write]

Each step runs in its own child process (so peak memory is that step's own): the full build on an empty
INDEX_DIR, then one new file, the same file changed, then one file removed, each an ordinary incremental build.
Disk is the whole INDEX_DIR afterwards (the live generation, its predecessor kept for readers, and the build
cache) and the live generation alone, against the corpus text. `--baseline` also builds the naive baseline
(bench/baseline.py) at each size, for the ratios. `--write` puts the figures in docs/benchmarks.md, section
"Incremental builds" (the other sections stay). Prints figures; asserts nothing. 100× takes half an hour or
more: run it in the background (nohup).
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from retrieval.settings import PROJECT_ROOT, get_settings

from .report import replace_section
from .synthetic import make_corpus, shifted

SECTION = "Incremental builds"
EXTRA = "tuyen-quang-ubnd-ke-hoach-khac-phuc-2023.txt"  # one small single-document file, added and changed
TARGET_SECONDS = 10.0
TARGET_PEAK_MB = 1536.0
TARGET_DISK_RATIO = 5.0


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


# ---------------------------------------------------------------- child processes


def run_child(step: str, corpus: Path, index: Path) -> dict:
    """One build in this process; returns its figures."""
    started = time.perf_counter()
    if step == "baseline":
        from retrieval.embeddings import HashingEmbedder

        from .baseline import NaiveRag

        NaiveRag(corpus, HashingEmbedder(), index)
        return {"seconds": time.perf_counter() - started, "peak_mb": _peak_mb(), "disk_mb": _size_mb(index)}
    from retrieval.embeddings import make_embedder
    from retrieval.index import build_index

    result = build_index(corpus, index, make_embedder("hashing"), full=step == "full")
    seconds, peak = time.perf_counter() - started, _peak_mb()
    # what a bot does next: open the new generation (documents, chunks, BM25, Chroma, register, relations)
    from retrieval.assistant import Assistant
    from retrieval.settings import Settings

    opened = time.perf_counter()
    _ = Assistant(Settings(corpus_dir=corpus, index_dir=index, _env_file=None)).live
    return {
        "seconds": seconds,
        "build_s": result.seconds,
        "reopen_s": time.perf_counter() - opened,
        "serving_peak_mb": _peak_mb(),
        "peak_mb": peak,
        "parsed": result.parsed,
        "cached": result.cached,
        "removed": result.removed,
        "chunks": result.chunks,
    }


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(step: str, corpus: Path, index: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "bench.incremental", "--child", step, "--corpus", str(corpus), "--index", str(index)],
        capture_output=True, text=True, cwd=PROJECT_ROOT, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        raise SystemExit(f"{step} child failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- one corpus size


def measure(sample: Path, work: Path, factor: int, baseline: bool) -> dict:
    corpus = make_corpus(sample, work / f"x{factor}", factor)
    index = work / f"index-x{factor}"
    text_mb = _size_mb(corpus)
    figures: dict = {"factor": factor, "files": len(list(corpus.iterdir())), "text_mb": text_mb}
    figures["full"] = child("full", corpus, index)
    live_before = _live_mb(index)
    extra_text = (sample / EXTRA).read_text(encoding="utf-8")
    added = corpus / f"added-{EXTRA}"
    added.write_text(shifted(extra_text, factor + 1), encoding="utf-8")
    figures["add"] = child("update", corpus, index)
    added.write_text(shifted(extra_text, factor + 2).replace("chủ trì", "chủ trì thực hiện", 1), encoding="utf-8")
    figures["replace"] = child("update", corpus, index)
    added.unlink()
    figures["remove"] = child("update", corpus, index)
    figures["disk_mb"] = _size_mb(index)
    figures["live_mb"] = _live_mb(index)
    figures["live_full_mb"] = live_before
    figures["cache_mb"] = _size_mb(index / "cache")
    if baseline:
        figures["baseline"] = child("baseline", corpus, work / f"baseline-x{factor}")
    shutil.rmtree(index, ignore_errors=True)
    shutil.rmtree(work / f"baseline-x{factor}", ignore_errors=True)
    shutil.rmtree(corpus, ignore_errors=True)
    return figures


def _live_mb(index: Path) -> float:
    live = (index / "CURRENT").read_text(encoding="utf-8").strip()
    return _size_mb(index / live)


# ---------------------------------------------------------------- report


def report(runs: list[dict]) -> list[str]:
    lines = [
        f"Made by `.venv/bin/python -m bench.incremental --write` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC "
        f"({platform.machine()}, Python {platform.python_version()}, 2 cores, shared: compare within one run).",
        "Each step is one `build_index` in its own process on the synthetic corpus (bench/synthetic.py): a full",
        "build on an empty INDEX_DIR, then one new single-document file, the same file changed, that file removed;",
        "times are of `build_index` (the wait before the new generation is live); reopen is the time a bot then takes",
        "to open it (documents, chunks, BM25, Chroma, register), done once per reload while the old one answers.",
        "Peak: maximum resident size of the building process, before it opens the index.",
        "Disk: the whole INDEX_DIR after these steps (live generation, its predecessor kept for readers, build",
        "cache), and the live generation alone; text: the corpus files. Targets of issue 16: one file added,",
        f"replaced or removed at 100× ≤ {TARGET_SECONDS:.0f} s, build peak ≤ {TARGET_PEAK_MB / 1024:.1f} GB, "
        f"disk ≤ {TARGET_DISK_RATIO:.0f}× text.",
        "",
        "| corpus | files | text (MB) | full build (s) | peak (MB) | add one (s) | replace one (s) | remove one (s) "
        "| reopen (s) | INDEX_DIR (MB) | ×text | live generation (MB) | ×text | cache (MB) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        f, text = r["full"], r["text_mb"]
        lines.append(
            f"| {r['factor']}× | {r['files']} | {text:.1f} | {f['build_s']:.1f} | {f['peak_mb']:.0f} | "
            f"{r['add']['build_s']:.1f} | {r['replace']['build_s']:.1f} | {r['remove']['build_s']:.1f} | "
            f"{r['add']['reopen_s']:.1f} | "
            f"{r['disk_mb']:.0f} | {r['disk_mb'] / text:.1f} | {r['live_mb']:.0f} | {r['live_mb'] / text:.1f} | "
            f"{r['cache_mb']:.0f} |"
        )
    lines += ["", "Ratios:"]
    for r in runs:
        full = r["full"]["build_s"]
        steps = ", ".join(
            f"{name} {r[name]['build_s']:.1f} s (×{r[name]['build_s'] / full:.3f} of the full build, "
            f"parsed {r[name]['parsed']} file(s), peak {r[name]['peak_mb']:.0f} MB)"
            for name in ("add", "replace", "remove")
        )
        line = f"- {r['factor']}×: {steps}"
        if "baseline" in r:
            b = r["baseline"]
            line += (
                f"; naive baseline full build {b['seconds']:.1f} s (product full ×{full / b['seconds']:.1f}, "
                f"product add one ×{r['add']['build_s'] / b['seconds']:.2f}), "
                f"peak {b['peak_mb']:.0f} MB (product ×{r['full']['peak_mb'] / b['peak_mb']:.1f}), "
                f"disk {b['disk_mb']:.0f} MB (product live generation ×{r['live_mb'] / b['disk_mb']:.1f})"
            )
        lines.append(line)
    if len(runs) > 1:
        first, last = runs[0], runs[-1]
        scale = last["factor"] / first["factor"]
        lines.append(
            f"- growth {first['factor']}× → {last['factor']}× (corpus ×{scale:.0f}): full build "
            f"×{last['full']['build_s'] / first['full']['build_s']:.1f}, add one "
            f"×{last['add']['build_s'] / first['add']['build_s']:.1f}, peak "
            f"×{last['full']['peak_mb'] / first['full']['peak_mb']:.1f}"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=get_settings().corpus_dir)
    parser.add_argument("--factors", default="1,10,100")
    parser.add_argument("--baseline", action="store_true", help="also build the naive baseline at each size")
    parser.add_argument("--write", action="store_true", help=f"refresh the section '{SECTION}' of docs/benchmarks.md")
    parser.add_argument("--child", choices=["full", "update", "baseline"], help=argparse.SUPPRESS)
    parser.add_argument("--index", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child, args.corpus, args.index)))
        return
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for factor in (int(f) for f in args.factors.split(",") if f.strip()):
            runs.append(measure(args.corpus, Path(tmp), factor, args.baseline))
            print(json.dumps(runs[-1]), flush=True)
            if args.write:  # after each size: a long run that dies keeps what it measured
                replace_section(SECTION, report(runs))
    print("\n".join(report(runs)))


if __name__ == "__main__":
    main()
