"""BM25 over Vietnamese-aware tokens: folded syllables and pairs, and beside them the accented ones (abbreviations
written out); a question is matched accented where the user typed marks, folded where not."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from .vietnamese import index_tokens, query_tokens

logging.getLogger("bm25s").setLevel(logging.WARNING)


@dataclass
class TokenArrays:
    """One file's chunks as token ids into the file's own vocabulary: chunk i is ids[offsets[i]:offsets[i+1]]."""

    vocab: list[str]
    ids: np.ndarray  # int32
    offsets: np.ndarray  # int64, one more than there are chunks

    @classmethod
    def encode(cls, texts: Iterable[str]) -> TokenArrays:
        vocab: dict[str, int] = {}
        ids: list[int] = []
        offsets = [0]
        for text in texts:
            # "_" for a chunk without tokens, as LexicalIndex.build does: bm25s wants one token per document
            ids.extend(vocab.setdefault(t, len(vocab)) for t in index_tokens(text) or ["_"])
            offsets.append(len(ids))
        return cls(list(vocab), np.asarray(ids, dtype=np.int32), np.asarray(offsets, dtype=np.int64))

    def chunks(self) -> int:
        return len(self.offsets) - 1

    def subset(self, keep: list[int]) -> TokenArrays:
        """The chunks at the given positions, in that order (the file's vocabulary kept whole)."""
        pieces = [self.ids[self.offsets[i] : self.offsets[i + 1]] for i in keep]
        lengths = np.asarray([len(p) for p in pieces], dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        ids = np.concatenate(pieces).astype(np.int32) if pieces else np.zeros(0, dtype=np.int32)
        return TokenArrays(self.vocab, ids, offsets)


class LexicalIndex:
    def __init__(self, model: bm25s.BM25) -> None:
        self._model = model

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        """Tokens become ids as they are read: a list of token strings per chunk would take gigabytes
        on a large corpus."""
        vocab: dict[str, int] = {}
        ids = [
            np.fromiter((vocab.setdefault(t, len(vocab)) for t in index_tokens(text) or ["_"]), dtype=np.int32)
            for text in texts
        ]
        model = bm25s.BM25()
        model.index((ids, vocab), show_progress=False)
        return cls(model)

    @classmethod
    def from_tokens(cls, parts: Iterable[TokenArrays]) -> LexicalIndex:
        """The index of the chunks of several files, from their cached tokens (no re-tokenising): the same
        index ``build`` makes from the texts, up to the order of the vocabulary."""
        vocab: dict[str, int] = {}
        ids: list[np.ndarray] = []
        for part in parts:
            remap = np.fromiter(
                (vocab.setdefault(t, len(vocab)) for t in part.vocab), dtype=np.int32, count=len(part.vocab)
            )
            mapped = remap[part.ids] if len(part.ids) else part.ids
            ids.extend(np.split(mapped, part.offsets[1:-1]))
        model = bm25s.BM25()
        model.index((ids, vocab), show_progress=False)
        return cls(model)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        return cls(bm25s.BM25.load(str(folder)))

    def save(self, folder: Path) -> None:
        self._model.save(str(folder))

    def scores(self, query: str) -> np.ndarray:
        """A BM25 score for every chunk, in index order."""
        tokens = query_tokens(query)
        vocab = self._model.vocab_dict
        known = [t for t in tokens if t in vocab]
        if not known:
            return np.zeros(self._model.scores["num_docs"], dtype=np.float32)
        return self._model.get_scores(known)

    def document_frequency(self, token: str) -> int:
        """In how many chunks a token occurs (0 when never)."""
        tid = self._model.vocab_dict.get(token)
        if tid is None:
            return 0
        indptr = self._model.scores["indptr"]
        return int(indptr[tid + 1] - indptr[tid])

    def present(self, tokens: set[str], groups: list[list[int]]) -> list[set[str]]:
        """For each group of chunks, which of the tokens occur in it, read from the index: each token's
        column lists the chunks that hold it, sorted, so a binary search answers (no re-tokenising)."""
        vocab, indptr, indices = self._model.vocab_dict, self._model.scores["indptr"], self._model.scores["indices"]
        members = np.asarray([c for group in groups for c in group], dtype=indices.dtype)
        owners = np.asarray([g for g, group in enumerate(groups) for _ in group], dtype=np.int32)
        found: list[set[str]] = [set() for _ in groups]
        if not len(members):
            return found
        for token in tokens:
            tid = vocab.get(token)
            if tid is None:
                continue
            column = indices[indptr[tid] : indptr[tid + 1]]
            at = np.searchsorted(column, members)
            hit = at < len(column)
            hit[hit] = column[at[hit]] == members[hit]
            for g in set(owners[hit].tolist()):
                found[g].add(token)
        return found

    @property
    def size(self) -> int:
        return int(self._model.scores["num_docs"])
