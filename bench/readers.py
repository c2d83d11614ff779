"""Read and parse files of any supported format: time per file and format, and (where the expected metadata is
known) number, type, date and issuer of the first document against dev-external-docs.tsv. Prints figures; asserts
nothing.

    .venv/bin/python -m bench.readers FILE_OR_DIR... [--tsv ../shared/eval/dev-external-docs.tsv] [--show]

A file matches the tsv row whose file name has the same stem (``X.pdf``, ``X-scan.pdf`` and ``X.docx`` all match
``X.txt``).
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from retrieval.documents import parse_file
from retrieval.readers import SUPPORTED_SUFFIXES, UnreadableFile
from retrieval.settings import PROJECT_ROOT
from retrieval.vietnamese import nfc

FIELDS = ("number", "type", "date", "issuer")
SUFFIX_TAGS = ("-scan", "-page1", "-word-numbering")
SHARED = PROJECT_ROOT.parent / "shared"


@dataclass
class FormatFigures:
    files: int = 0
    failed: int = 0
    seconds: float = 0.0
    megabytes: float = 0.0
    checked: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))


def expected_rows(tsv: Path) -> dict[str, dict[str, str]]:
    with open(tsv, encoding="utf-8") as handle:
        return {Path(row["file"]).stem: row for row in csv.DictReader(handle, delimiter="\t")}


def stem_of(path: Path) -> str:
    stem = path.stem
    for tag in SUFFIX_TAGS:
        stem = stem.removesuffix(tag)
    return stem


def same(found: str, expected: str) -> bool:
    return " ".join(nfc(found).casefold().split()) == " ".join(nfc(expected).casefold().split())


def files_of(targets: list[Path]) -> list[Path]:
    out: list[Path] = []
    for target in targets:
        if target.is_dir():
            out.extend(sorted(p for p in target.iterdir() if p.suffix.lower() in SUPPORTED_SUFFIXES))
        else:
            out.append(target)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("targets", nargs="+", type=Path)
    parser.add_argument("--tsv", type=Path, default=SHARED / "eval" / "dev-external-docs.tsv")
    parser.add_argument("--show", action="store_true", help="print every wrong field")
    args = parser.parse_args()
    expected = expected_rows(args.tsv) if args.tsv.exists() else {}
    figures: dict[str, FormatFigures] = defaultdict(FormatFigures)
    for path in files_of(args.targets):
        fmt = path.suffix.lower().lstrip(".")
        if stem_of(path) != path.stem:
            fmt += path.stem[len(stem_of(path)) :]
        fig = figures[fmt]
        fig.files += 1
        fig.megabytes += path.stat().st_size / 1e6
        started = time.perf_counter()
        try:
            docs = parse_file(path)
        except UnreadableFile as exc:
            fig.seconds += time.perf_counter() - started
            fig.failed += 1
            print(f"FAILED {path.name}: {exc}")
            continue
        fig.seconds += time.perf_counter() - started
        row = expected.get(stem_of(path))
        if row is None:
            continue
        fig.checked += 1
        meta = docs[0].meta
        found = {
            "number": meta.number or "",
            "type": meta.doc_type,
            "date": meta.date.isoformat() if meta.date else "",
            "issuer": meta.issuer,
        }
        for name in FIELDS:
            if same(found[name], row[name]):
                fig.right[name] += 1
            elif args.show:
                print(f"  {path.name}: {name} {found[name]!r} != {row[name]!r}")
    print(f"{'format':22} {'files':>5} {'failed':>6} {'s/file':>7} {'s/MB':>7}  " + " ".join(f"{f:>7}" for f in FIELDS))
    for fmt, fig in sorted(figures.items()):
        per_file = fig.seconds / max(1, fig.files)
        per_mb = fig.seconds / max(1e-9, fig.megabytes)
        right = " ".join(f"{fig.right[f]:>3}/{fig.checked:<3}" for f in FIELDS)
        print(f"{fmt:22} {fig.files:>5} {fig.failed:>6} {per_file:>7.2f} {per_mb:>7.2f}  {right}")


if __name__ == "__main__":
    main()
