"""Tables that a PDF-to-text conversion wrote one cell per paragraph, header cells included.

    TT                                   ← the header, one cell per paragraph
    Nhiệm vụ cụ thể
    Cơ quan, tổ chức đảng chủ trì
    Thời hạn thực hiện
    II Nhiệm vụ thực hiện theo lộ trình   ← a group row
    8                                    ← row numbers, often printed apart from their rows
    Rà soát, hoàn thiện cơ chế …         ← a row: its content, then its other cells
    Đảng ủy HĐND tỉnh; Đảng uỷ UBND tỉnh
    2026 - 2027

Such a converter emits a row's cells in order when they sit side by side, and a run of short rows column by
column (all their contents, then their leads, then their deadlines). A cell is placed by what it is (an agency,
a person, a time, a figure; anything else starts a row as its content) and where it comes: in the last row
when that row has room for all the cells that come before the next row starts, otherwise in the earliest of
the rows still waiting for that column. No library reads this layout back into rows; it is rebuilt here as table lines for ``tables``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .layout import Line
from .vietnamese import ascii_fold
from .vocabulary import is_agency_name

# column kinds of a header cell, read on folded text; the first that matches wins
_HEADER_KINDS = (
    ("number", re.compile(r"^(?:s?tt|so tt|so thu tu)$")),
    ("cooperating", re.compile(r"phoi hop|tham gia")),
    ("lead", re.compile(r"chu tri|co quan thuc hien|don vi thuc hien|trach nhiem thuc hien")),
    ("person", re.compile(r"ca nhan|nguoi phu trach|lanh dao phu trach|dong chi phu trach|phu trach chi dao")),
    ("deadline", re.compile(r"thoi gian|thoi han|tien do|hoan thanh")),
    ("figure", re.compile(r"muc tieu|chi tieu|ket qua|so luong|gia tri")),
    ("content", re.compile(r"noi dung|nhiem vu|ten |trich yeu|de an|du an|chuong trinh")),
)
_MAX_HEADER_CHARS = 60
_ROW_NUMBER = re.compile(r"^(\d{1,3})\.?$")
_NUMBERED_CONTENT = re.compile(r"^(\d{1,3})\.?\s+(\S.*)$")
_GROUP = re.compile(r"^([IVX]+)(?:\.(\d{1,2}))?\.?\s+(\S.*)$")
_PERSON = re.compile(r"^(?:Đồng chí|đồng chí|Đ/c|đ/c)\s")
_TIME = re.compile(
    r"^(?:trước|trong|từ|đến|hằng|hàng|quý|tháng|năm|ngày|giai đoạn|thường xuyên|định kỳ|sau khi|"
    r"\d{4}\b|\d{1,2}/\d{4}|\d{1,2}/\d{1,2}/\d{4})",
    re.IGNORECASE,
)
_FIGURE = re.compile(r"^(?:[<>≤≥]\s*|(?:tối thiểu|tối đa|trên|dưới|đạt)\s+)?[\d.,]+\s*%", re.IGNORECASE)
_TABLE_END = re.compile(r"^(?:Ghi chú|Chú thích|Nơi nhận|PHỤ LỤC|\(\*\))", re.IGNORECASE)
_SHORT_CELL = 120  # an agency, person or time cell is short; a longer paragraph is a row's content

# what each column takes besides its own kind: a person column holds officials named by office too
_ACCEPTS = {
    "lead": {"agency"},
    "cooperating": {"agency"},
    "person": {"person", "agency"},
    "deadline": {"time"},
    "figure": {"figure"},
}


@dataclass
class _Block:
    lines: list[Line]

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines).strip()


@dataclass
class _Row:
    number: str
    cells: dict[int, list[str]] = field(default_factory=dict)  # column index → its text, block by block
    spilled: bool = False  # took a cell after a later row began: its cells come column by column
    printed: list[_Block] = field(default_factory=list)  # its blocks that stand together in the source
    line: Line | None = None  # where it starts

    @property
    def depth(self) -> int:
        return max(self.cells, default=0)


@dataclass
class _Table:
    kinds: list[str]  # column kinds in header order
    out: list[Line | _Row] = field(default_factory=list)  # group rows and rows, in order
    rows: list[_Row] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)  # as printed, to know them repeated on a new page
    last_number: int = 0
    last_block: _Block | None = None
    column_wise: bool | None = None  # how the cells after the last row's content come; None: not yet seen

    @property
    def content(self) -> int:
        return self.kinds.index("content")


def is_cell_paragraph_header(lines: list[Line], at: int) -> bool:
    """Does a header written one cell per paragraph start here ("TT", then column names), with a lead or a
    deadline column (an assignment table)?"""
    if lines[at].is_table or _header_kind(lines[at].text) != "number":
        return False
    kinds = [kind for _, kind in _header_cells(_blocks(lines[at : at + 40]))[0]]
    return "content" in kinds and ("lead" in kinds or "deadline" in kinds) and len(kinds) >= 3


def rebuild_cell_paragraphs(lines: list[Line]) -> tuple[list[Line], int]:
    """(table lines: a header row, group rows and rows; how many of ``lines`` they stand for), from a header
    written one cell per paragraph at ``lines[0]``."""
    blocks = _blocks(lines)
    header, span = _header_cells(blocks)
    table = _Table(kinds=[kind for _, kind in header], headers=[b.text for b, _ in header])
    heading = {id(b) for b, _ in header}
    used = sum(len(b.lines) for b, _ in header)
    body = [b for b in blocks[:span] if id(b) not in heading] + blocks[span:]
    for i, block in enumerate(body):
        if block.lines[0].is_table or _TABLE_END.match(block.text):
            break
        _take(table, block, body[i + 1 :])
        table.last_block = block
        used += len(block.lines)
    if not table.rows:
        return [], 0
    names = [b.text for b, _ in header]
    first = lines[0]
    head = Line("\t".join(names), first.number, first.blank_before, first.indent, cells=names, printed=" ".join(names))
    return [head, *(_line(table, item) for item in table.out)], used


# ---------------------------------------------------------------- reading


def _blocks(lines: list[Line]) -> list[_Block]:
    """Paragraphs: lines up to the next blank line; a second "Đồng chí …" line is a cell of its own."""
    blocks: list[_Block] = []
    for line in lines:
        new = not blocks or line.blank_before or line.is_table or blocks[-1].lines[-1].is_table
        if new or (_PERSON.match(line.text) and _PERSON.match(blocks[-1].text)):
            blocks.append(_Block([line]))
        else:
            blocks[-1].lines.append(line)
    return blocks


def _header_kind(text: str) -> str | None:
    if len(text) > _MAX_HEADER_CHARS:
        return None
    key = ascii_fold(text).strip()
    for kind, pattern in _HEADER_KINDS:
        if pattern.match(key) if kind == "number" else pattern.search(key):
            return kind
    return None


def _header_cells(blocks: list[_Block]) -> tuple[list[tuple[_Block, str]], int]:
    """The header's cells from the first block on (column names, each kind once) and how many blocks they
    span: a group row the conversion put among them ("I Các nhiệm vụ …" after "Nhiệm vụ") is read after."""
    cells: list[tuple[_Block, str]] = []
    span = 0
    for i, block in enumerate(blocks):
        if _GROUP.match(block.text) and cells:
            continue
        kind = _header_kind(block.text)
        if kind is None or any(k == kind for _, k in cells):
            break
        cells.append((block, kind))
        span = i + 1
    return cells, span


def _kind(text: str) -> str:
    if len(text) <= _SHORT_CELL:
        if _PERSON.match(text):
            return "person"
        if _FIGURE.match(text):
            return "figure"
        if _TIME.match(text):
            return "time"
        if is_agency_name(text):
            return "agency"
    return "content"


def _take(table: _Table, block: _Block, following: list[_Block]) -> None:
    text = block.text
    group = _GROUP.match(text)
    numbered = _NUMBERED_CONTENT.match(text)
    if group:
        _group(table, block, group, following)
    elif _ROW_NUMBER.match(text) or text in table.headers:
        return  # a row's TT printed apart, a page number, a header cell repeated on a new page
    elif numbered and _starts_row(table, text):
        _start_row(table, block, numbered.group(2))
    elif not table.rows or _starts_row(table, text):
        _start_row(table, block, text)
    else:
        _place(table, block, _kind(text), following)


def _group(table: _Table, block: _Block, match: re.Match[str], following: list[_Block]) -> None:
    """A group row ("II Nhiệm vụ …") heads the rows under it; a sub-group ("II.1 …") keeps its group's label
    and numbering."""
    label, sub, title = match.groups()
    cells = [f"{label}.{sub}" if sub else label, title]
    first = block.lines[0]
    table.out.append(
        Line("\t".join(cells), first.number, first.blank_before, first.indent, cells=cells, printed=block.text)
    )
    if not sub and _restarts(following, table.last_number):
        table.last_number = 0


def _restarts(blocks: list[_Block], last: int) -> bool:
    """Do the rows under a group row start again at 1? The first row number after it that is 1 or the next
    one tells (a page number printed between is neither)."""
    for block in blocks:
        group = _GROUP.match(block.text)
        if group and not group.group(2):
            break
        m = _ROW_NUMBER.match(block.text) or _NUMBERED_CONTENT.match(block.text)
        if m and int(m.group(1)) in (1, last + 1):
            return int(m.group(1)) == 1
    return True


def _start_row(table: _Table, block: _Block, content: str) -> None:
    table.last_number += 1
    row = _Row(number=str(table.last_number), line=block.lines[0])
    row.cells[table.content] = [content]
    before = table.last_block
    if before is not None and before.text.rstrip(".") == row.number:
        row.printed.append(before)  # its TT just above it: "13 | Đóng cửa 43 bãi …" quoted whole
    row.printed.append(block)
    table.rows.append(row)
    table.out.append(row)
    table.column_wise = None


def _accepting(table: _Table, row: _Row, kind: str) -> int | None:
    """The first column after the row's filled ones that takes a cell of this kind."""
    for column in range(row.depth + 1, len(table.kinds)):
        if kind in _ACCEPTS.get(table.kinds[column], set()):
            return column
    return None


