"""Word .docx → plain text: the body in order, tables with merged cells, Word's automatic numbering written out.

- paragraphs one per line with a blank line between; a soft line break joins with a space unless a new list item
  ("- ", "1. ", "a) ") starts after it;
- a table row is one line of tab-separated cells, a cell's paragraphs joined by a space; a cell covered by a
  vertical merge (``w:vMerge`` continue) is empty, a cell spanning columns (``w:gridSpan``) is followed by empty
  cells, so the columns stay aligned and the parser fills merged lead cells from the row above;
- a label that Word draws from ``numbering.xml`` is written before its paragraph's text (see :mod:`.numbering`);
- runs in the legacy Vietnamese fonts (.VnTime, .VnTimeH, VNI-Times, ...) are converted to Unicode;
- page headers and footers, footnotes, text boxes, deleted text, hidden text and field codes are left out; the
  shown result of a field and the text of a hyperlink are kept.

The package is checked before it is opened: its parts' unpacked sizes are bounded (zip bombs), spans are bounded
and every loop counts the text it makes against the file's :class:`~.limits.Budget`.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from . import legacy
from .errors import UnreadableFile, damaged, too_large
from .limits import MAX_GRID_SPAN, MAX_MEMBER_BYTES, MAX_TABLE_COLUMNS, MAX_UNPACKED_BYTES, Budget
from .numbering import Definitions, Numberer, W, read_definitions

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a .doc, or an encrypted .docx, whatever its name says

# Subtrees whose text Word does not show in the body's flow (or shows twice: mc:Fallback repeats mc:Choice).
_SKIPPED = {
    f"{W}txbxContent", f"{W}delText", f"{W}instrText", f"{W}del", f"{W}moveFrom", f"{W}rPr", f"{W}pPr",
    f"{W}footnoteReference", f"{W}endnoteReference", f"{W}commentReference", f"{MC}Fallback",
    "{urn:schemas-microsoft-com:vml}textbox", f"{W}pict", f"{W}drawing", f"{W}object",
}  # fmt: skip
_NEW_ITEM = re.compile(r"^\s*(?:[-–+•]\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ]\)\s|[IVX]{1,5}[.-]\s)")
_LEADING_LABEL = re.compile(r"^\S{1,8}$")  # "1.", "a)", "Điều" before a tab: the tab is the label's gap


def check_package(data: bytes, name: str) -> None:
    """Refuse what is not a zip, and any package whose parts unpack past the bounds (declared sizes are what
    zipfile will read at most: a part that inflates further fails its CRC instead)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UnreadableFile(
            f"{name}: not a zip package, so not a .docx",
            "Tệp .docx bị hỏng hoặc không phải tệp Word (.docx).",
        ) from exc
    total = 0
    with archive:
        for info in archive.infolist():
            if info.file_size > MAX_MEMBER_BYTES:
                raise too_large(name, f"part {info.filename} unpacked (bytes), a possible zip bomb", info.file_size, MAX_MEMBER_BYTES)
            total += info.file_size
        if total > MAX_UNPACKED_BYTES:
            raise too_large(name, "the package unpacked (bytes), a possible zip bomb", total, MAX_UNPACKED_BYTES)


def docx_text(data: bytes, name: str, budget: Budget) -> str:
    check_package(data, name)
    import docx  # python-docx, imported here to keep start-up light

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        numbering = _part_element(document, "numbering_part")
        styles = _part_element(document, "styles")
    except (etree.XMLSyntaxError, zipfile.BadZipFile) as exc:
        raise damaged(name, ".docx", f"{type(exc).__name__}: {exc}") from exc
    except (KeyError, ValueError, AttributeError, TypeError) as exc:  # python-docx on a package missing its parts
        raise damaged(name, ".docx", f"{type(exc).__name__}: {exc}") from exc
    reader = BodyReader(name, budget, read_definitions(numbering, styles), legacy.FontMap.from_styles(styles))
    return "\n".join(reader.blocks(body))


def _part_element(document, attribute: str) -> etree._Element | None:  # type: ignore[no-untyped-def]
    """numbering.xml / styles.xml of the package, or None where it has none."""
    try:
        part = getattr(document.part, attribute)
    except (KeyError, NotImplementedError):
        return None
    element = getattr(part, "element", None)
    return element if element is not None else getattr(part, "_element", None)


