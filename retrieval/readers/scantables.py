"""Ruled tables on a scanned page: the grid from its ruling lines, the page's OCR words put into its cells.

A scan has no table structure, only the drawn lines. The grey page is binarised; a dark pixel belongs to a
ruling line when it lies in a dark run at least :data:`MIN_RULE_INCHES` long, across (horizontal lines) or down
(vertical lines): letters have no strokes that long. Runs next to each other are one segment (a line two or
three pixels thick, a small break in it). Segments that cross each other make one table when it has two
horizontal and two vertical lines or more. The grid is every distinct height of its horizontal lines and every
distinct position of its vertical ones; two neighbouring grid cells are one merged cell where the ruling line
between them is missing (a lead agency written once for several rows, a heading row across all columns).

The text of a merged cell goes to its top row and first column, the other places it covers are empty — as
pdfplumber reads the text layer of the same page (:mod:`.pdf`), so that both go the same way through
:func:`.pdflayout.paragraphs` (a table going on over a page break, its repeated header).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy as np

from .pdflayout import Word, group_lines, join_lines

DARK = 160  # grey level below which a pixel is ink (a 0.5 pt line scanned at 200 dpi is about 50-130)
MIN_RULE_INCHES = 0.2  # a ruling line is longer than any stroke of a letter (an ascender is under 0.15 in)
JOIN_INCHES = 0.03  # segments this close across are one line (its thickness, a line drawn twice)
COVER_SHARE = 0.5  # a ruling line parts two cells when it runs along at least this share of their border


@dataclass(frozen=True)
class Segment:
    """A ruling line: ``at`` is its y (horizontal) or x (vertical), from ``start`` to ``end`` along it; pixels."""

    at: float
    start: float
    end: float
    first: int  # the rows (columns) of pixels it is drawn on: its thickness
    last: int


@dataclass(frozen=True)
class Cell:
    """A cell of a table (a merged one spanning several grid places), in PDF points."""

    row: int  # where it begins in the grid
    column: int
    x0: float
    top: float
    x1: float
    bottom: float

    def holds(self, word: Word) -> bool:
        x, y = (word.x0 + word.x1) / 2, word.middle
        return self.x0 <= x <= self.x1 and self.top <= y <= self.bottom


@dataclass(frozen=True)
class Table:
    """A ruled table found on a page image, in PDF points (as :class:`.pdflayout.Word`): the positions of its
    horizontal and vertical lines, and for each place of the grid the place where its (merged) cell begins."""

    ys: tuple[float, ...]
    xs: tuple[float, ...]
    owner: tuple[tuple[tuple[int, int], ...], ...]  # [row][column] → (top row, first column) of its cell

    @property
    def x0(self) -> float:
        return self.xs[0]

    @property
    def x1(self) -> float:
        return self.xs[-1]

    @property
    def top(self) -> float:
        return self.ys[0]

    @property
    def bottom(self) -> float:
        return self.ys[-1]

    def holds(self, word: Word) -> bool:
        x, y = (word.x0 + word.x1) / 2, word.middle
        return self.x0 <= x <= self.x1 and self.top <= y <= self.bottom

    def cells(self) -> list[Cell]:
        """Every cell, a merged one by the box of all the grid places it covers."""
        boxes: dict[tuple[int, int], list[int]] = {}  # (row, column) where it begins → its last row and column
        for r, places in enumerate(self.owner):
            for c, at in enumerate(places):
                last = boxes.setdefault(at, [r, c])
                last[0], last[1] = max(last[0], r), max(last[1], c)
        return [
            Cell(r, c, self.xs[c], self.ys[r], self.xs[c1 + 1], self.ys[r1 + 1])
            for (r, c), (r1, c1) in sorted(boxes.items())
        ]

    def rows(self, words: list[Word]) -> list[list[str]]:
        """The text of each grid row, cell by cell; places covered by a merged cell above or to the left are
        empty. Of ``words`` (the page's), those whose middle lies in a cell are its text."""
        inside: dict[tuple[int, int], list[Word]] = {}
        for word in words:
            if self.holds(word):
                r = min(bisect.bisect_right(self.ys, word.middle) - 1, len(self.ys) - 2)
                c = min(bisect.bisect_right(self.xs, (word.x0 + word.x1) / 2) - 1, len(self.xs) - 2)
                inside.setdefault(self.owner[max(r, 0)][max(c, 0)], []).append(word)
        grid = [["" for _ in self.xs[1:]] for _ in self.ys[1:]]
        for (r, c), cell_words in inside.items():
            grid[r][c] = cell_text(cell_words, self.x1 - self.x0)
        return grid


@dataclass(frozen=True)
class PageRules:
    """What was found on one page image: its tables, and the ruling pixels that drew them (to blank them out
    before OCR, which otherwise reads a line next to a letter as ``|`` or ``l``)."""

    tables: list[Table]
    rules: np.ndarray  # bool, the image's shape: pixels of the tables' ruling lines


def find_tables(image, dpi: int) -> PageRules:  # type: ignore[no-untyped-def]
    """The ruled tables of a grey page image (PIL)."""
    ink = np.asarray(image.convert("L")) < DARK
    # lines are found on a coarser grid (a pixel is ink when any of its block is): four times fewer pixels to
    # run over at 300 dpi, and a line is still one or two pixels thick
    factor = max(1, dpi // 150)
    height, width = (ink.shape[0] // factor) * factor, (ink.shape[1] // factor) * factor
    coarse = ink[:height, :width].reshape(height // factor, factor, width // factor, factor).any(axis=(1, 3))
    coarse_dpi = dpi / factor
    length = max(8, round(MIN_RULE_INCHES * coarse_dpi))
    join = max(2, round(JOIN_INCHES * coarse_dpi))
    horizontal = _segments(_long_runs(_close(coarse, 1), length), join)
    vertical = _segments(_long_runs(_close(coarse.T, 1), length), join)
    rules = np.zeros_like(ink)
    tables = []
    for h_group, v_group in _crossing_groups(horizontal, vertical, join):
        table = _table(h_group, v_group, join, 72 / coarse_dpi)
        if table is None:
            continue
        tables.append(table)
        for s in h_group:  # the line's band at full resolution: its ink, letters touching it aside
            band = np.s_[s.first * factor : (s.last + 1) * factor, int(s.start) * factor : (int(s.end) + 1) * factor]
            rules[band] |= ink[band]
        for s in v_group:
            band = np.s_[int(s.start) * factor : (int(s.end) + 1) * factor, s.first * factor : (s.last + 1) * factor]
            rules[band] |= ink[band]
    return PageRules(tables, rules)


def without_rules(image, found: PageRules):  # type: ignore[no-untyped-def]
    """The page image with its tables' ruling lines (and a pixel around them, the grey edge) made white."""
    from PIL import Image

    if not found.tables:
        return image
    rules = found.rules.copy()
    rules[1:, :] |= found.rules[:-1, :]
    rules[:-1, :] |= found.rules[1:, :]
    rules[:, 1:] |= found.rules[:, :-1]
    rules[:, :-1] |= found.rules[:, 1:]
    pixels = np.asarray(image.convert("L")).copy()
    pixels[rules] = 255
    return Image.fromarray(pixels, mode="L")


def cell_text(words: list[Word], width: float) -> str:
    """A cell's words as one line: its lines top to bottom, a compound cut at its hyphen ("2021-" / "2025")
    whole again."""
    text = ""
    for line in group_lines(words, width * 10):  # no column gap inside a cell: the page middle is far away
        line_text = " ".join(w.text for w in line.words)
        text = join_lines(text, line_text) if text else line_text
    return text


def is_table(rows: list[list[str]]) -> bool:
    """Ruled boxes are a table when two rows or more have two filled cells: a framed paragraph or a box drawn
    around a phrase is not (the text-layer reader's test)."""
    return sum(1 for row in rows if sum(1 for cell in row if cell.strip()) >= 2) >= 2


# ---------------------------------------------------------------- ruling lines


def _close(ink: np.ndarray, gap: int) -> np.ndarray:
    """Breaks of up to ``gap`` pixels along each row filled (a scanned line is not always unbroken)."""
    closed = ink.copy()
    for before in range(1, gap + 1):
        for after in range(1, gap + 2 - before):
            closed[:, before:-after] |= ink[:, : -before - after] & ink[:, before + after :]
    return closed


def _long_runs(ink: np.ndarray, length: int) -> np.ndarray:
    """The pixels of each row that lie in a dark run of at least ``length`` pixels."""
    rows, width = ink.shape
    if width < length:
        return np.zeros_like(ink)
    sums = np.zeros((rows, width + 1), dtype=np.int32)
    np.cumsum(ink, axis=1, out=sums[:, 1:])
    full = (sums[:, length:] - sums[:, :-length]) == length  # windows of `length` all dark, by their start
    starts = np.zeros((rows, width + 1), dtype=np.int32)
    np.cumsum(np.pad(full, ((0, 0), (0, length - 1))), axis=1, out=starts[:, 1:])
    # a pixel is covered when a full window starts within `length` pixels before it
    covered = starts[:, 1:] - np.concatenate([np.zeros((rows, length), np.int32), starts[:, 1:-length]], axis=1)
    return covered > 0


def _segments(runs: np.ndarray, join: int) -> list[Segment]:
    """Rows of ``runs`` (pixels in long runs) as segments: runs in neighbouring rows that overlap are one."""
    open_: list[list[int]] = []  # [first row, last row, start, end]
    done: list[list[int]] = []
    for y in np.flatnonzero(runs.any(axis=1)):
        edges = np.flatnonzero(np.diff(np.concatenate([[0], runs[y].astype(np.int8), [0]])))
        pieces = list(zip(edges[::2], edges[1::2] - 1, strict=True))
        still: list[list[int]] = []
        for segment in open_:
            if y - segment[1] > join:
                done.append(segment)
            else:
                still.append(segment)
        open_ = still
        for start, end in pieces:
            for segment in open_:
                if start <= segment[3] and end >= segment[2]:
                    segment[1] = int(y)
                    segment[2], segment[3] = min(segment[2], int(start)), max(segment[3], int(end))
                    break
            else:
                open_.append([int(y), int(y), int(start), int(end)])
    done.extend(open_)
    return [
        Segment((first + last) / 2, float(start), float(end), int(first), int(last)) for first, last, start, end in done
    ]


def _crossing_groups(
    horizontal: list[Segment], vertical: list[Segment], tolerance: int
) -> list[tuple[list[Segment], list[Segment]]]:
    """The segments that cross one another, directly or through others: one group per table."""
    parent = list(range(len(horizontal) + len(vertical)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(horizontal):
        for j, v in enumerate(vertical):
            if h.start - tolerance <= v.at <= h.end + tolerance and v.start - tolerance <= h.at <= v.end + tolerance:
                parent[root(i)] = root(len(horizontal) + j)
    groups: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for i, h in enumerate(horizontal):
        groups.setdefault(root(i), ([], []))[0].append(h)
    for j, v in enumerate(vertical):
        groups.setdefault(root(len(horizontal) + j), ([], []))[1].append(v)
    return [(h, v) for h, v in groups.values() if len(h) >= 2 and len(v) >= 2]


def _positions(segments: list[Segment], tolerance: int) -> list[float]:
    """The distinct positions of the segments, those closer than ``tolerance`` taken as one."""
    found: list[list[float]] = []
    for at in sorted(s.at for s in segments):
        if found and at - found[-1][-1] <= tolerance:
            found[-1].append(at)
        else:
            found.append([at])
    return [sum(group) / len(group) for group in found]


def _covers(segments: list[Segment], at: float, start: float, end: float, tolerance: int) -> bool:
    """Does a ruling line run at ``at`` along at least COVER_SHARE of ``start``–``end``?"""
    covered = sum(max(0.0, min(end, s.end) - max(start, s.start)) for s in segments if abs(s.at - at) <= tolerance)
    return covered >= COVER_SHARE * (end - start)


def _table(horizontal: list[Segment], vertical: list[Segment], tolerance: int, scale: float) -> Table | None:
    ys = _positions(horizontal, tolerance)
    xs = _positions(vertical, tolerance)
    if len(ys) < 2 or len(xs) < 2:
        return None
    rows, columns = len(ys) - 1, len(xs) - 1
    group = [[r * columns + c for c in range(columns)] for r in range(rows)]
    parent = list(range(rows * columns))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(rows):
        for c in range(columns):
            if c + 1 < columns and not _covers(vertical, xs[c + 1], ys[r], ys[r + 1], tolerance):
                parent[root(group[r][c + 1])] = root(group[r][c])
            if r + 1 < rows and not _covers(horizontal, ys[r + 1], xs[c], xs[c + 1], tolerance):
                parent[root(group[r + 1][c])] = root(group[r][c])
    first: dict[int, tuple[int, int]] = {}  # a merged cell begins at its top row, then its first column
    for r in range(rows):
        for c in range(columns):
            first.setdefault(root(group[r][c]), (r, c))
    owner = tuple(tuple(first[root(group[r][c])] for c in range(columns)) for r in range(rows))
    return Table(tuple(y * scale for y in ys), tuple(x * scale for x in xs), owner)