def _place(table: _Table, block: _Block, kind: str, following: list[_Block]) -> None:
    """Row by row, a cell goes to the last row. When more cells come than the last row has columns left,
    the rows above it were printed column by column: each cell goes to the earliest row still waiting for it."""
    last = table.rows[-1]
    if table.column_wise is None:
        table.column_wise = 1 + _cells_before_next_row(table, following) > len(table.kinds) - 1 - last.depth
    candidates = [*_waiting_rows(table), last] if table.column_wise else [last]
    target = next((r for r in candidates if _accepting(table, r, kind) is not None), None)
    if target is None:
        _carry_on(table, last, kind, block)
        return
    column = _accepting(table, target, kind)
    assert column is not None
    target.cells[column] = [block.text]
    if target is not last:
        target.spilled = True
    _note_printed(table, target, block)


def _cells_before_next_row(table: _Table, following: list[_Block]) -> int:
    count = 0
    for block in following:
        text = block.text
        if _GROUP.match(text) or _starts_row(table, text) or block.lines[0].is_table or _TABLE_END.match(text):
            break
        if not (_ROW_NUMBER.match(text) or text in table.headers):
            count += 1
    return count


def _starts_row(table: _Table, text: str) -> bool:
    numbered = _NUMBERED_CONTENT.match(text)
    if numbered and int(numbered.group(1)) == table.last_number + 1 and _kind(numbered.group(2)) == "content":
        return True
    return _kind(text) == "content"


