"""Files that must not stop a build, built here from scratch: each is one reader's failure, with its reason."""

from __future__ import annotations

import io
import zipfile
import zlib

import docx
from pypdf import PdfWriter


def encrypted_pdf() -> bytes:
    """AES-256 needs `cryptography`; with or without it, the file is refused for its password."""
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("mat-khau", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def bomb_pdf() -> bytes:
    """200 KB whose content stream inflates to 200 MB: past pypdf's decompression limit."""
    content = zlib.compress(b" " * (200 * 1024 * 1024), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def bad_grid_span_docx() -> bytes:
    """A table cell with <w:gridSpan w:val="abc"/>: a ValueError inside the Word reader."""
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Nội dung", "Cơ quan chủ trì"
    saved = io.BytesIO()
    document.save(saved)
    source, out = zipfile.ZipFile(io.BytesIO(saved.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="abc"/>', 1)
            target.writestr(item, data)
    return out.getvalue()


BAD_FILES = {"khoa.pdf": encrypted_pdf, "bom.pdf": bomb_pdf, "hong.docx": bad_grid_span_docx}
