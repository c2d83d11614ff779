"""The one vocabulary of the product: document types, issuing bodies, abbreviations and agency head words.

Everything here is a rule of the language or of the standards, shared by the parser, the question layer,
the register and the bot:

- document types and their codes in a number ("78/KH-UBND", "109-NQ/TU"): Nghị định 30/2020/NĐ-CP,
  Phụ lục III (administrative documents) and Hướng dẫn 36-HD/VPTW (Party documents);
- issuing bodies at every level, and the words that place them (tỉnh, huyện, xã, phường ...);
- the abbreviations officials write (UBND, HĐND, MTTQ, BTV, BTG, NN&PTNT ...);
- the head words an agency name starts with (Sở, Ban, Bộ, Cục, Đảng đoàn ...), compared on accented text so
  that "Bảo trì" or "Số lượng" are not taken for "Báo ..." or "Sở ...".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# ---------------------------------------------------------------- document types


@dataclass(frozen=True)
class DocType:
    name: str  # as a citation writes it: "Kế hoạch"
    codes: tuple[str, ...]  # the codes in a number: "KH"; several when Party and state codes differ
    aliases: tuple[str, ...] = ()  # other ways users name it, diacritics folded: "ctr", "cthd"


# Longest names first matters where one name starts another ("Chương trình hành động" / "Chương trình").
DOC_TYPES: tuple[DocType, ...] = (
    DocType("Chương trình hành động", ("CTr", "CTHĐ"), ("cthd", "ctrhd")),
    DocType("Chương trình phối hợp", ("CTPH",)),
    DocType("Chương trình", ("CTr",), ("ctr",)),
    DocType("Nghị quyết liên tịch", ("NQLT",)),
    DocType("Nghị quyết", ("NQ",), ("nq",)),
    DocType("Nghị định", ("NĐ",), ("nd",)),
    DocType("Quyết định", ("QĐ",), ("qd",)),
    DocType("Chỉ thị", ("CT",), ("ct",)),
    DocType("Kết luận", ("KL",), ("kl",)),
    DocType("Quy chế", ("QC",), ("qc",)),
    DocType("Quy định", ("QĐi", "QyĐ"), ("qdi",)),
    DocType("Thông báo", ("TB",), ("tb",)),
    DocType("Thông cáo", ("TC",)),
    DocType("Thông tri", ("TT",)),
    DocType("Thông tư liên tịch", ("TTLT",)),
    DocType("Thông tư", ("TT",)),
    DocType("Hướng dẫn", ("HD",), ("hd",)),
    DocType("Kế hoạch liên tịch", ("KH-LT", "KHLT")),
    DocType("Kế hoạch", ("KH",), ("kh",)),
    DocType("Phương án", ("PA",), ("pa",)),
    DocType("Đề án", ("ĐA",), ("da",)),
    DocType("Dự án", ("DA",)),
    DocType("Báo cáo", ("BC",), ("bc",)),
    DocType("Tờ trình", ("TTr",), ("ttr",)),
    DocType("Biên bản", ("BB",)),
    DocType("Công điện", ("CĐ",)),
    DocType("Công văn", ("CV",), ("cv",)),
    DocType("Giấy mời", ("GM",)),
    DocType("Hợp đồng", ("HĐ",)),
    DocType("Bản ghi nhớ", ("GN",)),
    DocType("Lệnh", ("L",)),
    DocType("Luật", ()),
    DocType("Pháp lệnh", ()),
    DocType("Điều lệ", ()),
    DocType("Quy trình", ()),
)
GENERIC_TYPE = "Văn bản"
OFFICIAL_LETTER = "Công văn"

_BY_NAME = {t.name.casefold(): t for t in DOC_TYPES}
# A code names one type; where Party and state share a code (TT: Thông tri / Thông tư), the state reading is
# taken only with a state-style number, decided by the caller through `type_for_code(code, party=...)`.
_PARTY_CODES = {"TT": "Thông tri", "QĐ": "Quyết định", "CTr": "Chương trình hành động"}
_STATE_CODES = {"TT": "Thông tư", "CTr": "Chương trình"}


def doc_type(name: str) -> DocType | None:
    return _BY_NAME.get(name.casefold())


def type_names() -> list[str]:
    """Every type name, longest first (so "Chương trình hành động" is tried before "Chương trình")."""
    return sorted((t.name for t in DOC_TYPES), key=len, reverse=True)


def type_for_code(code: str, party: bool) -> str | None:
    """The type a number's code stands for: "KH" → "Kế hoạch"; "TT" → "Thông tri" (Party) / "Thông tư"."""
    table = _PARTY_CODES if party else _STATE_CODES
    if code in table:
        return table[code]
    key = code.casefold()
    for t in DOC_TYPES:
        if any(c.casefold() == key for c in t.codes):
            return t.name
    return None


