import io
import unicodedata
import zipfile

import docx
import pytest

from retrieval.layout import clean_lines
from retrieval.readers import UnreadableFile, read_bytes, read_file
from retrieval.tables import parse_table

TEXT = "KẾ HOẠCH\n\n1. Ủy ban nhân dân tỉnh chủ trì thực hiện.\n"


def test_utf8_with_and_without_bom():
    assert read_bytes(TEXT.encode(), "a.txt") == TEXT
    assert read_bytes(b"\xef\xbb\xbf" + TEXT.encode(), "a.txt") == TEXT


def test_utf16_with_bom():
    assert read_bytes(TEXT.encode("utf-16"), "a.txt") == TEXT


def test_nfd_text_becomes_nfc():
    nfd = unicodedata.normalize("NFD", TEXT)
    assert read_bytes(nfd.encode(), "a.md") == TEXT


def _cp1258(text: str) -> bytes:
    """Windows-1258 keeps â ê ô ơ ư ă đ precomposed and writes tones as combining marks."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def test_cp1258_text_is_decoded():
    assert read_bytes(_cp1258("Kế hoạch của Ủy ban nhân dân tỉnh"), "a.txt") == "Kế hoạch của Ủy ban nhân dân tỉnh"


def test_legacy_vni_is_recognised_and_refused():
    vni = "Keá hoaïch cuûa UÛy ban nhaân daân tænh".encode("cp1252")
    with pytest.raises(UnreadableFile, match="VNI") as err:
        read_bytes(vni, "a.txt")
    assert "Unicode" in err.value.user_message


def test_legacy_tcvn3_is_recognised_and_refused():
    tcvn3 = "KÕ ho¹ch cña ñy ban nh©n d©n tØnh vÒ viÖc triÓn khai".encode("latin-1")
    with pytest.raises(UnreadableFile, match="TCVN3"):
        read_bytes(tcvn3, "a.txt")


def test_binary_junk_named_txt_is_refused():
    with pytest.raises(UnreadableFile, match="binary"):
        read_bytes(bytes(range(256)) * 40, "junk.txt")


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(UnreadableFile, match="empty"):
        read_file(path)


def test_unsupported_suffix_is_refused(tmp_path):
    path = tmp_path / "a.xls"
    path.write_bytes(b"x")
    with pytest.raises(UnreadableFile, match="unsupported"):
        read_file(path)


def _docx_with_merged_lead() -> bytes:
    document = docx.Document()
    document.add_paragraph("PHỤ LỤC")
    table = document.add_table(rows=4, cols=4)
    for i, text in enumerate(["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"]):
        table.cell(0, i).text = text
    rows = [("1", "Tuyên truyền nghị quyết", "Ban Tuyên giáo Tỉnh ủy", "Quý I"),
            ("2", "Giám sát thực hiện", "Đảng đoàn HĐND tỉnh", "Định kỳ"),
            ("3", "Tiếp xúc cử tri", "", "Hằng năm")]  # fmt: skip
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    table.cell(2, 2).merge(table.cell(3, 2))  # the lead cell spans rows 2 and 3
    table.cell(2, 2).text = "Đảng đoàn HĐND tỉnh"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_and_tables_with_a_merged_cell():
    text = read_bytes(_docx_with_merged_lead(), "plan.docx")
    assert "PHỤ LỤC" in text
    lines = [line for line in clean_lines(text) if line.is_table]
    assert lines[3].text.split("\t")[2] == ""  # the merged continuation comes out empty
    table = parse_table(lines)
    row = table.rows[2]
    assert row.lead == "Đảng đoàn HĐND tỉnh"
    assert row.lead_inherited_from == "2"


def test_docx_that_is_not_a_zip_is_refused():
    with pytest.raises(UnreadableFile, match="not a zip"):
        read_bytes(b"PK not really a zip", "a.docx")


def test_docx_zip_bomb_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (120 * 1024 * 1024))
    with pytest.raises(UnreadableFile, match="zip bomb"):
        read_bytes(buffer.getvalue(), "bomb.docx")


def _pdf(text: str | None) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    if text:
        for i, line in enumerate(text.split("\n")):
            page.drawString(72, 800 - 14 * i, line)
    else:
        page.rect(72, 72, 300, 300, fill=1)  # a "scan": no text layer
    page.save()
    return buffer.getvalue()


def test_pdf_text_layer_is_read_and_wrapped_lines_joined():
    text = read_bytes(_pdf("KE HOACH\n1. Noi dung thu nhat duoc viet\ntiep o dong sau.\n2. Noi dung thu hai."), "a.pdf")
    assert "1. Noi dung thu nhat duoc viet tiep o dong sau." in text
    assert "2. Noi dung thu hai." in text


def test_scanned_pdf_is_refused():
    with pytest.raises(UnreadableFile, match="no text layer") as err:
        read_bytes(_pdf(None), "scan.pdf")
    assert "scan" in err.value.user_message
