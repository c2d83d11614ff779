"""Real-file test fixtures in tests/data/, made from the Word originals of ../shared/corpus-dev/originals/.

    .venv/bin/python -m bench.fixtures [--originals DIR] [--force]

Makes text-layer PDFs (LibreOffice headless), a two-page scan with no text layer (pdftoppm, 200 dpi 1-bit, CCITT
G4 in an image-only PDF, as fax-mode office scanners save), one page as a PNG, a legacy .doc and an .rtf
(LibreOffice), and a .docx whose "I." / "1." / "-" labels exist only in its numbering part (Word's automatic
numbering), made with python-docx from a real original. tests/data/README.md says which is which. A fixture newer
than its source is kept unless --force; the PDFs and the .docx come out byte-identical when remade.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from PIL import Image

from retrieval.settings import PROJECT_ROOT

from .filetools import image_pdf, is_stale, rasterise, soffice_convert, stable_zip
from .report import SHARED

FIXTURES = PROJECT_ROOT / "tests" / "data"
MAX_BYTES = 150 * 1024

CHI_THI = "TTg-CT-07-CT-TTg-2012-03-02"  # Chỉ thị of the Prime Minister: 1., a), -
CONG_VAN = "LC-SCT-CV-don-doc-bao-cao-hoa-chat-2025"  # công văn of a Sở: V/v, Kính gửi, an appendix table
KE_HOACH = "LC-SCT-KH-2242-KH-SCT-2026-04-23"  # kế hoạch of a Sở: I., 1., -, an appendix table
NGHI_DINH = "CP-ND-32-2024-ND-CP-2024-03-15"  # Nghị định: Chương, Điều, khoản, điểm
PDF_SOURCES = (CHI_THI, CONG_VAN, KE_HOACH, NGHI_DINH)

# Word's numbering for a kế hoạch: "I." upper Roman, then "1." restarting under each, then "-" bullets
_LABEL = re.compile(r"^(?P<label>[IVX]+\.|\d+\.|-)[ \t\u00a0]+")
_LEVELS = (("upperRoman", "%1."), ("decimal", "%2."), ("bullet", "-"))


def _roman(n: int) -> str:
    values = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in values:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _level(label: str) -> int:
    return 2 if label == "-" else 1 if label[0].isdigit() else 0


def _strip_label(paragraph, length: int) -> None:  # type: ignore[no-untyped-def]
    """Remove the first `length` characters of the paragraph's text from its runs."""
    for run in paragraph.runs:
        if length <= 0:
            return
        text = run.text
        run.text, length = text[length:], length - len(text)


def _add_numbering(document) -> int:  # type: ignore[no-untyped-def]
    """A three-level list definition in the numbering part; returns its numId."""
    numbering = document.part.numbering_part.element
    abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    abstract_id, num_id = max(abstract_ids, default=-1) + 1, max(num_ids, default=0) + 1
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/><w:suff w:val="space"/><w:pPr><w:ind w:left="0" w:firstLine="567"/></w:pPr></w:lvl>'
        for i, (fmt, text) in enumerate(_LEVELS)
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/>{levels}</w:abstractNum>'
    )
    existing = numbering.findall(qn("w:abstractNum"))
    if existing:  # the schema wants every abstractNum before the first num
        existing[-1].addnext(abstract)
    else:
        numbering.insert(0, abstract)
    numbering.append(
        parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>')
    )
    return num_id


def word_numbering_docx(original: Path, target: Path) -> Path:
    """The original with its typed "I." / "1." / "-" labels turned into Word automatic numbering.

    Checks that the labels Word will draw are the ones that were typed, so the text a reader rebuilds from
    numbering.xml is the published text.
    """
    document = docx.Document(str(original))
    num_id = _add_numbering(document)
    counters = [0, 0]
    numbered = 0
    for paragraph in document.paragraphs:  # body paragraphs only: the header and appendix tables keep their text
        match = _LABEL.match(paragraph.text)
        if not match:
            continue
        label, level = match.group("label"), _level(match.group("label"))
        if level < 2:
            counters[level] += 1
            if level == 0:
                counters[1] = 0
            drawn = f"{_roman(counters[0])}." if level == 0 else f"{counters[1]}."
            if drawn != label:
                raise SystemExit(f"{original.name}: Word would draw {drawn!r} where the text says {label!r}")
        _strip_label(paragraph, match.end())
        num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()  # python-docx has no public numbering API
        num_pr.get_or_add_ilvl().val = level
        num_pr.get_or_add_numId().val = num_id
        numbered += 1
    if not numbered:
        raise SystemExit(f"{original.name}: no typed labels found to number")
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    stable_zip(target)
    return target


def make_fixtures(originals: Path, out: Path, force: bool = False) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    source = {stem: originals / f"{stem}.docx" for stem in PDF_SOURCES}
    missing = [p.name for p in source.values() if not p.exists()]
    if missing:
        raise SystemExit(f"originals not found in {originals}: {missing}")

    def stale(target: Path, origin: Path) -> bool:
        return force or is_stale(target, origin)

    made: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="vanban-fixtures-") as tmp:
        work = Path(tmp)
        for stem in PDF_SOURCES:
            if stale(out / f"{stem}.pdf", source[stem]):
                made += soffice_convert([source[stem]], out, "pdf")
        for stem, kind in ((CHI_THI, "doc"), (CONG_VAN, "rtf")):
            if stale(out / f"{stem}.{kind}", source[stem]):
                made += soffice_convert([source[stem]], out, kind)
        scan = out / f"{CHI_THI}-scan.pdf"
        if stale(scan, source[CHI_THI]):
            pages = rasterise(out / f"{CHI_THI}.pdf", work / "scan", 200, "mono", "tiff", first=1, last=2)
            made.append(image_pdf(pages, scan, 200))
        png = out / f"{CONG_VAN}-page1.png"
        if stale(png, source[CONG_VAN]):
            (page,) = rasterise(out / f"{CONG_VAN}.pdf", work / "png", 200, "mono", "png", first=1, last=1)
            with Image.open(page) as image:  # pdftoppm writes mono pages as RGB; a scanner's B/W page is 1-bit
                image.convert("1").save(png, optimize=True, dpi=(200, 200))
            made.append(png)
        numbered = out / f"{KE_HOACH}-word-numbering.docx"
        if stale(numbered, source[KE_HOACH]):
            made.append(word_numbering_docx(source[KE_HOACH], numbered))
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--originals", type=Path, default=SHARED / "corpus-dev" / "originals")
    parser.add_argument("--out", type=Path, default=FIXTURES)
    parser.add_argument("--force", action="store_true", help="remake fixtures that are up to date")
    args = parser.parse_args()
    made = make_fixtures(args.originals, args.out, args.force)
    for path in sorted(p for p in args.out.iterdir() if p.name != "README.md"):
        size = path.stat().st_size
        flag = "  (over the ~150 KB budget)" if size > MAX_BYTES else ""
        print(f"{'made' if path in made else 'kept'} {path.name}: {size / 1024:.0f} KB{flag}")


if __name__ == "__main__":
    main()
