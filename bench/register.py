"""The assignment register and document relations, measured per corpus. Prints figures; asserts nothing.

.venv/bin/python -m bench.register [--corpus DIR ...] [--write]

Per corpus: documents, tasks found, the share of printed deadlines read into a date range or a recurring class
(and the printed deadlines that were not, for review), distinct agency names before and after normalisation,
quotes verified against the sources, relations found. `--write` puts the figures in docs/benchmarks.md under
"Register" and leaves the rest of the file as it is.
"""

from __future__ import annotations

import argparse
import platform
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from retrieval.deadlines import parse_deadline
from retrieval.documents import corpus_files, load_corpus
from retrieval.quotes import QuoteChecker
from retrieval.readers import read_file
from retrieval.register import Register
from retrieval.relations import RelationKind, Relations
from retrieval.settings import PROJECT_ROOT
from retrieval.vietnamese import fold

from .report import replace_section

SHOWN_UNREAD = 25


def default_corpora() -> list[Path]:
    """The sample corpus, and the development corpus of other issuers in the nearest ``shared/`` above the
    checkout (``../shared`` for the main checkout, ``../../shared`` for a worktree)."""
    found = [PROJECT_ROOT / "data" / "corpus"]
    for parent in PROJECT_ROOT.parents:
        dev = parent / "shared" / "corpus-dev" / "txt"
        if dev.is_dir():
            found.append(dev)
            break
    return found


@dataclass
class Figures:
    corpus: Path
    files: int
    refused: int
    documents: int
    tasks: int
    printed: int  # tasks with a deadline printed
    dated: int  # read into a range (possibly also recurring)
    recurring_only: int  # read into a recurring class only
    verified: int  # quotes that stand verbatim in the source
    names_printed: int  # distinct agency names as printed
    names_written_out: int  # distinct after abbreviations are written out (any case, tone placement)
    agencies: int  # distinct agencies after normalisation, each in its province
    relations: Counter[str] = field(default_factory=Counter)
    resolved: int = 0  # relations to a document the corpus holds
    unread: Counter[str] = field(default_factory=Counter)  # printed deadlines read into nothing
    seconds: float = 0.0
    cells: int = 0  # every cell of a printed deadline column, whatever the parser made of the table
    cells_read: int = 0
    cells_unread: Counter[str] = field(default_factory=Counter)

    @property
    def read_share(self) -> float:
        return (self.dated + self.recurring_only) / self.printed if self.printed else float("nan")


_DEADLINE_HEADER = re.compile(r"^(?:thời gian|thời hạn)", re.IGNORECASE)


def deadline_cells(text: str) -> list[str]:
    """The cells under a "Thời gian …" / "Thời hạn …" header in the text's tables (markdown pipes or tabs): an
    independent sample of deadlines as printed, to read whatever the parser extracts today."""
    cells: list[str] = []
    column: int | None = None
    for line in text.splitlines():
        sep = "|" if line.strip().startswith("|") else "\t" if "\t" in line else None
        if sep is None:
            if not line.strip():
                continue
            column = None  # the table ended
            continue
        row = [c.strip() for c in (line.strip().strip("|").split("|") if sep == "|" else line.split("\t"))]
        headers = [i for i, c in enumerate(row) if _DEADLINE_HEADER.match(c) and len(c) < 40]
        if headers:
            column = headers[0]
            continue
        cell = row[column] if column is not None and column < len(row) else ""
        if re.search(r"\w", cell) and not re.fullmatch(r"\(?\d+\)?", cell):  # not the "(5)" of a numbering row
            cells.append(re.sub(r"\s+", " ", cell))
    return cells


