"""BM25 over Vietnamese-aware tokens: folded syllables and pairs, and beside them the accented ones (abbreviations
written out); a question is matched accented where the user typed marks, folded where not."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import bm25s
import numpy as np

from .vietnamese import index_tokens, query_tokens

logging.getLogger("bm25s").setLevel(logging.WARNING)


@dataclass
class TokenArrays:
    """One file's chunks as BM25 needs them, in the file's own vocabulary: chunk i holds the distinct token ids
    ids[offsets[i]:offsets[i+1]] with their counts, and has lengths[i] tokens in all."""

    vocab: list[str]
    ids: np.ndarray  # int32
    counts: np.ndarray  # int32, beside ids
    offsets: np.ndarray  # int64, one more than there are chunks
    lengths: np.ndarray  # int32, one per chunk
    # The postings (positions in ids) grouped by token, chunks in order within a token: what the BM25 build
    # sorts by. It depends on the file alone, so it is computed once, when the file is tokenised, and cached
    # beside the rest; a build then sorts nothing (the sort was a third of an incremental build's BM25 time).
    # int32: a file holds far fewer than 2**31 postings, and int64 made the cache half as large again
    order: np.ndarray | None = None

    def token_order(self) -> np.ndarray:
        if self.order is None:
            self.order = np.argsort(self.ids, kind="stable").astype(np.int32)
        return self.order

    @classmethod
    def encode(cls, texts: Iterable[str]) -> TokenArrays:
        vocab: dict[str, int] = {}
        ids: list[int] = []
        counts: list[int] = []
        offsets = [0]
        lengths: list[int] = []
        for text in texts:
            # "_" for a chunk without tokens, as LexicalIndex.build does: bm25s wants one token per document
            tokens = index_tokens(text) or ["_"]
            for token, count in Counter(vocab.setdefault(t, len(vocab)) for t in tokens).items():
                ids.append(token)
                counts.append(count)
            offsets.append(len(ids))
            lengths.append(len(tokens))
        arrays = cls(
            list(vocab),
            np.asarray(ids, dtype=np.int32),
            np.asarray(counts, dtype=np.int32),
            np.asarray(offsets, dtype=np.int64),
            np.asarray(lengths, dtype=np.int32),
        )
        arrays.token_order()
        return arrays

    def subset(self, keep: list[int]) -> TokenArrays:
        """The chunks at the given positions, in that order (the file's vocabulary kept whole)."""
        spans = [(int(self.offsets[i]), int(self.offsets[i + 1])) for i in keep]
        offsets = np.concatenate([[0], np.cumsum([b - a for a, b in spans], dtype=np.int64)]).astype(np.int64)

        def take(array: np.ndarray) -> np.ndarray:
            return np.concatenate([array[a:b] for a, b in spans]) if spans else array[:0]

        subset = TokenArrays(self.vocab, take(self.ids), take(self.counts), offsets, self.lengths[keep])
        subset.token_order()
        return subset


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
        """The index of the chunks of several files from their cached token counts, computed with whole-array
        operations: bm25s's own indexing walks every chunk in Python, a minute and more at 100× the sample.
        The scores are bm25s's defaults (Lucene's BM25, k1 1.5, b 0.75), saved in its format.

        Two passes, file by file, so that memory stays near the size of the result: the first maps each file's
        tokens into one vocabulary and counts document frequencies; the second scores each file's postings and
        writes them straight to their place in the token-major (CSC) arrays, a counting sort."""
        vocab: dict[str, int] = {}
        files: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        for part in parts:  # tokens (global ids), counts, offsets, lengths, order
            # a file's tokens are distinct: its new ones are numbered in its order, as setdefault did, and the
            # lookups run in C (map), not a generator (half of the BM25 build time at 10× went to that loop)
            new = [t for t in part.vocab if t not in vocab]
            vocab.update(zip(new, range(len(vocab), len(vocab) + len(new)), strict=True))
            remap = np.fromiter(map(vocab.__getitem__, part.vocab), np.int32, len(part.vocab))
            tokens = remap[part.ids] if len(part.ids) else part.ids
            files.append((tokens, part.counts, part.offsets, part.lengths, part.token_order()))
        model = bm25s.BM25()
        df = np.zeros(len(vocab), dtype=np.int64)
        n_docs, total_length = 0, 0
        for tokens, _, _, lengths, _ in files:
            df += np.bincount(tokens, minlength=len(vocab))
            n_docs += len(lengths)
            total_length += int(lengths.sum())
        idf = np.log(1 + (n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
        average = total_length / n_docs if n_docs else 1.0
        indptr = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        data = np.empty(int(indptr[-1]), dtype=np.float32)
        indices = np.empty(int(indptr[-1]), dtype=np.int32)
        fill = indptr[:-1].copy()  # where each token's next posting goes
        first_doc = 0
        for tokens, counts, offsets, lengths, order in files:
            doc = np.repeat(np.arange(first_doc, first_doc + len(lengths), dtype=np.int32), np.diff(offsets))
            norm = (model.k1 * ((1 - model.b) + model.b * lengths.astype(np.float32) / average)).astype(np.float32)
            tf = counts.astype(np.float32)
            scores = idf[tokens] * (tf / (norm[doc - first_doc] + tf))
            # the file's postings grouped by its own token ids, chunks in order within a group: each group is one
            # global token too (the mapping is one to one), so the groups need not be in global order
            ranked = tokens[order]
            starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]]) if len(ranked) else ranked
            rank = np.arange(len(ranked)) - np.repeat(starts, np.diff(np.r_[starts, len(ranked)]))
            dest = fill[ranked] + rank
            data[dest] = scores[order]
            indices[dest] = doc[order]
            np.add.at(fill, ranked[starts], np.diff(np.r_[starts, len(ranked)]))
            first_doc += len(lengths)
        model.scores = {"data": data, "indices": indices, "indptr": indptr, "num_docs": n_docs}
        model.vocab_dict = vocab
        model.nonoccurrence_array = None  # only BM25L and BM25+ have one
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