def code_for_type(name: str) -> str | None:
    found = doc_type(name)
    return found.codes[0] if found and found.codes else None


# ---------------------------------------------------------------- abbreviations

# As officials write them. Matched as whole words. Keys in CASE_SENSITIVE collide with ordinary words once
# diacritics are gone ("TU" / "tu", "CT" / "ct") and are expanded only when written in capitals.
ABBREVIATIONS: dict[str, str] = {
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "MTTQ": "Mặt trận Tổ quốc",
    "UBMTTQ": "Ủy ban Mặt trận Tổ quốc",
    "BTV": "Ban Thường vụ",
    "BCH": "Ban Chấp hành",
    "BCS": "Ban cán sự",
    "BCSĐ": "Ban cán sự đảng",
    "BCĐ": "Ban Chỉ đạo",
    "BTG": "Ban Tuyên giáo",
    "BDV": "Ban Dân vận",
    "BTC": "Ban Tổ chức",
    "BNC": "Ban Nội chính",
    "UBKT": "Ủy ban Kiểm tra",
    "BQL": "Ban Quản lý",
    "TU": "Tỉnh ủy",
    "TW": "Trung ương",
    "BCT": "Bộ Chính trị",
    "BBT": "Ban Bí thư",
    "TTg": "Thủ tướng",
    "CP": "Chính phủ",
    "NQ": "Nghị quyết",
    "NĐ": "Nghị định",
    "KH": "Kế hoạch",
    "CTr": "Chương trình",
    "CTHĐ": "Chương trình hành động",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "QĐ": "Quyết định",
    "ĐA": "Đề án",
    "CV": "Công văn",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "BC": "Báo cáo",
    "UB": "Ủy ban",
    "TP": "thành phố",
    "LHPN": "Liên hiệp Phụ nữ",
    "LĐLĐ": "Liên đoàn Lao động",
    "VPTU": "Văn phòng Tỉnh ủy",
    "VP": "Văn phòng",
    "ĐUTT": "đảng ủy trực thuộc",
    "ĐBQH": "đại biểu Quốc hội",
    "TT&TT": "Thông tin và Truyền thông",
    "TTTT": "Thông tin và Truyền thông",
    "KH&ĐT": "Kế hoạch và Đầu tư",
    "KHĐT": "Kế hoạch và Đầu tư",
    "KH&CN": "Khoa học và Công nghệ",
    "KHCN": "Khoa học và Công nghệ",
    "LĐ-TB&XH": "Lao động - Thương binh và Xã hội",
    "LĐTB&XH": "Lao động - Thương binh và Xã hội",
    "LĐTBXH": "Lao động - Thương binh và Xã hội",
    "NN&PTNT": "Nông nghiệp và Phát triển nông thôn",
    "PTNT": "Phát triển nông thôn",
    "NNPTNT": "Nông nghiệp và Phát triển nông thôn",
    "NN&MT": "Nông nghiệp và Môi trường",
    "NNMT": "Nông nghiệp và Môi trường",
    "TN&MT": "Tài nguyên và Môi trường",
    "TNMT": "Tài nguyên và Môi trường",
    "VHTT&DL": "Văn hóa, Thể thao và Du lịch",
    "VHTTDL": "Văn hóa, Thể thao và Du lịch",
    "GD&ĐT": "Giáo dục và Đào tạo",
    "GDĐT": "Giáo dục và Đào tạo",
    "GTVT": "Giao thông vận tải",
    "CT-XH": "chính trị - xã hội",
    "PT-TH": "Phát thanh - Truyền hình",
    "PTTH": "Phát thanh - Truyền hình",
    "KT-XH": "kinh tế - xã hội",
    "ANTT": "an ninh trật tự",
    "QP-AN": "quốc phòng - an ninh",
    "BHXH": "Bảo hiểm xã hội",
    "KCN": "khu công nghiệp",
    "CCN": "cụm công nghiệp",
    "KKT": "khu kinh tế",
    "HTX": "hợp tác xã",
    "CNTT": "công nghệ thông tin",
    "TP.HCM": "Thành phố Hồ Chí Minh",
    "TPHCM": "Thành phố Hồ Chí Minh",
    "HCM": "Hồ Chí Minh",
    "CĐS": "chuyển đổi số",
    "TTHC": "thủ tục hành chính",
    "GPXD": "giấy phép xây dựng",
    "GP": "giấy phép",
    "GCN": "giấy chứng nhận",
    "VLXD": "vật liệu xây dựng",
    "VLNCN": "vật liệu nổ công nghiệp",
    "BVMT": "bảo vệ môi trường",
    "BĐKH": "biến đổi khí hậu",
    "QLNN": "quản lý nhà nước",
    "CSDL": "cơ sở dữ liệu",
    "VBQPPL": "văn bản quy phạm pháp luật",
    "QPPL": "quy phạm pháp luật",
    "VB": "văn bản",
    "Cty CP": "công ty cổ phần",
    "Công ty CP": "công ty cổ phần",
    "CTCP": "công ty cổ phần",
    "Cty": "công ty",
    "DN": "doanh nghiệp",
    "ATTP": "an toàn thực phẩm",
    "ATGT": "an toàn giao thông",
    "PCCC": "phòng cháy, chữa cháy",
    "NSNN": "ngân sách nhà nước",
    "CCHC": "cải cách hành chính",
    "ĐTM": "đánh giá tác động môi trường",
    "NTM": "nông thôn mới",
    "DTTS": "dân tộc thiểu số",
    "GPMB": "giải phóng mặt bằng",
    "CBCCVC": "cán bộ, công chức, viên chức",
}
# Short names of provincial departments, written after "Sở" only ("Sở TP", "Sở KHĐT"): alone, "TP" is
# "thành phố" and "CT" is "Chỉ thị". The longer ones (KHĐT, TT&TT, NN&PTNT ...) are in ABBREVIATIONS too.
DEPARTMENT_CODES: dict[str, str] = {
    "TP": "Tư pháp",
    "TC": "Tài chính",
    "NV": "Nội vụ",
    "YT": "Y tế",
    "XD": "Xây dựng",
    "CT": "Công Thương",
    "NgV": "Ngoại vụ",
    "KHĐT": "Kế hoạch và Đầu tư",
    "KH&ĐT": "Kế hoạch và Đầu tư",
    "GDĐT": "Giáo dục và Đào tạo",
    "GD&ĐT": "Giáo dục và Đào tạo",
    "GTVT": "Giao thông vận tải",
    "TTTT": "Thông tin và Truyền thông",
    "TT&TT": "Thông tin và Truyền thông",
    "TNMT": "Tài nguyên và Môi trường",
    "TN&MT": "Tài nguyên và Môi trường",
    "NNPTNT": "Nông nghiệp và Phát triển nông thôn",
    "NN&PTNT": "Nông nghiệp và Phát triển nông thôn",
    "NNMT": "Nông nghiệp và Môi trường",
    "NN&MT": "Nông nghiệp và Môi trường",
    "KHCN": "Khoa học và Công nghệ",
    "KH&CN": "Khoa học và Công nghệ",
    "LĐTBXH": "Lao động - Thương binh và Xã hội",
    "LĐ-TB&XH": "Lao động - Thương binh và Xã hội",
    "VHTTDL": "Văn hóa, Thể thao và Du lịch",
    "VHTT&DL": "Văn hóa, Thể thao và Du lịch",
}
# Fields of provincial departments (Sở), old and new organisation (Nghị định 24/2014, 107/2020, 45/2025/NĐ-CP):
# a name typed after "so"/"sở" in any case, with or without marks, is read as that Sở.
DEPARTMENTS: tuple[str, ...] = (
    *dict.fromkeys(DEPARTMENT_CODES.values()),
    "Dân tộc và Tôn giáo",
    "Văn hóa và Thể thao",
    "Du lịch",
    "Quy hoạch - Kiến trúc",
    "Giao thông công chính",
    "Lao động, Thương binh và Xã hội",
)

