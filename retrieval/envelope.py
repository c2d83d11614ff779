"""A file's lines → documents' envelopes: where each document starts, its header, body, signature, appendix.

A booklet holds many documents, each opening with an issuer block and "Số ..." or, where the
compiler dropped that block, with its type in capitals ("CHƯƠNG TRÌNH HÀNH ĐỘNG"). A document ends
with "Nơi nhận" and a signature; what follows is its appendix (a "kèm theo" table) or front/back
matter of the booklet, which is not content.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date

from .layout import Line, is_label_line
from .vietnamese import DOC_NUMBER_RE, fold, nfc, parse_date, parse_doc_number

TYPE_TITLES = {
    "CHƯƠNG TRÌNH HÀNH ĐỘNG": "Chương trình hành động",
    "NGHỊ QUYẾT": "Nghị quyết",
    "KẾ HOẠCH": "Kế hoạch",
    "CHỈ THỊ": "Chỉ thị",
    "KẾT LUẬN": "Kết luận",
    "QUYẾT ĐỊNH": "Quyết định",
    "ĐỀ ÁN": "Đề án",
    "QUY ĐỊNH": "Quy định",
    "QUY CHẾ": "Quy chế",
    "THÔNG BÁO": "Thông báo",
    "BÁO CÁO": "Báo cáo",
    "HƯỚNG DẪN": "Hướng dẫn",
    "CHƯƠNG TRÌNH": "Chương trình",
}
_TYPE_LINE = re.compile(r"^(" + "|".join(sorted(TYPE_TITLES, key=len, reverse=True)) + r")(?=$|\s)")
_NUMBER_LINE = re.compile(r"^Số\s*:?\s*(" + DOC_NUMBER_RE.pattern + r")\s*$")
_SIGNATURE = re.compile(r"^(?:T/M|TM\.?|KT\.?|Q\.|TL\.)\s*[A-ZĐÀ-Ỹ]")
_RECIPIENTS = re.compile(r"^Nơi nhận\s*:?", re.IGNORECASE)
_ANNEX_NOTE = re.compile(r"kèm theo", re.IGNORECASE)
_PLACE_DATE = re.compile(r"^[A-ZĐÀ-Ỹ][\w\s.]{1,30},\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}")
_SIGNED = re.compile(r"^\(\s*đã ký\s*\)$", re.IGNORECASE)
_NAME = re.compile(r"^[A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s[A-ZĐÀ-Ỹ][a-zà-ỹđ]*){1,4}$")


@dataclass
class Envelope:
    """The parts of one document in a file, before its body is read."""

    lines: list[Line]  # everything from the document's first line to the next document
    header: list[Line] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    signature: list[Line] = field(default_factory=list)
    annex_heading: list[Line] = field(default_factory=list)
    annex: list[Line] = field(default_factory=list)  # table lines of the appendix


@dataclass
class HeaderInfo:
    number: str | None = None
    number_evidence: str = ""
    doc_type: str | None = None
    date: date | None = None
    issuer_line: str = ""
    title: str = ""


def is_uppercase(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.85


def _type_title(line: Line) -> str | None:
    m = _TYPE_LINE.match(line.text)
    if not m or line.is_table:
        return None
    # the type word in capitals and nothing but capitals on that line: "KẾ HOẠCH", not "Kế hoạch số ..."
    return m.group(1) if is_uppercase(line.text[: len(m.group(1))]) else None


def _number_line(line: Line) -> str | None:
    m = _NUMBER_LINE.match(line.text)
    return m.group(1) if m else None


def _annex_ahead(lines: list[Line], i: int) -> bool:
    return any(_ANNEX_NOTE.search(line.text) for line in lines[i + 1 : i + 5])


def split_documents(lines: list[Line]) -> tuple[list[Line], list[list[Line]]]:
    """(front matter, documents' lines). Front matter is what precedes the first document (a booklet's cover
    and table of contents)."""
    starts: list[int] = []
    state = "front"  # front → open → signed → (next document) open
    for i, line in enumerate(lines):
        if _number_line(line) and (state != "open" or not starts or i - starts[-1] > 12):
            start = i
            # the issuer block ("TỈNH ỦY BẮC GIANG", "ĐẢNG CỘNG SẢN VIỆT NAM") stands just above
            while (
                start > 0 and start > i - 3 and is_uppercase(lines[start - 1].text) and len(lines[start - 1].text) < 60
            ):
                start -= 1
            if not starts or start > starts[-1]:
                starts.append(start)
            state = "open"
        elif _type_title(line) and state in ("front", "signed") and not _annex_ahead(lines, i):
            starts.append(i)
            state = "open"
        elif state == "open" and (_SIGNATURE.match(line.text) or _RECIPIENTS.match(line.text)):
            state = "signed"
    if not starts:
        return [], [lines] if lines else []
    bounds = [*starts, len(lines)]
    docs = [lines[a:b] for a, b in itertools.pairwise(bounds)]
    return lines[: starts[0]], docs


def open_envelope(lines: list[Line]) -> Envelope:
    env = Envelope(lines=lines)
    header_end = _header_end(lines)
    env.header = lines[:header_end]
    end = len(lines)
    for i in range(header_end, len(lines)):
        if _RECIPIENTS.match(lines[i].text) or _SIGNATURE.match(lines[i].text):
            end = i
            break
    env.body = lines[header_end:end]
    tail = lines[end:]
    sig_end = _signature_end(tail)
    env.signature = tail[:sig_end]
    rest = tail[sig_end:]
    tables = [i for i, line in enumerate(rest) if line.is_table]
    if tables:
        env.annex_heading = [line for line in rest[: tables[0]] if not line.is_table]
        env.annex = rest[tables[0] : tables[-1] + 1]
    return env


def _signature_end(tail: list[Line]) -> int:
    """Index just past the signer's name (recipients list, T/M line, title, "(đã ký)", name)."""
    seen_mark = False
    for i, line in enumerate(tail):
        if _SIGNATURE.match(line.text):
            seen_mark = True
            continue
        if seen_mark and _NAME.match(line.text) and not is_uppercase(line.text):
            return i + 1
        if line.is_table or (seen_mark and i > 0 and _type_title(line)):
            return i
    return len(tail)


