"""A document's body lines → its section tree, with the labels as printed.

Levels, outermost first: parts "A." "B."; Roman "I-" "II."; Arabic "1." "1-" with dotted depth
"2.1." "2.1.1."; letters "a)" "b)". Dash bullets and plain paragraphs belong to the item above them.
"""

from __future__ import annotations

import re

from .layout import ARABIC_RE, LETTER_RE, PART_RE, ROMAN_RE, Line
from .models import Section

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def roman_value(label: str) -> int:
    total = 0
    for a, b in zip(label, [*label[1:], ""], strict=False):
        va, vb = _ROMAN_VALUES[a], _ROMAN_VALUES.get(b, 0)
        total += -va if va < vb else va
    return total


def parse_label(text: str) -> tuple[str, int, str, str] | None:
    """(label, level, rest of the line, label as printed) when the line opens a numbered item, else None."""
    m = PART_RE.match(text)
    if m and _mostly_upper(text[m.end() : m.end() + 30]):
        return m.group(1), 0, text[m.end() :].strip(), text[: m.end()].strip()
    m = ROMAN_RE.match(text)
    if m and m.group(1):
        return m.group(1), 1, text[m.end() :].strip(), text[: m.end()].strip()
    m = ARABIC_RE.match(text)
    if m:
        label = m.group(1)
        return label, 1 + label.count(".") + 1, text[m.end() :].strip(), text[: m.end()].strip()
    m = LETTER_RE.match(text)
    if m:
        return m.group(1), 9, text[m.end() :].strip(), text[: m.end()].strip()
    return None


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.7


class _Builder:
    def __init__(self) -> None:
        self.roots: list[Section] = [Section(label="", path=[], heading="")]
        self.stack: list[tuple[int, Section]] = []  # (level, section)

    @property
    def current(self) -> Section:
        return self.stack[-1][1] if self.stack else self.roots[0]

    def plausible(self, label: str, level: int) -> bool:
        """Reject numbers that cannot follow what is open ("5." right after "1.", a year at line start)."""
        siblings = self._siblings(level)
        if level == 1:
            values = [roman_value(s.label) for s in siblings if re.fullmatch(r"[IVXL]+", s.label)]
            return roman_value(label) <= (max(values) if values else 0) + 2
        if level >= 2 and level < 9:
            last = label.split(".")[-1]
            prefix = label.rsplit(".", 1)[0] if "." in label else None
            if prefix is not None:
                parent = next((s for lv, s in reversed(self.stack) if lv == level - 1), None)
                if parent is None or parent.label != prefix:
                    return False
            values = [int(s.label.split(".")[-1]) for s in siblings if s.label.split(".")[-1].isdigit()]
            return int(last) <= (max(values) if values else 0) + 2
        return True

    def _siblings(self, level: int) -> list[Section]:
        parent = next((s for lv, s in reversed(self.stack) if lv < level), None)
        children = parent.children if parent is not None else self.roots
        return [c for c in children if c.label]

    def open(self, label: str, level: int, heading: str, marker: str) -> Section:
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        parent = self.stack[-1][1] if self.stack else None
        path = [*(parent.path if parent else []), label]
        section = Section(label=label, marker=marker, path=path, heading=heading)
        (parent.children if parent else self.roots).append(section)
        self.stack.append((level, section))
        return section


def build_sections(lines: list[Line]) -> list[Section]:
    builder = _Builder()
    for line in lines:
        if line.is_table:
            continue
        parsed = parse_label(line.text)
        if parsed and builder.plausible(parsed[0], parsed[1]):
            section = builder.open(*parsed)
            section.line = line.number
        else:
            section = builder.current
            section.paragraphs.append(line.text)
        section.footnotes.extend(line.footnotes)
    roots = builder.roots
    if not roots[0].paragraphs and not roots[0].footnotes:
        roots = roots[1:]
    return roots
