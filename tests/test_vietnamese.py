import unicodedata
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from retrieval.question import normalise_question, parse_question
from retrieval.vietnamese import (
    ascii_fold,
    doc_number_key,
    expand_abbreviations,
    find_doc_numbers,
    fold,
    format_date,
    main_province,
    parse_date,
    parse_doc_number,
    retone,
    search_tokens,
    strip_diacritics,
    syllables,
)


def test_old_tone_placement_is_written_the_new_way():
    assert retone("Uỷ ban, hoá, khoá, thuỷ lợi") == "Ủy ban, hóa, khóa, thủy lợi"


def test_retone_leaves_qu_syllables_alone():
    assert retone("quý, quỹ") == "quý, quỹ"


def test_retone_leaves_a_vowel_with_its_own_mark_alone():
    # "ậ", "ệ": in decomposed form the dot below comes before the circumflex; it is not a tone to move
    assert retone("Kết luận, pháp luật, Huệ, Bình Thuận") == "Kết luận, pháp luật, Huệ, Bình Thuận"


def test_fold_makes_nfd_and_old_tones_and_artifacts_comparable():
    nfd = unicodedata.normalize("NFD", "Ủy ban")
    assert fold(nfd) == fold("**Uỷ   ban**") == fold("<i>ủy ban</i>") == "ủy ban"


def test_strip_diacritics_gives_what_users_type():
    assert strip_diacritics("Đảng đoàn Hội đồng nhân dân") == "Dang doan Hoi dong nhan dan"
    assert ascii_fold("Ai CHỦ TRÌ?") == "ai chu tri?"


def test_abbreviations_are_written_out_both_ways():
    assert expand_abbreviations("Đảng đoàn HĐND tỉnh") == "Đảng đoàn Hội đồng nhân dân tỉnh"
    assert expand_abbreviations("Sở TT&TT") == "Sở Thông tin và Truyền thông"
    # typed without marks and in lower case
    assert expand_abbreviations("dang doan hdnd, ubnd tinh") == "dang doan Hội đồng nhân dân, Ủy ban nhân dân tinh"
    # "tu" is a word once diacritics are gone: only the capitalised code is an abbreviation
    assert "Tỉnh ủy" in expand_abbreviations("Ban Tuyên giáo TU")
    assert expand_abbreviations("tu nhan") == "tu nhan"


def test_syllables_meet_whatever_the_spelling():
    assert syllables("HĐND tỉnh") == syllables("hoi dong nhan dan tinh")
    assert syllables("Uỷ ban") == syllables("Ủy ban") == ["uy", "ban"]


def test_search_tokens_add_bigrams():
    assert search_tokens("chủ trì phối hợp") == ["chu", "tri", "phoi", "hop", "chu_tri", "tri_phoi", "phoi_hop"]


def test_document_numbers_party_and_state_style():
    found = find_doc_numbers("Nghị quyết số 109-NQ/TU, Kế hoạch 78/KH-UBND, Nghị định số 91/2019/NĐ-CP, 01-ĐA/TU")
    assert [n.raw for n in found] == ["109-NQ/TU", "78/KH-UBND", "91/2019/NĐ-CP", "01-ĐA/TU"]
    parsed = parse_doc_number("Chương trình hành động số 55-CTr/TU ngày 31/01/2024")
    assert parsed is not None
    assert (parsed.serial, parsed.code, parsed.issuer_code, parsed.doc_type) == (
        55,
        "CTr",
        "TU",
        "Chương trình hành động",
    )


def test_document_number_key_ignores_spacing_and_case():
    assert doc_number_key("109 - nq/tu") == doc_number_key("109-NQ/TU")
    assert doc_number_key("03-CT/TU") != doc_number_key("03-CTr/TU")


def test_dates_in_words_and_digits():
    assert parse_date("Bắc Giang, ngày 08 tháng 6 năm 2021") == date(2021, 6, 8)
    assert parse_date("(Kèm theo Kế hoạch số 329-KH/TU ngày 10/4/2023)") == date(2023, 4, 10)
    assert parse_date("ngày 31/02/2023") is None
    assert format_date(date(2024, 1, 31)) == "31/01/2024"


def test_main_province_is_the_one_named_most():
    assert main_province("TỈNH ỦY BẮC GIANG ... tỉnh Bắc Giang ... Hà Nội") == "Bắc Giang"
    assert main_province("không có tên tỉnh") is None


def test_question_normaliser_bounds_and_cleans():
    text = "ai  chủ\u00a0trì\x00 " + "x" * 60_000
    out = normalise_question(text)
    assert len(out) <= 2000 and "\x00" not in out and "  " not in out


@given(st.text(max_size=300))
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@given(st.text(max_size=300))
def test_question_parser_never_crashes(text):
    question = parse_question(text)
    assert len(question.text) <= 2000


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_tokens_are_diacritic_free_lower_case(text):
    for token in search_tokens(text):
        assert token == token.lower()
        assert not any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", token))
