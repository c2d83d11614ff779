"""Hybrid search: document references narrow, BM25 and vectors rank, fusion combines, items group.

Every chunk of one citation (an item's parts, its assignment records, a table row) counts as one hit,
so the caller ranks citations, not fragments.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np

from .chunks import Chunk
from .embeddings import Embedder
from .index import LoadedIndex
from .models import APPENDIX, Document
from .question import DOCUMENT_INTENTS, Intent, ItemRef, Question, content_tokens, search_text
from .references import References, Resolution
from .vietnamese import fold, index_tokens, query_tokens

CANDIDATES = 60  # from each ranking, before fusion
RRF_K = 60
RERANK = 20  # leading hits re-weighed by coverage and numbers
POST_FILTER_FACTOR = 4  # wider vector query when a document filter is applied here
ASSIGNMENT_PENALTY = 0.7  # a who-question, and the item names no lead
NUMBER_MISS = 0.9  # per number of the question the item does not contain
OPENING_WEIGHT = 0.85  # the opening text sets the scene; the numbered items say who does what
# How firmly an item names its lead: a table or "X chủ trì" firmly, "X làm Y" less so.
_ORIGIN_WEIGHT = {"table": 1.0, "heading": 1.0, "sentence": 1.0, "opening": 0.85}

# How much each kind of chunk counts for each intent.
_KIND_WEIGHTS = {
    Intent.LEAD: {"row": 1.0, "assignment": 1.0, "item": 0.9, "document": 0.0},
    Intent.COOPERATING: {"row": 1.0, "assignment": 1.0, "item": 0.9, "document": 0.0},
    Intent.DEADLINE: {"row": 1.0, "assignment": 1.0, "item": 1.0, "document": 0.0},
    Intent.AGENCY_TASKS: {"row": 1.0, "assignment": 0.9, "item": 1.0, "document": 0.0},
    Intent.CONTENT: {"row": 1.0, "assignment": 0.8, "item": 1.0, "document": 0.1},
    Intent.DOC_LOOKUP: {"row": 0.3, "assignment": 0.2, "item": 0.4, "document": 1.0},
}
for _intent in DOCUMENT_INTENTS:
    _KIND_WEIGHTS[_intent] = _KIND_WEIGHTS[Intent.DOC_LOOKUP]
APPENDIX_PREFERENCE = 0.6  # the question points at an appendix: items outside it count this much


@dataclass
class Hit:
    doc_id: str
    path: list[str]
    score: float
    chunks: list[Chunk] = field(default_factory=list)
    direct: bool = False  # the question named this item ("mục 9.3")
    coverage: float = 0.0  # share of the question this hit speaks to (set for the leading hits)

    @property
    def key(self) -> tuple[str, tuple[str, ...]]:
        return self.doc_id, tuple(self.path)


@dataclass
class SearchResult:
    hits: list[Hit]
    resolution: Resolution
    coverage: float  # how much of the question the best hit speaks to (IDF-weighted, 0..1)


class Searcher:
    def __init__(self, index: LoadedIndex, embedder: Embedder, fusion: str = "weighted", vector_weight: float = 0.3):
        self.index = index
        self.embedder = embedder
        self.fusion = fusion
        self.vector_weight = vector_weight
        self.position = index.chunk_index()
        self._doc_order = {doc_id: i for i, doc_id in enumerate(index.documents)}
        self._chunk_doc = np.array([self._doc_order[c.doc_id] for c in index.chunks], dtype=np.int32)
        kinds = ["row", "assignment", "item", "document"]
        self._chunk_kind = np.array([kinds.index(c.kind) for c in index.chunks], dtype=np.int8)
        self._kinds = kinds
        self._doc_token_cache: dict[str, set[str]] = {}
        self.references = References(index.documents, index.sources)
        self._chunks_by_doc: dict[str, list[Chunk]] = {}
        self._assigned: dict[tuple[str, tuple[str, ...]], float] = {}
        for d in index.documents.values():
            for a in d.assignments:
                if a.lead:
                    key = (d.meta.id, tuple(a.path))
                    self._assigned[key] = max(self._assigned.get(key, 0.0), _ORIGIN_WEIGHT[a.origin])

    # ------------------------------------------------------------ references

    def resolve(self, question: Question) -> Resolution:
        return self.references.resolve(question.doc_refs)

    # ------------------------------------------------------------ ranking

    def search(self, question: Question, k: int = 8, vectors: bool = True) -> SearchResult:
        """``vectors=False``: BM25 alone, for while the vector store is unavailable."""
        resolution = self.resolve(question)
        if resolution.missing:
            return SearchResult([], resolution, 0.0)
        query = search_text(question)
        allowed = self._allowed(resolution.doc_ids)
        weights = np.array([_KIND_WEIGHTS[question.intent][kind] for kind in self._kinds], dtype=np.float32)
        lexical = self.index.lexical.scores(query) * weights[self._chunk_kind]
        if allowed is not None:
            lexical = np.where(allowed, lexical, 0.0)
        lex_top = [i for i in np.argsort(-lexical)[:CANDIDATES] if lexical[i] > 0]
        vec_scores = self._vector_scores(query, allowed, weights) if vectors else {}
        fused = self._fuse({i: float(lexical[i]) for i in lex_top}, vec_scores)
        hits = self._group(fused)
        if question.intent in (Intent.LEAD, Intent.COOPERATING):
            hits = self._prefer_assigned(hits)
        hits = self._agree_on_numbers(question, hits)
        hits = self._weigh_coverage(question, hits)
        hits = self._apply_item_ref(question, resolution, hits)
        coverage = self.coverage(question, hits[0]) if hits else 0.0
        return SearchResult(hits[:k], resolution, coverage)

    def _vector_scores(self, query: str, allowed: np.ndarray | None, weights: np.ndarray) -> dict[int, float]:
        """Nearest chunks by vector. With a document filter, Chroma is asked for a wider unfiltered set and
        the filter applied here: its metadata filter scans the collection (10× slower at 10× the corpus),
        while the nearest-neighbour graph answers in about a millisecond whatever the size."""
        k = CANDIDATES if allowed is None else CANDIDATES * POST_FILTER_FACTOR
        scores = {}
        for cid, sim in self.index.vectors.query(self.embedder.embed_query(query), k):
            i = self.position.get(cid)
            if i is not None and (allowed is None or allowed[i]):
                scores[i] = sim * float(weights[self._chunk_kind[i]])
        return scores

    def _allowed(self, doc_ids: list[str] | None) -> np.ndarray | None:
        if doc_ids is None:
            return None
        wanted = [self._doc_order[d] for d in doc_ids]
        return np.isin(self._chunk_doc, wanted)

    def _fuse(self, lexical: dict[int, float], vector: dict[int, float]) -> dict[int, float]:
        if self.fusion == "rrf":
            fused: dict[int, float] = {}
            for scores, weight in ((lexical, 1.0), (vector, self.vector_weight)):
                ranked = sorted(scores, key=lambda i: -scores[i])
                for rank, i in enumerate(ranked):
                    fused[i] = fused.get(i, 0.0) + weight / (RRF_K + rank)
            return fused
        top_lex = max(lexical.values(), default=0.0) or 1.0
        vec_values = list(vector.values())
        lo, hi = (min(vec_values), max(vec_values)) if vec_values else (0.0, 1.0)
        span = (hi - lo) or 1.0
        fused = {}
        for i in set(lexical) | set(vector):
            lex = lexical.get(i, 0.0) / top_lex
            vec = (vector[i] - lo) / span if i in vector else 0.0
            fused[i] = (1 - self.vector_weight) * lex + self.vector_weight * vec
        return fused

    def _group(self, fused: dict[int, float]) -> list[Hit]:
        hits: dict[tuple[str, tuple[str, ...]], Hit] = {}
        for i, score in sorted(fused.items(), key=lambda kv: -kv[1]):
            chunk = self.index.chunks[i]
            key = (chunk.doc_id, ("#document",)) if chunk.kind == "document" else (chunk.doc_id, tuple(chunk.path))
            hit = hits.get(key)
            if hit is None:
                if chunk.kind == "item" and not chunk.path:
                    score *= OPENING_WEIGHT
                hits[key] = Hit(chunk.doc_id, list(key[1]), score, [chunk])
            else:
                hit.chunks.append(chunk)
        return sorted(hits.values(), key=lambda h: -h.score)

    def _prefer_assigned(self, hits: list[Hit]) -> list[Hit]:
        """Who-questions are answered by items that name a lead: an item that names none ranks lower."""
        for hit in hits:
            hit.score *= self._assigned.get(hit.key, ASSIGNMENT_PENALTY)
        return sorted(hits, key=lambda h: -h.score)

    def _agree_on_numbers(self, question: Question, hits: list[Hit]) -> list[Hit]:
        """"năm 2025": a passage about 2030 answers a different question. Numbers asked must be there; those of a
        document's number ("ngoài KH 77/KH-LT") name the document, which the passage need not repeat."""
        numbers = {t for t in query_tokens(search_text(question)) if t.isdigit()}
        if not numbers:
            return hits
        for hit in hits[:RERANK]:
            # in the item's own words: the document's title ("giai đoạn 2021-2025") is context for every item
            text = " ".join(c.text for c in hit.chunks)
            missing = sum(1 for n in numbers if not re.search(rf"(?<!\d){n}(?!\d)", text))
            hit.score *= NUMBER_MISS**missing
        return sorted(hits, key=lambda h: -h.score)

    def _weigh_coverage(self, question: Question, hits: list[Hit]) -> list[Hit]:
        """A heading that repeats the question's words but holds no answer loses to the item that speaks
        to more of the question: the leading hits are re-weighed by how much of it they cover."""
        head = hits[:RERANK]
        for hit, coverage in zip(head, self.coverages(question, head), strict=True):
            hit.coverage = coverage
            hit.score *= 0.5 + 0.5 * coverage
        return sorted(head, key=lambda h: -h.score) + hits[RERANK:]

    def _apply_item_ref(self, question: Question, resolution: Resolution, hits: list[Hit]) -> list[Hit]:
        """"Mục 9.3", "khoản 1 Điều 7", "dòng 17 phụ lục": go straight to that item in the referenced documents;
        "theo phụ lục …" alone: prefer what stands in an appendix."""
        item = question.item
        if item is None:
            return hits
        if not item.label or (item.appendix and resolution.doc_ids is None):
            return self._prefer_appendix(item, hits) if item.appendix else hits
        if resolution.doc_ids is None:
            return hits
        direct: list[Hit] = []
        top = hits[0].score if hits else 0.0
        for doc_id in resolution.doc_ids:
            doc = self.index.documents[doc_id]
            for path in paths_with_label(doc, item):
                chunks = [c for c in self._doc_chunks(doc_id) if c.path == path]
                if chunks:
                    hit = Hit(doc_id, path, 1.0 + top, chunks, direct=True)
                    hit.coverage = self.coverage(question, hit)
                    direct.append(hit)
        if not direct:
            return self._prefer_appendix(item, hits) if item.appendix else hits
        # several items bear the label: the one that speaks to the question first
        direct.sort(key=lambda h: -h.coverage)
        keys = {h.key for h in direct}
        return direct + [h for h in hits if h.key not in keys]

    def _prefer_appendix(self, item: ItemRef, hits: list[Hit]) -> list[Hit]:
        for hit in hits:
            head = hit.path[0] if hit.path else ""
            inside = head.startswith(APPENDIX) and (not item.appendix_label or _same_label(head, item.appendix_label))
            if not inside:
                hit.score *= APPENDIX_PREFERENCE
        return sorted(hits, key=lambda h: -h.score)

    def _doc_chunks(self, doc_id: str) -> list[Chunk]:
        found = self._chunks_by_doc.get(doc_id)
        if found is None:
            found = self._chunks_by_doc[doc_id] = [c for c in self.index.chunks if c.doc_id == doc_id]
        return found

    # ------------------------------------------------------------ confidence

    def coverage(self, question: Question, hit: Hit) -> float:
        return self.coverages(question, [hit])[0]

    def coverages(self, question: Question, hits: list[Hit]) -> list[float]:
        """IDF-weighted share of the question's words (and word pairs) found in each hit and its document."""
        wanted, optional = content_tokens(question)
        wanted |= {t for t in optional if self.index.lexical.document_frequency(t)}
        if not wanted or not hits:
            return [0.0] * len(hits)
        groups = [[self.position[c.id] for c in hit.chunks] for hit in hits]
        present = self.index.lexical.present(wanted, groups)
        n = max(1, self.index.lexical.size)
        idf = {t: math.log(1 + n / (1 + self.index.lexical.document_frequency(t))) for t in wanted}
        total = sum(idf.values())
        out = []
        for hit, have in zip(hits, present, strict=True):
            have = have | (wanted & self._doc_tokens(hit.doc_id))
            out.append(sum(idf[t] for t in have) / total)
        return out

    def _doc_tokens(self, doc_id: str) -> set[str]:
        """Words of the document's type, number, title and issuer: a hit speaks for its document too."""
        cached = self._doc_token_cache.get(doc_id)
        if cached is None:
            m = self.index.documents[doc_id].meta
            cached = set(index_tokens(f"{m.doc_type} {m.number or ''} {m.title} {m.issuer}"))
            self._doc_token_cache[doc_id] = cached
        return cached



