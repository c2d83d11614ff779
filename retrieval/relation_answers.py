"""Questions about links between documents, answered from the relations read from titles and openings.

"Văn bản nào triển khai Nghị quyết 43?" → the corpus documents that implement it, whether the corpus holds
43-NQ/TW or only cites it; "KH 78 thực hiện văn bản nào?" → what 78/KH-UBND implements. Each link is cited with
the passage that states it, verbatim.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from .answer import Answer, Citation
from .catalog import DocumentReference
from .models import Document
from .relations import Relation, RelationKind, Relations
from .structured import DOC, mask_question, passage_citation, structured_answer

INTENT = "relations"
MAX_SHOWN = 8

_ASK = r"(?:(?:cho (?:toi |minh |em )?biet|hay|xin|vui long|tra cuu|tim) )*"
_VERB = r"(?P<verb>trien khai thuc hien|tiep tuc thuc hien|thuc hien|trien khai|cu the hoa|can cu(?: vao| theo)?)"
_KIND_WORDS = (
    r"(?:van ban|ke hoach|chuong trinh hanh dong|chuong trinh|nghi quyet|quyet dinh|cong van|chi thi|ket luan|de an"
    r"|huong dan|thong bao|nghi dinh)"
)
_WHICH_DOC = rf"(?:(?:nhung|cac) )?(?:{_KIND_WORDS} )?(?:nao|gi)"
_FORMS: list[tuple[Literal["implemented_by", "implements"], re.Pattern[str]]] = [
    # "văn bản nào triển khai Nghị quyết 43", "những kế hoạch nào thực hiện NQ 43-NQ/TW"
    (
        "implemented_by",
        re.compile(rf"{_ASK}(?:(?:nhung|cac) )?(?:{_KIND_WORDS} )?nao (?:da |duoc ban hanh de )?{_VERB} {DOC}"),
    ),
    # "NQ 43 được triển khai bằng văn bản nào", "NQ 43 đã được những văn bản nào cụ thể hóa"
    (
        "implemented_by",
        re.compile(
            rf"{_ASK}{DOC} (?:da )?duoc (?:(?:{_WHICH_DOC}) )?{_VERB}(?: (?:bang|boi|qua|o|trong) {_WHICH_DOC})?"
        ),
    ),
    # "KH 78 thực hiện văn bản nào", "KH 78 căn cứ vào những văn bản nào", "KH 78 được ban hành để thực hiện gì"
    ("implements", re.compile(rf"{_ASK}{DOC} (?:duoc ban hanh (?:de )?)?{_VERB} {_WHICH_DOC}")),
]


@dataclass(frozen=True)
class RelationQuery:
    direction: Literal["implemented_by", "implements"]
    kind: RelationKind  # implements, or based_on ("căn cứ")
    reference: DocumentReference


def parse_relation_query(text: str) -> RelationQuery | None:
    masked = mask_question(text, dt.date.today())
    if len(masked.references) != 1 or masked.periods:
        return None
    for direction, form in _FORMS:
        m = form.fullmatch(masked.masked)
        if m:
            kind = RelationKind.BASED_ON if m.group("verb").startswith("can cu") else RelationKind.IMPLEMENTS
            return RelationQuery(direction, kind, masked.references[0])
    return None


class RelationComposer:
    def __init__(self, relations: Relations) -> None:
        self.relations = relations

    def answer(self, text: str) -> Answer | None:
        query = parse_relation_query(text)
        if query is None:
            return None
        if query.direction == "implements":
            return self._implements(text, query)
        return self._implemented_by(text, query)

    def _implements(self, text: str, query: RelationQuery) -> Answer:
        docs = self.relations.catalog.find(query.reference)
        if not docs:
            return structured_answer(
                text, INTENT, f"Không tìm thấy văn bản {query.reference.label} trong kho.", [], False
            )
        lines: list[str] = []
        cited: list[Relation] = []
        verb = "căn cứ" if query.kind == RelationKind.BASED_ON else "thực hiện"
        for doc in docs:
            found = [r for r in self.relations.of(doc.meta.id, [query.kind]) if r.verbatim]
            if not found:
                lines.append(f"{doc.meta.display_name} không ghi là {verb} văn bản nào (ở trích yếu và phần mở đầu).")
                continue
            lines.append(f"{doc.meta.display_name} {verb}:")
            lines += [f"- {self.relations.name_of(r)}" for r in found]
            cited += found
        return structured_answer(text, INTENT, "\n".join(lines), self._citations(cited), found=bool(cited))

    def _implemented_by(self, text: str, query: RelationQuery) -> Answer:
        named = self.relations.naming(query.reference, query.kind)
        held = self.relations.catalog.find(query.reference)
        for doc in held:  # a held document may be cited under a slightly different printed number
            named += [r for r in self.relations.implemented_by(doc.meta.id, query.kind) if r not in named]
        named = [r for r in named if r.verbatim]
        verb = "căn cứ" if query.kind == RelationKind.BASED_ON else "thực hiện"
        if not named:
            if held:
                names = ", ".join(d.meta.display_name for d in held)
                message = f"Không có văn bản nào trong kho ghi là {verb} {names}."
            else:
                message = f"Không tìm thấy văn bản {query.reference.label} trong kho, và không văn bản nào trong kho {verb} nó."
            return structured_answer(text, INTENT, message, [], False)
        lines: list[str] = []
        by_target: dict[str, list[Relation]] = {}
        for r in named:
            by_target.setdefault(r.target_id or r.key, []).append(r)
        for target, relations in by_target.items():
            doc = self.relations.catalog.get(target)
            if doc is not None:
                lines.append(f"Các văn bản trong kho {verb} {doc.meta.display_name}:")
            else:
                lines.append(f"{relations[0].cited_as} không có trong kho; các văn bản trong kho {verb} văn bản này:")
            lines += [f"- {self.relations.source_name(r)}" for r in relations[:MAX_SHOWN]]
        return structured_answer(text, INTENT, "\n".join(lines), self._citations(named[:MAX_SHOWN]))

    def _citations(self, relations: list[Relation]) -> list[Citation]:
        out: list[Citation] = []
        seen: set[tuple[str, str]] = set()
        for r in relations:
            doc: Document | None = self.relations.catalog.get(r.source_id)
            if doc is None or (r.source_id, r.evidence) in seen:
                continue
            seen.add((r.source_id, r.evidence))
            label = "trích yếu" if r.part == "title" else "phần mở đầu"
            out.append(passage_citation(doc.meta, [], label, r.evidence))
        return out
