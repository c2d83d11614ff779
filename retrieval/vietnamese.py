"""Vietnamese text handling, in one place.

Everything that knows about Vietnamese spelling lives here: Unicode normalisation, the two tone
placements (``uỷ``/``ủy``, ``hoá``/``hóa``), diacritic folding for users who type without marks,
the abbreviations officials use (UBND, HĐND, MTTQ...), tokens for lexical search, document
numbers (``109-NQ/TU``, ``78/KH-UBND``) and dates.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

_TONES = "\u0300\u0301\u0303\u0309\u0323"
_SUPERSCRIPTS = "\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def retone(text: str) -> str:
    """Write old tone placement the new way: ``hoá`` → ``hóa``, ``uỷ`` → ``ủy`` (not ``quý``)."""
    decomposed = unicodedata.normalize("NFD", text)
    moved = re.sub(r"(?<![qQ])([oOuU])([aAeEyY])([" + _TONES + r"])(?!\w)", r"\1\3\2", decomposed)
    return unicodedata.normalize("NFC", moved)


def strip_artifacts(text: str) -> str:
    """Drop conversion artifacts (``**``, ``<i>``) without gluing words; footnote marks stay, as printed."""
    text = re.sub(r"</?[a-zA-Z][^>]{0,40}>", " ", text)
    text = text.replace("*", " ")
    return re.sub(r"[ \t\u00a0]+", " ", text).strip()


def fold(text: str) -> str:
    """Loose comparable form: NFC, new tone placement, no artifacts, casefolded, single spaces."""
    text = retone(nfc(text or ""))
    text = re.sub(f"[{_SUPERSCRIPTS}]", "", strip_artifacts(text))
    return re.sub(r"\s+", " ", text).casefold().strip()


def _bare_table() -> dict[int, int | None]:
    """Each precomposed Latin letter → its base letter, combining marks → nothing (one pass of translate)."""
    table: dict[int, int | None] = {ord("đ"): ord("d"), ord("Đ"): ord("D")}
    for code in range(0x00C0, 0x1EFA):
        parts = unicodedata.normalize("NFD", chr(code))
        if len(parts) > 1 and all(unicodedata.category(c) == "Mn" for c in parts[1:]):
            table[code] = ord(parts[0])
    for code in range(0x0300, 0x0370):
        table[code] = None
    return table


_BARE = _bare_table()


def strip_diacritics(text: str) -> str:
    """``Ủy ban`` → ``Uy ban``; ``đ`` → ``d``. What a user typing without marks writes."""
    return unicodedata.normalize("NFC", text).translate(_BARE)


def ascii_fold(text: str) -> str:
    return strip_diacritics(fold(text))


# Abbreviations as officials write them. Matched as whole words; the upper-case-only ones collide
# with ordinary words once diacritics are gone ("TU" vs "tu").
_ABBREVIATIONS: dict[str, str] = {
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "MTTQ": "Mặt trận Tổ quốc",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
    "BTV": "Ban Thường vụ",
    "BCH": "Ban Chấp hành",
    "BCS": "Ban cán sự",
    "BCĐ": "Ban Chỉ đạo",
    "TU": "Tỉnh ủy",
    "TW": "Trung ương",
    "NQ": "Nghị quyết",
    "KH": "Kế hoạch",
    "CTr": "Chương trình",
    "CTHĐ": "Chương trình hành động",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "QĐ": "Quyết định",
    "ĐA": "Đề án",
    "UB": "Ủy ban",
    "TP": "thành phố",
    "LHPN": "Liên hiệp phụ nữ",
    "LĐLĐ": "Liên đoàn Lao động",
    "VPTU": "Văn phòng Tỉnh ủy",
    "ĐUTT": "đảng ủy trực thuộc",
    "TT&TT": "Thông tin và Truyền thông",
    "TTTT": "Thông tin và Truyền thông",
    "KH&ĐT": "Kế hoạch và Đầu tư",
    "KHĐT": "Kế hoạch và Đầu tư",
    "LĐ-TB&XH": "Lao động - Thương binh và Xã hội",
    "LĐTB&XH": "Lao động - Thương binh và Xã hội",
    "LĐTBXH": "Lao động - Thương binh và Xã hội",
    "NN&PTNT": "Nông nghiệp và Phát triển nông thôn",
    "NNPTNT": "Nông nghiệp và Phát triển nông thôn",
    "TN&MT": "Tài nguyên và Môi trường",
    "TNMT": "Tài nguyên và Môi trường",
    "VHTTDL": "Văn hóa, Thể thao và Du lịch",
    "GD&ĐT": "Giáo dục và Đào tạo",
    "GDĐT": "Giáo dục và Đào tạo",
    "CT-XH": "chính trị - xã hội",
    "PT-TH": "Phát thanh - Truyền hình",
    "PTTH": "Phát thanh - Truyền hình",
    "KT-XH": "kinh tế - xã hội",
    "ANTT": "an ninh trật tự",
    "QP-AN": "quốc phòng - an ninh",
}
_CASE_SENSITIVE = {"TU", "TW", "UB", "TP", "CT", "KH", "KL", "NQ", "ĐA", "QĐ", "CTr"}


def _abbreviation_pattern() -> re.Pattern[str]:
    keys = sorted(_ABBREVIATIONS, key=len, reverse=True)
    parts = []
    for key in keys:
        escaped = re.escape(key)
        parts.append(escaped if key in _CASE_SENSITIVE else f"(?i:{escaped})")
    # a '/' or '-' next to a code is part of a document number (109-NQ/TU): expanding there is harmless
    return re.compile(r"(?<![\w&])(" + "|".join(parts) + r")(?![\w&])")


_ABBREV_RE = _abbreviation_pattern()
_ABBREV_LOOKUP = {k.casefold(): v for k, v in _ABBREVIATIONS.items()}
# Without diacritics "HĐND" is typed "HDND": accept the folded spellings too.
for _k, _v in list(_ABBREVIATIONS.items()):
    _bare = strip_diacritics(_k)
    if _bare != _k and _k not in _CASE_SENSITIVE:
        _ABBREV_LOOKUP.setdefault(_bare.casefold(), _v)
_BARE_ABBREV_RE = re.compile(
    r"(?<![\w&])(?i:("
    + "|".join(
        re.escape(strip_diacritics(k))
        for k in sorted(_ABBREVIATIONS, key=len, reverse=True)
        if strip_diacritics(k) != k and k not in _CASE_SENSITIVE
    )
    + r"))(?![\w&])"
)


def expand_abbreviations(text: str) -> str:
    """Write abbreviations out in full, so that "HĐND" and "Hội đồng nhân dân" meet in the index."""

    def full(match: re.Match[str]) -> str:
        return _ABBREV_LOOKUP.get(match.group(1).casefold(), match.group(1))

    text = _ABBREV_RE.sub(full, nfc(text))
    return _BARE_ABBREV_RE.sub(full, text)


_WORD_RE = re.compile(r"\w+")


def syllables(text: str) -> list[str]:
    """Lower-case, diacritic-free syllables after expanding abbreviations."""
    return _WORD_RE.findall(ascii_fold(expand_abbreviations(text)))


def search_tokens(text: str) -> list[str]:
    """Tokens for lexical search: syllables plus adjacent-syllable bigrams ("chu_tri")."""
    syl = syllables(text)
    return syl + [f"{a}_{b}" for a, b in itertools.pairwise(syl)]


# ---------------------------------------------------------------- document numbers

DOC_TYPE_CODES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "KH": "Kế hoạch",
    "CTR": "Chương trình hành động",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "QĐ": "Quyết định",
    "ĐA": "Đề án",
    "QC": "Quy chế",
    "TB": "Thông báo",
    "BC": "Báo cáo",
    "HD": "Hướng dẫn",
    "CV": "Công văn",
}

# Party style "109-NQ/TU", state style "78/KH-UBND" or "91/2019/NĐ-CP".
_PARTY_NUMBER = (
    r"(?P<pn>\d{1,5})\s?-\s?(?P<pt>[A-ZĐ][A-Za-zĐđ]{0,4})\s?/\s?(?P<pi>[A-ZĐ][A-ZĐa-z]{0,9}(?:-[A-ZĐ]{1,8})?)"
)
_STATE_NUMBER = r"(?P<sn>\d{1,5})/(?:(?P<sy>\d{4})/)?(?P<st>[A-ZĐ][A-Za-zĐđ]{0,4})-(?P<si>[A-ZĐ][A-ZĐa-z]{0,9})"
DOC_NUMBER_RE = re.compile(rf"(?<![\w/-])(?:{_PARTY_NUMBER}|{_STATE_NUMBER})(?![\w-]*\w)")


@dataclass(frozen=True)
class DocNumber:
    """A document number as written, with its parts."""

    raw: str
    serial: int
    code: str  # NQ, KH, CTr...
    issuer_code: str  # TU, UBND, TW...

    @property
    def doc_type(self) -> str | None:
        return DOC_TYPE_CODES.get(self.code.upper())

    @property
    def key(self) -> str:
        return doc_number_key(self.raw)


def _from_match(m: re.Match[str]) -> DocNumber:
    if m.group("pn"):
        return DocNumber(m.group(0), int(m.group("pn")), m.group("pt"), m.group("pi"))
    return DocNumber(m.group(0), int(m.group("sn")), m.group("st"), m.group("si"))


def parse_doc_number(text: str) -> DocNumber | None:
    m = DOC_NUMBER_RE.search(nfc(text))
    return _from_match(m) if m else None


def find_doc_numbers(text: str) -> list[DocNumber]:
    return [_from_match(m) for m in DOC_NUMBER_RE.finditer(nfc(text))]


def doc_number_key(text: str) -> str:
    """Comparable form of a document number: ``109-NQ/TU`` and ``109 - nq/tu`` agree."""
    return re.sub(r"[\s.]", "", strip_diacritics(fold(text)))


# ---------------------------------------------------------------- dates

_DATE_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_DATE_SLASH = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")


def _safe_date(d: str, m: str, y: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


def parse_date(text: str) -> date | None:
    """The first date written "ngày 08 tháng 6 năm 2021" or "08/6/2021" in the text."""
    text = nfc(text)
    found = [(m.start(), _safe_date(*m.groups())) for m in _DATE_WORDS.finditer(text)]
    found += [(m.start(), _safe_date(*m.groups())) for m in _DATE_SLASH.finditer(text)]
    found = sorted((pos, d) for pos, d in found if d)
    return found[0][1] if found else None


def format_date(value: date | None) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}" if value else ""


# ---------------------------------------------------------------- provinces

PROVINCES = (
    "Tuyên Quang", "Bắc Giang", "Hà Giang", "Bắc Ninh", "Thái Nguyên", "Phú Thọ", "Yên Bái", "Lào Cai",
    "Cao Bằng", "Lạng Sơn", "Bắc Kạn", "Điện Biên", "Lai Châu", "Sơn La", "Hòa Bình", "Quảng Ninh",
    "Hải Dương", "Hưng Yên", "Hà Nam", "Nam Định", "Thái Bình", "Ninh Bình", "Vĩnh Phúc", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Quảng Bình", "Quảng Trị", "Thừa Thiên Huế", "Quảng Nam", "Quảng Ngãi",
    "Bình Định", "Phú Yên", "Khánh Hòa", "Ninh Thuận", "Bình Thuận", "Kon Tum", "Gia Lai", "Đắk Lắk",
    "Đắk Nông", "Lâm Đồng", "Bình Phước", "Tây Ninh", "Bình Dương", "Đồng Nai", "Bà Rịa - Vũng Tàu",
    "Long An", "Tiền Giang", "Bến Tre", "Trà Vinh", "Vĩnh Long", "Đồng Tháp", "An Giang", "Kiên Giang",
    "Cần Thơ", "Hậu Giang", "Sóc Trăng", "Bạc Liêu", "Cà Mau", "Hà Nội", "Hải Phòng", "Đà Nẵng",
    "Thành phố Hồ Chí Minh",
)  # fmt: skip


def main_province(text: str) -> str | None:
    """The province a document speaks of most, by its name after "tỉnh" or in upper-case headers."""
    folded = fold(text)
    counts = {p: folded.count(fold(p)) for p in PROVINCES}
    best = max(counts, key=lambda p: counts[p])
    return best if counts[best] else None
