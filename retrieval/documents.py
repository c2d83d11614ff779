"""Files → structured documents: the one entry point of parsing.

``parse_text`` turns one file's text into its documents (metadata, section tree, appendix tables,
assignments); ``load_corpus`` does it for a folder and reports the files it refused.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from . import assignments as assign
from .cell_paragraphs import is_cell_paragraph_header, rebuild_cell_paragraphs
from .envelope import Envelope, Part, open_envelope, split_documents
from .header import read_signature
from .layout import Line, Wrapping, clean_lines, heal_page_breaks, wrapping_of
from .metadata import document_meta
from .models import Document, Section, Table
from .readers import SUPPORTED_SUFFIXES, UnreadableFile, read_bytes, read_file
from .sections import build_sections
from .tables import is_header as is_table_header
from .tables import rebuild_cell_lines
from .toc import TocEntry, read_toc

log = logging.getLogger(__name__)


@dataclass
class CorpusReport:
    documents: list[Document] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    failures: dict[str, str] = field(default_factory=dict)  # file name → reason (English)
    user_failures: dict[str, str] = field(default_factory=dict)  # file name → reason (Vietnamese)


def corpus_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)


def load_corpus(folder: Path) -> CorpusReport:
    report = CorpusReport()
    for path in corpus_files(folder):
        source = str(path.relative_to(folder))
        try:
            docs = parse_file(path, source=source)
        except UnreadableFile as exc:
            log.warning("skipping %s: %s", source, exc)
            report.failures[source] = str(exc)
            report.user_failures[source] = exc.user_message
            continue
        report.files.append(source)
        report.documents.extend(docs)
    return report


def parse_file(path: Path, source: str | None = None, data: bytes | None = None) -> list[Document]:
    """The documents of one file (of ``data`` when the caller has read its bytes already). Every failure of
    this one file, whatever its cause, is an UnreadableFile (English reason for the log, Vietnamese for
    users): one file never stops an ingest."""
    return read_and_parse(path, source, data)[0]


def read_and_parse(path: Path, source: str | None = None, data: bytes | None = None) -> tuple[list[Document], str]:
    """parse_file, with the text it read (the index keeps it to verify quotes against)."""
    source = source or path.name
    try:
        text = read_file(path) if data is None else read_bytes(data, path.name)
        docs = parse_text(text, source)
    except UnreadableFile:
        raise
    except Exception as exc:  # a reader or parser bug on one odd file is that file's failure, not the build's
        log.exception("could not parse %s", source)
        raise UnreadableFile(
            f"{source}: could not be parsed ({type(exc).__name__}: {exc})",
            "Tệp không đọc được do lỗi khi phân tích nội dung; đã bỏ qua tệp này.",
        ) from exc
    if not docs:
        raise UnreadableFile(
            f"{source}: no document found in the text",
            "Không nhận ra văn bản nào trong tệp (thiếu tiêu đề loại văn bản, số hiệu hoặc nội dung).",
        )
    return docs, text


def parse_text(text: str, source: str) -> list[Document]:
    lines = clean_lines(text)
    layout = wrapping_of(lines)
    front, doc_lines = split_documents(lines)
    toc = read_toc(heal_page_breaks(front, layout))
    kept: list[Document] = []
    parts: list[list[Line]] = []
    grown = False  # the last kept document took in parts after it: parsed again once they are all in
    for part in doc_lines:
        doc = _document(open_envelope(part), source, toc, layout)
        if _citable(doc) or not kept:
            if grown:
                kept[-1], grown = _document(open_envelope(parts[-1]), source, toc, layout), False
            kept.append(doc)
            parts.append(part)
        else:
            # nothing to cite it by: not a document of its own (a form's header in an appendix) but more of the
            # one before, whose appendices it holds; never dropped
            parts[-1], grown = parts[-1] + part, True
    if grown:
        kept[-1] = _document(open_envelope(parts[-1]), source, toc, layout)
    kept = [doc for doc in kept if _citable(doc)]
    for position, doc in enumerate(kept):
        doc.meta.id = document_id(source, position)
    return kept


def _citable(doc: Document) -> bool:
    """A document has content and something to cite it by: a number, a type heading or a title."""
    return bool(doc.sections or doc.tables) and bool(doc.meta.number or doc.meta.title or doc.meta.doc_type != "Văn bản")


def _document(env: Envelope, source: str, toc: list[TocEntry], layout: Wrapping) -> Document:
    body = heal_page_breaks(rebuild_tables(env.body), layout)
    sections, tables = build_sections(body)
    for part in env.parts:
        root, part_tables = _part(part, layout)
        sections.append(root)
        tables.extend(part_tables)
    body_text = "\n".join(line.text for line in body)
    meta = document_meta(env, read_signature(env.signature), source, toc, body_text)
    doc = Document(meta=meta, sections=sections, tables=tables)
    found = assign.from_sections(sections)
    for table in tables:
        found.extend(assign.from_table(table))
    doc.assignments = found
    return doc


def _part(part: Part, layout: Wrapping) -> tuple[Section, list[Table]]:
    """An attached text or an appendix as a root item: its heading (name, title, caption) and its content."""
    heading = heal_page_breaks(part.heading, layout)
    first = heading[0].text if heading else part.label
    root = Section(
        label=part.label,
        kind=part.kind,
        path=[part.label],
        heading=first,
        paragraphs=[line.text for line in heading[1:]],
        line=heading[0].number if heading else 0,
    )
    roots, tables = build_sections(heal_page_breaks(rebuild_tables(part.lines), layout), root=root)
    return roots[0], tables


def rebuild_tables(lines: list[Line]) -> list[Line]:
    """Tables whose cells a text conversion put one per line after a real header row, or one per paragraph
    header included, become rows again."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        follows = lines[i + 1] if i + 1 < len(lines) else None
        if line.cells and is_table_header(line.cells) and follows is not None and not follows.is_table:
            rows, used = rebuild_cell_lines(line, lines[i + 1 :])
            if len(rows) > 1:
                out.extend(rows)
                i += 1 + used
                continue
        elif line.blank_before and is_cell_paragraph_header(lines, i):
            rows, used = rebuild_cell_paragraphs(lines[i:])
            if len(rows) > 1:
                out.extend(rows)
                i += used
                continue
        out.append(line)
        i += 1
    return out


def document_id(source: str, position: int) -> str:
    """Unique by construction: the file and the document's place in it (a booklet holds many)."""
    return f"{source}#{position}"
