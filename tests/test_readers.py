"""Readers on files built in the test: text encodings, legacy Vietnamese, Word structure and numbering, and every
way a crafted or broken file must be refused as that file's UnreadableFile."""

import io
import os
import subprocess
import time
import unicodedata
import zipfile
import zlib

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from retrieval.layout import clean_lines
from retrieval.readers import MAX_FILE_BYTES, UnreadableFile, read_bytes, read_file
from retrieval.readers.limits import Budget
from retrieval.tables import parse_table

TEXT = "KẾ HOẠCH\n\n1. Ủy ban nhân dân tỉnh chủ trì thực hiện.\n"
SENTENCES = [
    "Kế hoạch của Ủy ban nhân dân tỉnh về việc triển khai thực hiện nghị quyết",
    "Sở Nông nghiệp và Phát triển nông thôn chủ trì, phối hợp với các sở, ngành liên quan",
    "Đẩy mạnh ứng dụng công nghệ thông tin trong hoạt động của cơ quan nhà nước",
    "Hằng năm báo cáo kết quả thực hiện về Thường trực Tỉnh ủy trước ngày 15 tháng 12",
]


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


# ---------------------------------------------------------------- legacy Vietnamese encodings


def _iconv(text: str, charset: str) -> bytes:
    """Legacy bytes made by glibc's iconv: an implementation independent of ours."""
    return subprocess.run(["iconv", "-f", "utf-8", "-t", charset], input=text.encode(), capture_output=True, check=True).stdout


def test_tcvn3_text_file_is_converted():
    # TCVN3 has no toned capitals: lines whose capitals it can write come back exactly
    text = "\n\n".join(s for s in SENTENCES if "Ủ" not in s and "Ư" not in s[:1])
    assert read_bytes(_iconv(text, "TCVN5712-1"), "cu.txt") == text


def test_viscii_text_file_is_converted():
    text = "\n\n".join(SENTENCES)
    assert read_bytes(_iconv(text, "VISCII"), "cu.txt") == text


def test_vni_text_file_is_converted():
    vni = "Keá hoaïch cuûa UÛy ban nhaân daân tænh veà vieäc trieån khai thöïc hieän nghò quyeát\n\nSôû Taøi chính chuû trì"
    assert read_bytes(vni.encode("cp1252"), "cu.txt") == (
        "Kế hoạch của Ủy ban nhân dân tỉnh về việc triển khai thực hiện nghị quyết\n\nSở Tài chính chủ trì"
    )


def test_legacy_text_saved_as_utf8_unconverted_is_converted():
    tcvn3 = _iconv(SENTENCES[1], "TCVN5712-1").decode("latin-1")
    assert read_bytes(tcvn3.encode("utf-8"), "a.txt") == SENTENCES[1]


def test_other_languages_are_left_alone():
    french = "Le comité français a décidé à l'unanimité que la réunion aura lieu à Genève après les élections."
    assert read_bytes((french * 3).encode("utf-8"), "fr.txt") == french * 3
    with pytest.raises(UnreadableFile, match=r"could not be recognised"):  # not turned into Vietnamese garbage
        read_bytes((french * 3).encode("latin-1"), "fr.txt")


def test_docx_runs_in_legacy_fonts_are_converted():
    document = docx.Document()
    heading = document.add_paragraph().add_run(_iconv("kế hoạch triển khai", "TCVN5712-1").decode("latin-1"))
    heading.font.name = ".VnTimeH"  # a capitals font: lower-case bytes drawn as capitals
    body = document.add_paragraph().add_run(_iconv(SENTENCES[1], "TCVN5712-1").decode("latin-1"))
    body.font.name = ".VnTime"
    vni = document.add_paragraph().add_run("Sôû Taøi chính chuû trì")
    vni.font.name = "VNI-Times"
    document.add_paragraph("Văn bản Unicode giữ nguyên")
    text = read_bytes(_save(document), "cu.docx")
    assert [line for line in text.split("\n") if line] == ["KẾ HOẠCH TRIỂN KHAI", SENTENCES[1], "Sở Tài chính chủ trì", "Văn bản Unicode giữ nguyên"]


# ---------------------------------------------------------------- plain refusals


