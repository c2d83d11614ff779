"""Files → plain text in one layout: paragraphs separated by blank lines, table rows as tab-separated lines.

Every reader produces the layout of the sample ``.txt`` files, so the document parser has one input shape
whatever the file type. Anything that cannot be read faithfully is refused with :class:`UnreadableFile`
(the message is English for logs; :attr:`UnreadableFile.user_message` is Vietnamese for users).
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from .vietnamese import nfc

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf")
MAX_FILE_BYTES = 20 * 1024 * 1024
_MAX_DOCX_UNCOMPRESSED = 100 * 1024 * 1024


class UnreadableFile(ValueError):
    """A file we refuse to read, with the reason in English and in Vietnamese."""

    def __init__(self, message: str, user_message: str) -> None:
        super().__init__(message)
        self.user_message = user_message


def read_file(path: Path) -> str:
    """The text of a .txt/.md/.docx/.pdf file, NFC, in the plain layout."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableFile(
            f"{path.name}: unsupported file type {suffix or '(none)'}",
            f"Không hỗ trợ loại tệp {suffix or '(không có đuôi)'}; chỉ nhận .txt, .md, .docx, .pdf.",
        )
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile(f"{path.name}: empty file", "Tệp rỗng, không có nội dung.")
    if size > MAX_FILE_BYTES:
        raise UnreadableFile(
            f"{path.name}: {size} bytes is over the {MAX_FILE_BYTES} byte limit",
            f"Tệp quá lớn ({size // (1024 * 1024)} MB); giới hạn là {MAX_FILE_BYTES // (1024 * 1024)} MB.",
        )
    data = path.read_bytes()
    return read_bytes(data, path.name)


def read_bytes(data: bytes, name: str) -> str:
    suffix = Path(name).suffix.lower()
    if suffix == ".docx":
        text = docx_text(data, name)
    elif suffix == ".pdf":
        text = pdf_text(data, name)
    else:
        text = decode_text(data, name)
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    if not re.search(r"\w{2,}", text):
        raise UnreadableFile(f"{name}: no readable text", "Tệp không có nội dung văn bản đọc được.")
    return text


# ---------------------------------------------------------------- plain text

