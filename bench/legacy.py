"""Legacy Vietnamese encodings: our tables (retrieval/readers/legacy.py) against the viparse package, measured on
corpus sentences encoded by independent implementations. Prints figures; asserts nothing.

    .venv/bin/python -m bench.legacy [--corpus ../shared/corpus] [--vbkey mdlCodeTable.bas] [--lines 3000]

Fixtures: each sentence is encoded with glibc's iconv (TCVN5712-1 for TCVN3, VISCII) and, where ``--vbkey`` names
the code table module of the public VBKey project (khiemdoan/VBKey, Modules/mdlCodeTable.bas, Windows-1252), with
its TCVN3, VNI and VISCII tables. TCVN3 sentences are those whose capitals TCVN3 can write (it has no toned
capitals). Both converters get the encoding named (as a .docx font names it) and must detect it on 30-line
documents (as a .txt file); viparse is called on the text between runs of spaces, since ``viparse.fix`` collapses
runs of spaces that hold a header's two columns apart.
"""

from __future__ import annotations

import argparse
import random
import re
import subprocess
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

from retrieval.readers import legacy
from retrieval.settings import PROJECT_ROOT

Converter = Callable[[str, str], str]
Detector = Callable[[str], str | None]
CAPITALS_TCVN3_HAS = set("ĂÂÊÔƠƯĐ")
OTHER_LANGUAGES = [
    "Le comité français a décidé à l'unanimité que la réunion aura lieu à Genève après les élections.",
    "Die Größe der Bevölkerung wächst schnell über die Jahre, während die Städte ärmer werden.",
    "El niño comió una manzana en el jardín mientras su señora leía el periódico de la mañana.",
    "A commissão técnica aprovou a revisão orçamentária após três sessões de negociação difícil.",
    "The committee's café meeting — naïve, perhaps — ended with a résumé of the year's work.",
]


def corpus_lines(corpus: Path, count: int) -> list[str]:
    seen: dict[str, None] = {}
    for path in sorted(corpus.rglob("*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = unicodedata.normalize("NFC", re.sub(r"[|*]", " ", raw).strip())
            # lines the legacy encodings can write: Vietnamese letters and ASCII
            if len(line) > 20 and not line.isascii() and all(ch.isascii() or ch in legacy.LETTERS for ch in line):
                seen.setdefault(line)
    lines = list(seen)
    random.Random(1).shuffle(lines)
    return lines[:count]


def iconv(lines: list[str], charset: str) -> list[str]:
    done = subprocess.run(["iconv", "-f", "utf-8", "-t", charset], input="\n".join(lines).encode(), capture_output=True, check=True)
    return done.stdout.decode("latin-1").split("\n")


def vbkey_tables(path: Path) -> dict[str, dict[str, str]]:
    text = path.read_bytes().decode("cp1252", errors="replace")

    def array(name: str) -> list[str]:
        body = re.search(name + r" = Array\((.*?)\)\s*\n\s*\n", text, re.S)
        assert body, name
        if "ChrW" in body.group(1):
            return [chr(int(h, 16)) for h in re.findall(r"ChrW\$\(&H([0-9A-F]+)\)", body.group(1))]
        return re.findall(r'"([^"]*)"', body.group(1))

    letters = array("UNICODE_PRECOMPOSED_TABLE")
    return {enc: dict(zip(letters, array(name), strict=True))
            for enc, name in (("tcvn3", "TCVN3_TABLE"), ("vni", "VNI_WINDOWS_TABLE"), ("viscii", "VISCII_TABLE"))}  # fmt: skip


def tcvn3_writable(line: str) -> bool:
    return all(not (ch.isupper() and not ch.isascii() and ch not in CAPITALS_TCVN3_HAS) for ch in line)


def viparse_convert(text: str, encoding: str) -> str:
    import viparse

    return "".join(
        piece if not piece.strip() else viparse.fix(piece, encoding=encoding) for piece in re.split(r"( {2,}|\t)", text)
    )


def viparse_detect(text: str) -> str | None:
    import viparse

    return viparse.detect_text_encoding(text)


def measure(name: str, truth: list[str], encoded: list[str], encoding: str, convert: Converter, detect: Detector) -> None:
    started = time.perf_counter()
    named = sum(convert(e, encoding) == t for t, e in zip(truth, encoded, strict=True))
    seconds = time.perf_counter() - started
    docs = [("\n".join(truth[i : i + 30]), "\n".join(encoded[i : i + 30])) for i in range(0, len(truth), 30)]
    detected = 0
    whole = 0
    for t, e in docs:
        found = detect(e)
        detected += found == encoding
        whole += found is not None and convert(e, found) == t
    print(f"  {name:34} lines {named / len(truth):6.3f}  detected {detected:>3}/{len(docs):<3} "
          f"documents exact {whole:>3}/{len(docs):<3} {seconds:5.2f} s")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=PROJECT_ROOT.parent / "shared" / "corpus")
    parser.add_argument("--vbkey", type=Path, help="VBKey's Modules/mdlCodeTable.bas, for a second fixture source")
    parser.add_argument("--lines", type=int, default=3000)
    args = parser.parse_args()
    lines = corpus_lines(args.corpus, args.lines)
    tcvn_lines = [line for line in lines if tcvn3_writable(line)]
    fixtures: list[tuple[str, str, list[str], list[str]]] = [
        ("tcvn3 by glibc iconv TCVN5712-1", "tcvn3", tcvn_lines, iconv(tcvn_lines, "TCVN5712-1")),
        ("viscii by glibc iconv VISCII", "viscii", lines, iconv(lines, "VISCII")),
    ]
    if args.vbkey:
        tables = vbkey_tables(args.vbkey)
        for enc in ("tcvn3", "vni", "viscii"):
            truth = tcvn_lines if enc == "tcvn3" else lines
            if enc == "viscii":  # VBKey writes VISCII's six C0 capitals (Ẳ Ẵ Ẫ Ỷ Ỹ Ỵ) and Õ as other letters
                truth = [line for line in truth if not set(line) & set("ẲẴẪỶỸỴÕ")]
            encoded = ["".join(tables[enc].get(ch, ch) for ch in line) for line in truth]
            fixtures.append((f"{enc} by VBKey's table", enc, truth, encoded))
    converters: list[tuple[str, Converter, Detector]] = [("ours", legacy.convert, legacy.detect)]
    try:
        import viparse  # noqa: F401

        converters.append(("viparse", viparse_convert, viparse_detect))
    except ImportError:
        print("viparse is not installed: pip install viparse to compare")
    print(f"{len(lines)} corpus lines, {len(tcvn_lines)} writable in TCVN3")
    for label, encoding, truth, encoded in fixtures:
        print(label)
        for name, convert, detect in converters:
            measure(name, truth, encoded, encoding, convert, detect)
    unicode_docs = ["\n".join(lines[i : i + 30]) for i in range(0, len(lines), 30)]
    for name, _, detect in converters:
        wrong = sum(detect(d) is not None for d in unicode_docs)
        other = sum(detect(s * 3) is not None for s in OTHER_LANGUAGES)
        print(f"{name}: Unicode documents taken for legacy {wrong}/{len(unicode_docs)}, "
              f"French/German/Spanish/Portuguese/English texts taken for legacy {other}/{len(OTHER_LANGUAGES)}")  # fmt: skip


if __name__ == "__main__":
    main()