CASE_SENSITIVE = frozenset(
    {"TU", "TW", "UB", "TP", "CT", "KH", "KL", "NQ", "ĐA", "QĐ", "CTr", "CV", "TB", "HD", "BC", "CP", "VP", "NĐ", "BCT", "VB", "DN"}
)


# ---------------------------------------------------------------- issuing bodies and places

# The roles an agency leads a plan in, beside "chủ trì": "Sở X - thường trực kế hoạch", "cơ quan đầu mối"
LEAD_ROLES = ("thường trực", "đầu mối")

# Words that place a body in the administrative map; the name after them is a proper name.
LOCALITY_WORDS = ("thành phố", "tỉnh", "huyện", "quận", "thị xã", "thị trấn", "xã", "phường", "đặc khu")

# Issuing bodies, as a citation names them, with the forms a header or a user writes (diacritics folded,
# lower case). Longest first where one form is inside another.
ISSUER_FORMS: tuple[tuple[str, str], ...] = (
    ("ban chap hanh trung uong", "Ban Chấp hành Trung ương"),
    ("bo chinh tri", "Bộ Chính trị"),
    ("ban bi thu", "Ban Bí thư"),
    ("thu tuong chinh phu", "Thủ tướng Chính phủ"),
    ("chinh phu", "Chính phủ"),
    ("quoc hoi", "Quốc hội"),
    ("ban chap hanh dang bo", "Ban Chấp hành Đảng bộ"),
    ("ban thuong vu", "Ban Thường vụ"),
    ("thuong truc", "Thường trực"),
    ("dang uy", "Đảng ủy"),
    ("dang doan", "Đảng đoàn"),
    ("ban can su dang", "Ban cán sự đảng"),
    ("hoi dong nhan dan", "Hội đồng nhân dân"),
    ("uy ban nhan dan", "Ủy ban nhân dân"),
    ("uy ban mat tran to quoc", "Ủy ban Mặt trận Tổ quốc"),
    ("tinh uy", "Tỉnh ủy"),
    ("thanh uy", "Thành ủy"),
    ("huyen uy", "Huyện ủy"),
    ("thi uy", "Thị ủy"),
    ("quan uy", "Quận ủy"),
)

