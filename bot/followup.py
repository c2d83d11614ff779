"""Follow-up questions: "còn phối hợp thì sao?", "thời hạn?", "dòng 5 thì sao?".

Each chat keeps the topic of its last answered question: what the task was (the question without its
question words and document reference) and where the answer was found (the top citation's document and
item). A short question with no document reference and nothing of its own to ask about refers to that
topic, and is rewritten into a full question the retrieval can answer on its own:
"Ai phối hợp <task> theo <document number> (<item>)?". Naming the item pins the answer to the row or
section the user just saw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.answer import Answer
from retrieval.models import APPENDIX
from retrieval.question import Intent, parse_question
from retrieval.register_answers import INTENT as REGISTER_INTENT
from retrieval.register_answers import parse_register_query
from retrieval.relation_answers import INTENT as RELATIONS_INTENT
from retrieval.relation_answers import parse_relation_query
from retrieval.vietnamese import ascii_fold, find_doc_numbers

MAX_FOLLOWUP_WORDS = 12


@dataclass(frozen=True)
class Topic:
    task: str  # "việc đổi mới, nâng cao chất lượng các phiên giải trình…"; "" when unknown
    doc_ref: str | None  # "55-CTr/TU", or type and title for a document without a number
    item: tuple[str, ...]  # ("Phụ lục", "3")
    item_label: str  # "Phụ lục, dòng 3"
    intent: str  # the retrieval intent of the last question


# ---------------------------------------------------------------- detecting a follow-up

# Words a follow-up is made of when it has no subject of its own (diacritics folded).
# fmt: off
_CUE_WORDS = frozenset([
    # asking: who, what, when, how about
    "ai", "nao", "gi", "khi", "bao", "gio", "luc", "sao", "the", "thi", "vay", "con", "nua", "la", "hay", "ra",
    "a", "nhi", "ha", "oi", "xin", "cho", "biet", "hoi", "vang", "toi", "minh", "em", "anh", "chi", "ho",
    # the aspects a follow-up turns to
    "chu", "tri", "phoi", "hop", "phu", "trach", "tham", "gia", "cung", "thoi", "han", "hoan", "thanh", "truoc",
    "chiu", "dau", "moi", "thuc", "hien", "lam", "duoc", "giao", "den", "ngay", "thang", "nam",
    # who, generically, and pointers back to the last answer
    "co", "quan", "don", "vi", "to", "chuc", "ban", "nganh", "cap", "cac", "nhung", "gom", "cua", "va", "voi",
    "ve", "o", "trong", "nhiem", "vu", "viec", "noi", "dung", "cu", "tiet", "nay", "do", "day",
    "phai", "can", "khong", "se", "da", "dang",
])
# fmt: on
_ITEM_WORDS = frozenset(["muc", "dong", "khoan", "diem", "phu", "luc", "phan", "tiet"])
_ROMAN = re.compile(r"[ivxlc]+")
_ANAPHORA = re.compile(
    r"(?<!\w)(?:viec|nhiem vu|noi dung|muc|dong|van ban|cong viec|chi tieu|giai phap|ke hoach|de an)"
    r" (?:nay|do|tren|vua roi|vua hoi|vua neu)(?!\w)"
)
_ASKING = (Intent.LEAD.value, Intent.COOPERATING.value, Intent.DEADLINE.value)


def is_followup(text: str, topic: Topic | None) -> bool:
    if topic is None:
        return False
    question = parse_question(text)
    if question.doc_refs:
        return False  # it names its own document
    words = re.findall(r"\w+", question.folded)
    if not words or len(words) > MAX_FOLLOWUP_WORDS:
        return False
    if _ANAPHORA.search(question.folded):
        return True
    content = [w for w in words if w not in _CUE_WORDS and not _is_item_word(w)]
    return not content


def _is_item_word(word: str) -> bool:
    return word in _ITEM_WORDS or word.isdigit() or bool(_ROMAN.fullmatch(word))


# ---------------------------------------------------------------- rewriting it


def rewrite(text: str, topic: Topic | None) -> str | None:
    """The follow-up as a full question, or None when ``text`` is not a follow-up of ``topic``."""
    if topic is None or not is_followup(text, topic):
        return None
    if parse_register_query(text) is not None or parse_relation_query(text) is not None:
        return None  # "việc nào đến hạn tháng này?" asks for a list of its own, not about the last task
    question = parse_question(text)
    task, item_label = topic.task, topic.item_label if topic.item else ""
    if question.item is not None:
        # "còn dòng 5?": same document, another item; the old task text does not describe it
        appendix = question.item.appendix or (
            bool(topic.item) and topic.item[0] == APPENDIX and question.item.label.isdigit()
        )
        item_label = f"{APPENDIX}, dòng {question.item.label}" if appendix else f"mục {question.item.label}"
        task = ""
    where = f" theo {topic.doc_ref}" if topic.doc_ref else ""
    if item_label:
        where += f" ({item_label})"
    task = task or "thực hiện nhiệm vụ"
    aspect = _aspect(question.intent.value, topic.intent)
    if aspect == Intent.LEAD.value:
        return f"Ai chủ trì {task}{where}?"
    if aspect == Intent.COOPERATING.value:
        return f"Ai phối hợp {task}{where}?"
    if aspect == Intent.DEADLINE.value:
        return f"Thời hạn {task}{where} là khi nào?"
    asked = text.strip().rstrip("?").strip()
    return f"{asked}: {task}{where}?"


def _aspect(intent: str, previous_intent: str) -> str:
    """What the follow-up asks (the retrieval's own reading of the question), else what was asked before."""
    if intent in _ASKING:
        return intent
    # "ai?" after "ai phối hợp…?" asks the same thing again about another item
    return previous_intent if previous_intent in _ASKING else Intent.CONTENT.value


# ---------------------------------------------------------------- remembering the topic


def topic_after(asked: str, answer: Answer, previous: Topic | None, was_followup: bool) -> Topic | None:
    """The chat's topic once ``answer`` has been given to ``asked``."""
    if not answer.found or not answer.citations:
        # a follow-up that found nothing leaves the topic for another try; a new question ends it
        return previous if was_followup else None
    if answer.intent in (REGISTER_INTENT, RELATIONS_INTENT):
        return None  # a list of tasks or documents is no one task to ask more about
    top = answer.citations[0]
    item = tuple(top.item)
    # a follow-up keeps the task it was about, unless its answer moved to another item
    same_item = was_followup and previous is not None and item == previous.item
    task = previous.task if same_item and previous is not None else "" if was_followup else task_of(asked)
    doc_ref = top.doc_number or f"{top.doc_type} {top.doc_title}".strip()
    return Topic(task=task, doc_ref=doc_ref, item=item, item_label=top.item_label if item else "", intent=answer.intent)


# ---------------------------------------------------------------- the task a question asks about

_REF = "\x00"
_PREPOSITIONS = frozenset(["theo", "cua", "tai", "trong", "thuoc", "o", "tu"])
_TYPE_PHRASES = sorted(
    (
        tuple(p.split())
        for p in [
            "chuong trinh hanh dong",
            "chuong trinh",
            "nghi quyet",
            "ke hoach",
            "chi thi",
            "ket luan",
            "quyet dinh",
            "de an",
            "van ban",
            "ctr",
            "cthd",
            "nq",
            "kh",
            "ct",
            "kl",
            "qd",
            "da",
            "so",
        ]
    ),
    key=len,
    reverse=True,
)
_WHO = ["ai", "co quan nao", "don vi nao", "to chuc nao", "ban nao", "so nao", "nganh nao", "cap nao"]
_WHO = _WHO + [f"nhung {w}" for w in _WHO[1:]] + [f"cac {w}" for w in _WHO[1:]]
_VERBS = ["chu tri", "phu trach", "phoi hop", "chiu trach nhiem", "tham muu", "dam nhiem", "lam dau moi", "theo doi"]
_OPENERS = ["xin cho biet", "hay cho biet", "vui long cho biet", "cho biet", "cho hoi", "thoi han", "con"]
_CLOSERS = [
    "la ai", "la gi", "la khi nao", "khi nao", "bao gio", "den bao gio", "the nao", "nhu the nao", "ra sao",
    "thi sao", "nhi", "a", "vay", "giao cho ai", "thuoc ve ai", "duoc giao cho ai", "la bao gio",
]  # fmt: skip


def _who_phrases() -> list[tuple[str, ...]]:
    phrases = []
    for who in _WHO:
        phrases.append(who)
        for verb in _VERBS:
            phrases += [f"{who} {verb}", f"{who} duoc giao {verb}", f"do {who} {verb}", f"{who} duoc giao"]
    return [tuple(p.split()) for p in phrases]


_LEADING = sorted({*_who_phrases(), *(tuple(p.split()) for p in _OPENERS)}, key=len, reverse=True)
_TRAILING = sorted({*_who_phrases(), *(tuple(p.split()) for p in _CLOSERS)}, key=len, reverse=True)


def task_of(question: str) -> str:
    """What a question asks about, without question words or document reference.

    "Theo CTr 55-CTr/TU, ai chủ trì việc đổi mới… của HĐND?" → "việc đổi mới… của HĐND".
    """
    text = question
    for number in find_doc_numbers(question):
        text = text.replace(number.raw, f" {_REF} ")
    tokens = text.split()
    folded = [_fold_token(t) for t in tokens]
    keep = _without_references(folded)
    tokens = [t for t, k in zip(tokens, keep, strict=True) if k]
    folded = [f for f, k in zip(folded, keep, strict=True) if k]
    start, end = 0, len(tokens)
    changed = True
    while changed and start < end:
        changed = False
        while start < end and not folded[start]:
            start, changed = start + 1, True
        while start < end and not folded[end - 1]:
            end, changed = end - 1, True
        for phrase in _LEADING:
            if tuple(folded[start : start + len(phrase)]) == phrase and start + len(phrase) <= end:
                start, changed = start + len(phrase), True
                break
        for phrase in _TRAILING:
            if end - len(phrase) >= start and tuple(folded[end - len(phrase) : end]) == phrase:
                end, changed = end - len(phrase), True
                break
    task = " ".join(tokens[start:end])
    task = re.sub(r"\s+([,.;:?!)])", r"\1", task)
    return re.sub(r"^[\s,.;:?!-]+|[\s,.;:?!-]+$", "", task)


def _fold_token(token: str) -> str:
    if token == _REF:
        return _REF
    return re.sub(r"^\W+|\W+$", "", ascii_fold(token))


def _without_references(folded: list[str]) -> list[bool]:
    """Drop "theo Chương trình hành động số 55-CTr/TU", "của KH 78", "NQ số 111": the document is kept apart."""
    keep = [True] * len(folded)
    n = len(folded)
    # typed serials: "KH 78", "nghị quyết số 111"
    for i in range(n):
        for phrase in _TYPE_PHRASES:
            j = i + len(phrase)
            if phrase == ("so",) or tuple(folded[i:j]) != phrase:
                continue
            if j < n and folded[j] == "so":
                j += 1
            if j < n and folded[j].isdigit():
                folded[j] = _REF
            break
    for r in range(n):
        if folded[r] != _REF:
            continue
        left = r
        moved = True
        while moved and left > 0:
            moved = False
            for phrase in _TYPE_PHRASES:
                if left - len(phrase) >= 0 and tuple(folded[left - len(phrase) : left]) == phrase:
                    left, moved = left - len(phrase), True
                    break
        if left > 0 and folded[left - 1] in _PREPOSITIONS:
            left -= 1
        right = r + 1
        # "… ngày 31/01/2024"
        if right + 1 < n and folded[right] == "ngay" and re.fullmatch(r"[\d/.-]+", folded[right + 1]):
            right += 2
        for i in range(left, right):
            keep[i] = False
    return keep
