"""A document's metadata — number, type, date, issuer, title, signer — from every place that states it.

The header states them first (Nghị định 30/2020, Hướng dẫn 36). Where it is blank (an unsigned draft: "Số:
/KH-UBND", "ngày … tháng 8 năm 2026"), cut off by OCR or dropped by a booklet's compiler, the other places
that state the same facts fill in, in this order: the "(Kèm theo … số … ngày …)" caption of an attached text,
a booklet's table of contents, the opening sentence ("Ngày 13/7/2022, Ban Chấp hành … họp"), the signature
("TM. ỦY BAN NHÂN DÂN"), the number's own codes ("…/KH-UBND"), and finally the body's own words ("Ủy ban
nhân dân thành phố yêu cầu …"). Nothing is invented: a fact no place states stays empty.
"""

from __future__ import annotations

import re
from datetime import date

from . import vocabulary
from .envelope import Envelope, Part
from .header import Signature, is_uppercase, place_of, read_date, sentence_case, with_place
from .models import DocumentMeta
from .toc import TocEntry, match_entry
from .vietnamese import ascii_fold, fold, format_date, main_province, parse_date, parse_doc_number, retone

_OPENING_DATE = re.compile(r"^(?:Ngày|Hôm nay, ngày)\s+\d")
_ISSUING_VERB = re.compile(
    r"(((?:Ủy|Uỷ) ban nhân dân (?:tỉnh|thành phố|Thành phố|huyện|quận)(?: [A-ZĐÀ-Ỹ][\w]*){0,4}|UBND (?:tỉnh|thành phố|"
    r"Thành phố|huyện)(?: [A-ZĐÀ-Ỹ][\w]*){0,4}|Bộ [A-ZĐÀ-Ỹ][\w]*(?: (?:và|,)? ?[A-ZĐÀ-Ỹa-zà-ỹđ][\w]*){0,5}?|"
    r"Sở [A-ZĐÀ-Ỹ][\w]*(?: [\wà-ỹ]+){0,5}?|Ban Thường vụ (?:Tỉnh|Thành) (?:ủy|uỷ)|Tỉnh (?:ủy|uỷ)|Thành (?:ủy|uỷ))"
    r"(?: [A-ZĐÀ-Ỹ][\w]*){0,3})\s+(?:yêu cầu|chỉ thị|ban hành|xây dựng Kế hoạch|đề nghị|giao|quyết định)"
)


_ADDRESSES_DEPARTMENTS = re.compile(
    r"(?i)(?:yêu cầu|đề nghị)\s+(?:Thủ trưởng|Giám đốc|Chủ tịch (?:Ủy|Uỷ) ban nhân dân|(?:Ủy|Uỷ) ban nhân dân) các\s+"
    r"(?:sở|quận|huyện|xã)"
)


def document_meta(env: Envelope, signature: Signature, source: str, toc: list[TocEntry], body: str) -> DocumentMeta:
    header = env.header
    caption = _caption(env.parts)
    meta = DocumentMeta(
        id="",
        number=header.number,
        doc_type=header.doc_type or vocabulary.GENERIC_TYPE,
        date=header.date,
        title=_title(header.title, header.doc_type),
        signer=signature.signer,
        signer_title=signature.signer_title,
        source=source,
        number_evidence=header.number_evidence if header.number else "",
        date_text=header.date_text,
    )
    if not meta.number and caption:
        _from_caption(meta, caption, header.number_code)
    if not meta.date and not header.place:
        # a header with a place and a blank date ("ngày … tháng 4 năm 2026") is an unsigned draft: no date
        meta.date = _date_from_opening(env) or _date_from_caption(caption)
    entry = match_entry(toc, meta.number, meta.title)
    _cross_check(meta, entry)
    province = main_province(" ".join(line.text for line in env.lines[:10]) + "\n" + body[:20000])
    meta.province = province
    meta.issuer = _issuer(env, signature, entry, province, meta.number, body)
    return meta


# ---------------------------------------------------------------- title


