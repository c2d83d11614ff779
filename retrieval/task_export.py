"""A list of tasks as a spreadsheet (.xlsx, for Excel and LibreOffice) or CSV: one row per task, a column per field.

The .xlsx has a frozen header row with filters, column widths set for reading, wrapped text, real dates
(dd/mm/yyyy), and a second sheet saying what the list is and when it was made.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .deadlines import RECURRENCE_LABELS
from .register import Task

Cell = str | int | dt.date | None
MAX_CELL_CHARS = 32_000  # Excel holds 32,767 characters in a cell
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    header: str
    width: int  # in characters, as Excel counts them


COLUMNS: tuple[Column, ...] = (
    Column("Văn bản", 16),
    Column("Mục", 16),
    Column("Nhiệm vụ", 60),
    Column("Chủ trì", 30),
    Column("Phối hợp", 30),
    Column("Thời hạn (nguyên văn)", 20),
    Column("Từ ngày", 12),
    Column("Đến ngày", 12),
    Column("Định kỳ", 14),
    Column("Trích dẫn", 45),
    Column("Nguyên văn", 70),
    Column("Tệp nguồn, dòng", 24),
)
HEADERS = [c.header for c in COLUMNS]


def task_row(task: Task) -> list[Cell]:
    d = task.deadline
    return [
        task.doc_number or task.doc_name,
        task.item,
        task.task,
        "; ".join(task.lead_names),
        "; ".join(task.cooperating_names),
        d.printed if d else "",
        d.start if d else None,
        d.end if d else None,
        RECURRENCE_LABELS[d.recurring] if d and d.recurring else "",
        task.citation,
        task.quote if task.verbatim else "",
        f"{task.source}:{task.line}" if task.line else task.source,
    ]


def xlsx_bytes(tasks: Sequence[Task], title: str, made: dt.datetime | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = "Nhiệm vụ"
    sheet.append(HEADERS)
    for task in tasks:
        sheet.append([_cell(v) for v in task_row(task)])
    header_font, header_fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = column.width
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = wrap
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    for cell in sheet[1]:
        cell.font, cell.fill = header_font, header_fill
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(1, len(tasks) + 1)}"
    about = workbook.create_sheet("Thông tin")
    about.append(["Danh sách", title])
    about.append(["Số nhiệm vụ", len(tasks)])
    about.append(["Lập lúc", (made or dt.datetime.now()).strftime("%d/%m/%Y %H:%M")])
    about.append(
        ["Ghi chú", "Cột “Nguyên văn” trích đúng văn bản; “Từ ngày”, “Đến ngày” đọc từ thời hạn in trong văn bản."]
    )
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 90
    workbook.properties.title = title
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def write_xlsx(tasks: Sequence[Task], path: Path, title: str) -> None:
    path.write_bytes(xlsx_bytes(tasks, title))


def write_csv(tasks: Sequence[Task], path: Path) -> None:
    """UTF-8 with a byte order mark, so Excel opens the Vietnamese text as written; dates as YYYY-MM-DD."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for task in tasks:
            writer.writerow(
                ["" if v is None else v.isoformat() if isinstance(v, dt.date) else v for v in task_row(task)]
            )


def _cell(value: Cell) -> Cell:
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        return value[: MAX_CELL_CHARS - 1] + "…"
    return value
