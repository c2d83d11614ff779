"""Each parsing rule on a small document written here."""

from pathlib import Path

from retrieval.documents import load_corpus, parse_text
from retrieval.layout import clean_lines, heal_page_breaks

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"

BOOKLET = """\
MỤC LỤC

TT\tSố, ký hiệu, ngày/tháng/năm\tTrích yếu văn bản\tTrang
I Tỉnh ủy ban hành\t\t\t
1\tNghị quyết số 12-NQ/TU ngày 05/3/2021\tVề phát triển du lịch\t3
II Ban Thường vụ Tỉnh ủy ban hành\t\t\t
2\tChỉ thị số 07-CT/TU ngày 10/5/2021\tVề phòng, chống dịch\t9

TỈNH ỦY HÀ GIANG

*

Số 12-NQ/TU

ĐẢNG CỘNG SẢN VIỆT NAM*Hà Giang, ngày 05 tháng 3 năm 2021***NGHỊ QUYẾT****CỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH**

**về phát triển du lịch tỉnh Hà Giang**

Trong những năm qua, du lịch tỉnh Hà Giang phát triển khá.

I- QUAN ĐIỂM, MỤC TIÊU**1. Quan điểm**

Phát triển du lịch là nhiệm vụ quan trọng của tỉnh Hà Giang, được triển khai trong toàn tỉnh với sự tham gia của cả hệ thống chính trị và của nhân dân các dân tộc trong tỉnh, theo

hướng bền vững.

2. Mục tiêu

2.1. Đến năm 2025 thu hút 3 triệu lượt khách¹ và tổng thu 3.000 tỷ đồng.

¹ Gồm cả khách quốc tế.

2.2- Đến năm 2030 thu hút 5 triệu lượt khách.

II- TỔ CHỨC THỰC HIỆN

1. Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với Sở Văn hóa, Thể thao và Du lịch tuyên truyền Nghị quyết.

2. Giao Ủy ban nhân dân tỉnh chủ trì xây dựng kế hoạch, hoàn thành trước ngày 30/6/2021.

a) Sở Tài chính bố trí kinh phí.

- Các huyện chủ động thực hiện.

Nơi nhận:
- Như trên,
- Lưu VP.

T/M TỈNH ỦY
BÍ THƯ

(đã ký)

Nguyễn Văn A

TỈNH ỦY HÀ GIANG

*

Số 07-CT/TU

ĐẢNG CỘNG SẢN VIỆT NAM*Hà Giang, ngày 10 tháng 5 năm 2021***CHỈ THỊ****CỦA BAN THƯỜNG VỤ TỈNH ỦY**

**về phòng, chống dịch**

1. Các cấp ủy tăng cường lãnh đạo phòng, chống dịch.

T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ

Trần Thị B
"""

APPENDIX_PLAN = """\
KẾ HOẠCH
CỦA BAN THƯỜNG VỤ TỈNH ỦY
Khắc phục hạn chế năm 2022

I- MỤC ĐÍCH

1. Khắc phục hạn chế.

Nơi nhận:
- Lưu.

T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ THƯỜNG TRỰC

Lê Thị C

BIỂU PHÂN CÔNG
(Kèm theo Kế hoạch số 329-KH/TU ngày 10/4/2023 của Ban Thường vụ Tỉnh ủy)

TT\tNội dung nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian
1\tTuyên truyền\tBan Tuyên giáo Tỉnh ủy\tCác cơ quan liên quan\tQuý I
2\tGiám sát việc giải quyết kiến nghị của cử tri\tĐảng đoàn HĐND tỉnh\tĐảng đoàn Ủy ban MTTQ tỉnh\tĐịnh kỳ

TT\tNội dung nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian
\tvà theo dõi kết quả.\t\t\t
3\tTiếp xúc cử tri\t\tCác cơ quan liên quan\tHằng năm
"""