@dataclass
class BodyReader:
    name: str
    budget: Budget
    defs: Definitions
    fonts: legacy.FontMap
    numberer: Numberer = field(init=False)

    def __post_init__(self) -> None:
        self.numberer = Numberer(self.defs)

    def blocks(self, body: etree._Element) -> Iterator[str]:
        """The body's lines: a paragraph then a blank line; a table's rows together, a blank line around."""
        for element in _block_elements(body):
            self.budget.check()
            if element.tag == f"{W}p":
                for paragraph in self.paragraph_lines(element):
                    yield paragraph
                    yield ""
            elif element.tag == f"{W}tbl":
                rows = list(self.table_lines(element))
                if rows:
                    yield from rows
                    yield ""

    # ---------------------------------------------------------------- paragraphs

    def paragraph_lines(self, p: etree._Element) -> list[str]:
        raw = self.label(p) + self.runs_text(p)
        pieces = [_clean(piece) for piece in raw.split("\n")]
        lines: list[str] = []
        for piece in pieces:
            if not piece:
                continue
            if lines and not _NEW_ITEM.match(piece):
                lines[-1] = f"{lines[-1]} {piece}"
            else:
                lines.append(piece)
        return lines

    def label(self, p: etree._Element) -> str:
        ppr = p.find(f"{W}pPr")
        style = ""
        num_id: str | None = None
        ilvl: int | None = None
        if ppr is not None:
            style_el = ppr.find(f"{W}pStyle")
            style = style_el.get(f"{W}val", "") if style_el is not None else ""
            num_pr = ppr.find(f"{W}numPr")
            if num_pr is not None:
                num_el, lvl_el = num_pr.find(f"{W}numId"), num_pr.find(f"{W}ilvl")
                num_id = num_el.get(f"{W}val") if num_el is not None else None
                ilvl = _small_int(lvl_el.get(f"{W}val") if lvl_el is not None else None)
                if num_id is None and style:  # only the level here: the style gives the list
                    found = self.defs.style_num(style)
                    num_id = found[0] if found else None
        text = self.numberer.label(num_id, ilvl, style)
        return f"{text} " if text else ""

    def runs_text(self, p: etree._Element) -> str:
        """The text Word shows for a paragraph (or a cell): runs in order, breaks as newlines, tabs kept."""
        out: list[str] = []
        paragraph_font = self.fonts.paragraph_font(p)
        stack: list[Iterator[etree._Element]] = [iter(p)]
        run_font: str | None = None
        while stack:
            element = next(stack[-1], None)
            if element is None:
                stack.pop()
                continue
            tag = element.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                continue
            if tag == f"{W}r":
                if _hidden(element):
                    continue
                run_font = self.fonts.run_font(element, paragraph_font)
                stack.append(iter(element))
            elif tag == f"{W}t":
                text = element.text or ""
                out.append(legacy.convert_font_text(text, run_font) if run_font else text)
            elif tag in (f"{W}tab", f"{W}ptab"):
                out.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                out.append("\n")
            elif tag == f"{W}noBreakHyphen":
                out.append("-")
            elif tag == f"{W}sym":
                out.append(legacy.symbol_char(element.get(f"{W}char", "")))
            elif tag == f"{W}p":  # a paragraph nested in a cell's content control: its own line
                out.append("\n")
                stack.append(iter(element))
            else:
                stack.append(iter(element))  # hyperlinks, fields (fldSimple, smartTag), run-level sdt, ins
        text = "".join(out)
        self.budget.add_text(len(text))
        return text

    # ---------------------------------------------------------------- tables

    def table_lines(self, tbl: etree._Element) -> Iterator[str]:
        for tr in _children(tbl, "tr"):
            self.budget.check()
            cells: list[str] = []
            trpr = tr.find(f"{W}trPr")
            cells.extend([""] * self.grid_attr(trpr, "gridBefore"))
            for tc in _children(tr, "tc"):
                tcpr = tc.find(f"{W}tcPr")
                span = self.grid_attr(tcpr, "gridSpan") or 1
                vmerge = tcpr.find(f"{W}vMerge") if tcpr is not None else None
                continued = vmerge is not None and vmerge.get(f"{W}val", "continue") == "continue"
                cells.append("" if continued else self.cell_text(tc))
                cells.extend([""] * (span - 1))
                if len(cells) > MAX_TABLE_COLUMNS:
                    raise too_large(self.name, "a table row (columns)", len(cells), MAX_TABLE_COLUMNS)
            cells.extend([""] * self.grid_attr(trpr, "gridAfter"))
            if any(cells):
                yield "\t".join(cells)

    def grid_attr(self, props: etree._Element | None, tag: str) -> int:
        """A span or skip count from the file: a number, bounded (a crafted 10**8 must not allocate)."""
        element = props.find(f"{W}{tag}") if props is not None else None
        if element is None:
            return 0
        value = element.get(f"{W}val", "1")
        if not value.strip().isdigit():
            raise damaged(self.name, ".docx", f"w:{tag} w:val={value[:20]!r} is not a number")
        return min(int(value.strip()[:6]), MAX_GRID_SPAN)

    def cell_text(self, tc: etree._Element) -> str:
        parts: list[str] = []
        for element in _block_elements(tc):
            if element.tag == f"{W}p":
                text = _clean((self.label(element) + self.runs_text(element)).replace("\n", " "))
            elif element.tag == f"{W}tbl":  # a table inside a cell: its rows' cells, in order
                text = " ".join(_clean(line.replace("\t", " ")) for line in self.table_lines(element))
            else:
                continue
            if text:
                parts.append(text)
        return " ".join(parts)


def _block_elements(container: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables in order, through block-level content controls (w:sdt) and custom XML."""
    for child in container:
        tag = child.tag
        if tag in (f"{W}p", f"{W}tbl"):
            yield child
        elif tag in (f"{W}sdt", f"{W}customXml"):
            content = child.find(f"{W}sdtContent") if tag == f"{W}sdt" else child
            if content is not None:
                yield from _block_elements(content)


def _children(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Rows of a table or cells of a row, also when a content control wraps them."""
    for child in parent:
        if child.tag == f"{W}{tag}":
            yield child
        elif child.tag in (f"{W}sdt", f"{W}customXml"):
            content = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
            if content is not None:
                yield from _children(content, tag)


def _hidden(run: etree._Element) -> bool:
    vanish = run.find(f"{W}rPr/{W}vanish")
    return vanish is not None and vanish.get(f"{W}val", "true") not in ("0", "false", "off")


def _small_int(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() and len(value) < 3 else None


def _clean(text: str) -> str:
    """One line as printed: a tab inside it is a column gap (the contract's 3+ spaces) unless it follows a leading
    label ("1.<tab>Nội dung"); leading and trailing space dropped, the spaces inside kept as typed."""
    parts = [part.strip() for part in text.replace("\u00ad", "").replace("\r", "").split("\t")]
    parts = [part for part in parts if part]
    if len(parts) > 1 and _LEADING_LABEL.match(parts[0]):
        parts = [f"{parts[0]} {parts[1]}", *parts[2:]]
    return "    ".join(parts)
