"""Extractive answers: the direct answer first, then each source cited with its passage quoted verbatim.

Citations are built from our metadata only. When nothing answers, the reply says so, cites nothing,
and names the closest documents.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from .agencies import agency_key
from .assignments import find_deadline
from .confidence import MIN_COVERAGE, AgencyNames, disagreements, speaks_of_other_years
from .effect_dates import asks_effect_date, find_effect_statement
from .facets import Facet, asked_facet, states_facet
from .layout import FOOTNOTE_RE
from .models import APPENDIX, ATTACHED_TYPES, Assignment, Document, DocumentMeta
from .question import QUESTION_WORDS, DocRef, Intent, Question
from .quotes import QuoteChecker
from .references import Resolution
from .search import Hit, SearchResult
from .vietnamese import ascii_fold, search_tokens

NOT_FOUND = "Không tìm thấy nội dung trả lời câu hỏi này trong các văn bản hiện có."
AGREEMENT_CANDIDATES = 5  # hits looked at for one that agrees with the question's constraints
AGREEMENT_SCORE = 0.5  # ... as long as they score this close to the best
MAX_CITATIONS = 3
CLOSE_SCORE = 0.85  # a hit this close to the best also answers (the same task in two programmes)
MAX_SHOWN_CHARS = 1800
MAX_AGENCY_ITEMS = 6


class Citation(BaseModel):
    doc_id: str
    doc_number: str | None
    doc_type: str
    doc_date: str | None
    issuer: str
    doc_title: str
    item: list[str]
    item_label: str
    quote: str
    passages: list[str] = Field(default_factory=list)  # the whole item as shown, each passage verbatim
    source: str

    @property
    def heading(self) -> str:
        """ "Chương trình hành động số 55-CTr/TU ngày 31/01/2024 của ... — Phụ lục, dòng 4"; an item of a text a
        decision issues is cited in it: "Quy chế ban hành kèm theo Quyết định số 16/2026/QĐ-UBND … — Điều 7"."""
        if self.item and self.item[0] in ATTACHED_TYPES:
            return f"{self.item[0]} ban hành kèm theo {self.display_name} — {self.item_label}"
        return f"{self.display_name} — {self.item_label}"

    @property
    def display_name(self) -> str:
        name = f"{self.doc_type} số {self.doc_number}" if self.doc_number else self.doc_title
        if self.doc_date:
            y, m, d = self.doc_date.split("-")
            name += f" ngày {d}/{m}/{y}"
        if self.issuer and self.doc_number:
            name += f" của {self.issuer}"
        return name


class AssignmentAnswer(BaseModel):
    lead: list[str] = Field(default_factory=list)
    cooperating: list[str] = Field(default_factory=list)
    deadline: str | None = None
    note: str | None = None  # e.g. the lead cell was empty and inherits from the row above


class Answer(BaseModel):
    question: str
    found: bool
    intent: str
    direct: str  # the direct answer line(s), before the sources
    answer: str  # the whole reply as plain text
    citations: list[Citation] = Field(default_factory=list)
    assignment: AssignmentAnswer | None = None
    suggestions: list[str] = Field(default_factory=list)
    confidence: float = 0.0  # coverage of the question by the cited item (1 when the question named it)
    latency_ms: float = 0.0


class Composer:
    def __init__(
        self, documents: dict[str, Document], checker: QuoteChecker, min_coverage: float = MIN_COVERAGE
    ) -> None:
        self.documents = documents
        self.checker = checker
        self.min_coverage = min_coverage  # below it a candidate is no answer (bench/calibrate.py sets 0 to see all)
        self.agencies = AgencyNames(documents)

    def compose(self, question: Question, result: SearchResult) -> Answer:
        resolution = result.resolution
        if resolution.missing:
            names = ", ".join(r.label for r in resolution.missing)
            return self._not_found(question, f"Không tìm thấy văn bản {names} trong kho văn bản hiện có.", [])
        absent = [r for r in [*resolution.cited_only, *(ref for ref, _ in resolution.via)] if not r.context]
        if absent and not _held_refs(question, resolution):
            stated = self._effect_stated(question, absent)
            if stated is not None:
                return stated
            # the document the question asks about is not in the corpus: its words cannot be read from the
            # documents that cite or implement it; those are offered, not quoted
            names = ", ".join(r.label for r in absent)
            message = f"Văn bản {names} không có trong kho văn bản hiện có."
            implementing = [d for _, docs in resolution.via for d in docs]
            if implementing:
                listed = "; ".join(self.documents[d].meta.display_name for d in dict.fromkeys(implementing))
                message += f" Văn bản thực hiện văn bản này: {listed}."
            return self._not_found(question, message, result.hits)
        hits = self._of_type_asked(question, result.hits)
        if not hits:
            return self._not_found(question, NOT_FOUND, hits)
        if question.intent == Intent.DOC_LOOKUP:
            if resolution.via:
                # the facts of a document the corpus does not hold cannot be read from those implementing it
                ref, docs = resolution.via[0]
                names = ", ".join(self.documents[d].meta.display_name for d in docs[:3])
                return self._not_found(
                    question, f"Văn bản {ref.label} không có trong kho (có văn bản thực hiện: {names}).", []
                )
            sure = resolution.doc_ids is not None
            confidence = 1.0 if sure else hits[0].coverage
            if confidence < self.min_coverage:
                return self._not_found(question, NOT_FOUND, hits, confidence)
            return self._doc_lookup(question, hits).model_copy(update={"confidence": confidence})
        agency_hits = self._agency_hits(question, hits) if question.intent == Intent.AGENCY_TASKS else None
        top = hits[0] if agency_hits else self._agreeing(question, hits)
        if top is None:
            return self._not_found(question, self._disagreement_message(question, hits[0]), hits)
        # an item named by its label, or an agency named among the document's assignees, is no guess
        confidence = 1.0 if top.direct or agency_hits else top.coverage
        if confidence < self.min_coverage:
            return self._not_found(question, NOT_FOUND, hits, confidence)
        if question.intent in (Intent.LEAD, Intent.COOPERATING, Intent.DEADLINE) and not top.direct:
            top = self._narrowed(question, top)
        ranked = [top, *[h for h in hits if h is not top]]
        chosen = agency_hits or self._choose(ranked)
        citations = [c for c in (self._cite(question, h) for h in chosen) if c is not None]
        if not citations:
            return self._not_found(question, "Không tìm thấy đoạn trích nguyên văn phù hợp.", hits)
        assignment = None
        lines: list[str] = []
        if self._tells_assignment(question, chosen[0]):
            assignment = self._assignment(question, chosen[0], citations[0])
            if _assignment_line(assignment):
                lines.append(_assignment_line(assignment))
        for ref, _ in resolution.via:
            lines.append(f"Văn bản {ref.label} không có trong kho; dưới đây là văn bản thực hiện văn bản đó.")
        if resolution.cited_only:
            names = ", ".join(r.label for r in resolution.cited_only)
            lines.append(f"Văn bản {names} không có trong kho; dưới đây là các văn bản có nhắc tới.")
        docs = {c.doc_id for c in citations}
        if len(docs) > 1:
            lines.append(f"Có {len(docs)} văn bản cùng đề cập nội dung này; trích dẫn từng văn bản dưới đây.")
        return _found(question, "\n".join(lines), citations, assignment).model_copy(update={"confidence": confidence})

    def _effect_stated(self, question: Question, absent: list[DocRef]) -> Answer | None:
        """ "Nghị định 180/2026/NĐ-CP có hiệu lực từ ngày nào?": a document that restates the date is quoted."""
        if not asks_effect_date(question.folded):
            return None
        for ref in absent:
            found = find_effect_statement(list(self.documents.values()), ref.number) if ref.number else None
            quote = self.checker.verbatim(found.paragraph, found.doc.meta.source) if found else None
            if found is not None and quote:
                citation = _citation(found.doc, found.path, quote, [quote], found.doc.meta.source)
                direct = f"Văn bản {ref.label} không có trong kho; văn bản dưới đây nêu ngày có hiệu lực của nó."
                return _found(question, direct, [citation]).model_copy(update={"confidence": 1.0})
        return None

    def _agreeing(self, question: Question, hits: list[Hit]) -> Hit | None:
        """The best hit that agrees with what the question pinned down (province, year, agency); a named item
        is taken as named."""
        if hits[0].direct:
            return hits[0]
        assignees = self.agencies.assignees(question)
        best = hits[0].score
        candidates = hits[:AGREEMENT_CANDIDATES]
        if question.constraints.years:
            # "chỉ tiêu năm 2025": not the passage under "Định hướng đến năm 2030", though its document's title
            # names 2025
            candidates = sorted(candidates, key=lambda h: speaks_of_other_years(question, self._own_text(h)))
        if question.intent == Intent.DEADLINE:
            # the same task in a plan's text and in its appendix table: the one that states when is the answer
            candidates = sorted(
                candidates, key=lambda h: not (h.score >= CLOSE_SCORE * best and self._states_deadline(h))
            )
        if question.intent == Intent.LEAD:
            # "cơ quan nào chủ trì X?": the item that says who leads X before one whose subject only does it; a
            # role asked by name ("sở nào làm thường trực?") is looked for in the whole document found
            def close(h: Hit) -> bool:
                return h.score >= CLOSE_SCORE * best or (question.role is not None and h.doc_id == hits[0].doc_id)

            candidates = sorted(candidates, key=lambda h: not (close(h) and self._names_lead(h, question.role)))
        if question.intent != Intent.LEAD and assignees:
            # "Sở X … phối hợp với những cơ quan nào?", "Sở X phải thẩm định trong bao nhiêu ngày?": the item
            # Sở X leads before one that names it among others
            candidates = sorted(candidates, key=lambda h: not self._led_by(h, assignees))
        facet = asked_facet(question.folded)
        labelled = [h for h in hits if h.doc_id == hits[0].doc_id and self._states(facet, h)] if facet else []
        # "tổ chức ở đâu?": the item of the document found labelled "Địa điểm:", however few of the event's words
        # it repeats
        firm = {id(h) for h in labelled}
        candidates = [*labelled, *(h for h in candidates if id(h) not in firm)]
        for hit in candidates:
            if hit.score < AGREEMENT_SCORE * best and id(hit) not in firm:
                break
            doc = self.documents[hit.doc_id]
            # the headings above an item speak for it too ("Mục tiêu năm 2026" above "(6) Tỷ lệ lấp đầy …")
            if not disagreements(question, doc, _text(hit), assignees):
                return hit
        return None

    def _of_type_asked(self, question: Question, hits: list[Hit]) -> list[Hit]:
        """ "… trong kế hoạch của UBND tỉnh triển khai Chỉ thị …": the type named first is the document asked
        about; a close hit of that type goes before a best hit of a type the question does not name."""
        types = question.constraints.doc_types
        if not hits or not types or question.doc_refs or self.documents[hits[0].doc_id].meta.doc_type in types:
            return hits
        best = hits[0].score
        for hit in hits[1:AGREEMENT_CANDIDATES]:
            if hit.score >= CLOSE_SCORE * best and self.documents[hit.doc_id].meta.doc_type == types[0]:
                return [hit, *[h for h in hits if h is not hit]]
        return hits

    def _own_text(self, hit: Hit) -> str:
        """The passage with its headings, without its document's title (which the chunks repeat)."""
        return _text(hit).replace(self.documents[hit.doc_id].meta.title, " ")

    def _narrowed(self, question: Question, hit: Hit) -> Hit:
        """ "4. Giao Sở Nội vụ có nhiệm vụ:" found for a question its point a) answers: the sub-item whose
        assignment fits the question better than the item's own is the one cited."""
        doc = self.documents[hit.doc_id]
        depth = len(hit.path)
        inside = [a for a in doc.assignments if a.path[:depth] == hit.path]
        if not inside:
            return hit
        wanted = _wanted(question, doc.meta.title)
        best = max(inside, key=lambda a: (_fit(wanted, a), -len(a.path)))
        return (
            Hit(hit.doc_id, best.path, hit.score, hit.chunks, coverage=hit.coverage) if len(best.path) > depth else hit
        )

    def _states_deadline(self, hit: Hit) -> bool:
        doc = self.documents[hit.doc_id]
        if any(a.path == hit.path and a.deadline for a in doc.assignments):
            return True
        row = doc.find_row(hit.path)
        return (
            bool(row is not None and row.deadline) or find_deadline(" ".join(item_passages(doc, hit.path))) is not None
        )

    def _states(self, facet: Facet, hit: Hit) -> bool:
        return states_facet(facet, item_passages(self.documents[hit.doc_id], hit.path))

    def _names_lead(self, hit: Hit, role: str | None) -> bool:
        """The item says who leads: in the role the question asks for ("thường trực", "đầu mối") if it asks for one."""
        doc = self.documents[hit.doc_id]
        if role is not None:
            return role in ascii_fold(" ".join(item_passages(doc, hit.path)))
        return any(a.path == hit.path and a.lead and a.states_lead for a in doc.assignments)

    def _led_by(self, hit: Hit, agencies: list[str]) -> bool:
        keys = {agency_key(a) for a in agencies}
        return any(
            a.path == hit.path and keys & {agency_key(lead) for lead in a.lead}
            for a in self.documents[hit.doc_id].assignments
        )

    def _disagreement_message(self, question: Question, hit: Hit) -> str:
        doc = self.documents[hit.doc_id]
        found = disagreements(
            question, doc, " ".join(c.search_text for c in hit.chunks), self.agencies.assignees(question)
        )
        kinds = {d.kind: d.detail for d in found}
        if "province" in kinds and doc.meta.province:
            return (
                f"Không tìm thấy nội dung về {kinds['province']} trong các văn bản hiện có "
                f"(văn bản gần nhất nói về {doc.meta.province})."
            )
        if "year" in kinds:
            return f"Không tìm thấy nội dung cho năm {kinds['year']} trong các văn bản hiện có."
        if "agency" in kinds:
            # a name typed without marks is not shown back half-written ("Ủy ban nhân dân xa phuong")
            who = kinds["agency"] if question.marked else "cơ quan được hỏi"
            return f"Không tìm thấy nội dung giao cho {who} về việc này trong các văn bản hiện có."
        if "quantity" in kinds:
            return "Không tìm thấy văn bản nêu cụ thể con số được hỏi; văn bản gần nhất không ghi số liệu này."
        return NOT_FOUND

    def _tells_assignment(self, question: Question, hit: Hit) -> bool:
        """Who leads, who cooperates and by when, given whenever they are asked, and whenever the passage is a
        table row that states them: the intent read from the words is not a gate."""
        if question.intent in (Intent.LEAD, Intent.COOPERATING, Intent.DEADLINE):
            return True
        doc = self.documents[hit.doc_id]
        return question.intent == Intent.CONTENT and any(
            a.path == hit.path and a.origin == "table" for a in doc.assignments
        )

    # ------------------------------------------------------------ choosing and citing

    def _choose(self, hits: list[Hit]) -> list[Hit]:
        """The best hit, and others close to it (several documents may answer the same question)."""
        top = hits[0]
        chosen = [top]
        for hit in hits[1:]:
            if len(chosen) >= MAX_CITATIONS:
                break
            if hit.score >= CLOSE_SCORE * top.score and not _nested(hit, chosen):
                chosen.append(hit)
        return chosen

    def _agency_hits(self, question: Question, hits: list[Hit]) -> list[Hit] | None:
        """ "What must agency X do?": every item that gives X a task, best match first."""
        doc = self.documents[hits[0].doc_id]
        asked = agency_key(question.text)
        leads = {agency_key(lead) for a in doc.assignments for lead in a.lead}
        at = {n: m.start() for n in leads if len(n) > 5 and (m := re.search(rf"(?<!\w){re.escape(n)}(?!\w)", asked))}
        # "kế hoạch của UBND tỉnh giao Thuế tỉnh …": the issuer named after "của" owns the plan, it is not the
        # agency asked about (but "nhiệm vụ của Sở Tài chính" asks about Sở Tài chính)
        issuer = agency_key(doc.meta.issuer)
        owner = {n for n in at if issuer and (n in issuer or issuer in n) and asked[: at[n]].endswith("cua ")}
        if len(at) > len(owner):
            at = {n: start for n, start in at.items() if n not in owner}
        if not at:
            return None
        # the agency the question is about is the one it names first ("Thuế tỉnh được giao gì trong kế hoạch …
        # triển khai Chỉ thị của Ban Thường vụ Tỉnh ủy"); of names starting there, the longest
        agency = min(at, key=lambda n: (at[n], -len(n)))
        rank = {h.key: i for i, h in enumerate(hits)}
        paths: list[list[str]] = []
        for a in doc.assignments:
            if agency in {agency_key(lead) for lead in a.lead} and a.path not in paths:
                paths.append(a.path)
        # the item headed by the agency's name ("9. Thuế tỉnh") holds all its tasks: it comes before a table row
        # that gives it one
        paths.sort(key=lambda p: (not _headed_by(doc, p, agency), rank.get((doc.meta.id, tuple(p)), len(rank))))
        return [Hit(doc.meta.id, p, 0.0) for p in paths[:MAX_AGENCY_ITEMS]]

    def _cite(self, question: Question, hit: Hit) -> Citation | None:
        doc = self.documents[hit.doc_id]
        source = doc.meta.source
        passages = self._passages(doc, hit)
        shown = [v for v in (self.checker.verbatim(p, source) for p in passages) if v]
        if not shown:
            return None
        # the words the question shares with the document's title name the document, not the passage in it
        wanted = _wanted(question, doc.meta.title)
        quote = max(shown, key=lambda p: _overlap(wanted, p))
        return _citation(doc, hit.path, quote, _select(wanted, shown), source)

    def _passages(self, doc: Document, hit: Hit) -> list[str]:
        return item_passages(doc, hit.path) or [line for c in hit.chunks for line in c.text.split("\n") if line]

    def item_citation(self, doc: Document, path: list[str]) -> Citation | None:
        """An item verbatim with its citation, as `vanban show` and the bot's "whole item" button show it."""
        shown = [v for v in (self.checker.verbatim(p, doc.meta.source) for p in item_passages(doc, path)) if v]
        return _citation(doc, path, shown[0], shown, doc.meta.source) if shown else None

    def _assignment(self, question: Question, hit: Hit, citation: Citation) -> AssignmentAnswer:
        doc = self.documents[hit.doc_id]
        candidates = [a for a in doc.assignments if a.path == hit.path]
        if not candidates:
            row = doc.find_row(hit.path)  # a row without a lead may still state its date
            return AssignmentAnswer(
                deadline=(row.deadline if row is not None else None) or find_deadline(citation.quote)
            )
        wanted = _wanted(question)
        best = max(candidates, key=lambda a: _fit(wanted, a))
        note = None
        row = doc.find_row(hit.path) if best.origin == "table" else None
        if row is not None and row.lead_inherited_from:
            note = (
                f"ô “chủ trì” của dòng {row.number} để trống (ô gộp): "
                f"kế thừa cơ quan chủ trì của dòng {row.lead_inherited_from}"
            )
        return AssignmentAnswer(
            lead=best.lead,
            cooperating=best.cooperating,
            deadline=best.deadline or find_deadline(citation.quote),
            note=note,
        )

    def _doc_lookup(self, question: Question, hits: list[Hit]) -> Answer:
        doc = self.documents[hits[0].doc_id]
        m = doc.meta
        parts = [f"{m.display_name}."]
        if m.title:
            parts.append(f"Trích yếu: {m.title}.")
        if m.signer:
            parts.append(f"Người ký: {m.signer} ({m.signer_title}).")
        evidence = (
            m.number_evidence if m.number_evidence and self.checker.is_verbatim(m.number_evidence, m.source) else ""
        )
        quote = evidence or next(
            (v for s in doc.walk_sections() for p in s.paragraphs[:1] if (v := self.checker.verbatim(p, m.source))),
            "",
        )
        citations = [_citation(doc, [], quote, [quote], m.source)] if quote else []
        return _found(question, " ".join(parts), citations)

    def _not_found(self, question: Question, message: str, hits: list[Hit], confidence: float = 0.0) -> Answer:
        names: list[str] = []
        for hit in hits:
            name = self.documents[hit.doc_id].meta.display_name
            if name not in names:
                names.append(name)
            if len(names) == 3:
                break
        text = message
        if names:
            text += "\nCác văn bản gần nhất có thể tham khảo:\n" + "\n".join(f"- {n}" for n in names)
        return Answer(
            question=question.text,
            found=False,
            intent=question.intent.value,
            direct=message,
            answer=text,
            suggestions=names,
            confidence=confidence,
        )