GROUPED = """\
KẾ HOẠCH
xây dựng Đảng

1. Nội dung.

T/M TỈNH ỦY
BÍ THƯ

Nguyễn Văn D

PHỤ LỤC
(ban hành kèm theo Kế hoạch số 24-KH/TU ngày 15/7/2021 của Tỉnh ủy)

TT\tNội dung, nhiệm vụ cụ thể\tCấp ban hành văn bản\t\tThời gian trình
\t\tTỉnh ủy\tBTV Tỉnh ủy\t
I- BAN TUYÊN GIÁO TỈNH ỦY\t\t\t\t
1\tTham mưu xây dựng Nghị quyết về công tác tuyên giáo.\tX\t\tQuý III/2021
2\tTham mưu xây dựng Đề án phản bác quan điểm sai trái.\t\tX\tTháng 6/2021
\tII- BAN DÂN VẬN TỈNH ỦY\t\t\t
1\tTham mưu xây dựng Chỉ thị về quy chế dân chủ ở cơ sở.\t\tX\tTháng 7/2021
"""

UBND_PLAN = """\
Số: 78/KH-UBND

Tuyên Quang, ngày 23 tháng 4 năm 2024

KẾ HOẠCH

Khắc phục hạn chế năm 2023 của tỉnh Tuyên Quang

II. NỘI DUNG, NHIỆM VỤ

1. Về khắc phục hạn chế về thu hút đầu tư

1.1. Tiến độ thành lập cụm công nghiệp còn chậm

1.1.1. Sở Công Thương

Tham mưu thành lập Cụm công nghiệp Trung Môn trong năm 2024. Phối hợp với Sở Tài chính hướng dẫn thủ tục.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Nguyễn Văn E
"""


def test_booklet_is_split_and_its_table_of_contents_is_not_a_document():
    docs = parse_text(BOOKLET, "booklet.txt")
    assert [d.meta.number for d in docs] == ["12-NQ/TU", "07-CT/TU"]


def test_header_metadata():
    nq, ct = parse_text(BOOKLET, "booklet.txt")
    assert nq.meta.doc_type == "Nghị quyết" and ct.meta.doc_type == "Chỉ thị"
    assert nq.meta.date.isoformat() == "2021-03-05"
    assert nq.meta.issuer == "Ban Chấp hành Đảng bộ tỉnh Hà Giang"
    assert ct.meta.issuer == "Ban Thường vụ Tỉnh ủy Hà Giang"
    assert nq.meta.title == "Về phát triển du lịch tỉnh Hà Giang"
    assert (nq.meta.signer, nq.meta.signer_title) == ("Nguyễn Văn A", "T/M TỈNH ỦY, BÍ THƯ")
    assert ct.meta.signer == "Trần Thị B"


def test_glued_heading_is_split_into_its_items():
    nq = parse_text(BOOKLET, "booklet.txt")[0]
    first = nq.find_section(["I"])
    assert first is not None and first.heading == "QUAN ĐIỂM, MỤC TIÊU"
    assert nq.find_section(["I", "1"]).heading == "Quan điểm"


def test_paragraph_cut_by_a_page_break_is_joined():
    body = nq_section(["I", "1"]).paragraphs
    assert len(body) == 1 and body[0].endswith("theo hướng bền vững.")


def test_footnote_is_attached_and_does_not_split_the_item():
    item = nq_section(["I", "2", "2.1"])
    assert item.footnotes == ["¹ Gồm cả khách quốc tế."]
    assert "3 triệu lượt khách" in item.heading


def test_section_labels_as_printed():
    nq = parse_text(BOOKLET, "booklet.txt")[0]
    paths = [s.path for s in nq.walk_sections() if s.label]
    assert ["I", "2", "2.2"] in paths and ["II", "2", "a"] in paths
    assert nq_section(["I", "2", "2.2"]).marker == "2.2-"
    # a dash bullet stays in its item; recipients and signature are not content
    assert nq_section(["II", "2", "a"]).paragraphs == ["- Các huyện chủ động thực hiện."]
    assert all("Nơi nhận" not in p and "Lưu VP" not in p for s in nq.walk_sections() for p in s.paragraphs)


