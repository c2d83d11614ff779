"""Documents → chunks that follow the structure: one per numbered item, table row and assignment, one per document.

A chunk's ``text`` is what may be quoted (verbatim, as printed); its ``context`` (document title,
headings above, table header, agencies) helps search find it but is never quoted.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel

from .models import Assignment, Document, Section, TableRow
from .vietnamese import format_date

MAX_CHUNK_CHARS = 1500

ChunkKind = Literal["item", "row", "assignment", "document"]


class Chunk(BaseModel):
    id: str
    kind: ChunkKind
    doc_id: str
    path: list[str]
    text: str
    context: str = ""
    part: int = 0  # a long item split at sentence boundaries keeps its path; parts count from 0
    line: int = 0  # where the item starts in the source file
    lead: list[str] = []
    cooperating: list[str] = []
    deadline: str | None = None
    lead_inherited_from: str | None = None

    @property
    def search_text(self) -> str:
        return f"{self.context}\n{self.text}"


def document_chunks(doc: Document) -> list[Chunk]:
    """Every chunk of the document; ids are the document's id and the chunk's place in this list, so they are
    unique by construction whatever the titles and labels say."""
    chunks = [_document_chunk(doc)]
    for root in doc.sections:
        chunks.extend(_section_chunks(doc, root, trail=[]))
    by_row = {tuple(a.path): a for a in doc.assignments if a.origin == "table"}
    for table in doc.tables:
        for row in table.rows:
            chunks.append(_row_chunk(doc, row, table.title, by_row.get(tuple(row.path))))
    chunks.extend(_assignment_chunk(doc, assignment) for assignment in doc.assignments)
    return [c.model_copy(update={"id": f"{doc.meta.id}/{n}"}) for n, c in enumerate(chunks)]


def _doc_context(doc: Document) -> str:
    m = doc.meta
    return f"{m.doc_type} {m.number or ''} {m.title}".strip()


def _document_chunk(doc: Document) -> Chunk:
    m = doc.meta
    lines = [
        f"{m.doc_type} {('số ' + m.number) if m.number else ''}".strip(),
        f"ngày {format_date(m.date)}" if m.date else "",
        m.issuer,
        m.title,
        f"{m.signer_title or ''} {m.signer or ''}".strip(),
    ]
    return Chunk(
        id="",
        kind="document",
        doc_id=m.id,
        path=[],
        text="\n".join(line for line in lines if line),
        context=m.source,
    )


def _section_chunks(doc: Document, section: Section, trail: list[str]) -> list[Chunk]:
    own = section.passages
    context = " / ".join([_doc_context(doc), *trail])
    chunks = []
    for part, text in enumerate(_split_long(own)):
        chunks.append(
            Chunk(
                id="",
                kind="item",
                doc_id=doc.meta.id,
                path=section.path,
                text=text,
                context=context,
                part=part,
                line=section.line,
            )
        )
    heading = section.heading if len(section.heading) < 200 else section.heading[:200]
    for child in section.children:
        chunks.extend(_section_chunks(doc, child, [*trail, heading]))
    return chunks


def _split_long(paragraphs: list[str]) -> list[str]:
    """Join paragraphs into parts of at most MAX_CHUNK_CHARS, cutting long paragraphs between sentences."""
    pieces: list[str] = []
    for paragraph in paragraphs:
        if len(paragraph) <= MAX_CHUNK_CHARS:
            pieces.append(paragraph)
        else:
            pieces.extend(s for s in re.split(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ])", paragraph) if s)
    parts: list[str] = []
    for piece in pieces:
        if parts and len(parts[-1]) + len(piece) + 1 <= MAX_CHUNK_CHARS:
            parts[-1] = f"{parts[-1]}\n{piece}"
        else:
            parts.append(piece)
    return parts or [""]


def _row_chunk(doc: Document, row: TableRow, table_title: str, assignment: Assignment | None) -> Chunk:
    context = " / ".join(x for x in [_doc_context(doc), table_title, row.group] if x)
    agencies = " ".join(x for x in [row.lead, row.cooperating, row.deadline] if x)
    return Chunk(
        id="",
        kind="row",
        doc_id=doc.meta.id,
        path=row.path,
        text="\n".join(row.lines),
        context=f"{context}\n{agencies}",
        line=row.line,
        lead=assignment.lead if assignment else [],
        cooperating=assignment.cooperating if assignment else [],
        deadline=(assignment.deadline if assignment else None) or row.deadline or None,
        lead_inherited_from=row.lead_inherited_from,
    )


def _assignment_chunk(doc: Document, assignment: Assignment) -> Chunk:
    who = "; ".join(assignment.lead + assignment.cooperating)
    return Chunk(
        id="",
        kind="assignment",
        doc_id=doc.meta.id,
        path=assignment.path,
        text=assignment.quote,
        context=f"{_doc_context(doc)}\n{who}\n{assignment.task if assignment.origin != 'table' else ''}",
        lead=assignment.lead,
        cooperating=assignment.cooperating,
        deadline=assignment.deadline,
    )
