"""The header and the signature of one document, read by the layout the standards fix.

Nghị định 30/2020/NĐ-CP, Phụ lục I (administrative documents) and Hướng dẫn 36-HD/VPTW (Party documents)
put the same elements in the same places:

    TÊN CƠ QUAN CHỦ QUẢN              CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM   |  ĐẢNG CỘNG SẢN VIỆT NAM
    TÊN CƠ QUAN BAN HÀNH              Độc lập - Tự do - Hạnh phúc
    Số: 12/KH-UBND  |  Số 55-CTr/TU   Địa danh, ngày ... tháng ... năm ...
    V/v trích yếu (công văn)
                       TÊN LOẠI VĂN BẢN (+ "CỦA BAN THƯỜNG VỤ TỈNH ỦY")
                       Trích yếu nội dung
                       Kính gửi: ...
    ... nội dung ...
    Nơi nhận:                          TM. / KT. / TL. / TUQ. / Q. / T/M  CHỨC VỤ
    - ...                              Họ và tên

The two columns reach us side by side (runs of spaces, table cells, or single spaces after OCR), one under
the other, or with the left block missing (a booklet's compiler dropped it). Each physical line is cut into
fragments at the column gap and at the fixed phrases (quốc hiệu, tiêu ngữ, địa danh-ngày), and the
fragments are read by what they say, not by where they are.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date

from . import vocabulary
from .layout import Line, is_label_line
from .vietnamese import DOC_NUMBER_RE, ascii_fold, nfc, parse_doc_number, retone, strip_diacritics

HEADER_SCAN = 45  # the header block never runs longer than this many lines


@dataclass(frozen=True)
class Fragment:
    text: str
    index: int  # the line it comes from, in the list being read


@dataclass
class Header:
    issuer: str = ""  # the issuing body as printed, in sentence case: "Ủy ban nhân dân tỉnh Lào Cai"
    parent: str = ""  # the body above it: "Đảng bộ tỉnh Lào Cai"
    issuer_line: str = ""  # "CỦA BAN THƯỜNG VỤ TỈNH ỦY" under the type name
    number: str | None = None  # "134/KH-UBND"
    number_evidence: str = ""  # the line the number was read from, as printed
    number_code: str | None = None  # the type code of a blank number ("Số:    /KH-UBND" → "KH")
    place: str = ""
    date: date | None = None
    date_text: str = ""  # the place-date line as printed, also when its day is blank: "Lào Cai, ngày … tháng 8 năm 2026"
    doc_type: str | None = None
    type_line: int | None = None
    title: str = ""  # trích yếu
    recipients: list[str] = field(default_factory=list)  # Kính gửi
    motto: bool = False  # a quốc hiệu or "ĐẢNG CỘNG SẢN VIỆT NAM" was seen
    party: bool = False
    end: int = 0  # index of the first body line


# ---------------------------------------------------------------- fixed phrases

_BARE_MOTTO = re.compile(
    r"cong hoa xa hoi chu nghia(?: viet(?: nam)?)?|doc lap\s*[-–]\s*tu do\s*[-–]\s*hanh phuc|dang cong san viet nam"
)
_BARE_PLACE_DATE = re.compile(r"(?:^|(?<=\s))((?:tp\.\s*)?[a-z][a-z.']*(?:\s[a-z][a-z.']*){0,3}),\s*ngay\b")
_NUMBER_START = re.compile(r"^(?:Số|SỐ)(?:\s*:\s*|\s+)(?=[\d./_…-]|.{0,14}[/-]\s*[\dA-ZĐ])")
_NUMBER_CODE = re.compile(r"[-/]\s*(?:(?:19|20)\d\d\s*/\s*)?([A-ZĐ][A-Za-zĐđ]{0,5})(?:\s*[-/]\s*[A-ZĐ][A-Za-zĐđ0-9-]*)?")
_SUBJECT = re.compile(r"(?:^|\s)(V/v|V/V|v/v|Về việc|về việc|VỀ VIỆC)\s")
_KINH_GUI = re.compile(r"^K[íi]nh\s+g[ửu]i\s*:?\s*", re.IGNORECASE)
_RULE = re.compile(r"^[-–_*=~.·\s]{1,}$")
_NOISE_EDGES = " \t_~*-–=|·"
_DATE_PARTS = re.compile(r"ngày\s*(\d{1,2})?\s*(?:/|tháng)\s*(\d{1,2})?\s*(?:/|năm)\s*(\d{4})", re.IGNORECASE)
_BODY_OPENERS = re.compile(
    r"^(?:Căn cứ|Thực hiện|Trong|Tại|Ngày|Hôm nay|Sau khi|Những năm|Qua|Để|Nhằm|Năm|Theo|Xét|Trên cơ sở|Hiện nay|Thời gian qua)\b"
)
_NAME = re.compile(r"^[A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s[A-ZĐÀ-Ỹ][a-zà-ỹđ]*){1,4}$")
_SIGNED = re.compile(r"^\(?\s*(?:đã ký|Đã ký|ký|Ký)[^)]{0,40}\)?$")


def _bare(text: str) -> str | None:
    """Lower case without marks, one character for one: positions carry over to the text (else None)."""
    bare = strip_diacritics(nfc(text)).lower()
    return bare if len(bare) == len(text) else None


def split_fragments(text: str) -> list[str]:
    """One physical line → the pieces it holds: column gaps, then the fixed phrases found inside."""
    # a typed number keeps its gaps inside one column: "Số:   4390     /UBND-NLN"
    text = re.sub(r"^((?:Số|SỐ)\s*:?)\s{2,}(?=[\d./_…-])", r"\1 ", text)
    text = re.sub(r"(?<=\d)\s{2,}(?=[/-]\s*(?:(?:19|20)\d\d\s*/\s*)?[A-ZĐ])", " ", text)
    pieces = [p for p in re.split(r"\s{3,}|\t", text) if p.strip()]
    out: list[str] = []
    for piece in pieces:
        out.extend(_cut_phrases(piece.strip()))
    return [p for p in (p.strip(_NOISE_EDGES) for p in out) if p]


def _cut_phrases(text: str) -> list[str]:
    bare = _bare(text)
    if bare is None:
        return [text]
    cuts: list[tuple[int, int]] = [(m.start(), m.end()) for m in _BARE_MOTTO.finditer(bare)]
    for m in _BARE_PLACE_DATE.finditer(bare):
        start = _place_start(text, m.start(1), m.end(1))
        if start is not None:
            cuts.append((start, len(text)))
            break
    subject = _SUBJECT.search(text)
    if subject and subject.start(1) > 0:
        cuts.append((subject.start(1), len(text)))
    if not cuts:
        return [text]
    cuts.sort()
    pieces, position = [], 0
    for start, end in cuts:
        if start < position:
            continue
        pieces += [text[position:start], text[start:end]]
        position = end
    pieces.append(text[position:])
    return [p for p in pieces if p.strip()]


def _place_start(text: str, start: int, end: int) -> int | None:
    """The place before ", ngày" is its capitalised words ("Lào Cai", "TP. Hồ Chí Minh"), not the words before."""
    words = list(re.finditer(r"\S+", text[start:end]))
    keep = len(words)
    for w in reversed(words):
        if not w.group(0)[:1].isupper():
            break
        keep -= 1
    first = words[keep] if keep < len(words) else None
    return start + first.start() if first is not None else None


# ---------------------------------------------------------------- what a fragment is


def is_motto(text: str) -> bool:
    return bool(_BARE_MOTTO.search(ascii_fold(text)))


def is_place_date(text: str) -> bool:
    return bool(re.match(r"^(?:TP\.\s*)?[A-ZĐÀ-Ỹ][^,]{1,40},\s*ngày\b", text)) and "năm" in text


def is_uppercase(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.85


def type_title(text: str) -> tuple[str, str] | None:
    """(type name, the rest of the line) when the line opens with a type name in capitals: "KẾ HOẠCH",
    "NGHỊ QUYẾT CỦA BAN THƯỜNG VỤ". Compared without marks, so OCR's "QUYÉT ĐỊNH" still reads."""
    text = text.strip().strip("*").strip()
    if not text or not is_uppercase(text[:30]):
        return None
    key = ascii_fold(text)
    for name in vocabulary.type_names():
        bare = ascii_fold(name)
        if key == bare or (key.startswith(bare + " ") and not key.startswith(bare + " so ")):
            words = len(name.split())
            rest = " ".join(text.split()[words:])
            return name, rest.strip(" :")
    return None


