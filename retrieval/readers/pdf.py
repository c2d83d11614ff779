"""PDF files with a text layer → the plain layout; PDFs without one go to OCR (:mod:`.scan`).

pdfplumber (pdfminer.six) gives every word with its position and font size, and finds tables by their ruling
lines (``bench/pdftools.py`` measured it against pypdf and poppler's pdftotext on PDFs printed from Word: the
same share of paragraphs, and the only one that keeps a table row's cells together). Words inside a table are
read as its cells; the rest become lines and paragraphs by their geometry (:mod:`.pdflayout`).

Before pdfplumber parses anything, pypdf opens the file to refuse what should not be parsed: a password, more
pages than :data:`MAX_PAGES`, a content stream that inflates past pypdf's limits.
"""

from __future__ import annotations

import io
import re

from .errors import UnreadableFile, damaged
from .limits import Budget
from .pdflayout import Line, Page, Word, drop_furniture, fold_columns, group_lines, join_lines, paragraphs

MAX_PAGES = 2000
MIN_TEXT_CHARS_PER_PAGE = 20  # fewer letters than this on most pages: a scan, read by OCR


def pdf_text(data: bytes, name: str, budget: Budget, progress=None) -> str:  # type: ignore[no-untyped-def]
    pages = check_pdf(data, name)
    budget.allow_pages(pages)
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            read = [_page(page, budget) for page in pdf.pages[:pages]]
    except PDFPasswordIncorrect as exc:
        raise encrypted(name) from exc
    letters = sum(len(re.findall(r"\w", line.text)) for page in read for line in page.lines)
    if letters < MIN_TEXT_CHARS_PER_PAGE * max(1, len(read)) // 2:
        from .scan import pdf_scan_text

        return pdf_scan_text(data, name, len(read), progress)
    drop_furniture(read)
    lines = paragraphs(read)
    budget.add_text(sum(len(line) for line in lines))
    return "\n".join(lines)


def check_pdf(data: bytes, name: str) -> int:
    """The number of pages, after refusing passwords, absurd page counts and streams past pypdf's limits."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise encrypted(name)
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise UnreadableFile(
                f"{name}: {count} pages, over the limit of {MAX_PAGES}",
                f"Tệp PDF có {count} trang, vượt giới hạn {MAX_PAGES} trang.",
            )
        for page in reader.pages:
            page.get_contents()  # inflates the content streams within pypdf's bounds
    except UnreadableFile:
        raise
    except (FileNotDecryptedError, DependencyError) as exc:
        raise encrypted(name) from exc
    except LimitReachedError as exc:
        raise UnreadableFile(
            f"{name}: a stream inflates past the decompression limit ({exc}); refusing a possible PDF bomb",
            "Tệp PDF giải nén ra quá lớn (có thể là tệp độc hại); đã từ chối.",
        ) from exc
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, AssertionError) as exc:
        raise damaged(name, "PDF", f"{type(exc).__name__}: {str(exc)[:200]}") from exc
    return count


def encrypted(name: str) -> UnreadableFile:
    return UnreadableFile(
        f"{name}: the PDF is encrypted with a password",
        "Tệp PDF có mật khẩu nên không đọc được; hãy gửi bản không đặt mật khẩu.",
    )


def _page(page, budget: Budget) -> Page:  # type: ignore[no-untyped-def]
    budget.check()
    width, height = float(page.width), float(page.height)
    tables = [(table, cells) for table in page.find_tables() if _is_table(cells := table.extract())]
    boxes = [table.bbox for table, _ in tables]

    def outside(obj: dict) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    words = [
        Word(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]), float(w.get("size") or 0))
        for w in page.filter(outside).extract_words(extra_attrs=["size"], keep_blank_chars=False)
    ]
    lines = group_lines(words, width)
    for number, (table, rows) in enumerate(tables):
        x0, top, x1, _ = table.bbox
        for row, cells in zip(table.rows, rows, strict=False):
            row_top = float(row.bbox[1]) if row.bbox else top
            text = [_cell_text(cell) for cell in cells]
            if any(text):
                anchor = Word("", x0, x1, row_top, row_top + 1)
                lines.append(Line([anchor], "\t".join(text), cells=text, table_id=id(page) + number))
    lines.sort(key=lambda line: line.top)
    return Page(width, height, fold_columns(lines, width, id(page) - 1))


def _cell_text(cell: str | None) -> str:
    """A cell's lines as one line, a compound cut at its hyphen ("2021-" / "2025") whole again."""
    text = ""
    for line in (cell or "").split("\n"):
        line = " ".join(line.split())
        text = join_lines(text, line) if text and line else text or line
    return text


def _is_table(rows: list[list[str | None]]) -> bool:
    """Ruled boxes are a table when two rows or more have two filled cells: a framed paragraph or a box drawn
    around a phrase is not."""
    return sum(1 for row in rows if sum(1 for cell in row if cell and cell.strip()) >= 2) >= 2