def _headed_by(doc: Document, path: list[str], agency: str) -> bool:
    section = doc.find_section(path)
    return section is not None and agency_key(section.heading.rstrip(" :.")) == agency


def _held_refs(question: Question, resolution: Resolution) -> bool:
    """Does the question name a document the corpus holds, beside the ones it does not?"""
    absent = {id(r) for r in resolution.cited_only} | {id(r) for r, _ in resolution.via}
    return any(id(r) not in absent for r in question.doc_refs)


def _found(
    question: Question, direct: str, citations: list[Citation], assignment: AssignmentAnswer | None = None
) -> Answer:
    return Answer(
        question=question.text,
        found=True,
        intent=question.intent.value,
        direct=direct,
        answer=render_reply(direct, citations),
        citations=citations,
        assignment=assignment,
    )


def item_passages(doc: Document, path: list[str]) -> list[str]:
    """An item's passages as printed: a table row's lines, or a section's label line, paragraphs and footnotes
    (and the points a closing colon introduces)."""
    if path and path[0] == APPENDIX:
        row = doc.find_row(path)
        return list(row.lines) if row is not None else []
    section = doc.find_section(path)
    if section is None:
        return []
    own = section.passages
    if own[-1].rstrip().endswith(":"):
        # "… đối với các đối tượng sau đây:" says nothing until its points: they are the item's words
        return [*own, *(p for child in section.children for p in child.passages)]
    return own