def test_assignment_sentences():
    nq = parse_text(BOOKLET, "booklet.txt")[0]
    by_path = {tuple(a.path): a for a in nq.assignments}
    tuyen_giao = by_path[("II", "1")]
    assert tuyen_giao.lead == ["Ban Tuyên giáo Tỉnh ủy"]
    assert tuyen_giao.cooperating == ["Sở Văn hóa, Thể thao và Du lịch"]
    ubnd = by_path[("II", "2")]
    assert ubnd.lead == ["Ủy ban nhân dân tỉnh"] and ubnd.deadline == "hoàn thành trước ngày 30/6/2021"


def test_number_found_only_in_the_appendix_line():
    doc = parse_text(APPENDIX_PLAN, "plan.txt")[0]
    assert doc.meta.number == "329-KH/TU"
    assert doc.meta.date.isoformat() == "2023-04-10"
    assert doc.meta.issuer.startswith("Ban Thường vụ Tỉnh ủy")
    assert doc.meta.number_evidence.startswith("(Kèm theo Kế hoạch số 329-KH/TU")


def test_table_headers_dropped_continuations_joined_empty_lead_inherited():
    doc = parse_text(APPENDIX_PLAN, "plan.txt")[0]
    rows = doc.tables[0].rows
    assert [r.number for r in rows] == ["1", "2", "3"]
    assert rows[1].content == "Giám sát việc giải quyết kiến nghị của cử tri và theo dõi kết quả."
    assert rows[2].lead == "Đảng đoàn HĐND tỉnh" and rows[2].lead_inherited_from == "2"
    assert rows[0].path == ["Phụ lục", "1"]
    leads = {tuple(a.path): a.lead for a in doc.assignments if a.origin == "table"}
    assert leads[("Phụ lục", "3")] == ["Đảng đoàn HĐND tỉnh"]


def test_grouped_appendix_restarting_numbers_cites_the_group_and_names_its_lead():
    doc = parse_text(GROUPED, "grouped.txt")[0]
    rows = doc.tables[0].rows
    assert [r.path for r in rows] == [["Phụ lục", "I", "1"], ["Phụ lục", "I", "2"], ["Phụ lục", "II", "1"]]
    leads = {tuple(a.path): a.lead for a in doc.assignments}
    assert leads[("Phụ lục", "II", "1")] == ["Ban Dân vận Tỉnh ủy"]
    assert doc.meta.number == "24-KH/TU" and doc.meta.issuer.startswith(("Ban Chấp hành Đảng bộ tỉnh", "Tỉnh ủy"))


def test_agency_headings_are_assignments():
    doc = parse_text(UBND_PLAN, "ubnd.txt")[0]
    assert doc.meta.number == "78/KH-UBND" and doc.meta.issuer == "Ủy ban nhân dân tỉnh Tuyên Quang"
    task = next(a for a in doc.assignments if a.path == ["II", "1", "1.1", "1.1.1"])
    assert task.origin == "heading" and task.lead == ["Sở Công Thương"]
    assert task.cooperating == ["Sở Tài chính"] and task.deadline == "trong năm 2024"


def test_a_line_ending_on_a_dangling_word_continues():
    lines = heal_page_breaks(clean_lines("5. Ban Tuyên giáo Tỉnh ủy hướng dẫn. Chủ trì, phối hợp với\n\nTrường Chính trị tỉnh chuẩn bị nội dung."))
    assert [line.text for line in lines] == [
        "5. Ban Tuyên giáo Tỉnh ủy hướng dẫn. Chủ trì, phối hợp với Trường Chính trị tỉnh chuẩn bị nội dung."
    ]


