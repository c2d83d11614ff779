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

from . import vocabulary

_TONES = "\u0300\u0301\u0303\u0309\u0323"
_SUPERSCRIPTS = "\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def retone(text: str) -> str:
    """Write old tone placement the new way: ``hoá`` → ``hóa``, ``uỷ`` → ``ủy`` (not ``quý``)."""
    decomposed = unicodedata.normalize("NFD", text)
    # the tone must end the syllable: in "luận", "Huệ" a dot below sorts before the vowel's own circumflex
    moved = re.sub(r"(?<![qQ])([oOuU])([aAeEyY])([" + _TONES + r"])(?![\w\u0300-\u036f])", r"\1\3\2", decomposed)
    return unicodedata.normalize("NFC", moved)


def strip_markup(text: str) -> str:
    """Drop conversion artifacts (``**``, ``<i>``) without gluing words, keeping the spacing as laid out (a run of
    spaces is a column gap in a header); footnote marks stay, as printed."""
    text = re.sub(r"</?[a-zA-Z][^>]{0,40}>", " ", text)
    return text.replace("*", " ").replace("\u00a0", " ").strip()


def strip_artifacts(text: str) -> str:
    """Drop conversion artifacts (``**``, ``<i>``) without gluing words; footnote marks stay, as printed."""
    return re.sub(r"[ \t]+", " ", strip_markup(text))


def fold(text: str) -> str:
    """Loose comparable form: NFC, new tone placement, no artifacts, casefolded, single spaces."""
    text = retone(nfc(text or ""))
    text = re.sub(f"[{_SUPERSCRIPTS}]", "", strip_artifacts(text))
    # lower() after casefold(): Unicode case-folds some scripts (Cherokee "ꭰ") to capitals
    return re.sub(r"\s+", " ", text).casefold().lower().strip()


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
    """``Ủy ban`` → ``Uy ban``; ``đ`` → ``d``. What a user typing without marks writes. Latin letters go through
    one table; a letter of another script with marks (Greek "ἀ") loses them the slow way."""
    out = unicodedata.normalize("NFC", text).translate(_BARE)
    if out.isascii():
        return out
    return "".join(c for c in unicodedata.normalize("NFD", out) if not unicodedata.combining(c))


def ascii_fold(text: str) -> str:
    return strip_diacritics(fold(text))


ABBREVIATIONS = vocabulary.ABBREVIATIONS
_CASE_SENSITIVE = vocabulary.CASE_SENSITIVE


def _abbreviation_pattern() -> re.Pattern[str]:
    keys = sorted(ABBREVIATIONS, key=len, reverse=True)
    parts = []
    for key in keys:
        escaped = re.escape(key)
        parts.append(escaped if key in _CASE_SENSITIVE else f"(?i:{escaped})")
    # a '/' or '-' next to a code is part of a document number (109-NQ/TU): expanding there is harmless
    return re.compile(r"(?<![\w&])(" + "|".join(parts) + r")(?![\w&])")


_ABBREV_RE = _abbreviation_pattern()
_ABBREV_LOOKUP = {k.casefold(): v for k, v in ABBREVIATIONS.items()}
# Without diacritics "HĐND" is typed "HDND": accept the folded spellings too.
for _k, _v in list(ABBREVIATIONS.items()):
    _bare = strip_diacritics(_k)
    if _bare != _k and _k not in _CASE_SENSITIVE:
        _ABBREV_LOOKUP.setdefault(_bare.casefold(), _v)