def _waiting_rows(table: _Table) -> list[_Row]:
    """Rows before the last, still waiting for cells that come column by column, earliest first."""
    waiting: list[_Row] = []
    for row in reversed(table.rows[:-1]):  # a run printed column by column may cross a group row
        if not (row.depth <= table.content + 1 or row.spilled):
            break
        waiting.append(row)
    return list(reversed(waiting))


def _carry_on(table: _Table, row: _Row, kind: str, block: _Block) -> None:
    """A cell with no column left for it carries on the last cell that takes its kind (a cell cut in two)."""
    for column in sorted(row.cells, reverse=True):
        if kind in _ACCEPTS.get(table.kinds[column], set()) or column == table.content:
            row.cells[column].append(block.text)
            _note_printed(table, row, block)
            return


def _note_printed(table: _Table, row: _Row, block: _Block) -> None:
    """A block right after the row's own blocks stands with them in its quote."""
    if row.printed and row.printed[-1] is table.last_block:
        row.printed.append(block)


# ---------------------------------------------------------------- writing


def _line(table: _Table, item: Line | _Row) -> Line:
    if isinstance(item, Line):
        return item
    assert item.line is not None
    cells = [item.number] + [" ".join(item.cells.get(c, [])) for c in range(1, len(table.kinds))]
    printed = " ".join(b.text for b in item.printed)
    start = item.line
    return Line("\t".join(cells), start.number, start.blank_before, start.indent, cells=cells, printed=printed)
