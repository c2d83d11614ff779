"""Understanding a question: what it pins down and what it asks for, read by rules of the language.

Users write short, often without marks, with abbreviations: "ai chu tri ... (KH 329)", "NQ 111", "chỉ thị 05
của BTV", "kết luận hội nghị lần thứ 10", "khoản 1 Điều 7", "dòng 17 phụ lục". A question pins down:

- documents: a number typed in full in any case ("105-kl/tu", "32/2024/NĐ-CP"), a type and serial ("KH 78",
  "nghị định 180"), a conference ("hội nghị … lần thứ 10"), and whether it asks for the document that
  implements another one ("kế hoạch triển khai Chỉ thị 11");
- an item: Điều / khoản / điểm, mục, dòng, phụ lục, a numbered target "(6)";
- constraints a right answer must meet: provinces, years, document types, issuing bodies, agencies named;
- what it asks: who leads, who cooperates, when, an agency's tasks, a figure or content, a document's facts,
  a list or count of documents, which document implements which, or a greeting.

Every match is made on a folded copy of the text that keeps one character for one, so what is shown to the
user is always taken from the text as typed.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from enum import StrEnum

from . import vocabulary
from .agencies import cut_at_verb, is_generic_agency
from .quantities import Quantity, asked_quantities
from .vietnamese import (
    PROVINCES,
    ascii_fold,
    expand_abbreviations,
    nfc,
    strip_artifacts,
    strip_diacritics,
    typed_with_marks,
)

MAX_QUESTION_CHARS = 2000


class Intent(StrEnum):
    LEAD = "lead_agency"
    COOPERATING = "cooperating"
    DEADLINE = "deadline"
    AGENCY_TASKS = "agency_tasks"
    CONTENT = "content"
    DOC_LOOKUP = "doc_lookup"
    DOC_LIST = "doc_list"
    DOC_COUNT = "doc_count"
    RELATION = "relation"
    GREETING = "greeting"
    HELP = "help"


DOCUMENT_INTENTS = frozenset({Intent.DOC_LIST, Intent.DOC_COUNT, Intent.RELATION, Intent.GREETING, Intent.HELP})


@dataclass
class DocRef:
    text: str  # as typed
    number: str | None = None  # typed in full: "105-KL/TU"
    code: str | None = None  # the type code: "NQ", "KH", "CTr"
    serial: int | None = None
    year: int | None = None  # "NĐ 32/2024"
    conference: str | None = None  # "10" for "hội nghị ... lần thứ 10"
    implemented_by: str | None = None  # "Kế hoạch" in "kế hoạch triển khai Chỉ thị 11": the document asked for
    context: bool = False  # "theo Luật Hóa chất số 69/2025/QH15": the frame of the question, not what it asks about
    start: int = -1  # where it begins in the question

    @property
    def label(self) -> str:
        """How a reply names it: the number as typed in capitals, or "Chỉ thị số 11"."""
        if self.number:
            return self.number
        if self.conference:
            return f"Hội nghị lần thứ {self.conference}"
        name = vocabulary.type_for_code(self.code or "", party=True) or "Văn bản"
        return f"{name} số {self.serial}" + (f"/{self.year}" if self.year else "")


@dataclass
class ItemRef:
    label: str  # the most specific label named: "9.3", "III", "b", "17", "(6)"
    appendix: bool = False
    appendix_label: str | None = None  # "Phụ lục 2", "Phụ lục VIII"
    within: list[str] = field(default_factory=list)  # outer labels also named: "điểm b khoản 2 Điều 5" → ["2", "Điều 5"]
    article: str | None = None  # "Điều 7"


@dataclass
class Constraints:
    """What a right answer must agree with."""

    provinces: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    doc_types: list[str] = field(default_factory=list)  # named without a number: "nghị quyết về du lịch"
    bodies: list[str] = field(default_factory=list)  # issuing bodies named: "Ban Thường vụ", "Ủy ban nhân dân"
    agencies: list[str] = field(default_factory=list)  # agencies named, as typed (abbreviations written out)
    quantities: list[Quantity] = field(default_factory=list)  # amounts asked for: "bao nhiêu tiền", "mấy tầng"


@dataclass
class Question:
    text: str
    folded: str
    intent: Intent
    doc_refs: list[DocRef] = field(default_factory=list)
    item: ItemRef | None = None
    type_hint: str | None = None  # a document type named without a number ("nq du lich")
    constraints: Constraints = field(default_factory=Constraints)
    marked: bool = False  # typed with Vietnamese marks
    role: str | None = None  # a lead role asked for, folded: "thuong truc" ("cơ quan nào là thường trực?")
    mention: tuple[int, int] | None = None  # "nhắc đến" of "CV 5973 nhắc đến kế hoạch nào": what is asked, not its topic


def normalise_question(text: str) -> str:
    """NFC, markup pasted with the question (HTML tags, Markdown stars) dropped, spaces folded, bounded."""
    text = strip_artifacts(nfc(text or "")[: MAX_QUESTION_CHARS * 4].replace("\x00", " "))
    text = re.sub(r"\s+", " ", text).strip()
    return text[:MAX_QUESTION_CHARS]


def bare(text: str) -> str:
    """Lower case without marks, one character for one, so positions carry over to the typed text."""
    out = strip_diacritics(text).lower()
    return out if len(out) == len(text) else ascii_fold(text)[: len(text)].ljust(len(text))


def parse_question(text: str) -> Question:
    text = normalise_question(text)
    folded = bare(text)
    refs, mention = _mentioned(folded, _doc_refs(text, folded))
    constraints = _constraints(text, folded, refs)
    intent = detect_intent(folded)
    return Question(
        text=text,
        folded=folded,
        intent=Intent.CONTENT if mention and intent == Intent.DOC_LOOKUP else intent,
        doc_refs=refs,
        item=_item_ref(text, folded, refs),
        type_hint=None if refs else _type_hint(folded),
        constraints=constraints,
        marked=typed_with_marks(text),
        role=next((r for r in _ROLES if re.search(rf"(?<!\w){r}(?!\w)", folded)), None),
        mention=mention,
    )


# ---------------------------------------------------------------- documents


def _type_words() -> dict[str, str]:
    """Folded type names and codes → the code used in numbers: "ke hoach" / "kh" → "KH"."""
    words: dict[str, str] = {}
    for t in vocabulary.DOC_TYPES:
        if not t.codes:
            continue
        words[ascii_fold(t.name)] = t.codes[0]
        for code in (*t.codes, *t.aliases):
            words.setdefault(ascii_fold(code), t.codes[0])
    words["van ban"] = ""
    words["vb"] = ""
    words["cong van"] = "CV"
    return words


_TYPE_WORDS = _type_words()
_TYPE_ALT = "|".join(sorted((re.escape(w) for w in _TYPE_WORDS), key=len, reverse=True))
_SHORT_CODES = frozenset(w for w in _TYPE_WORDS if len(w) <= 3)
_NUMBER = re.compile(
    r"(?<![\w/-])(\d{1,5}(?:\.\d{1,3})?)\s?(?:-\s?([a-z]{1,6})\s?/\s?([a-z][a-z0-9]{0,11}(?:-[a-z][a-z0-9]{0,11})?)"
    r"|/\s?(?:((?:19|20)\d\d)\s?/\s?)?([a-z][a-z0-9]{0,11}(?:-[a-z][a-z0-9]{0,11}){0,2}))(?![\w-]*\w)"
)
_TYPED_SERIAL = re.compile(
    rf"(?<!\w)({_TYPE_ALT})\s*(?:so\s*)?(\d{{1,5}}(?:\.\d{{1,3}})?)(?:\s*/\s*((?:19|20)\d\d))?(?![\d/.]|\s*-\s*[a-z])"
)
_CONFERENCE = re.compile(r"hoi nghi[\w\s(),.-]{0,80}?lan thu\s+(\d{1,2}|[a-z]+)")
_IMPLEMENTING = re.compile(r"(?:trien khai|thuc hien|cu the hoa|quan triet)(?: thuc hien)?\s*$")


def _doc_refs(text: str, folded: str) -> list[DocRef]:
    refs: list[DocRef] = []
    taken: list[tuple[int, int]] = []
    for m in _NUMBER.finditer(folded):
        raw = re.sub(r"\s+", "", text[m.start() : m.end()])
        if m.group(2):
            code, serial = m.group(2), m.group(1)
        else:
            parts = (m.group(5) or "").split("-")
            code = parts[0] if vocabulary.type_for_code(parts[0].upper(), party=False) or len(parts) > 1 else ""
            serial = m.group(1)
        ref = DocRef(
            text=text[m.start() : m.end()],
            number=_canonical_number(raw),
            code=_code(code),
            serial=int(serial.split(".")[0]),
            year=int(m.group(4)) if m.group(4) else None,
            start=m.start(),
        )
        before = _without_own_type(folded[: m.start()])
        ref.implemented_by = _implemented_by(before, folded[m.end() :]) or _type_right_before(before)
        ref.context = _is_context(folded[: m.start()]) or _type_right_before(before) is not None
        refs.append(ref)
        taken.append((m.start(), m.end()))
    for m in _TYPED_SERIAL.finditer(folded):
        if any(a <= m.start(2) < b for a, b in taken):
            continue
        word = m.group(1)
        typed = text[m.start(1) : m.end(1)]
        # "da", "ct", "kh" are also words once marks go: a code counts typed in capitals or right before a number
        if word in _SHORT_CODES and not (typed.isupper() or re.fullmatch(r"\s*(?:so\s*)?", folded[m.end(1) : m.start(2)])):
            continue
        code = _TYPE_WORDS[word]
        serial = int(m.group(2).split(".")[0])
        if any(r.serial == serial and (r.code or "") == (code or "") for r in refs):
            continue
        year = int(m.group(3)) if m.group(3) else None
        ref = DocRef(text=text[m.start() : m.end()], code=code or None, serial=serial, year=year, start=m.start())
        before = folded[: m.start()]
        ref.implemented_by = _implemented_by(before, folded[m.end() :]) or _type_right_before(before)
        ref.context = _is_context(before) or _type_right_before(before) is not None
        refs.append(ref)
    m = _CONFERENCE.search(folded)
    if m and re.search(r"ket luan|dang bo|tinh uy|ban chap hanh|thanh uy", folded):
        refs.append(DocRef(text=text[m.start() : m.end()], conference=m.group(1)))
    return refs


_CODE_CASE = {ascii_fold(c): c for t in vocabulary.DOC_TYPES for c in t.codes} | {
    ascii_fold(c): c for c in vocabulary.ISSUER_CODES
}


# "CV 5973 nhắc đến kế hoạch nào …", "Trong CV 5973, UBND tỉnh dẫn kế hoạch số mấy …": a document asked for by
# what another one says of it
_MENTION_ASKED = re.compile(
    r"(?<!\w)(?P<verb>nhac den|nhac toi|nhac lai|nhac|de cap(?: den| toi)?|dan chieu|vien dan|dan|neu ten)\s+"
    rf"(?:(?:nhung|cac)\s+)?(?:{_TYPE_ALT})(?!\w)[^?]{{0,80}}?(?<!\w)(?:nao|so may|so bao nhieu|so gi|so hieu gi)(?!\w)"
)


def _mentioned(folded: str, refs: list[DocRef]) -> tuple[list[DocRef], tuple[int, int] | None]:
    """A "mentions which document" question reads the documents named before its verb; those named after it
    are what is looked for in them, words of the question rather than documents to open."""
    m = _MENTION_ASKED.search(folded)
    if m is None or not any(r.start < m.start() for r in refs):
        return refs, None
    return [r for r in refs if r.start < m.start()], m.span("verb")


def _canonical_number(raw: str) -> str:
    """ "105-kl/tu" → "105-KL/TU"; "55-ctr/tu" → "55-CTr/TU"; what the user typed in capitals stays as typed."""

    def fix(m: re.Match[str]) -> str:
        code = m.group(0)
        return code if code.isupper() else _CODE_CASE.get(ascii_fold(code), code.upper())

    return re.sub(r"[^\W\d_][\w]*", fix, raw)


def _code(code: str) -> str | None:
    if not code:
        return None
    for t in vocabulary.DOC_TYPES:
        for c in t.codes:
            if ascii_fold(c) == ascii_fold(code):
                return c
    return code.upper()


_CONTEXT_BEFORE = re.compile(
    r"(?:theo|thuc hien|trien khai|can cu|tai|cu the hoa|huong dan thuc hien|huong dan trien khai|ngoai|kem theo)"
    r"(?:\s+(?:quy dinh|noi dung|tinh than))?(?:\s+(?:cua|tai))?\s+"
    rf"(?:(?:{_TYPE_ALT}|luat|van ban)(?:\s+[\w&-]+){{0,6}}?\s+)?(?:so\s+)?$"
)


def _is_context(before: str) -> bool:
    """ "theo Luật Hóa chất số 69/2025/QH15", "hướng dẫn thực hiện Luật 54/2024/QH15": the document frames the
    question (its subject is what implements it), it is not what the question asks about."""
    return bool(_CONTEXT_BEFORE.search(before[-80:]))


_OWN_TYPE = rf"(?:\s+(?:{_TYPE_ALT}))?(?:\s+so)?"  # the reference's own type words: "triển khai Chỉ thị (số) 11"
_ASKED_BEFORE = re.compile(
    rf"(?<!\w)({_TYPE_ALT})\b[\w\s,]{{0,40}}?\b(?:trien khai|thuc hien|cu the hoa)(?: thuc hien)?{_OWN_TYPE}\s*$"
)
_ASKED_AFTER = re.compile(rf"^[^?]{{0,80}}?\b(?:bang|qua|voi)\s+({_TYPE_ALT})\s+(?:nao|so may|gi)\b")


_OWN_TYPE_AT_END = re.compile(rf"(?<!\w)(?:{_TYPE_ALT})(?:\s+so)?\s*$")
_TYPE_AT_END = re.compile(rf"(?<!\w)({_TYPE_ALT})\s*$")


def _without_own_type(before: str) -> str:
    """The text before a full number without the number's own type words ("kế hoạch" of "kế hoạch 78/KH-UBND")."""
    return before[: _OWN_TYPE_AT_END.search(before).start()] if _OWN_TYPE_AT_END.search(before) else before


