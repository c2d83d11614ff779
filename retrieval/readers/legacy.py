"""Vietnamese in the 8-bit encodings of the 1990s–2000s (TCVN3/ABC, VNI, VISCII), converted to Unicode.

Such text reaches us two ways: a .txt file whose bytes are in one of these encodings (or were re-saved as UTF-8
without conversion, "KÕ ho¹ch"), and .docx runs set in a legacy font (.VnTime, .VnTimeH, VNI-Times), whose
characters are the font's bytes read as Windows-1252. Both are turned into bytes and read with the encoding's
table. The tables follow the standards as glibc's iconv implements them (TCVN5712-1 for TCVN3's letters, VISCII)
and the VNI Windows composition rules; ``bench/legacy.py`` measures them (and the viparse package) on sentences
encoded with an independent public table.

TCVN3 has no capital letters with tones: headings were typed in lower case and drawn in capitals by the ".VnTimeH"
style fonts, so text in such a font is converted and then upper-cased; in a plain .txt file those capitals are lost
for good and come out lower case.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# The 134 Vietnamese letters, in one order shared by the tables below.
LETTERS = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
LETTERS += LETTERS.upper()

# TCVN3 (TCVN 5712:1993, VN3): the byte of each lowercase letter, then of the capitals it has (Ă Â Ê Ô Ơ Ư Đ).
_TCVN3_LOWER = "aµ¸¶·¹¨»¾¼½Æ©ÇÊÈÉËeÌÐÎÏÑªÒÕÓÔÖi×ÝØÜÞoßãáâä«åèæçé¬êíëìîuïóñòô\u00adõøö÷ùyúýûüþ®"
_TCVN3_CAPITALS = {"Ă": "¡", "Â": "¢", "Ê": "£", "Ô": "¤", "Ơ": "¥", "Ư": "¦", "Đ": "§"}
# VISCII 1.1 (RFC 1456): the byte of each of the 134 letters, as latin-1 characters (C0/C1 bytes included).
_VISCII = (
    "aàáäãÕå¢¡ÆÇ£â¥¤¦ç§eèéë¨©ê«ª¬\xad®iìíïî¸oòóöõ÷ô°¯±²µ½¶¾·Þþuùúüûøß×ÑØæñyÏýÖÛÜð"
    "AÀÁÄÃ\x80Å\x82\x81\x02\x05\x83Â\x85\x84\x86\x06\x87EÈÉË\x88\x89Ê\x8b\x8a\x8c\x8d\x8eIÌÍ\x9bÎ\x98"
    "OÒÓ\x99\xa0\x9aÔ\x90\x8f\x91\x92\x93´\x96\x95\x97³\x94UÙÚ\x9c\x9d\x9e¿»º¼ÿ¹Y\x9fÝ\x14\x19\x1eÐ"
)


def _byte_table(codes: str, letters: str) -> dict[int, str]:
    return {ord(code): letter for code, letter in zip(codes, letters, strict=True) if code != letter}


TCVN3: dict[int, str] = _byte_table(_TCVN3_LOWER, LETTERS[: len(LETTERS) // 2])
TCVN3.update({ord(code): letter for letter, code in _TCVN3_CAPITALS.items()})
VISCII: dict[int, str] = _byte_table(_VISCII, LETTERS)


def _vni_table() -> dict[str, str]:
    """VNI Windows writes a letter as its base and one mark after it (a Latin-1 character standing for the shape,
    the tone, or both); ơ ư i and đ have single characters of their own."""
    tones = {"\u0300": "øØ", "\u0301": "ùÙ", "\u0309": "ûÛ", "\u0303": "õÕ", "\u0323": "ïÏ"}
    circumflex_tones = {"\u0300": "àÀ", "\u0301": "áÁ", "\u0309": "åÅ", "\u0303": "ãÃ", "\u0323": "äÄ"}
    breve_tones = {"\u0300": "èÈ", "\u0301": "éÉ", "\u0309": "úÚ", "\u0303": "üÜ", "\u0323": "ëË"}
    i_tones = {"\u0300": "ìÌ", "\u0301": "íÍ", "\u0309": "æÆ", "\u0303": "óÓ", "\u0323": "òÒ"}
    table: dict[str, str] = {"ñ": "đ", "Ñ": "Đ"}
    for letter in LETTERS:
        if letter in "đĐ":
            continue
        upper = letter.isupper()
        parts = unicodedata.normalize("NFD", letter)
        base, marks = parts[0].lower(), parts[1:]
        tone = next((m for m in marks if m in tones), "")
        shape = "".join(m for m in marks if m not in tones)
        pick = 1 if upper else 0
        b = parts[0]
        if shape == "\u0302":  # â ê ô
            code = b + (circumflex_tones[tone][pick] if tone else ("Â" if upper else "â"))
        elif shape == "\u0306":  # ă
            code = b + (breve_tones[tone][pick] if tone else ("Ê" if upper else "ê"))
        elif shape == "\u031b":  # ơ ư are single characters in VNI
            code = ({"o": "Ô", "u": "Ö"} if upper else {"o": "ô", "u": "ö"})[base] + (tones[tone][pick] if tone else "")
        elif base == "i":
            code = i_tones[tone][pick] if tone else b
        elif base == "y" and tone == "\u0323":
            code = "Î" if upper else "î"
        else:
            code = b + (tones[tone][pick] if tone else "")
        if code != letter:
            table[code] = letter
    return table


VNI: dict[str, str] = _vni_table()
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(VNI, key=len, reverse=True)))

ENCODINGS = ("tcvn3", "vni", "viscii")


def _surface_bytes(text: str) -> list[int | None]:
    """The byte each character stood for: latin-1 characters are their bytes, Windows-1252's 0x80–0x9F
    characters ("œ", "“") theirs; anything else (already Unicode) has none."""
    out: list[int | None] = []
    for ch in text:
        code = ord(ch)
        if code < 256:
            out.append(code)
        else:
            try:
                out.append(ch.encode("cp1252")[0])
            except UnicodeEncodeError:
                out.append(None)
    return out


def convert(text: str, encoding: str) -> str:
    """Text in ``encoding`` (as latin-1 or Windows-1252 characters) → Unicode NFC; other characters unchanged."""
    if encoding == "vni":
        return _VNI_RE.sub(lambda m: VNI[m.group(0)], _cp1252_to_latin1(text))
    table = TCVN3 if encoding == "tcvn3" else VISCII
    return "".join(table.get(code, ch) if code is not None else ch for ch, code in zip(text, _surface_bytes(text), strict=True))


def _cp1252_to_latin1(text: str) -> str:
    return "".join(chr(code) if code is not None else ch for ch, code in zip(text, _surface_bytes(text), strict=True))


def detect(text: str) -> str | None:
    """The legacy encoding ``text`` is in, or None for Unicode, for other languages, or too little to tell.

    Each reading (as it is, and converted from each encoding) is scored by its words: a word with letters beyond
    ASCII counts for the reading when it is spelled as a Vietnamese syllable (initial consonants, one to three
    vowels, a final consonant, one tone at most) and against it otherwise. A conversion must clearly beat the text
    as it is, so Unicode Vietnamese and French or German text stay as they are."""
    sample = text[:200_000]
    as_is = _syllables(sample)
    best, best_counts = None, as_is
    for encoding in ENCODINGS:
        counts = _syllables(convert(sample, encoding))
        if counts.score > best_counts.score:
            best, best_counts = encoding, counts
    good, bad = best_counts.plausible, best_counts.implausible
    if best is None or good < 5 or good < 4 * bad or best_counts.score - as_is.score < max(5, 0.2 * abs(as_is.score)):
        return None
    return best


@dataclass(frozen=True)
class Syllables:
    plausible: int
    implausible: int

    @property
    def score(self) -> int:
        return self.plausible - self.implausible


_WORD = re.compile(r"[^\W\d_]+")
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = "".join(ch for ch in LETTERS[: len(LETTERS) // 2] if ch != "đ")
_SYLLABLE = re.compile(
    rf"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?[{_VOWELS}]{{1,3}}(?:ng|nh|ch|[cmnpt])?$"
)


def _syllables(text: str) -> Syllables:
    """How many words beyond ASCII are spelled as Vietnamese syllables, and how many are not."""
    good = bad = 0
    for match in _WORD.finditer(text):
        word = match.group(0)
        if word.isascii():
            continue
        tones = sum(1 for ch in unicodedata.normalize("NFD", word) if ch in _TONES)
        if tones <= 1 and _SYLLABLE.match(word.lower()) is not None:
            good += 1
        else:
            bad += 1
    return Syllables(good, bad)


# ---------------------------------------------------------------- fonts in .docx


def font_encoding(font: str) -> tuple[str, bool] | None:
    """(encoding, drawn in capitals) of a legacy Vietnamese font, or None for a Unicode font."""
    name = font.strip()
    lower = name.lower()
    if lower.startswith(".vn"):
        return "tcvn3", lower.endswith("h")
    if lower.startswith("vni-") or lower.startswith("vni "):
        return "vni", False
    if lower.startswith(("viscii", "vi-")):
        return "viscii", False
    return None


@lru_cache(maxsize=256)
def _encoding_of(font: str) -> tuple[str, bool] | None:
    return font_encoding(font)


def convert_font_text(text: str, font: str) -> str:
    found = _encoding_of(font)
    if found is None:
        return text
    encoding, capitals = found
    converted = convert(text, encoding)
    return converted.upper() if capitals else converted


def symbol_char(code: str) -> str:
    """A ``w:sym`` character (Symbol/Wingdings code, hex): a dash or a bullet as it looks."""
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    low = value & 0xFF
    if low in (0x2D, 0x2B):
        return chr(low)
    return "•" if value else ""


@dataclass
class FontMap:
    """Which font each paragraph style and run is set in (``w:rFonts``), to find the legacy ones."""

    default: str = ""
    styles: dict[str, str] = field(default_factory=dict)  # style id → its own font
    parents: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_styles(cls, styles: etree._Element | None) -> FontMap:
        fonts = cls()
        if styles is None:
            return fonts
        fonts.default = _rfonts(styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")) or ""
        for style in styles.findall(f"{W}style"):
            style_id = style.get(f"{W}styleId", "")
            font = _rfonts(style.find(f"{W}rPr"))
            if font:
                fonts.styles[style_id] = font
            parent = style.find(f"{W}basedOn")
            if parent is not None:
                fonts.parents[style_id] = parent.get(f"{W}val", "")
        return fonts

    def style_font(self, style: str) -> str:
        seen: set[str] = set()
        while style and style not in seen:
            seen.add(style)
            if style in self.styles:
                return self.styles[style]
            style = self.parents.get(style, "")
        return ""

    def paragraph_font(self, p: etree._Element) -> str:
        style = p.find(f"{W}pPr/{W}pStyle")
        found = self.style_font(style.get(f"{W}val", "")) if style is not None else ""
        return found or self.style_font("Normal") or self.default

    def run_font(self, run: etree._Element, paragraph_font: str) -> str:
        rpr = run.find(f"{W}rPr")
        if rpr is None:
            return paragraph_font
        own = _rfonts(rpr)
        if own:
            return own
        style = rpr.find(f"{W}rStyle")
        return (self.style_font(style.get(f"{W}val", "")) if style is not None else "") or paragraph_font


def _rfonts(rpr: etree._Element | None) -> str | None:
    if rpr is None:
        return None
    fonts = rpr.find(f"{W}rFonts")
    if fonts is None:
        return None
    return fonts.get(f"{W}ascii") or fonts.get(f"{W}hAnsi")
