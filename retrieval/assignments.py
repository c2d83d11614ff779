"""Who does what: assignments read from tables, from agency headings and from "X chủ trì, phối hợp với Y".

The forms the documents use, all of them rules of the genre rather than of one document:

- a table row: its lead ("chủ trì") and cooperating ("phối hợp") cells and its deadline cell; an empty lead cell
  under a merged cell inherits the row above; a group row that names an agency leads its rows;
- an item headed by an agency ("3.1.1. Sở Thông tin và Truyền thông", "1. Bộ Kế hoạch và Đầu tư:",
  "Điều 31. Trách nhiệm của Bộ Tài nguyên và Môi trường"): its text and every item under it are that agency's
  tasks, and a subjectless "Chủ trì, phối hợp với …" under it has that agency as subject;
- a sentence: "Giao Sở X chủ trì, phối hợp với Sở Y …", "Sở X chủ trì …", "Sở X phối hợp với …", "Giao Sở X …",
  "Sở X có trách nhiệm / chịu trách nhiệm …", "Trách nhiệm chỉ đạo thực hiện: X";
- an opening: "Ban Tổ chức Tỉnh ủy theo dõi, đôn đốc …" (the agency, then the task; no "chủ trì").
"""

from __future__ import annotations

import re

from . import vocabulary
from .agencies import (
    MAX_AGENCY_CHARS,
    agency_names,
    cut_at_verb,
    is_agency,
    leading_agencies,
    split_agencies,
    title_case_agency,
)
from .layout import BULLET_RE
from .models import Assignment, Section, Table, TableRow

_DEADLINE_RE = re.compile(
    r"(?:(?:hoàn thành|xong|thực hiện|báo cáo|trình|gửi)\s+)?(?:trước|trong|vào|đến|từ|chậm nhất|hạn chót)\s+"
    r"(?:ngày\s+\d{1,2}(?:/\d{1,2}(?:/\d{4})?|\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?)|tháng\s+\d{1,2}/\d{4}"
    r"|quý\s+[IV]+(?:/\d{4}|\s+năm\s+\d{4})?|năm\s+\d{4}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\s+hằng tháng|ngày\s+\d{1,2}\s+hằng tháng)",
    re.IGNORECASE,
)
_LEAD_RE = re.compile(r"chủ trì(?:\s+tham mưu)?\s*,?\s*", re.IGNORECASE)
_COOP_RE = re.compile(r"phối hợp(?:\s+chặt chẽ)?(?:\s+với)?\s+", re.IGNORECASE)
_NO_SUBJECT = re.compile(r"^(?:Chủ trì|Phối hợp|Chủ động|Tham mưu|Hướng dẫn)\b")
# a legal text's time limit opens its sentence: "Trong thời hạn 07 ngày làm việc kể từ ngày nhận …, "
_TIME_OPENING = re.compile(r"^(?:Trong (?:thời hạn|thời gian|vòng)|Chậm nhất|Sau|Trước)\s")
_MAX_TIME_CLAUSE = 200
_GIVE_RE = re.compile(r"^(?:Giao(?:\s+cho)?|Đề nghị|Yêu cầu|Chỉ đạo)\s+", re.IGNORECASE)
_RESPONSIBLE_RE = re.compile(r"\s+(?:có trách nhiệm|chịu trách nhiệm|là cơ quan (?:đầu mối|thường trực|chủ trì))\b")
_DUTY_TAIL = re.compile(r"\s+(?:có|chịu|thực hiện)\s+(?:các\s+)?(?:nhiệm vụ|trách nhiệm)(?:\s+(?:sau|như sau|sau đây|cụ thể))?\s*$")
# "Sở Lao động - Thương binh và Xã hội - thường trực kế hoạch:": the role is no part of the name
_ROLE_TAIL = re.compile(rf"\s+[-–,]\s*(?:là\s+)?(?:cơ quan\s+)?(?:{'|'.join(vocabulary.LEAD_ROLES)})\b.*$", re.IGNORECASE)
_DUTY_HEADING = re.compile(r"^(?:Trách nhiệm|Nhiệm vụ|Trách nhiệm và quyền hạn)(?: của)?\s+", re.IGNORECASE)
_DUTY_LINE = re.compile(r"^Trách nhiệm(?: chỉ đạo)?(?: thực hiện| chủ trì)?\s*:\s*(.+?)\.?$", re.IGNORECASE)
_GROUP_RE = re.compile(r"^([IVX]+|[A-H])\s*[-.–]?\s+(.+)$")


def find_deadline(text: str) -> str | None:
    m = _DEADLINE_RE.search(text)
    return m.group(0).strip() if m else None


# ---------------------------------------------------------------- tables