def _type_right_before(before: str) -> str | None:
    """ "KH CT 11", "phụ lục kế hoạch Chỉ thị 11-CT/TU": a type named right before a reference's own type is the
    document that implements it (Vietnamese drops "thực hiện" there)."""
    m = _TYPE_AT_END.search(before)
    if not m or not _TYPE_WORDS.get(m.group(1)):
        return None  # "văn bản Chỉ thị 11" is the directive itself
    return vocabulary.type_for_code(_TYPE_WORDS[m.group(1)], party=True) or "Văn bản"


def _implemented_by(before: str, after: str = "") -> str | None:
    """ "kế hoạch triển khai Chỉ thị 11", "triển khai Nghị định 180 bằng văn bản nào": the type named around
    "triển khai / thực hiện" is the document asked for, the one that implements the reference."""
    m = _ASKED_BEFORE.search(before)
    if m and _acts_as_verb(m.group(1), before[: m.start(1)]):
        m = None
    if m is None and re.search(rf"(?:trien khai|thuc hien|cu the hoa)(?: thuc hien)?{_OWN_TYPE}\s*$", before):
        m = _ASKED_AFTER.match(after)
    if not m:
        return None
    return vocabulary.type_for_code(_TYPE_WORDS.get(m.group(1), "") or "", party=True) or "Văn bản"


