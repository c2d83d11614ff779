"""Search and answers on the real sample corpus, in a real embedded Chroma built for the tests."""

from pathlib import Path

import numpy as np
import pytest

from retrieval.assistant import Assistant, ItemNotFound
from retrieval.question import Intent, parse_question
from retrieval.search import Searcher
from retrieval.settings import Settings
from retrieval.vietnamese import fold

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    settings = Settings(corpus_dir=CORPUS, index_dir=tmp_path_factory.mktemp("index"), _env_file=None)
    built = Assistant(settings)
    built.reload()
    return built


@pytest.fixture(scope="module")
def corpus_text():
    return " ".join(fold(p.read_text(encoding="utf-8")) for p in CORPUS.glob("*.txt"))


def test_question_understanding():
    q = parse_question("ai chu tri giam sat kien nghi cu tri theo CTr 55")
    assert q.intent == Intent.LEAD
    assert [(r.code, r.serial) for r in q.doc_refs] == [("CTr", 55)]
    q = parse_question("Mục 9.3 Chỉ thị 03-CT/TU giao cơ quan nào chủ trì hiệp thương?")
    assert q.item is not None and q.item.label == "9.3" and not q.item.appendix
    assert q.doc_refs[0].number == "03-CT/TU"
    assert parse_question("dòng 17 phụ lục KH 329").item.appendix
    assert parse_question("Ban Tuyên giáo phối hợp với những đơn vị nào?").intent == Intent.COOPERATING
    assert parse_question("hạn báo cáo là ngày nào").intent == Intent.DEADLINE
    assert parse_question("Nghị quyết về chuyển đổi số số mấy, ban hành ngày nào?").intent == Intent.DOC_LOOKUP
    assert parse_question("Sở Tư pháp được giao nhiệm vụ gì?").intent == Intent.AGENCY_TASKS
    assert parse_question("kết luận hội nghị lần thứ 10").doc_refs[0].conference == "10"
    assert parse_question("Đơn vị chủ trì thực hiện việc tuyên truyền NQ 111 là ai?").intent == Intent.LEAD
    assert parse_question("Ban Tuyên giáo chủ trì, phối hợp với những đơn vị nào?").intent == Intent.COOPERATING
    assert parse_question("Trách nhiệm của Ban Tổ chức Tỉnh ủy là gì?").intent == Intent.AGENCY_TASKS
    assert parse_question("KL 105 do cơ quan nào ban hành?").intent == Intent.DOC_LOOKUP
    asked = "Những cơ quan nào được giao hoàn chỉnh các báo cáo để trình Thường trực Tỉnh ủy ký ban hành?"
    assert parse_question(asked).intent == Intent.LEAD  # the signing is the task's, not what is asked
    # "những văn bản nào" after "giao X" asks what X is given, not which board ("ban nào") nor a list of documents
    asked = "Phụ lục KH 24-KH/TU giao Ban Dân vận Tỉnh ủy tham mưu những văn bản nào?"
    assert parse_question(asked).intent == Intent.AGENCY_TASKS
    assert parse_question("Ban nào chủ trì việc này?").intent == Intent.LEAD
    assert parse_question("có những văn bản nào về chuyển đổi số?").intent == Intent.DOC_LIST
    assert parse_question("KL 53 tiếp tục thực hiện nghị quyết nào?").intent == Intent.RELATION
    assert parse_question("Nội dung khắc phục hạn chế về chuyển đổi số?").intent == Intent.CONTENT  # "hạn chế" is no deadline
    # who issues a norm is a task; who issued a document is a fact of the document; "phải" holds no "ai"
    assert parse_question("Ai ban hành định mức kinh tế - kỹ thuật về ký quỹ?").intent == Intent.LEAD
    assert parse_question("ai ban hanh ke hoach 78").intent == Intent.DOC_LOOKUP
    assert parse_question("Chỉ thị 11 ai ban hành?").intent == Intent.DOC_LOOKUP
    assert parse_question("Danh mục hàng hóa phải ban hành xong khi nào?").intent == Intent.DEADLINE
    # an agency asked for as the subject of any verb leads it
    assert parse_question("ct 07/ct-ttg: bo nao du thao sua nd 29/2008").intent == Intent.LEAD
    assert parse_question("sở nào rà soát bến thủy nội địa?").intent == Intent.LEAD


