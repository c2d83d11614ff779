"""The grounding check on its own: hand-written answers against hand-built citations."""

from __future__ import annotations

import pytest

from retrieval.answer import Citation
from retrieval.grounding import Span, attribute, check_grounding, find_markers, find_quotes, mask, sentences

ROW = Citation(
    doc_id="55-ctr/tu",
    doc_number="55-CTr/TU",
    doc_type="Chương trình hành động",
    doc_date="2024-01-31",
    issuer="Ban Chấp hành Đảng bộ tỉnh Tuyên Quang",
    doc_title="Thực hiện Nghị quyết số 43-NQ/TW ngày 24/11/2023 Hội nghị lần thứ tám Ban Chấp hành Trung ương Đảng khóa XIII",
    item=["Phụ lục", "3"],
    item_label="Phụ lục, dòng 3",
    quote="",
    passages=[
        "3 Lãnh đạo đổi mới và nâng cao chất lượng các phiên giải trình, chất vấn của Hội đồng nhân dân, "
        "Thường trực Hội đồng nhân dân. Đảng đoàn Ủy ban MTTQ tỉnh; các cơ quan, đơn vị liên quan Thường xuyên"
    ],
    source="tuyen-quang-ctr-hanh-dong-nq43.txt",
)
SECTION = Citation(
    doc_id="78/kh-ubnd",
    doc_number="78/KH-UBND",
    doc_type="Kế hoạch",
    doc_date="2024-04-23",
    issuer="Ủy ban nhân dân tỉnh Tuyên Quang",
    doc_title="Sửa chữa, khắc phục hạn chế, khuyết điểm sau kiểm điểm năm 2023",
    item=["II", "1", "1.3"],
    item_label="mục II.1.3",
    quote="",
    passages=[
        "1.3. Sở Thông tin và Truyền thông",
        "Tiếp tục tham mưu thực hiện Nghị quyết của Ban Chấp hành Đảng bộ tỉnh về chuyển đổi số, phấn đấu nâng thứ "
        "hạng của tỉnh trên bảng xếp hạng chỉ số Chuyển đổi số đứng thứ 35 của cả nước. Tham mưu ban hành Kế hoạch "
        "Chuyển đổi số năm 2024 trên địa bàn tỉnh, thực hiện Kết luận số 21-KL/TW.",
    ],
    source="tuyen-quang-ubnd-ke-hoach-khac-phuc-2023.txt",
)
BOTH = [ROW, SECTION]
FACTS = "Chủ trì: Đảng đoàn HĐND tỉnh; Thời hạn: Thường xuyên. (Ô “chủ trì” của dòng 3 để trống (ô gộp): kế thừa cơ quan chủ trì của dòng 2.)"


def problems(text: str, citations: list[Citation] = BOTH, **kwargs: object) -> list[str]:
    return check_grounding(text, citations, **kwargs).problems  # type: ignore[arg-type]


def test_a_faithful_answer_passes() -> None:
    text = (
        "Đảng đoàn HĐND tỉnh chủ trì việc «Lãnh đạo đổi mới và nâng cao chất lượng các phiên giải trình, chất vấn "
        "của Hội đồng nhân dân» (Phụ lục, dòng 3 của 55-CTr/TU) [1]. Sở Thông tin và Truyền thông được giao "
        "«Tham mưu ban hành Kế hoạch Chuyển đổi số năm 2024 trên địa bàn tỉnh» theo mục II.1.3 [2]."
    )
    assert problems(text, facts=FACTS, required=["Đảng đoàn HĐND tỉnh"]) == []


@pytest.mark.parametrize(
    "quote",
    [
        "đảng đoàn uỷ ban  MTTQ tỉnh",  # old tone placement, case and spaces do not matter
        "Lãnh đạo đổi mới … chất vấn của Hội đồng nhân dân",  # an ellipsis cuts the quote into checked pieces
        "Thường xuyên.",  # punctuation at the edge of a quote is not a word of it
    ],
)
def test_quotes_are_compared_after_fold(quote: str) -> None:
    assert problems(f"«{quote}» [1]") == []


@pytest.mark.parametrize(
    "text",
    [
        "«Đảng đoàn HĐND tỉnh chịu trách nhiệm tổ chức mọi phiên chất vấn» [1].",  # invented
        "«chất vấn của HĐND» [1].",  # the document writes "Hội đồng nhân dân": not verbatim
        "«chất vấn … Lãnh đạo đổi mới» [1].",  # pieces out of order
        "“Tham mưu ban hành Kế hoạch Chuyển đổi số năm 2024” [1].",  # verbatim, but in passage 2, not 1
    ],
)
def test_quotes_not_in_their_passage_fail(text: str) -> None:
    assert any(p.startswith("quote not verbatim") for p in problems(text))


def test_quotes_of_the_title_and_of_our_facts_line_are_not_inventions() -> None:
    assert problems("Văn bản «Thực hiện Nghị quyết số 43-NQ/TW» [1].") == []  # the trích yếu, shown with [1]
    echo = f"{FACTS} [1]"  # our own direct line, which quotes “chủ trì”
    assert problems(echo, facts=FACTS, required=["Đảng đoàn HĐND tỉnh"]) == []
    assert any(p.startswith("quote not verbatim") for p in problems("Ô “chủ trì” để trống [2].", facts=FACTS))


