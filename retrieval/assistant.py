"""The assistant as the rest of the world sees it: ask, show an item, list documents, reload.

Telegram-free: the bot and the command line both use this. A reload builds a new index beside the
live one and swaps it in when complete; questions keep being answered from the old one meanwhile.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .answer import Answer, Citation, Composer
from .document_answers import DocumentAnswers
from .embeddings import Embedder, make_embedder
from .faults import CollectionMissing, VectorsUnavailable
from .index import (
    BuildResult,
    ChromaTarget,
    LoadedIndex,
    Progress,
    build_index,
    collection_not_found,
    current_generation,
    load_index,
)
from .models import APPENDIX, Document, item_label
from .question import DOCUMENT_INTENTS, Question, parse_question
from .quotes import QuoteChecker
from .register import Register
from .register_answers import RegisterComposer
from .relation_answers import RelationComposer
from .relations import Relations
from .removal import Removal, remove_document
from .search import Searcher, SearchResult
from .settings import Settings
from .vietnamese import ascii_fold, doc_number_key

log = logging.getLogger(__name__)
REFRESH_SECONDS = 5.0


@dataclass
class _Live:
    index: LoadedIndex
    searcher: Searcher
    composer: Composer
    register: Register  # built once per loaded generation, like the searcher
    relations: Relations
    register_answers: RegisterComposer
    relation_answers: RelationComposer
    document_answers: DocumentAnswers


class ItemNotFound(LookupError):
    """An unknown document or item; the message lists what exists (Vietnamese, for users)."""


class Assistant:
    def __init__(
        self, settings: Settings, embedder: Embedder | None = None, today: Callable[[], dt.date] = dt.date.today
    ) -> None:
        self.settings = settings
        self.today = today  # "tháng này", "việc nào sắp đến hạn": injectable so tests do not depend on the date
        self.embedder = embedder or make_embedder(
            settings.embed_kind,
            settings.embed_base_url,
            settings.embed_model,
            settings.embed_api_key.get_secret_value() if settings.embed_api_key else None,
        )
        self.chroma = ChromaTarget(settings.chroma_host, settings.chroma_port)
        self._live: _Live | None = None
        self._reload_lock = threading.Lock()
        self._load_lock = threading.Lock()
        self._checked_at = time.monotonic()
        self._vectors_down = False  # logged once when the vector store stops answering, once when it is back
        # --- optional LLM phrasing (retrieval/llm.py, docs/llm.md): only when LLM_BASE_URL is set
        from .llm import Phraser

        self.phraser: Phraser | None = Phraser.from_settings(settings) if settings.llm_base_url else None
        # --- end of LLM phrasing setup

    # ------------------------------------------------------------ index lifecycle

    @property
    def live(self) -> _Live:
        live = self._live
        if live is None:
            # one thread loads: two opening the same Chroma folder at once break it
            with self._load_lock:
                if self._live is None:
                    self._live = self._load()
                live = self._live
        return live

    def _load(self) -> _Live:
        index = load_index(self.settings.index_dir, self.embedder, self.chroma)
        searcher = Searcher(index, self.embedder, self.settings.search_fusion, self.settings.search_vector_weight)
        checker = QuoteChecker(index.sources)
        register = Register.build(index.documents.values(), checker)
        relations = Relations.build(index.documents.values(), checker)
        return _Live(
            index,
            searcher,
            Composer(index.documents, checker),
            register,
            relations,
            RegisterComposer(register, checker, self.today),
            RelationComposer(relations),
            DocumentAnswers(index.documents, checker),
        )

    def has_index(self) -> bool:
        return current_generation(self.settings.index_dir) is not None

    def reload(
        self, corpus_dir: Path | None = None, progress: Progress | None = None, full: bool = False
    ) -> BuildResult:
        """Build a new index from the corpus folder and swap it in; one reload at a time. Only new and changed
        files are parsed and embedded unless ``full``."""
        with self._reload_lock:
            result = build_index(
                corpus_dir or self.settings.corpus_dir,
                self.settings.index_dir,
                self.embedder,
                self.chroma,
                progress,
                full=full,
            )
            if not self.refresh_if_stale():
                _ = self.live
            return result

    def remove(self, reference: str, progress: Progress | None = None) -> tuple[Removal, BuildResult]:
        """Remove the documents numbered ``reference`` (retrieval/removal.py) and rebuild, incrementally;
        UnknownDocument, naming the nearest numbers, when none has that number."""
        with self._reload_lock:
            self.refresh_if_stale()
            removal = remove_document(self.settings.corpus_dir, self.settings.index_dir, self.documents(), reference)
            result = build_index(
                self.settings.corpus_dir, self.settings.index_dir, self.embedder, self.chroma, progress
            )
            if not self.refresh_if_stale():
                _ = self.live
            return removal, result

    def _check_for_newer_index(self) -> None:
        """At most every few seconds: another process (a second bot in server mode) may have reloaded."""
        now = time.monotonic()
        if now - self._checked_at >= REFRESH_SECONDS:
            self._checked_at = now
            self.refresh_if_stale()

    def refresh_if_stale(self) -> bool:
        """Another process may have built a newer index (server mode): pick it up."""
        current = current_generation(self.settings.index_dir)
        live = self._live
        if live is None or not current or current == live.index.generation:
            return False
        with self._load_lock:
            if self._live is not None and self._live.index.generation != current:
                self._live = self._load()
                return True
        return False

    # ------------------------------------------------------------ questions

    def ask(self, text: str) -> Answer:
        started = time.perf_counter()
        self._check_for_newer_index()
        live = self.live
        try:
            answer = self._ask(live, text)
        except VectorsUnavailable:
            # two quick builds in another process retire the generation we were reading: the question is
            # asked again, once, of the one CURRENT names now
            if not self.refresh_if_stale():
                raise
            log.info("generation %s was replaced while answering: asked again", live.index.generation)
            answer = self._ask(self.live, text)
        answer.latency_ms = round((time.perf_counter() - started) * 1000, 2)
        return answer

    def _ask(self, live: _Live, text: str) -> Answer:
        # --- lists and links (retrieval/register_answers.py, relation_answers.py): "Sở Y tế có những nhiệm vụ
        # gì?", "việc nào đến hạn trong quý IV/2021?", "văn bản nào triển khai NQ 43?"; None for any other question
        answer = _listing(live, text)
        # --- end of lists and links
        if answer is None:
            answer = self._answer(live, parse_question(text))
        return answer

    def _answer(self, live: _Live, question: Question) -> Answer:
        if question.intent in DOCUMENT_INTENTS:
            # greetings, "what can you do", lists and counts of documents: from metadata, not from a search
            answer = live.document_answers.answer(question)
            if answer is not None:
                return answer
        result, fault = self._search(live, question)
        answer = live.composer.compose(question, result)
        if fault is not None and not answer.found:
            # BM25 alone found nothing to quote: the vectors might have, so this is no "not in the documents"
            raise fault
        if self.phraser is not None:  # LLM phrasing; any failure or ungrounded text returns `answer` unchanged
            answer = self.phraser.phrase(answer)
        return answer

    def _search(self, live: _Live, question: Question) -> tuple[SearchResult, VectorsUnavailable | None]:
        """BM25 and vectors; BM25 alone while the vector store does not answer (a Chroma server that is down),
        with the fault, so that a question BM25 alone cannot answer reports the fault rather than "not found".
        Answers are verified and cited the same way either way."""
        try:
            result = live.searcher.search(question)
        except CollectionMissing as exc:
            if current_generation(self.settings.index_dir) != live.index.generation:
                raise  # retired under us: ask() reopens
            raise collection_not_found(live.index.manifest, self.chroma) from exc
        except VectorsUnavailable as exc:
            if current_generation(self.settings.index_dir) != live.index.generation:
                raise
            if not self._vectors_down:
                self._vectors_down = True
                log.warning("%s: answering from the lexical index alone until it is back", exc)
            return live.searcher.search(question, vectors=False), exc
        if self._vectors_down:
            self._vectors_down = False
            log.info("vector store answering again (%s)", live.index.vectors.where)
        return result, None

    # ------------------------------------------------------------ documents and items

    def documents(self) -> list[Document]:
        return list(self.live.index.documents.values())

    def register(self) -> Register:
        """Every task of every document (retrieval/register.py), built once per loaded index."""
        return self.live.register

    def relations(self) -> Relations:
        return self.live.relations

    def find_document(self, reference: str) -> Document:
        docs = self.documents()
        key = doc_number_key(reference)
        for doc in docs:
            if doc.meta.number and doc_number_key(doc.meta.number) == key:
                return doc
        words = set(ascii_fold(reference).split())
        for doc in docs:
            if words and words <= set(ascii_fold(f"{doc.meta.title} {doc.meta.id}").split()):
                return doc
        known = ", ".join(d.meta.number or d.meta.title for d in docs)
        raise ItemNotFound(f"Không có văn bản “{reference}”. Các văn bản hiện có: {known}.")

    def show(self, reference: str, path: list[str]) -> Citation:
        """An item verbatim with its citation: show("55-CTr/TU", ["Phụ lục", "4"])."""
        doc = self.find_document(reference)
        path = _normalise_path(path)
        citation = self.live.composer.item_citation(doc, path)
        if citation is None:
            raise ItemNotFound(f"Không có {item_label(path)} trong {doc.meta.display_name}. Có: {_available(doc)}.")
        return citation

    def status(self) -> dict[str, object]:
        live = self.live
        manifest = live.index.manifest
        return {
            "documents": len(live.index.documents),
            "chunks": len(live.index.chunks),
            "built_at": manifest.get("built_at"),
            "generation": live.index.generation,
            "index_dir": str(self.settings.index_dir),
            "chroma": f"{self.chroma.host}:{self.chroma.port}" if self.chroma.host else "embedded",
            "embedder": manifest.get("embedder"),
            "failures": manifest.get("failures", {}),
        }


def _listing(live: _Live, text: str) -> Answer | None:
    """A list or link question's answer; None for other questions, and on any failure (the search answers)."""
    try:
        return live.relation_answers.answer(text) or live.register_answers.answer(text)
    except Exception:
        log.exception("list and link answers failed; the search answers instead")
        return None