def _citation(doc: Document, path: list[str], quote: str, passages: list[str], source: str) -> Citation:
    label = doc.label(path) if path else "phần đầu văn bản"
    return make_citation(doc.meta, path, label, quote, passages, source)


def make_citation(
    m: DocumentMeta, path: list[str], label: str, quote: str, passages: list[str] | None = None, source: str = ""
) -> Citation:
    """A citation of verbatim passages of a document (the caller has checked them against the source)."""
    return Citation(
        doc_id=m.id,
        doc_number=m.number,
        doc_type=m.doc_type,
        doc_date=m.date.isoformat() if m.date else None,
        issuer=m.issuer,
        doc_title=m.title,
        item=list(path),
        item_label=label,
        quote=quote,
        passages=passages if passages is not None else [quote],
        source=source or m.source,
    )


def _nested(hit: Hit, chosen: list[Hit]) -> bool:
    """A parent or child of an item already cited adds nothing."""
    for other in chosen:
        if other.doc_id != hit.doc_id:
            continue
        shorter, longer = sorted((hit.path, other.path), key=len)
        if longer[: len(shorter)] == shorter:
            return True
    return False


def _wanted(question: Question, title: str = "") -> frozenset[str]:
    """The question's content words, less those of the document's title (when any are left)."""
    wanted = {t for t in search_tokens(question.text) if t not in QUESTION_WORDS}
    return frozenset(wanted - set(search_tokens(title)) or wanted)