def test_binary_junk_named_txt_is_refused():
    with pytest.raises(UnreadableFile, match=r"binary"):
        read_bytes(bytes(range(256)) * 40, "junk.txt")


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(UnreadableFile, match=r"empty"):
        read_file(path)


def test_unsupported_suffix_is_refused(tmp_path):
    path = tmp_path / "a.xls"
    path.write_bytes(b"x")
    with pytest.raises(UnreadableFile, match=r"unsupported"):
        read_file(path)


def test_file_over_the_size_limit_is_refused_before_reading():
    with pytest.raises(UnreadableFile, match=r"limit") as err:
        read_bytes(b"a" * (MAX_FILE_BYTES + 1), "big.txt")
    assert "MB" in err.value.user_message


def test_a_path_that_cannot_be_opened_is_that_files_failure(tmp_path):
    folder = tmp_path / "thu-muc.txt"
    folder.mkdir()
    with pytest.raises(UnreadableFile, match=r"thu-muc\.txt: cannot be opened"):
        read_file(folder)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_permission_denied_is_named(tmp_path):
    path = tmp_path / "khoa.txt"
    path.write_text(TEXT, encoding="utf-8")
    path.chmod(0)
    with pytest.raises(UnreadableFile, match=r"khoa\.txt: permission denied") as err:
        read_file(path)
    assert "quyền" in err.value.user_message


def test_time_budget_stops_a_reader():
    with pytest.raises(UnreadableFile, match=r"longer than"):
        Budget("cham.docx", seconds=-1).check()


def test_time_budget_counts_work_not_waiting():
    """A booklet read while other builds hold the cores waits for a core; that wait is not the file's fault."""
    budget = Budget("so-tay.pdf", seconds=0.2)
    time.sleep(0.4)
    budget.check()
    with pytest.raises(UnreadableFile, match=r"so-tay\.pdf: reading took longer than"):
        while True:
            sum(range(10_000))
            budget.check()


# ---------------------------------------------------------------- Word structure


def _save(document) -> bytes:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


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
    return _save(document)


def test_docx_paragraphs_and_tables_with_a_merged_cell():
    text = read_bytes(_docx_with_merged_lead(), "plan.docx")
    assert "PHỤ LỤC" in text
    lines = [line for line in clean_lines(text) if line.is_table]
    assert lines[3].text.split("\t")[2] == ""  # the merged continuation comes out empty
    table = parse_table(lines)
    row = table.rows[2]
    assert row.lead == "Đảng đoàn HĐND tỉnh"
    assert row.lead_inherited_from == "2"


def test_docx_cell_spanning_columns_keeps_the_columns_aligned():
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "I. BAN TUYÊN GIÁO"
    for c, text in enumerate(["1", "Tuyên truyền", "Quý I"]):
        table.cell(1, c).text = text
    assert read_bytes(_save(document), "t.docx").split("\n")[:2] == ["I. BAN TUYÊN GIÁO\t\t", "1\tTuyên truyền\tQuý I"]


def test_docx_body_order_fields_hyperlinks_kept_headers_text_boxes_left_out():
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Trang đầu lặp lại"
    document.sections[0].footer.paragraphs[0].text = "Chân trang"
    p = document.add_paragraph("Xem ")
    link = etree.SubElement(p._p, qn("w:hyperlink"))
    run = etree.SubElement(link, qn("w:r"))
    etree.SubElement(run, qn("w:t")).text = "Cổng thông tin"
    field = etree.SubElement(p._p, qn("w:fldSimple"), {qn("w:instr"): "PAGE"})
    etree.SubElement(etree.SubElement(field, qn("w:r")), qn("w:t")).text = " số 5"
    box = etree.fromstring(
        f'<w:r xmlns:w="{qn("w:r")[1:].split("}")[0]}"><w:pict><w:txbxContent><w:p><w:r><w:t>Hộp chữ</w:t></w:r>'
        "</w:p></w:txbxContent></w:pict></w:r>"
    )
    p._p.append(box)
    document.add_table(rows=1, cols=2).rows[0].cells[1].text = "Ô bảng"
    document.add_paragraph("Đoạn sau bảng")
    text = read_bytes(_save(document), "d.docx")
    assert text.split("\n") == ["Xem Cổng thông tin số 5", "", "\tÔ bảng", "", "Đoạn sau bảng", ""]


# ---------------------------------------------------------------- Word automatic numbering


