"""The product against a naive RAG baseline, in one run, and how build time and latency grow.

    .venv/bin/python -m bench.compare [--gold ../shared/eval/dev.jsonl] [--factors 10,100] [--write]

For each system a child process builds its index from the same corpus and answers the same gold questions,
so peak memory is each system's own. Quality of the product is scored by the gold set's score.py; the
baseline (answer = its top chunk) gets credit for document and item only when that chunk contains the gold
evidence. Then both are rebuilt on synthetic corpora 10× and 100× the sample. `--write` refreshes
docs/benchmarks.md and docs/benchmarks.png. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from retrieval.settings import PROJECT_ROOT, Settings, get_settings
from retrieval.vietnamese import search_tokens

from .report import KEPT_SECTIONS, replace_section, run_score, score_table, section
from .synthetic import make_corpus

KINDS = ["lead_agency", "cooperating", "deadline", "agency_tasks", "content", "doc_lookup", "no_answer"]
METRICS = ["strict", "answer", "doc", "item", "hit5"]


def _score_module(gold: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gold_score", gold.parent / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(q * len(ordered)) - 1)]


def _disk(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


# ---------------------------------------------------------------- child processes


def run_child(system: str, corpus: Path, gold: Path, repeat: int) -> dict:
    """Build and answer in this process; print one JSON object."""
    questions = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        if system == "product":
            from retrieval.assistant import Assistant
            from retrieval.cli import _contract

            assistant = Assistant(Settings(corpus_dir=corpus, index_dir=folder, _env_file=None))
            assistant.reload()

            def answer(q: dict) -> dict:
                return _contract(q["id"], assistant.ask(q["question"]))
        else:
            from retrieval.embeddings import HashingEmbedder

            from .baseline import NaiveRag

            naive = NaiveRag(corpus, HashingEmbedder(), folder)

            def answer(q: dict) -> dict:
                return {"id": q["id"], "chunks": [w.text for w in naive.search(q["question"])]}

        build = time.perf_counter() - started
        answers = [answer(q) for q in questions]  # also warms caches
        latencies = []
        for _ in range(repeat):
            for q in questions:
                t0 = time.perf_counter()
                answer(q)
                latencies.append((time.perf_counter() - t0) * 1000)
        size = _disk(folder)
    return {
        "system": system,
        "build_s": build,
        "p50_ms": statistics.median(latencies),
        "p95_ms": _percentile(latencies, 0.95),
        "disk_mb": size,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "answers": answers,
    }


def child(system: str, corpus: Path, gold: Path, repeat: int) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "bench.compare", "--child", system, "--corpus", str(corpus), "--gold", str(gold),
         "--repeat", str(repeat)],
        capture_output=True, text=True, cwd=PROJECT_ROOT, check=False,
    )  # fmt: skip
    if proc.returncode != 0:
        raise SystemExit(f"{system} child failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- scoring


def score_product(gold: Path, corpus: Path, answers: list[dict]) -> dict[str, dict[str, float]]:
    return score_table(run_score(gold, corpus, answers))


def _contains_evidence(chunk: str, evidence: str) -> bool:
    """The gold evidence stands in the chunk: 80% of its word pairs, whatever the cell separators."""
    want = {t for t in search_tokens(evidence) if "_" in t}
    have = set(search_tokens(chunk))
    return bool(want) and len(want & have) / len(want) >= 0.8


def score_baseline(gold_path: Path, answers: list[dict]) -> dict[str, dict[str, float]]:
    sc = _score_module(gold_path)
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_id = {a["id"]: a["chunks"] for a in answers}
    rows = []
    for g in gold:
        chunks = by_id[g["id"]]
        top = chunks[0] if chunks else ""
        if g["kind"] == "no_answer":
            rows.append({"kind": g["kind"], "strict": False, "answer": False})  # a generic tool always answers
            continue
        evidence = g.get("evidence") or ""
        text = sc.fold(top)
        answer_ok = all(sc.holds(text, e) for e in g["expected"])
        item_ok = _contains_evidence(top, evidence)
        rows.append({
            "kind": g["kind"], "answer": answer_ok, "doc": item_ok, "item": item_ok,
            "hit5": any(_contains_evidence(c, evidence) for c in chunks[:5]), "strict": answer_ok and item_ok,
        })  # fmt: skip
    table: dict[str, dict[str, float]] = {}
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        groups[r["kind"]].append(r)
    groups["all"] = rows
    for kind, sub in groups.items():
        table[kind] = {"n": float(len(sub))}
        for m in METRICS:
            values = [r[m] for r in sub if m in r]
            table[kind][m] = sum(values) / len(values) if values else float("nan")
    return table


# ---------------------------------------------------------------- report


def quality_table(product: dict, baseline: dict) -> list[str]:
    lines = ["| kind | n | strict (product / baseline) | answer | doc | item | hit5 |", "|---|---|---|---|---|---|---|"]
    for kind in [*KINDS, "all"]:
        if kind not in product:
            continue
        p, b = product[kind], baseline.get(kind, {})
        cells = [f"{p[m]:.3f} / {b.get(m, float('nan')):.3f}" for m in METRICS]
        name = f"**{kind}**" if kind == "all" else kind
        lines.append(f"| {name} | {int(p['n'])} | " + " | ".join(cells) + " |")
    return lines


def cost_table(runs: dict[str, dict[int, dict]]) -> list[str]:
    lines = [
        "| corpus | system | build (s) | p50 (ms) | p95 (ms) | index on disk (MB) | peak memory (MB) |",
        "|---|---|---|---|---|---|---|",
    ]
    for factor in sorted(runs["product"]):
        for system in ("product", "baseline"):
            r = runs[system].get(factor)
            if r:
                lines.append(
                    f"| {factor}× | {system} | {r['build_s']:.1f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | "
                    f"{r['disk_mb']:.0f} | {r['peak_mb']:.0f} |"
                )
    return lines


def growth_lines(runs: dict[str, dict[int, dict]]) -> list[str]:
    lines = []
    for system in ("product", "baseline"):
        factors = sorted(runs[system])
        base = runs[system][factors[0]]
        for f in factors[1:]:
            r = runs[system][f]
            lines.append(
                f"- {system}, {f}× corpus: build ×{r['build_s'] / base['build_s']:.1f} "
                f"(per 1× of corpus ×{r['build_s'] / base['build_s'] / f:.2f}), "
                f"p50 ×{r['p50_ms'] / base['p50_ms']:.1f}, p95 ×{r['p95_ms'] / base['p95_ms']:.1f}, "
                f"disk ×{r['disk_mb'] / base['disk_mb']:.1f}, peak memory ×{r['peak_mb'] / base['peak_mb']:.1f}"
            )
    return lines


def plot(runs: dict[str, dict[int, dict]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for system, style in (("product", "o-"), ("baseline", "s--")):
        factors = sorted(runs[system])
        left.plot(factors, [runs[system][f]["p95_ms"] for f in factors], style, label=f"{system} p95")
        left.plot(factors, [runs[system][f]["p50_ms"] for f in factors], style, alpha=0.4, label=f"{system} p50")
        right.plot(factors, [runs[system][f]["build_s"] for f in factors], style, label=system)
    for ax, title, unit in ((left, "Answer latency", "ms"), (right, "Index build time", "s")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("corpus size (× sample)")
        ax.set_ylabel(unit)
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gold", type=Path, default=PROJECT_ROOT.parent / "shared" / "eval" / "dev.jsonl")
    parser.add_argument("--corpus", type=Path, default=get_settings().corpus_dir)
    parser.add_argument("--factors", default="10,100", help="synthetic corpus sizes, comma-separated ('' for none)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="refresh docs/benchmarks.md and docs/benchmarks.png")
    parser.add_argument("--child", choices=["product", "baseline"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child, args.corpus, args.gold, args.repeat), ensure_ascii=False))
        return

    runs: dict[str, dict[int, dict]] = {"product": {}, "baseline": {}}
    for system in runs:
        runs[system][1] = child(system, args.corpus, args.gold, args.repeat)
        print(f"1× {system}: built in {runs[system][1]['build_s']:.1f} s", flush=True)
    product_q = score_product(args.gold, args.corpus, runs["product"][1]["answers"])
    baseline_q = score_baseline(args.gold, runs["baseline"][1]["answers"])
    factors = [int(f) for f in args.factors.split(",") if f.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        for factor in factors:
            corpus = make_corpus(args.corpus, Path(tmp) / f"x{factor}", factor)
            for system in runs:
                runs[system][factor] = child(system, corpus, args.gold, 1)
                print(f"{factor}× {system}: built in {runs[system][factor]['build_s']:.1f} s", flush=True)

    machine = f"{platform.machine()}, {platform.processor() or 'cpu'}, Python {platform.python_version()}"
    report = [
        "# Benchmarks",
        "",
        f"Made by `.venv/bin/python -m bench.compare --write` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; machine: "
        f"{machine}, 2 cores, 24 GiB (shared; compare ratios within one run, not across runs).",
        "",
        f"Gold questions: `{args.gold.name}` ({int(product_q['all']['n'])} questions). The baseline is what a generic RAG",
        "tool builds: fixed windows of 512 tokens with 64 of overlap, no structure, the same embedding, BM25 and fusion;",
        "its answer is its top chunk, and it gets credit for document and item only when that chunk contains the gold",
        "evidence. The product is scored by the gold set's own `score.py`.",
        "The dev questions were used while developing, so the product's figures on them are optimistic;",
        "a held-out set of the same kind is the fair judge.",
        "",
        "## Quality (product / baseline)",
        "",
        *quality_table(product_q, baseline_q),
        "",
        f"Strict accuracy: product {product_q['all']['strict']:.3f}, baseline {baseline_q['all']['strict']:.3f} "
        f"(+{product_q['all']['strict'] - baseline_q['all']['strict']:.3f}).",
        "",
        "## Cost and growth",
        "",
        "Latency is in process, no LLM, over the gold questions after one warm-up pass; peak memory is the",
        "maximum resident size of the process that built and answered. Synthetic corpora replicate every file",
        "with its document numbers (+1000·k) and years (+k) changed, so copies stay distinct documents.",
        "",
        *cost_table(runs),
        "",
        *growth_lines(runs),
        "",
        "![latency and build time against corpus size](benchmarks.png)",
        "",
    ]
    print("\n".join(report))
    if args.write:
        docs = PROJECT_ROOT / "docs"
        docs.mkdir(exist_ok=True)
        kept = {heading: section(heading) for heading in KEPT_SECTIONS}  # written by bench.load, bench.formats, ...
        (docs / "benchmarks.md").write_text("\n".join(report), encoding="utf-8")
        for heading, body in kept.items():
            if body:
                replace_section(heading, body)
        plot(runs, docs / "benchmarks.png")
        print(f"wrote {docs / 'benchmarks.md'} and {docs / 'benchmarks.png'}")


if __name__ == "__main__":
    main()
