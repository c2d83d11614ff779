"""Ruled tables found on a page image by their lines (retrieval/readers/scantables.py): grids drawn in the test,
words placed in them as OCR would give them."""

import numpy as np
from PIL import Image, ImageDraw

from retrieval.readers.pdflayout import Word
from retrieval.readers.scantables import find_tables, without_rules

DPI = 300
PT = DPI / 72  # pixels a point


def page_with(xs: list[int], ys: list[int], merged: set[tuple[int, int]] = frozenset(), width: int = 2) -> Image.Image:
    """A white page with a grid ruled at xs × ys (pixels); for (row, column) in ``merged`` the line under that
    cell is left out, so it spans the row below too."""
    image = Image.new("L", (1800, 1400), 255)
    draw = ImageDraw.Draw(image)
    for x in xs:
        draw.line([(x, ys[0]), (x, ys[-1])], fill=60, width=width)
    for r, y in enumerate(ys):
        for c in range(len(xs) - 1):
            if (r - 1, c) not in merged:
                draw.line([(xs[c], y), (xs[c + 1], y)], fill=60, width=width)
    return image


def word(text: str, x_px: int, y_px: int) -> Word:
    return Word(text, x_px / PT, (x_px + 60) / PT, y_px / PT, (y_px + 40) / PT)


def test_a_grid_with_a_merged_cell_reads_row_by_row_its_text_in_the_top_row():
    xs, ys = [100, 250, 900, 1400], [100, 200, 400, 600, 800]
    found = find_tables(page_with(xs, ys, merged={(1, 2)}), DPI)  # column 2 of rows 1 and 2 is one cell
    assert len(found.tables) == 1
    table = found.tables[0]
    words = [
        word("TT", 120, 130), word("Nội", 300, 130), word("Chủ", 950, 130),
        word("1", 120, 230), word("Việc", 300, 230), word("một", 300, 300), word("Sở", 950, 230),
        word("2", 120, 430), word("Việc", 300, 430), word("hai", 400, 430), word("Nội", 950, 430),
        word("3", 120, 630), word("Ba", 300, 630), word("Ban", 950, 630),
        word("ngoài", 1500, 630),  # beside the table: not its text
    ]  # fmt: skip
    assert table.rows(words) == [
        ["TT", "Nội", "Chủ"],
        ["1", "Việc một", "Sở Nội"],
        ["2", "Việc hai", ""],  # the agency written once for rows 1 and 2, its second line in row 2's band
        ["3", "Ba", "Ban"],
    ]
    assert not table.holds(words[-1]) and table.holds(words[0])


def test_thick_scanned_lines_are_one_line_each_and_are_blanked_before_ocr():
    xs, ys = [100, 600, 1200], [100, 300, 500]
    image = page_with(xs, ys, width=6)
    found = find_tables(image, DPI)
    assert [len(t.xs) for t in found.tables] == [3] and [len(t.ys) for t in found.tables] == [3]
    blank = without_rules(image, found)
    assert int(np.asarray(blank).min()) == 255  # no ruling line left for OCR to read as "|" or "l"


def test_lines_that_do_not_cross_are_no_table():
    image = Image.new("L", (1800, 1400), 255)
    draw = ImageDraw.Draw(image)
    draw.line([(300, 200), (1500, 200)], fill=0, width=2)  # a heading's underline
    draw.line([(300, 400), (1500, 400)], fill=0, width=2)
    draw.line([(200, 500), (200, 1300)], fill=0, width=2)  # a margin rule
    draw.text((400, 600), "TT  Nội dung  Cơ quan chủ trì", fill=0)
    assert find_tables(image, DPI).tables == []
