"""Which PDF text extractor to build the PDF reader on: pypdf, pdfplumber and poppler's pdftotext (raw and
-layout) on PDFs printed from Word files, against the Word file's own text. Prints figures; asserts nothing.

    .venv/bin/python -m bench.pdftools PDF_DIR DOCX_DIR

Each PDF_DIR/X.pdf is compared with DOCX_DIR/X.docx read by our .docx reader:
- paragraphs: share of the Word file's paragraphs (30+ characters, outside tables) found whole, spaces
  normalised, in the extractor's text with its lines joined by spaces (reading order and nothing lost or
  interleaved);
- rows: share of the Word file's table rows with 2+ filled cells whose cells all appear, in order, on one line of
  the extractor's output (cells kept together as a row; what a table finder is for);
- seconds per page.
"""

from __future__ import annotations

import argparse
import io
import re
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from retrieval.readers import read_file

Extractor = Callable[[bytes], list[str]]  # PDF bytes → output lines


def pypdf_lines(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [line for page in PdfReader(io.BytesIO(data)).pages for line in (page.extract_text() or "").split("\n")]


def plumber_text_lines(data: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [line for page in pdf.pages for line in (page.extract_text() or "").split("\n")]


def plumber_table_lines(data: bytes) -> list[str]:
    """pdfplumber's text outside tables, and each table row as tab-separated cells."""
    import pdfplumber

    out: list[str] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]

            def outside(obj: dict, boxes: list = boxes) -> bool:
                return not any(b[0] <= obj["x0"] and obj["x1"] <= b[2] and b[1] <= obj["top"] and obj["bottom"] <= b[3]
                               for b in boxes)  # fmt: skip

            out.extend((page.filter(outside).extract_text() or "").split("\n"))
            for table in tables:
                for row in table.extract():
                    out.append("\t".join(" ".join((c or "").split()) for c in row))
    return out


def pdftotext_lines(layout: bool) -> Extractor:
    def run(data: bytes) -> list[str]:
        args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else ["-raw"]), "-", "-"]
        return subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode("utf-8").split("\n")

    return run


def ours(data: bytes) -> list[str]:
    from retrieval.readers import read_bytes

    return read_bytes(data, "x.pdf").split("\n")


EXTRACTORS: dict[str, Extractor] = {
    "pypdf": pypdf_lines,
    "pdftotext -raw": pdftotext_lines(False),
    "pdftotext -layout": pdftotext_lines(True),
    "pdfplumber text": plumber_text_lines,
    "pdfplumber text+tables": plumber_table_lines,
}


def norm(text: str) -> str:
    return " ".join(text.split())


def cells_on_one_line(cells: list[str], line: str) -> bool:
    at = 0
    flat = norm(line)
    for cell in cells:
        found = flat.find(norm(cell), at)
        if found < 0:
            return False
        at = found + len(norm(cell))
    return True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pdfs", type=Path)
    parser.add_argument("docx", type=Path)
    args = parser.parse_args()
    totals = {name: [0, 0, 0, 0, 0.0, 0] for name in EXTRACTORS}  # paragraphs found/all, rows found/all, s, pages
    for pdf in sorted(args.pdfs.glob("*.pdf")):
        word = args.docx / f"{pdf.stem}.docx"
        if not word.exists():
            continue
        reference = read_file(word).split("\n")
        paragraphs = [norm(line) for line in reference if "\t" not in line and len(line) >= 30]
        rows = [[c for c in line.split("\t") if c.strip()] for line in reference if "\t" in line]
        rows = [r for r in rows if len(r) >= 2]
        data = pdf.read_bytes()
        from pypdf import PdfReader

        pages = len(PdfReader(io.BytesIO(data)).pages)
        for name, extract in EXTRACTORS.items():
            started = time.perf_counter()
            lines = extract(data)
            seconds = time.perf_counter() - started
            joined = norm(" ".join(lines))
            joined = re.sub(r"(?<=\w)- (?=\w)", "-", joined)
            t = totals[name]
            t[0] += sum(p in joined for p in paragraphs)
            t[1] += len(paragraphs)
            t[2] += sum(any(cells_on_one_line(r, line) for line in lines) for r in rows)
            t[3] += len(rows)
            t[4] += seconds
            t[5] += pages
    print(f"{'extractor':26} {'paragraphs':>16} {'table rows':>16} {'s/page':>7}")
    for name, (pf, pa, rf, ra, s, pages) in totals.items():
        print(f"{name:26} {pf:>6}/{pa:<5} {pf / max(1, pa):.2f} {rf:>6}/{ra:<5} {rf / max(1, ra):.2f} {s / max(1, pages):7.3f}")


if __name__ == "__main__":
    main()