def test_a_sentence_without_subject_belongs_to_the_agency_before_it():
    doc = parse_text(
        "CHỈ THỊ\n\n1. Ban Tuyên giáo Tỉnh ủy hướng dẫn công tác tuyên truyền. "
        "Chủ trì, phối hợp với Trường Chính trị tỉnh chuẩn bị nội dung bồi dưỡng.\n",
        "ct.txt",
    )[0]
    coop = [a for a in doc.assignments if a.cooperating]
    assert coop[0].lead == ["Ban Tuyên giáo Tỉnh ủy"] and coop[0].cooperating == ["Trường Chính trị tỉnh"]
    assert coop[0].quote.startswith("Chủ trì, phối hợp với")


def test_healing_keeps_headings_apart():
    lines = heal_page_breaks(clean_lines("2. Mục tiêu\n\nTiếp tục phát huy truyền thống."))
    assert [line.text for line in lines] == ["2. Mục tiêu", "Tiếp tục phát huy truyền thống."]


def nq_section(path):
    section = parse_text(BOOKLET, "booklet.txt")[0].find_section(path)
    assert section is not None, path
    return section


def test_lines_a_reader_glued_without_a_space_are_split_at_the_change_of_case():
    text = (
        "ĐẢNG CỘNG SẢN VIỆT NAMBắc Giang, ngày 09 tháng 6 năm 2021KẾ HOẠCHđào tạo nguồn lao động\n"
        "NGHỊ QUYẾTCỦA BAN THƯỜNG VỤ TỈNH ỦYvề xây dựng đội ngũ cán bộ\n"
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc\n"
        "Thực hiện CTr 15-CTr/TU, Công văn 2600/TTg-KTTH của UBND tỉnh\n"
        "THỰC HIỆN CTr SỐ 15\n"
    )
    assert [line.text for line in clean_lines(text)] == [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Bắc Giang, ngày 09 tháng 6 năm 2021",
        "KẾ HOẠCH",
        "đào tạo nguồn lao động",
        "NGHỊ QUYẾT",
        "CỦA BAN THƯỜNG VỤ TỈNH ỦY",
        "về xây dựng đội ngũ cán bộ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Thực hiện CTr 15-CTr/TU, Công văn 2600/TTg-KTTH của UBND tỉnh",  # codes are no glue
        "THỰC HIỆN CTr SỐ 15",
    ]


def test_a_booklet_read_without_its_line_marks_still_splits_into_its_documents(tmp_path):
    booklet = (CORPUS / "bac-giang-van-ban-nhiem-ky-2020-2025.txt").read_text(encoding="utf-8")
    (tmp_path / "bg.txt").write_text(booklet.replace("*", ""), encoding="utf-8")  # as a reader of runs gives it
    glued = load_corpus(tmp_path).documents
    marked = [d for d in load_corpus(CORPUS).documents if d.meta.source.startswith("bac-giang")]
    assert [(d.meta.number, d.meta.doc_type, d.meta.issuer) for d in glued] == [
        (d.meta.number, d.meta.doc_type, d.meta.issuer) for d in marked
    ]


def test_wrapped_prose_is_healed_though_an_appendix_prints_one_cell_a_line():
    # a PDF's text: paragraphs wrapped at the page width, then an appendix table printed one short cell a line,
    # whose many short lines outnumber the prose lines
    prose = (
        "- Tập trung giám sát chặt chẽ quy trình thu gom, phân loại, lưu giữ, vận\n"
        "chuyển và xử lý chất thải nguy hại, chất thải rắn công nghiệp thông thường\n"
        "phát sinh từ các cơ sở sản xuất, kinh doanh trên địa bàn tỉnh. Đẩy nhanh\n"
        "tiến độ dự án Nhà máy xử lý chất thải công nghiệp và nguy hại tại Khu công\n"
        "nghiệp Tằng Loỏng. Khuyến khích chuyển đổi mô hình sản xuất tại các doanh\n"
        "nghiệp công nghiệp hiện hữu theo hướng tận dụng, tái sử dụng, tái chế chất\n"
        "thải, phế liệu, nhằm giải quyết dứt điểm các vấn đề môi trường tồn đọng.\n"
    )
    cells = "".join(f"{n}\nNhiệm vụ số {n}\nSở Công Thương\nNăm 2026\n" for n in range(1, 30))
    lines = heal_page_breaks(clean_lines(prose * 3 + "\nPhụ lục\n" + cells))
    texts = [line.text for line in lines]
    assert "tiến độ dự án Nhà máy xử lý chất thải công nghiệp và nguy hại tại Khu công nghiệp Tằng Loỏng." in texts[0]
    assert texts[0].endswith("các vấn đề môi trường tồn đọng.")
    assert "Sở Công Thương" in texts  # the appendix's short cells stay lines of their own


