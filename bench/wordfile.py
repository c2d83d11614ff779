"""A text file of the sample layout as the Word document it was made from.

The sample ``.txt`` files are what a reader got out of Word/PDF originals: paragraphs separated by blank lines,
``**bold**`` and ``<i>italic</i>`` marks, and tables as runs of tab-separated lines, cut at every page break with
the column headers repeated. Here they are put back the way an office keeps them in Word: every line a paragraph
with its bold and italic runs, and every table one real Word table: the pieces cut by page breaks joined again
(the header row repeats on each page by itself, as Word's "repeat header row"), a row cut by a page break whole
again, a two-line header with its merged cells, a group heading ("I- BAN CÁN SỰ ĐẢNG UBND TỈNH") as one cell
across the row, and a "chủ trì" cell left empty because it belongs to the cell above a real vertical merge.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table

from retrieval.layout import glue_points
from retrieval.vietnamese import ascii_fold

from .filetools import stable_zip

FIXED_TIME = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)  # core properties, so a rebuilt file is byte-identical
TEXT_WIDTH_CM = 16.0  # A4 with the margins of Nghị định 30/2020 (left 3 cm, right 2 cm)
CM_PER_CHAR = 0.3  # a bold 13 pt letter, about (LibreOffice may set Times in the wider DejaVu Serif)
CELL_PADDING_CM = 0.4

_MARK = re.compile(r"(\*\*|</?i>)")
_STAR_ITALIC = re.compile(r"(?<![*\w])\*([^\s*](?:[^*]*[^\s*])?)\*(?![*\w])")  # *báo cáo*, not a lone *
_ROW_NUMBER = re.compile(r"^\d+(\.\d+)*\.?$")
_GROUP_LABEL = re.compile(r"^[IVXL]+(?:[-.)]|\s|$)")


# ---------------------------------------------------------------- the text's blocks


@dataclass
class Span:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Paragraph:
    spans: list[Span]

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass
class Cell:
    """One cell of a planned table; ``span`` columns wide; ``merge`` is Word's vMerge ("restart"/"continue")."""

    text: str
    span: int = 1
    merge: str | None = None


@dataclass
class TablePlan:
    rows: list[list[Cell]]
    header_rows: int = 0
    widths: list[float] = field(default_factory=list)  # cm


Block = Paragraph | TablePlan


def inline_spans(text: str, bold: bool = False) -> tuple[list[Span], bool]:
    """Text with ``**bold**``, ``*italic*`` and ``<i>italic</i>`` marks as styled spans; returns the bold state at
    the end (a bold span may go on to the next line). A lone ``*`` (the star under a Party issuer) is text."""
    spans: list[Span] = []
    italic = False
    for piece in _MARK.split(_STAR_ITALIC.sub(r"<i>\1</i>", text)):
        if piece == "**":
            bold = not bold
        elif piece == "<i>":
            italic = True
        elif piece == "</i>":
            italic = False
        elif piece:
            spans.append(Span(piece, bold, italic))
    return spans, bold


def unglue(line: str) -> list[str]:
    """A line glued from several printed lines ("ĐẢNG CỘNG SẢN VIỆT NAM*Bắc Giang, ngày …***NGHỊ QUYẾT**")
    as those lines, each with its own marks: a glue run closes the marks open on its left (italic "*", bold
    "**") and opens the rest on its right. Where the text reader splits is retrieval.layout's rule."""
    cuts = {m.start(): m for m in glue_points(line)}
    pieces, start, italic, bold = [], 0, False, False
    for m in re.finditer(r"\*+", line):
        run = len(m.group(0))
        if m.start() not in cuts:
            italic, bold = italic ^ (run in (1, 3)), bold ^ (run >= 2)
            continue
        closing = ("*" if italic else "") + ("**" if bold else "")
        closing = closing[:run]
        opening = run - len(closing)
        pieces.append(line[start : m.start()] + closing)
        italic, bold = opening in (1, 3), opening >= 2
        start = m.end() - opening
    pieces.append(line[start:])
    return [p for p in pieces if p.strip("* ")]


def plain(text: str) -> str:
    return "".join(s.text for s in inline_spans(text)[0])


def read_blocks(text: str) -> list[Block]:
    """The paragraphs (one per line) and tables (runs of tab-separated lines) of a text, in order."""
    lines = text.replace("\r\n", "\n").split("\n")
    blocks: list[Block] = []
    pieces: list[list[list[str]]] = []  # tab runs of the table being built, separated only by blank lines
    bold = False
    i = 0
    while i < len(lines):
        if "\t" in lines[i]:
            j = i
            while j < len(lines) and "\t" in lines[j]:
                j += 1
            run = [line.split("\t") for line in lines[i:j]]
            if pieces and not continues_table(pieces, run):
                blocks.append(plan_table(pieces))
                pieces = []
            pieces.append(run)
            i = j
            continue
        line = lines[i].strip()
        i += 1
        if not line:
            bold = False  # a stray ** never runs past its paragraph
            continue
        if pieces:
            blocks.append(plan_table(pieces))
            pieces = []
        for piece in unglue(line):  # lines the text reader glued together are paragraphs of their own
            spans, bold = inline_spans(piece, bold)
            if spans:
                blocks.append(Paragraph(spans))
    if pieces:
        blocks.append(plan_table(pieces))
    return blocks