def _header_end(lines: list[Line]) -> int:
    """Index of the first body line: after the type line, the issuer line and the title (trích yếu)."""
    type_at = next((i for i, line in enumerate(lines[:12]) if _type_title(line)), None)
    if type_at is None:
        # no type line: the header is the issuer block, number and place-date lines
        i = 0
        while i < min(len(lines), 8) and (
            is_uppercase(lines[i].text) or _number_line(lines[i]) or _PLACE_DATE.match(lines[i].text)
        ):
            i += 1
        return i
    i = _block_end(lines, type_at)
    has_title = any(not _is_issuer_line(line.text) for line in lines[type_at + 1 : i])
    while not has_title and i < len(lines):
        if _is_issuer_line(lines[i].text):
            i = _block_end(lines, i)
        elif _looks_like_title(lines[i]):
            return _block_end(lines, i)
        else:
            break
    return i


def _block_end(lines: list[Line], i: int) -> int:
    """Index past the paragraph that starts at i (the lines up to the next blank line)."""
    j = i + 1
    while j < len(lines) and not lines[j].blank_before and not is_label_line(lines[j].text):
        j += 1
    return j


def _is_issuer_line(text: str) -> bool:
    return fold(text).startswith("của ") and is_uppercase(text)


_BODY_OPENERS = re.compile(r"^(Thực hiện|Căn cứ|Trong|Tại|Ngày|Sau khi|Những năm|Qua|Để|Nhằm|Năm)\b")


def _looks_like_title(line: Line) -> bool:
    text = line.text
    if line.is_table or is_label_line(text) or _BODY_OPENERS.match(text):
        return False
    return text.startswith(("về", "Về")) or (not text.rstrip().endswith(".") and len(text) < 400)


def read_header(env: Envelope) -> HeaderInfo:
    info = HeaderInfo()
    lines = env.header
    for line in lines:
        number = _number_line(line)
        if number and not info.number:
            info.number, info.number_evidence = nfc(number), line.text
        if not info.date and _PLACE_DATE.match(line.text):
            info.date = parse_date(line.text)
    type_at = next((i for i, line in enumerate(lines) if _type_title(line)), None)
    if type_at is not None:
        info.doc_type = TYPE_TITLES[_type_title(lines[type_at])]  # type: ignore[index]
        rest = [line.text for line in lines[type_at + 1 :]]
        head = lines[type_at].text[len(_type_title(lines[type_at]) or "") :].strip()
        if head:
            rest.insert(0, head)
        if rest and fold(rest[0]).startswith("của "):
            info.issuer_line = rest.pop(0)
        info.title = " ".join(rest).strip()
    for line in env.annex_heading:
        if _ANNEX_NOTE.search(line.text):
            found = parse_doc_number(line.text)
            if found and not info.number:
                info.number, info.number_evidence = found.raw, line.text
                info.doc_type = info.doc_type or found.doc_type
            if not info.date and found:
                info.date = parse_date(line.text[line.text.find(found.raw) :])
    return info


def read_signature(env: Envelope) -> tuple[str | None, str | None, str]:
    """(signer, signer's title, the "T/M ..." line). Recipients and "(đã ký)" are skipped."""
    mark, titles, name = "", [], None
    for line in env.signature:
        text = line.text.strip()
        if _SIGNATURE.match(text):
            mark = text
            continue
        if not mark or _SIGNED.match(text) or text.startswith("("):
            continue
        if _NAME.match(text) and not is_uppercase(text):
            name = text
            break
        if is_uppercase(text):
            titles.append(text)
    title = ", ".join([mark, *titles]) if mark else None
    return name, title, mark
