"""Dev-external quality on documents as their issuers published them: the Word originals of corpus-dev, the PDFs
LibreOffice prints from them and 200 dpi scans of those PDFs, beside the text forms of the same documents.

    .venv/bin/python -m bench.originals [--dir var/formats-originals] [--write]

Only the questions of `dev-external.jsonl` about the documents that have an original are asked (and every
no_answer question); quotes must stand in the text form or in the words of the Word original. bench.formats
does the same for the sample corpus converted by bench.convert; here the Word files are not ours. `--write` puts
the figures in docs/benchmarks.md under "Formats: Word originals". Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

from retrieval.readers import read_file
from retrieval.settings import PROJECT_ROOT

from .convert import SCAN_DPI
from .filetools import is_stale, scan_pdf, soffice_convert
from .formats import FormatRun, markdown, quote_reference, run_format, summary_lines
from .report import SHARED, replace_section

ORIGINALS = SHARED / "corpus-dev" / "originals"
TEXTS = SHARED / "corpus-dev" / "txt"
GOLD = SHARED / "eval" / "dev-external.jsonl"
DEFAULT_DIR = PROJECT_ROOT / "var" / "formats-originals"


def prepare(out: Path) -> dict[str, Path]:
    """The four forms of the documents that have an original: txt, docx (the originals), pdf, scan."""
    originals = sorted(ORIGINALS.glob("*.docx"))
    txt = out / "txt"
    txt.mkdir(parents=True, exist_ok=True)
    for word in originals:
        link = txt / f"{word.stem}.txt"
        if not link.exists():
            link.symlink_to((TEXTS / f"{word.stem}.txt").resolve())
    stale = [w for w in originals if is_stale(out / "pdf" / f"{w.stem}.pdf", w)]
    soffice_convert(stale, out / "pdf", "pdf")
    for word in originals:
        pdf, scan = out / "pdf" / f"{word.stem}.pdf", out / "scan" / f"{word.stem}.pdf"
        if is_stale(scan, pdf):
            scan_pdf(pdf, scan, SCAN_DPI)
    return {"txt": txt, "docx": ORIGINALS, "pdf": out / "pdf", "scan": out / "scan"}


def _asks_about(question: dict, stems: set[str]) -> bool:
    return question["kind"] == "no_answer" or Path(question.get("source", "")).stem in stems


def questions_about(stems: set[str], target: Path) -> Path:
    lines = [
        line for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip() and _asks_about(json.loads(line), stems)
    ]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copy(GOLD.parent / "score.py", target.parent)  # the gold set's scorer is the one beside it
    return target


def word_texts(originals: Path, target: Path) -> Path:
    """The words of each Word original as the product reads them: what the docx, PDF and scan forms quote."""
    target.mkdir(parents=True, exist_ok=True)
    for word in sorted(originals.glob("*.docx")):
        (target / f"{word.stem}.txt").write_text(read_file(word), encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="where the pdf/ and scan/ forms are kept")
    parser.add_argument("--write", action="store_true", help="put the figures in docs/benchmarks.md")
    args = parser.parse_args()
    forms = prepare(args.dir)
    runs: list[FormatRun] = []
    with tempfile.TemporaryDirectory(prefix="vanban-originals-") as tmp:
        gold = questions_about({w.stem for w in ORIGINALS.glob("*.docx")}, Path(tmp) / "gold.jsonl")
        words = word_texts(forms["docx"], Path(tmp) / "words")
        quotes_in = quote_reference(forms["txt"], words, Path(tmp) / "quotes")
        for name, folder in forms.items():
            runs.append(run_format(name, folder, gold, quotes_in))
            print("\n".join(summary_lines(runs[-1], runs[0])), flush=True)
    if args.write:
        body = markdown(runs, ".venv/bin/python -m bench.originals --write")
        body[0:5] = [
            f"{body[0].split(' The sample')[0]} The {len(list(ORIGINALS.glob('*.docx')))} Word originals of",
            "`../shared/corpus-dev/originals` as published, as PDF printed from them by LibreOffice and as 200 dpi grey",
            "scans of those PDFs, beside their text forms; scored on the `dev-external.jsonl` questions about them (and",
            "every no_answer question). Quotes must stand in the text form or in the words of the Word original.",
        ]
        replace_section("Formats: Word originals", body)
        print(f"wrote the 'Formats: Word originals' section of {PROJECT_ROOT / 'docs' / 'benchmarks.md'}")


if __name__ == "__main__":
    main()
