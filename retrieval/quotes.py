"""Quotes that are verbatim by construction: every passage shown is checked against its source file."""

from __future__ import annotations

import re

from .vietnamese import fold

_SENTENCE_END = re.compile(r"(?<=[.;:!?])\s+")


class QuoteChecker:
    def __init__(self, sources: dict[str, str]) -> None:
        self._sources = sources  # source file → folded text

    def is_verbatim(self, text: str, source: str) -> bool:
        folded = fold(text)
        return bool(folded) and folded in self._sources.get(source, "")

    def verbatim(self, text: str, source: str) -> str | None:
        """The passage itself when it stands in the source; else its longest run of sentences that does.

        A paragraph healed across a page break with a footnote in between is not contiguous in the file:
        we then quote the part that is, never the join.
        """
        if self.is_verbatim(text, source):
            return text
        sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
        best: str | None = None
        for start in range(len(sentences)):
            for end in range(len(sentences), start, -1):
                candidate = " ".join(sentences[start:end])
                if best is not None and len(candidate) <= len(best):
                    break
                if self.is_verbatim(candidate, source):
                    best = candidate
                    break
        return best
