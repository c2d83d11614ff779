"""`vanban tasks`: the assignment register on the command line, as a table, JSON, CSV or a spreadsheet.

vanban tasks --agency "Sở Tư pháp" --due-in 2024-Q4
vanban tasks --doc 78/KH-UBND --xlsx nhiem-vu.xlsx
vanban tasks --agencies
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .deadlines import DateRange, parse_period
from .register import Agency, Register, Selection, Task, TaskQuery, describe
from .relations import DocumentLinks, Relation, Relations
from .structured import summary
from .task_export import write_csv, write_xlsx

TABLE_TASK_CHARS = 90


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("tasks", help="the assignment register: tasks by agency, deadline and document")
    p.add_argument("--agency", help='an agency as users type it: "Sở Tư pháp", "so tu phap", "Sở TP", "BTG tỉnh ủy"')
    p.add_argument(
        "--due-before", type=_day, metavar="DATE", help="last day on or before DATE (2024-12-31, 31/12/2024)"
    )
    p.add_argument(
        "--due-in", type=_period, metavar="PERIOD", help="falls due in PERIOD: 2024-Q4, 2024-11, quý IV/2021"
    )
    p.add_argument("--doc", help="one document: 78/KH-UBND, 'KH 78'")
    p.add_argument(
        "--role", choices=["lead", "cooperating", "any"], default="any", help="the agency's part (default any)"
    )
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print JSON")
    out.add_argument("--csv", type=Path, metavar="FILE", help="write a CSV file")
    out.add_argument("--xlsx", type=Path, metavar="FILE", help="write an .xlsx spreadsheet")
    out.add_argument("--agencies", action="store_true", help="list the agencies the register holds")


def run(args: argparse.Namespace, register: Register) -> int:
    if args.agencies:
        _print_agencies(register.agencies)
        return 0
    query = TaskQuery(args.agency, args.due_before, args.due_in, args.doc, args.role)
    selection = register.select(query)
    for unknown in selection.unknown:
        print(f"Không tìm thấy “{unknown}” trong danh sách giao việc (xem: vanban tasks --agencies).", file=sys.stderr)
    if selection.unknown:
        return 1
    if args.json:
        print(json.dumps(_json(query, selection), ensure_ascii=False, indent=1))
    elif args.csv:
        write_csv(selection.tasks, args.csv)
        print(f"Đã ghi {len(selection.tasks)} nhiệm vụ vào {args.csv}.")
    elif args.xlsx:
        write_xlsx(selection.tasks, args.xlsx, describe(query, selection))
        print(f"Đã ghi {len(selection.tasks)} nhiệm vụ vào {args.xlsx}.")
    else:
        _print_table(selection)
        print(f"\n{describe(query, selection)}: {len(selection.tasks)} nhiệm vụ.")
    return 0


def _json(query: TaskQuery, selection: Selection) -> dict[str, object]:
    return {
        "query": {
            "agency": query.agency,
            "due_before": query.due_before.isoformat() if query.due_before else None,
            "due_in": [query.due_in.start.isoformat(), query.due_in.end.isoformat()] if query.due_in else None,
            "document": query.document,
            "role": query.role,
        },
        "agencies": [a.label for a in selection.agencies],
        "count": len(selection.tasks),
        "tasks": [{**t.model_dump(mode="json"), "role": selection.role(t)} for t in selection.tasks],
    }


def _print_table(selection: Selection) -> None:
    print(f"{'Thời hạn':<22} {'Văn bản':<13} {'Mục':<22} {'Chủ trì':<34} Nhiệm vụ")
    for t in selection.tasks:
        print(
            f"{_deadline(t)[:22]:<22} {(t.doc_number or '(không số)')[:13]:<13} {t.item[:22]:<22} "
            f"{'; '.join(t.lead_names)[:34]:<34} {summary(t.task, TABLE_TASK_CHARS)}"
        )


def _deadline(task: Task) -> str:
    return task.deadline.printed if task.deadline else "—"


def _print_agencies(agencies: Sequence[Agency]) -> None:
    print(f"{'Tỉnh / cơ quan ban hành':<26} {'Chủ trì':>7} {'Phối hợp':>8}  Cơ quan")
    for a in agencies:
        print(f"{a.context[:26]:<26} {a.lead:>7} {a.cooperating:>8}  {a.name}")
    print(f"\n{len(agencies)} cơ quan.")


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    period = parse_period(text)
    if period is None or period.start != period.end:
        raise argparse.ArgumentTypeError(f"không hiểu ngày “{text}” (ví dụ 2024-12-31 hoặc 31/12/2024)")
    return period.end


def _period(text: str) -> DateRange:
    period = parse_period(text)
    if period is None:
        raise argparse.ArgumentTypeError(f"không hiểu kỳ “{text}” (ví dụ 2024-Q4, 2024-11, quý IV/2021, 2024)")
    return period


# ---------------------------------------------------------------- document links, for `vanban docs`


def links_lines(links: DocumentLinks, relations: Relations) -> list[str]:
    """ "thực hiện: Nghị quyết số 43-NQ/TW ngày 24/11/2023 (không có trong kho)", "được triển khai bởi: ..."."""
    lines = [f"thực hiện: {relations.name_of(r)}" for r in links.implements]
    lines += [f"căn cứ: {relations.name_of(r)}" for r in links.based_on]
    lines += [f"được triển khai bởi: {relations.source_name(r)}" for r in links.implemented_by]
    return lines


def links_json(links: DocumentLinks, relations: Relations) -> dict[str, list[dict[str, object]]]:
    def other(r: Relation) -> dict[str, object]:
        return {"number": r.number, "cited_as": r.cited_as, "in_corpus": r.target_id is not None, "id": r.target_id}

    return {
        "implements": [other(r) for r in links.implements],
        "based_on": [other(r) for r in links.based_on],
        "cites": [other(r) for r in links.cites],
        "implemented_by": [{"id": r.source_id, "name": relations.source_name(r)} for r in links.implemented_by],
    }