# Type names that are verbs too: "Sở Xây dựng hướng dẫn triển khai QĐ 11" is the Sở guiding, no Hướng dẫn asked for
_VERB_TYPES = frozenset({"huong dan", "bao cao", "quy dinh", "thong bao", "ke hoach hoa"})


def _acts_as_verb(type_word: str, before: str) -> bool:
    """Is the type word the verb of the agency named right before it?"""
    if type_word not in _VERB_TYPES:
        return False
    names = agencies_in(before)
    expanded = ascii_fold(_named_departments(expand_abbreviations(before))).rstrip()
    return bool(names) and expanded.endswith(ascii_fold(names[-1]))


def _type_hint(folded: str) -> str | None:
    """A type named without a number ("nq du lich", "kế hoạch của UBND"): its code."""
    for m in re.finditer(rf"(?<!\w)({_TYPE_ALT})(?!\w)", folded):
        if m.group(1) not in ("da", "ct", "tb", "bc", "hd", "pa", "cv", "qc", "ttr") and _TYPE_WORDS[m.group(1)]:
            return _TYPE_WORDS[m.group(1)]
    return None


# ---------------------------------------------------------------- items

_ITEM = re.compile(
    r"(?<!\w)(muc|khoan|diem|dong|tiet|phan|dieu|chi tieu|y|stt|tt)\s+"
    r"((?:[ivxl]+|\d{1,3})(?:\.\d{1,3}){0,3}|[a-z]|\(\d{1,2}\))(?!\w)"
)
_TARGET = re.compile(r"\((\d{1,2})\)")
_APPENDIX = re.compile(r"(?<!\w)phu luc(?:\s+(?:so\s+)?([ivxl]+|\d{1,2}))?(?!\w)")
_ATTACHED_TABLE = re.compile(r"(?<!\w)(?:bang|bieu|danh muc)\s(?:[^?,.]{0,40}\s)?kem(?!\w)")
_APPENDIX_WORDS = re.compile(r"phu luc|(?<!\w)kem theo|bieu phan cong|bang phan cong|(?<!\w)dong\s+\d")


