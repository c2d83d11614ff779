"""A file's lines → documents' envelopes: where each document starts, its header, its body and what is attached.

A booklet holds many documents, each opening with an issuer block and "Số ..." or, where the compiler dropped
that block, with its type in capitals ("CHƯƠNG TRÌNH HÀNH ĐỘNG"). A document ends with "Nơi nhận" and a
signature; after it come the texts it issues ("KẾ HOẠCH … (Kèm theo Quyết định số …)", "QUY ĐỊNH … (Ban hành
kèm theo …)"), its appendices ("PHỤ LỤC 2", a "kèm theo" table), or a booklet's back matter.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from . import vocabulary
from .header import (
    Header,
    is_motto,
    is_place_date,
    is_uppercase,
    number_of,
    read_header,
    read_signature,
    split_fragments,
    type_title,
)
from .layout import Line, is_label_line
from .vietnamese import fold

_RECIPIENTS = re.compile(r"^\*?N[ơo]i\s+nh[ậâa]n\s*:?", re.IGNORECASE)
_ATTACHED_NOTE = re.compile(r"k[èe]m\s+theo", re.IGNORECASE)
APPENDIX_HEAD = re.compile(r"^(PHỤ LỤC|Phụ lục|PHỤ LỤC SỐ|Phụ lục số)(?:\s+([IVXLC]+|\d{1,3}|[A-Z]))?(?=$|[\s.:–-])")
_SIGNATURE_SPAN = 30  # a signature block (recipients, authority, title, name) is never longer than this


@dataclass
class Part:
    """A text attached after the signature: an issued text ("Kế hoạch") or an appendix ("Phụ lục 2")."""

    label: str  # "Kế hoạch", "Quy định", "Phụ lục", "Phụ lục 2"
    kind: str  # "attachment" | "appendix"
    heading: list[Line] = field(default_factory=list)  # its name, title and "(Kèm theo ...)" caption
    lines: list[Line] = field(default_factory=list)  # its content


@dataclass
class Envelope:
    """The parts of one document in a file, before its body is read."""

    lines: list[Line]  # everything from the document's first line to the next document
    header: Header
    body: list[Line] = field(default_factory=list)
    signature: list[Line] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)


# ---------------------------------------------------------------- where documents start


def number_line(line: Line) -> bool:
    """Does the line open with "Số: …" (a number, or a blank one in an unsigned draft)?"""
    first = line.cells[0] if line.cells else line.text
    pieces = split_fragments(first)
    return bool(pieces) and number_of(pieces[0]) is not None


def _is_signature_start(line: Line) -> bool:
    first = (line.cells[0] if line.cells else line.text).strip().strip("*").strip()
    if _RECIPIENTS.match(first):
        return True
    return any(vocabulary.SIGNATURE_AUTHORITY.match(p) and is_uppercase(p) for p in split_fragments(first)[:1])


def _caption_ahead(lines: list[Line], i: int, span: int = 6) -> bool:
    return any(_ATTACHED_NOTE.search(line.text) and not line.is_table for line in lines[i + 1 : i + span])


_TEMPLATE = re.compile(r"^(?:Mẫu|MẪU)\s+(?:số|SỐ)\b|^MẪU\b|^Biểu\s+(?:mẫu|số)\b")


def _template_near(lines: list[Line], i: int) -> bool:
    """A form printed in an appendix ("Mẫu số 01", "Số: ……") has a header too, but is no document of its own;
    nor is a number with no type code at all ("Số:…………/……….": a draft's blank number keeps its "/KH-UBND")."""
    pieces = split_fragments(lines[i].cells[0] if lines[i].cells else lines[i].text)
    if pieces and number_of(pieces[0]) == (None, None):
        return True
    return any(_TEMPLATE.match(line.text.strip()) for line in lines[max(0, i - 12) : i + 1])


def _header_near(lines: list[Line], i: int) -> bool:
    """A type name opens a document when a header stands around it: a number, a place and date, a quốc hiệu."""
    for line in lines[max(0, i - 4) : i + 4]:
        pieces = split_fragments(line.cells[0] if line.cells else line.text)
        if any(number_of(p) is not None or is_motto(p) or is_place_date(p) for p in pieces):
            return True
    return False


def split_documents(lines: list[Line]) -> tuple[list[Line], list[list[Line]]]:
    """(front matter, documents' lines). Front matter is what precedes the first document (a booklet's cover and
    table of contents); a file with no recognisable start is one document. After the first document, a type
    name in capitals opens another only in a booklet (a table of contents lists its documents) or with a
    header around it: inside a document, "BÁO CÁO …" in capitals is a heading, not a new document."""
    starts: list[int] = []
    state = "front"  # front → open → signed → (next document) open
    booklet = any(line.is_table and "số" in line.text.lower() for line in lines[:200]) and any(
        "mục lục" in line.text.lower() for line in lines[:60]
    )
    for i, line in enumerate(lines):
        if number_line(line) and (state != "open" or not starts or i - starts[-1] > 12) and not (
            starts and _template_near(lines, i)
        ):
            start = i
            # the issuer block ("TỈNH ỦY BẮC GIANG", "ĐẢNG CỘNG SẢN VIỆT NAM") stands just above
            while start > 0 and start > i - 3 and is_uppercase(lines[start - 1].text) and len(lines[start - 1].text) < 90:
                start -= 1
            if not starts or start > starts[-1]:
                starts.append(start)
            state = "open"
        elif (
            not line.is_table
            and type_title(line.text)
            and state in ("front", "signed")
            and not _caption_ahead(lines, i)
            and not (state == "front" and starts)
            and (not starts or booklet or _header_near(lines, i))
            and not (starts and _template_near(lines, i))
        ):
            starts.append(i)
            state = "open"
        elif state == "open" and _is_signature_start(line):
            state = "signed"
    if not starts:
        return [], [lines] if lines else []
    if len(starts) == 1 or starts[0] <= 3:
        starts[0] = 0 if starts[0] <= 3 else starts[0]
    bounds = [*starts, len(lines)]
    docs = [lines[a:b] for a, b in itertools.pairwise(bounds)]
    return lines[: starts[0]], docs


# ---------------------------------------------------------------- one document


def open_envelope(lines: list[Line]) -> Envelope:
    header = read_header(lines)
    env = Envelope(lines=lines, header=header)
    rest = lines[header.end :]
    body_end = next((i for i, line in enumerate(rest) if _is_signature_start(line)), len(rest))
    env.body = rest[:body_end]
    tail = rest[body_end:]
    sig_end = _signature_end(tail)
    env.signature = tail[:sig_end]
    issued = _issued_types(env.body, header.doc_type)
    env.parts = _parts(tail[sig_end:], issued)
    return env


def _signature_end(tail: list[Line]) -> int:
    """Index just past the signature block: recipients, authority, titles, "(đã ký)", the signer's name."""
    limit = min(len(tail), _SIGNATURE_SPAN)
    for i in range(limit):
        if i and _part_start(tail, i, set()) is not None:
            return i
        if i and read_signature(tail[: i + 1]).signer:
            return i + 1
    return limit if limit < len(tail) else len(tail)


def _issued_types(body: list[Line], doc_type: str | None) -> set[str]:
    """The types a decision issues ("Ban hành kèm theo Quyết định này Kế hoạch …"): those attached texts are
    parts of their own, cited with their type; other "kèm theo" texts are appendices."""
    found: set[str] = set()
    text = fold(" ".join(line.text for line in body[:80]))
    for m in re.finditer(r"(?:ban hành )?kèm theo (?:quyết định|nghị quyết|thông tư|chỉ thị|nghị định) (?:này|số)", text):
        window = text[m.end() : m.end() + 40]
        for name in vocabulary.type_names():
            if window.lstrip(" :").startswith(fold(name)):
                found.add(name)
    if doc_type in ("Quyết định",) and not found:
        found.update({"Quy chế", "Quy định", "Kế hoạch", "Chương trình", "Đề án", "Phương án", "Hướng dẫn"})
    return found


def _part_start(lines: list[Line], i: int, issued: set[str]) -> Part | None:
    line = lines[i]
    if line.is_table:
        return None
    m = APPENDIX_HEAD.match(line.text.strip().strip("*"))
    if m:
        label = "Phụ lục" + (f" {m.group(2)}" if m.group(2) else "")
        return Part(label=label, kind="appendix")
    title = type_title(line.text)
    if title and _caption_ahead(lines, i):
        if title[0] in issued:
            return Part(label=title[0], kind="attachment")
        return Part(label="Phụ lục", kind="appendix")
    return None


def _parts(lines: list[Line], issued: set[str]) -> list[Part]:
    """The attached texts and appendices after the signature, each with its heading and content; a table after
    the signature with a "kèm theo" heading but no name is an appendix too."""
    parts: list[Part] = []
    current: Part | None = None
    in_heading = False
    for i, line in enumerate(lines):
        start = _part_start(lines, i, issued)
        if start is not None and current is not None and in_heading and start.kind == "attachment":
            start = None  # "PHỤ LỤC" / "KẾ HOẠCH TRIỂN KHAI …" / "(Kèm theo …)": the name is the appendix's title
        if start is not None:
            current, in_heading = start, True
            parts.append(current)
            current.heading.append(line)
            continue
        if current is None:
            if line.is_table and _ATTACHED_NOTE.search(" ".join(x.text for x in lines[max(0, i - 4) : i])):
                current = Part(label="Phụ lục", kind="appendix", heading=lines[_title_start(lines, i) : i])
                parts.append(current)
                in_heading = False
            else:
                continue
        if in_heading and _heading_line(line, current):
            current.heading.append(line)
            if _ATTACHED_NOTE.search(line.text):
                in_heading = False
            continue
        in_heading = False
        if _is_signature_start(line):
            current = None  # an attached text's own signature ends it
            continue
        if current is not None:
            current.lines.append(line)
    return [p for p in parts if p.lines or p.heading]


MAX_TITLE_LINES = 8


def _title_start(lines: list[Line], i: int) -> int:
    """Where the title above a table begins: the lines in capitals and the "(Kèm theo …)" caption right above
    it, however many lines the title was broken into; four lines when none is in capitals."""
    start = i
    while start > 0 and i - start < MAX_TITLE_LINES:
        above = lines[start - 1]
        if above.is_table or not (is_uppercase(above.text) or _ATTACHED_NOTE.search(above.text)):
            break
        start -= 1
    return start if start < i - 1 else max(0, i - 4)


def _heading_line(line: Line, part: Part) -> bool:
    """The name, title and caption lines of an attached text: its title (capitals, or the line right under its
    name) and the "(Kèm theo ...)" caption, which ends the heading."""
    if line.is_table or len(part.heading) >= 6:
        return False
    text = line.text.strip()
    if _ATTACHED_NOTE.search(text) or text.startswith("("):
        return True
    if is_label_line(text) or APPENDIX_HEAD.match(text):
        return False
    return is_uppercase(text) or len(part.heading) <= 2