# The issuer's code in a number ("…/KH-UBND", "…-NQ/TU") and the body it stands for.
ISSUER_CODES: dict[str, str] = {
    "TW": "Ban Chấp hành Trung ương",
    "TU": "Tỉnh ủy",
    "ĐU": "Đảng ủy",
    "HU": "Huyện ủy",
    "ThU": "Thành ủy",
    "QU": "Quận ủy",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "QH": "Quốc hội",
}

PROVINCES = (
    "Tuyên Quang", "Bắc Giang", "Hà Giang", "Bắc Ninh", "Thái Nguyên", "Phú Thọ", "Yên Bái", "Lào Cai",
    "Cao Bằng", "Lạng Sơn", "Bắc Kạn", "Điện Biên", "Lai Châu", "Sơn La", "Hòa Bình", "Quảng Ninh",
    "Hải Dương", "Hưng Yên", "Hà Nam", "Nam Định", "Thái Bình", "Ninh Bình", "Vĩnh Phúc", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Quảng Bình", "Quảng Trị", "Thừa Thiên Huế", "Huế", "Quảng Nam", "Quảng Ngãi",
    "Bình Định", "Phú Yên", "Khánh Hòa", "Ninh Thuận", "Bình Thuận", "Kon Tum", "Gia Lai", "Đắk Lắk",
    "Đắk Nông", "Lâm Đồng", "Bình Phước", "Tây Ninh", "Bình Dương", "Đồng Nai", "Bà Rịa - Vũng Tàu",
    "Long An", "Tiền Giang", "Bến Tre", "Trà Vinh", "Vĩnh Long", "Đồng Tháp", "An Giang", "Kiên Giang",
    "Cần Thơ", "Hậu Giang", "Sóc Trăng", "Bạc Liêu", "Cà Mau", "Hà Nội", "Hải Phòng", "Đà Nẵng",
    "Hồ Chí Minh",
)  # fmt: skip