def _sentence_type(text: str) -> tuple[str, str] | None:
    """ "Chỉ thị về thực hiện nhiệm vụ ..." as a document's first line: its type and title, header stripped."""
    if len(text) > 400 or text.rstrip().endswith("."):
        return None
    key = ascii_fold(text)
    for name in vocabulary.type_names():
        bare = ascii_fold(name)
        if key.startswith(bare + " ") and not key.startswith(bare + " so "):
            return name, " ".join(text.split()[len(name.split()) :])
    return None


def number_of(text: str) -> tuple[str | None, str | None] | None:
    """("134/KH-UBND", None) for "Số: 134 /KH-UBND"; (None, "KH") for an unsigned draft's "Số:     /KH-UBND";
    None when the fragment is no number line."""
    m = _NUMBER_START.match(text)
    if not m:
        return None
    rest = text[m.end() :]
    found = DOC_NUMBER_RE.match(rest.strip())
    if found:
        parsed = parse_doc_number(found.group(0))
        return (parsed.raw if parsed else found.group(0)), None
    # an unsigned draft ("Số:     /KH-UBND") or digits OCR could not read ("II /2026/QĐ-UBND"): the code stays
    code = _NUMBER_CODE.search(rest)
    return None, code.group(1) if code else None


def read_date(text: str) -> date | None:
    m = _DATE_PARTS.search(text)
    if not m or not m.group(1) or not m.group(2):
        return None
    try:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def _issuer_line(text: str) -> bool:
    return ascii_fold(text).startswith("cua ") and is_uppercase(text)


