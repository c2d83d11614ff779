"""Validate the question sets kept in bench/questions/ against the shared dev sets and corpora.

    .venv/bin/python -m bench.questions.check [--shared ../shared] [--questions bench/questions] [--write-splits]

Checks: every line is a gold line of the shape ../shared/eval/README.md describes; ids are unique across the sets;
every dev question has a wording "a" (with diacritics) and "b" (ASCII letters only) that keep its kind, doc, item
and expected strings; every held-out evidence stands verbatim in its corpus (after NFC and whitespace folding) and
every expected entry has an alternative found there; the per-corpus split files equal the held-out lines of that
corpus (--write-splits rewrites them). Prints kind counts per file; exits 1 on any problem, 2 if inputs are missing.

Scoring each set (the scorer takes one gold file and one corpus; build the corpus-dev index first):
    python3 ../shared/eval/score.py --gold bench/questions/rewordings.jsonl --corpus ../shared/corpus \
        -- .venv/bin/vanban ask --jsonl
    CORPUS_DIR=../shared/corpus-dev/txt INDEX_DIR=/tmp/idx-dev .venv/bin/vanban ingest
    CORPUS_DIR=../shared/corpus-dev/txt INDEX_DIR=/tmp/idx-dev python3 ../shared/eval/score.py \
        --gold bench/questions/rewordings-external.jsonl --corpus ../shared/corpus-dev/txt -- .venv/bin/vanban ask --jsonl
and likewise heldout-own-corpus.jsonl (sample corpus) and heldout-own-corpus-dev.jsonl (corpus-dev).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from retrieval.settings import PROJECT_ROOT

KINDS = ("lead_agency", "cooperating", "deadline", "agency_tasks", "content", "doc_lookup", "no_answer")
GOLD_FIELDS = ("id", "question", "kind", "doc", "item", "expected", "evidence", "note")
CORPORA = {"corpus": Path("corpus"), "corpus-dev": Path("corpus-dev") / "txt"}
REWORDINGS = {"rewordings.jsonl": "dev.jsonl", "rewordings-external.jsonl": "dev-external.jsonl"}
HELDOUT = "heldout-own.jsonl"
TONES = "\u0300\u0301\u0303\u0309\u0323"


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)

    def add(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}")


def space_fold(text: str) -> str:
    """The comparison form for evidence: NFC, runs of whitespace as one space."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def answer_fold(text: str) -> str:
    """The comparison form for expected strings, as the scorer folds answers: new-style tones, no '*', casefold."""
    d = unicodedata.normalize("NFD", space_fold(text).replace("*", " "))
    d = re.sub(r"([oOuU])([aAeEyY])([" + TONES + r"])(?!\w)", r"\1\3\2", d)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", d)).casefold().strip()


def strip_marks(text: str) -> str:
    d = unicodedata.normalize("NFD", answer_fold(text))
    return "".join(c for c in d if unicodedata.category(c) != "Mn").replace("đ", "d")


def doc_key(text: str) -> str:
    return re.sub(r"[\s.]", "", strip_marks(text))


def is_ascii_wording(text: str) -> bool:
    return all(c.isascii() for c in text if c.isalpha())


def has_diacritics(text: str) -> bool:
    return any(not c.isascii() for c in text if c.isalpha())


def load_jsonl(path: Path, report: Report) -> list[dict[str, Any]]:
    lines = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            value = json.loads(raw)
        except json.JSONDecodeError as error:
            report.add(f"{path.name}:{number}", f"not JSON ({error.msg})")
            continue
        if isinstance(value, dict):
            lines.append(value)
        else:
            report.add(f"{path.name}:{number}", "not a JSON object")
    return lines


def is_expected_entry(entry: Any) -> bool:
    if isinstance(entry, list):
        return bool(entry) and all(isinstance(x, str) and x.strip() for x in entry)
    return isinstance(entry, str) and bool(entry.strip())


