"""Agency names in running text: recognising them, splitting lists of them, and writing group titles
("V- BAN DÂN VẬN TỈNH ỦY") the way the text writes agencies ("Ban Dân vận Tỉnh ủy")."""

from __future__ import annotations

import re

from .vietnamese import ascii_fold, nfc, strip_diacritics

# How agency names start, diacritics folded.
_STARTS = (
    "so ", "ban ", "uy ban", "ubnd", "hdnd", "dang doan", "dang uy", "cong an", "ngan hang", "kho bac",
    "thanh tra", "trung tam", "bao hiem", "van phong", "hiep hoi", "huyen uy", "thanh uy", "tinh doan",
    "truong chinh tri", "hoi ", "lien doan", "cac so", "cac co quan", "cac huyen", "cac dang", "cac ban",
    "cac dia phuong", "cac to chuc", "cac cap uy", "cac don vi", "cac doan the", "bo chi huy", "toa an",
    "vien kiem sat", "cuc ", "dai phat thanh", "bao ", "thuong truc", "mat tran", "tinh uy", "btv",
    "doan dai bieu", "ban thuong vu", "ban can su", "chi cuc", "cac hoi", "cac tinh uy vien",
)  # fmt: skip
# Verbs that end an agency list and begin the task ("phối hợp với Sở Tài chính | hướng dẫn ...").
TASK_VERBS = (
    "tham muu", "chi dao", "theo doi", "huong dan", "to chuc", "xay dung", "trien khai", "nghien cuu",
    "kiem tra", "don doc", "thuc hien", "tuyen truyen", "ra soat", "de xuat", "chuan bi", "giup",
    "tong hop", "bao cao", "danh gia", "quan ly", "day manh", "lanh dao", "xet chon", "giam sat",
    "hoan thanh", "cung co", "phoi hop", "tiep tuc", "tang cuong", "nang cao", "dinh huong", "ban hanh",
    "kien toan", "thanh lap", "so ket", "tong ket", "khac phuc", "cu the hoa", "bo tri", "dam bao",
    "tap trung", "chu dong", "quan triet", "van dong", "xu ly", "trinh", "tiep thu", "hoan chinh",
)  # fmt: skip
_NOUN_BEFORE_VERB = ("cac ", "ban ", "hoi dong ", "uy ban ", "trung tam ", "cong tac ", "nhung ")
_VERB_RE = re.compile(r"(?<!\w)(" + "|".join(re.escape(v) for v in TASK_VERBS) + r")(?!\w)")


def is_agency(text: str) -> bool:
    key = ascii_fold(text).lstrip("- ")
    return key.startswith(_STARTS)


def cut_at_verb(text: str) -> tuple[str, str]:
    """("Sở Tài chính", "hướng dẫn ...") from "Sở Tài chính hướng dẫn ..."; by folded position."""
    # one character for one: positions in the folded text are positions in the text
    folded = strip_diacritics(nfc(text).lower())
    if len(folded) != len(text):
        return text.strip(), ""
    for m in _VERB_RE.finditer(folded, 3):
        # "tổ chức", "quản lý", "chỉ đạo" are verbs, but not in "các tổ chức", "Ban Quản lý", "Ban Chỉ đạo"
        if not folded[: m.start()].endswith(_NOUN_BEFORE_VERB):
            return text[: m.start()].strip(" ,;"), text[m.start() :].strip()
    return text.strip(), ""


def split_agencies(text: str) -> list[str]:
    """"Sở Kế hoạch và Đầu tư, Sở Tài chính và các cơ quan liên quan" → three names.

    A comma or "và" separates two names only when an agency name follows it: names contain both
    ("Sở Văn hóa, Thể thao và Du lịch").
    """
    pieces = re.split(r"(\s*[,;]\s*|\s+và\s+)", text.strip(" .;,"))
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
    return names


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