def _numbered_docx() -> bytes:
    """A list drawn by numbering.xml only: "I." / "1." / "a)" levels, bullets "-", a second list restarting at 1
    through a startOverride, and a heading style that carries its own numbering."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    w = numbering.nsmap["w"]
    numbering.append(etree.fromstring(
        f'<w:abstractNum xmlns:w="{w}" w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>'
        '<w:lvl w:ilvl="3"><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf02d"/></w:lvl>'
        '<w:lvl w:ilvl="4"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2.%5."/></w:lvl>'
        "</w:abstractNum>"
    ))  # fmt: skip
    numbering.append(etree.fromstring(f'<w:num xmlns:w="{w}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    numbering.append(etree.fromstring(
        f'<w:num xmlns:w="{w}" w:numId="91"><w:abstractNumId w:val="90"/>'
        '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    ))  # fmt: skip
    style = document.styles["Heading 1"].element
    style.get_or_add_pPr().append(etree.fromstring(
        f'<w:numPr xmlns:w="{w}"><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'
    ))  # fmt: skip

    def item(text: str, num: str | None, level: int | None, style_name: str | None = None) -> None:
        p = document.add_paragraph(text, style=style_name)
        if num is not None:
            ppr = p._p.get_or_add_pPr()
            ppr.append(etree.fromstring(
                f'<w:numPr xmlns:w="{w}"><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>'
            ))  # fmt: skip

    item("MỤC TIÊU", None, None, "Heading 1")
    item("Nâng cao nhận thức", "90", 1)
    item("Tuyên truyền", "90", 2)
    item("Tập huấn", "90", 2)
    item("Rà soát văn bản", "90", 3)
    item("Kiện toàn bộ máy", "90", 1)
    item("Chi tiết thứ nhất", "90", 4)
    item("NHIỆM VỤ", None, None, "Heading 1")
    item("Phân công", "90", 1)
    item("Danh sách khác", "91", 1)
    item("Đoạn không đánh số", None, None)
    return _save(document)


def test_word_numbering_is_written_as_word_draws_it():
    lines = [line for line in read_bytes(_numbered_docx(), "numbering.docx").split("\n") if line]
    assert lines == [
        "I. MỤC TIÊU",
        "1. Nâng cao nhận thức",
        "a) Tuyên truyền",
        "b) Tập huấn",
        "- Rà soát văn bản",
        "2. Kiện toàn bộ máy",
        "2.1. Chi tiết thứ nhất",
        "II. NHIỆM VỤ",
        "1. Phân công",  # the decimal level restarts under each Roman heading
        "1. Danh sách khác",  # another list on the same definition, restarted by its startOverride
        "Đoạn không đánh số",
    ]


# ---------------------------------------------------------------- crafted and broken .docx


def _replace_document_xml(data: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "word/document.xml":
                content = change(content)
            target.writestr(info.filename, content)
    return buffer.getvalue()


def test_docx_that_is_not_a_zip_is_refused():
    with pytest.raises(UnreadableFile, match=r"not a zip"):
        read_bytes(b"PK not really a zip", "a.docx")


def test_docx_grid_span_that_is_not_a_number_is_that_files_failure():
    data = _replace_document_xml(_docx_with_merged_lead(), lambda x: x.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="abc"/>', 1))
    with pytest.raises(UnreadableFile, match=r"hong\.docx: .*gridSpan w:val='abc' is not a number") as err:
        read_bytes(data, "hong.docx")
    assert "hỏng" in err.value.user_message


def test_docx_huge_grid_span_is_bounded():
    data = _replace_document_xml(_docx_with_merged_lead(), lambda x: x.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="100000000"/>', 1))
    text = read_bytes(data, "span.docx")
    first_row = next(line for line in text.split("\n") if line.startswith("TT"))
    assert first_row.count("\t") < 100


def test_docx_whose_text_unpacks_past_the_bound_is_refused_quickly():
    body = b"<w:p><w:r><w:t>" + b"a" * (60 * 1024 * 1024) + b"</w:t></w:r></w:p>"
    data = _replace_document_xml(_save(docx.Document()), lambda x: x.replace(b"<w:body>", b"<w:body>" + body))
    assert len(data) < 1024 * 1024  # a small file that unpacks to 60 M characters
    with pytest.raises(UnreadableFile, match=r"zip bomb"):
        read_bytes(data, "bomb.docx")


def test_docx_zip_bomb_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(4):
            archive.writestr(f"word/media/image{i}.bin", b"\0" * (45 * 1024 * 1024))
    with pytest.raises(UnreadableFile, match=r"zip bomb"):
        read_bytes(buffer.getvalue(), "bomb.docx")


def test_docx_with_malformed_xml_is_that_files_failure():
    data = _replace_document_xml(_docx_with_merged_lead(), lambda x: x[: len(x) // 2])
    with pytest.raises(UnreadableFile, match=r"cat\.docx: not a readable .docx"):
        read_bytes(data, "cat.docx")


def test_docx_nested_past_the_parsers_depth_is_that_files_failure():
    nested = b"<w:sdt><w:sdtContent>" * 5000 + b"<w:p/>" + b"</w:sdtContent></w:sdt>" * 5000
    data = _replace_document_xml(_save(docx.Document()), lambda x: x.replace(b"<w:body>", b"<w:body>" + nested))
    with pytest.raises(UnreadableFile, match=r"sau\.docx"):
        read_bytes(data, "sau.docx")


# ---------------------------------------------------------------- crafted and broken .pdf


def _pdf(text: str | None) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    if text:
        for i, line in enumerate(text.split("\n")):
            page.drawString(72, 800 - 14 * i, line)
    else:
        page.rect(72, 72, 300, 300, fill=1)  # a "scan" of nothing: no text layer, no words to recognise
    page.save()
    return buffer.getvalue()


def test_pdf_text_layer_is_read():
    text = read_bytes(_pdf("KE HOACH\n1. Noi dung thu nhat\n2. Noi dung thu hai."), "a.pdf")
    assert text.split("\n\n") == ["KE HOACH", "1. Noi dung thu nhat", "2. Noi dung thu hai."]


def test_encrypted_pdf_is_refused_with_its_reason():
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(_pdf("KE HOACH\n1. Noi dung"))))
    writer.encrypt("mat-khau", algorithm="AES-256")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(UnreadableFile, match=r"khoa\.pdf: the PDF is encrypted") as err:
        read_bytes(buffer.getvalue(), "khoa.pdf")
    assert "mật khẩu" in err.value.user_message


def _raw_pdf(content: bytes, filters: str = "/FlateDecode") -> bytes:
    """A one-page PDF whose content stream is ``content`` as given (already encoded)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter %s >>\nstream\n" % (len(content), filters.encode()) + content + b"\nendstream",
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


