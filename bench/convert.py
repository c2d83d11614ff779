"""The sample corpus in the forms offices keep it: Word with real tables, PDF printed from that Word file by
LibreOffice, and that PDF scanned (pages as 200 dpi grey JPEG images, no text layer).

    .venv/bin/python -m bench.convert OUT_DIR [--corpus data/corpus]

Writes OUT_DIR/docx, OUT_DIR/pdf and OUT_DIR/scan, one file per .txt (the 40-document booklet stays one file),
and OUT_DIR/wordtext: the words of each Word file as plain text (no ** or * marks, rows cut by page breaks whole),
which bench.formats adds to the text corpus as the reference for quote fidelity.
Work whose output is newer than its input is skipped (--force remakes it); the same input, LibreOffice and
fonts give byte-identical outputs.
Needs LibreOffice (soffice) and poppler-utils (pdftoppm); scripts/setup.sh installs them as root.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from retrieval.settings import get_settings

from .filetools import is_stale, scan_pdf, soffice_convert
from .wordfile import document_text, read_blocks, write_docx

FORMATS = ("docx", "pdf", "scan")
WORD_TEXT = "wordtext"  # the words of each Word file without the text file's marks: a reference for quotes
SCAN_DPI = 200


@dataclass
class Step:
    made: list[str] = field(default_factory=list)
    skipped: int = 0
    seconds: float = 0.0


def convert_corpus(corpus: Path, out: Path, say: Callable[[str], None] = print, force: bool = False) -> dict[str, Step]:
    """Make (or bring up to date) the docx, pdf and scan forms of every .txt of the corpus; `force` remakes all
    (after a change of converter, LibreOffice or fonts, which file times cannot show)."""

    def stale(target: Path, source: Path) -> bool:
        return force or is_stale(target, source)

    texts = sorted(corpus.glob("*.txt"))
    if not texts:
        raise SystemExit(f"no .txt files in {corpus}")
    steps = {name: Step() for name in FORMATS}

    started = time.perf_counter()
    for text in texts:
        target, words = out / "docx" / f"{text.stem}.docx", out / WORD_TEXT / f"{text.stem}.txt"
        if stale(target, text) or stale(words, text):
            blocks = read_blocks(text.read_text(encoding="utf-8"))
            write_docx(blocks, target)
            words.parent.mkdir(parents=True, exist_ok=True)
            words.write_text(document_text(blocks), encoding="utf-8")
            steps["docx"].made.append(target.name)
        else:
            steps["docx"].skipped += 1
    steps["docx"].seconds = time.perf_counter() - started

    started = time.perf_counter()
    words = [out / "docx" / f"{t.stem}.docx" for t in texts]
    todo = [w for w in words if stale(out / "pdf" / f"{w.stem}.pdf", w)]
    steps["pdf"].made = [p.name for p in soffice_convert(todo, out / "pdf", "pdf")]
    steps["pdf"].skipped = len(words) - len(todo)
    steps["pdf"].seconds = time.perf_counter() - started

    started = time.perf_counter()
    for word in words:
        pdf, target = out / "pdf" / f"{word.stem}.pdf", out / "scan" / f"{word.stem}.pdf"
        if stale(target, pdf):
            scan_pdf(pdf, target, SCAN_DPI)
            steps["scan"].made.append(target.name)
        else:
            steps["scan"].skipped += 1
    steps["scan"].seconds = time.perf_counter() - started

    for name, step in steps.items():
        say(f"{name:5} made {len(step.made)}, up to date {step.skipped}, {step.seconds:.1f} s -> {out / name}")
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder for docx/, pdf/ and scan/")
    parser.add_argument("--corpus", type=Path, default=get_settings().corpus_dir)
    parser.add_argument("--force", action="store_true", help="remake outputs that look up to date")
    args = parser.parse_args()
    convert_corpus(args.corpus, args.out, force=args.force)


if __name__ == "__main__":
    main()
