"""Vector search: do two builds of the same corpus give the same nearest chunks, and how near to exact are they?

    .venv/bin/python -m bench.vector_search [--corpus ../shared/corpus-dev/txt] [--ef 100,400,1500]

Builds the corpus twice (HNSW graphs differ from one build to the next), then for each ef_search value asks
both builds for the 60 nearest chunks of every dev-external and rewording question and prints how many
neighbours differ between the builds and how many of the exact 60 (numpy over the stored vectors) each
misses, with the query time. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from retrieval.embeddings import make_embedder
from retrieval.index import ChromaTarget, build_index, current_generation
from retrieval.question import parse_question, search_text
from retrieval.settings import PROJECT_ROOT
from retrieval.store import VectorStore

K = 60
QUESTION_FILES = (
    PROJECT_ROOT.parent / "shared" / "eval" / "dev-external.jsonl",
    PROJECT_ROOT / "bench" / "questions" / "rewordings-external.jsonl",
)


def _questions() -> list[str]:
    return [json.loads(line)["question"] for path in QUESTION_FILES for line in path.read_text().splitlines() if line]


def _child(step: str, index_dir: Path, corpus: Path, ef: int, out: Path) -> None:
    """One step in this process: a build, setting ef_search, or the queries (each process gets its own graph
    traversal, which is what differed from one process to the next)."""
    embedder = make_embedder("hashing")
    if step == "build":
        build_index(corpus, index_dir, embedder, full=True)
        return
    generation = index_dir / (current_generation(index_dir) or "")
    manifest = json.loads((generation / "manifest.json").read_text(encoding="utf-8"))
    store = VectorStore(ChromaTarget().client(generation), manifest["collection"], embedder)
    if step == "ef":
        store.settle_search(ef)
        return
    queries = [np.asarray(embedder.embed_query(search_text(parse_question(q))), dtype=np.float32) for q in _questions()]
    started = time.perf_counter()
    found = [[cid for cid, _ in store.query(vector, K)] for vector in queries]
    ms = (time.perf_counter() - started) * 1000 / max(1, len(queries))
    ids, matrix = store.stored_vectors()
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True) + 1e-12
    exact = [[ids[i] for i in np.argsort(-(matrix @ (v / (np.linalg.norm(v) + 1e-12))))[:K]] for v in queries]
    out.write_text(json.dumps({"found": found, "exact": exact, "ms": ms}), encoding="utf-8")


def _run(step: str, index_dir: Path, corpus: Path, ef: int = 0, out: Path | None = None) -> None:
    command = [sys.executable, "-m", "bench.vector_search", "--child", step, "--index", str(index_dir)]
    command += ["--corpus", str(corpus), "--ef", str(ef), "--out", str(out or index_dir / "none.json")]
    subprocess.run(command, check=True, cwd=PROJECT_ROOT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=PROJECT_ROOT.parent / "shared" / "corpus-dev" / "txt")
    parser.add_argument("--ef", default="100,400,1500")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--index", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.index, args.corpus, int(args.ef), args.out)
        return
    total = K * len(_questions())
    with tempfile.TemporaryDirectory() as tmp:
        builds = [Path(tmp) / f"build-{n}" for n in (1, 2)]
        for folder in builds:
            _run("build", folder, args.corpus)
        print(f"{len(_questions())} questions, top {K}, corpus {args.corpus}; every build and query in its own process")
        print(
            "| ef_search | differing between builds | differing between two processes (build 1) | missed of the exact "
            "(build 1) | query (ms) |"
        )
        print("|---|---|---|---|---|")
        for ef in (int(x) for x in args.ef.split(",")):
            runs = []
            for n, folder in enumerate([builds[0], builds[0], builds[1]]):
                _run("ef", folder, args.corpus, ef)
                out = Path(tmp) / f"run-{ef}-{n}.json"
                _run("query", folder, args.corpus, ef, out)
                runs.append(json.loads(out.read_text(encoding="utf-8")))
            one, again, two = (r["found"] for r in runs)
            processes = sum(len(set(a) - set(b)) for a, b in zip(one, again, strict=True))
            differ = sum(len(set(a) - set(b)) for a, b in zip(one, two, strict=True))
            missed = sum(len(set(e) - set(a)) for a, e in zip(one, runs[0]["exact"], strict=True))
            print(
                f"| {ef} | {differ} of {total} | {processes} of {total} | {missed} of {total} | {runs[0]['ms']:.1f} |"
            )


if __name__ == "__main__":
    main()