# The item words as written with marks: "dòng" is a row, "động" (in "hành động") is not.
_ITEM_WORDS = {
    "muc": "mục", "khoan": "khoản", "diem": "điểm", "dong": "dòng", "tiet": "tiết", "phan": "phần", "dieu": "điều",
    "chi tieu": "chỉ tiêu", "y": "ý", "stt": "stt", "tt": "tt",
}  # fmt: skip


def _item_ref(text: str, folded: str, refs: list[DocRef] | None = None) -> ItemRef | None:
    marked = typed_with_marks(text)
    spans = [(m.start(), m.end()) for m in _NUMBER.finditer(folded)] + [
        (m.start(), m.end()) for m in _TYPED_SERIAL.finditer(folded)
    ]

    def is_item(m: re.Match[str]) -> bool:
        if m.group(1) == "y" and not m.group(2).startswith("("):
            return False
        if any(a <= m.start(2) < b for a, b in spans):
            return False  # "Chương trình hành động 03-CTr/TU": the number belongs to a document
        typed = text[m.start(1) : m.end(1)].lower()
        return not marked or typed == _ITEM_WORDS[m.group(1)] or strip_diacritics(typed) == typed

    found = [m for m in _ITEM.finditer(folded) if is_item(m)]
    appendix = _APPENDIX.search(folded)
    appendix_label = None
    if appendix:
        number = appendix.group(1)
        if number and not (number.isdigit() and found and any(m.group(1) == "dong" and m.group(2) == number for m in found)):
            appendix_label = f"Phụ lục {number.upper() if not number.isdigit() else number}"
    if not found:
        # "theo phụ lục …", "bảng nhiệm vụ kèm kế hoạch" without a number still say where to look: an appendix row
        # before the body's items
        attached = appendix or _ATTACHED_TABLE.search(folded)
        return ItemRef(label="", appendix=True, appendix_label=appendix_label) if attached else None
    labels: list[str] = []
    article = None
    for m in found:
        kind, label = m.group(1), _label(m.group(2))
        if kind == "dieu":
            article = f"Điều {label}"
            continue
        labels.append(label)
    if not labels and article:
        return ItemRef(label=article, article=article, within=[])
    # the most specific label comes first in Vietnamese ("điểm b khoản 2 Điều 5", "mục 2 phần III")
    appendix_rows = found[0].group(1) in ("dong", "stt", "tt")
    return ItemRef(
        label=labels[0],
        appendix=appendix_rows or bool(_APPENDIX_WORDS.search(folded)),
        appendix_label=appendix_label,
        within=labels[1:] + ([article] if article else []),
        article=article,
    )


def _label(text: str) -> str:
    return text.upper() if re.fullmatch(r"[ivxl]+(\.\d+)*", text) else text


# ---------------------------------------------------------------- constraints


