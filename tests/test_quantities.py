"""Amounts asked for ("bao nhiêu tiền", "mấy tầng") and whether a passage prints one."""

import pytest

from retrieval.quantities import ANY, ORDINAL, asked_quantities, states_quantity


@pytest.mark.parametrize(
    ("question", "measures"),
    [
        ("Lệ phí cấp giấy phép xây dựng là bao nhiêu tiền?", ["tien"]),
        ("kcn tang loong phai di doi may ho", ["ho"]),  # unmarked "may" before a counted word is "mấy"
        ("nha may dien rac khoi cong luc nao", []),  # "nhà máy"
        ("tối đa bao nhiêu m2 sàn, mấy tầng, cao mấy mét", ["m2", "tang", "met"]),
        ("tăng trưởng xếp thứ mấy trong khu vực", [ORDINAL]),
        ("NQ chuyển đổi số số bao nhiêu, ngày nào?", []),  # a document's number, not an amount
        ("ngân sách hỗ trợ bao nhiêu mỗi hộ", [ANY]),
        ("phải nộp lệ phí mức nào?", [ANY]),
        ("thuộc muc nao cua ke hoach", []),  # unmarked "muc nao" may be "mục nào" (an item)
        ("bao nhiêu GP khai thác còn hiệu lực", ["giay"]),  # abbreviations are written out first
    ],
)
def test_the_measure_asked_for_is_the_noun_after_the_question_word(question, measures):
    assert [q.measure for q in asked_quantities(question)] == measures


@pytest.mark.parametrize(
    ("passage", "question", "states"),
    [
        ("Ngân sách Thành phố hỗ trợ 15 triệu đồng / hộ", "bao nhiêu tiền", True),
        ("Quy mô, chiều cao công trình nhà ở riêng lẻ được cấp phép có thời hạn", "bao nhiêu tiền", False),
        ("diện tích sàn tối đa là 100m2, số tầng tối đa 02 tầng, chiều cao tối đa 9,5m", "cao mấy mét", True),
        ("diện tích 100 m²", "bao nhiêu m2", True),
        ("chiều cao tối đa 9,5m", "bao nhiêu m2", False),
        ("Thời gian kiểm tra: 13h30’ ngày 29/4/2026", "lúc mấy giờ", True),
        ("đạt 8,08%, đứng thứ 3 trong khu vực 11 tỉnh", "xếp thứ mấy", True),
        ("đạt 1,50 đến 1,65% dân số", "bao nhiêu phần trăm", True),
        ("thu tiền cấp quyền khai thác một lần", "mấy lần", True),
        # unmarked words that fold like numbers are no numbers: "sau" (after), "nam" (south)
        ("không ai bị bỏ lại phía sau trong quá trình chuyển đổi", "bao nhiêu người", False),
        # an item's label is no amount: "4. Huy động" is no "4 đồng"
        ("4. Huy động nguồn lực, thúc đẩy hợp tác quốc tế", "bao nhiêu đồng/tấn CO2", False),
        ("(2) Hỗ trợ 15 triệu đồng mỗi hộ", "bao nhiêu đồng", True),
    ],
)
def test_a_passage_states_an_amount_by_a_number_and_its_measure(passage, question, states):
    assert states_quantity(passage, asked_quantities(question)) is states