def test_pdf_stream_inflating_past_the_limit_is_refused():
    bomb = zlib.compress(b" " * (200 * 1024 * 1024), 9)
    with pytest.raises(UnreadableFile, match=r"bom\.pdf: a stream inflates past the decompression limit"):
        read_bytes(_raw_pdf(bomb), "bom.pdf")


def test_damaged_pdf_is_that_files_failure():
    with pytest.raises(UnreadableFile, match=r"hong\.pdf"):
        read_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF", "hong.pdf")


def _layer_line(text: str, top: float, right: float = 520.0):
    from retrieval.readers.pdflayout import Line, Word

    return Line([Word(text, 72.0, right, top, top + 12.0, 12.0)], text)


def test_a_part_named_inside_a_sentence_does_not_open_a_paragraph_in_a_pdf():
    from retrieval.readers.pdflayout import Page, paragraphs

    page = Page(595.0, 842.0, [
        _layer_line("Giấy chứng nhận thực hành tốt sản xuất thuốc thú y cấp theo Mẫu số 03 tại", 100.0),
        _layer_line("Phụ lục IA ban hành kèm theo Nghị định số 32/2026/NĐ-CP.", 114.0, 400.0),
        _layer_line("PHỤ LỤC III", 140.0, 160.0),
        _layer_line("Điều 5. Hiệu lực thi hành", 160.0, 250.0),
    ])  # fmt: skip
    assert [p for p in paragraphs([page]) if p] == [
        "Giấy chứng nhận thực hành tốt sản xuất thuốc thú y cấp theo Mẫu số 03 tại Phụ lục IA ban hành kèm theo"
        " Nghị định số 32/2026/NĐ-CP.",
        "PHỤ LỤC III",
        "Điều 5. Hiệu lực thi hành",
    ]
