"""The sample corpus as a whole: every document found with the right number, type, date and issuer."""

from pathlib import Path

import pytest

from retrieval.documents import load_corpus
from retrieval.envelope import split_documents
from retrieval.layout import clean_lines, heal_page_breaks
from retrieval.readers import read_file
from retrieval.toc import read_toc
from retrieval.vietnamese import doc_number_key

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
BOOKLET = "bac-giang-van-ban-nhiem-ky-2020-2025.txt"


@pytest.fixture(scope="module")
def corpus():
    report = load_corpus(CORPUS)
    assert not report.failures
    return {doc_number_key(d.meta.number) if d.meta.number else d.meta.id: d for d in report.documents}


def test_every_file_yields_its_documents(corpus):
    by_source: dict[str, int] = {}
    for doc in corpus.values():
        by_source[doc.meta.source] = by_source.get(doc.meta.source, 0) + 1
    assert by_source[BOOKLET] == 40  # 41 listed, 01-ĐA/TU is listed but not printed in the booklet
    assert {k: v for k, v in by_source.items() if k != BOOKLET} == {
        "tuyen-quang-btv-ke-hoach-khac-phuc-2022.txt": 1,
        "tuyen-quang-ctr-hanh-dong-nq43.txt": 1,
        "tuyen-quang-ket-luan-hoi-nghi-bch-lan-10.txt": 1,
        "tuyen-quang-ubnd-ke-hoach-khac-phuc-2023.txt": 1,
    }


def test_booklet_documents_agree_with_its_table_of_contents(corpus):
    front, _ = split_documents(heal_page_breaks(clean_lines(read_file(CORPUS / BOOKLET))))
    toc = {doc_number_key(e.number): e for e in read_toc(front) if e.number}
    assert len(toc) == 41
    printed = [d for d in corpus.values() if d.meta.source == BOOKLET]
    for doc in printed:
        entry = toc[doc_number_key(doc.meta.number)]
        assert doc.meta.doc_type == entry.doc_type.replace("Chỉ thị số", "Chỉ thị"), doc.meta.number
        assert doc.meta.date == entry.date, doc.meta.number
        group_btv = "Ban Thường vụ" in entry.issuer_hint
        # the Tỉnh ủy is the Ban Chấp hành Đảng bộ tỉnh: a document names it either way
        body = ("Ban Thường vụ Tỉnh ủy",) if group_btv else ("Ban Chấp hành Đảng bộ tỉnh", "Tỉnh ủy")
        assert doc.meta.issuer.startswith(body), (
            doc.meta.number
        )
    assert {doc_number_key(d.meta.number) for d in printed} == set(toc) - {doc_number_key("01-ĐA/TU")}


def test_tuyen_quang_documents(corpus):
    ctr = corpus["55-ctr/tu"].meta
    assert (ctr.doc_type, ctr.date.isoformat(), ctr.issuer) == (
        "Chương trình hành động", "2024-01-31", "Ban Chấp hành Đảng bộ tỉnh Tuyên Quang",
    )  # fmt: skip
    kh = corpus["329-kh/tu"].meta
    assert (kh.doc_type, kh.date.isoformat(), kh.issuer) == (
        "Kế hoạch",
        "2023-04-10",
        "Ban Thường vụ Tỉnh ủy Tuyên Quang",
    )
    ubnd = corpus["78/kh-ubnd"].meta
    assert (ubnd.doc_type, ubnd.date.isoformat(), ubnd.issuer) == (
        "Kế hoạch",
        "2024-04-23",
        "Ủy ban nhân dân tỉnh Tuyên Quang",
    )


def test_document_without_number_gets_a_stable_id_and_a_citable_title(corpus):
    (conclusion,) = [d for d in corpus.values() if not d.meta.number]
    assert conclusion.meta.title.startswith("Kết luận Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 10 (khóa XVII)")
    assert conclusion.meta.date.isoformat() == "2022-07-13"
    assert [d.meta.id for d in load_corpus(CORPUS).documents if not d.meta.number] == [conclusion.meta.id]


def test_appendix_of_55_ctr_gives_51_assignments_each_with_a_lead(corpus):
    doc = corpus["55-ctr/tu"]
    table_tasks = [a for a in doc.assignments if a.origin == "table"]
    assert len(table_tasks) == 51
    assert all(a.lead for a in table_tasks)
    row4 = doc.find_row(["Phụ lục", "4"])
    assert row4.lead == "Đảng đoàn HĐND tỉnh" and row4.lead_inherited_from == "2"
    # where it stands in the file, so a citation can point into the source
    source = (CORPUS / doc.meta.source).read_text(encoding="utf-8").split("\n")
    assert source[row4.line - 1].startswith("4\tGiám sát việc giải quyết")
    assert source[doc.find_section(["III", "2"]).line - 1].startswith("2. Cụ thể hóa")


def test_78_kh_ubnd_heading_style_assignments(corpus):
    doc = corpus["78/kh-ubnd"]
    headed = {tuple(a.path): a.lead for a in doc.assignments if a.origin == "heading"}
    assert headed[("II", "3", "3.2", "3.2.2")] == ["Sở Công Thương"]
    assert headed[("II", "7", "7.2")] == ["Sở Tư pháp"]
    assert len(headed) >= 40


def test_grouped_appendix_of_24_kh(corpus):
    doc = corpus["24-kh/tu"]
    rows = [r for t in doc.tables for r in t.rows]
    assert ["Phụ lục", "V", "2"] in [r.path for r in rows]
    leads = {tuple(a.path): a.lead for a in doc.assignments if a.origin == "table"}
    assert leads[("Phụ lục", "V", "1")] == ["Ban Dân vận Tỉnh ủy"]


def test_old_and_new_tone_placement_both_present(corpus):
    text = " ".join(p for d in corpus.values() for s in d.walk_sections() for p in s.paragraphs)
    assert "uỷ" in text and "ủy" in text
