"""Which passage of an item is quoted and which item answers, on small documents written here."""

import pytest

from retrieval.assistant import Assistant
from retrieval.settings import Settings

PLAN = """\
ỦY BAN NHÂN DÂN
TỈNH LÀO CAI

Số: 12/KH-UBND

Lào Cai, ngày 10 tháng 3 năm 2026

KẾ HOẠCH
Tăng cường quản lý nhà nước về khoáng sản năm 2026

I. MỤC ĐÍCH, YÊU CẦU
Nâng cao hiệu lực quản lý nhà nước về khoáng sản trên địa bàn tỉnh.

II. TỔ CHỨC THỰC HIỆN
1. Sở Nông nghiệp và Môi trường
- Là cơ quan thường trực, đôn đốc các sở, ngành triển khai thực hiện Kế hoạch này.
- Phối hợp với các sở, ban, ngành và Ủy ban nhân dân các xã tăng cường kiểm tra hoạt động khoáng sản.
- Chủ trì, phối hợp với Thuế tỉnh, Sở Xây dựng triển khai các biện pháp kiểm soát chặt chẽ sản lượng khai thác thực tế của các mỏ.
2. Sở Công Thương
- Chủ trì, phối hợp với Sở Nông nghiệp và Môi trường kiểm soát sản lượng khai thác, chế biến khoáng sản làm vật liệu nổ công nghiệp.
"""

REPORT = (
    """\
ỦY BAN NHÂN DÂN
TỈNH LÀO CAI

Số: 30/BC-UBND

Lào Cai, ngày 15 tháng 1 năm 2026

BÁO CÁO
Công tác quản lý nhà nước về khoáng sản năm 2025

I. KẾT QUẢ
1. Tình hình khai thác khoáng sản trái phép
- Qua rà soát, một số xã vẫn còn khai thác cát trái phép (như các xã: Chấn Thịnh, Mậu A).
- Về công tác quản lý nhà nước về khoáng sản năm 2025: Ủy ban nhân dân tỉnh đã ban hành nhiều văn bản chỉ đạo,
đôn đốc công tác quản lý nhà nước về khoáng sản, ngăn chặn khai thác khoáng sản trái phép, khai thác cát trái phép;
"""
    + "Sở Nông nghiệp và Môi trường đã ban hành nhiều văn bản tăng cường quản lý nhà nước về khoáng sản năm 2025. " * 14
    + """
2. Công tác cấp phép
- Thực hiện Luật Địa chất và khoáng sản năm 2024, trong năm 2025 Ủy ban nhân dân tỉnh đã cấp 10 giấy phép khai thác khoáng sản.
"""
)


DIRECTIVE = """\
ỦY BAN NHÂN DÂN
THÀNH PHỐ HỒ CHÍ MINH

Số: 05/CT-UBND

Thành phố Hồ Chí Minh, ngày 20 tháng 1 năm 2010

CHỈ THỊ
Về tổ chức phát động phong trào thi đua yêu nước năm 2010

I. MỤC TIÊU
Phát động sâu rộng phong trào thi đua yêu nước trong toàn thành phố.

II. TỔ CHỨC THỰC HIỆN
1. Giao Sở Nội vụ (Ban Thi đua - Khen thưởng) có nhiệm vụ:
a) Phối hợp với Sở Thông tin và Truyền thông, Báo Sài gòn Giải phóng, Đài Truyền hình thành phố tổ chức tuyên truyền, cổ động phong trào thi đua yêu nước.
b) Phối hợp với các thành viên Hội đồng Thi đua - Khen thưởng thành phố tổ chức kiểm tra, đôn đốc việc thực hiện Chỉ thị này.
"""


RESOLUTION = """\
TỈNH ỦY BẮC GIANG

Số 112-NQ/TU

ĐẢNG CỘNG SẢN VIỆT NAM

Bắc Giang, ngày 15 tháng 6 năm 2021

NGHỊ QUYẾT
về phát triển du lịch giai đoạn 2021-2025, định hướng đến năm 2030

I. MỤC TIÊU
1. Mục tiêu cụ thể
1.1. Đến năm 2025
Thu hút 3 triệu lượt khách du lịch, tổng thu đạt 3.000 tỷ đồng.
1.2. Định hướng đến năm 2030
Các chỉ tiêu phát triển du lịch: thu hút 5 triệu lượt khách du lịch, tổng thu từ khách du lịch đạt 6.000 tỷ đồng, du lịch là ngành kinh tế quan trọng của tỉnh.
"""