_BARE_ABBREV_RE = re.compile(
    r"(?<![\w&])(?i:("
    + "|".join(
        re.escape(strip_diacritics(k))
        for k in sorted(ABBREVIATIONS, key=len, reverse=True)
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


def marked_syllables(text: str) -> list[tuple[str, str]]:
    """(accented, folded) for each syllable after expanding abbreviations: ("sân", "san")."""
    words = _WORD_RE.findall(fold(expand_abbreviations(text)))
    return [(w, strip_diacritics(w)) for w in words]


def index_tokens(text: str) -> list[str]:
    """What the index holds for a text: the folded tokens (for users who type without marks) and, beside them,
    the accented syllables and pairs ("sân", "sân_bay"), so a question typed with marks can tell "sân bay" from
    "sản bảy". A syllable or pair without marks is the same in both forms and is held once."""
    pairs = marked_syllables(text)
    folded = [f for _, f in pairs]
    tokens = folded + [f"{a}_{b}" for a, b in itertools.pairwise(folded)]
    tokens += [a for a, f in pairs if a != f]
    tokens += [f"{a[0]}_{b[0]}" for a, b in itertools.pairwise(pairs) if a[0] != a[1] or b[0] != b[1]]
    return tokens


_MARKS = re.compile("[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]")


def typed_with_marks(text: str) -> bool:
    """Did the user type Vietnamese marks? Most syllables of Vietnamese carry one; a question where half or more
    do was typed with marks (its unmarked syllables are unmarked words), one with few was typed without."""
    words = [w for w in re.findall(r"\w+", nfc(text)) if not w.isupper() and not w.isdigit()]
    if not words:
        return False
    return sum(1 for w in words if _MARKS.search(w.lower())) >= 0.5 * len(words)


def query_tokens(text: str) -> list[str]:
    """A question's tokens, folding only what the user typed without marks: "sân bay tỉnh" asks for "sân_bay";
    "san bay" for anything that folds to it."""
    pairs = marked_syllables(text)
    if typed_with_marks(text):
        words = [a for a, _ in pairs]
        return words + [f"{a}_{b}" for a, b in itertools.pairwise(words)]
    marked = [a != f for a, f in pairs]
    tokens = [a if m else f for (a, f), m in zip(pairs, marked, strict=True)]
    for (a, b), (ma, mb) in zip(itertools.pairwise(pairs), itertools.pairwise(marked), strict=True):
        tokens.append(f"{a[0]}_{b[0]}" if ma and mb else f"{a[1]}_{b[1]}")
    return tokens


# ---------------------------------------------------------------- document numbers

# Party style "109-NQ/TU", "2449 -CV/ĐU" (Hướng dẫn 36-HD/VPTW); state style "78/KH-UBND", "91/2019/NĐ-CP",
# "66.19/2026/NQ-CP", a công văn's "9387 /UBND-KT" (Nghị định 30/2020, Phụ lục I). Spaces that typists and OCR
# put around the separators are allowed; the number is then written without them.
_CODE = r"[A-ZĐ][A-Za-zĐđ]{0,5}"
_ISSUER = r"[A-ZĐ][A-Za-zĐđ0-9]{0,11}(?:[ \t]?-[ \t]?[A-ZĐ][A-Za-zĐđ0-9]{0,11}){0,2}"
_SERIAL = r"\d{1,5}(?:\.\d{1,3})?"
_PARTY_NUMBER = rf"(?P<pn>{_SERIAL})[ \t]?-[ \t]?(?P<pt>{_CODE})[ \t]?/[ \t]?(?P<pi>{_ISSUER})"
_STATE_NUMBER = rf"(?P<sn>{_SERIAL})[ \t]?/[ \t]?(?:(?P<sy>(?:19|20)\d\d)[ \t]?/[ \t]?)?(?P<st>{_ISSUER})"
DOC_NUMBER_RE = re.compile(rf"(?<![\w/-])(?:{_PARTY_NUMBER}|{_STATE_NUMBER})(?![\w-]*\w)")


@dataclass(frozen=True)
class DocNumber:
    """A document number as written, with its parts."""

    raw: str  # without the spaces a typist put around separators: "2449-CV/ĐU"
    serial: int  # 55; "66.19" gives 66
    code: str  # the type code: NQ, KH, CTr; for a công văn the issuer's ("UBND" in "9387/UBND-KT")
    issuer_code: str  # TU, UBND-KT, CP
    party: bool  # "55-CTr/TU" (Party) or "78/KH-UBND" (state)
    year: int | None = None  # "91/2019/NĐ-CP"
    serial_text: str = ""  # "66.19"

    @property
    def doc_type(self) -> str | None:
        """The type the code stands for; a state number whose first code is no type code is a công văn."""
        found = vocabulary.type_for_code(self.code, self.party)
        if found is None and not self.party and self.code and self.issuer_code != self.code:
            return vocabulary.OFFICIAL_LETTER
        return found

    @property
    def key(self) -> str:
        return doc_number_key(self.raw)


def _from_match(m: re.Match[str]) -> DocNumber:
    raw = re.sub(r"\s+", "", m.group(0))
    if m.group("pn"):
        serial = m.group("pn")
        return DocNumber(raw, int(serial.split(".")[0]), m.group("pt"), re.sub(r"\s", "", m.group("pi")), True, None, serial)
    serial = m.group("sn")
    codes = re.sub(r"\s", "", m.group("st")).split("-")
    year = int(m.group("sy")) if m.group("sy") else None
    code = codes[0] if len(codes) > 1 or vocabulary.type_for_code(codes[0], False) else ""
    issuer = "-".join(codes[1:]) if code and len(codes) > 1 and vocabulary.type_for_code(code, False) else "-".join(codes)
    return DocNumber(raw, int(serial.split(".")[0]), code, issuer, False, year, serial)


def parse_doc_number(text: str) -> DocNumber | None:
    m = DOC_NUMBER_RE.search(nfc(text))
    return _from_match(m) if m else None


def find_doc_numbers(text: str) -> list[DocNumber]:
    return [_from_match(m) for m in DOC_NUMBER_RE.finditer(nfc(text))]


def doc_number_key(text: str) -> str:
    """Comparable form of a document number: ``109-NQ/TU``, ``109 - nq/tu`` and ``109-NQ/TU.`` agree."""
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

PROVINCES = vocabulary.PROVINCES


def main_province(text: str) -> str | None:
    """The province a document speaks of most: named after "tỉnh", "thành phố", "Tỉnh ủy" or before ", ngày" (the
    place of issue). A bare name is not counted: "tư tưởng Hồ Chí Minh" names no city."""
    folded = ascii_fold(text)
    counts = {}
    for province in PROVINCES:
        key = re.escape(ascii_fold(province))
        pattern = rf"(?:(?:tinh|thanh pho|tp\.?)(?:\s+uy)?\s+{key}|(?<![\w,])\s?{key},\s*ngay)(?!\w)"
        counts[province] = len(re.findall(pattern, folded))
    best = max(counts, key=lambda p: counts[p])
    if not counts[best] or sum(1 for c in counts.values() if c == counts[best]) > 1:
        return None
    return best