def test_agency_names_keep_their_own_glue_words_and_are_read_without_marks():
    from retrieval.question import agencies_in

    assert agencies_in("so nn&mt kiem soat san luong thi phoi hop voi ai?") == ["Sở Nông nghiệp và Môi trường"]
    assert agencies_in("Sở NN&MT tỉnh Lào Cai phối hợp với ai?") == ["Sở Nông nghiệp và Môi trường tỉnh Lào Cai"]
    # after the name and its place, the question goes on: "diễn ra" is no part of the name
    assert agencies_in("Kỳ kiểm tra của Sở Công Thương Lào Cai diễn ra khi nào?") == ["Sở Công Thương Lào Cai"]
    assert "Ban Thường vụ Tỉnh ủy" in agencies_in("Chỉ thị của Ban Thường vụ Tỉnh ủy giao Sở Y tế việc gì?")
    assert agencies_in("Sở VHTT&DL chủ trì việc gì?") == ["Sở Văn hóa, Thể thao và Du lịch"]
    assert agencies_in("Sở Tư pháp và Sở Y tế làm gì?") == ["Sở Tư pháp", "Sở Y tế"]
    # typed in lower case, with or without marks, by name or by code: still that Sở
    assert agencies_in("so tu phap phoi hop voi co quan nao?") == ["Sở Tư pháp"]
    assert agencies_in("sở tư pháp phối hợp với ai?") == ["Sở Tư pháp"]
    assert agencies_in("SỞ Y TẾ làm gì?") == ["Sở Y tế"]
    assert agencies_in("so xd phoi hop voi ai") == ["Sở Xây dựng"]
    assert agencies_in("so dan toc va ton giao lam gi") == ["Sở Dân tộc và Tôn giáo"]
    assert agencies_in("kế hoạch số 12 về xây dựng nông thôn mới") == []
    # an abbreviated task after the name is the task ("GPMB": giải phóng mặt bằng), not more of the name
    assert agencies_in("UBND phường Lào Cai GPMB di dời KCN Đông Phố Mới phối hợp với ai") == ["Ủy ban nhân dân phường Lào Cai"]
    assert agencies_in("ubnd phuong lao cai gpmb di doi kcn dong pho moi phoi hop voi ai") == ["Ủy ban nhân dân phuong lao cai"]


def test_an_appendix_named_without_its_number_is_where_to_look():
    item = parse_question("Trong bảng phụ lục kế hoạch của UBND tỉnh, sở nào rà soát thiết kế mỏ?").item
    assert item is not None and item.appendix and not item.label
    item = parse_question("Trong bảng nhiệm vụ trọng tâm kèm kế hoạch, ai rà soát cán bộ?").item
    assert item is not None and item.appendix
    assert parse_question("ai chủ trì việc bồi dưỡng cán bộ quản lý khoáng sản?").item is None


def test_weighted_fusion_and_rrf_combine_both_lists(assistant):
    searcher = assistant.live.searcher
    lexical, vector = {1: 10.0, 2: 5.0}, {2: 0.9, 3: 0.8}
    for method in ("weighted", "rrf"):
        fused = Searcher._fuse(_with_fusion(searcher, method), lexical, vector)
        assert set(fused) == {1, 2, 3}
        assert fused[2] > fused[3]  # found by both beats found by one
    weighted = Searcher._fuse(_with_fusion(searcher, "weighted"), lexical, vector)
    assert weighted[1] > weighted[3]  # lexical carries more weight


def _with_fusion(searcher, method):
    clone = object.__new__(Searcher)
    clone.fusion, clone.vector_weight = method, 0.3
    return clone


def test_lead_answer_from_a_merged_cell(assistant, corpus_text):
    answer = assistant.ask(
        "Theo CTr 55-CTr/TU, ai chủ trì giám sát việc giải quyết kiến nghị chính đáng của Nhân dân trước, trong và sau các kỳ tiếp xúc cử tri?"
    )
    assert answer.found
    top = answer.citations[0]
    assert (top.doc_number, top.item) == ("55-CTr/TU", ["Phụ lục", "4"])
    assert answer.assignment.lead == ["Đảng đoàn HĐND tỉnh"]
    assert answer.answer.startswith("Chủ trì: Đảng đoàn HĐND tỉnh")
    assert "dòng 2" in answer.answer  # says where the empty cell's lead comes from
    assert "Phụ lục, dòng 4" in top.heading
    assert fold(top.quote) in corpus_text


