"""Plain text → clean lines: conversion artifacts removed, glued headings split, page breaks healed.

The sample files come from a PDF/Word conversion: headings glued to text by ``**``
("I- QUAN ĐIỂM, MỤC TIÊU**1. Quan điểm**"), paragraphs cut by page breaks, footnotes dropped in the
middle of a paragraph. This module undoes that, keeping each line's words exactly as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .vietnamese import strip_artifacts

# Item labels as printed: "A.", "I-", "II.", "1.", "2-", "2.1.", "2.1-", "2.1.1.", "a)".
PART_RE = re.compile(r"^([A-H])\.\s+(?=[A-ZĐÀ-Ỹ])")
ROMAN_RE = re.compile(r"^((?:X{0,3})(?:IX|IV|V?I{0,3}))\s?[-.–]\s*(?=\S)")
ARABIC_RE = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\s?(?:[.\-–]\s+|[.\-–](?=[A-ZĐÀ-Ỹ*])|\)\s+)")
LETTER_RE = re.compile(r"^([a-zđ])\)\s*")
FOOTNOTE_RE = re.compile(r"^[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+\s*")
_LOWER_START = re.compile(r"^[a-zđà-ỹ]")

_GLUE = re.compile(r"(?<=\S)\*+(?=\S)")
_LABEL_AHEAD = re.compile(r"(?:[IVX]+\s?[-.]|\d{1,2}(?:\.\d{1,2})*\s?[.-]|[A-H]\.)\s")


@dataclass
class Line:
    text: str
    number: int  # 1-based line number in the file
    blank_before: bool = False
    footnotes: list[str] = field(default_factory=list)

    @property
    def is_table(self) -> bool:
        return "\t" in self.text


def is_label_line(text: str) -> bool:
    t = text.lstrip()
    return bool(
        PART_RE.match(t)
        or (ROMAN_RE.match(t) and ROMAN_RE.match(t).group(1))  # type: ignore[union-attr]
        or ARABIC_RE.match(t)
        or LETTER_RE.match(t)
        or t.startswith(("- ", "+ ", "• "))
    )


def _split_glued(text: str) -> list[str]:
    """Split "HEADING**1. Item**" and "VIỆT NAM*Bắc Giang" where a star run glues two lines together."""
    pieces: list[str] = []
    start = 0
    for m in _GLUE.finditer(text):
        left, right = text[: m.start()], text[m.end() :]
        glued = (
            left[-1:].isupper()
            or len(m.group(0)) >= 3
            or bool(_LABEL_AHEAD.match(right))
            or (len(m.group(0)) >= 2 and right[:1].isupper() and left[-1:] not in '(“"')
        )
        if glued:
            pieces.append(text[start : m.start()])
            start = m.end()
    pieces.append(text[start:])
    return [p for p in (strip_artifacts(p) for p in pieces) if p]


def clean_lines(text: str) -> list[Line]:
    """Every non-empty line, artifacts dropped (table cells keep their tabs), glued headings split."""
    out: list[Line] = []
    blank = True
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            blank = True
            continue
        if "\t" in raw:
            cells = [strip_artifacts(c) for c in raw.split("\t")]
            out.append(Line("\t".join(cells), number, blank))
        else:
            for i, piece in enumerate(_split_glued(raw.strip())):
                out.append(Line(piece, number, blank if i == 0 else False))
        blank = False
    return out


def heal_page_breaks(lines: list[Line]) -> list[Line]:
    """Join paragraphs cut by a page break and attach footnotes to the paragraph they interrupt.

    A paragraph continues the previous one when it starts in lower case, or when the previous one is a
    long line that stops without closing punctuation (a heading never is: headings are short).
    """
    out: list[Line] = []
    for line in lines:
        if FOOTNOTE_RE.match(line.text) and out and not line.is_table:
            out[-1].footnotes.append(line.text)
            continue
        prev = out[-1] if out else None
        if prev is not None and _continues(prev, line):
            prev.text = f"{prev.text} {line.text}"
            continue
        out.append(Line(line.text, line.number, line.blank_before, list(line.footnotes)))
    return out


# A line that stops on one of these words stops mid-sentence: "... phối hợp với" | "Trường Chính trị tỉnh ..."
_DANGLING = re.compile(r"(?<!\w)(?:với|và|của|các|những|cho|để|theo|tại|trong|về|là|được|đã|có|như|từ|đến|do|bằng)$")


def _continues(prev: Line, line: Line) -> bool:
    if prev.is_table or line.is_table or is_label_line(line.text):
        return False
    if prev.text.rstrip().endswith((".", ";", ":", "!", "?", "./.", "”", '"')) and not _LOWER_START.match(line.text):
        return False
    if _LOWER_START.match(line.text):
        return line.blank_before and len(prev.text) > 60
    if _DANGLING.search(prev.text.rstrip()):
        return line.blank_before
    # an upper-case start continues only a long line cut after a lower-case word ("... đại biểu" | "Đảng bộ")
    return line.blank_before and len(prev.text) > 200 and bool(re.search(r"[a-zđà-ỹ]$", prev.text.rstrip()))