def _constraints(text: str, folded: str, refs: list[DocRef]) -> Constraints:
    c = Constraints()
    expanded = ascii_fold(expand_abbreviations(text))
    for province in PROVINCES:
        key = ascii_fold(province)
        if re.search(rf"(?<!\w){re.escape(key)}(?!\w)", expanded) and not (province == "Huế" and "thua thien hue" in expanded):
            c.provinces.append(province)
    spans = [(m.start(), m.end()) for m in re.finditer(r"\d{1,2}/\d{1,2}/(?:19|20)\d\d|\d+[-/]\S+", folded)]
    for m in re.finditer(r"(?<![\d/.-])((?:19|20)\d\d)(?![\d/])", folded):
        if not any(a <= m.start() < b for a, b in spans):
            c.years.append(int(m.group(1)))
    if not refs:
        for m in re.finditer(rf"(?<!\w)({_TYPE_ALT})(?!\w)", folded):
            word = m.group(1)
            if word in _SHORT_CODES and not text[m.start() : m.end()].isupper():
                continue
            name = vocabulary.type_for_code(_TYPE_WORDS[word] or "", party=True)
            if name and name not in c.doc_types:
                c.doc_types.append(name)
    for form, name in vocabulary.ISSUER_FORMS:
        # "cơ quan nào làm thường trực": a role; "Thường trực Tỉnh ủy" a body, named with what it is of
        tail = r"\s+(?:tinh uy|thanh uy|huyen uy|quan uy|thi uy|dang uy|hoi dong|uy ban|ban chi dao)" if form == "thuong truc" else ""
        if re.search(rf"(?<!\w){re.escape(form)}{tail}(?!\w)", expanded) and name not in c.bodies:
            c.bodies.append(name)
    c.agencies = agencies_in(text)
    c.quantities = asked_quantities(text)
    return c


def agencies_in(text: str) -> list[str]:
    """Agency names the question mentions, as typed (abbreviations written out): "Sở Tư pháp", "Ban Tuyên giáo
    Tỉnh ủy". A name runs from its head word to the next question or glue word."""
    expanded = _named_departments(expand_abbreviations(text))
    # a written-out name keeps its glue words ("Sở Nông nghiệp và Môi trường", "Ban Thường vụ"): bound, not split
    expanded = _COMPOUND_NAMES.sub(lambda m: m.group(0).replace(" ", _BOUND), expanded)
    found: list[str] = []
    words = expanded.split()
    for i in range(len(words)):
        start = " ".join(words[i:])
        head = re.sub(r"^[\W_]+", "", start)
        if not head or not head[:1].isupper() or not vocabulary.is_agency_name(head.replace(_BOUND, " ")):
            continue
        name_words: list[str] = []
        for w in words[i:]:
            word = w.strip(",.?;:").lower()
            stop = word in _NAME_STOPS if strip_diacritics(word) != word else ascii_fold(word) in _BARE_NAME_STOPS
            # after a written-out name only its place goes on; typed without marks a place is lower case too
            written_out = any(_BOUND in n for n in name_words) and (_BOUND in name_words[-1] or strip_diacritics(word) != word)
            if name_words and (stop or not word or (written_out and not _names_place(w))):
                break  # "Sở Nông nghiệp và Môi trường tỉnh Lào Cai", "Ủy ban nhân dân phuong lao cai"
            name_words.append(w.strip(",.?;:"))
            if w.endswith((",", "?", ";", ":")):
                break
        name = cut_at_verb(re.split(r"\s*[(\[]", " ".join(name_words).replace(_BOUND, " "))[0])[0]
        if len(name) > 3 and not is_generic_agency(name) and not any(name in f for f in found):
            found.append(name)  # "Cơ quan nào …" asks for an agency, it names none
    return found


def _names_place(word: str) -> bool:
    return word[:1].isupper() or ascii_fold(word.strip(",.?;:")) in _LOCALITY_KEYS


_LOCALITY_KEYS = frozenset(ascii_fold(w) for w in vocabulary.LOCALITY_WORDS if " " not in w)
_BOUND = "\u2060"  # a word joiner: not whitespace, so split() keeps the name whole
_COMPOUNDS = {n for n in [*vocabulary.ABBREVIATIONS.values(), *vocabulary.DEPARTMENTS] if " " in n}
_COMPOUND_NAMES = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in sorted(_COMPOUNDS, key=len, reverse=True)) + r")(?!\w)")
# "so tu phap", "sở tư pháp", "so nn&mt": "so" before a department's name, in any case and with or without marks,
# is "Sở", not "số"; the name is put back as printed
_DEPARTMENT_BY_KEY = {
    **{ascii_fold(code): name for code, name in vocabulary.DEPARTMENT_CODES.items()},
    **{ascii_fold(n): n for n in vocabulary.DEPARTMENTS},
}
_SO_DEPARTMENT_RE = re.compile(
    r"(?<!\w)(?:sở|so)\s+(" + "|".join(re.escape(k) for k in sorted(_DEPARTMENT_BY_KEY, key=len, reverse=True)) + r")(?![\w&])"
)


def _named_departments(text: str) -> str:
    """The text with every "so <department>" written as the Sở's printed name; text keeps its length elsewhere."""
    folded = bare(text)
    out, end = [], 0
    for m in _SO_DEPARTMENT_RE.finditer(folded):
        out += [text[end : m.start()], f"Sở {_DEPARTMENT_BY_KEY[m.group(1)]}"]
        end = m.end()
    return "".join([*out, text[end:]])


