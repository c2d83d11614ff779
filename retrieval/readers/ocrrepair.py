"""Repairs of what OCR gets wrong in a document's structure, not in its words: Roman heading numbers.

The strokes of a Roman numeral are thin and close together: Tesseract reads "III-" as "HI-", "Il-" or "II-",
and "II." as "I.". A wrong numeral files every item under it in the wrong section, and an answer cites
"mục I.2" for "mục II.2". Headings follow each other (Nghị định 30/2020/NĐ-CP, Hướng dẫn 36-HD/VPTW: I, II,
III … within a part), so a heading whose numeral is not the next one is mended when the next one is what its
strokes could have been: a stroke lost (the previous numeral again, one "I" short of the next), or strokes read as
other letters ("H" for "II", "l", "|" for "I"). A numeral that goes back to I starts a new sequence, as does a
part ("A.", "Phần", "Chương"), an appendix or a new document's header.
"""

from __future__ import annotations

import re

from .numbering import roman

_HEADING = re.compile(r"^([IVXLHl|\[\]!]{1,6})(\s?[.\-–]\s)")  # not "1": "1." opens an Arabic item
_VALID = re.compile(r"^(?=[IVXL])X{0,3}(?:IX|IV|V?I{0,3})$|^XL$|^L$")
_STROKES = str.maketrans({"l": "I", "|": "I", "[": "I", "]": "I", "!": "I"})
# a new sequence of Roman headings: a part, a chapter, an appendix, another document's header
_RESTART = re.compile(
    r"^(?:[A-H]\s?[.\-–]\s|(?:PHẦN|Phần|CHƯƠNG|Chương|Phụ lục)\s+(?:[IVXL]+|\d+|THỨ|thứ|số)\b|PHỤ LỤC|Phụ lục$"
    r"|CỘNG HÒA XÃ HỘI|CỘNG HOÀ XÃ HỘI|ĐẢNG CỘNG SẢN)"
)


def _value(numeral: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for a, b in zip(numeral, [*numeral[1:], ""], strict=False):
        total += -values[a] if values[a] < values.get(b, 0) else values[a]
    return total


def _read_as(numeral: str) -> str:
    """The numeral with strokes read as other letters put back: "HI" → "III", "Il" → "II"."""
    return numeral.translate(_STROKES).replace("H", "II")


def repaired_heading(numeral: str, last: int) -> str | None:
    """The numeral a heading printed as ``numeral`` stands for, after a heading numbered ``last`` (0: none yet);
    None when it is not a Roman numeral at all."""
    expected = roman(last + 1)
    if _VALID.match(numeral):
        value = _value(numeral)
        if value == last and last > 0 and len(expected) == len(numeral) + 1 and expected.startswith(numeral):
            return expected  # one stroke lost: "I", "I" for "I", "II"
        return numeral
    read = _read_as(numeral)
    if read == expected:
        return expected
    return read if _VALID.match(read) and _value(read) in (1, last + 1) else None


def repair_roman_headings(lines: list[str]) -> list[str]:
    out = []
    last = 0
    for line in lines:
        m = _HEADING.match(line)
        numeral = repaired_heading(m.group(1), last) if m else None
        if _RESTART.match(line) and numeral != roman(last + 1):  # "H." is a part's letter unless "II." is due
            last = 0
            numeral = repaired_heading(m.group(1), last) if m else None
        if m and numeral is not None:
            last = _value(numeral)
            line = numeral + line[len(m.group(1)) :]
        out.append(line)
    return out
