"""Agency names in running text: recognising them, cutting them from the task that follows, splitting lists of
them, and writing group titles ("V- BAN DÂN VẬN TỈNH ỦY") the way the text writes agencies ("Ban Dân vận Tỉnh
ủy"). Recognition reads the accented text (vocabulary.AGENCY_HEADS): "Sở Tư pháp" is an agency, "Số lượng" and
"Bảo trì" are not."""

from __future__ import annotations

import re

from .header import is_uppercase, sentence_case
from .vietnamese import ascii_fold, expand_abbreviations, nfc, strip_diacritics
from .vocabulary import is_agency_name

# Verbs that end an agency list and begin the task ("phối hợp với Sở Tài chính | hướng dẫn ...").
TASK_VERBS = (
    "tham muu", "chi dao", "theo doi", "huong dan", "to chuc", "xay dung", "trien khai", "nghien cuu",
    "kiem tra", "don doc", "thuc hien", "tuyen truyen", "ra soat", "de xuat", "chuan bi", "giup",
    "tong hop", "bao cao", "danh gia", "quan ly", "day manh", "lanh dao", "xet chon", "giam sat",
    "hoan thanh", "cung co", "phoi hop", "tiep tuc", "tang cuong", "nang cao", "dinh huong", "ban hanh",
    "kien toan", "thanh lap", "so ket", "tong ket", "khac phuc", "cu the hoa", "bo tri", "dam bao",
    "tap trung", "chu dong", "quan triet", "van dong", "xu ly", "trinh", "tiep thu", "hoan chinh",
    "yeu cau", "de nghi", "co trach nhiem", "chiu trach nhiem", "la co quan", "tham dinh", "phe duyet",
    "quyet dinh", "thong bao", "gui", "cung cap", "bao dam", "huy dong", "phan bo", "dieu tra", "tiep nhan",
    "giai quyet", "chap thuan", "nghiem tuc", "khan truong", "lap ke hoach", "cap phep", "cap giay", "can cu",
    "co nhiem vu", "nhiem vu", "kiem soat", "thuc day", "hoan thien", "chu tri", "xem xet", "quy dinh",
    "giai phong mat bang", "di doi", "thu hoi", "boi thuong",
)  # fmt: skip
_NOUN_BEFORE_VERB = ("cac ", "ban ", "hoi dong ", "uy ban ", "trung tam ", "cong tac ", "nhung ", "so ", "co quan ")
_VERB_RE = re.compile(r"(?<!\w)(" + "|".join(re.escape(v) for v in sorted(TASK_VERBS, key=len, reverse=True)) + r")(?!\w)")
MAX_AGENCY_CHARS = 140
# "UBND tỉnh đã | chỉ đạo", "Sở Nội vụ (…) có | nhiệm vụ": auxiliaries belong to the task, not the name
_AUXILIARY = re.compile(r"(?:\s+(?:đã|sẽ|đang|cần|phải|được|có|vẫn|cũng|tiếp tục|thường xuyên))+$")
_PEOPLE_AFTER = re.compile(r"\s+cac\s+(?:co quan|don vi|so|ban|nganh|cap|dia phuong|to chuc)\b")


def is_agency(text: str) -> bool:
    """Does the text begin with an agency name as printed? Names in capitals ("BAN DÂN VẬN TỈNH ỦY") count."""
    text = text.strip().lstrip("-–•+ ")
    if is_uppercase(text[:40]):
        text = sentence_case(text)
    return is_agency_name(text)


def cut_at_verb(text: str) -> tuple[str, str]:
    """("Sở Tài chính", "hướng dẫn ...") from "Sở Tài chính hướng dẫn ..."; by folded position."""
    # one character for one: positions in the folded text are positions in the text
    folded = strip_diacritics(nfc(text).lower())
    if len(folded) != len(text):
        return text.strip(), ""
    for m in _VERB_RE.finditer(folded, 3):
        # "tổ chức", "quản lý", "chỉ đạo" are verbs, but not in "các tổ chức", "Ban Quản lý", "Ban Chỉ đạo"
        if folded[: m.start()].endswith(_NOUN_BEFORE_VERB):
            continue
        # "… và lãnh đạo các cơ quan, đơn vị": in a list of those who act, "lãnh đạo các …" names people
        # ("chỉ đạo các cơ quan" after a comma stays a verb: only "lãnh đạo" is also the people who lead)
        leaders = folded.startswith("lanh dao", m.start())
        if leaders and folded[: m.start()].endswith(("va ", ", ")) and _PEOPLE_AFTER.match(folded, m.end()):
            continue
        return _AUXILIARY.sub("", text[: m.start()].strip(" ,;:")), text[m.start() :].strip()
    return text.strip(), ""


