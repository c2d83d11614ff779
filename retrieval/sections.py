"""A document's body lines → its section tree, with the labels as printed, and the tables inside it.

Two structures share the documents (Luật Ban hành văn bản quy phạm pháp luật; Nghị định 30/2020; Hướng dẫn
36-HD/VPTW):

- legal: Phần, Chương, Mục, Điều, khoản ("1."), điểm ("a)"); Chương and Mục group articles but are not part
  of an item's path ("Điều 5, khoản 2, điểm a" is ["Điều 5", "2", "a"]);
- directive: parts "A.", Roman "I-"/"II.", Arabic "1."/"1-" with dotted depth "2.1."/"2.1.1.", letters "a)",
  numbered targets "(1)"; dash bullets and plain paragraphs belong to the item above them.

Which style nests in which is read from the document itself: a style seen for the first time opens a level
below the current one, a style already open closes the levels below it. The outer styles (Phần, A., I., Điều)
never nest inside inner ones. A label is taken only when it continues its siblings' sequence ("5." after "1."
is not an item; nor is "Điều 15" in "theo Điều 15 Nghị định ..." wrapped onto a new line), checked in constant
time per line against the last sibling, so the tree is built in one linear pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .layout import ARABIC_RE, ARTICLE_RE, CHAPTER_RE, LETTER_RE, PAREN_RE, PART_RE, ROMAN_RE, Line
from .models import Section, Table
from .tables import parse_table

_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ROMAN_OK = re.compile(r"^(?:C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
# Vietnamese letters in the order documents use for điểm: no f, j, w, z; đ after d.
LETTERS = "abcdđeghiklmnopqrstuvxy"
_PHAN_RE = re.compile(r"^(?:PHẦN|Phần)\s+(THỨ\s+\w+|thứ\s+\w+|[IVX]+|\d{1,2})\b\.?\s*")
_SECTION_RE = re.compile(r"^(?:Mục|MỤC)\s+(\d{1,2}|[IVX]+)\.?\s+(?=[A-ZĐÀ-Ỹ])")

# Canonical order of the outer styles: a style of lower rank is never inside one of higher rank.
_RANK = {"phan": 0, "part": 1, "roman": 2, "article": 3, "arabic": 4, "letter": 6, "paren": 7}


def roman_value(label: str) -> int:
    total = 0
    for a, b in zip(label, [*label[1:], ""], strict=False):
        va, vb = _ROMAN_VALUES[a], _ROMAN_VALUES.get(b, 0)
        total += -va if va < vb else va
    return total


@dataclass(frozen=True)
class Label:
    style: str  # "part", "roman", "article", "arabic", "letter", "paren", "phan"
    label: str  # as stored in a path: "III", "2.1", "a", "(6)", "Điều 5"
    value: int  # its place in its sequence
    heading: str  # the rest of the line
    marker: str  # as printed: "III-", "2.1.", "a)"
    depth: int = 0  # dotted depth of an Arabic label ("2.1" → 1)


def parse_label(text: str) -> Label | None:
    """The label a line opens with, or None."""
    m = _PHAN_RE.match(text)
    if m:
        value = _ordinal(m.group(1))
        if value:
            return Label("phan", f"Phần {m.group(1).title() if m.group(1)[0].isalpha() else m.group(1)}", value,
                         text[m.end() :].strip(), text[: m.end()].strip())
    m = ARTICLE_RE.match(text)
    if m:
        number = int(re.match(r"\d+", m.group(1)).group(0))  # type: ignore[union-attr]
        return Label("article", f"Điều {m.group(1)}", number, text[m.end() :].strip(), text[: m.end()].strip())
    m = PART_RE.match(text)
    if m and _mostly_upper(text[m.end() : m.end() + 30]):
        return Label("part", m.group(1), ord(m.group(1)) - 64, text[m.end() :].strip(), text[: m.end()].strip())
    m = ROMAN_RE.match(text)
    if m:
        roman = m.group(1).upper()
        if _ROMAN_OK.match(roman):
            return Label("roman", roman, roman_value(roman), text[m.end() :].strip(), text[: m.end()].strip())
    m = ARABIC_RE.match(text)
    if m:
        label = m.group(1)
        parts = label.split(".")
        return Label("arabic", label, int(parts[-1]), text[m.end() :].strip(), text[: m.end()].strip(), len(parts) - 1)
    m = LETTER_RE.match(text)
    if m and m.group(1) in LETTERS:
        return Label("letter", m.group(1), LETTERS.index(m.group(1)) + 1, text[m.end() :].strip(), text[: m.end()].strip())
    m = PAREN_RE.match(text)
    if m:
        return Label("paren", f"({m.group(1)})", int(m.group(1)), text[m.end() :].strip(), text[: m.end()].strip())
    return None


def _ordinal(word: str) -> int:
    word = word.upper()
    ordinals = {"NHẤT": 1, "HAI": 2, "BA": 3, "TƯ": 4, "BỐN": 4, "NĂM": 5, "SÁU": 6, "BẢY": 7, "TÁM": 8}
    if word.startswith("THỨ"):
        return ordinals.get(word.split()[-1], 0)
    if word.isdigit():
        return int(word)
    return roman_value(word) if _ROMAN_OK.match(word) else 0


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.7


def _style_key(label: Label) -> tuple[str, int]:
    return (label.style, label.depth)


@dataclass
class _Open:
    key: tuple[str, int]
    section: Section
    last: dict[tuple[str, int], int] = field(default_factory=dict)  # last child value per style


class _Builder:
    """The tree under one root; ``stack`` holds the open items, outermost first."""

    def __init__(self, root: Section) -> None:
        self.root = _Open(("root", 0), root)
        self.stack: list[_Open] = [self.root]
        self.tables: list[Table] = []

    @property
    def current(self) -> Section:
        return self.stack[-1].section

    def accept(self, label: Label) -> bool:
        """Open the item when its label continues a sequence here; False when it is just text."""
        key = _style_key(label)
        level = next((i for i in range(len(self.stack) - 1, 0, -1) if self.stack[i].key == key), None)
        if level is not None:
            parent = self.stack[level - 1]
        else:
            level = len(self.stack)
            rank = _RANK.get(label.style, 5)
            # an outer style closes the inner ones before it opens ("A." after "I. → 1.")
            while level > 1 and _RANK.get(self.stack[level - 1].key[0], 5) > rank and label.style in _OUTER:
                level -= 1
            parent = self.stack[level - 1]
        if label.style == "arabic" and label.depth:
            prefix = label.label.rsplit(".", 1)[0]
            holder = next((o for o in reversed(self.stack[:level]) if o.key[0] == "arabic"), None)
            if holder is None or holder.section.label != prefix:
                return False
        last = parent.last.get(key, 0)
        if not (last < label.value <= last + 2) or (last == 0 and label.value > 2 and label.style != "article"):
            return False
        parent.last[key] = label.value
        del self.stack[level:]
        path = [*parent.section.path, label.label]
        section = Section(label=label.label, marker=label.marker, path=path, heading=label.heading, kind=label.style)
        parent.section.children.append(section)
        self.stack.append(_Open(key, section))
        return True

    def close_to_root(self) -> None:
        del self.stack[1:]


_OUTER = frozenset({"phan", "part", "roman", "article"})


def build_sections(lines: list[Line], root: Section | None = None) -> tuple[list[Section], list[Table]]:
    """The section tree of ``lines`` (under ``root`` when given: an attached text or an appendix) and the tables
    found among them, each row placed under the item it stands in."""
    opening = root or Section(label="", path=[], heading="")
    builder = _Builder(opening)
    table: list[Line] = []
    awaiting_heading: Section | None = None  # "I." alone on its line: the next line is its heading
    for line in lines:
        if line.is_table:
            table.append(line)
            continue
        if table:
            _place_table(builder, table)
            table = []
        if CHAPTER_RE.match(line.text) or _SECTION_RE.match(line.text):
            # Chương and Mục group articles; their name is context for the articles, not an item
            builder.close_to_root()
            builder.current.paragraphs.append(line.text)
            continue
        label = parse_label(line.text)
        if label is not None and builder.accept(label):
            section = builder.current
            section.line = line.number
            awaiting_heading = section if not label.heading else None
        elif awaiting_heading is not None and awaiting_heading is builder.current and len(line.text) < 300:
            awaiting_heading.heading = line.text
            awaiting_heading = None
            section = builder.current
        else:
            awaiting_heading = None
            section = builder.current
            section.paragraphs.append(line.text)
        section.footnotes.extend(line.footnotes)
    if table:
        _place_table(builder, table)
    if root is not None:
        return [root], builder.tables
    roots = [opening, *opening.children]
    opening.children = []
    if not opening.paragraphs and not opening.footnotes:
        roots = roots[1:]
    return roots, builder.tables


def _place_table(builder: _Builder, lines: list[Line]) -> None:
    """A table's numbered rows become items of the section it stands in; a table without numbered rows stays
    text of that section, so nothing it says is lost."""
    holder = builder.current
    table = parse_table(lines, title=holder.heading, path=holder.path)
    if table.rows:
        builder.tables.append(table)
    else:
        holder.paragraphs.extend(line.quote for line in lines)
