"""Who does what: assignments read from tables, from agency headings and from "X chủ trì, phối hợp với Y"."""

from __future__ import annotations

import re

from .agencies import cut_at_verb, is_agency, split_agencies, title_case_agency
from .models import Assignment, Section, Table, TableRow
from .tables import _GROUP_RE

_DEADLINE_RE = re.compile(
    r"(?:(?:hoàn thành|xong|thực hiện|báo cáo|trình)\s+)?(?:trước|trong|vào|đến|từ)\s+"
    r"(?:ngày\s+\d{1,2}/\d{1,2}/\d{4}|tháng\s+\d{1,2}/\d{4}|quý\s+[IV]+(?:/\d{4}|\s+năm\s+\d{4})?|năm\s+\d{4}"
    r"|\d{1,2}/\d{1,2}/\d{4})",
    re.IGNORECASE,
)
_LEAD_RE = re.compile(r"chủ trì(?:\s+tham mưu)?\s*,?\s*", re.IGNORECASE)
_COOP_RE = re.compile(r"phối hợp(?:\s+chặt chẽ)?(?:\s+với)?\s+", re.IGNORECASE)
_NO_SUBJECT = re.compile(r"^(?:Chủ trì|Phối hợp)\b")
_GIVE_RE = re.compile(r"^(?:Giao(?:\s+cho)?|Đề nghị|Yêu cầu)\s+", re.IGNORECASE)


def find_deadline(text: str) -> str | None:
    m = _DEADLINE_RE.search(text)
    return m.group(0).strip() if m else None


def from_table(table: Table) -> list[Assignment]:
    out = []
    for row in table.rows:
        lead = _row_leads(row)
        if not lead:
            continue
        cooperating = split_agencies(row.cooperating) if row.cooperating else _sentence_cooperating(row.content)
        out.append(
            Assignment(
                task=row.content,
                lead=lead,
                cooperating=cooperating,
                deadline=row.deadline or find_deadline(row.content),
                path=row.path,
                origin="table",
                quote=row.lines[0],
            )
        )
    return out


def _row_leads(row: TableRow) -> list[str]:
    if row.lead:
        return split_agencies(row.lead)
    if row.group:
        m = _GROUP_RE.match(row.group)
        name = m.group(2) if m else row.group
        if is_agency(name):
            return [title_case_agency(name)]
    return []


def _sentence_cooperating(text: str) -> list[str]:
    m = _COOP_RE.search(text)
    if not m:
        return []
    agencies, _ = cut_at_verb(text[m.end() :])
    return [a for a in split_agencies(agencies) if is_agency(a)]


def from_sections(sections: list[Section]) -> list[Assignment]:
    out: list[Assignment] = []
    for root in sections:
        for section in root.walk():
            out.extend(_from_section(section))
    return out


def _from_section(section: Section) -> list[Assignment]:
    heading = section.heading.strip().rstrip(":")
    if section.label and heading and is_agency(heading) and len(heading) < 160 and not cut_at_verb(heading)[1]:
        # "3.1.1. Sở Thông tin và Truyền thông" followed by that agency's tasks
        body = " ".join(section.paragraphs)
        if body:
            return [
                Assignment(
                    task=body,
                    lead=split_agencies(heading),
                    cooperating=_sentence_cooperating(body),
                    deadline=find_deadline(body),
                    path=section.path,
                    origin="heading",
                    quote=section.paragraphs[0],
                )
            ]
    out: list[Assignment] = []
    for paragraph in [section.heading, *section.paragraphs]:
        for sentence in _sentences(paragraph):
            if out and _NO_SUBJECT.match(sentence):
                # "Chủ trì, phối hợp với Trường Chính trị tỉnh ...": the agency named before does this too
                sentence_with_subject = f"{'; '.join(out[-1].lead)} {sentence[:1].lower()}{sentence[1:]}"
                found = _from_sentence(sentence_with_subject, section.path)
                if found is not None:
                    found.quote = sentence
                    out.append(found)
                continue
            found = _from_sentence(sentence, section.path)
            if found is None and section.label:
                found = _from_opening(sentence, section.path)
            if found is not None:
                out.append(found)
    return out


def _from_opening(sentence: str, path: list[str]) -> Assignment | None:
    """"Ban Tổ chức Tỉnh ủy theo dõi, đôn đốc ...": a sentence that opens with the agency that does it."""
    if not is_agency(sentence):
        return None
    subject, task = cut_at_verb(sentence)
    if not task or len(subject) > 160:
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
    if not subject or len(subject) > 200 or not is_agency(subject):
        return None
    cooperating: list[str] = []
    task = rest
    m = _COOP_RE.match(rest)
    if m:
        agencies, task = cut_at_verb(rest[m.end() :])
        cooperating = split_agencies(agencies)
    return Assignment(
        task=task.strip() or sentence,
        lead=split_agencies(subject),
        cooperating=cooperating,
        deadline=find_deadline(sentence),
        path=path,
        origin="sentence",
        quote=sentence,
    )
