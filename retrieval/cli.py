"""`vanban`: ingest, docs, show, ask and eval, usable without Telegram (the bot adds `vanban bot`)."""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING

from . import tasks_cli
from .faults import IndexFault
from .settings import PROJECT_ROOT, Settings, get_settings
from .vietnamese import format_date

if TYPE_CHECKING:  # the index (Chroma and all) is imported only by the commands that use it
    from .index import BuildResult

log = logging.getLogger("vanban")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="vanban", description="Hỏi đáp văn bản chỉ đạo, trích dẫn nguyên văn.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="read the corpus folder and build the index")
    p.add_argument("path", nargs="?", type=Path, help="corpus folder (default CORPUS_DIR)")
    p.add_argument("--full", action="store_true", help="parse and embed every file again (ignore the build cache)")

    p = sub.add_parser("remove", help="remove a document by its number: vanban remove 78/KH-UBND")
    p.add_argument("number")

    p = sub.add_parser("docs", help="list the documents in the index")
    p.add_argument("--json", action="store_true")
    p.add_argument("--relations", action="store_true", help="with what each implements, is based on, is implemented by")

    p = sub.add_parser("show", help="print one item verbatim: vanban show 109-NQ/TU III 2")
    p.add_argument("document")
    p.add_argument("item", nargs="*")

    p = sub.add_parser("ask", help="answer a question (or JSON lines on stdin with --jsonl)")
    p.add_argument("question", nargs="?")
    p.add_argument("--jsonl", action="store_true")

    tasks_cli.add_parser(sub)

    p = sub.add_parser("eval", help="score the gold question set with ../shared/eval/score.py")
    p.add_argument("--gold", type=Path, default=PROJECT_ROOT.parent / "shared" / "eval" / "dev.jsonl")
    p.add_argument("--show", action="store_true")

    p = sub.add_parser("log", help="the questions asked through the bot, with their feedback (the question log)")
    p.add_argument("--unanswered", action="store_true", help="only questions no document answered")
    p.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="asked on or after this day (UTC)")
    p.add_argument("--csv", type=Path, metavar="FILE", help="write them as CSV to FILE ('-' for standard output)")

    plugins = _plugins(sub)

    args = parser.parse_args(argv)
    settings = get_settings()
    logging.basicConfig(level=settings.log_level.upper(), stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")
    commands = {
        "ingest": _ingest, "remove": _remove, "docs": _docs, "show": _show, "ask": _ask, "eval": _eval, "log": _log, "tasks": _tasks,
    }  # fmt: skip
    if args.command in plugins:
        return plugins[args.command](args)
    return commands[args.command](args, settings)


def _plugins(sub: argparse._SubParsersAction) -> dict[str, Callable[[argparse.Namespace], int]]:  # type: ignore[type-arg]
    """Subcommands other packages add (the Telegram bot adds `vanban bot`) through the "vanban.commands"
    entry point group: each entry is a function that adds its parser and returns the function to run."""
    found: dict[str, Callable[[argparse.Namespace], int]] = {}
    for entry in entry_points(group="vanban.commands"):
        try:
            found[entry.name] = entry.load()(sub)
        except Exception as exc:  # a broken plugin must not take the retrieval commands down with it
            log.warning("subcommand %s unavailable: %s", entry.name, exc)
    return found


def _assistant(settings: Settings, build_if_missing: bool = True):  # type: ignore[no-untyped-def]
    from .assistant import Assistant

    assistant = Assistant(settings)
    if build_if_missing and not assistant.has_index():
        log.info("no index yet in %s: building it from %s", settings.index_dir, settings.corpus_dir)
        assistant.reload()
    return assistant


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from .assistant import Assistant
    from .faults import EmptyCorpus

    corpus = args.path or settings.corpus_dir
    if not corpus.is_dir():
        print(f"Không tìm thấy thư mục văn bản: {corpus}", file=sys.stderr)
        return 2

    try:
        result = Assistant(settings).reload(corpus, _print_progress, full=args.full)
    except EmptyCorpus as fault:
        print(fault.user_message)
        for name, reason in fault.refused.items():
            print(f"  Bỏ qua {name}: {reason}")
        return 1
    except OSError as exc:  # a full disk, a read-only index folder: the build removed what it had written
        log.error("ingest failed: %s", exc)
        print(f"Lập chỉ mục thất bại: không ghi được chỉ mục ({exc.strerror or exc}); chỉ mục cũ vẫn dùng được.")
        return 1
    print(
        f"Đã lập chỉ mục {result.documents} văn bản, {result.chunks} đoạn từ {len(result.files)} tệp "
        f"trong {result.seconds:.1f} giây ({result.generation})."
    )
    print(f"  {build_counts(result)}")
    for name, reason in result.user_failures.items():
        print(f"  Bỏ qua {name}: {reason}")
    return 0


def _remove(args: argparse.Namespace, settings: Settings) -> int:
    from .removal import UnknownDocument

    assistant = _assistant(settings)
    try:
        removal, result = assistant.remove(args.number, _print_progress)
    except UnknownDocument as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(removal.message)
    print(f"Chỉ mục còn {result.documents} văn bản, {result.chunks} đoạn ({result.generation}).")
    print(f"  {build_counts(result)}")
    return 0


def _print_progress(stage: str, counts: dict[str, int]) -> None:
    print(f"  {stage}: " + ", ".join(f"{k}={v}" for k, v in counts.items()), file=sys.stderr)


def build_counts(result: BuildResult) -> str:
    """How much of the corpus a build read again: "parsed 1 of 5 files, 4 from cache"."""
    total = len(result.files) + len(result.failures)
    line = f"parsed {result.parsed} of {total} files, {result.cached} from cache"
    if result.removed:
        line += f", {result.removed} removed"
    if result.failures:
        line += f", {len(result.failures)} unreadable"
    return line + (" (full rebuild)" if result.full else "")


def _docs(args: argparse.Namespace, settings: Settings) -> int:
    assistant = _assistant(settings)
    docs, relations = assistant.documents(), assistant.relations()
    rows = [
        {
            "number": d.meta.number,
            "type": d.meta.doc_type,
            "date": d.meta.date.isoformat() if d.meta.date else None,
            "issuer": d.meta.issuer,
            "title": d.meta.title,
            "source": d.meta.source,
            "sections": d.section_count,
            "assignments": len(d.assignments),
            "id": d.meta.id,
            "signer": d.meta.signer,
            **tasks_cli.links_json(relations.links(d.meta.id), relations),
        }
        for d in docs
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    print(f"{'Số':<13} {'Loại':<23} {'Ngày':<10} {'Cơ quan ban hành':<38} {'Mục':>4} {'Giao':>4}  Trích yếu")
    for d, r in zip(docs, rows, strict=True):
        print(
            f"{(r['number'] or '(không số)'):<13} {r['type'][:23]:<23} {format_date(d.meta.date):<10} "
            f"{r['issuer'][:38]:<38} {r['sections']:>4} {r['assignments']:>4}  {r['title'][:70]}"
        )
        if args.relations:
            for line in tasks_cli.links_lines(relations.links(d.meta.id), relations):
                print(f"{'':<13} ↳ {line}")
    print(f"\n{len(docs)} văn bản.")
    return 0


def _tasks(args: argparse.Namespace, settings: Settings) -> int:
    return tasks_cli.run(args, _assistant(settings).register())


def _show(args: argparse.Namespace, settings: Settings) -> int:
    from .assistant import ItemNotFound

    assistant = _assistant(settings)
    try:
        citation = assistant.show(args.document, args.item)
    except ItemNotFound as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(citation.heading)
    for passage in citation.passages:
        print(f"> {passage}")
    return 0


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    from .assistant import Assistant

    assistant = Assistant(settings)
    if not assistant.has_index():
        log.info("no index yet in %s: building it from %s", settings.index_dir, settings.corpus_dir)
        try:
            assistant.reload()
        except Exception as exc:  # every question is then answered with the fault, none is lost
            log.error("could not build the index from %s: %s: %s", settings.corpus_dir, exc.__class__.__name__, exc)
    if not args.jsonl:
        if not args.question:
            print("Hãy nhập câu hỏi, ví dụ: vanban ask \"ai chủ trì ...?\"", file=sys.stderr)
            return 2
        try:
            print(assistant.ask(args.question).answer)
        except IndexFault as exc:
            log.error("%s", exc)
            print(exc.user_message, file=sys.stderr)
            return 1
        return 0
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(_answer_line(assistant, line.strip()), ensure_ascii=False), flush=True)
    return 0


class _BadLine(ValueError):
    pass


def _answer_line(assistant, line: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """One line of `ask --jsonl` in, one answer out, whatever happens: a line that is not a question, a
    question that raises or an index that fails becomes this line's answer, with the reason in "error"."""
    qid: object = None
    question = line[:MAX_ECHO]
    try:
        item = json.loads(line)
        if not isinstance(item, dict):
            raise _BadLine("the line is not a JSON object")
        qid = item.get("id")
        if not isinstance(item.get("question"), str):
            raise _BadLine('the line has no "question" string')
        question = item["question"]
        return _contract(qid, assistant.ask(question))
    except (json.JSONDecodeError, _BadLine) as exc:
        log.warning("line not answered: %s: %.80s", exc, line)
        return _error_line(qid, question, BAD_LINE, f"bad input line: {exc}")
    except IndexFault as exc:
        log.error("question %s not answered: %s", qid, exc)
        return _error_line(qid, question, exc.user_message, f"{exc.__class__.__name__}: {exc}")
    except Exception as exc:
        log.exception("question %s not answered: %s", qid, exc.__class__.__name__)
        return _error_line(qid, question, FAILED, f"{exc.__class__.__name__}: {exc}")


MAX_ECHO = 2000  # of a line that is not a question, echoed back as its "question"
BAD_LINE = 'Dòng này không phải một câu hỏi: cần một đối tượng JSON có trường "question".'
FAILED = "Xin lỗi, đã có lỗi khi trả lời câu hỏi này."


def _error_line(qid: object, question: str, message: str, error: str) -> dict[str, object]:
    """The answer contract's shape for a line that got no answer, with "error" in English."""
    return {
        "id": qid, "question": question, "found": False, "answer": message, "citations": [],
        "assignment": None, "latency_ms": 0.0, "error": error,
    }  # fmt: skip


def _contract(qid: object, answer) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """The answer contract of ../shared/eval/README.md."""
    return {
        "id": qid,
        "question": answer.question,
        "found": answer.found,
        "answer": answer.answer,
        "citations": [
            {
                "doc_number": c.doc_number,
                "doc_type": c.doc_type,
                "doc_date": c.doc_date,
                "issuer": c.issuer,
                "doc_title": c.doc_title,
                "item": c.item,
                "quote": c.quote,
                "source": c.source,
            }
            for c in answer.citations
        ],
        "assignment": answer.assignment.model_dump(exclude={"note"}) if answer.assignment else None,
        "latency_ms": answer.latency_ms,
    }


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    score = args.gold.parent / "score.py"
    if not score.exists():
        print(f"Không tìm thấy {score}", file=sys.stderr)
        return 2
    _assistant(settings)  # build the index first so the timing below is of answering only
    cmd = [sys.executable, str(score), "--gold", str(args.gold), "--corpus", str(settings.corpus_dir)]
    if args.show:
        cmd.append("--show")
    cmd += ["--", sys.executable, "-m", "retrieval.cli", "ask", "--jsonl"]
    return subprocess.call(cmd)


def _day(text: str) -> datetime:
    try:
        return datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
    except ValueError:
        message = f"ngày phải có dạng YYYY-MM-DD, ví dụ 2026-11-01 (không phải {text})"
        raise argparse.ArgumentTypeError(message) from None


def _log(args: argparse.Namespace, settings: Settings) -> int:
    from .questionlog import QuestionLog, log_path, write_csv

    if not log_path(settings).exists():
        print(f"Chưa có nhật ký câu hỏi ({log_path(settings)}).", file=sys.stderr)
        return 0
    log_file = QuestionLog.open(settings)
    try:
        questions = log_file.questions(args.since, args.unanswered)
    finally:
        log_file.close()
    if args.csv and str(args.csv) == "-":
        write_csv(questions, sys.stdout)
    elif args.csv:
        with open(args.csv, "w", encoding="utf-8-sig", newline="") as handle:  # the BOM lets Excel read UTF-8
            write_csv(questions, handle)
        print(f"Đã ghi {len(questions)} câu hỏi vào {args.csv}.", file=sys.stderr)
    else:
        for q in questions:
            answered = "trả lời" if q.found else "KHÔNG"
            votes = f"👍{q.up} 👎{q.down}"
            print(f"{q.asked_at:%Y-%m-%d %H:%M}  {q.chat_kind.value:<7}  {answered:<7}  {votes}  {q.question}")
            for reason in q.reasons:
                print(f"{'':>19}👎 {reason}")
        print(f"\n{len(questions)} câu hỏi, {sum(q.found for q in questions)} trả lời được (giờ UTC).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
