"""docs/benchmarks.md is written by more than one benchmark: each owns one section and leaves the rest."""

from __future__ import annotations

from pathlib import Path

from retrieval.settings import PROJECT_ROOT

BENCHMARKS = PROJECT_ROOT / "docs" / "benchmarks.md"


def replace_section(heading: str, body: list[str], path: Path = BENCHMARKS) -> None:
    """Put `## heading` with `body` in the file, replacing that section if it is there, else appending it."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    lines = text.rstrip("\n").split("\n")
    title = f"## {heading}"
    start = next((i for i, line in enumerate(lines) if line.strip() == title), None)
    block = [title, "", *body]
    if start is None:
        lines += ["", *block]
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
        lines[start:end] = [*block, ""] if end < len(lines) else block
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")


def section(heading: str, path: Path = BENCHMARKS) -> list[str]:
    """The body of `## heading` as it stands, or nothing."""
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").split("\n")
    title = f"## {heading}"
    if title not in (line.strip() for line in lines):
        return []
    start = [line.strip() for line in lines].index(title)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return lines[start + 2 : end]
