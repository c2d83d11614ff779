"""How long parsing the sample corpus takes (target: under 2 s). Prints figures; asserts nothing.

.venv/bin/python -m bench.parse [--corpus DIR] [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from retrieval.documents import load_corpus
from retrieval.settings import get_settings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=get_settings().corpus_dir)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        report = load_corpus(args.corpus)
        times.append(time.perf_counter() - started)
    docs = report.documents
    print(
        f"corpus: {args.corpus} ({len(report.files)} files, {sum(p.stat().st_size for p in args.corpus.glob('*'))} bytes)"
    )
    print(
        f"documents: {len(docs)}, sections: {sum(d.section_count for d in docs)}, "
        f"table rows: {sum(len(t.rows) for d in docs for t in d.tables)}, assignments: {sum(len(d.assignments) for d in docs)}"
    )
    print(f"parse time over {args.repeat} runs: best {min(times):.3f} s, median {statistics.median(times):.3f} s")


if __name__ == "__main__":
    main()
