"""Scans → text by OCR with Tesseract's Vietnamese model: image-only PDFs (pages rasterised at 300 dpi) and
.png/.jpg/.tif images.

Tesseract's TSV output gives every word with its block, paragraph and line, and its box; lines come from it and
paragraphs from the same geometry as a PDF's text layer (:mod:`.pdflayout`), with Tesseract's own paragraph
breaks kept. Ruled tables are found on the page image by their lines (:mod:`.scantables`), the lines blanked out
before OCR, and the words inside a table read as its cells, row by row, as the text-layer reader reads
pdfplumber's tables. Progress is reported after each page; Tesseract's output is kept by :mod:`.ocrcache`, so
a rebuild does not recognise a page twice. Without Tesseract or its Vietnamese data the file is refused with a
message that names the Debian packages.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from .errors import UnreadableFile, missing_tool
from .limits import MAX_OCR_PAGES, OCR_PAGE_SECONDS
from .ocrcache import OcrCache, default_cache, tesseract_version
from .ocrrepair import repair_roman_headings, repair_row_numbers
from .pdflayout import Line, Page, Word, drop_furniture, fold_columns, group_lines, paragraphs
from .scantables import DARK, Table, find_tables, is_table, without_rules

DPI = 300
PACKAGES = "tesseract-ocr tesseract-ocr-vie"
MIN_CONFIDENCE = 10  # words Tesseract itself doubts this much are specks, not text
TABLE_IDS = 1_000_000  # tables' ids, apart from the page numbers fold_columns gives a page's two-column blocks
MAX_TABLES_PER_PAGE = 1000
CELL_GAP_INCHES = 0.13  # white around the cells read again (a line's spacing: each is a line of its own)
FAINT = 200  # lighter grey than this is paper
MIN_CELL_INK = 20  # dark pixels: less is a speck left of a ruling line, not a letter
OCR_WORKERS = max(1, min(4, os.cpu_count() or 1))


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
    try:
        # pdfium is not thread-safe: pages are rendered here, one by one, and only recognised in parallel
        images = (document[number].render(scale=DPI / 72).to_pil().convert("L") for number in range(len(document)))
        read = _ocr_pages(program, images, len(document), DPI, name, progress)
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
    return _text(_ocr_pages(program, iter(frames), len(frames), dpi, name, progress))


def _ocr_pages(  # type: ignore[no-untyped-def]
    program: str, images, count: int, dpi: int, name: str, progress: Callable[[int, int], None] | None
) -> list[Page]:
    """The pages recognised OCR_WORKERS at a time, each Tesseract on one thread;
    at most twice as many images wait in memory. Progress is reported in page order."""
    read: list[Page] = []
    pending: deque[Future[Page]] = deque()
    pool = ThreadPoolExecutor(max_workers=OCR_WORKERS, thread_name_prefix="ocr")

    def collect() -> None:
        read.append(pending.popleft().result())
        if progress is not None:
            progress(len(read), count)

    try:
        for number, image in enumerate(images):
            pending.append(pool.submit(_ocr_page, program, image, name, number, dpi))
            while len(pending) > 2 * OCR_WORKERS:
                collect()
        while pending:
            collect()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return read


def _text(pages: list[Page]) -> str:
    drop_furniture(pages)
    return "\n".join(repair_row_numbers(repair_roman_headings(paragraphs(pages))))


def _ocr_page(program: str, image, name: str, number: int, dpi: int) -> Page:  # type: ignore[no-untyped-def]
    found = find_tables(image, dpi)
    image = without_rules(image, found)
    width, height = image.size
    scale = 72 / dpi  # points, as a PDF's text layer
    words = []
    paragraph_of: dict[tuple[float, float], tuple[str, str, str]] = {}
    for row in _tesseract(program, image, dpi, "3", name, number):
        left, top = int(row["left"]) * scale, int(row["top"]) * scale
        word = Word(row["text"], left, left + int(row["width"]) * scale, top, top + int(row["height"]) * scale)
        words.append(word)
        paragraph_of[(word.x0, word.top)] = (row["block_num"], row["par_num"], row["line_num"])
    words += _empty_cells_words(program, image, found.tables, words, dpi, name, number)
    tables = [(table, rows) for table in found.tables if is_table(rows := table.rows(words))]
    outside = [w for w in words if not any(table.holds(w) for table, _ in tables)]
    lines = group_lines(outside, width * scale)
    _mark_paragraph_starts(lines, paragraph_of)
    for index, (table, rows) in enumerate(tables):
        lines.extend(_table_lines(table, rows, TABLE_IDS + number * MAX_TABLES_PER_PAGE + index))
    lines.sort(key=lambda line: line.top)
    return Page(width * scale, height * scale, fold_columns(lines, width * scale, number))


def _tesseract(program: str, image, dpi: int, psm: str, name: str, number: int) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    """Tesseract's words (TSV rows of level 5 with text it does not doubt) on a grey image, each as high as the
    line Tesseract read it in: a word's own box is as tight as its ink, and a dash or a comma's middle is so far
    from its neighbours' that :func:`.pdflayout.group_lines` put it on a line of its own ("2020 - 2025" came
    out as "2020 2025" and "-"); a text layer's words are all as high as their font."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    arguments = ["-l", "vie", "--dpi", str(dpi), "--psm", psm, "tsv"]
    cache = default_cache()
    key = OcrCache.key(buffer.getvalue(), tesseract_version(program), arguments) if cache else ""
    output = cache.get(key) if cache else None
    if output is None:
        output = _run_tesseract([program, "stdin", "stdout", *arguments], buffer.getvalue(), name, number)
        if cache:
            cache.put(key, output)
    rows = []
    line_of: dict[tuple[str, str, str, str], tuple[str, str]] = {}  # (page, block, paragraph, line) → top, height
    for row in csv.DictReader(
        io.StringIO(output.decode("utf-8", "replace")), delimiter="\t", quoting=csv.QUOTE_NONE
    ):
        key = (row.get("page_num", ""), row.get("block_num", ""), row.get("par_num", ""), row.get("line_num", ""))
        if row.get("level") == "4":
            line_of[key] = (row["top"], row["height"])
        text = (row.get("text") or "").strip()
        if row.get("level") == "5" and text and float(row.get("conf") or -1) >= MIN_CONFIDENCE:
            top, height = line_of.get(key, (row["top"], row["height"]))
            rows.append({**row, "text": text, "top": top, "height": height})
    return rows