DECREE = """\
CHÍNH PHỦ

Số: 40/2025/NĐ-CP

Hà Nội, ngày 15 tháng 3 năm 2025

NGHỊ ĐỊNH
Về quản lý, phát triển cụm công nghiệp

Điều 1. Phạm vi điều chỉnh
Nghị định này quy định về quản lý, phát triển cụm công nghiệp.
Điều 2. Xây dựng, tích hợp phương án phát triển cụm công nghiệp vào quy hoạch tỉnh
1. Sở Công Thương chủ trì, phối hợp với các sở, ngành, đơn vị liên quan xây dựng, hoàn thành phương án phát triển cụm công nghiệp trên địa bàn theo quy định tại Điều 1; có văn bản báo cáo Ủy ban nhân dân cấp tỉnh về phương án phát triển cụm công nghiệp.
2. Ủy ban nhân dân cấp tỉnh chỉ đạo cơ quan lập quy hoạch tỉnh xử lý, tích hợp phương án phát triển cụm công nghiệp vào quy hoạch tỉnh, lấy ý kiến đối với quy hoạch tỉnh theo quy định của pháp luật về quy hoạch.
"""


SUPPORT_PLAN = """\
ỦY BAN NHÂN DÂN
THÀNH PHỐ HÀ NỘI

Số: 90/KH-UBND

Hà Nội, ngày 10 tháng 5 năm 2010

KẾ HOẠCH
Hỗ trợ hộ nghèo sửa chữa nhà ở năm 2010

I. MỤC TIÊU
Hỗ trợ hộ nghèo sửa chữa 2.305 nhà ở hư hỏng trên địa bàn Thành phố.
II. TỔ CHỨC THỰC HIỆN
1. Sở Lao động - Thương binh và Xã hội - thường trực kế hoạch:
Tổng hợp danh sách hộ nghèo được hỗ trợ sửa chữa nhà ở, báo cáo UBND Thành phố.
2. UBND quận, huyện, thị xã:
Chỉ đạo UBND xã, phường hoàn thành hỗ trợ hộ nghèo sửa chữa nhà ở trên địa bàn, kế hoạch hỗ trợ hộ nghèo sửa chữa nhà ở hoàn thành trước ngày 30/9/2010.
Phấn đấu hoàn thành sửa chữa 2.305 nhà ở hộ nghèo phát sinh ngoài Kế hoạch 77/KH-LT.
"""


def _built(tmp_path_factory, files: dict[str, str]) -> Assistant:
    """An assistant over a corpus of these files (name → text), in a real embedded Chroma."""
    corpus = tmp_path_factory.mktemp("corpus")
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    built = Assistant(Settings(corpus_dir=corpus, index_dir=tmp_path_factory.mktemp("index"), _env_file=None))
    built.reload()
    return built


@pytest.fixture(scope="module")
def assistant(tmp_path_factory) -> Assistant:
    files = {"ke-hoach.txt": PLAN, "bao-cao.txt": REPORT, "chi-thi.txt": DIRECTIVE, "nghi-quyet.txt": RESOLUTION}
    return _built(tmp_path_factory, {**files, "nghi-dinh.txt": DECREE, "ho-tro.txt": SUPPORT_PLAN})


def test_the_passage_quoted_is_the_one_that_answers_not_the_one_repeating_the_title(assistant: Assistant) -> None:
    answer = assistant.ask(
        "Báo cáo công tác quản lý nhà nước về khoáng sản năm 2025 nêu những xã nào còn khai thác cát trái phép?"
    )
    assert answer.found
    assert "Chấn Thịnh, Mậu A" in answer.answer


def test_the_agency_asked_about_is_the_lead_of_the_item_cited(assistant: Assistant) -> None:
    answer = assistant.ask(
        "so nn&mt kiem soat san luong khai thac thuc te cua cac mo thi phoi hop voi nhung co quan nao?"
    )
    assert answer.found and answer.assignment is not None
    assert answer.citations[0].item == ["II", "1"]
    assert answer.assignment.cooperating == ["Thuế tỉnh", "Sở Xây dựng"]


