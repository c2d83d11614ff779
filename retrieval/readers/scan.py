"""Scans → text by OCR with Tesseract's Vietnamese model: image-only PDFs (pages rasterised at 300 dpi) and
.png/.jpg/.tif images.

Tesseract's TSV output gives every word with its block, paragraph and line, and its box; lines come from it and
paragraphs from the same geometry as a PDF's text layer (:mod:`.pdflayout`), with Tesseract's own paragraph
breaks kept. Progress is reported after each page. Without Tesseract or its Vietnamese data the file is refused
with a message that names the Debian packages.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from collections.abc import Callable

from .errors import UnreadableFile, missing_tool
from .limits import MAX_OCR_PAGES, OCR_PAGE_SECONDS
from .pdflayout import Line, Page, Word, drop_furniture, fold_columns, group_lines, paragraphs

DPI = 300
PACKAGES = "tesseract-ocr tesseract-ocr-vie"
MIN_CONFIDENCE = 10  # words Tesseract itself doubts this much are specks, not text


def check_tesseract(name: str) -> str:
    program = shutil.which("tesseract")
    if program is None:
        raise missing_tool(name, "Tesseract OCR", PACKAGES, "bản scan (ảnh, PDF không có lớp chữ)")
    langs = subprocess.run([program, "--list-langs"], capture_output=True, timeout=30).stdout.decode()
    if "vie" not in langs.split():
        raise missing_tool(name, "Tesseract's Vietnamese data", "tesseract-ocr-vie", "bản scan tiếng Việt")
    return program


def pdf_scan_text(data: bytes, name: str, pages: int, progress: Callable[[int, int], None] | None) -> str:
    program = check_tesseract(name)
    if pages > MAX_OCR_PAGES:
        raise UnreadableFile(
            f"{name}: a scan of {pages} pages, over the OCR limit of {MAX_OCR_PAGES}",
            f"Bản scan có {pages} trang, vượt giới hạn nhận dạng {MAX_OCR_PAGES} trang.",
        )
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    read: list[Page] = []
    try:
        for number in range(len(document)):
            image = document[number].render(scale=DPI / 72).to_pil().convert("L")
            read.append(_ocr_page(program, image, name, number, DPI))
            if progress is not None:
                progress(number + 1, len(document))
    finally:
        document.close()
    return _text(read)


def image_text(data: bytes, name: str, progress: Callable[[int, int], None] | None) -> str:
    program = check_tesseract(name)
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        frames = [frame.convert("L") for frame in ImageSequence.Iterator(image)][:MAX_OCR_PAGES]
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise UnreadableFile(
            f"{name}: not a readable image ({type(exc).__name__}: {exc})",
            "Tệp ảnh bị hỏng hoặc không đọc được.",
        ) from exc
    dpi = round(float((image.info.get("dpi") or (DPI, DPI))[0])) or DPI
    read = []
    for number, frame in enumerate(frames):
        read.append(_ocr_page(program, frame, name, number, dpi))
        if progress is not None:
            progress(number + 1, len(frames))
    return _text(read)


def _text(pages: list[Page]) -> str:
    drop_furniture(pages)
    return "\n".join(paragraphs(pages))


def _ocr_page(program: str, image, name: str, number: int, dpi: int) -> Page:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    command = [program, "stdin", "stdout", "-l", "vie", "--dpi", str(dpi), "--psm", "3", "tsv"]
    try:
        done = subprocess.run(command, input=buffer.getvalue(), capture_output=True, timeout=OCR_PAGE_SECONDS)
    except subprocess.TimeoutExpired as exc:
        raise UnreadableFile(
            f"{name}: OCR of page {number + 1} took longer than {OCR_PAGE_SECONDS:.0f} s",
            f"Nhận dạng chữ trang {number + 1} quá lâu nên đã dừng.",
        ) from exc
    if done.returncode != 0:
        raise UnreadableFile(
            f"{name}: Tesseract failed on page {number + 1}: {done.stderr.decode('utf-8', 'replace')[-200:]}",
            "Không nhận dạng được chữ trong bản scan.",
        )
    width, height = image.size
    scale = 72 / dpi  # points, as a PDF's text layer
    words = []
    paragraph_of: dict[tuple[float, float], tuple[str, str, str]] = {}
    for row in csv.DictReader(io.StringIO(done.stdout.decode("utf-8", "replace")), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text or float(row.get("conf") or -1) < MIN_CONFIDENCE:
            continue
        left, top = int(row["left"]) * scale, int(row["top"]) * scale
        word = Word(text, left, left + int(row["width"]) * scale, top, top + int(row["height"]) * scale)
        words.append(word)
        paragraph_of[(word.x0, word.top)] = (row["block_num"], row["par_num"], row["line_num"])
    lines = group_lines(words, width * scale)
    _mark_paragraph_starts(lines, paragraph_of)
    return Page(width * scale, height * scale, fold_columns(lines, width * scale, number))


def _mark_paragraph_starts(lines: list[Line], paragraph_of: dict[tuple[float, float], tuple[str, str, str]]) -> None:
    """Tesseract's paragraph breaks: a line whose first word opens another (block, paragraph) than the line before
    starts a paragraph."""
    previous: tuple[str, str] | None = None
    for line in lines:
        key = paragraph_of.get((line.words[0].x0, line.words[0].top))
        current = key[:2] if key else None
        line.new_paragraph = previous is not None and current is not None and current != previous
        previous = current