def split_agencies(text: str) -> list[str]:
    """"Sở Kế hoạch và Đầu tư, Sở Tài chính và các cơ quan liên quan" → three names.

    A comma, semicolon or "và" separates two names only when an agency name follows it: names contain both
    ("Sở Văn hóa, Thể thao và Du lịch").
    """
    pieces = re.split(r"(\s*[,;]\s*|\s+và\s+)", text.strip(" .;,:"))
    names: list[str] = []
    for i in range(0, len(pieces), 2):
        piece = pieces[i].strip()
        if not piece:
            continue
        separator = pieces[i - 1] if i else ""
        if names and not (is_agency(piece) or piece.startswith(("các ", "Các "))):
            names[-1] = f"{names[-1]}{separator}{piece}"
        else:
            names.append(piece)
    return [n for n in names if n]


_GENERIC = re.compile(
    r"^(?:các\s+|những\s+)?(?:cơ quan|đơn vị|địa phương|sở|ban|ngành|tổ chức|cấp|bộ|cấp ủy|cấp uỷ|đoàn thể|hội|"
    r"doanh nghiệp|xã|phường|huyện|thành phố|tỉnh)(?:\s+(?:có\s+)?liên quan|\s+thuộc\s+\w+(?:\s+\w+)?|\s+trực thuộc)?$",
    re.IGNORECASE,
)


def agency_key(name: str) -> str:
    """An agency name as compared: written out, without marks, plural words or punctuation; "UBND các xã,
    phường", "Uỷ ban nhân dân xã / phường" and "Ủy ban nhân dân xa phuong" have one key."""
    folded = ascii_fold(expand_abbreviations(name))
    return re.sub(r"\s+", " ", re.sub(r"(?<!\w)(?:cac|nhung)(?!\w)|[,;.()/]", " ", folded)).strip()


def is_generic_agency(name: str) -> bool:
    """ "cơ quan", "các sở, ngành liên quan": a phrase that names no agency in particular."""
    pieces = [p.strip() for p in re.split(r"\s*[,;]\s*|\s+và\s+", name.strip(" .;,:")) if p.strip()]
    return bool(pieces) and all(_GENERIC.match(p) for p in pieces)


def leading_agencies(text: str) -> list[str]:
    """The agencies a phrase opens with, before the task begins: "Sở Thông tin và Truyền thông, cơ quan, đơn vị
    liên quan cài đặt, tích hợp …" → ["Sở Thông tin và Truyền thông", "cơ quan", "đơn vị liên quan"]. A capitalised
    piece that is no agency continues the name before it ("Sở Văn hóa, Thể thao và Du lịch"); the first lower-case
    piece that is neither an agency nor a generic one ("đơn vị liên quan") ends the list."""
    subject, _ = cut_at_verb(text)
    pieces = re.split(r"(\s*[,;]\s*|\s+và\s+)", subject.strip(" .;,:"))
    names: list[str] = []
    for i in range(0, len(pieces), 2):
        piece = pieces[i].strip()
        if not piece:
            continue
        if _GENERIC.match(piece) and names and _GENERIC.match(names[-1].split(",")[-1].strip()):
            names[-1] = f"{names[-1]}{pieces[i - 1]}{piece}"  # "cơ quan, đơn vị liên quan" is one phrase
        elif is_agency(piece) or _GENERIC.match(piece):
            names.append(piece)
        elif names and piece[:1].isupper():
            names[-1] = f"{names[-1]}{pieces[i - 1]}{piece}"
        else:
            break
    return [n for n in names if len(n) <= MAX_AGENCY_CHARS]


def agency_names(text: str) -> list[str]:
    """The agencies a lead or cooperating phrase names, each short enough to be a name; [] when the phrase is
    not a list of agencies ("Uỷ ban nhân dân thành phố yêu cầu Thủ trưởng …" is a sentence, not a name)."""
    subject, _rest = cut_at_verb(text)
    names = [n for n in split_agencies(subject) if is_agency(n) and len(n) <= MAX_AGENCY_CHARS]
    return names if names else []


_PROPER = (
    "Tỉnh ủy", "Tỉnh đoàn", "Ủy ban", "Mặt trận Tổ quốc", "Dân vận", "Tuyên giáo", "Tổ chức", "Kiểm tra",
    "Nội chính", "Chính trị", "Thường vụ", "Văn phòng", "Đảng", "UBND", "HĐND", "MTTQ", "Trường",
)  # fmt: skip


def title_case_agency(text: str) -> str:
    """ "BAN CÁNSỰ ĐẢNG UBND TỈNH" → "Ban cánsự Đảng UBND tỉnh"; "BAN DÂN VẬN TỈNH ỦY" → "Ban Dân vận Tỉnh ủy"."""
    words = text.split()
    out = []
    for word in words:
        bare = ascii_fold(word)
        if word.isupper() and bare.upper() in ("UBND", "HDND", "MTTQ", "BTV", "TW"):
            out.append(word)
        else:
            out.append(word.lower())
    sentence = " ".join(out)
    sentence = sentence[:1].upper() + sentence[1:]
    for proper in _PROPER:
        sentence = re.sub(rf"(?<!\w){re.escape(proper.lower())}(?!\w)", proper, sentence)
    return sentence[:1].upper() + sentence[1:]