def test_an_agency_inside_the_task_is_not_taken_for_its_lead(assistant: Assistant) -> None:
    answer = assistant.ask(
        "Việc kiểm soát sản lượng khai thác, chế biến vật liệu nổ công nghiệp thì cơ quan nào phối hợp?"
    )
    assert answer.found and answer.assignment is not None
    assert answer.assignment.cooperating == ["Sở Nông nghiệp và Môi trường"]


def test_an_item_that_only_opens_its_points_gives_way_to_the_point_that_answers(assistant: Assistant) -> None:
    answer = assistant.ask(
        "Tuyên truyền phong trào thi đua năm 2010, Sở Nội vụ phối hợp với những cơ quan báo, đài nào?"
    )
    assert answer.found and answer.assignment is not None
    assert answer.citations[0].item == ["II", "1", "a"]
    assert "Báo Sài gòn Giải phóng" in answer.assignment.cooperating


def test_the_target_of_the_year_asked_not_the_one_under_a_later_horizon(assistant: Assistant) -> None:
    answer = assistant.ask(
        "Nghị quyết 112-NQ/TU đặt chỉ tiêu năm 2025 về lượt khách và tổng thu từ du lịch là bao nhiêu?"
    )
    assert answer.found
    assert answer.citations[0].item == ["I", "1", "1.1"]
    assert "3 triệu lượt khách" in answer.answer


def test_a_year_that_names_a_law_is_no_year_the_report_speaks_of(assistant: Assistant) -> None:
    answered = assistant.ask("Năm 2025 UBND tỉnh Lào Cai cấp bao nhiêu giấy phép khai thác khoáng sản?")
    assert answered.found and "10 giấy phép" in answered.answer
    declined = assistant.ask("Năm 2024 UBND tỉnh Lào Cai cấp bao nhiêu giấy phép khai thác khoáng sản?")
    assert not declined.found


def test_the_clause_that_says_who_leads_answers_who_leads(assistant: Assistant) -> None:
    # clause 2 shares more words with the question, but only clause 1 says "chủ trì"; its "; có văn bản …" is
    # a second clause of the sentence, not a list of agencies
    answer = assistant.ask(
        "Theo NĐ 40/2025/NĐ-CP, cơ quan nào chủ trì xây dựng phương án phát triển cụm công nghiệp để tích hợp vào quy hoạch tỉnh?"
    )
    assert answer.found and answer.assignment is not None
    assert answer.citations[0].item == ["Điều 2", "1"]
    assert answer.assignment.lead == ["Sở Công Thương"]
    assert "các sở, ngành" in "; ".join(answer.assignment.cooperating)


def test_the_agency_in_the_role_asked_is_the_one_named_with_it(assistant: Assistant) -> None:
    # "hỗ trợ" names the plan's topic here, not helpers; the role stands beside the name, not inside it
    answer = assistant.ask("Cơ quan nào là thường trực kế hoạch hỗ trợ hộ nghèo Hà Nội sửa chữa nhà ở năm 2010?")
    assert answer.found and answer.assignment is not None
    assert answer.citations[0].item == ["II", "1"]
    assert answer.assignment.lead == ["Sở Lao động - Thương binh và Xã hội"]
    # the words of the question in another item: the role asked still names the item
    reworded = assistant.ask(
        "Kế hoạch hỗ trợ hộ nghèo Hà Nội sửa chữa nhà ở phát sinh ngoài KH 77 giao sở nào làm thường trực?"
    )
    assert reworded.found and reworded.citations[0].item == ["II", "1"]


LETTER = """\
ỦY BAN NHÂN DÂN
TỈNH LÀO CAI

Số: 77/UBND-KT

Lào Cai, ngày 20 tháng 3 năm 2026

V/v tăng cường quản lý nhà nước về khoáng sản

Kính gửi: Các sở, ban, ngành tỉnh.

Thực hiện Kế hoạch tăng cường quản lý nhà nước về khoáng sản năm 2026, Ủy ban nhân dân tỉnh yêu cầu:
1. Sở Công Thương chủ trì, phối hợp với Sở Nông nghiệp và Môi trường kiểm soát sản lượng khai thác, chế biến khoáng sản làm vật liệu nổ công nghiệp; tăng cường quản lý nhà nước về khoáng sản.
"""


@pytest.fixture(scope="module")
def plan_and_letter(tmp_path_factory) -> Assistant:
    return _built(tmp_path_factory, {"ke-hoach.txt": PLAN, "cong-van.txt": LETTER})


