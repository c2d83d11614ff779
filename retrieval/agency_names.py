"""Agency names compared the way officials mean them, and shown the way documents print them.

"UBND tỉnh" is "Ủy ban nhân dân tỉnh", "Sở TT&TT" is "Sở Thông tin và Truyền thông", "Sở TP" is "Sở Tư pháp",
"Ban cán sự Đảng UBND tỉnh" is "Ban cán sự đảng Ủy ban nhân dân tỉnh", "Uỷ ban" is "Ủy ban". A name has
- a written-out form, for display: abbreviations written out, new tone placement, the printed case kept;
- a key, for comparing: the written-out form without diacritics, lower case, punctuation gone, the province of the
  document it belongs to written as "tỉnh" ("Kho bạc Nhà nước Tuyên Quang" = "Kho bạc Nhà nước tỉnh").

Keys are compared in the context of a province: Tuyên Quang's "Sở Tư pháp" is not Bắc Giang's. A user's text
matches a name when it is the whole name or the start of it, word by word ("Ban Tuyên giáo" finds "Ban Tuyên giáo
Tỉnh ủy"), never a piece inside a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import vocabulary
from .vietnamese import ascii_fold, expand_abbreviations, nfc, retone

_DEPARTMENT_RE = re.compile(
    r"(?<!\w)(Sở|SỞ|sở|So|SO|so)\s+("
    + "|".join(re.escape(code) for code in sorted(vocabulary.DEPARTMENT_CODES, key=len, reverse=True))
    + r")(?![\w&])",
    re.IGNORECASE,
)
_DEPARTMENT_LOOKUP = {code.casefold(): name for code, name in vocabulary.DEPARTMENT_CODES.items()}
_PROVINCE_KEYS = sorted(((ascii_fold(p), p) for p in vocabulary.PROVINCES), key=lambda pair: -len(pair[0]))
_DEPARTMENT_HEAD = "so "


def written_out(name: str) -> str:
    """ "Sở TP" → "Sở Tư pháp"; "Đảng đoàn HĐND tỉnh" → "Đảng đoàn Hội đồng nhân dân tỉnh"; "Uỷ ban" → "Ủy ban"."""
    text = retone(nfc(name))
    text = _DEPARTMENT_RE.sub(lambda m: f"{m.group(1)} {_DEPARTMENT_LOOKUP[m.group(2).casefold()]}", text)
    text = expand_abbreviations(text)
    return re.sub(r"\s+", " ", text).strip(" ,.;:-–")


def agency_key(name: str, province: str | None = None) -> str:
    """The comparable form of a name; ``province`` is the document's, whose name inside the agency's is "tỉnh"."""
    key = _plain(ascii_fold(written_out(name)))
    if province:
        key = _province_as_tinh(key, ascii_fold(province))
    return _without_department_tinh(key)


@dataclass(frozen=True)
class AgencyQuery:
    """What a user typed, as a key, and the province they named with it, if any ("Sở Tư pháp Tuyên Quang")."""

    key: str
    province: str | None = None

    def matches(self, key: str) -> bool:
        """The whole name, or its first words: "so tu phap" matches "so tu phap"; "ban tuyen giao" matches
        "ban tuyen giao tinh uy"; "so tu" matches "so tu phap" but "tu phap" does not."""
        return bool(self.key) and (key == self.key or key.startswith(self.key + " "))


def agency_query(text: str) -> AgencyQuery:
    """A user's agency as a key: "so tu phap", "Sở TP", "BTG tỉnh ủy", "Sở Y tế tỉnh Tuyên Quang"."""
    key = _plain(ascii_fold(written_out(text)))
    province = None
    for bare, name in _PROVINCE_KEYS:
        m = re.search(rf"(?:^|\s)(?:tinh\s+)?{re.escape(bare)}$", key)
        if m and m.start() > 0:
            province = name
            key = _province_as_tinh(key, bare)
            break
    return AgencyQuery(_without_department_tinh(key), province)


def is_collective(name: str) -> bool:
    """ "Các sở, ban, ngành liên quan", "các cơ quan, đơn vị": many assignees, no one agency."""
    key = ascii_fold(name)
    return key.startswith(("cac ", "moi ", "toan the ")) or key in ("cap uy, chinh quyen cac cap",)


def _plain(folded: str) -> str:
    """Punctuation to spaces (keeping "&"), one space, a word printed twice in a row once ("tỉnh tỉnh")."""
    words = re.sub(r"[^\w&]+", " ", folded).split()
    out: list[str] = []
    for word in words:
        if not out or out[-1] != word:
            out.append(word)
    return " ".join(out)


def _province_as_tinh(key: str, bare_province: str) -> str:
    return re.sub(rf"(?:\s+tinh)?\s+{re.escape(bare_province)}$", " tinh", key).strip()


def _without_department_tinh(key: str) -> str:
    """A department (sở) is the province's by definition: "Sở Tư pháp tỉnh" is "Sở Tư pháp"."""
    if key.startswith(_DEPARTMENT_HEAD) and key.endswith(" tinh") and len(key.split()) > 2:
        return key[: -len(" tinh")]
    return key