# ---------------------------------------------------------------- agencies

# How agency names begin, as printed (accents and capitals matter: "Sở" is an agency, "Số lượng" is not).
# Longest first so "Ban cán sự đảng" is preferred to "Ban".
AGENCY_HEADS: tuple[str, ...] = tuple(
    sorted(
        {
            "Sở", "Ban", "Bộ", "Cục", "Chi cục", "Tổng cục", "Phòng", "Ủy ban", "Uỷ ban", "UBND", "HĐND",
            "Hội đồng", "MTTQ", "UBMTTQ", "Mặt trận", "Đảng đoàn", "Đảng ủy", "Đảng uỷ", "Ban cán sự", "Ban cán sự đảng",
            "Hội", "Liên hiệp", "Liên đoàn", "Liên minh", "Hiệp hội", "Trường", "Viện", "Viện kiểm sát", "Tòa án",
            "Toà án", "Công an", "Bộ Chỉ huy", "Bộ đội", "Văn phòng", "Thanh tra", "Kho bạc", "Ngân hàng",
            "Bảo hiểm", "Đoàn", "Tỉnh đoàn", "Đoàn đại biểu", "Đài", "Báo", "Trung tâm", "Quỹ", "Thuế",
            "Cục Thuế", "Hải quan", "Bưu điện", "Tỉnh ủy", "Tỉnh uỷ", "Thành ủy", "Thành uỷ", "Huyện ủy",
            "Huyện uỷ", "Thị ủy", "Thị uỷ", "Quận ủy", "Quận uỷ", "Thường trực", "Chính phủ", "Thủ tướng",
            "Quốc hội", "Bộ Chính trị", "Ban Bí thư", "Cơ quan", "Tổng công ty", "Công ty", "Tập đoàn",
            "Học viện", "Bệnh viện", "Chủ tịch", "Giám đốc", "Thủ trưởng", "Bí thư", "Cấp ủy", "Cấp uỷ",
            "BTV", "BCH", "BCĐ", "BQL", "BTG", "BDV", "UBKT", "VPTU", "BCS", "BCSĐ", "LĐLĐ", "LHPN", "Vụ",
            "Tổ công tác", "Tổ", "Ban Chỉ đạo", "Ban Quản lý", "Lực lượng", "Đồn", "Bộ Tư lệnh",
        },
        key=len,
        reverse=True,
    )
)  # fmt: skip

# Plural or collective assignees ("các sở, ban, ngành", "các cơ quan liên quan"): agencies too.
COLLECTIVE_HEADS: tuple[str, ...] = (
    "các sở", "các ban", "các bộ", "các cơ quan", "các đơn vị", "các huyện", "các xã", "các phường", "các địa phương",
    "các tổ chức", "các cấp ủy", "các cấp uỷ", "các đảng bộ", "các đảng ủy", "các đảng uỷ", "các đoàn thể", "các hội",
    "các ngành", "các doanh nghiệp", "các tỉnh ủy viên", "các chi bộ", "các cấp", "các thành viên", "các Sở",
    "các Ban", "các Bộ", "Các sở", "Các ban", "Các bộ", "Các cơ quan", "Các đơn vị", "Các huyện", "Các xã",
    "Các địa phương", "Các tổ chức", "Các cấp ủy", "Các cấp uỷ", "Các đảng bộ", "Các đoàn thể", "Các hội",
    "Các ngành", "Các Sở", "Các Ban", "Các Bộ", "Các doanh nghiệp", "Các chi bộ", "Các cấp",
    "UBND các", "Ủy ban nhân dân các", "Uỷ ban nhân dân các",
)  # fmt: skip