def test_the_type_of_document_asked_for_is_the_one_cited(plan_and_letter: Assistant) -> None:
    answer = plan_and_letter.ask(
        "Trong công văn của UBND tỉnh, ai chủ trì kiểm soát sản lượng khai thác, chế biến khoáng sản làm vật liệu nổ "
        "công nghiệp?"
    )
    assert answer.found and answer.citations[0].doc_type == "Công văn"
    assert answer.citations[0].doc_number == "77/UBND-KT"


def test_an_agency_typed_without_marks_is_not_shown_back_half_written(assistant: Assistant) -> None:
    answer = assistant.ask(
        "ubnd xa chan thinh phoi hop voi nhung co quan nao kiem soat san luong khai thac thuc te cua cac mo"
    )
    assert not answer.found
    assert "xa chan thinh" not in answer.answer and "cơ quan được hỏi" in answer.answer


TAX_PLAN = """\
ỦY BAN NHÂN DÂN
TỈNH LÀO CAI

Số: 45/KH-UBND

Lào Cai, ngày 2 tháng 4 năm 2026

KẾ HOẠCH
Triển khai Chỉ thị về quản lý khoáng sản

I. TỔ CHỨC THỰC HIỆN
1. Sở Nông nghiệp và Môi trường
- Chủ trì tổng hợp, báo cáo kết quả thực hiện Kế hoạch.
2. Thuế tỉnh
- Tổ chức kiểm tra khối lượng khoáng sản kê khai của các đơn vị khai thác.
- Tăng cường công tác quản lý hóa đơn thuế đối với việc mua bán khoáng sản.

Nơi nhận:
- Các sở, ban, ngành;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn Bình

PHỤ LỤC
NHIỆM VỤ CỤ THỂ
(Kèm theo Kế hoạch số 45/KH-UBND ngày 02/4/2026 của Ủy ban nhân dân tỉnh)
| TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |
|---|---|---|---|---|
| 1 | Kiểm tra, đối chiếu khối lượng khoáng sản kê khai, nộp thuế, phí của các đơn vị khai thác khoáng sản | Thuế tỉnh | Sở Nông nghiệp và Môi trường | Hàng năm |
| 2 | Chỉ đạo các sở, ngành kiểm tra hoạt động khai thác khoáng sản | Ủy ban nhân dân tỉnh | Các sở, ngành | Năm 2026 |
"""


@pytest.fixture(scope="module")
def tax_plan(tmp_path_factory) -> Assistant:
    return _built(tmp_path_factory, {"ke-hoach-khoang-san.txt": TAX_PLAN})


def test_the_item_headed_by_the_agency_answers_what_it_is_given_before_a_row_it_leads(tax_plan: Assistant) -> None:
    answer = tax_plan.ask("Thuế tỉnh được giao những nhiệm vụ gì về kiểm tra, đối chiếu khối lượng khoáng sản kê khai?")
    assert answer.found
    assert [c.item for c in answer.citations[:2]] == [["I", "2"], ["Phụ lục", "1"]]
    assert "quản lý hóa đơn thuế" in answer.answer


def test_the_agency_after_cua_owns_the_plan_and_is_not_the_one_asked_about(tax_plan: Assistant) -> None:
    answer = tax_plan.ask("Kế hoạch của Ủy ban nhân dân tỉnh giao Thuế tỉnh những nhiệm vụ gì?")
    assert answer.found
    assert answer.citations[0].item == ["I", "2"]
    assert all(c.item != ["Phụ lục", "2"] for c in answer.citations)


DECISION = """\
BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG

Số: 2200/QĐ-BNNMT

Hà Nội, ngày 10 tháng 6 năm 2026

QUYẾT ĐỊNH
Ban hành Kế hoạch triển khai thực hiện Nghị định số 180/2026/NĐ-CP

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch triển khai thực hiện Nghị định số 180/2026/NĐ-CP.
Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.

Nơi nhận:
- Như Điều 2;
- Lưu: VT.
KT. BỘ TRƯỞNG
THỨ TRƯỞNG

Nguyễn Văn Hùng

KẾ HOẠCH
TRIỂN KHAI THỰC HIỆN NGHỊ ĐỊNH SỐ 180/2026/NĐ-CP
(Kèm theo Quyết định số 2200/QĐ-BNNMT ngày 10 tháng 6 năm 2026 của Bộ trưởng Bộ Nông nghiệp và Môi trường)

Ngày 21 tháng 5 năm 2026, Chính phủ ban hành Nghị định số 180/2026/NĐ- CP quy định về dịch vụ hấp thụ và lưu giữ các-bon của rừng, có hiệu lực thi hành kể từ ngày 15 tháng 7 năm 2026. Để tổ chức thực hiện hiệu quả, Bộ ban hành Kế hoạch này.
I. MỤC ĐÍCH
Triển khai kịp thời, đồng bộ Nghị định số 180/2026/NĐ-CP.
"""