# ---------------------------------------------------------------- tables


def _header_rows(run: list[list[str]]) -> int:
    """How many rows at the top of a tab run are column headers: 0, 1, or 2 when a second line names the parts
    of a merged title ("Cấp ban hành văn bản" over "Tỉnh ủy | BTV Tỉnh ủy")."""
    if not run or _is_data_row(run[0]):
        return 0
    if len(run) > 1 and not run[1][0].strip() and not _is_data_row(run[1]):
        under_gap = [k for k, c in enumerate(run[1]) if c.strip() and (k >= len(run[0]) or not run[0][k].strip())]
        if under_gap:
            return 2
    return 1


def _is_data_row(row: list[str]) -> bool:
    first = plain(row[0]).strip()
    return bool(_ROW_NUMBER.match(first)) or is_group_heading(row)


def is_group_heading(row: list[str]) -> bool:
    """ "I- BAN CÁN SỰ ĐẢNG UBND TỈNH" or "I | Tỉnh ủy ban hành": a Roman label and a name, nothing in the other cells."""
    filled = [k for k, c in enumerate(row) if plain(c).strip()]
    if not filled or filled[-1] > 1:
        return False
    label = plain(row[filled[0]]).strip()
    return bool(_GROUP_LABEL.match(label)) and not _ROW_NUMBER.match(label)


def continues_table(pieces: list[list[list[str]]], run: list[list[str]]) -> bool:
    """A tab run goes on the table before it when it repeats that table's header (a page break cut it)."""
    n = _header_rows(pieces[0])
    return n > 0 and _texts(run[:n]) == _texts(pieces[0][:n])


def _texts(rows: list[list[str]]) -> list[list[str]]:
    return [[plain(c).strip() for c in row] for row in rows]


def plan_table(pieces: list[list[list[str]]]) -> TablePlan:
    """One Word table from the tab runs of one table: repeated headers dropped, cut rows joined, merges planned."""
    n_header = _header_rows(pieces[0])
    rows: list[list[str]] = [list(r) for r in pieces[0]]
    for run in pieces[1:]:
        body = [list(r) for r in run[n_header:]]
        if body and rows and not body[0][0].strip() and not is_group_heading(body[0]):
            _join_cut_row(rows[-1], body.pop(0))
        rows += body
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    planned = [[Cell(c.strip()) for c in r] for r in rows]
    _merge_header(planned, n_header)
    lead = _lead_column(rows[:n_header])
    for r, row in enumerate(rows[n_header:], start=n_header):
        if is_group_heading(row):
            _span_group_heading(planned[r], row)
    if lead is not None:
        _merge_lead_cells(planned, rows, n_header, lead)
    return TablePlan(planned, n_header, _widths(rows[n_header:] or rows, rows[:n_header]))


def _join_cut_row(previous: list[str], tail: list[str]) -> None:
    for k, text in enumerate(tail):
        if text.strip() and k < len(previous):
            previous[k] = f"{previous[k].rstrip()} {text.strip()}".strip()
        elif text.strip():
            previous.append(text.strip())


def _merge_header(planned: list[list[Cell]], n_header: int) -> None:
    """A two-line header: a title over empty cells spans them; a title over an empty second line spans both lines."""
    if n_header != 2:
        return
    top, under = planned[0], planned[1]
    k = 0
    while k < len(top):
        if top[k].text:
            extra = 0
            while k + extra + 1 < len(top) and not top[k + extra + 1].text and under[k + extra + 1].text:
                extra += 1
            if extra and under[k].text:
                top[k].span = extra + 1
                for gone in top[k + 1 : k + extra + 1]:
                    gone.span = 0
            elif not under[k].text:
                top[k].merge, under[k].merge = "restart", "continue"
            k += extra + 1
        else:
            k += 1


def _lead_column(header: list[list[str]]) -> int | None:
    for row in header:
        for k, text in enumerate(row):
            if "chu tri" in ascii_fold(plain(text)):
                return k
    return None


def _span_group_heading(cells: list[Cell], row: list[str]) -> None:
    """A group heading's name spans to the end of the row; a Roman label in a cell of its own keeps that cell."""
    label_cell = bool(plain(row[0]).strip()) and len(row) > 1 and bool(plain(row[1]).strip())
    start = 1 if label_cell else 0
    if not label_cell:
        cells[0].text = cells[0].text or cells[1].text  # " | IV- ỦY BAN KIỂM TRA TỈNH ỦY": the name moves left
    cells[start].span = len(cells) - start
    for gone in cells[start + 1 :]:
        gone.span = 0


