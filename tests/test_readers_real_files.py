"""Readers on real documents: Word originals, PDFs printed from them, a .doc and an .rtf saved by LibreOffice, a
scanned page, each parsed into documents whose number, type, date and issuer are those printed
(../shared/eval/dev-external-docs.tsv)."""

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from retrieval.documents import parse_file
from retrieval.readers import read_file

DATA = Path(__file__).parent / "data"
ORIGINALS = DATA / "originals"
EXPECTED = {  # stem → (number, type, date, issuer), as in dev-external-docs.tsv
    "TTg-CT-07-CT-TTg-2012-03-02": ("07/CT-TTg", "Chỉ thị", dt.date(2012, 3, 2), "Thủ tướng Chính phủ"),
    "LC-SCT-KH-2242-KH-SCT-2026-04-23": (None, "Kế hoạch", None, "Sở Công Thương tỉnh Lào Cai"),
    "LC-SCT-CV-don-doc-bao-cao-hoa-chat-2025": (None, "Công văn", None, "Sở Công Thương tỉnh Lào Cai"),
}


def require(tool: str, probe: list[str] | None = None) -> None:
    """Tests that need a system tool: in CI (which installs it through scripts/setup.sh) its absence fails with
    the reason; elsewhere the test is skipped with it."""
    present = shutil.which(tool) is not None
    if present and probe:
        present = "vie" in subprocess.run(probe, capture_output=True, text=True).stdout.split()
    if not present:
        reason = f"{tool} {'with its Vietnamese data ' if probe else ''}is not installed (scripts/setup.sh installs it as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)


def meta_of(path: Path) -> tuple:
    doc = parse_file(path)[0].meta
    return doc.number, doc.doc_type, doc.date, doc.issuer


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_word_originals_parse_to_their_printed_metadata(stem):
    assert meta_of(ORIGINALS / f"{stem}.docx") == EXPECTED[stem]


@pytest.mark.parametrize("stem", sorted(EXPECTED))
def test_pdfs_printed_from_them_parse_to_the_same_metadata(stem):
    assert meta_of(DATA / f"{stem}.pdf") == EXPECTED[stem]


def test_pdf_tables_keep_their_cells_and_page_furniture_goes():
    text = read_file(DATA / "LC-SCT-CV-don-doc-bao-cao-hoa-chat-2025.pdf")
    lines = text.split("\n")
    assert "3\tCông ty Cổ phần Victory\t13/02/2026" in lines
    assert "1\tCông ty TNHH MTV hoá chất Đức Giang Lào Cai\t06/03/2026" in lines
    # the header's two columns as one row each, as Word's header table reads
    assert lines[0] == "UBND TỈNH LÀO CAI\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    nd32 = read_file(DATA / "CP-ND-32-2024-ND-CP-2024-03-15.pdf").split("\n")
    assert not [line for line in nd32 if line.strip().isdigit()]  # the running page numbers are gone


def test_pdf_paragraphs_are_healed_across_lines_and_pages():
    pdf = read_file(DATA / "TTg-CT-07-CT-TTg-2012-03-02.pdf").split("\n")
    word = read_file(ORIGINALS / "TTg-CT-07-CT-TTg-2012-03-02.docx").split("\n")
    body = [p for p in word if len(p) > 200 and "\t" not in p]
    assert body and all(p in pdf for p in body)


def test_word_numbering_only_in_numbering_xml_reads_like_the_typed_labels():
    drawn = read_file(DATA / "LC-SCT-KH-2242-KH-SCT-2026-04-23-word-numbering.docx")
    typed = read_file(ORIGINALS / "LC-SCT-KH-2242-KH-SCT-2026-04-23.docx")
    assert drawn == typed
    assert "I. MỤC ĐÍCH, YÊU CẦU" in drawn.split("\n")


def test_doc_and_rtf_read_through_libreoffice():
    require("soffice")
    assert meta_of(DATA / "TTg-CT-07-CT-TTg-2012-03-02.doc") == EXPECTED["TTg-CT-07-CT-TTg-2012-03-02"]
    assert meta_of(DATA / "LC-SCT-CV-don-doc-bao-cao-hoa-chat-2025.rtf") == EXPECTED["LC-SCT-CV-don-doc-bao-cao-hoa-chat-2025"]
    rtf = read_file(DATA / "LC-SCT-CV-don-doc-bao-cao-hoa-chat-2025.rtf").split("\n")
    assert "3\tCông ty Cổ phần Victory\t13/02/2026" in rtf


def test_scanned_page_as_png_is_recognised_with_page_progress():
    require("tesseract", ["tesseract", "--list-langs"])
    pages = []
    text = read_file(DATA / "LC-SCT-CV-don-doc-bao-cao-hoa-chat-2025-page1.png", progress=lambda d, n: pages.append((d, n)))
    assert pages == [(1, 1)]
    assert "Kính gửi: Các đơn vị hoạt động hóa chất trên địa bàn tỉnh Lào Cai" in text.split("\n")
    assert "Sở Công Thương yêu cầu các đơn vị nghiêm túc thực hiện./." in text.split("\n")