# ---------------------------------------------------------------- the header


def read_header(lines: list[Line]) -> Header:
    """The header of a document whose lines start at ``lines[0]``; ``Header.end`` is the first body line."""
    header = Header()
    scan = min(len(lines), HEADER_SCAN)
    agency: list[Fragment] = []
    subject: list[Fragment] = []
    type_at: int | None = None
    last_header_line = -1
    for i in range(scan):
        line = lines[i]
        if type_at is not None:
            break
        title = None if line.is_table else type_title(line.text)
        if title is None and i == 0 and not line.is_table:
            title = _sentence_type(line.text)
        if title and not _NUMBER_START.match(line.text):
            type_at = i
            header.doc_type, rest = title
            header.type_line = i
            if rest:
                _title_or_issuer(header, rest)
            break
        if _KINH_GUI.match(line.text) or (line.cells and _KINH_GUI.match(line.cells[0])):
            break
        if _body_starts(line) and i > 0:
            break
        pieces = [p for c in line.cells for p in split_fragments(c)] if line.cells else split_fragments(line.text)
        used = False
        for piece in pieces:
            used |= _read_fragment(header, Fragment(piece, i), agency, subject)
        if used:
            last_header_line = i
    header.issuer, header.parent = _issuer_block([f.text for f in agency])
    if subject:
        header.title = " ".join(f.text for f in subject)
    if type_at is not None:
        header.end = _after_title(lines, type_at, header)
    else:
        header.end = last_header_line + 1
        if header.title and not header.doc_type:
            header.doc_type = vocabulary.OFFICIAL_LETTER
    header.end = _after_recipients(lines, header.end, header)
    if not header.doc_type and header.number:
        parsed = parse_doc_number(header.number)
        header.doc_type = parsed.doc_type if parsed else None
    if not header.doc_type and header.number_code:
        header.doc_type = vocabulary.type_for_code(header.number_code, header.party)
    return header