# Names a title in capitals keeps capitalised: bodies, ministries and departments by their field, provinces
_TITLE_PROPER_NAMES = (
    "Hội nghị", "Ban Chấp hành", "Đảng bộ", "Ban Thường vụ", "Tỉnh ủy", "Trung ương", "Chính phủ", "Nghị định",
    "Quyết định", "Nghị quyết", "Chỉ thị", "Việt Nam", "Quốc hội", "Thủ tướng", "Bộ Chính trị",
    *sorted({f"{head} {field}" for field in vocabulary.DEPARTMENTS for head in ("Bộ", "Sở")}),
    *(f"{place} {name}" for name in vocabulary.PROVINCES for place in ("tỉnh", "thành phố")),
)  # fmt: skip
# Roman numerals that are also syllables ("PHẠM VI", "XI MĂNG") are numerals only after a numbering word
_ROMAN_SYLLABLES = frozenset({"VI", "XI", "LI"})
_NUMBERING_WORDS = frozenset({"khoa", "thu", "luc", "muc", "phan", "chuong", "quy", "so", "lan", "ky"})


def _roman_syllable(word: str, before: list[str]) -> bool:
    return word in _ROMAN_SYLLABLES and not (before and ascii_fold(before[-1]) in _NUMBERING_WORDS)


def _title(title: str, doc_type: str | None) -> str:
    """Trích yếu as printed; a title in capitals in sentence case (proper names kept)."""
    title = re.sub(r"\s+", " ", title).strip().strip("*").strip()
    if not title:
        return ""
    if is_uppercase(title):
        words: list[str] = []
        for word in title.split():
            kept = re.fullmatch(r"[IVXL]+\)?|\(?[IVXL]+\)?|\d.*|[A-ZĐ]+[-/][\w/-]+", word) and not _roman_syllable(word, words)
            words.append(word if kept else word.lower())
        title = retone(" ".join(words))
        for proper in _TITLE_PROPER_NAMES:
            title = re.sub(rf"(?<!\w){re.escape(proper.lower())}(?!\w)", proper, title)
        if doc_type and ascii_fold(title).startswith("hoi nghi"):
            return f"{doc_type} {title}"
    return title[:1].upper() + title[1:]


# ---------------------------------------------------------------- number and date from other places


def _caption(parts: list[Part]) -> str:
    for part in parts:
        for line in part.heading:
            if re.search(r"k[èe]m\s+theo", line.text, re.IGNORECASE):
                return line.text
    return ""


def _from_caption(meta: DocumentMeta, caption: str, code: str | None) -> None:
    """ "(Ban hành kèm theo Quyết định số 11 /2026/QĐ-UBND ngày 29tháng 01 năm 2026 …)": the number of the
    document the attached text belongs to, when it is of this document's type."""
    found = parse_doc_number(caption)
    if found is None:
        return
    if code and found.code and found.code.casefold() != code.casefold():
        return
    if meta.doc_type != vocabulary.GENERIC_TYPE and found.doc_type and found.doc_type != meta.doc_type:
        return
    meta.number, meta.number_evidence = found.raw, caption.strip()
    if meta.doc_type == vocabulary.GENERIC_TYPE and found.doc_type:
        meta.doc_type = found.doc_type


def _date_from_caption(caption: str) -> date | None:
    if not caption:
        return None
    found = parse_doc_number(caption)
    text = caption[caption.find(found.raw.split("/")[0]) :] if found else caption
    return read_date(text) or parse_date(text)


def _date_from_opening(env: Envelope) -> date | None:
    """A conclusion without a dated header: "Ngày 13/7/2022, Ban Chấp hành Đảng bộ tỉnh ... họp"."""
    for line in env.body[:3]:
        if _OPENING_DATE.match(line.text):
            return parse_date(line.text)
    return None


def _cross_check(meta: DocumentMeta, entry: TocEntry | None) -> None:
    """The booklet's table of contents fills what the document lacks and flags disagreements."""
    if entry is None:
        return
    if not meta.number and entry.number:
        meta.number, meta.number_evidence = entry.number, entry.line
    if entry.date and meta.date != entry.date:
        if meta.date:
            meta.notes.append(
                f"date {format_date(meta.date)} in the document, {format_date(entry.date)} in the table of contents"
            )
        if not meta.number_evidence.startswith("Số") or not meta.date:
            meta.date = entry.date
    if not meta.title:
        meta.title = entry.title
    if meta.doc_type == vocabulary.GENERIC_TYPE and entry.doc_type:
        meta.doc_type = entry.doc_type