def check_shape(line: dict[str, Any], where: str, report: Report) -> None:
    """The gold-line contract of ../shared/eval/README.md, with no_answer lines pinning nothing."""
    missing = [name for name in GOLD_FIELDS if name not in line]
    if missing:
        report.add(where, f"missing fields {missing}")
        return
    if not isinstance(line["question"], str) or not line["question"].strip():
        report.add(where, "empty question")
    if line["kind"] not in KINDS:
        report.add(where, f"unknown kind {line['kind']!r}")
    item, expected = line["item"], line["expected"]
    if item is not None and not (isinstance(item, list) and item and all(isinstance(x, str) and x for x in item)):
        report.add(where, "item must be null or a non-empty list of labels")
    if not isinstance(expected, list) or not all(is_expected_entry(e) for e in expected):
        report.add(where, "expected must be a list of strings or lists of alternative strings")
    if line["kind"] == "no_answer":
        if line["doc"] is not None or item is not None or expected or line["evidence"] is not None:
            report.add(where, "a no_answer line has null doc, item and evidence and no expected strings")
    else:
        if not isinstance(line["doc"], str) or not line["doc"].strip():
            report.add(where, "doc must name the cited document")
        if not expected:
            report.add(where, "an answerable line needs expected strings")
        if not isinstance(line["evidence"], str) or not line["evidence"].strip():
            report.add(where, "an answerable line needs its evidence passage")


def check_rewordings(lines: list[dict[str, Any]], sources: list[dict[str, Any]], name: str, report: Report) -> None:
    by_id = {s["id"]: s for s in sources}
    seen: set[str] = set()
    for line in lines:
        where = f"{name}:{line.get('id')}"
        source = by_id.get(line.get("source_id", ""))
        if source is None:
            report.add(where, f"source_id {line.get('source_id')!r} is not in the dev file")
            continue
        tag = str(line.get("id", ""))[-1:]
        if line.get("id") != f"rw-{source['id']}-{tag}" or tag not in "ab":
            report.add(where, f"id must be rw-{source['id']}-a or -b")
        seen.add(str(line.get("id")))
        for key in ("kind", "doc", "item", "expected"):
            if line.get(key) != source.get(key):
                report.add(where, f"{key} differs from {source['id']}")
        question = str(line.get("question", ""))
        if strip_marks(re.sub(r"\W+", " ", question)) == strip_marks(re.sub(r"\W+", " ", source["question"])):
            report.add(where, "same wording as the original")
        if tag == "b" and not is_ascii_wording(question):
            report.add(where, "wording b must be typed without diacritics")
        if tag == "a" and not has_diacritics(question):
            report.add(where, "wording a must keep Vietnamese diacritics")
    for source in sources:
        for tag in "ab":
            if f"rw-{source['id']}-{tag}" not in seen:
                report.add(name, f"{source['id']} has no wording {tag}")


@dataclass(frozen=True)
class SourceText:
    """One corpus file in the forms the checks compare against, folded once."""

    spaced: str
    answered: str
    keyed: str
    words: frozenset[str]

    @classmethod
    def of(cls, text: str) -> SourceText:
        return cls(space_fold(text), answer_fold(text), doc_key(text), frozenset(re.findall(r"\w+", strip_marks(text))))


def load_corpus(folder: Path) -> dict[str, SourceText]:
    return {
        p.name: SourceText.of(p.read_text(encoding="utf-8", errors="replace")) for p in sorted(folder.glob("*.txt"))
    }


def check_doc_name(doc: str, source: SourceText) -> str | None:
    """A number must be printed in the source; a title fragment's words must all occur there."""
    if re.search(r"\d+\s*[-/]", doc):
        return None if doc_key(doc) in source.keyed else f"doc number {doc!r} is not printed in the source"
    absent = [w for w in re.findall(r"\w+", strip_marks(doc)) if w not in source.words]
    return f"title words {absent} of doc are not in the source" if absent else None