def paths_with_label(doc: Document, item: ItemRef) -> list[list[str]]:
    """Items of the document an item reference names: "khoản 1 Điều 7" is ["Điều 7", "1"] (or that article in an
    attached text), "III.2" is item 2 of part III, "dòng 8 Phụ lục 2" a row of that appendix; where outer labels
    are named too, only the items inside them (falling back to all when none is)."""
    rows = [row.path for table in doc.tables for row in table.rows]
    sections = [s.path for s in doc.walk_sections() if s.path]
    candidates = rows if item.appendix and rows else [*sections, *rows]
    if item.appendix_label:
        candidates = [p for p in candidates if _same_label(p[0], item.appendix_label)] or candidates
    if item.article:
        candidates = [p for p in candidates if item.article in p]
    label = item.label
    dotted = re.fullmatch(r"([IVX]+)\.(.+)", label)
    paths = [
        p
        for p in candidates
        if p[-1] == label
        or (dotted and p[0] == dotted.group(1) and p[-1] == dotted.group(2))
        or (label.startswith("Điều") and p[-1] == label)
        or (label.isdigit() and p[-1].rstrip(".") == label and p[-1].isdigit())
    ]
    inside = [p for p in paths if all(w in p or any(part.startswith(f"{w}.") for part in p) for w in item.within)]
    return inside or paths


def _same_label(a: str, b: str) -> bool:
    """ "Phụ lục 01" and "Phụ lục 1", "PHỤ LỤC II" and "Phụ lục II" name one appendix."""
    def key(x: str) -> str:
        return re.sub(r"\b0+(\d)", r"\1", fold(x))

    return key(a) == key(b)