# Words that end a name typed in a question: question words, verbs of assignment, glue. Compared accented
# where the word carries marks ("giáo" in "Ban Tuyên giáo" is a name word, "giao" a verb).
_NAME_STOPS = frozenset(
    ["chủ", "trì", "phối", "hợp", "được", "giao", "có", "là", "làm", "phải", "cần", "đã", "sẽ", "thực", "hiện", "triển", "khai", "theo", "về", "tại", "trong", "những", "các", "nào", "gì", "ai", "khi", "bao", "với", "và", "cho", "để", "thì", "hay", "nhiệm", "vụ", "việc", "tham", "mưu", "chịu", "đề", "nghị", "yêu", "cầu", "nêu", "quy", "định", "hướng", "dẫn"]
)
_BARE_NAME_STOPS = frozenset(ascii_fold(w) for w in _NAME_STOPS)


# ---------------------------------------------------------------- what is asked

_WHO = (
    r"(?<!\w)(?<!van )(?:ai|(?:co quan|don vi|to chuc|ban|so|bo|nganh|cap|phong|cuc|vu|dia phuong|cap uy|dang uy|uy ban|hoi|"
    r"doan the|lanh dao|dong chi|ben|chi cuc|truong|vien|cong ty|tinh uy|huyen uy)\s+nao)(?!\w)"
)
_LEAD_WORDS = (
    r"(?:chu tri|phu trach|dau moi|thuong truc|chiu trach nhiem|dam nhiem|dam nhan|lo|tham muu|chuan bi|soan thao|"
    r"lap|xay dung|tham dinh|cap|quyet dinh|giao|duoc giao|dam trach|thuc hien|lam|ban hanh|to chuc|huong dan|chi dao|"
    r"trinh|phe duyet|bao cao|tong hop|kiem tra|giam sat|quan ly|theo doi|xu ly)"
)
# "hỗ trợ" asks for helpers only next to "ai"/"nào": "kế hoạch hỗ trợ hộ nghèo" names a topic
_COOP = re.compile(r"phoi hop|(?<!\w)cung(?!\w)|tham gia(?! y kien)|(?:ai|nao) ho tro|ho tro (?:la )?(?:ai|\w+ nao)(?!\w)")
_WHEN = re.compile(
    r"khi nao|bao gio|thoi han|(?<!\w)han(?!\w)(?! che)|han chot|(?:ngay|thang|nam|quy|tuan)\s+(?:nao|may)|"
    r"thoi gian(?! qua)|thoi diem|truoc ngay|den bao gio|luc nao|may gio|bao lau|bao nhieu ngay|may ngay|"
    r"trong bao nhieu|hoan thanh (?:khi|truoc|vao|nao|xong)|(?:lam )?xong (?:truoc|khi|vao|trong)|hang thang|dinh ky"
)
# "những văn bản nào", "việc nào" ask what, not who: each word a lookbehind of its own (they need a fixed width)
_WHAT = "".join(rf"(?<!{w} )" for w in ("van ban", "viec", "noi dung", "nhiem vu"))
# "giao Ban Dân vận tham mưu những văn bản nào": the tasks given, not a list of the corpus's documents
_GIVEN_WHAT = re.compile(r"(?:giao|yeu cau|de nghi)\s+.{1,60}?\s(?:nhung\s+)?(?:van ban|viec|noi dung|nhiem vu) nao(?!\w)")
_TASKS = re.compile(
    r"(?:lam|nhiem vu|viec|trach nhiem|noi dung|giao|thuc hien|phu trach|tham muu|yeu cau)\s+(?:nhung\s+)?(?:gi|nao)(?!\w)"
    r"|nhung (?:viec|nhiem vu|gi)|phai lam(?! xong)|duoc giao (?:nhung )?(?:gi|viec)|lam nhung|co nhiem vu|nhiem vu cua"
    r"|(?:giao|yeu cau|de nghi)\s+.{1,60}?\s(?:nhung\s+)?(?:gi|viec gi|nhiem vu gi|(?:van ban|viec|noi dung|nhiem vu) nao)(?!\w)"
    r"|(?:trach nhiem|nhiem vu|cong viec)\s+(?:cua\s+)?.{2,80}?\s(?:la\s+)?(?:nhung\s+)?(?:gi|nao)(?!\w)"
)
# "còn phối hợp thì sao?", "phối hợp gồm những ai": the cooperating, asked without "ai"/"nào"
_COOP_ASKED = re.compile(r"phoi hop\b.{0,30}(?:thi sao|gom|nhung ai|la gi|ra sao|the nao|\?\s*$)")
_FACTS = re.compile(
    r"so may|so bao nhieu|so hieu|ky hieu|ngay ban hanh|ban hanh (?:ngay|khi|nam|thang)|ban hanh luc|"
    r"(?:do )?(?<!\w)ai ky|nguoi ky|ky (?:ngay|ban hanh|khi)|(?<!\w)ai ban hanh|(?:co quan|don vi|cap) nao ban hanh|"
    r"do (?:ai|co quan nao) ban hanh|trich yeu|ve viec gi|noi ve (?:gi|viec gi)|(?:hay|hoac) (?:ban thuong vu|btv|ban chap hanh|bch) ban hanh|"
    r"co so (?:va|,) ngay|(?:co|mang) so (?:la gi|bao nhieu|hieu)|ten (?:day du|chinh xac)|la van ban (?:gi|nao)|"
    r"bang (?:cong )?van (?:ban|ban )?(?:so|nao)|bang van ban nao|(?:ban hanh|co) (?:van ban|cong van|ke hoach|quyet dinh) (?:so )?(?:may|nao)"
)
_RELATION = re.compile(
    r"(?:van ban|ke hoach|chuong trinh|nghi quyet|quyet dinh|cong van|chi thi|ket luan|de an)\s+nao\s+"
    r"(?:de\s+)?(?:trien khai|thuc hien|cu the hoa|quan triet|huong dan)"
    r"|(?:trien khai|thuc hien|cu the hoa|can cu)\s+(?:van ban|nghi quyet|ket luan|chi thi|chuong trinh|ke hoach|nghi dinh|quyet dinh)\s+nao"
    r"|duoc (?:trien khai|thuc hien|cu the hoa) (?:bang|boi|qua)"
)
_COUNT = re.compile(
    r"(?:co )?bao nhieu\s+(?:van ban|nghi quyet|ke hoach|chuong trinh|chi thi|ket luan|quyet dinh|cong van|de an|bao cao)"
    r"|so luong (?:van ban|nghi quyet|ke hoach)|may (?:van ban|nghi quyet|ke hoach|chi thi|ket luan)"
)
_LIST = re.compile(
    r"(?:nhung|cac|liet ke|danh sach|danh muc)\s+(?:cac\s+)?(?:van ban|nghi quyet|ke hoach|chuong trinh|chi thi|ket luan|"
    r"quyet dinh|cong van|de an|bao cao)(?:\s+nao|\s+(?:nam|cua|ve|do|ban hanh|trong|thang)\b|\s*$)"
    r"|danh sach (?:van ban|tai lieu)|(?:kho|he thong) (?:co|dang co) (?:nhung )?(?:van ban|tai lieu) (?:gi|nao)"
)
_GREETING = re.compile(r"^(?:xin )?chao(?: ban| anh| chi| em| bot)?[\s!.?]*$|^(?:hello|hi|alo|hey)[\s!.?]*$|^cam on(?: ban)?[\s!.?]*$")
_HELP = re.compile(
    r"ban (?:lam|giup) (?:duoc )?(?:gi|nhung gi)|(?:huong dan|cach) (?:su dung|dung|hoi)|ban la ai|tro giup|giup toi voi$"
    r"|co the hoi (?:gi|nhung gi)|hoi (?:nhu the nao|the nao)"
)