def _read_fragment(header: Header, fragment: Fragment, agency: list[Fragment], subject: list[Fragment]) -> bool:
    text = fragment.text
    if _RULE.match(text):
        return True
    if is_motto(text):
        header.motto = True
        header.party |= "dang cong san" in ascii_fold(text)
        return True
    number = number_of(text)
    if number is not None:
        if header.number is None and header.number_code is None:
            header.number, header.number_code = number
            header.number_evidence = text
            if header.number:
                parsed = parse_doc_number(header.number)
                header.party |= bool(parsed and parsed.party)
        return True
    if is_place_date(text):
        if not header.place:
            header.place = text.split(",")[0].strip()
            header.date = read_date(text)
            header.date_text = text
        return True
    if _SUBJECT.match(f" {text}") and not is_uppercase(text):
        subject.append(fragment)
        return True
    if subject and not is_uppercase(text) and not _body_starts_text(text):
        subject.append(fragment)  # the V/v line wraps in its column
        return True
    if is_uppercase(text) and header.number is None and header.number_code is None and len(text) < 120:
        agency.append(fragment)
        return True
    return False


def _body_starts(line: Line) -> bool:
    return not line.is_table and _body_starts_text(line.text)


def _body_starts_text(text: str) -> bool:
    return bool(_BODY_OPENERS.match(text)) or (is_label_line(text) and not is_uppercase(text[:12]))


def _title_or_issuer(header: Header, text: str) -> None:
    if ascii_fold(text).startswith("cua "):
        header.issuer_line = text
    else:
        header.title = f"{header.title} {text}".strip()


def _after_title(lines: list[Line], type_at: int, header: Header) -> int:
    """Past the type name, the "CỦA ..." line and the trích yếu: the title runs until a blank line, a rule,
    the enacting authority ("BỘ TRƯỞNG BỘ ..."), a body opener or a label."""
    i = type_at + 1
    while i < len(lines) and _issuer_line(lines[i].text):
        header.issuer_line = f"{header.issuer_line} {lines[i].text}".strip()
        i += 1
    title: list[str] = [header.title] if header.title else []
    while i < len(lines):
        line = lines[i]
        text = line.text.strip().strip("*").strip()
        if line.is_table or _RULE.match(text) or _KINH_GUI.match(text):
            break
        caption = text.startswith("(") and bool(re.search(r"(?i)k[èe]m\s+theo", text))
        # past a blank line (Word: each line of a centred trích yếu its own paragraph) the title goes on where the
        # line above is unfinished or this one goes on in lower case: no sentence begins so
        cut = line.blank_before and not _UNFINISHED.search(title[-1] if title else "") and not text[:1].islower()
        if title and (cut or _is_authority(text) or _body_starts_text(text) or caption):
            break
        if title and (len(text) > 250 or (text.endswith(".") and len(text) > 120)):
            break  # a sentence of the body, not a title wrapped onto a second line
        # the trích yếu may open like a body ("Thực hiện Nghị quyết ..."): right under the type name it is the title
        first_under = i == type_at + 1 and not line.blank_before and not is_label_line(text)
        if not title and not first_under and (_body_starts_text(text) or _is_authority(text) or not _looks_like_title(text)):
            break
        title.append(text)
        i += 1
        if text.endswith(".") and not line.blank_before:
            break
    while i < len(lines) and (_RULE.match(lines[i].text) or lines[i].text.strip() in ("*", "***")):
        i += 1
    header.title = re.sub(r"\s+", " ", " ".join(title)).strip()
    return i


# a title line that stops on a comma or a joining word goes on below, even past a blank line (a PDF's title
# printed as two paragraphs: "… Nghị quyết Trung ương 4 khóa XII," / "Kết luận số 21-KL/TW …")
_UNFINISHED = re.compile(r"(?:[,;–-]|\s(?:và|về|của|với|gắn với|tại|theo|trong|đến))\s*$")


def _looks_like_title(text: str) -> bool:
    if is_label_line(text) or _BODY_OPENERS.match(text):
        return False
    return text.lower().startswith("về") or (not text.rstrip().endswith(".") and len(text) < 400)