def from_table(table: Table) -> list[Assignment]:
    out = []
    for row in table.rows:
        lead = _row_leads(row)
        if not lead:
            continue
        cooperating = agency_names(row.cooperating) or (split_agencies(row.cooperating) if row.cooperating else [])
        out.append(
            Assignment(
                task=row.content,
                lead=lead,
                cooperating=cooperating or _sentence_cooperating(row.content),
                deadline=row.deadline or find_deadline(row.content),
                path=row.path,
                origin="table",
                quote=row.lines[0],
            )
        )
    return out


def _row_leads(row: TableRow) -> list[str]:
    if row.lead:
        names = split_agencies(row.lead)
        return [n for n in names if len(n) <= MAX_AGENCY_CHARS] or names[:1]
    if row.group:
        m = _GROUP_RE.match(row.group)
        name = m.group(2) if m else row.group
        if is_agency(name):
            return [title_case_agency(name)]
    return []


def _sentence_cooperating(text: str) -> list[str]:
    m = _COOP_RE.search(text)
    return leading_agencies(text[m.end() :]) if m else []


# ---------------------------------------------------------------- sections


def from_sections(sections: list[Section]) -> list[Assignment]:
    out: list[Assignment] = []
    for root in sections:
        _walk(root, [], out)
    return out


def _walk(section: Section, owners: list[str], out: list[Assignment]) -> None:
    """Assignments of the section and of everything under it; ``owners`` is the agency an enclosing heading
    names, the subject of what is written under it."""
    own = _heading_agency(section)
    found = _from_section(section, own or owners)
    out.extend(found)
    for child in section.children:
        _walk(child, own or owners, out)


def _heading_agency(section: Section) -> list[str]:
    """The agencies an item's heading names: "Sở Thông tin và Truyền thông", "Bộ Kế hoạch và Đầu tư:",
    "Trách nhiệm của Bộ Tài nguyên và Môi trường", "UBND các xã, phường:"."""
    if not section.label or section.kind in ("attachment", "appendix"):
        return []
    heading = _DUTY_HEADING.sub("", section.heading.strip().rstrip(":").strip())
    # "Giao Sở Nội vụ có nhiệm vụ:", "UBND các huyện có trách nhiệm như sau:": the agency owns what follows
    heading = _DUTY_TAIL.sub("", _GIVE_RE.sub("", heading)) if section.heading.rstrip().endswith(":") else heading
    heading = _ROLE_TAIL.sub("", heading)
    if not heading or len(heading) > 160 or not is_agency(heading):
        return []
    subject, task = cut_at_verb(heading)
    if task:
        return []
    return [n for n in split_agencies(subject) if len(n) <= MAX_AGENCY_CHARS]


def _from_section(section: Section, owners: list[str]) -> list[Assignment]:
    heading_lead = _heading_agency(section)
    out: list[Assignment] = []
    body = [p for p in section.paragraphs if p]
    if heading_lead and (body or section.children):
        task = " ".join(body) or "; ".join(c.heading for c in section.children)
        out.append(
            Assignment(
                task=task,
                lead=heading_lead,
                cooperating=_sentence_cooperating(task),
                deadline=find_deadline(task),
                path=section.path,
                origin="heading",
                quote=body[0] if body else section.passages[0],
            )
        )
        texts = body
    else:
        texts = [section.heading, *body]
        # "1. Giám đốc các sở; Thủ trưởng các ban, ngành; Chủ tịch UBND huyện … căn cứ Kế hoạch này, xây dựng …":
        # a list of those who act, separated by semicolons, opens the item: read it whole
        # (a semicolon after the verb ends a clause: "Sở X chủ trì … theo Điều 4; có văn bản báo cáo …" is a sentence)
        listed = ";" in cut_at_verb(_after_time_clause(section.heading))[0][:200]
        whole = _from_opening(section.heading, section.path) if listed else None
        if whole is not None:
            whole.deadline = whole.deadline or find_deadline(section.text)
            out.append(whole)
            texts = body
    for paragraph in texts:
        for sentence in _sentences(paragraph):
            found = _from_text(sentence, section, owners, out)
            if found is not None:
                out.append(found)
    if not out and owners and section.label and not heading_lead:
        # "a) Hướng dẫn, xử lý đối với các CCN …" under "2. Bộ Công Thương:": the owner does it
        text = section.text
        out.append(
            Assignment(
                task=section.heading or text,
                lead=list(owners),
                cooperating=_sentence_cooperating(text),
                deadline=find_deadline(text),
                path=section.path,
                origin="heading",
                quote=section.passages[0],
            )
        )
    return out


