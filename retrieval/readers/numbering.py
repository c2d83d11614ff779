"""Word's automatic numbering (``word/numbering.xml``): the "1.", "a)", "II." or "-" that Word draws before a
paragraph although the paragraph's text does not hold it.

A paragraph points at a numbering instance (``w:numId``) and a level (``w:ilvl``), directly or through its style.
The instance names an abstract definition whose levels give the format (``w:numFmt``), the pattern (``w:lvlText``,
"%1.%2."), the first value (``w:start``) and when the level restarts (``w:lvlRestart``); an instance may override
a level's start (``w:lvlOverride/w:startOverride``) or the whole level. Instances of one abstract definition without
an override share their counters, as in Word: a list interrupted by other paragraphs goes on where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LEVELS = 9
MAX_START = 100_000  # a start value beyond any real list: a crafted one must not make a million-letter label

# Bullets drawn with the Symbol or Wingdings fonts sit in the private use area (U+F0xx); what they look like.
_SYMBOL_BULLETS = {"\uf02d": "-", "\uf02b": "+", "\uf0b7": "•", "\uf0a7": "•", "\uf0d8": "•", "\uf076": "•", "\uf0fc": "•"}


@dataclass(frozen=True)
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # 1-based level whose use restarts this one; 0 = never; None = any higher level
    legal: bool = False  # w:isLgl: every number in the pattern in decimal
    style: str = ""  # w:pStyle: a paragraph style this level belongs to


@dataclass
class Instance:
    abstract: str
    levels: dict[int, Level]
    overridden: bool  # an override restarts this instance on its own counters


@dataclass
class Definitions:
    instances: dict[str, Instance] = field(default_factory=dict)
    style_numbering: dict[str, tuple[str, int | None]] = field(default_factory=dict)  # style id → (numId, ilvl)
    style_parent: dict[str, str] = field(default_factory=dict)

    def style_num(self, style: str) -> tuple[str, int] | None:
        """The numbering a paragraph style gives (through basedOn), with the level a definition assigns it."""
        seen: set[str] = set()
        current = style
        while current and current not in seen:
            seen.add(current)
            if current in self.style_numbering:
                num_id, ilvl = self.style_numbering[current]
                if ilvl is None:
                    instance = self.instances.get(num_id)
                    linked = [i for i, lvl in instance.levels.items() if lvl.style == style] if instance else []
                    ilvl = linked[0] if linked else 0
                return num_id, ilvl
            current = self.style_parent.get(current, "")
        return None


def _int(value: str | None, default: int, low: int = 0, high: int = MAX_START) -> int:
    """Attributes come from the file: a bad or absurd value falls back to the default instead of failing."""
    try:
        number = int(value) if value is not None else default
    except ValueError:
        return default
    return number if low <= number <= high else default


def _val(element: etree._Element | None, tag: str) -> str | None:
    if element is None:
        return None
    child = element.find(f"{W}{tag}")
    return child.get(f"{W}val") if child is not None else None


def _level(lvl: etree._Element, base: Level | None = None) -> Level:
    base = base or Level()
    restart = _val(lvl, "lvlRestart")
    legal = lvl.find(f"{W}isLgl")
    return Level(
        fmt=_val(lvl, "numFmt") or base.fmt,
        text=_val(lvl, "lvlText") if _val(lvl, "lvlText") is not None else base.text,
        start=_int(_val(lvl, "start"), base.start),
        restart=_int(restart, 0, 0, LEVELS) if restart is not None else base.restart,
        legal=(legal is not None and legal.get(f"{W}val", "1") not in ("0", "false")) or base.legal,
        style=_val(lvl, "pStyle") or base.style,
    )


def _levels(abstract: etree._Element) -> dict[int, Level]:
    levels: dict[int, Level] = {}
    for lvl in abstract.findall(f"{W}lvl"):
        ilvl = _int(lvl.get(f"{W}ilvl"), -1, 0, LEVELS - 1)
        if ilvl >= 0:
            levels[ilvl] = _level(lvl)
    return levels


def read_definitions(numbering: etree._Element | None, styles: etree._Element | None) -> Definitions:
    defs = Definitions()
    abstracts: dict[str, dict[int, Level]] = {}
    if numbering is not None:
        for abstract in numbering.findall(f"{W}abstractNum"):
            abstracts[abstract.get(f"{W}abstractNumId", "")] = _levels(abstract)
        for num in numbering.findall(f"{W}num"):
            abstract_id = _val(num, "abstractNumId") or ""
            levels = dict(abstracts.get(abstract_id, {}))
            overridden = False
            for override in num.findall(f"{W}lvlOverride"):
                ilvl = _int(override.get(f"{W}ilvl"), -1, 0, LEVELS - 1)
                if ilvl < 0:
                    continue
                whole = override.find(f"{W}lvl")
                level = _level(whole, levels.get(ilvl)) if whole is not None else levels.get(ilvl, Level())
                start = _val(override, "startOverride")
                if start is not None:
                    level = Level(level.fmt, level.text, _int(start, level.start), level.restart, level.legal, level.style)
                levels[ilvl] = level
                overridden = True
            defs.instances[num.get(f"{W}numId", "")] = Instance(abstract_id, levels, overridden)
    if styles is not None:
        for style in styles.findall(f"{W}style"):
            style_id = style.get(f"{W}styleId", "")
            parent = _val(style, "basedOn")
            if parent:
                defs.style_parent[style_id] = parent
            num_pr = style.find(f"{W}pPr/{W}numPr")
            if num_pr is not None:
                num_id = _val(num_pr, "numId")
                if num_id is not None:
                    ilvl = _val(num_pr, "ilvl")
                    defs.style_numbering[style_id] = (num_id, _int(ilvl, 0, 0, LEVELS - 1) if ilvl else None)
    return defs


# ---------------------------------------------------------------- formats


def roman(number: int) -> str:
    out = []
    for value, letters in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def letters(number: int) -> str:
    """Word's letter numbering: a..z, then aa..zz, aaa.. (the letter repeated), not a spreadsheet's 'ab'."""
    if number < 1:
        return ""
    repeat, index = divmod(number - 1, 26)
    return chr(ord("a") + index) * (repeat + 1)


FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "lowerLetter": letters,
    "upperLetter": lambda n: letters(n).upper(),
    "lowerRoman": lambda n: roman(n).lower(),
    "upperRoman": roman,
    "ordinal": str,
    "cardinalText": str,
    "ordinalText": str,
    "decimalEnclosedParen": lambda n: f"({n})",
}


def render(level: Level, counters: list[int | None], levels: dict[int, Level]) -> str:
    """The label Word draws: the level's pattern with %1..%9 replaced by the formatted counters."""
    if level.fmt == "none":
        return ""
    if level.fmt == "bullet":
        text = "".join(_SYMBOL_BULLETS.get(c, "•" if "\ue000" <= c <= "\uf8ff" else c) for c in level.text)
        return text.strip()
    out: list[str] = []
    i, pattern = 0, level.text
    while i < len(pattern):
        c = pattern[i]
        if c == "%" and i + 1 < len(pattern) and pattern[i + 1] in "123456789":
            ref = int(pattern[i + 1]) - 1
            ref_level = levels.get(ref, Level())
            value = counters[ref] if counters[ref] is not None else ref_level.start
            fmt = "decimal" if level.legal else ref_level.fmt
            out.append(FORMATS.get(fmt, str)(value) if fmt != "bullet" else "")
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out).strip()


