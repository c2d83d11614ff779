"""Number, type, date and issuer the parser reads from real documents of other issuers, against the expected
values (issue 12's target: all four right for at least 95% of documents); signer and title as extra columns.

    .venv/bin/python -m bench.metadata [--corpus DIR ...] [--tsv ../shared/eval/dev-external-docs.tsv] [--write]

By default both forms of ../shared/corpus-dev are checked: txt/ and the Word originals/, whose files are matched
to the tsv rows by file stem. Each file goes through the product's parser alone (`parse_file`); its first
document is compared. Numbers are compared by `doc_number_key`, dates exactly, types, issuers and signers after
`ascii_fold`; an empty tsv cell means the source is blank, and then only an empty value is right. A name that is
close but not equal (one contains the other, or nearly the same letters) is a near miss (≈): reported, not right.
`--write` puts the figures in docs/benchmarks.md under "Metadata of real documents". Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from retrieval.documents import parse_file
from retrieval.models import Document
from retrieval.readers import UnreadableFile
from retrieval.vietnamese import ascii_fold, doc_number_key

from .report import SHARED, replace_section

TARGET_FIELDS = ("number", "type", "date", "issuer")
EXTRA_FIELDS = ("signer", "title")
FIELDS = TARGET_FIELDS + EXTRA_FIELDS
RIGHT, WRONG, NEAR = "✓", "✗", "≈"
TARGET_SHARE = 0.95
_INFERRED = re.compile(r"\s*\((?:suy từ nội dung|inferred[^)]*)\)\s*$", re.IGNORECASE)  # the tsv's own remark


@dataclass(frozen=True)
class Expected:
    file: str
    number: str
    type: str
    date: str
    issuer: str
    title: str
    signer: str

    @property
    def stem(self) -> str:
        return Path(self.file).stem


@dataclass
class Check:
    expected: Expected
    path: Path
    documents: int = 0
    got: dict[str, str] = field(default_factory=dict)
    marks: dict[str, str] = field(default_factory=dict)
    error: str = ""  # why the file gave no document

    def right(self, name: str) -> bool:
        return self.marks.get(name) == RIGHT

    @property
    def all_target_right(self) -> bool:
        return all(self.right(f) for f in TARGET_FIELDS)


def read_expected(tsv: Path) -> list[Expected]:
    with tsv.open(encoding="utf-8", newline="") as handle:
        return [
            Expected(**{k: (v or "").strip() for k, v in row.items()}) for row in csv.DictReader(handle, delimiter="\t")
        ]


def found_values(doc: Document) -> dict[str, str]:
    meta = doc.meta
    return {
        "number": meta.number or "",
        "type": meta.doc_type or "",
        "date": meta.date.isoformat() if meta.date else "",
        "issuer": meta.issuer or "",
        "signer": meta.signer or "",
        "title": meta.title or "",
    }


def _names(text: str) -> str:
    return re.sub(r"[^\w]+", " ", ascii_fold(text)).strip()


def compare(name: str, got: str, want: str) -> str:
    """✓, ✗ or ≈ (near miss) for one field."""
    if not want:
        return RIGHT if not got.strip() else WRONG
    if not got.strip():
        return WRONG
    if name == "number":
        return RIGHT if doc_number_key(got) == doc_number_key(want) else WRONG
    if name == "date":
        return RIGHT if got == want else WRONG
    a, b = _names(got), _names(want)
    if a == b:
        return RIGHT
    if name == "type":
        return WRONG
    near = (a in b or b in a) or difflib.SequenceMatcher(None, a, b).ratio() >= 0.85
    return NEAR if near else WRONG


def check_file(expected: Expected, path: Path) -> Check:
    check = Check(expected, path)
    want = {f: getattr(expected, f) for f in FIELDS}
    want["issuer"] = _INFERRED.sub("", want["issuer"])
    try:
        docs = parse_file(path)
    except UnreadableFile as exc:
        check.error = str(exc).removeprefix(f"{path.name}: ")
    except Exception as exc:  # a parser crash is a figure here, not the end of the run
        check.error = f"parser crashed: {type(exc).__name__}: {exc}"
    else:
        check.documents = len(docs)
        check.got = found_values(docs[0])
    for name in FIELDS:
        check.marks[name] = compare(name, check.got.get(name, ""), want[name]) if not check.error else WRONG
    return check


def check_corpus(folder: Path, expected: list[Expected]) -> tuple[list[Check], list[str], list[str]]:
    """Checks for the tsv rows whose file is in the folder; also the rows with no file and the files with no row."""
    files = {p.stem: p for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}
    checks = [check_file(e, files[e.stem]) for e in expected if e.stem in files]
    no_file = [e.file for e in expected if e.stem not in files]
    no_row = sorted(p.name for stem, p in files.items() if stem not in {e.stem for e in expected})
    return checks, no_file, no_row


def share(checks: list[Check], name: str) -> float:
    return sum(c.right(name) for c in checks) / len(checks) if checks else float("nan")


def _short(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} chars)"


def report_lines(folder: Path, checks: list[Check], no_file: list[str], no_row: list[str]) -> list[str]:
    lines = [f"{folder}: {len(checks)} documents with expected values"]
    width = max((len(c.path.name) for c in checks), default=10)
    lines.append(f"  {'file':<{width}} docs " + " ".join(f"{f:>6}" for f in FIELDS))
    for c in checks:
        lines.append(f"  {c.path.name:<{width}} {c.documents:>4} " + " ".join(f"{c.marks[f]:>6}" for f in FIELDS))
    misses = [
        f"  {c.path.name}: {f} {c.marks[f]} got {_short(c.got.get(f, ''))!r}, want {_short(getattr(c.expected, f))!r}"
        for c in checks
        if not c.error
        for f in FIELDS
        if not c.right(f)
    ]
    if misses:
        lines += ["misses (✗ wrong, ≈ near miss):", *misses]
    failed = [f"  {c.path.name}: {c.error}" for c in checks if c.error]
    if failed:
        lines += ["files that gave no document:", *failed]
    lines.append(
        "right: "
        + ", ".join(f"{f} {share(checks, f):.0%}" for f in FIELDS)
        + f"; number+type+date+issuer all right: {sum(c.all_target_right for c in checks)}/{len(checks)}"
        f" = {sum(c.all_target_right for c in checks) / max(1, len(checks)):.0%} (target ≥ {TARGET_SHARE:.0%})"
    )
    lines.append(f"near misses: issuer {sum(c.marks['issuer'] == NEAR for c in checks)}, title "
                 f"{sum(c.marks['title'] == NEAR for c in checks)}; failed to parse: {len(failed)}")  # fmt: skip
    if no_file:
        lines.append(f"tsv rows with no file here: {len(no_file)}")
    if no_row:
        lines.append(f"files with no tsv row (not checked): {', '.join(no_row)}")
    return lines


def markdown(results: list[tuple[Path, list[Check]]], command: str) -> list[str]:
    lines = [
        f"`{command}` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC: each file of `corpus-dev` parsed alone, its first",
        "document's metadata against `dev-external-docs.tsv` (an empty cell: the source is blank, only blank is right).",
        f"Target: number, type, date and issuer all right for ≥ {TARGET_SHARE:.0%} of documents. ≈ is a near miss",
        "(counted wrong).",
        "",
        "| corpus | documents | " + " | ".join(FIELDS) + " | all four right | failed to parse |",
        "|---|---|" + "---|" * len(FIELDS) + "---|---|",
    ]
    for folder, checks in results:
        right = sum(c.all_target_right for c in checks)
        lines.append(
            f"| {folder.name} | {len(checks)} | " + " | ".join(f"{share(checks, f):.0%}" for f in FIELDS)
            + f" | {right}/{len(checks)} ({right / max(1, len(checks)):.0%}) | {sum(bool(c.error) for c in checks)} |"
        )  # fmt: skip
    for folder, checks in results:
        lines += ["", f"{folder.name}:", "", "| file | docs | " + " | ".join(FIELDS) + " |"]
        lines.append("|---|---|" + "---|" * len(FIELDS))
        for c in checks:
            lines.append(f"| {c.path.name} | {c.documents} | " + " | ".join(c.marks[f] for f in FIELDS) + " |")
        failed = [f"- {c.path.name}: {c.error}" for c in checks if c.error]
        if failed:
            lines += ["", "Failed to parse:", "", *failed]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    dev = SHARED / "corpus-dev"
    parser.add_argument("--corpus", type=Path, action="append", help="folder (repeatable); default txt/ and originals/")
    parser.add_argument("--tsv", type=Path, default=SHARED / "eval" / "dev-external-docs.tsv")
    parser.add_argument("--write", action="store_true", help="put the figures in docs/benchmarks.md")
    args = parser.parse_args()
    folders = args.corpus or [dev / "txt", dev / "originals"]
    expected = read_expected(args.tsv)
    results = []
    for folder in folders:
        checks, no_file, no_row = check_corpus(folder, expected)
        print("\n".join(report_lines(folder, checks, no_file, no_row)) + "\n", flush=True)
        results.append((folder, checks))
    if args.write:
        command = (
            ".venv/bin/python -m bench.metadata" + "".join(f" --corpus {f}" for f in args.corpus or []) + " --write"
        )
        replace_section("Metadata of real documents", markdown(results, command))
        print("wrote the Metadata of real documents section of docs/benchmarks.md")


if __name__ == "__main__":
    main()