_WHO_ISSUES = re.compile(r"(?<!\w)(?:ai|(?:co quan|don vi|cap) nao) ban hanh\s+(?P<what>\S.*)")


def _issues_no_document(q: str, facts: re.Match[str]) -> bool:
    """ "Ai ban hành định mức kinh tế - kỹ thuật …?" asks who must issue a norm (a task), not who issued a
    document: the thing issued is no document type, and no document is named before it."""
    asked = _WHO_ISSUES.match(q, facts.start())
    if asked is None:
        return False
    named_before = re.search(rf"(?<!\w)(?:{_TYPE_ALT})(?!\w)|\d", q[: facts.start()])
    document_after = re.match(rf"(?:(?:{_TYPE_ALT})(?!\w)|nay|do|no|\d|so\s+\d|\W*$)", asked.group("what"))
    return not named_before and not document_after


_ROLES = tuple(ascii_fold(r) for r in vocabulary.LEAD_ROLES)
# "cơ quan thường trực kế hoạch …": the agency in that role, asked as a noun phrase
_ROLE_ASKED = re.compile(r"(?:co quan|don vi|so|ban) (?:thuong truc|chu tri|dau moi|phu trach)(?!\w)")


def detect_intent(folded: str) -> Intent:
    q = folded.strip()
    if _GREETING.match(q):
        return Intent.GREETING
    if _HELP.search(q) and len(q) < 80:
        return Intent.HELP
    if _RELATION.search(q):
        return Intent.RELATION
    if _COUNT.search(q):
        return Intent.DOC_COUNT
    if _LIST.search(q) and not re.search(rf"{_WHO}|chu tri|phoi hop", q) and not _GIVEN_WHAT.search(q):
        return Intent.DOC_LIST
    facts = _FACTS.search(q)
    # "cơ quan nào được giao hoàn chỉnh báo cáo để trình Thường trực ký ban hành?": the facts are the task's
    given = re.search(rf"{_WHO}\s+(?:duoc giao|duoc phan cong|chu tri|phu trach|co trach nhiem|chiu trach nhiem)", q)
    if facts and not (given and given.start() < facts.start()) and not _issues_no_document(q, facts):
        return Intent.DOC_LOOKUP
    # "nào" asks who after an agency word (_WHO) or alone; "những văn bản nào", "việc nào" ask what
    who = re.search(_WHO, q) or re.search(rf"(?<!\w)ai(?!\w)|{_WHAT}(?<!\w)nao(?!\w)", q)
    if who:
        # "phối hợp với những cơ quan nào" asks for the cooperating; "X phối hợp với Y thì ai chủ trì" for the lead
        lead_asked = re.search(rf"{_WHO}\s+(?:duoc giao\s+)?chu tri|chu tri\s+(?:la\s+)?{_WHO}", q)
        if _COOP.search(q) and not lead_asked:
            return Intent.COOPERATING
        if re.search(rf"{_WHO}|(?<!\w)ai(?!\w)", q) and (re.search(_LEAD_WORDS, q) or re.search(rf"{_WHO}\s*\??$", q)):
            return Intent.LEAD
        # "bộ nào dự thảo …", "sở nào rà soát …": an agency asked for as the subject of any verb is the one that leads
        if re.search(rf"{_WHO}\s+(?!la\b|cua\b|nao\b)\w+", q) and not re.search(r"(?<!\w)(?:ai|gi)(?!\w)", q):
            return Intent.LEAD
    if _COOP_ASKED.search(q) and len(q) < 60:
        return Intent.COOPERATING
    if _TASKS.search(q):
        return Intent.AGENCY_TASKS
    if _WHEN.search(q):
        return Intent.DEADLINE
    if (who and re.search(r"chu tri|phu trach|dau moi|thuong truc", q)) or _ROLE_ASKED.match(q):
        return Intent.LEAD
    return Intent.CONTENT


