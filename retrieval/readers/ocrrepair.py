"""Repairs of what OCR gets wrong in a document's structure, not in its words: Roman heading numbers and the
numbers of table rows.

The strokes of a Roman numeral are thin and close together: Tesseract reads "III-" as "HI-", "Il-" or "II-",
and "II." as "I.". A wrong numeral files every item under it in the wrong section, and an answer cites
"mục I.2" for "mục II.2". Headings follow each other (Nghị định 30/2020/NĐ-CP, Hướng dẫn 36-HD/VPTW: I, II,
III … within a part), so a heading whose numeral is not the next one is mended when the next one is what its
strokes could have been: a stroke lost (the previous numeral again, one "I" short of the next), or strokes read as
other letters ("H" for "II", "l", "|" for "I"). A numeral that goes back to I starts a new sequence, as does a
part ("A.", "Phần", "Chương"), an appendix or a new document's header.

A table's row numbers are a sequence too: a number cell read as "J7:", "ả." or "11;" between rows 26 and 28,
2 and 4, 10 and 12 is the number due, written as its neighbours are ("27."); the row is then cited by its number.
"""

from __future__ import annotations

import re

from ..sections import roman_value
from .numbering import roman

_HEADING = re.compile(r"^([IVXLHl|\[\]!]{1,6})(\s?[.\-–]\s)")  # not "1": "1." opens an Arabic item
_VALID = re.compile(r"^(?=[IVXL])X{0,3}(?:IX|IV|V?I{0,3})$|^XL$|^L$")
_STROKES = str.maketrans({"l": "I", "|": "I", "[": "I", "]": "I", "!": "I"})
# a new sequence of Roman headings: a part, a chapter, an appendix, another document's header
_RESTART = re.compile(
    r"^(?:[A-H]\s?[.\-–]\s|(?:PHẦN|Phần|CHƯƠNG|Chương|Phụ lục)\s+(?:[IVXL]+|\d+|THỨ|thứ|số)\b|PHỤ LỤC|Phụ lục$"
    r"|CỘNG HÒA XÃ HỘI|CỘNG HOÀ XÃ HỘI|ĐẢNG CỘNG SẢN)"
)


def _read_as(numeral: str) -> str:
    """The numeral with strokes read as other letters put back: "HI" → "III", "Il" → "II"."""
    return numeral.translate(_STROKES).replace("H", "II")


def repaired_heading(numeral: str, last: int) -> str | None:
    """The numeral a heading printed as ``numeral`` stands for, after a heading numbered ``last`` (0: none yet);
    None when it is not a Roman numeral at all."""
    expected = roman(last + 1)
    if _VALID.match(numeral):
        value = roman_value(numeral)
        if value == last and last > 0 and len(expected) == len(numeral) + 1 and expected.startswith(numeral):
            return expected  # one stroke lost: "I", "I" for "I", "II"
        return numeral
    read = _read_as(numeral)
    if read == expected:
        return expected
    return read if _VALID.match(read) and roman_value(read) in (1, last + 1) else None


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
            last = roman_value(numeral)
            line = numeral + line[len(m.group(1)) :]
        out.append(line)
    return out


_NUMBER_CELL = re.compile(r"^(\d{1,3})([.)]?)$")
_GARBLED_CELL = re.compile(r"^(?=.*(?:\d|[.,;:)]$))\S{1,4}$")  # short, with a digit or a number's punctuation


def repair_row_numbers(lines: list[str]) -> list[str]:
    """Each table (a run of tab-separated lines) with its garbled row numbers put back where the numbers before
    and after leave exactly room for them."""
    out = list(lines)
    start = 0
    while start < len(out):
        if "\t" not in out[start]:
            start += 1
            continue
        end = start
        while end < len(out) and "\t" in out[end]:
            end += 1
        _repair_table(out, start, end)
        start = end
    return out


def _repair_table(lines: list[str], start: int, end: int) -> None:
    anchor: tuple[int, str] | None = None  # the last number read right, and how it is written ("." or "")
    garbled: list[int] = []  # rows since then whose number is not readable
    for i in range(start, end):
        cell = lines[i].split("\t", 1)[0].strip()
        m = _NUMBER_CELL.match(cell)
        if m and not (anchor and garbled and int(m.group(1)) != anchor[0] + len(garbled) + 1):
            number = int(m.group(1))
            if anchor:  # the rows between fit exactly (else this number would be out of sequence)
                for k, row in enumerate(garbled, 1):
                    rest = lines[row].split("\t", 1)[1]
                    lines[row] = f"{anchor[0] + k}{anchor[1]}\t{rest}"
            anchor, garbled = (number, m.group(2)), []
        elif m or (cell and _GARBLED_CELL.match(cell)):
            garbled.append(i)  # a number out of sequence ("11;" is garbled; "7" after "5" may be a misread "6")
        # an empty cell goes on with the row above; a group's heading ("I", "Tỉnh ủy ban hành") is no number