def _merge_lead_cells(planned: list[list[Cell]], rows: list[list[str]], n_header: int, lead: int) -> None:
    """An empty "chủ trì" cell of a numbered row under a filled one of the same group continues it (vMerge)."""
    origin: int | None = None  # row whose lead cell the next empty ones continue
    for r in range(n_header, len(rows)):
        row = rows[r]
        if is_group_heading(row) or not plain(row[0]).strip():
            origin = None
            continue
        if plain(row[lead]).strip():
            origin = r
            continue
        if origin is not None:
            planned[origin][lead].merge = "restart"
            planned[r][lead].merge = "continue"


def _widths(body: list[list[str]], header: list[list[str]]) -> list[float]:
    """Column widths in cm from the text they hold (the task column wide), never narrower than their longest
    word, so "TT" and "Thời gian" do not break letter by letter."""
    width = max(len(r) for r in body + header)
    weights, floors = [], []
    for k in range(width):
        cells = [plain(r[k]) for r in body if k < len(r) and r[k].strip()]
        mean = sum(map(len, cells)) / len(cells) if cells else 1.0
        words = [w for r in body + header if k < len(r) for w in plain(r[k]).split()]
        floors.append(CM_PER_CHAR * (max(map(len, words), default=2) + 1) + CELL_PADDING_CM)
        weights.append(min(max(mean, 3.0), 120.0) ** 0.7)
    total = sum(weights)
    widths = [max(TEXT_WIDTH_CM * w / total, f) for w, f in zip(weights, floors, strict=True)]
    excess = sum(widths) - TEXT_WIDTH_CM
    if excess > 0:  # taken from the columns that have room beyond their floor
        room = [w - f for w, f in zip(widths, floors, strict=True)]
        spare = sum(room) or 1.0
        widths = [w - excess * r / spare for w, r in zip(widths, room, strict=True)]
    return widths


# ---------------------------------------------------------------- the Word document


def build_document(blocks: list[Block]):  # type: ignore[no-untyped-def]
    """A python-docx Document holding the blocks, laid out like an administrative document (A4, Times New Roman 13)."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)
    normal.paragraph_format.space_after = Pt(4)
    for block in blocks:
        if isinstance(block, Paragraph):
            _add_paragraph(document, block)
        else:
            _add_table(document, block)
    props = document.core_properties
    props.author = props.last_modified_by = "vanban bench.convert"
    props.created = props.modified = FIXED_TIME
    props.revision = 1
    return document


def _is_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and text == text.upper()


def _add_paragraph(document, block: Paragraph) -> None:  # type: ignore[no-untyped-def]
    paragraph = document.add_paragraph()
    heading = _is_heading(block.text)
    if heading and not re.match(r"^([IVXL]+|\d+)[.\-)]", block.text.strip()):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif len(block.text) > 90:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for span in block.spans:
        run = paragraph.add_run(span.text)
        run.bold = span.bold or heading or None
        run.italic = span.italic or None


def _add_table(document, plan: TablePlan) -> None:  # type: ignore[no-untyped-def]
    n_cols = len(plan.rows[0])
    table: Table = document.add_table(rows=len(plan.rows), cols=n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Cm(w) for w in plan.widths]
    for k, column in enumerate(table.columns):
        column.width = widths[k]
    for r, row in enumerate(table.rows):
        for k, cell in enumerate(row.cells):
            cell.width = widths[k]
        if r < plan.header_rows:
            _repeat_as_header(row)
    for r, cells in enumerate(plan.rows):  # horizontal merges first: the grid indices below stay valid
        for k, cell in enumerate(cells):
            if cell.span > 1:
                table.cell(r, k).merge(table.cell(r, k + cell.span - 1))
    for k in range(n_cols):
        r = 0
        while r < len(plan.rows):
            if plan.rows[r][k].merge == "restart":
                end = r + 1
                while end < len(plan.rows) and plan.rows[end][k].merge == "continue":
                    end += 1
                table.cell(r, k).merge(table.cell(end - 1, k))
                r = end
            else:
                r += 1
    for r, cells in enumerate(plan.rows):
        for k, cell in enumerate(cells):
            if cell.span == 0 or cell.merge == "continue":
                continue
            target = table.cell(r, k).paragraphs[0]
            for span in inline_spans(cell.text)[0]:
                run = target.add_run(span.text)
                run.bold = span.bold or r < plan.header_rows or None
                run.italic = span.italic or None
            if r < plan.header_rows:
                target.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _repeat_as_header(row) -> None:  # type: ignore[no-untyped-def]
    """Word's "Repeat as header row at the top of each page" (w:tblHeader)."""
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def document_text(blocks: list[Block]) -> str:
    """The words of the Word document as its reader sees them, without the text file's marks: one line per
    paragraph, one tab-separated line per table row (a merged cell's text in its first cell)."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
            continue
        for cells in block.rows:
            row = [plain(c.text) if c.span and c.merge != "continue" else "" for c in cells]
            lines.append("\t".join(row))
        lines.append("")
    return "\n".join(lines) + "\n"


def write_docx(blocks: list[Block], target: Path) -> Path:
    """The Word form of one sample text file's blocks, byte-identical when rebuilt from the same text."""
    target.parent.mkdir(parents=True, exist_ok=True)
    build_document(blocks).save(target)
    stable_zip(target)
    return target
