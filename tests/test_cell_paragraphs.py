"""Appendix tables that a PDF-to-text conversion wrote one cell per paragraph become rows again: what a user asks
of such a row (who leads it, by when, its number) is read from the right cells and cited at the right row."""

import re
from pathlib import Path

from retrieval.documents import parse_file, parse_text
from retrieval.models import Document, TableRow
from retrieval.vietnamese import fold

DATA = Path(__file__).resolve().parent / "data"
CTR_104 = DATA / "LC-CTr-104-CTr-TU-2026-08-30.txt"


def _rows(doc: Document) -> dict[tuple[str, ...], TableRow]:
    return {tuple(row.path): row for table in doc.tables for row in table.rows}


def _plan(body: str) -> Document:
    text = (
        "ỦY BAN NHÂN DÂN TỈNH LÀO CAI\nSố: 12/KH-UBND\nLào Cai, ngày 3 tháng 3 năm 2026\n\nKẾ HOẠCH\n"
        "Triển khai nhiệm vụ bảo vệ môi trường\n\nI. MỤC ĐÍCH\nBảo đảm thực hiện đồng bộ.\n\nPHỤ LỤC\n"
        "DANH MỤC NHIỆM VỤ\n\n" + body
    )
    (doc,) = parse_text(text, "ke-hoach.txt")
    return doc


HEADER = "TT\n\nNội dung nhiệm vụ\n\nCơ quan chủ trì\n\nThời hạn hoàn thành\n\n"


def test_real_plan_appendix_rows_keep_their_groups_numbers_leads_and_deadlines():
    (doc,) = parse_file(CTR_104)
    rows = _rows(doc)
    group_two = [path for path in rows if path[:2] == ("Phụ lục 2", "II")]
    assert len(group_two) == 24  # numbered 1–24 under II, across its sub-groups II.1–II.7
    row = rows[("Phụ lục 2", "II", "8")]
    assert row.content.startswith("Rà soát, hoàn thiện cơ chế, chính sách quản lý, sử dụng ngân sách chi sự nghiệp")
    assert row.lead == "Đảng ủy HĐND tỉnh; Đảng uỷ UBND tỉnh"
    assert row.deadline == "2026 - 2027"
    first = rows[("Phụ lục 2", "I", "3")]
    assert first.content.startswith("Rà soát, hoàn thành đầu tư hạ tầng cơ sở xử lý chất thải")
    assert first.deadline == "Trước 31/12/2026"
    assert rows[("Phụ lục 2", "II", "13")].content.startswith("Đóng cửa 43 bãi chôn lấp")


def test_row_quotes_stand_verbatim_in_the_file():
    (doc,) = parse_file(CTR_104)
    source = re.sub(r"\s+", " ", fold(CTR_104.read_text(encoding="utf-8")))
    rows = _rows(doc)
    for path in [("Phụ lục 2", "II", "8"), ("Phụ lục 2", "II", "13"), ("Phụ lục 2", "I", "3")]:
        quote = re.sub(r"\s+", " ", fold(" ".join(rows[path].lines)))
        assert quote in source, path
    assert " ".join(rows[("Phụ lục 2", "II", "13")].lines).startswith("13 Đóng cửa 43 bãi")


def test_rows_printed_column_by_column_take_their_cells_in_order():
    body = HEADER + (
        "1\n\n2\n\n3\n\n"
        "Xây dựng kế hoạch quản lý chất thải rắn\n\nSở Nông nghiệp và Môi trường\n\n"
        "Xây dựng kế hoạch bảo tồn đa dạng sinh học\n\nSở Tài chính\n\n"
        "Xây dựng quy hoạch tài nguyên nước\n\nSở Xây dựng\n\n"
        "Năm 2026\n\nNăm 2027\n\nNăm 2028\n"
    )
    rows = _rows(_plan(body))
    assert [(r.lead, r.deadline) for r in rows.values()] == [
        ("Sở Nông nghiệp và Môi trường", "Năm 2026"),
        ("Sở Tài chính", "Năm 2027"),
        ("Sở Xây dựng", "Năm 2028"),
    ]


def test_a_row_without_a_deadline_does_not_shift_the_rows_after_it():
    body = HEADER + (
        "1\n\nTổ chức quán triệt kế hoạch đến cán bộ, công chức\n\nSở Nội vụ\n\n"
        "2\n\nXây dựng cơ sở dữ liệu môi trường cấp tỉnh\n\nSở Khoa học và Công nghệ\n\nQuý IV/2026\n\n"
        "3\n\nKiểm tra, đánh giá kết quả thực hiện\n\nSở Nông nghiệp và Môi trường\n\nTháng 12/2027\n"
    )
    rows = _rows(_plan(body))
    assert [(r.number, r.lead, r.deadline) for r in rows.values()] == [
        ("1", "Sở Nội vụ", ""),
        ("2", "Sở Khoa học và Công nghệ", "Quý IV/2026"),
        ("3", "Sở Nông nghiệp và Môi trường", "Tháng 12/2027"),
    ]