# Bytes typical of the legacy 8-bit Vietnamese fonts, read as cp1252 / latin-1.
# TCVN3 puts toned vowels at 0xA8-0xBE (¨ © ª « ¬ ® µ ¶ · ¸ ¹ ...), which VNI never uses.
_TCVN3_MARKERS = re.compile("[¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾]")
_VNI_MARKERS = re.compile(r"[aeoyuAEOYU][øùûõï]|[aeoAEO][ùøûõïâä]|ñ[aeiouy]|Ñ[aeiouy]")


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) or UTF-16; legacy Vietnamese encodings are recognised and refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if len(data) > 3 and data.count(b"\x00") > len(data) // 4:
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if re.search(r"\w{3,}", text) and "\x00" not in text:
                return text
        raise _binary(name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return _legacy(data, name)
    if _control_ratio(text) > 0.01:
        raise _binary(name)
    return text


def _control_ratio(text: str) -> float:
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\r\t\f")
    return controls / max(1, len(text))


def _binary(name: str) -> UnreadableFile:
    return UnreadableFile(
        f"{name}: binary content, not text",
        "Tệp không phải văn bản (có vẻ là tệp nhị phân hoặc bị hỏng).",
    )


def _legacy(data: bytes, name: str) -> str:
    latin = data.decode("latin-1")
    if _control_ratio(latin) > 0.01:
        raise _binary(name)
    letters = sum(1 for c in latin if c.isalpha()) or 1
    vni = len(_VNI_MARKERS.findall(latin))
    tcvn = len(_TCVN3_MARKERS.findall(latin))
    if tcvn / letters > 0.01:
        raise UnreadableFile(
            f"{name}: legacy TCVN3 (ABC) encoded Vietnamese text; convert it to Unicode (UTF-8) first",
            "Tệp dùng bảng mã TCVN3 (ABC) cũ. Hãy chuyển sang Unicode (UTF-8), ví dụ bằng Unikey → Công cụ chuyển mã, rồi gửi lại.",
        )
    if vni / letters > 0.01:
        raise UnreadableFile(
            f"{name}: legacy VNI-encoded Vietnamese text; convert it to Unicode (UTF-8) first",
            "Tệp dùng bảng mã VNI cũ. Hãy chuyển sang Unicode (UTF-8), ví dụ bằng Unikey → Công cụ chuyển mã, rồi gửi lại.",
        )
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError as exc:
        raise _unknown_encoding(name) from exc
    if re.search("[\u0300\u0301\u0303\u0309\u0323]", text):
        return text
    raise _unknown_encoding(name)


def _unknown_encoding(name: str) -> UnreadableFile:
    return UnreadableFile(
        f"{name}: text is not UTF-8 and its encoding could not be recognised",
        "Không nhận ra bảng mã của tệp. Hãy lưu lại dưới dạng Unicode (UTF-8) rồi gửi lại.",
    )


# ---------------------------------------------------------------- docx

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(data: bytes, name: str) -> str:
    """Paragraphs and tables in body order; a merged cell's text stands in its first cell only.

    Vertically merged continuation cells come out empty, exactly like the sample files' tables, so the
    table parser fills them from the row above where the table's meaning requires it.
    """
    _check_zip(data, name)
    import docx  # python-docx, imported here to keep start-up light

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types for broken packages
        raise UnreadableFile(
            f"{name}: not a valid .docx package ({type(exc).__name__})",
            "Tệp .docx bị hỏng hoặc không đúng định dạng Word.",
        ) from exc
    blocks: list[str] = []
    for element in document.element.body.iterchildren():
        if element.tag == f"{_W}p":
            text = "".join(t.text or "" for t in element.iter(f"{_W}t"))
            blocks.append(text.strip())
        elif element.tag == f"{_W}tbl":
            blocks.append("")
            blocks.extend(_table_lines(element))
            blocks.append("")
    return "\n".join(_blank_separated(blocks))


def _table_lines(tbl) -> list[str]:  # type: ignore[no-untyped-def]
    lines = []
    for tr in tbl.iter(f"{_W}tr"):
        cells: list[str] = []
        for tc in tr.iter(f"{_W}tc"):
            props = tc.find(f"{_W}tcPr")
            span, continued = 1, False
            if props is not None:
                grid = props.find(f"{_W}gridSpan")
                if grid is not None:
                    span = int(grid.get(f"{_W}val", "1"))
                vmerge = props.find(f"{_W}vMerge")
                continued = vmerge is not None and vmerge.get(f"{_W}val", "continue") == "continue"
            paragraphs = ["".join(t.text or "" for t in p.iter(f"{_W}t")) for p in tc.iter(f"{_W}p")]
            text = "" if continued else " ".join(p.strip() for p in paragraphs if p.strip())
            cells.append(text.replace("\t", " "))
            cells.extend([""] * (span - 1))
        lines.append("\t".join(cells))
    return lines


def _blank_separated(lines: list[str]) -> list[str]:
    """Paragraphs become blank-line separated; consecutive table rows stay together."""
    out: list[str] = []
    for line in lines:
        if "\t" in line:
            out.append(line)
        elif line:
            out.extend([line, ""])
        elif out and out[-1] != "":
            out.append("")
    return out


def _check_zip(data: bytes, name: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UnreadableFile(
            f"{name}: not a zip package, so not a .docx",
            "Tệp .docx bị hỏng hoặc không phải tệp Word (.docx).",
        ) from exc
    total = sum(info.file_size for info in archive.infolist())
    if total > _MAX_DOCX_UNCOMPRESSED:
        raise UnreadableFile(
            f"{name}: unpacks to {total} bytes, refusing a possible zip bomb",
            "Tệp .docx giải nén ra quá lớn, có thể là tệp độc hại; đã từ chối.",
        )


# ---------------------------------------------------------------- pdf


def pdf_text(data: bytes, name: str) -> str:
    """The text layer of a PDF, page by page; a PDF without one (a scan) is refused."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise UnreadableFile(
            f"{name}: not a readable PDF ({type(exc).__name__})",
            "Tệp PDF bị hỏng hoặc không đọc được.",
        ) from exc
    if sum(len(re.findall(r"\w", p)) for p in pages) < 20:
        raise UnreadableFile(
            f"{name}: PDF has no text layer (scanned image?)",
            "Tệp PDF là bản scan (ảnh), không có lớp chữ. Hãy gửi bản Word hoặc PDF có chữ (đã OCR).",
        )
    return "\n\n".join(_pdf_paragraphs(p) for p in pages)


def _pdf_paragraphs(page: str) -> str:
    """PDF text comes as visual lines: wrap lines that continue a sentence back into their paragraph."""
    lines = [line.strip() for line in page.splitlines()]
    paragraphs: list[str] = []
    for line in lines:
        if not line:
            continue
        if paragraphs and _continues(paragraphs[-1], line):
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    return "\n\n".join(paragraphs)


def _continues(previous: str, line: str) -> bool:
    return bool(line[:1].islower()) and not re.match(r"^[a-zđ]\)", line) and not previous.endswith((".", ":", ";"))
