"""Index build time, in-process answer latency over a gold question file, and peak memory.

    .venv/bin/python -m bench.ask [--gold ../shared/eval/dev.jsonl] [--corpus DIR] [--repeat 3]

Latency is measured in this process, without an LLM, after one warm-up pass. Prints figures only.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import tempfile
import time
from pathlib import Path

from retrieval.assistant import Assistant
from retrieval.settings import PROJECT_ROOT, Settings, get_settings


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(q * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gold", type=Path, default=PROJECT_ROOT.parent / "shared" / "eval" / "dev.jsonl")
    parser.add_argument("--corpus", type=Path, default=get_settings().corpus_dir)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    questions = [
        json.loads(line)["question"] for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(corpus_dir=args.corpus, index_dir=Path(tmp), _env_file=None)
        assistant = Assistant(settings)
        started = time.perf_counter()
        result = assistant.reload()
        build = time.perf_counter() - started
        for q in questions:  # warm-up: first-touch caches
            assistant.ask(q)
        latencies = []
        for _ in range(args.repeat):
            for q in questions:
                t0 = time.perf_counter()
                assistant.ask(q)
                latencies.append((time.perf_counter() - t0) * 1000)
        size = sum(p.stat().st_size for p in Path(tmp).rglob("*") if p.is_file())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"corpus: {args.corpus}: {result.documents} documents, {result.chunks} chunks")
    print(f"index build: {build:.2f} s; index size on disk: {size / 1e6:.1f} MB")
    print(
        f"answer latency over {len(latencies)} questions: p50 {statistics.median(latencies):.1f} ms, "
        f"p95 {percentile(latencies, 0.95):.1f} ms, max {max(latencies):.1f} ms"
    )
    print(f"peak memory (max RSS): {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