def measure(corpus: Path) -> Figures:
    report = load_corpus(corpus)
    checker = QuoteChecker({name: fold(read_file(corpus / name)) for name in report.files})
    started = time.perf_counter()
    register = Register.build(report.documents, checker)
    relations = Relations.build(report.documents, checker)
    seconds = time.perf_counter() - started
    deadlines = [t.deadline for t in register.tasks if t.deadline is not None]
    printed_names = {n for t in register.tasks for n in [*t.lead, *t.cooperating]}
    written = {fold(n) for t in register.tasks for n in [*t.lead_names, *t.cooperating_names]}
    cells = [c for path in corpus_files(corpus) for c in deadline_cells(_text(path))]
    read_cells = [parse_deadline(c) for c in cells]
    return Figures(
        corpus=corpus,
        files=len(report.files) + len(report.failures),
        refused=len(report.failures),
        documents=len(report.documents),
        tasks=len(register.tasks),
        printed=len(deadlines),
        dated=sum(1 for d in deadlines if d.dated),
        recurring_only=sum(1 for d in deadlines if not d.dated and d.recurring is not None),
        verified=sum(1 for t in register.tasks if t.verbatim),
        names_printed=len(printed_names),
        names_written_out=len(written),
        agencies=len(register.agencies),
        relations=Counter(r.kind.value for r in relations.all),
        resolved=sum(1 for r in relations.all if r.target_id),
        unread=Counter(d.printed for d in deadlines if not d.resolved),
        seconds=seconds,
        cells=len(cells),
        cells_read=sum(1 for d in read_cells if d is not None and d.resolved),
        cells_unread=Counter(c for c, d in zip(cells, read_cells, strict=True) if d is None or not d.resolved),
    )


def _text(path: Path) -> str:
    try:
        return read_file(path)
    except (OSError, ValueError):
        return ""


def lines(all_figures: list[Figures]) -> list[str]:
    out = [
        f"Made by `.venv/bin/python -m bench.register --write` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; "
        f"{platform.machine()}, Python {platform.python_version()}. The register is built from the parser's "
        "assignments as they stand: its figures move with the parser.",
        "",
        "| corpus | files (refused) | documents | tasks | deadlines printed | read: range | read: recurring only "
        "| read share | quotes verbatim | agency names printed | written out | agencies (in their province) "
        "| relations: implements / based on / cites | to a held document | build |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for f in all_figures:
        r = f.relations
        out.append(
            f"| `{_short(f.corpus)}` | {f.files} ({f.refused}) | {f.documents} | {f.tasks} | {f.printed} | {f.dated} "
            f"| {f.recurring_only} | {f.read_share:.1%} | {f.verified}/{f.tasks} | {f.names_printed} "
            f"| {f.names_written_out} | {f.agencies} | {r[RelationKind.IMPLEMENTS.value]} / "
            f"{r[RelationKind.BASED_ON.value]} / {r[RelationKind.CITES.value]} | {f.resolved} | {f.seconds * 1000:.0f} ms |"
        )
    out += [
        "",
        "The deadline reader on every cell of a printed “Thời gian / Thời hạn” column (pipe and tab tables), "
        "whether or not the parser turned the table into assignments:",
        "",
        "| corpus | cells | read into a range or a recurring class | share |",
        "|---|---|---|---|",
    ]
    for f in all_figures:
        share = f"{f.cells_read / f.cells:.1%}" if f.cells else "—"
        out.append(f"| `{_short(f.corpus)}` | {f.cells} | {f.cells_read} | {share} |")
    for f in all_figures:
        if f.cells_unread:
            out += ["", f"Deadline cells not read in `{_short(f.corpus)}`:"]
            out += [f"- {count} × “{cell[:160]}”" for cell, count in f.cells_unread.most_common(SHOWN_UNREAD)]
    for f in all_figures:
        out += ["", f"Printed deadlines not read in `{_short(f.corpus)}` ({sum(f.unread.values())}):"]
        if not f.unread:
            out.append("none.")
        for printed, count in f.unread.most_common(SHOWN_UNREAD):
            out.append(f"- {count} × “{printed}”")
        if len(f.unread) > SHOWN_UNREAD:
            out.append(f"- … and {len(f.unread) - SHOWN_UNREAD} more")
    return out


def _short(path: Path) -> str:
    path = path.resolve()
    if path.is_relative_to(PROJECT_ROOT):
        return str(path.relative_to(PROJECT_ROOT))
    shared = next((p for p in path.parents if p.name == "shared"), None)
    return str(path.relative_to(shared.parent)) if shared else str(path)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, action="append", help="a corpus folder (repeatable); default both")
    parser.add_argument("--write", action="store_true", help='put the figures in docs/benchmarks.md under "Register"')
    args = parser.parse_args()
    corpora = args.corpus or default_corpora()
    report = lines([measure(c) for c in corpora])
    print("\n".join(report))
    if args.write:
        replace_section("Register", report)


if __name__ == "__main__":
    main()
