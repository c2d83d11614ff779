"""When and where a question asks, and the items that state it.

A plan for an event, a notice or an exam (kế hoạch tổ chức, thông báo) states its time and place as labelled
items: "1. Thời gian kiểm tra: 13h30' ngày 29/4/2026", "2. Địa điểm: Sở Công Thương, số 165 …". Their other
words are the event's name, which every item around them repeats, so the label is what tells the item that
answers "tổ chức ở đâu?" from the one that answers "diễn ra khi nào?".
"""

from __future__ import annotations

import re
from enum import Enum

from .vietnamese import ascii_fold


class Facet(Enum):
    TIME = "time"
    PLACE = "place"


_ASKED = {
    Facet.PLACE: re.compile(r"(?<!\w)(?:o dau|tai dau|noi nao|cho nao|dia diem(?: nao| o dau)?|dia chi(?: nao)?)(?!\w)"),
    Facet.TIME: re.compile(
        r"(?<!\w)(?:khi nao|bao gio|luc nao|may gio|ngay gio|thoi gian nao|thoi diem nao|vao thoi gian|vao ngay nao)(?!\w)"
    ),
}
_LABELLED = {
    Facet.PLACE: re.compile(r"^(?:dia diem|dia chi|noi to chuc|tru so)[^:.;]{0,40}:"),
    Facet.TIME: re.compile(r"^(?:thoi gian|thoi diem|ngay gio)[^:.;]{0,40}:"),
}
_ITEM_LABEL = re.compile(r"^\s*(?:[ivxlc]+|\d{1,3}|[a-zđ])(?:\.\d{1,3})*\s*[.)]\s*")


def asked_facet(folded: str) -> Facet | None:
    """ "tổ chức ở đâu?" asks a place, "diễn ra vào thời gian nào?" a time; most questions ask neither."""
    return next((facet for facet, form in _ASKED.items() if form.search(folded)), None)


def states_facet(facet: Facet, passages: list[str]) -> bool:
    """Does the item open with the label of what is asked ("Địa điểm: …")?"""
    if not passages:
        return False
    opening = _ITEM_LABEL.sub("", ascii_fold(passages[0]).strip(), count=1)
    return bool(_LABELLED[facet].match(opening))
