"""When a document the corpus does not hold takes effect, as a document it holds states it.

An implementing plan or letter often restates it in one sentence: "Nghị định số 180/2026/NĐ-CP … có hiệu lực
thi hành kể từ ngày 15 tháng 7 năm 2026". Such a sentence names the document and its date of effect together,
so it can be quoted as the answer; anything else about an absent document is not read from others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Document, Section
from .vietnamese import ascii_fold, doc_number_key

_ASKS_EFFECT = re.compile(r"hieu luc")
_ASKS_WHEN = re.compile(r"ngay nao|khi nao|bao gio|tu ngay|thoi diem|luc nao|tu khi")
_DATE = re.compile(r"ngay\s+\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+\d{4}|\d{1,2}/\d{1,2}/\d{4}")  # on folded text
_SENTENCE = re.compile(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ])")


@dataclass(frozen=True)
class EffectStatement:
    doc: Document
    path: list[str]
    paragraph: str  # as printed, to be quoted


def asks_effect_date(folded_question: str) -> bool:
    return bool(_ASKS_EFFECT.search(folded_question) and _ASKS_WHEN.search(folded_question))


def find_effect_statement(documents: list[Document], number: str) -> EffectStatement | None:
    """The first paragraph in which one sentence names ``number`` and its date of effect."""
    key = doc_number_key(number)
    for doc in documents:
        for section in doc.walk_sections():
            for paragraph in _texts(section):
                if any(_states_effect(sentence, key) for sentence in _SENTENCE.split(paragraph)):
                    return EffectStatement(doc, section.path, paragraph)
    return None


def _texts(section: Section) -> list[str]:
    return [section.heading, *section.paragraphs]


def _states_effect(sentence: str, key: str) -> bool:
    if key not in doc_number_key(sentence):
        return False
    folded = ascii_fold(sentence)
    after = folded.find("hieu luc")
    return after >= 0 and _DATE.search(folded[after:]) is not None
