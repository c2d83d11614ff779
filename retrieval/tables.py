"""Appendix table lines → rows: repeated headers dropped, continuation lines joined, merged cells filled.

Column roles are read from the header (TT, content, lead "chủ trì", cooperating "phối hợp", deadline
"thời gian"). Group rows ("I- BAN TUYÊN GIÁO TỈNH ỦY", "II Ban Thường vụ Tỉnh ủy ban hành") head the
rows under them; where the numbering restarts under each group, the group label is part of the row's
path (["Phụ lục", "III", "12"]) and, when the table has no lead column, the group names the lead.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from .layout import Line
from .models import APPENDIX, Table, TableRow
from .vietnamese import ascii_fold

_ROLE_WORDS = (
    ("number", ("tt", "stt", "so tt")),
    ("cooperating", ("phoi hop",)),
    ("lead", ("chu tri",)),
    ("deadline", ("thoi gian", "thoi han", "hoan thanh", "tien do")),
    ("content", ("noi dung", "the loai", "nhiem vu", "trich yeu", "han che")),
)
_GROUP_RE = re.compile(r"^([IVX]+)\s*[-.–]?\s+(.+)$")
_ROW_NUMBER_RE = re.compile(r"^(\d{1,3})\.?$")


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
            if (role == "number" and key in words) or (role != "number" and any(w in key for w in words)):
                roles[role] = i
                break
    if "content" not in roles and len(header) > 1:
        roles["content"] = 1
    return roles


def _is_header(cells: list[str]) -> bool:
    first = ascii_fold(cells[0]) if cells else ""
    return first in ("tt", "stt", "so tt") and len(cells) > 2


def _is_subheader(cells: list[str], layout: _Layout) -> bool:
    """The second line of a two-line header ("" "" "Tỉnh ủy" "BTV Tỉnh ủy" ""), repeated on every page."""
    if cells[0].strip() or not any(c.strip() for c in cells):
        return False
    content_at = layout.roles.get("content", 1)
    if content_at < len(cells) and cells[content_at].strip():
        return False
    return all(len(c) < 30 for c in cells)


def _group(cells: list[str], layout: _Layout) -> tuple[str, str] | None:
    """("V", "V- BAN DÂN VẬN TỈNH ỦY") for a group row, whether its label sits in the TT cell or the next."""
    filled = [c.strip() for c in cells if c.strip()]
    if len(filled) > 2 or not filled:
        return None
    joined = " ".join(filled)
    m = _GROUP_RE.match(joined)
    if not m:
        return None
    first = cells[0].strip()
    if first and not re.fullmatch(r"[IVX]+(?:\s*[-.–].*)?|[IVX]+\s.+", first):
        return None
    return m.group(1), joined


def parse_table(lines: list[Line], title: str = "") -> Table:
    """Rows of one appendix table (its lines may span several pages, each with its header again)."""
    layout: _Layout | None = None
    rows: list[TableRow] = []
    group_label, group_title = "", ""
    groups_seen: list[str] = []
    for line in lines:
        cells = line.text.split("\t")
        if _is_header(cells):
            if layout is None:
                layout = _Layout(header=cells, roles=_roles(cells))
            continue
        if layout is None:
            layout = _Layout(header=[], roles={"number": 0, "content": 1})
        if _is_subheader(cells, layout):
            continue
        group = _group(cells, layout)
        if group:
            group_label, group_title = group
            groups_seen.append(group_label)
            continue
        number = cells[layout.roles.get("number", 0)].strip() if cells else ""
        m = _ROW_NUMBER_RE.match(number)
        printed = " ".join(c.strip() for c in cells if c.strip())
        if m:
            rows.append(_row(cells, layout, m.group(1), group_label, group_title, printed))
            rows[-1].line = line.number
        elif rows and printed:
            _continue_row(rows[-1], cells, layout, printed)
    _place_rows(rows, groups_seen)
    _inherit_leads(rows)
    return Table(title=title, header=layout.header if layout else [], rows=rows)


def _cell(cells: list[str], layout: _Layout, role: str) -> str:
    i = layout.roles.get(role)
    return cells[i].strip() if i is not None and i < len(cells) else ""


def _row(cells: list[str], layout: _Layout, number: str, group: str, group_title: str, printed: str) -> TableRow:
    return TableRow(
        path=[],
        number=number,
        group=group_title if group else "",
        content=_cell(cells, layout, "content"),
        lead=_cell(cells, layout, "lead"),
        cooperating=_cell(cells, layout, "cooperating"),
        deadline=_cell(cells, layout, "deadline"),
        lines=[printed],
    )


def _continue_row(row: TableRow, cells: list[str], layout: _Layout, printed: str) -> None:
    """A line with an empty TT cell carries on the row above (a page break cut it)."""
    for role in ("content", "lead", "cooperating", "deadline"):
        extra = _cell(cells, layout, role)
        if extra:
            current = getattr(row, role)
            setattr(row, role, f"{current} {extra}".strip())
    row.lines.append(printed)


def _place_rows(rows: list[TableRow], groups_seen: list[str]) -> None:
    """Rows numbered afresh under each group are cited with the group: ["Phụ lục", "III", "12"]."""
    restarts = any(int(b.number) <= int(a.number) for a, b in itertools.pairwise(rows) if a.group != b.group)
    for row in rows:
        label = _GROUP_RE.match(row.group).group(1) if row.group and restarts else None  # type: ignore[union-attr]
        row.path = [APPENDIX, label, row.number] if label else [APPENDIX, row.number]


def _inherit_leads(rows: list[TableRow]) -> None:
    """An empty lead cell means the lead of the row above (a merged cell), within the same group."""
    previous: TableRow | None = None
    for row in rows:
        if not row.lead and previous is not None and previous.group == row.group and previous.lead:
            row.lead = previous.lead
            row.lead_inherited_from = previous.lead_inherited_from or previous.number
        previous = row