# ---------------------------------------------------------------- issuer


def _issuer(
    env: Envelope, signature: Signature, entry: TocEntry | None, province: str | None, number: str | None, body: str
) -> str:
    """The issuing body: the "CỦA …" line under the type name, the header's block, the signature's authority,
    the number's issuer code, the table of contents, the body's own words — with its place."""
    header = env.header
    conference = re.match(r"(?i)hội nghị\s+(.+?)(?:\s+lần thứ|\s*\(|$)", header.title)
    if conference and _body_name(conference.group(1)):
        # "Kết luận Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 10": the body that met concludes
        return _placed(_body_name(conference.group(1)), header.issuer, province)
    if header.issuer_line:
        name = _body_name(header.issuer_line)
        if name:
            return _placed(name, header.issuer or header.parent, province)
    if header.issuer:
        return header.issuer if place_of(header.issuer) else _placed(header.issuer, header.parent, province)
    for text in (signature.authority, entry.issuer_hint if entry else "", _code_body(number)):
        name = _body_name(text) if text else ""
        if name:
            return _placed(name, "", province)
    inferred = _ISSUING_VERB.search(body[:3000]) or _ISSUING_VERB.search(body[-3000:])
    if inferred:
        return _placed(retone(re.sub(r"^UBND\b", "Ủy ban nhân dân", inferred.group(1))), "", province)
    if _ADDRESSES_DEPARTMENTS.search(body[:5000]):
        # a directive to "Thủ trưởng các sở, ban, ngành; Chủ tịch UBND các quận, huyện" comes from the people's
        # committee above them
        level = "thành phố" if re.search(r"(?i)quận|thành phố", body[:5000]) else "tỉnh"
        return _placed(f"Ủy ban nhân dân {level}", "", province)
    return ""


def _body_name(text: str) -> str:
    """ "CỦA BAN THƯỜNG VỤ TỈNH ỦY" → "Ban Thường vụ Tỉnh ủy"; "TM. ỦY BAN NHÂN DÂN" → "Ủy ban nhân dân";
    "Ban Thường vụ Tỉnh ủy ban hành" (a table of contents' group) → "Ban Thường vụ Tỉnh ủy"."""
    text = re.sub(r"\(.*?\)", " ", text)
    text = vocabulary.SIGNATURE_AUTHORITY.sub("", text.strip())
    text = re.sub(r"^(?:CỦA|của|Của)\s+", "", text.strip())
    text = re.sub(r"\s+ban hành$", "", text.strip(), flags=re.IGNORECASE).strip(" ,.")
    key = ascii_fold(text)
    if not any(key.startswith(form) for form, _ in vocabulary.ISSUER_FORMS) and not vocabulary.is_agency_name(
        sentence_case(text)
    ):
        return ""
    # "CỦA TỈNH ỦY, BAN THƯỜNG VỤ TỈNH ỦY" names two bodies: the first issues
    text = text.split(",")[0].strip()
    return sentence_case(text) if is_uppercase(text) else text


def _code_body(number: str | None) -> str:
    parsed = parse_doc_number(number or "")
    if parsed is None:
        return ""
    code = parsed.issuer_code.split("-")[0]
    return vocabulary.ISSUER_CODES.get(code, "")


def _placed(name: str, above: str, province: str | None) -> str:
    """The body with its place: from the block above it, or the province the document speaks of."""
    if place_of(name):
        return name
    if above and place_of(above):
        return with_place(name, above)
    if not province:
        return name
    key = fold(name)
    if key.endswith(("tỉnh ủy", "tỉnh uỷ", "thành ủy", "thành uỷ")) or re.search(r"(?<!\w)(tỉnh|thành phố)$", key):
        return f"{name} {province}"
    if key.startswith(("ủy ban nhân dân", "uỷ ban nhân dân", "hội đồng nhân dân", "ban chấp hành đảng bộ")):
        return f"{name} tỉnh {province}" if province not in ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế") else f"{name} Thành phố {province}"
    if key.startswith(("sở ", "ban ", "đảng ủy", "đảng uỷ")) and not key.startswith(("ban chấp hành trung", "ban bí thư")):
        return f"{name} tỉnh {province}"
    return name