def test_a_scan_read_again_comes_from_the_ocr_cache_with_the_same_text(monkeypatch, tmp_path):
    require("tesseract", ["tesseract", "--list-langs"])
    from retrieval.settings import get_settings

    png = tmp_path / "page1.png"  # copies: a path read before is answered from the in-process text cache
    png.write_bytes((DATA / "LC-SCT-CV-don-doc-bao-cao-hoa-chat-2025-page1.png").read_bytes())
    monkeypatch.setenv("OCR_CACHE_DIR", str(tmp_path / "ocr"))
    get_settings.cache_clear()
    try:
        first = read_file(png)
        entries = sorted((tmp_path / "ocr").rglob("*.tsv"))
        assert entries  # one per Tesseract run on the page
        copy = tmp_path / "again.png"
        copy.write_bytes(png.read_bytes())
        assert read_file(copy) == first
        assert sorted((tmp_path / "ocr").rglob("*.tsv")) == entries
        (tmp_path / "blocked").write_text("a file where the cache folder should be")
        monkeypatch.setenv("OCR_CACHE_DIR", str(tmp_path / "blocked" / "ocr"))
        get_settings.cache_clear()
        copy.write_bytes(png.read_bytes() + b"\0")  # not cached: recognised, the cache fault only logged
        assert read_file(copy) == first
    finally:
        get_settings.cache_clear()


def test_image_only_pdf_is_recognised(tmp_path):
    require("tesseract", ["tesseract", "--list-langs"])
    import pypdfium2

    # page 1 of the Chỉ thị printed to PDF, scanned: a 200 dpi grey image in a PDF without a text layer
    printed = pypdfium2.PdfDocument(DATA / "TTg-CT-07-CT-TTg-2012-03-02.pdf")
    scan = tmp_path / "TTg-CT-07-scan-page1.pdf"
    printed[0].render(scale=200 / 72).to_pil().convert("L").save(scan, resolution=200)
    printed.close()
    assert meta_of(scan) == EXPECTED["TTg-CT-07-CT-TTg-2012-03-02"]


def test_missing_tesseract_is_said_in_both_languages(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # no tesseract, no soffice on this PATH
    from retrieval.readers import UnreadableFile, read_bytes

    with pytest.raises(UnreadableFile, match="tesseract-ocr-vie") as err:
        read_bytes((DATA / "LC-SCT-CV-don-doc-bao-cao-hoa-chat-2025-page1.png").read_bytes(), "trang.png")
    assert "tesseract-ocr" in err.value.user_message and "Máy chủ chưa cài" in err.value.user_message
    with pytest.raises(UnreadableFile, match="libreoffice-writer-nogui") as err:
        read_bytes((DATA / "TTg-CT-07-CT-TTg-2012-03-02.doc").read_bytes(), "cu.doc")
    assert "LibreOffice" in err.value.user_message


def test_a_pdf_table_over_page_breaks_is_one_table_with_its_cut_rows_whole():
    lines = read_file(DATA / "tuyen-quang-ctr-hanh-dong-nq43.pdf").split("\n")
    text_file = (Path(__file__).parent.parent / "data" / "corpus" / "tuyen-quang-ctr-hanh-dong-nq43.txt")
    printed = text_file.read_text(encoding="utf-8").split("\n")
    row_33 = next(line for line in printed if line.startswith("33\t"))
    assert row_33 in lines  # cut by a page break in the PDF, whole again, as the document prints it
    assert sum(line.startswith("TT\tNội dung nhiệm vụ") for line in lines) == 1  # the repeated header once
    # a compound cut at its hyphen at the end of a cell's line is whole again ("2021-2025")
    row_12 = next(line for line in printed if line.startswith("12\t"))
    assert row_12.split("\t")[1] in [cell for line in lines for cell in line.split("\t")]


def test_a_scanned_assignment_table_reads_row_by_row_as_its_text_layer(tmp_path):
    """Pages 16-17 of the Chương trình hành động's appendix scanned (200 dpi grey, no text layer): its rows come
    out as the text layer's, TT and lead agency cell for cell (a lead agency written once for rows 2-4 stays in
    row 2), the header repeated on page 17 dropped and row 5, cut by the page break, whole."""
    require("tesseract", ["tesseract", "--list-langs"])
    import pypdfium2
    from pypdf import PdfReader, PdfWriter

    printed = PdfReader(DATA / "tuyen-quang-ctr-hanh-dong-nq43.pdf")
    pages = PdfWriter()
    for number in (15, 16):
        pages.add_page(printed.pages[number])
    text_layer = tmp_path / "pages-16-17.pdf"
    pages.write(text_layer)
    rendered = pypdfium2.PdfDocument(text_layer)
    images = [page.render(scale=200 / 72).to_pil().convert("L") for page in rendered]
    rendered.close()
    scan = tmp_path / "pages-16-17-scan.pdf"
    images[0].save(scan, save_all=True, append_images=images[1:], resolution=200)

    def rows(path: Path) -> list[list[str]]:
        return [line.split("\t") for line in read_file(path).split("\n") if "\t" in line]

    expected, scanned = rows(text_layer), rows(scan)
    assert [row[0] for row in scanned] == [row[0] for row in expected]
    assert [row[0] for row in expected][:3] == ["TT", "", "2"]  # page 16 opens on a row cut on page 15
    assert sum(row[0] == "TT" for row in scanned) == 1
    assert [(row[0], row[2]) for row in scanned] == [(row[0], row[2]) for row in expected]
    assert ("2", "Đảng đoàn HĐND tỉnh") in [(row[0], row[2]) for row in scanned]
    assert ("3", "") in [(row[0], row[2]) for row in scanned]
    row_5 = next(row for row in scanned if row[0] == "5")
    assert row_5[1].endswith("các cấp trong tình hình mới.")
