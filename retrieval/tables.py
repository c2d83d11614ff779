"""Table lines → rows: repeated headers dropped, continuation lines joined, merged cells filled, groups kept.

Column roles are read from the header (TT, content, lead "chủ trì", cooperating "phối hợp", deadline "thời
gian"). Group rows ("I- BAN TUYÊN GIÁO TỈNH ỦY", "II | NGHỊ ĐỊNH") head the rows under them; where the
numbering restarts under each group, the group label is part of the row's path (["Phụ lục", "III", "12"]) and,
when the table has no lead column, the group names the lead. Rows lettered "a)", "b)" under a numbered row
are its sub-rows (["Phụ lục", "2", "a"]). A row's path starts with the item the table stands in.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from .layout import Line
from .models import Table, TableRow
from .vietnamese import ascii_fold

_ROLE_WORDS = (
    ("number", ("tt", "stt", "so tt", "so thu tu")),
    ("cooperating", ("phoi hop", "tham gia")),
    ("lead", ("chu tri", "co quan thuc hien", "don vi thuc hien", "trach nhiem thuc hien", "co quan soan thao")),
    ("deadline", ("thoi gian", "thoi han", "hoan thanh", "tien do", "ngay gui")),
    ("content", ("noi dung", "the loai", "nhiem vu", "trich yeu", "han che", "ten ", "van ban", "don vi")),
)
_GROUP_RE = re.compile(r"^([IVX]+|[A-H])\s*[-.–]?\s+(.+)$")
_ROW_NUMBER_RE = re.compile(r"^(\d{1,3}(?:\.\d{1,3})?)\.?$")
_ROW_LETTER_RE = re.compile(r"^([a-zđ])[.)]?$")
_LONE_GROUP_RE = re.compile(r"^([IVX]+|[A-H])(?:\.\d{1,2})?\.?$")  # "II", "B.", or a sub-group "II.1"
_COLUMN_NUMBERS = re.compile(r"^\(?\d{1,2}\)?$")


@dataclass
class _Layout:
    header: list[str]
    roles: dict[str, int] = field(default_factory=dict)


def _roles(header: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = ascii_fold(cell)
        for role, words in _ROLE_WORDS:
            if role in roles:
                continue
            if (role == "number" and key in words) or (role != "number" and any(w in f"{key} " for w in words)):
                roles[role] = i
                break
    if "content" not in roles and len(header) > 1:
        roles["content"] = 1 if roles.get("number", 0) == 0 else 0
    return roles


def is_header(cells: list[str]) -> bool:
    first = ascii_fold(cells[0]) if cells else ""
    return first in ("tt", "stt", "so tt", "so thu tu") and len(cells) > 2


def _is_subheader(cells: list[str], layout: _Layout) -> bool:
    """The second line of a two-line header ("" "" "Tỉnh ủy" "BTV Tỉnh ủy" ""), or the column numbers
    "(1) (2) (3)", repeated on every page."""
    filled = [c.strip() for c in cells if c.strip()]
    if filled and all(_COLUMN_NUMBERS.match(c) for c in filled) and len(filled) > 2:
        return True
    if cells[0].strip() or not filled:
        return False
    content_at = layout.roles.get("content", 1)
    if content_at < len(cells) and cells[content_at].strip():
        return False
    return all(len(c) < 30 for c in cells)


def _group(cells: list[str]) -> tuple[str, str] | None:
    """("V", "V- BAN DÂN VẬN TỈNH ỦY") for a group row, whether its label sits in the TT cell or the next."""
    filled = [c.strip() for c in cells if c.strip()]
    if len(filled) > 2 or not filled:
        return None
    lone = _LONE_GROUP_RE.match(filled[0])
    if len(filled) == 2 and lone:
        return lone.group(1), f"{filled[0]} {filled[1]}"
    joined = " ".join(filled)
    m = _GROUP_RE.match(joined)
    if not m:
        return None
    first = cells[0].strip()
    if first and not re.fullmatch(r"(?:[IVX]+|[A-H])(?:\s*[-.–].*)?|(?:[IVX]+|[A-H])\s.+", first):
        return None
    return m.group(1), joined


def parse_table(lines: list[Line], title: str = "", path: list[str] | None = None) -> Table:
    """Rows of one table (its lines may span several pages, each with its header again)."""
    layout: _Layout | None = None
    rows: list[TableRow] = []
    group_label, group_title = "", ""
    parent_number = ""
    for line in lines:
        cells = list(line.cells or line.text.split("\t"))
        if is_header(cells):
            if layout is None:
                layout = _Layout(header=cells, roles=_roles(cells))
            continue
        if layout is None:
            layout = _Layout(header=[], roles={"number": 0, "content": 1})
        if _is_subheader(cells, layout):
            continue
        group = _group(cells)
        if group:
            group_label, group_title = group
            parent_number = ""
            continue
        number = cells[layout.roles.get("number", 0)].strip() if cells else ""
        numbered = _ROW_NUMBER_RE.match(number)
        lettered = _ROW_LETTER_RE.match(number) if not numbered else None
        if numbered or (lettered and parent_number):
            label = numbered.group(1) if numbered else lettered.group(1)  # type: ignore[union-attr]
            row = _row(cells, layout, label, group_label, group_title, line)
            if lettered:
                row.parent = parent_number
            else:
                parent_number = label
            rows.append(row)
        elif rows and any(c.strip() for c in cells):
            _continue_row(rows[-1], cells, layout, line)
    _place_rows(rows, path or [])
    _inherit_leads(rows)
    return Table(title=title, header=layout.header if layout else [], rows=rows, path=list(path or []))


def _cell(cells: list[str], layout: _Layout, role: str) -> str:
    i = layout.roles.get(role)
    return cells[i].strip() if i is not None and i < len(cells) else ""


def _row(cells: list[str], layout: _Layout, number: str, group: str, group_title: str, line: Line) -> TableRow:
    return TableRow(
        path=[],
        number=number,
        group=group_title if group else "",
        group_label=group,
        content=_cell(cells, layout, "content"),
        lead=_cell(cells, layout, "lead"),
        cooperating=_cell(cells, layout, "cooperating"),
        deadline=_cell(cells, layout, "deadline"),
        lines=[line.quote],
        line=line.number,
    )


def _continue_row(row: TableRow, cells: list[str], layout: _Layout, line: Line) -> None:
    """A line with an empty TT cell carries on the row above (a page break cut it)."""
    for role in ("content", "lead", "cooperating", "deadline"):
        extra = _cell(cells, layout, role)
        if extra:
            current = getattr(row, role)
            setattr(row, role, f"{current} {extra}".strip())
    row.lines.append(line.quote)


def _place_rows(rows: list[TableRow], prefix: list[str]) -> None:
    """Rows numbered afresh under each group are cited with the group: ["Phụ lục", "III", "12"]; lettered rows
    with the row they belong to: ["Phụ lục", "2", "a"]."""
    top = [r for r in rows if not r.parent]
    restarts = any(
        int(b.number.split(".")[0]) <= int(a.number.split(".")[0])
        for a, b in itertools.pairwise(top)
        if a.group != b.group
    )
    for row in rows:
        path = list(prefix)
        if row.group_label and restarts:
            path.append(row.group_label)
        if row.parent:
            path.append(row.parent)
        row.path = [*path, row.number]


def _inherit_leads(rows: list[TableRow]) -> None:
    """An empty lead cell means the lead of the row above (a merged cell), within the same group."""
    previous: dict[str, TableRow] = {}  # the last row at each level: top rows, or the sub-rows of one row
    for row in rows:
        before = previous.get(row.parent)
        if not row.lead and before is not None and before.group == row.group and before.lead:
            row.lead = before.lead
            row.lead_inherited_from = before.lead_inherited_from or before.number
        previous[row.parent] = row


# ---------------------------------------------------------------- tables written one cell per line

_CELL_TT = re.compile(r"^(?:\d{1,3}\.?|[a-zđ]\)|[IVX]+\.?)$")


def rebuild_cell_lines(header: Line, following: list[Line]) -> tuple[list[Line], int]:
    """A table whose text conversion put each cell on its own line after a real header row:

        | TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp |      ← header (its last cell spilled below)
        Thời gian thực hiện
        1
        Tổ chức tuyên truyền ...                                    ← a row with its content only
        a)
        Tổ chức Hội nghị ...  /  Cục Lâm nghiệp  /  Vụ Pháp chế  /  Quý III/2026

    → (the rows as table lines, how many of ``following`` they used). Each row starts at a line that is only a
    TT label; its next lines fill the columns in order; lines beyond the last column carry on the content."""
    cells = list(header.cells or [])
    used = 0
    while used < len(following) and not following[used].is_table and _header_word(following[used].text):
        cells.append(following[used].text)
        used += 1
    width = len(cells)
    rows: list[list[Line]] = []
    while used < len(following):
        line = following[used]
        if line.is_table:
            break
        if _CELL_TT.match(line.text.strip()):
            rows.append([line])
        elif rows:
            rows[-1].append(line)
        else:
            break
        used += 1
    out = [Line("\t".join(cells), header.number, header.blank_before, header.indent, cells=cells, printed=header.quote)]
    for row in rows:
        values = [line.text for line in row[:width]]
        extra = [line.text for line in row[width:]]
        if extra and len(values) > 1:
            values[1] = " ".join([values[1], *extra])
        values += [""] * (width - len(values))
        printed = " ".join(line.text for line in row)
        out.append(Line("\t".join(values), row[0].number, row[0].blank_before, row[0].indent, cells=values, printed=printed))
    return out, used


def _header_word(text: str) -> bool:
    key = ascii_fold(text)
    return len(text) < 40 and any(w in key for _, words in _ROLE_WORDS for w in words if len(w) > 3)