def check_heldout(lines: list[dict[str, Any]], corpora: dict[str, dict[str, SourceText]], report: Report) -> None:
    for line in lines:
        where = f"{HELDOUT}:{line.get('id')}"
        corpus = line.get("corpus")
        if corpus not in corpora:
            report.add(where, f"corpus must be one of {sorted(corpora)}")
            continue
        if line.get("kind") == "no_answer":
            continue
        source = line.get("source")
        if source is not None and source not in corpora[corpus]:
            report.add(where, f"source {source!r} is not a file of {corpus}")
            continue
        files = [corpora[corpus][source]] if source else list(corpora[corpus].values())
        evidence = space_fold(str(line.get("evidence") or ""))
        if not any(evidence in f.spaced for f in files):
            report.add(where, "evidence is not verbatim in the source")
        for entry in line.get("expected") or []:
            options = entry if isinstance(entry, list) else [entry]
            if not any(answer_fold(o) in f.answered for o in options for f in files):
                report.add(where, f"expected {entry!r} is not found in the source")
        problem = check_doc_name(str(line.get("doc") or ""), files[0]) if source else None
        if problem:
            report.add(where, problem)


def split_name(corpus: str) -> str:
    return f"heldout-own-{corpus}.jsonl"


def check_splits(folder: Path, lines: list[dict[str, Any]], write: bool, report: Report) -> None:
    """The scorer takes one gold file and one corpus, so each corpus gets its own copy of its held-out lines."""
    for corpus in CORPORA:
        text = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines if x.get("corpus") == corpus)
        path = folder / split_name(corpus)
        if write:
            path.write_text(text, encoding="utf-8")
        elif not path.exists() or path.read_text(encoding="utf-8") != text:
            report.add(path.name, f"out of date with {HELDOUT}; run with --write-splits")


def check_unique_ids(sets: dict[str, list[dict[str, Any]]], report: Report) -> None:
    counts = Counter(str(x.get("id")) for lines in sets.values() for x in lines)
    for identifier, count in sorted(counts.items()):
        if count > 1:
            report.add("ids", f"{identifier} appears {count} times")


def find_shared(start: Path) -> Path | None:
    """../shared beside the checkout; a worktree nested deeper finds it further up."""
    for folder in (start, *start.parents):
        if (folder / "shared" / "eval" / "dev.jsonl").is_file():
            return folder / "shared"
    return None


def kind_table(name: str, lines: list[dict[str, Any]]) -> str:
    counts = Counter(str(x.get("kind")) for x in lines)
    cells = " ".join(f"{kind}={counts[kind]}" for kind in KINDS)
    return f"{name:32} n={len(lines):<4} {cells}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, help="the shared folder holding eval/, corpus/ and corpus-dev/")
    parser.add_argument("--questions", type=Path, default=Path(__file__).resolve().parent)
    parser.add_argument("--write-splits", action="store_true", help="rewrite the per-corpus held-out files")
    args = parser.parse_args(argv)
    shared = args.shared or find_shared(PROJECT_ROOT)
    if shared is None or not (shared / "eval").is_dir():
        print("check: the shared folder (eval/, corpus/, corpus-dev/) was not found; pass --shared", file=sys.stderr)
        return 2
    report = Report()
    sets: dict[str, list[dict[str, Any]]] = {}
    for name in (*REWORDINGS, HELDOUT):
        path = args.questions / name
        if not path.is_file():
            report.add(name, "missing")
            continue
        sets[name] = load_jsonl(path, report)
        for line in sets[name]:
            check_shape(line, f"{name}:{line.get('id')}", report)
    for name, dev in REWORDINGS.items():
        if name in sets:
            check_rewordings(sets[name], load_jsonl(shared / "eval" / dev, report), name, report)
    check_unique_ids(sets, report)
    if HELDOUT in sets:
        corpora = {corpus: load_corpus(shared / folder) for corpus, folder in CORPORA.items()}
        check_heldout(sets[HELDOUT], corpora, report)
        check_splits(args.questions, sets[HELDOUT], args.write_splits, report)
    for name, lines in sets.items():
        print(kind_table(name, lines))
    for corpus in CORPORA if HELDOUT in sets else ():
        print(kind_table(split_name(corpus), [x for x in sets[HELDOUT] if x.get("corpus") == corpus]))
    for problem in report.problems:
        print(f"PROBLEM {problem}", file=sys.stderr)
    print(f"{len(report.problems)} problem(s)")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main())
