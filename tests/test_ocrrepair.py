"""Roman heading numbers misread by OCR are mended from the sequence they stand in."""

from retrieval.readers.ocrrepair import repair_roman_headings


def test_strokes_read_as_other_letters_are_the_numeral_due():
    lines = ["I- MỤC ĐÍCH, YÊU CẦU", "Nội dung.", "Il- QUAN ĐIỂM", "HI- NHIỆM VỤ", "IV- TỔ CHỨC THỰC HIỆN"]
    assert repair_roman_headings(lines) == ["I- MỤC ĐÍCH, YÊU CẦU", "Nội dung.", "II- QUAN ĐIỂM", "III- NHIỆM VỤ", "IV- TỔ CHỨC THỰC HIỆN"]


def test_a_stroke_lost_is_the_next_numeral_not_the_same_again():
    lines = ["I. MỤC ĐÍCH", "1. Mục đích", "I. NỘI DUNG", "2. Giao Sở Tư pháp", "II. TỔ CHỨC THỰC HIỆN"]
    assert [line.split()[0] for line in repair_roman_headings(lines)] == ["I.", "1.", "II.", "2.", "III."]


def test_a_new_part_chapter_or_document_starts_again_at_one():
    lines = ["A. KẾT QUẢ", "I. Kinh tế", "II. Xã hội", "B. NHIỆM VỤ", "I. Kinh tế", "Chương II", "I. Quy định chung",
             "ĐẢNG CỘNG SẢN VIỆT NAM", "I. MỤC ĐÍCH"]  # fmt: skip
    assert repair_roman_headings(lines) == lines


def test_words_and_arabic_items_are_left_as_they_are():
    lines = ["I. MỤC ĐÍCH", "Chương trình mục tiêu quốc gia được triển khai.", "1. Ban hành", "Il y a", "XIH khóa"]
    assert repair_roman_headings(lines) == lines


def test_a_row_number_misread_between_its_neighbours_is_the_number_due():
    from retrieval.readers.ocrrepair import repair_row_numbers

    table = ["TT\tNội dung\tChủ trì", "26.\tĐề án A\tSở Tư pháp", "J7:\tĐề án B\tĐảng ủy Công an tỉnh",
             "\tgoes on with row 27\t", "28.\tĐề án C\tSở Y tế", "", "Đoạn văn 5; sau bảng."]  # fmt: skip
    repaired = repair_row_numbers(table)
    assert repaired[2] == "27.\tĐề án B\tĐảng ủy Công an tỉnh"
    assert repaired[:2] + repaired[3:] == table[:2] + table[3:]


def test_row_numbers_that_leave_no_room_are_not_guessed():
    from retrieval.readers.ocrrepair import repair_row_numbers

    table = ["1\tA", "ả.\tB", "S2,\tC", "3\tD", "TT\tNội dung", "4\tE"]  # two garbled rows, room for one
    assert repair_row_numbers(table) == table
