"""Questions about the documents themselves, answered from their metadata: greetings and "what can you do", lists
and counts of documents by type, issuer, province, year and topic ("các kế hoạch năm 2024 của UBND tỉnh", "có
bao nhiêu văn bản về chuyển đổi số"). Every document listed is cited by the line that states its number (or its
first line), verbatim."""

from __future__ import annotations

import re

from .answer import Answer, Citation, make_citation, render_reply
from .models import Document
from .question import Intent, Question, content_tokens
from .quotes import QuoteChecker
from .vietnamese import ascii_fold, fold, index_tokens

MAX_LISTED = 20
MAX_CITED = 8

GUIDE = (
    "Xin chào! Tôi trả lời câu hỏi về các văn bản trong kho (nghị quyết, kế hoạch, chương trình, chỉ thị, kết luận, "
    "quyết định, công văn…), trả lời trước rồi trích dẫn nguyên văn kèm số, ngày, cơ quan ban hành và mục.\n"
    "Ví dụ:\n"
    "- Ai chủ trì việc … theo Kế hoạch 78/KH-UBND?\n"
    "- Sở Tư pháp được giao những nhiệm vụ gì?\n"
    "- Thời hạn hoàn thành việc … là khi nào?\n"
    "- Nghị quyết về chuyển đổi số số mấy, ai ký?\n"
    "- Các kế hoạch năm 2024 của UBND tỉnh; có bao nhiêu văn bản về …?\n"
    "- Văn bản nào triển khai Nghị quyết 43?"
)


class DocumentAnswers:
    def __init__(self, documents: dict[str, Document], checker: QuoteChecker) -> None:
        self.documents = documents
        self.checker = checker

    def answer(self, question: Question) -> Answer | None:
        if question.intent in (Intent.GREETING, Intent.HELP):
            return _plain(question, GUIDE)
        if question.intent in (Intent.DOC_LIST, Intent.DOC_COUNT):
            return self._listing(question)
        return None

    def _listing(self, question: Question) -> Answer:
        docs = [d for d in self.documents.values() if _fits(question, d)]
        docs.sort(key=lambda d: (d.meta.date.isoformat() if d.meta.date else "", d.meta.number or ""), reverse=True)
        what = _description(question)
        if not docs:
            return _plain(question, f"Không có {what} nào trong kho văn bản hiện có.", found=False)
        lines = [f"Có {len(docs)} {what} trong kho:"]
        lines += [
            f"- {d.meta.display_name}" + (f": {d.meta.title}" if d.meta.title and d.meta.number else "")
            for d in docs[:MAX_LISTED]
        ]
        if len(docs) > MAX_LISTED:
            lines.append(f"… và {len(docs) - MAX_LISTED} văn bản khác.")
        citations = [c for c in (self._cite(d) for d in docs[:MAX_CITED]) if c is not None]
        direct = "\n".join(lines)
        return Answer(
            question=question.text, found=True, intent=question.intent.value, direct=direct,
            answer=render_reply(direct, citations), citations=citations, confidence=1.0,
        )  # fmt: skip

    def _cite(self, doc: Document) -> Citation | None:
        m = doc.meta
        candidates = [m.number_evidence, m.title, *(p for s in doc.sections[:1] for p in s.passages[:1])]
        quote = next((v for c in candidates if c and (v := self.checker.verbatim(c, m.source))), None)
        return make_citation(m, [], "phần đầu văn bản", quote) if quote else None


def _fits(question: Question, doc: Document) -> bool:
    c = question.constraints
    m = doc.meta
    if c.doc_types and not any(fold(m.doc_type).startswith(fold(t)) for t in c.doc_types):
        return False
    if c.provinces and (m.province or "") not in c.provinces:
        return False
    # a document's year is its date's; only an undated one is placed by the years its title names
    year_known = m.date.year in c.years if m.date else any(str(y) in m.title for y in c.years)
    if c.years and not year_known:
        return False
    issuer = ascii_fold(m.issuer)
    if c.bodies and not any(ascii_fold(b) in issuer for b in c.bodies):
        return False
    topic = _topic(question)
    if topic:
        have = set(index_tokens(f"{m.title} {m.doc_type}"))
        return len(topic & have) >= max(1, (2 * len(topic)) // 3)
    return True


_LIST_WORDS = frozenset(
    [
        "danh",
        "sach",
        "liet",
        "ke",
        "cac",
        "nhung",
        "van",
        "ban",
        "nghi",
        "quyet",
        "ke",
        "hoach",
        "chuong",
        "trinh",
        "chi",
        "thi",
        "ket",
        "luan",
        "quyet",
        "dinh",
        "cong",
        "van",
        "de",
        "an",
        "bao",
        "cao",
        "so",
        "luong",
        "bao",
        "nhieu",
        "tinh",
        "thanh",
        "pho",
        "nam",
        "cua",
        "ban",
        "hanh",
        "trong",
        "kho",
        "he",
        "thong",
        "hanh",
        "dong",
        "uy",
        "ban",
        "nhan",
        "dan",
        "ban",
        "thuong",
        "vu",
        "tinh",
        "uy",
        "chap",
        "hanh",
        "dang",
        "bo",
        "hoi",
        "dong",
        "so",
    ]
)


def _topic(question: Question) -> set[str]:
    """The topic words of a list question ("về chuyển đổi số"): its content words that name no type, place,
    year or issuer."""
    tokens, _ = content_tokens(question)
    words = {t for t in tokens if "_" not in t and ascii_fold(t) not in _LIST_WORDS and not t.isdigit()}
    places = {ascii_fold(w) for p in question.constraints.provinces for w in p.split()}
    words = {w for w in words if ascii_fold(w) not in places}
    about = set(index_tokens(_about(question)))
    return {w for w in words if w in about}


_ABOUT = re.compile(r"(?<!\w)(?:ve|lien quan (?:den|toi)|linh vuc)\s+(.+?)[\s?.!]*$")


def _about(question: Question) -> str:
    """The topic as typed ("chuyển đổi số" of "các kế hoạch về chuyển đổi số?"); folding keeps positions."""
    m = _ABOUT.search(question.folded)
    return question.text[m.start(1) : m.end(1)] if m else ""


def _description(question: Question) -> str:
    """ "chỉ thị năm 2021", "văn bản của Ban Thường vụ về chuyển đổi số": what was asked for, as a noun phrase."""
    c = question.constraints
    parts = [", ".join(t.lower() for t in c.doc_types) if c.doc_types else "văn bản"]
    if c.bodies:
        parts.append("của " + ", ".join(c.bodies))
    if c.provinces:
        parts.append("của/về " + ", ".join(c.provinces))
    if c.years:
        parts.append("năm " + ", ".join(str(y) for y in c.years))
    if about := _about(question):
        parts.append(f"về {about}")
    return " ".join(parts)


def _plain(question: Question, text: str, found: bool = True) -> Answer:
    return Answer(question=question.text, found=found, intent=question.intent.value, direct=text, answer=text)