_HEAD_RE = re.compile(
    r"^(?:" + "|".join(re.escape(h) for h in sorted({*AGENCY_HEADS, *COLLECTIVE_HEADS}, key=len, reverse=True)) + r")"
    r"(?=$|[\s,;:.()/-])"
)
# A head word followed by a lower-case ordinary word is not a name: "Ban hành", "Hội nghị", "Báo cáo",
# "Đoàn kết", "Tổ chức", "Bộ máy", "Trường hợp", "Thuế suất", "Vụ việc", "Quỹ đất", "Cơ quan" is fine.
_NOT_A_NAME = re.compile(
    r"^(?:Ban hành|Ban đầu|Bảo hiểm y tế|Báo cáo|Báo chí|Hội nghị|Hội thảo|Hội nhập|Hội viên|Đoàn kết|Đoàn viên|"
    r"Tổ chức|Tổ quốc|Bộ máy|Bộ phận|Bộ luật|Bộ tiêu chí|Bộ chỉ số|Trường hợp|Thuế suất|Vụ việc|Quỹ đất|Đài tưởng niệm|"
    r"Lực lượng vũ trang|Viện trợ|Sở hữu|Sở dĩ|Phòng, chống|Phòng chống|Phòng ngừa|Phòng cháy|Trung tâm hành chính|"
    r"Thủ tướng Chính phủ quyết định|Thường trực tiếp|Hải quan hệ|Cơ quan hệ|Công ty hoá)(?!\w)"
)


def is_agency_name(text: str) -> bool:
    """Does the text begin with an agency name as printed ("Sở Tư pháp", "Ban Tuyên giáo Tỉnh ủy", "các sở,
    ngành liên quan")? Compared on accented text: "Số lượng", "Bảo trì" and "Ban hành" are not agencies."""
    text = text.strip().lstrip("-–•+ ").strip()
    if not text or _NOT_A_NAME.match(text):
        return False
    return bool(_HEAD_RE.match(text))


# ---------------------------------------------------------------- signatures

# Authority before a signer's title (Nghị định 30/2020, Điều 13; Hướng dẫn 36): thay mặt, ký thay,
# thừa lệnh, thừa ủy quyền, quyền.
SIGNATURE_AUTHORITY = re.compile(r"^(?:T/M|TM\.?|T\.M\.|KT\.?|K/T|TL\.?|T/L|TUQ\.?|Q\.)\s*(?=\S)")


# ------------------------------------------------------------------ measures
# What a quantity is counted in, as questions ask it ("bao nhiêu tiền", "mấy mét") and as documents print it after
# the number ("15 triệu đồng", "9,5m", "13h30"): folded measure word → folded forms that may follow a number.
# A measure not listed here is printed as asked ("04 cuộc", "400 hộ").
MEASURE_FORMS: dict[str, tuple[str, ...]] = {
    "tien": ("dong", "vnd", "trieu", "ty", "nghin", "ngan"),
    "dong": ("dong", "vnd", "trieu dong", "ty dong", "nghin dong"),
    "met": ("m", "met"),
    "m": ("m", "met"),
    "km": ("km", "ki lo met", "kilomet"),
    "m2": ("m2", "met vuong"),
    "ha": ("ha", "hecta", "hec ta"),
    "phan tram": ("%", "phan tram"),
    "%": ("%", "phan tram"),
    "gio": ("h", "gio"),
    "tan": ("tan",),
    "ty": ("ty",),
    "trieu": ("trieu",),
}
# Words after "bao nhiêu" that are no measure: the quantity is a bare number ("bao nhiêu mỗi hộ", "bao nhiêu?").
NOT_MEASURES = frozenset(
    "moi cho de trong thi la va voi theo o tai khi ma nhu vay the nua roi a ha chu nhi".split()  # noqa: SIM905
)
# Measure words "may" stands for "mấy" before, when typed without marks ("may ho", "may lan"); elsewhere
# unmarked "may" is as likely "máy" ("nhà máy", "máy móc").
_COUNTED = (
    "ho lan tang met m ngay thang nam gio phut nguoi cuoc muc lop khoa dot buoc nhom loai diem xa huyen tinh "
    "phan tram ty trieu nghin chuc cai chiec van ban ke hoach"
)
COUNTED_WORDS = frozenset(_COUNTED.split())
# Number words, with their marks (passages are printed with them): "một lần", "hai tầng".
NUMBER_WORDS = frozenset("một hai ba bốn năm sáu bảy tám chín mười trăm nghìn ngàn triệu tỷ tỉ".split())  # noqa: SIM905