def test_every_quote_is_verbatim(assistant, corpus_text):
    questions = [
        "ai chu tri khac phuc han che ve ty le thi hanh an dan su (KH 329)?",
        "Sở Tư pháp được giao nhiệm vụ gì theo Kế hoạch 78/KH-UBND?",
        "6 tháng đầu năm 2022 tốc độ tăng trưởng kinh tế của tỉnh đạt bao nhiêu theo kết luận hội nghị lần thứ 10?",
        "Chương trình hành động 03-CTr/TU đặt mục tiêu tăng trưởng GRDP bình quân thế nào?",
    ]
    for question in questions:
        answer = assistant.ask(question)
        assert answer.found, question
        for citation in answer.citations:
            for passage in [citation.quote, *citation.passages]:
                assert fold(passage) in corpus_text


def test_deadline_and_doc_lookup(assistant):
    answer = assistant.ask("han so KHDT tong hop ket qua thuc hien KH 78 bao cao UBND tinh la ngay nao")
    assert "15/12/2024" in answer.answer and answer.citations[0].item == ["III", "2"]
    answer = assistant.ask("KL 116-KL/TU do ai ký?")
    assert "Lê Thị Thu Hồng" in answer.answer and answer.citations[0].doc_number == "116-KL/TU"


def test_not_found_cites_nothing_and_suggests(assistant):
    answer = assistant.ask("Kế hoạch số 330-KH/TU của BTV Tỉnh ủy giao ai chủ trì khắc phục hạn chế về chuyển đổi số?")
    assert not answer.found and not answer.citations
    assert "330-KH/TU" in answer.answer
    # the passage closest in words prints no amount of money: it does not answer "bao nhiêu tiền"
    answer = assistant.ask("NQ 111 về chuyển đổi số hỗ trợ mỗi doanh nghiệp bao nhiêu tiền?")
    assert not answer.found and not answer.citations and "Không tìm thấy" in answer.answer
    assert "111-NQ/TU" in answer.answer  # the nearest document is suggested
    answer = assistant.ask("nq du lich bac giang: nam 2025 thu hut bao nhieu luot khach?")
    assert answer.found and "3 triệu lượt khách" in answer.answer


def test_a_document_the_corpus_only_cites_is_said_to_be_missing(assistant):
    answer = assistant.ask("Đề án 01-ĐA/TU về đấu tranh phản bác quan điểm sai trái có nội dung gì?")
    assert answer.answer.startswith("Văn bản 01-ĐA/TU không có trong kho")
    assert all(c.doc_number != "01-ĐA/TU" for c in answer.citations)


def test_item_reference_goes_straight_to_the_item(assistant):
    answer = assistant.ask("Mục 12 trong kế hoạch kèm CTr 55-CTr/TU nói về nội dung gì?")
    assert answer.citations[0].item == ["Phụ lục", "12"]
    # "khoản 2 mục III": item 2 of part III, not the first item 2 of the document
    assert assistant.ask("khoản 2 mục III NQ 109-NQ/TU nói gì?").citations[0].item == ["III", "2"]


def test_several_documents_are_cited_when_both_answer(assistant):
    answer = assistant.ask("Nghị quyết về xây dựng và phát triển Việt Yên trở thành thị xã do ai chủ trì chuẩn bị?")
    numbers = {c.doc_number for c in answer.citations}
    assert {"03-CTr/TU", "15-CTr/TU"} <= numbers
    assert "văn bản cùng đề cập" in answer.answer


def test_show_an_item_and_unknown_items(assistant):
    citation = assistant.show("55-CTr/TU", ["Phụ lục", "4"])
    assert citation.passages[0].startswith("4 Giám sát việc giải quyết")
    assert assistant.show("109-NQ/TU", ["III", "2"]).passages[0].startswith("2. Ban Tuyên giáo Tỉnh ủy chủ trì")
    with pytest.raises(ItemNotFound, match="Không có văn bản"):
        assistant.show("999-NQ/TU", ["1"])
    with pytest.raises(ItemNotFound, match="Phụ lục"):
        assistant.show("55-CTr/TU", ["Phụ lục", "99"])


