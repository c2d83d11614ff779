"""Files → structured documents: the one entry point of parsing.

``parse_text`` turns one file's text into its documents (metadata, section tree, appendix tables,
assignments); ``load_corpus`` does it for a folder and reports the files it refused.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import assignments as assign
from .envelope import Envelope, is_uppercase, open_envelope, read_header, read_signature, split_documents
from .layout import clean_lines, heal_page_breaks
from .models import Document, DocumentMeta, Table
from .readers import SUPPORTED_SUFFIXES, UnreadableFile, read_file
from .sections import build_sections
from .tables import parse_table
from .toc import TocEntry, match_entry, read_toc
from .vietnamese import ascii_fold, fold, format_date, main_province, parse_date, parse_doc_number

log = logging.getLogger(__name__)

ISSUERS = (
    ("ban chap hanh dang bo tinh", "Ban Chấp hành Đảng bộ tỉnh"),
    ("ban thuong vu tinh uy", "Ban Thường vụ Tỉnh ủy"),
    ("ban thuong vu", "Ban Thường vụ Tỉnh ủy"),
    ("uy ban nhan dan tinh", "Ủy ban nhân dân tỉnh"),
    ("uy ban nhan dan", "Ủy ban nhân dân tỉnh"),
    ("ubnd tinh", "Ủy ban nhân dân tỉnh"),
    ("hoi dong nhan dan tinh", "Hội đồng nhân dân tỉnh"),
    ("hoi dong nhan dan", "Hội đồng nhân dân tỉnh"),
    ("tinh uy", "Ban Chấp hành Đảng bộ tỉnh"),
)


def canonical_issuer(text: str) -> str | None:
    key = ascii_fold(text)
    for words, name in ISSUERS:
        if words in key:
            return name
    return None


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


def parse_file(path: Path, source: str | None = None) -> list[Document]:
    """The documents of one file. Every failure of this one file, whatever its cause, is an UnreadableFile
    (English reason for the log, Vietnamese for users): one file never stops an ingest."""
    source = source or path.name
    try:
        docs = parse_text(read_file(path), source)
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
    return docs


def parse_text(text: str, source: str) -> list[Document]:
    lines = heal_page_breaks(clean_lines(text))
    front, doc_lines = split_documents(lines)
    toc = read_toc(front)
    docs = [_document(open_envelope(part), source, toc) for part in doc_lines]
    # a document has content and something to cite it by: a number, a type heading or a title
    kept = [
        d for d in docs if (d.sections or d.tables) and (d.meta.number or d.meta.title or d.meta.doc_type != "Văn bản")
    ]
    for position, doc in enumerate(kept):
        doc.meta.id = document_id(source, position)
    return kept


def document_id(source: str, position: int) -> str:
    """Unique by construction: the file and the document's place in it (a booklet holds many)."""
    return f"{source}#{position}"


def _document(env: Envelope, source: str, toc: list[TocEntry]) -> Document:
    header = read_header(env)
    signer, signer_title, mark = read_signature(env)
    meta = DocumentMeta(
        id="",
        number=header.number,
        doc_type=header.doc_type or "Văn bản",
        date=header.date,
        title=_title(header.title, header.doc_type),
        signer=signer,
        signer_title=signer_title,
        source=source,
        number_evidence=header.number_evidence,
    )
    if meta.number and not header.doc_type:
        parsed = parse_doc_number(meta.number)
        meta.doc_type = (parsed.doc_type if parsed else None) or meta.doc_type
    body_text = "\n".join(line.text for line in env.body)
    if not meta.date:
        meta.date = _date_from_opening(env)
    _cross_check(meta, match_entry(toc, meta.number, meta.title))
    entry = match_entry(toc, meta.number, meta.title)
    meta.issuer = _issuer(header.issuer_line, header.title, env, mark, entry)
    meta.province = main_province("\n".join(line.text for line in env.lines[:8]) + "\n" + body_text)
    if meta.province and meta.issuer and meta.province not in meta.issuer:
        meta.issuer = f"{meta.issuer} {meta.province}"
    sections = build_sections(env.body)
    tables = _tables(env)
    found = assign.from_sections(sections)
    for table in tables:
        found.extend(assign.from_table(table))
    return Document(meta=meta, sections=sections, tables=tables, assignments=found)


def _title(title: str, doc_type: str | None) -> str:
    """Trích yếu as printed; a title in capitals (a document without number) in sentence case."""
    title = re.sub(r"\s+", " ", title).strip()
    if not title:
        return ""
    if is_uppercase(title):
        words = [w if re.fullmatch(r"[IVXL]+\)?|\(?[IVXL]+\)?", w) else w.lower() for w in title.split()]
        title = " ".join(words)
        for proper in ("Hội nghị", "Ban Chấp hành", "Đảng bộ", "Ban Thường vụ", "Tỉnh ủy", "Trung ương"):
            title = re.sub(re.escape(proper.lower()), proper, title)
        title = title.replace("(khóa", "(khóa").replace("(khoá", "(khóa")
        return f"{doc_type} {title}" if doc_type else title[:1].upper() + title[1:]
    return title[:1].upper() + title[1:]


def _date_from_opening(env: Envelope):  # type: ignore[no-untyped-def]
    """A conclusion without a dated header: "Ngày 13/7/2022, Ban Chấp hành Đảng bộ tỉnh ... họp"."""
    for line in env.body[:3]:
        if re.match(r"^(Ngày|Hôm nay, ngày)\s+\d", line.text):
            return parse_date(line.text)
    return None


def _cross_check(meta: DocumentMeta, entry: TocEntry | None) -> None:
    """The booklet's table of contents fills what the document lacks and flags disagreements."""
    if entry is None:
        return
    if not meta.number and entry.number:
        meta.number, meta.number_evidence = entry.number, entry.line
    if entry.date and meta.date != entry.date:
        if meta.date:
            meta.notes.append(
                f"date {format_date(meta.date)} in the document, {format_date(entry.date)} in the table of contents"
            )
        if not meta.number_evidence.startswith("Số") or not meta.date:
            meta.date = entry.date
    if not meta.title:
        meta.title = entry.title
    if meta.doc_type == "Văn bản" and entry.doc_type:
        meta.doc_type = entry.doc_type


def _issuer(issuer_line: str, title: str, env: Envelope, mark: str, entry: TocEntry | None) -> str:
    candidates = [issuer_line]
    if re.search(r"hội nghị", fold(title)):
        candidates.append(title)
    for line in env.annex_heading:
        m = re.search(r"kèm theo.*?\bcủa\s+(.+?)\)?$", line.text, re.IGNORECASE)
        if m:
            candidates.append(m.group(1))
    candidates += [mark, entry.issuer_hint if entry else ""]
    for text in candidates:
        name = canonical_issuer(text) if text else None
        if name:
            return name
    return ""


def _tables(env: Envelope) -> list[Table]:
    if not env.annex:
        return []
    title = " ".join(line.text for line in env.annex_heading if "kèm theo" not in fold(line.text))
    return [parse_table(env.annex, title=title.strip())]