def _normalise_path(path: list[str]) -> list[str]:
    """"phu luc 4", "III.2" and "III 2" all name items the way documents print them."""
    out: list[str] = []
    for part in path:
        for piece in str(part).replace(",", " ").split():
            key = ascii_fold(piece).strip(".-)")
            if key in ("phu", "luc", "phuluc", "pl"):
                if APPENDIX not in out:
                    out.append(APPENDIX)
                continue
            if key in ("muc", "dong", "khoan", "diem"):
                continue
            if "." in piece and piece.split(".")[0].isalpha() and piece.split(".")[0].isupper():
                out.extend(x for x in piece.split(".") if x)
                continue
            out.append(piece.strip(".-)"))
    # "2.1" after "2" is how dotted labels are stored; "III 2 1" means III / 2 / 2.1
    fixed: list[str] = []
    for part in out:
        if fixed and part.isdigit() and fixed[-1][:1].isdigit():
            fixed.append(f"{fixed[-1]}.{part}")
        else:
            fixed.append(part)
    return fixed


def _available(doc: Document) -> str:
    labels = [item_label(s.path) for s in doc.sections if s.label][:12]
    if doc.tables:
        labels.append(f"{APPENDIX} (dòng 1–{len(doc.tables[0].rows)})")
    return ", ".join(labels)