def _run_tesseract(command: list[str], image: bytes, name: str, number: int) -> bytes:
    # Tesseract's OpenMP threads spin against each other and against the other pages' runs: on 2 cores a page
    # took 17 s with them and 4.6 s on one thread, with the same output
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(command, input=image, capture_output=True, timeout=OCR_PAGE_SECONDS, env=env)
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
    return done.stdout


def _empty_cells_words(  # type: ignore[no-untyped-def]
    program: str, image, tables: list[Table], words: list[Word], dpi: int, name: str, number: int
) -> list[Word]:
    """Words in table cells that the page's OCR left empty although they hold ink: Tesseract's page layout
    drops a lone short word in a narrow column (the row numbers 2, 3, 4 under "TT"). Those cells are cut out,
    stacked one under another with white between them, and read in one more Tesseract run as a block of lines;
    each word goes back to the cell it was read in."""
    from PIL import Image

    pixels = np.asarray(image).copy()
    pixels[pixels > FAINT] = 255  # the grey edge of a blanked ruling line is not text
    to_px = dpi / 72
    pad = round(CELL_GAP_INCHES * dpi)
    crops: list[tuple[int, int, int, int]] = []  # page pixel box of a cell's ink: left, top, right, bottom
    for table in tables:
        for cell in table.cells():
            if any(cell.holds(w) for w in words):
                continue
            left, top = round(cell.x0 * to_px) + 3, round(cell.top * to_px) + 3
            right, bottom = round(cell.x1 * to_px) - 3, round(cell.bottom * to_px) - 3
            ink = pixels[top:bottom, left:right] < 128
            if right - left > 4 and bottom - top > 4 and ink.sum() >= MIN_CELL_INK:
                rows, columns = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
                crops.append((left + columns[0], top + rows[0], left + columns[-1] + 1, top + rows[-1] + 1))
    if not crops:
        return []
    # cut to their ink (a digit alone in a wide white box is read as "g¿", under its neighbours as a digit) and
    # black on white (grey, an "8" came out "lô")
    clean = Image.fromarray(np.where(pixels < DARK, 0, 255).astype(np.uint8), mode="L")
    sheet_width = max(right - left for left, _, right, _ in crops) + 2 * pad
    sheet = Image.new("L", (sheet_width, sum(bottom - top + pad for _, top, _, bottom in crops) + pad), 255)
    placed: list[tuple[int, int, int, int]] = []  # sheet top and bottom; page minus sheet x and y
    y = pad
    for left, top, right, bottom in crops:
        sheet.paste(clean.crop((left, top, right, bottom)), (pad, y))
        placed.append((y, y + bottom - top, left - pad, top - y))
        y += bottom - top + pad
    found = []
    scale = 72 / dpi
    for row in _tesseract(program, sheet, dpi, "6", name, number):
        middle = int(row["top"]) + int(row["height"]) / 2
        for sheet_top, sheet_bottom, dx, dy in placed:
            if sheet_top <= middle <= sheet_bottom:
                left, top = (int(row["left"]) + dx) * scale, (int(row["top"]) + dy) * scale
                found.append(
                    Word(row["text"], left, left + int(row["width"]) * scale, top, top + int(row["height"]) * scale)
                )
                break
    return found


def _table_lines(table: Table, rows: list[list[str]], table_id: int) -> list[Line]:
    """The table's rows as :mod:`.pdflayout` takes a table: a line per row that has text, its cells, the table's
    id, an empty word where the row begins (the text-layer reader's form)."""
    lines = []
    for top, cells in zip(table.ys, rows, strict=False):
        if any(cells):
            anchor = Word("", table.x0, table.x1, top, top + 1)
            lines.append(Line([anchor], "\t".join(cells), cells=cells, table_id=table_id))
    return lines


def _mark_paragraph_starts(lines: list[Line], paragraph_of: dict[tuple[float, float], tuple[str, str, str]]) -> None:
    """Tesseract's paragraph breaks: a line whose first word opens another (block, paragraph) than the line before
    starts a paragraph."""
    previous: tuple[str, str] | None = None
    for line in lines:
        key = paragraph_of.get((line.words[0].x0, line.words[0].top))
        current = key[:2] if key else None
        line.new_paragraph = previous is not None and current is not None and current != previous
        previous = current
