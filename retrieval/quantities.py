"""Quantities a question asks for ("bao nhiêu tiền", "mấy tầng", "xếp thứ mấy") and whether a passage states one.

A passage that answers "lệ phí là bao nhiêu tiền?" prints a number followed by a money word; one about the
scale of a building, however close in words, prints none and does not answer. The measure is the noun after
"bao nhiêu"/"mấy" (Vietnamese puts the counted noun there); its printed forms are in vocabulary.MEASURE_FORMS.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import vocabulary
from .vietnamese import ascii_fold, expand_abbreviations, fold

ANY = ""  # a bare number answers: "bao nhiêu?", "không quá bao nhiêu", "bao nhiêu mỗi hộ"
ORDINAL = "thu"  # "xếp thứ mấy": "thứ 3"


@dataclass(frozen=True)
class Quantity:
    measure: str  # folded measure word ("tien", "ho", "phan tram"); ANY or ORDINAL
    forms: tuple[str, ...]  # folded words that may follow the number in a passage


_ASKED = re.compile(r"(?<!\w)(bao nhieu|may|muc nao)(?!\w)\s*([%\w]+(?:\s+\w+)?)?")
# typed with marks, "mấy" is "how many" and "mức" a level; unmarked, "may" may be "máy" and "muc" "mục" (an item)
_MARKED = re.compile(r"(?<!\w)(?:mấy|mức)(?!\w)", re.IGNORECASE)
_DOC_NUMBER_ASKED = re.compile(r"(?<!\w)(?:so|ky hieu|so hieu)\s+$")


def asked_quantities(text: str) -> list[Quantity]:
    """The quantities a question asks for, in order; none when it asks for no amount."""
    expanded = expand_abbreviations(text)
    folded = ascii_fold(expanded)
    marked = {m.start() for m in _MARKED.finditer(expanded)} if len(folded) == len(expanded) else set()
    found: list[Quantity] = []
    for m in _ASKED.finditer(folded):
        if _DOC_NUMBER_ASKED.search(folded[: m.start()]):
            continue  # "số bao nhiêu", "số mấy": a document's number, read from its header
        before = folded[: m.start()].split()
        if before and before[-1] == "thu":
            found.append(Quantity(ORDINAL, ()))
            continue
        words = (m.group(2) or "").split()
        counted = bool(words) and words[0] in vocabulary.COUNTED_WORDS
        if m.group(1) == "may" and m.start() not in marked and not counted:
            continue  # "nhà máy", "máy móc": unmarked "may" is "mấy" only before a counted word
        if m.group(1) == "muc nao" and m.start() not in marked:
            continue
        found.append(_quantity(words if m.group(1) != "muc nao" else []))
    return found


def _quantity(words: list[str]) -> Quantity:
    if not words or words[0] in vocabulary.NOT_MEASURES:
        return Quantity(ANY, ())
    for measure in (" ".join(words[:2]), words[0]):
        if measure in vocabulary.MEASURE_FORMS:
            return Quantity(measure, vocabulary.MEASURE_FORMS[measure])
    return Quantity(words[0], (words[0],))


_TOKEN = re.compile(r"\d[\d.,]*|[^\W\d_]+\d*|%")
MEASURE_GAP = 2  # words allowed between a number and its measure: "3 triệu lượt khách", "04 cuộc thanh tra"


_LABEL = re.compile(r"(?:^|(?<=\n)|(?<=> ))\s*(?:\d{1,3}(?:\.\d{1,3})*[.)]|\(\d{1,3}\))\s", re.MULTILINE)


def states_quantity(passage: str, quantities: list[Quantity]) -> bool:
    """Does the passage print one of the quantities asked (a number, then within two words its measure)?"""
    if not quantities:
        return True
    # number words are read with their marks: unmarked, "năm" (five) is "nam", "sáu" (six) is "sau" (after)
    # an item's label is no amount: "4. Huy động nguồn lực" counts no "4 đồng"
    passage = _LABEL.sub(" ", passage)
    marked = _TOKEN.findall(fold(expand_abbreviations(passage.replace("²", "2"))))  # fold drops superscripts
    bare = [ascii_fold(t) for t in marked]
    numbers = [i for i, t in enumerate(marked) if t[0].isdigit() or t in vocabulary.NUMBER_WORDS]
    return any(_states(bare, numbers, q) for q in quantities)


def _states(words: list[str], numbers: list[int], quantity: Quantity) -> bool:
    if quantity.measure == ANY:
        return bool(numbers)
    if quantity.measure == ORDINAL:
        return any(i > 0 and words[i - 1] == "thu" for i in numbers)
    forms = [f.split() for f in quantity.forms]
    for i in numbers:
        for start in range(i + 1, min(i + 2 + MEASURE_GAP, len(words))):
            if any(words[start : start + len(f)] == f or _unit_before_digits(words[start], f) for f in forms):
                return True
    return False


def _unit_before_digits(word: str, form: list[str]) -> bool:
    """ "13h30" after the hours counts as "h": a one-word measure followed by digits."""
    return len(form) == 1 and word.rstrip("0123456789") == form[0] and word != form[0]