@pytest.fixture(scope="module")
def decision(tmp_path_factory) -> Assistant:
    return _built(tmp_path_factory, {"quyet-dinh.txt": DECISION})


def test_when_an_absent_decree_takes_effect_is_quoted_from_the_plan_that_restates_it(decision: Assistant) -> None:
    answer = decision.ask("nd 180/2026/nd-cp co hieu luc tu ngay nao")
    assert answer.found
    assert "không có trong kho" in answer.direct
    assert answer.citations[0].item == ["Kế hoạch"]
    # the Kế hoạch's own opening, not the Quyết định's
    assert answer.citations[0].heading.startswith("Kế hoạch ban hành kèm theo Quyết định số 2200/QĐ-BNNMT")
    assert "có hiệu lực thi hành kể từ ngày 15 tháng 7 năm 2026" in answer.citations[0].quote


def test_other_facts_of_an_absent_decree_are_not_read_from_the_plan(decision: Assistant) -> None:
    assert not decision.ask("Nghị định 180/2026/NĐ-CP quy định mức chi trả bao nhiêu đồng mỗi tấn CO2?").found
    assert not decision.ask("Nghị định 181/2026/NĐ-CP có hiệu lực từ ngày nào?").found


REVENUE_DIRECTIVE = """\
TỈNH ỦY BẮC GIANG

Số 12-CT/TU

Bắc Giang, ngày 28 tháng 9 năm 2021

CHỈ THỊ
Về tăng cường chống thất thu ngân sách nhà nước

1. Các cấp ủy, tổ chức đảng quán triệt Chỉ thị đến cán bộ, đảng viên.
2. Các huyện ủy, thành ủy tập trung lãnh đạo, chỉ đạo thực hiện Chỉ thị tại địa phương; chỉ đạo UBND cấp huyện căn cứ nội dung Chỉ thị này, Kế hoạch thực hiện Chỉ thị của UBND tỉnh xây dựng kế hoạch triển khai thực hiện phù hợp với tình hình, điều kiện thực tiễn ở địa phương (xong trong tháng 12/2021).
3. Ban cán sự đảng UBND tỉnh chỉ đạo UBND tỉnh xây dựng Kế hoạch thực hiện Chỉ thị này (xong trong tháng 11/2021); chủ trì, phối hợp với các cơ quan, đơn vị liên quan theo dõi, đôn đốc, kiểm tra, giám sát việc thực hiện Chỉ thị; định kỳ tháng 9 hàng năm tổng hợp, báo cáo Ban Thường vụ Tỉnh ủy.
"""


@pytest.fixture(scope="module")
def revenue_directive(tmp_path_factory) -> Assistant:
    return _built(tmp_path_factory, {"chi-thi-12.txt": REVENUE_DIRECTIVE})


def test_the_number_of_the_document_asked_about_is_not_a_figure_the_item_must_repeat(
    revenue_directive: Assistant,
) -> None:
    # "12" names the Chỉ thị; the item that says "tháng 12/2021" is about the districts, not the province
    answer = revenue_directive.ask("ubnd tinh phai xay dung ke hoach thuc hien chi thi 12 xong trong thang nao?")
    assert answer.found
    assert answer.citations[0].item == ["3"]
    assert "tháng 11/2021" in answer.answer


MINERALS_LETTER = """\
ỦY BAN NHÂN DÂN
TỈNH LÀO CAI

Số: 5973/UBND-KT
V/v tăng cường công tác quản lý hoạt động khoáng sản

Lào Cai, ngày 11 tháng 6 năm 2026

Kính gửi: Các sở, ban, ngành tỉnh.

1. Trách nhiệm chung của các cơ quan, đơn vị
- Tập trung lãnh đạo, chỉ đạo thực hiện các nhiệm vụ theo Kế hoạch số 218/KH-UBND ngày 13/5/2026 của Ủy ban nhân dân tỉnh triển khai thực hiện Chỉ thị số 11-CT/TU ngày 04/01/2026 của Ban Thường vụ Tỉnh ủy về quản lý nhà nước về khoáng sản.
2. Sở Nông nghiệp và Môi trường
- Chủ trì, phối hợp với các cơ quan liên quan kiểm tra hoạt động khai thác khoáng sản.
"""

