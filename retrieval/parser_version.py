"""The version of the code that turns a file into documents, chunks and tokens: a hash of the retrieval
package's own source. The per-file build cache (retrieval/filecache.py) is keyed by it, so any change to
the readers, the parser, the chunker or the tokeniser invalidates every cached file without anyone having
to remember to bump a number. Hashing the whole package is coarser than needed (a change to answer
composition also invalidates), but a stale cache that silently keeps old parses would be worse."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


@lru_cache(maxsize=1)
def parser_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(str(path.relative_to(PACKAGE)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:16]