# ---------------------------------------------------------------- what the question is about

# Words that ask rather than say what is asked about, and the glue around them.
_ASKING_ONLY = frozenset(
    "ai nao gi bao nhieu lau gio khi sao a nhi hay la ra phai nay may the nao vay oi xin cho biet hoi".split()  # noqa: SIM905
)
# Glue, and question words whose bare spelling is also a content word: "co" (có / cơ quan, cơ sở), "do"
# (do / đô thị), "thi" (thì / thi hành, đô thị), "the" (thế / thể thao), "nhu" (như / nhu cầu), "may", "vay".
_GLUE = frozenset("duoc theo trong cua ve voi cho va nhung cac co do thi the nhu may vay den tu tai o".split())  # noqa: SIM905
QUESTION_WORDS = _ASKING_ONLY | _GLUE
# What the question asks for (answered by the structure: a lead column, a deadline cell) or where it points.
_ASKING = frozenset("chu_tri phoi_hop thoi_han thoi_gian phu_luc kem_theo nhiem_vu duoc_giao co_quan don_vi".split())  # noqa: SIM905
_ASKING_WORDS = frozenset(
    "chu tri phoi hop thoi han phu muc dong kem giao nhiem vu khoan diem dieu quan don vi".split()  # noqa: SIM905
)
# A reference is removed with the type words written before it: "Kế hoạch số 78/KH-UBND".
_TYPE_BEFORE = r"(?:(?:" + "|".join(re.escape(n.lower()) for n in vocabulary.type_names()) + r"|văn bản)\s+(?:số\s+)?)?"


def content_tokens(question: Question) -> tuple[set[str], set[str]]:
    """(tokens, optional tokens) that say what the question is about: its words and word pairs, without
    question words, document references (resolved, not searched for) or the words that say what is asked.
    Pairs with a glue word ("theo dõi", "của tỉnh") are optional: they count where the corpus has them.
    Tokens are accented where the user typed marks (see vietnamese.query_tokens)."""
    from .vietnamese import marked_syllables

    text = _asked_words_out(question)
    for ref in question.doc_refs:
        text = re.sub(_TYPE_BEFORE + re.escape(ref.text), " , ", text, flags=re.IGNORECASE)
    text = _named_departments(expand_abbreviations(text))  # "so xd" speaks of "Sở Xây dựng", as documents print it
    tokens: set[str] = set()
    optional: set[str] = set()
    for chunk in re.split(r"[^\w\s&-]+|(?<=\s)-(?=\s)", text):  # pairs never span punctuation or a reference
        pairs = marked_syllables(chunk)
        keep = [(a if question.marked or a != f else f, f) for a, f in pairs]
        for (a, fa), (b, fb) in itertools.pairwise(keep):
            pair = f"{fa}_{fb}"
            if {fa, fb} & (_ASKING_ONLY | _ASKING_WORDS) or pair in _ASKING:
                continue
            token = f"{a}_{b}"
            (optional if fa in _GLUE or fb in _GLUE else tokens).add(token)
        tokens.update(a for a, f in keep if f not in QUESTION_WORDS and f not in _ASKING_WORDS and not f.isdigit())
    return tokens, optional


# "số mấy", "số bao nhiêu", "số hiệu gì" ask for a number; "số" there is no topic ("chuyển đổi số" is one)
_NUMBER_ASKED = re.compile(r"(?<!\w)so(?=\s+(?:bao nhieu|may|gi|hieu)(?!\w))")


def _asked_words_out(question: Question) -> str:
    """The question's text with the words that only say what is asked blanked, positions kept."""
    text = question.text
    spans = [m.span() for m in _NUMBER_ASKED.finditer(question.folded)]
    if question.mention is not None:
        spans.append(question.mention)
    for start, end in sorted(spans, reverse=True):
        text = text[:start] + " , " + text[end:]
    return text


def search_text(question: Question) -> str:
    """The question for lexical and vector search: abbreviations written out, and the references the structure
    resolves (a document's number, "khoản 1 Điều 7", "Phụ lục IV") left out: words such as "phụ lục" or
    "hành động" would otherwise pull the headings that repeat them."""
    text = question.text
    for ref in question.doc_refs:
        text = re.sub(_TYPE_BEFORE + re.escape(ref.text), " ", text, flags=re.IGNORECASE)
    if question.item is not None:
        folded = bare(text)
        spans = [(m.start(), m.end()) for m in _ITEM.finditer(folded)] + [(m.start(), m.end()) for m in _APPENDIX.finditer(folded)]
        for start, end in sorted(spans, reverse=True):
            text = text[:start] + " " + text[end:]
    return _named_departments(expand_abbreviations(re.sub(r"\s+", " ", text).strip()) or expand_abbreviations(question.text))