MINERALS_PLAN = """\
ỦY BAN NHÂN DÂN
TỈNH LÀO CAI

Số: 134/KH-UBND

Lào Cai, ngày 26 tháng 3 năm 2026

KẾ HOẠCH
Triển khai thực hiện Chỉ thị số 11-CT/TU của Ban Thường vụ Tỉnh ủy về khoáng sản

I. MỤC ĐÍCH
Quán triệt, triển khai thực hiện nghiêm Chỉ thị số 11-CT/TU.
"""


@pytest.fixture(scope="module")
def minerals(tmp_path_factory) -> Assistant:
    return _built(tmp_path_factory, {"cong-van.txt": MINERALS_LETTER, "ke-hoach.txt": MINERALS_PLAN})


@pytest.mark.parametrize(
    "question",
    [
        "Công văn 5973 có nhắc tới kế hoạch nào của UBND tỉnh triển khai Chỉ thị 11, ký ngày nào?",
        "cv 5973 nhac ke hoach trien khai chi thi 11 so bao nhieu ngay nao",
    ],
)
def test_the_document_a_letter_mentions_is_read_in_the_letter(minerals: Assistant, question: str) -> None:
    # the plan the corpus holds for the same Chỉ thị is not the one the letter names
    answer = minerals.ask(question)
    assert answer.found
    assert answer.citations[0].doc_number == "5973/UBND-KT"
    assert answer.citations[0].item == ["1"]
    assert "Kế hoạch số 218/KH-UBND ngày 13/5/2026" in answer.answer


EXAM_PLAN = """\
UBND TỈNH LÀO CAI
SỞ CÔNG THƯƠNG

Số: 2242/KH-SCT

Lào Cai, ngày 20 tháng 4 năm 2026

KẾ HOẠCH
Kiểm tra, cấp Giấy chứng nhận huấn luyện kỹ thuật an toàn vật liệu nổ công nghiệp năm 2026

I. MỤC ĐÍCH, YÊU CẦU
Tổ chức kiểm tra, cấp Giấy chứng nhận huấn luyện kỹ thuật an toàn vật liệu nổ công nghiệp cho người lao động đúng quy định.
II. NỘI DUNG
1. Thời gian kiểm tra: 13h30 ngày 29/4/2026 (Thứ Tư).
2. Địa điểm: Hội trường Sở Công Thương, số 165 đường Lý Thường Kiệt, phường Yên Bái.
3. Hình thức kiểm tra: Kiểm tra viết kỹ thuật an toàn vật liệu nổ công nghiệp.
III. TỔ CHỨC THỰC HIỆN
Các doanh nghiệp gửi danh sách người dự kiểm tra kỹ thuật an toàn vật liệu nổ công nghiệp về Sở Công Thương trước ngày 25/4/2026.
"""


@pytest.fixture(scope="module")
def exam_plan(tmp_path_factory) -> Assistant:
    return _built(tmp_path_factory, {"ke-hoach-kiem-tra.txt": EXAM_PLAN})


@pytest.mark.parametrize(
    ("question", "item", "said"),
    [
        ("Kỳ kiểm tra kỹ thuật an toàn vật liệu nổ công nghiệp tháng 4/2026 tổ chức ở đâu?", ["II", "2"], "số 165"),
        ("kiem tra ky thuat an toan vat lieu no cong nghiep to chuc tai dau", ["II", "2"], "số 165"),
        (
            "Kỳ kiểm tra an toàn vật liệu nổ công nghiệp của Sở Công Thương Lào Cai diễn ra vào thời gian nào?",
            ["II", "1"],
            "13h30 ngày 29/4/2026",
        ),
    ],
)
def test_where_and_when_are_the_items_labelled_so(exam_plan: Assistant, question: str, item: list[str], said: str) -> None:
    answer = exam_plan.ask(question)
    assert answer.found
    assert answer.citations[0].item == item
    assert said in answer.answer