def test_a_bullet_without_subject_under_an_agency_heading_is_its_own_task():
    doc = parse_text(
        "KẾ HOẠCH\n\nIV. TỔ CHỨC THỰC HIỆN\n\n2. Sở Nông nghiệp và Môi trường\n\n"
        "- Là cơ quan thường trực, đôn đốc các sở, ngành triển khai thực hiện Kế hoạch này.\n\n"
        "- Chủ trì, phối hợp với Thuế tỉnh, Sở Công Thương, Sở Xây dựng kiểm soát chặt chẽ sản lượng khai thác.\n",
        "kh.txt",
    )[0]
    task = next(a for a in doc.assignments if a.origin == "sentence" and "sản lượng" in a.task)
    assert task.path[-1] == "2" and task.lead == ["Sở Nông nghiệp và Môi trường"]
    assert task.cooperating == ["Thuế tỉnh", "Sở Công Thương", "Sở Xây dựng"]
    assert task.quote.startswith("- Chủ trì, phối hợp với") or task.quote.startswith("Chủ trì, phối hợp với")


def test_the_agency_after_a_legal_texts_opening_time_limit_does_the_task():
    doc = parse_text(
        "NGHỊ ĐỊNH\n\nĐiều 10. Trình tự thành lập cụm công nghiệp\n\n"
        "1. Trong thời gian 05 ngày làm việc kể từ ngày kết thúc nhận hồ sơ, Ủy ban nhân dân cấp huyện chủ trì, "
        "phối hợp với doanh nghiệp lập hồ sơ thành lập cụm công nghiệp.\n\n"
        "2. Trong thời hạn 25 ngày kể từ ngày nhận đầy đủ hồ sơ thành lập, mở rộng cụm công nghiệp, Sở Công Thương "
        "hoàn thành thẩm định, tổng hợp báo cáo Ủy ban nhân dân cấp tỉnh.\n",
        "nd.txt",
    )[0]
    leads = {a.path[-1]: a.lead for a in doc.assignments}
    assert leads["1"] == ["Ủy ban nhân dân cấp huyện"]
    assert leads["2"] == ["Sở Công Thương"]


def test_a_title_in_capitals_keeps_its_proper_names_and_reads_a_syllable_as_a_word():
    text = """\
CHÍNH PHỦ

Số: 66/2026/NQ-CP

Hà Nội, ngày 18 tháng 5 năm 2026

NGHỊ QUYẾT
VỀ CẮT GIẢM THỦ TỤC HÀNH CHÍNH THUỘC PHẠM VI QUẢN LÝ CỦA BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG TẠI TỈNH LÀO CAI

Điều 1. Phạm vi điều chỉnh
Nghị quyết này quy định việc cắt giảm thủ tục hành chính.
"""
    (doc,) = parse_text(text, "nq.txt")
    assert doc.meta.title == (
        "Về cắt giảm thủ tục hành chính thuộc phạm vi quản lý của Bộ Nông nghiệp và Môi trường tại tỉnh Lào Cai"
    )