def _is_authority(text: str) -> bool:
    """The enacting authority of a Quyết định, in capitals: "BỘ TRƯỞNG BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
    "ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"."""
    if not is_uppercase(text):
        return False
    key = ascii_fold(text)
    return key.startswith(("bo truong", "chu tich", "thu tuong", "giam doc", "chanh van phong")) or (
        vocabulary.is_agency_name(sentence_case(text)) and not key.startswith(("ve ", "ban hanh", "quy dinh"))
    )


def _after_recipients(lines: list[Line], i: int, header: Header) -> int:
    """A công văn's "Kính gửi:" block: its recipients, one per line or in one table row."""
    while i < len(lines) and (_RULE.match(lines[i].text) or not lines[i].text.strip("*- ")):
        i += 1
    if i >= len(lines):
        return i
    line = lines[i]
    first = line.cells[0] if line.cells else line.text
    m = _KINH_GUI.match(first)
    if not m:
        return i
    rest = " ".join([first[m.end() :], *(line.cells[1:] if line.cells else [])]).strip()
    if rest:
        header.recipients.append(rest)
    i += 1
    while i < len(lines):
        text = lines[i].text.strip()
        continues = header.recipients and not header.recipients[-1].rstrip().endswith((";", ".", ":"))
        if lines[i].is_table or not (text.startswith(("-", "+", "•")) or (continues and not lines[i].blank_before)):
            break
        if text.startswith(("-", "+", "•")) or not header.recipients:
            header.recipients.append(text.lstrip("-+• "))
        else:
            header.recipients[-1] = f"{header.recipients[-1]} {text}"
        i += 1
    return i


# ---------------------------------------------------------------- issuing body


def _issuer_block(texts: list[str]) -> tuple[str, str]:
    """(issuer, parent) from the capitals of the left block: "ĐẢNG BỘ TỈNH LÀO CAI" / "ĐẢNG ỦY ỦY BAN NHÂN DÂN
    TỈNH" → ("Đảng ủy Ủy ban nhân dân tỉnh Lào Cai", "Đảng bộ tỉnh Lào Cai"). A name wrapped over two lines
    ("ỦY BAN NHÂN DÂN" / "TỈNH LÀO CAI") is one name: a line that starts with a place word continues it."""
    names: list[str] = []
    for text in texts:
        for piece in _split_bodies(text):
            key = ascii_fold(piece)
            if names and (key.startswith(tuple(w + " " for w in vocabulary.LOCALITY_WORDS)) or _unfinished(names[-1])):
                names[-1] = f"{names[-1]} {piece}"
            else:
                names.append(piece)
    names = [sentence_case(n) for n in names if ascii_fold(n) not in ("", "*")]
    if not names:
        return "", ""
    issuer, parent = names[-1], (names[-2] if len(names) > 1 else "")
    return with_place(issuer, parent), parent


def _unfinished(name: str) -> bool:
    """ "ỦY BAN NHÂN DÂN" with no place after it, "BỘ NÔNG NGHIỆP VÀ" cut at a conjunction."""
    key = ascii_fold(name)
    return key in ("uy ban nhan dan", "hoi dong nhan dan", "dang bo", "ban chap hanh dang bo") or key.endswith(
        (" va", " -", ",")
    )


def _split_bodies(text: str) -> list[str]:
    """ "UBND TỈNH LÀO CAI SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" (two lines of the block in one cell) → two names."""
    words = text.split()
    cuts = [0]
    for i in range(2, len(words)):
        before = ascii_fold(" ".join(words[:i]))
        if (
            re.search(r"\b(?:tinh|thanh pho|huyen|xa|phuong|quan)\s+\S+(?:\s+\S+)?$", before)
            and ascii_fold(words[i]) in ("so", "ban", "dang", "phong", "cuc", "chi", "van", "trung", "thanh")
            and words[i].isupper()
        ):
            cuts.append(i)
    cuts.append(len(words))
    return [" ".join(words[a:b]) for a, b in itertools.pairwise(cuts) if b > a]