def _from_text(sentence: str, section: Section, owners: list[str], found: list[Assignment]) -> Assignment | None:
    path = section.path
    duty = _DUTY_LINE.match(sentence)
    if duty and agency_names(duty.group(1)):
        return Assignment(
            task=section.heading or sentence, lead=agency_names(duty.group(1)), path=path, origin="sentence",
            quote=sentence, deadline=find_deadline(section.text),
        )  # fmt: skip
    bare = BULLET_RE.sub("", sentence)
    if _NO_SUBJECT.match(bare):
        # "Chủ trì, phối hợp với …" without a subject (a bullet's too): the agency named just before, or the owner
        subject = found[-1].lead if found else owners
        if not subject:
            return None
        made = _from_sentence(f"{'; '.join(subject)} {bare[:1].lower()}{bare[1:]}", path)
        if made is not None:
            made.quote = sentence
        return made
    made = _from_sentence(_after_time_clause(sentence), path)
    if made is not None:
        made.quote = sentence
    if made is None and section.label:
        made = _from_responsible(sentence, path) or _from_opening(sentence, path)
    return made


def _from_responsible(sentence: str, path: list[str]) -> Assignment | None:
    """ "Sở Tài chính có trách nhiệm bố trí kinh phí …", "Giao Sở Y tế hướng dẫn …"."""
    text = _GIVE_RE.sub("", sentence)
    m = _RESPONSIBLE_RE.search(text)
    subject = text[: m.start()] if m else (cut_at_verb(text)[0] if _GIVE_RE.match(sentence) else "")
    if not subject or len(subject) > MAX_AGENCY_CHARS or not is_agency(subject):
        return None
    task = text[m.end() :] if m else text[len(subject) :]
    return Assignment(
        task=task.strip(" ,:") or sentence,
        lead=split_agencies(subject),
        cooperating=_sentence_cooperating(task),
        deadline=find_deadline(sentence),
        path=path,
        origin="sentence",
        quote=sentence,
    )


def _from_opening(sentence: str, path: list[str]) -> Assignment | None:
    """ "Ban Tổ chức Tỉnh ủy theo dõi, đôn đốc ...": a sentence that opens with the agency that does it, after
    the time it is given, if any ("Trong thời hạn 25 ngày kể từ …, Sở Công Thương hoàn thành thẩm định")."""
    clause = _after_time_clause(sentence)
    if not is_agency(clause):
        return None
    subject, task = cut_at_verb(clause)
    if not task or len(subject) > MAX_AGENCY_CHARS:
        return None
    return Assignment(
        task=task,
        lead=split_agencies(subject),
        cooperating=_sentence_cooperating(task),
        deadline=find_deadline(sentence),
        path=path,
        origin="opening",
        quote=sentence,
    )


def _after_time_clause(sentence: str) -> str:
    """What follows an opening time limit, at the first comma an agency follows (the clause has commas of its own:
    "Trong thời hạn 25 ngày kể từ ngày nhận hồ sơ thành lập, mở rộng cụm công nghiệp, Sở Công Thương …")."""
    if not _TIME_OPENING.match(sentence):
        return sentence
    for comma in re.finditer(r",\s+", sentence[:_MAX_TIME_CLAUSE]):
        rest = sentence[comma.end() :]
        if is_agency(rest) and cut_at_verb(rest)[1]:
            return rest
    return sentence


def _sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ])", paragraph) if s.strip()]


def _from_sentence(sentence: str, path: list[str]) -> Assignment | None:
    """ "Giao Sở Kế hoạch và Đầu tư chủ trì, phối hợp với ... theo dõi ..." and "Ban X phối hợp với Y ..."."""
    lead_m = _LEAD_RE.search(sentence)
    coop_m = _COOP_RE.search(sentence)
    if lead_m:
        subject = _GIVE_RE.sub("", sentence[: lead_m.start()]).strip(" ,")
        rest = sentence[lead_m.end() :]
    elif coop_m:
        subject = _GIVE_RE.sub("", sentence[: coop_m.start()]).strip(" ,")
        rest = sentence[coop_m.start() :]
    else:
        return None
    subject = re.sub(r"^[-–+•]\s*", "", subject)
    if not subject or len(subject) > 200 or not is_agency(subject):
        return None
    lead = [n for n in split_agencies(subject) if len(n) <= MAX_AGENCY_CHARS]
    if not lead:
        return None
    cooperating: list[str] = []
    task = rest
    m = _COOP_RE.match(rest)
    if m:
        cooperating = leading_agencies(rest[m.end() :])
        task = cut_at_verb(rest[m.end() :])[1] or rest
    return Assignment(
        task=task.strip() or sentence,
        lead=lead,
        cooperating=cooperating,
        deadline=find_deadline(sentence),
        path=path,
        origin="sentence",
        quote=sentence,
    )