class Numberer:
    """Counts as the paragraphs come, in body order, and gives each numbered paragraph its label."""

    def __init__(self, defs: Definitions) -> None:
        self.defs = defs
        self.counters: dict[str, list[int | None]] = {}  # counter key → the value at each level (None = not yet)

    def label(self, num_id: str | None, ilvl: int | None, style: str = "") -> str:
        if num_id is None and style:
            found = self.defs.style_num(style)
            if found is None:
                return ""
            num_id, ilvl = found
        if num_id is None or num_id == "0":
            return ""
        instance = self.defs.instances.get(num_id)
        if instance is None:
            return ""
        ilvl = ilvl if ilvl is not None and 0 <= ilvl < LEVELS else 0
        level = instance.levels.get(ilvl)
        if level is None:
            return ""
        key = f"num:{num_id}" if instance.overridden else f"abstract:{instance.abstract}"
        counters = self.counters.setdefault(key, [None] * LEVELS)
        current = counters[ilvl]
        counters[ilvl] = current + 1 if current is not None else level.start
        for deeper in range(ilvl + 1, LEVELS):
            restart = instance.levels.get(deeper, Level()).restart
            if restart is None or (restart > 0 and ilvl < restart):
                counters[deeper] = None
        return render(level, counters, instance.levels)