def test_an_agency_heading_followed_by_a_comma_and_its_verb_names_the_agency_alone():
    text = """\
ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH LÀO CAI

Số 2449-CV/ĐU

Lào Cai, ngày 07 tháng 9 năm 2026

V/v triển khai thực hiện Chương trình hành động số 104-CTr/TU

Đảng ủy Ủy ban nhân dân tỉnh đề nghị triển khai thực hiện một số nhiệm vụ trọng tâm, như sau:
1. Ủy ban nhân dân tỉnh, chỉ đạo các cơ quan, đơn vị có liên quan:
- Cụ thể hóa Chương trình hành động thành các kế hoạch 5 năm và hằng năm.
2. Các cấp ủy, tổ chức đảng chủ động quán triệt Chương trình hành động.
"""
    (doc,) = parse_text(text, "cv.txt")
    leads = [a.lead for a in doc.assignments if a.path == ["1"]]
    assert leads and leads[0] == ["Ủy ban nhân dân tỉnh"]


def test_a_title_whose_lines_are_paragraphs_of_their_own_is_read_whole():
    # Word: each line of a centred trích yếu its own paragraph, blank lines between them once read
    text = """\
UBND TỈNH LÀO CAI\tCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ CÔNG THƯƠNG\tĐộc lập - Tự do - Hạnh phúc
Số: 12/KH-SCT\tLào Cai, ngày 23 tháng 4 năm 2026

KẾ HOẠCH

Kiểm tra, cấp Giấy chứng nhận huấn luyện kỹ thuật an toàn

vật liệu nổ công nghiệp, tiền chất thuốc nổ trên địa bàn tỉnh Lào Cai

Căn cứ Luật Quản lý, sử dụng vũ khí, vật liệu nổ và công cụ hỗ trợ ngày 26 tháng 8 năm 2024;

I. MỤC ĐÍCH, YÊU CẦU

Bảo đảm an toàn.
"""
    (doc,) = parse_text(text, "kh.txt")
    assert doc.meta.title == (
        "Kiểm tra, cấp Giấy chứng nhận huấn luyện kỹ thuật an toàn vật liệu nổ công nghiệp, tiền chất thuốc nổ"
        " trên địa bàn tỉnh Lào Cai"
    )


def test_a_form_in_an_appendix_is_no_document_and_the_appendices_after_it_stay():
    form = "\n".join(["Mẫu số 2.04", "CÔNG TY……\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Địa chỉ: ……", "Tel: ……",
                      "Fax: ……", "Email: ……", "………", "……", "……", "Số:…………/……….", "ĐƠN ĐĂNG KÝ KIỂM DỊCH",
                      "Kính gửi: ……", "Tổ chức đăng ký", "(Ký tên, đóng dấu)"])  # fmt: skip
    text = f"""\
CHÍNH PHỦ\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số: 66/2026/NQ-CP\tHà Nội, ngày 18 tháng 5 năm 2026

NGHỊ QUYẾT
Về cắt giảm thủ tục hành chính

Điều 1. Phạm vi điều chỉnh
Nghị quyết này quy định việc cắt giảm thủ tục hành chính tại các Phụ lục kèm theo.

TM. CHÍNH PHỦ
THỦ TƯỚNG

PHỤ LỤC I
CẮT GIẢM THỦ TỤC LĨNH VỰC THÚ Y
(Kèm theo Nghị quyết số 66/2026/NQ-CP ngày 18 tháng 5 năm 2026 của Chính phủ)
A. CẮT GIẢM THỦ TỤC HÀNH CHÍNH
I. Không thực hiện thủ tục nhập khẩu đực giống.
{form}

PHỤ LỤC II
CẮT GIẢM THỦ TỤC LĨNH VỰC THỦY SẢN
(Kèm theo Nghị quyết số 66/2026/NQ-CP ngày 18 tháng 5 năm 2026 của Chính phủ)
A. PHÂN QUYỀN
I. Phân quyền cho Chủ tịch Ủy ban nhân dân cấp tỉnh phê duyệt đề án đóng cửa mỏ.
"""
    (doc,) = parse_text(text, "nq.pdf")
    assert [s.label for s in doc.sections if s.label.startswith("Phụ lục")] == ["Phụ lục I", "Phụ lục II"]