def _overlap(wanted: frozenset[str], text: str) -> float:
    if not wanted:
        return 0.0
    return len(wanted & set(search_tokens(text))) / len(wanted)


def _text(hit: Hit) -> str:
    return " ".join(c.search_text for c in hit.chunks)


def _fit(wanted: frozenset[str], a: Assignment) -> float:
    """How well an assignment answers: the sentence it was read from decides; an agency heading's task is its
    whole item, which overlaps every question about the item and would hide the one sentence that answers it."""
    return _overlap(wanted, a.quote) + 0.25 * _overlap(wanted, a.task)


def _select(wanted: frozenset[str], passages: list[str]) -> list[str]:
    """The item's first line, then its passages closest to the question while room lasts, in document order."""
    by_relevance = sorted(range(1, len(passages)), key=lambda i: -_overlap(wanted, passages[i]))
    footnotes = {i for i, p in enumerate(passages) if FOOTNOTE_RE.match(p)}
    keep = {0, *by_relevance[:1], *footnotes}  # the closest passage and the footnotes, whatever their length
    total = sum(len(passages[i]) for i in keep)
    for i in by_relevance[1:]:
        if total + len(passages[i]) > MAX_SHOWN_CHARS:
            continue
        keep.add(i)
        total += len(passages[i])
    return [passages[i] for i in sorted(keep)]


def _assignment_line(a: AssignmentAnswer) -> str:
    """ "Chủ trì: X; Phối hợp: Y; Thời hạn: Z." — what the item states; "" when it states none of them."""
    if not (a.lead or a.cooperating or a.deadline):
        return ""
    parts = [
        f"Chủ trì: {'; '.join(a.lead) if a.lead else 'không ghi rõ'}",
        f"Phối hợp: {'; '.join(a.cooperating) if a.cooperating else 'không ghi rõ'}",
        f"Thời hạn: {a.deadline or 'không ghi rõ'}",
    ]
    line = "; ".join(parts) + "."
    if a.note:
        line += f" ({a.note[:1].upper()}{a.note[1:]}.)"
    return line


def render_reply(direct: str, citations: list[Citation]) -> str:
    """The plain-text reply every answer shares: the direct answer, then each source quoted."""
    blocks = [direct] if direct else []
    for i, c in enumerate(citations, start=1):
        label = "Nguồn" if len(citations) == 1 else f"Nguồn {i}"
        quoted = "\n".join(f"> {p}" for p in c.passages)
        blocks.append(f"{label}: {c.heading}\n{quoted}")
    return "\n\n".join(blocks)