def with_place(issuer: str, parent: str) -> str:
    """A body named without its place takes the place of the body above it: "Sở Công Thương" under "UBND tỉnh
    Lào Cai" is "Sở Công Thương tỉnh Lào Cai"; "Đảng ủy Ủy ban nhân dân tỉnh" under "Đảng bộ tỉnh Lào Cai" is
    "... tỉnh Lào Cai"."""
    place = place_of(parent)
    if not place or place_of(issuer):
        return issuer
    word, name = place
    if re.search(rf"(?<!\w){re.escape(word)}$", issuer):
        return f"{issuer} {name}"
    return f"{issuer} {word} {name}"


def place_of(name: str) -> tuple[str, str] | None:
    """("tỉnh", "Lào Cai") from "Ủy ban nhân dân tỉnh Lào Cai"; None when no named place is in it."""
    words = ("thành phố", "tỉnh", "huyện", "quận", "thị xã", "thị trấn", "xã", "phường")
    for word in words:
        m = re.search(rf"(?<!\w){word}\s+((?:[A-ZĐÀ-Ỹ][\w.-]*\s?){{1,4}})", name)
        if m:
            return word, m.group(1).strip()
    return None


_KEEP_UPPER = frozenset({"UBND", "HĐND", "MTTQ", "BTV", "TW", "CP", "TTg", "BCH", "BQL", "XIV", "XIII", "XVII", "XV"})
_CAPITALISED = (
    "Tỉnh ủy", "Thành ủy", "Huyện ủy", "Quận ủy", "Thị ủy", "Ủy ban", "Mặt trận Tổ quốc", "Ban Chấp hành",
    "Ban Thường vụ", "Ban Tuyên giáo", "Ban Dân vận", "Ban Tổ chức", "Ban Nội chính", "Ủy ban Kiểm tra",
    "Văn phòng", "Đảng", "Trung ương", "Chính phủ", "Thủ tướng", "Quốc hội", "Bộ Chính trị", "Ban Bí thư",
    "Công Thương", "Công an", "Bộ Chỉ huy", "Quân sự", "Việt Nam", "Hồ Chí Minh",
)  # fmt: skip
# A field name after these heads capitalises each of its parts: "Bộ Văn hóa, Thể thao và Du lịch".
_FIELD_HEADS = ("bo", "so", "cuc", "vu", "tong cuc", "chi cuc", "ban", "hoc vien", "vien", "truong")
_PLACE_WORDS = ("tinh", "thanh pho", "huyen", "quan", "xa", "phuong", "thi xa", "thi tran")


def sentence_case(text: str) -> str:
    """A name printed in capitals, written as a citation writes it: "ỦY BAN NHÂN DÂN TỈNH LÀO CAI" →
    "Ủy ban nhân dân tỉnh Lào Cai"; "BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH" → "Bộ Văn hóa, Thể thao và Du lịch"."""
    text = retone(re.sub(r"\s+", " ", text.strip(_NOISE_EDGES)))
    if not is_uppercase(text):
        return text
    words = text.split()
    field_name = ascii_fold(words[0]) in _FIELD_HEADS if words else False
    out: list[str] = []
    capital_next = True
    in_place = False
    for word in words:
        key = ascii_fold(word)
        if word in _KEEP_UPPER or re.fullmatch(r"[IVXL]+", word):
            out.append(word)
            capital_next = False
            continue
        lower = word.lower()
        if key in _PLACE_WORDS or (out and ascii_fold(f"{out[-1]} {word}") in _PLACE_WORDS):
            out.append(lower)
            in_place, capital_next = True, False
            continue
        out.append(lower[:1].upper() + lower[1:] if capital_next or in_place else lower)
        capital_next = field_name and not in_place and (key in ("va", "-", "–") or word.endswith(",") or len(out) == 1)
    sentence = " ".join(out)
    for proper in _CAPITALISED:
        sentence = re.sub(rf"(?<!\w){re.escape(proper.lower())}(?!\w)", proper, sentence, flags=re.IGNORECASE)
    return sentence[:1].upper() + sentence[1:]


# ---------------------------------------------------------------- signature


