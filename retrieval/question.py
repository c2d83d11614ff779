"""Understanding a question: which documents and items it points at, and what it asks for.

Users write short, often without diacritics and with abbreviations: "ai chu tri ... (KH 329)",
"NQ 111", "chỉ thị 05 của BTV", "kết luận hội nghị lần thứ 10", "mục 9.3", "dòng 17 phụ lục".
All matching here is done on the diacritic-free, lower-case form.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from enum import StrEnum

from .vietnamese import ascii_fold, expand_abbreviations, find_doc_numbers, nfc, strip_artifacts, syllables

MAX_QUESTION_CHARS = 2000


class Intent(StrEnum):
    LEAD = "lead_agency"
    COOPERATING = "cooperating"
    DEADLINE = "deadline"
    AGENCY_TASKS = "agency_tasks"
    CONTENT = "content"
    DOC_LOOKUP = "doc_lookup"


# Type words → number codes, diacritics folded. Longest first so "chuong trinh hanh dong" wins.
_TYPE_WORDS = {
    "chuong trinh hanh dong": "CTR",
    "chuong trinh": "CTR",
    "ctr": "CTR",
    "cthd": "CTR",
    "nghi quyet": "NQ",
    "nq": "NQ",
    "ke hoach": "KH",
    "kh": "KH",
    "chi thi": "CT",
    "ct": "CT",
    "ket luan": "KL",
    "kl": "KL",
    "quyet dinh": "QĐ",
    "qd": "QĐ",
    "de an": "ĐA",
    "da": "ĐA",
}
_TYPE_ALT = "|".join(sorted((re.escape(w) for w in _TYPE_WORDS), key=len, reverse=True))
_TYPED_SERIAL = re.compile(rf"(?<!\w)({_TYPE_ALT})\s*(?:so\s*)?(\d{{1,5}})(?![\d/]|\s*-\s*\w)")
_CONFERENCE = re.compile(r"hoi nghi[\w\s()-]{0,60}?lan thu\s+(\d{1,2}|[a-z]+)")
_ITEM = re.compile(
    r"(?<!\w)(muc|khoan|diem|dong|tiet|phan)\s+((?:[ivx]+|\d{1,2})(?:\.\d{1,2}){0,3}|[a-z])(?!\w)"
)
_APPENDIX_WORDS = re.compile(r"phu luc|(?<!\w)kem(?!\w)|bieu phan cong|(?<!\w)dong\s+\d")


@dataclass
class DocRef:
    text: str  # as found in the question
    number: str | None = None  # a full number: "109-NQ/TU"
    code: str | None = None  # "NQ", "KH", "CTR"...
    serial: int | None = None
    conference: str | None = None  # "10" for "hội nghị ... lần thứ 10"


@dataclass
class ItemRef:
    label: str  # "9.3", "III", "b", "17"
    appendix: bool = False
    within: list[str] = field(default_factory=list)  # outer labels also named: "điểm b khoản 2 mục II"


@dataclass
class Question:
    text: str
    folded: str
    intent: Intent
    doc_refs: list[DocRef] = field(default_factory=list)
    item: ItemRef | None = None
    type_hint: str | None = None  # a document type named without a number ("nq du lich")


def normalise_question(text: str) -> str:
    """NFC, markup pasted with the question (HTML tags, Markdown stars) dropped, spaces folded, bounded."""
    text = strip_artifacts(nfc(text or "")[: MAX_QUESTION_CHARS * 4].replace("\x00", " "))
    text = re.sub(r"\s+", " ", text).strip()
    return text[:MAX_QUESTION_CHARS]


def parse_question(text: str) -> Question:
    text = normalise_question(text)
    folded = ascii_fold(text)
    refs = _doc_refs(text, folded)
    return Question(
        text=text,
        folded=folded,
        intent=detect_intent(folded),
        doc_refs=refs,
        item=_item_ref(folded),
        type_hint=None if refs else _type_hint(folded),
    )


def _doc_refs(text: str, folded: str) -> list[DocRef]:
    refs: list[DocRef] = []
    numbers = find_doc_numbers(text)
    for n in numbers:
        refs.append(DocRef(text=n.raw, number=n.raw, code=n.code.upper(), serial=n.serial))
    for m in _TYPED_SERIAL.finditer(folded):
        code, serial = _TYPE_WORDS[m.group(1)], int(m.group(2))
        if any(r.serial == serial and r.code == code for r in refs):
            continue
        if m.group(1) in ("da", "ct", "kh") and not re.search(rf"\b{m.group(1)}\s*(so\s*)?\d", folded):
            continue
        refs.append(DocRef(text=m.group(0), code=code, serial=serial))
    m = _CONFERENCE.search(folded)
    if m and ("ket luan" in folded or "dang bo tinh" in folded or "tinh uy" in folded):
        refs.append(DocRef(text=m.group(0), conference=m.group(1)))
    return refs


def _item_ref(folded: str) -> ItemRef | None:
    found = list(_ITEM.finditer(folded))
    if not found:
        return None
    labels = [_label(m.group(2)) for m in found]
    appendix = found[0].group(1) == "dong" or bool(_APPENDIX_WORDS.search(folded))
    return ItemRef(label=labels[0], appendix=appendix, within=labels[1:])


def _label(text: str) -> str:
    return text.upper() if re.fullmatch(r"[ivx]+(\.\d+)*", text) else text


def _type_hint(folded: str) -> str | None:
    m = re.search(rf"(?<!\w)({_TYPE_ALT})(?!\w)", folded)
    return _TYPE_WORDS[m.group(1)] if m else None


_LOOKUP = re.compile(
    r"so may|so bao nhieu|so hieu|so,? ngay|ngay ban hanh|ban hanh ngay|ban hanh khi nao|ban hanh nam nao"
    r"|(?:do )?ai ky|nguoi ky|ky ban hanh|ve viec gi|hay (?:ban thuong vu|btv|ban chap hanh|bch) ban hanh"
    r"|co so (?:va|,) ngay|co so hieu|ngay thang nao ban hanh|(?:co quan|don vi|cap) nao ban hanh|ai ban hanh"
    r"|(?:thuc hien|trien khai|cu the hoa) (?:nghi quyet|ket luan|chi thi|quy dinh|chuong trinh) (?:nao|so may)|trich yeu"
    r"|(?:co|mang) so (?:la gi|bao nhieu|hieu)"
)
_WHO = r"(?:ai|co quan nao|don vi nao|to chuc nao|ban nao|so nao|nhung co quan nao|nhung don vi nao|cap nao)"
_LEAD = re.compile(
    rf"{_WHO}\s+(?:duoc giao\s+)?(?:chu tri|phu trach|theo doi|tham muu|dam nhiem|chiu trach nhiem|lam dau moi|dau moi)"
    rf"|giao\s+{_WHO}|{_WHO}\s+duoc giao|chu tri\s+(?:la\s+)?{_WHO}|do\s+{_WHO}\s+chu tri|(?:ai|nao) chu tri"
)
_COOP = re.compile(r"phoi hop|tham gia")
_COOP_ASK = re.compile(rf"{_WHO}|gom|nhung ai|thi sao|nhung (?:so|ban|co quan|don vi)")
_COOP_ASK_FIRST = re.compile(r"(?:nhung|cac) (?:co quan|don vi|ai) nao phoi hop|phoi hop (?:voi )?(?:nhung|cac)? ?(?:co quan|don vi|ai)")
_TASKS = re.compile(
    r"lam gi|nhiem vu gi|nhung nhiem vu nao|nhung gi|(?:nhung )?van ban (?:nao|gi)|tinh trang gi|duoc giao (?:nhung )?gi"
    r"|phai lam|yeu cau .{0,60}? gi\b|nhiem vu cua|giao .{0,60}? (?:nhiem vu|viec) gi|trach nhiem .{0,60}?(?:gi|nao)\b"
)
_WHEN = re.compile(
    r"khi nao|bao gio|thoi han|(?<!\w)han(?!\w)(?! che)|(?:ngay|thang|nam|quy) (?:nao|may)|thoi gian nao|thoi diem nao"
    r"|truoc ngay|den bao gio|luc nao|vao thoi gian|hoan thanh (?:khi|truoc|vao|nao)"
)


def detect_intent(folded: str) -> Intent:
    if _LOOKUP.search(folded):
        return Intent.DOC_LOOKUP
    if _LEAD.search(folded):
        return Intent.LEAD
    if re.search(r"chu tri|phu trach", folded) and re.search(r"(?<!\w)(?:ai|nao)(?!\w)", folded) and not _COOP_ASK_FIRST.search(folded):
        return Intent.LEAD  # "Đơn vị chủ trì thực hiện việc X là ai?"
    if _COOP.search(folded) and _COOP_ASK.search(folded):
        return Intent.COOPERATING
    if _TASKS.search(folded):
        return Intent.AGENCY_TASKS
    if _WHEN.search(folded):
        return Intent.DEADLINE
    return Intent.CONTENT


# Words that ask rather than say what is asked about, and the glue around them.
_ASKING_ONLY = frozenset("ai nao gi bao nhieu khi sao a nhi hay la ra phai nay".split())  # noqa: SIM905
# Glue, and question words whose bare spelling is also a content word: "co" (có / cơ quan, cơ sở), "do"
# (do / đô thị), "thi" (thì / thi hành, đô thị), "the" (thế / thể thao), "nhu" (như / nhu cầu), "may", "vay".
_GLUE = frozenset("duoc theo trong cua ve voi cho va nhung cac co do thi the nhu may vay".split())  # noqa: SIM905
QUESTION_WORDS = _ASKING_ONLY | _GLUE
# What the question asks for (answered by the structure: a lead column, a deadline cell) or where it points.
_ASKING = frozenset("chu_tri phoi_hop thoi_han thoi_gian phu_luc kem_theo nhiem_vu duoc_giao".split())  # noqa: SIM905
_ASKING_WORDS = frozenset("chu tri phoi hop thoi han phu muc dong kem giao nhiem vu".split())  # noqa: SIM905
# A reference is removed with the type words written before it: "Kế hoạch số 78/KH-UBND".
_TYPE_BEFORE = r"(?:(?:chương trình hành động|chương trình|nghị quyết|kế hoạch|chỉ thị|kết luận|quyết định|đề án|văn bản)\s+(?:số\s+)?)?"


def content_tokens(question: Question) -> tuple[set[str], set[str]]:
    """(tokens, optional tokens) that say what the question is about: its words and word pairs, without
    question words, document references (resolved, not searched for) or the words that say what is asked.
    Pairs with a glue word ("theo dõi", "của tỉnh") are optional: they count where the corpus has them."""
    text = question.text
    for ref in question.doc_refs:
        text = re.sub(_TYPE_BEFORE + re.escape(ref.text), " , ", text, flags=re.IGNORECASE)
    folded = ascii_fold(expand_abbreviations(text))  # before punctuation splits "TT&TT" or "PT-TH"
    for ref in question.doc_refs:
        folded = folded.replace(ascii_fold(ref.text), " , ")
    tokens: set[str] = set()
    optional: set[str] = set()
    for chunk in re.split(r"[^\w\s]+", folded):  # pairs never span punctuation or a removed reference
        syl = syllables(chunk)
        for a, b in itertools.pairwise(syl):
            pair = f"{a}_{b}"
            if a in _ASKING_ONLY or b in _ASKING_ONLY or a in _ASKING_WORDS or b in _ASKING_WORDS or pair in _ASKING:
                continue
            (optional if a in _GLUE or b in _GLUE else tokens).add(pair)
        tokens.update(s for s in syl if s not in QUESTION_WORDS and s not in _ASKING_WORDS)
    return tokens, optional


def search_text(question: Question) -> str:
    """The question with its abbreviations written out, for lexical and vector search."""
    return expand_abbreviations(question.text)