def test_vector_store_filters_by_document(assistant):
    live = assistant.live
    vector = assistant.embedder.embed_query("giám sát kiến nghị cử tri")
    doc_id = assistant.find_document("55-CTr/TU").meta.id
    hits = live.index.vectors.query(vector, 5, [doc_id])
    assert hits and all(cid.startswith(f"{doc_id}/") for cid, _ in hits)
    assert isinstance(vector, np.ndarray)


def test_greetings_and_help_say_what_can_be_asked(assistant):
    for text in ("xin chào", "Bạn làm được gì?", "huong dan su dung"):
        answer = assistant.ask(text)
        assert answer.found and not answer.citations
        assert "Ví dụ" in answer.answer and "chủ trì" in answer.answer


def test_document_lists_are_filtered_by_type_year_province_and_topic(assistant):
    by_year = assistant.ask("Danh sách văn bản năm 2023")
    # a document of 2024 whose title speaks of "năm 2023" is not one of 2023
    assert by_year.direct.startswith("Có 1 văn bản năm 2023") and "329-KH/TU" in by_year.direct
    assert "78/KH-UBND" not in by_year.direct
    count = assistant.ask("co bao nhieu chi thi nam 2021?")
    assert count.direct.startswith("Có 12 chỉ thị năm 2021")
    assert all(c.doc_type == "Chỉ thị" and c.doc_date.startswith("2021") for c in count.citations)
    topic = assistant.ask("các nghị quyết về chuyển đổi số")
    assert topic.direct.startswith("Có 1 nghị quyết về chuyển đổi số") and "111-NQ/TU" in topic.direct
    province = assistant.ask("có bao nhiêu văn bản của tỉnh Tuyên Quang?")
    assert province.direct.startswith("Có 4 văn bản")
    assert {c.doc_id for c in province.citations} <= {d.meta.id for d in assistant.documents() if d.meta.province == "Tuyên Quang"}


def test_a_list_cites_each_document_by_a_verbatim_line(assistant):
    answer = assistant.ask("liệt kê các kế hoạch")
    assert answer.citations
    for c in answer.citations:
        source = next(d for d in assistant.documents() if d.meta.id == c.doc_id).meta.source
        assert assistant.live.composer.checker.is_verbatim(c.quote, source)


def test_an_empty_list_says_so(assistant):
    answer = assistant.ask("danh sách các đề án năm 2019")
    assert not answer.found and not answer.citations
    assert answer.answer.startswith("Không có đề án năm 2019 nào")


def test_a_type_named_right_before_a_reference_is_the_document_that_implements_it():
    (ref,) = parse_question("phụ lục KH CT 11-CT/TU: đăng kiểm phương tiện giao ai?").doc_refs
    assert ref.implemented_by == "Kế hoạch" and ref.context
    (ref,) = parse_question("kh chi thi 11 khoang san: ai phoi hop").doc_refs
    assert ref.implemented_by == "Kế hoạch"
    (ref,) = parse_question("Kế hoạch 78/KH-UBND giao ai chủ trì?").doc_refs  # its own type, not another
    assert ref.implemented_by is None and not ref.context
    (ref,) = parse_question("văn bản Chỉ thị 11 nói gì?").doc_refs
    assert ref.implemented_by is None
    # a type that is also a verb, right after the agency doing it, is the verb: no Hướng dẫn is asked for
    (ref,) = parse_question("so xd huong dan trien khai qd 11/2026/qd-ubnd phoi hop so nao").doc_refs
    assert ref.implemented_by is None
    (ref,) = parse_question("hướng dẫn triển khai QĐ 11/2026/QĐ-UBND số mấy?").doc_refs
    assert ref.implemented_by == "Hướng dẫn"


def test_agencies_are_compared_without_plural_words_and_punctuation():
    from retrieval.agencies import agency_key

    assert agency_key("UBND các xã, phường") == agency_key("ubnd xa phuong") == "uy ban nhan dan xa phuong"
    assert agency_key("Uỷ ban nhân dân xã / phường / thị trấn") == agency_key("UBND xã, phường, thị trấn")
    assert agency_key("Sở Tư pháp") != agency_key("Sở Tài chính")


def test_a_number_typed_with_its_separators_swapped_finds_the_document(assistant):
    answer = assistant.ask("kh 78-kh/ubnd: ai hoan thanh thu tuc trinh thanh lap khu cong nghiep nhu khe - doi can")
    assert answer.found
    assert answer.citations[0].doc_number == "78/KH-UBND"