@dataclass
class Signature:
    authority: str = ""  # "KT. CHỦ TỊCH", "T/M BAN THƯỜNG VỤ"
    titles: list[str] = field(default_factory=list)  # "PHÓ CHỦ TỊCH"
    signer: str | None = None

    @property
    def signer_title(self) -> str | None:
        parts = [p for p in [self.authority, *self.titles] if p]
        return ", ".join(parts) if parts else None


_POSITION = re.compile(
    r"\b(?:thu tuong|chu tich|bo truong|thu truong|giam doc|bi thu|truong ban|chanh van phong|tong bi thu|"
    r"chu nhiem|vien truong|chanh an|cuc truong|vu truong|tong cuc truong)\b"
)
_RECIPIENT_LINE = re.compile(r"^(?:[-+•~]\s|Như trên|Lưu\b|N[ơo]i nh[ậâa]n)")


def read_signature(lines: list[Line]) -> Signature:
    """Authority, title and name from the lines after the body (recipients, "(đã ký)" and seals skipped).
    The name is the first line of capitalised words after the authority."""
    sig = Signature()
    for line in lines:
        pieces = [p for c in line.cells for p in split_fragments(c)] if line.cells else split_fragments(line.text)
        for piece in (q for p in pieces for q in _right_column(p)):
            for part in _signature_parts(piece):
                _read_signature_part(sig, part)
            if sig.signer:
                return sig
    return sig


_CAPS_TAIL = re.compile(r"(?<=[;,.:)])\s+((?:T/M|TM\.|KT\.|TL\.|TUQ\.|Q\.)?\s*[A-ZĐÀ-Ỹ]{2,}(?:\s+[A-ZĐÀ-Ỹ]{1,})+)$")
_NAME_TAIL = re.compile(r"(?<=[;,.:)])\s+([A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s[A-ZĐÀ-Ỹ][a-zà-ỹđ]*){1,4})$")


def _right_column(piece: str) -> list[str]:
    """After OCR the two columns share one line with single spaces: "- Chính phủ; TM. ỦY BAN NHÂN DÂN",
    "- Lãnh đạo VPUBND tỉnh; Nguyễn Thế Phước". The right column's capitals or name come after the
    recipient's closing punctuation."""
    if vocabulary.SIGNATURE_AUTHORITY.match(piece):
        return [piece]
    for pattern in (_CAPS_TAIL, _NAME_TAIL):
        m = pattern.search(piece)
        if m:
            return [piece[: m.start(1)].rstrip(), m.group(1)]
    m = re.search(r"\s((?:T/M|TM\.|KT\.|TL\.|TUQ\.)\s*\S.*)$", piece)
    if m:
        return [piece[: m.start(1)].rstrip(), m.group(1)]
    return [piece]


def _signature_parts(piece: str) -> list[str]:
    """ "KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC Hoàng Văn Thuân" (one cell) → authority+titles, then the name."""
    m = re.search(r"(?<=[A-ZĐÀ-Ỹ])\s+([A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s[A-ZĐÀ-Ỹ][a-zà-ỹđ]*){1,4})$", piece)
    if m and is_uppercase(piece[: m.start()]):
        return [piece[: m.start()], m.group(1)]
    return [piece]


def _read_signature_part(sig: Signature, text: str) -> None:
    text = text.strip().strip("*").strip()
    if not text or _RECIPIENT_LINE.match(text) or _SIGNED.match(text):
        return
    authority = vocabulary.SIGNATURE_AUTHORITY.match(text)
    if authority:
        head = text.split()
        # "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH" → the authority is the last mark and what follows
        if sig.authority and not sig.titles:
            sig.titles.append(text)
        elif not sig.authority:
            sig.authority = text
        else:
            sig.titles.append(" ".join(head))
        return
    if not sig.authority and not sig.titles:
        # the head signs in person, without TM./KT.: "THỦ TƯỚNG", "CHỦ TỊCH", "BỘ TRƯỞNG"
        if is_uppercase(text) and _POSITION.search(ascii_fold(text)):
            sig.titles.append(text)
        return
    if is_uppercase(text) and len(text) < 80:
        if re.search(r"[A-ZĐ]{2,}", text):
            sig.titles.append(text)
        return
    if _NAME.match(text):
        sig.signer = text