def test_a_sentence_without_marker_is_checked_against_every_passage() -> None:
    assert problems("Thời hạn là «Thường xuyên». Xem thêm [2].") == []
    assert any(p.startswith("quote not verbatim") for p in problems("Thời hạn là «Quý IV». Xem thêm [2]."))


def test_markers_after_the_full_stop_belong_to_the_sentence() -> None:
    text = "Nội dung là «Thường trực Hội đồng nhân dân». [1] Hạn là «đứng thứ 35 của cả nước». [2]"
    quotes = find_quotes(text)
    own = mask(text, quotes)
    markers, bounds = find_markers(own), sentences(own)
    assert [attribute(q, markers, bounds) for q in quotes] == [(1,), (2,)]
    assert problems(text) == []


def test_nearest_marker_in_the_sentence_wins_and_ties_go_to_the_one_after() -> None:
    text = "X [1] «a» [2] và «b» [1]."
    quotes = find_quotes(text)
    own = mask(text, quotes)
    markers, bounds = find_markers(own), sentences(own)
    assert [attribute(q, markers, bounds) for q in quotes] == [(2,), (1,)]
    assert attribute(Span(0, 1, "X"), markers, bounds) == (1,)


def test_marker_forms() -> None:
    assert [m.numbers for m in find_markers("a [1] b [1, 2] c [1-3]")] == [(1,), (1, 2), (1, 2, 3)]


@pytest.mark.parametrize("text", ["Đảng đoàn HĐND tỉnh chủ trì [7].", "Xem [0].", "Xem [1, 3]."])
def test_citing_a_passage_not_given_fails(text: str) -> None:
    assert any("passage(s) were given" in p for p in problems(text))


def test_an_answer_that_cites_nothing_fails() -> None:
    assert "no passage cited" in problems("Đảng đoàn HĐND tỉnh chủ trì.")


def test_document_numbers_must_be_the_cited_documents() -> None:
    assert problems("Theo 55-CTr/TU [1] và 78/KH-UBND [2].") == []
    assert problems("55-CTr/TU thực hiện Nghị quyết 43-NQ/TW [1].") == []  # named by its title: metadata
    assert problems("Văn bản nêu «thực hiện Kết luận số 21-KL/TW» [2].") == []  # the body's number, quoted
    assert "document number 21-KL/TW is not the cited document's" in problems("Thực hiện Kết luận 21-KL/TW [2].")
    assert "document number 78/KH-UBND is not the cited document's" in problems("Theo 78/KH-UBND [1].")
    assert "document number 123/QĐ-UBND is not the cited document's" in problems("Đã bãi bỏ theo 123/QĐ-UBND [1].")


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("Xem Phụ lục, dòng 3 [1].", True),
        ("Xem dòng 7 [1].", False),
        ("Xem dòng 2 [1].", True),  # the facts line says row 3 inherits from row 2: our metadata
        ("Xem mục II.1.3 [2].", True),
        ("Xem mục 1.3 [2].", True),  # upper levels left out
        ("Xem mục II [2].", True),  # a parent of the cited item
        ("Xem khoản 1, mục II [2].", True),
        ("Xem mục III.2 [2].", False),
        ("Xem Mục IX.9 [2].", False),
        ("Xem Phụ lục [2].", False),  # passage 2 is a numbered section, not an appendix row
        ("Xem dòng 3 [2].", False),
        ("Mục tiêu là chuyển đổi số [2].", True),  # "mục tiêu" is a word, not a label
    ],
)
def test_item_labels_must_name_the_cited_item(text: str, ok: bool) -> None:
    assert (problems(text, facts=FACTS) == []) is ok


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("Tỉnh phấn đấu đứng thứ 35 [2].", True),
        ("Kế hoạch năm 2024 [2].", True),
        ("Chương trình ban hành ngày 31/1/2024 [1].", True),  # heading date, leading zero dropped
        ("Tỉnh phấn đấu đứng thứ 40 [2].", False),
        ("Tỉnh phấn đấu đứng thứ 35 [1].", False),  # 35 is in passage 2, not 1
        ("Hoàn thành trong năm 2025 [1].", False),
        ("Đây là hội nghị lần thứ 10 [1].", True),  # the user's own figure
    ],
)
def test_figures_must_stand_in_the_material(text: str, ok: bool) -> None:
    assert (problems(text, question="Kết luận hội nghị lần thứ 10 nói gì?") == []) is ok


def test_saying_not_found_fails_when_extraction_found() -> None:
    assert "says “không tìm thấy” though the passages answer" in problems("Không tìm thấy thông tin [1].")


def test_required_facts_may_be_written_out() -> None:
    required = ["Đảng đoàn HĐND tỉnh"]
    assert problems("Đảng đoàn Hội đồng nhân dân tỉnh chủ trì [1].", required=required) == []
    assert "drops “Đảng đoàn HĐND tỉnh” found by extraction" in problems("Sở Tài chính chủ trì [1].", required=required)


def test_empty_answer_fails() -> None:
    assert problems("  ") == ["empty answer"]
