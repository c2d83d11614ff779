"""The assignment register and document relations on the sample corpus, end to end: the real index,
`vanban tasks` and `vanban docs` through the command line, spreadsheets opened with openpyxl, questions in chat.

The expected rows below were read by hand from the source files (data/corpus), not from the parser's output.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval import cli
from retrieval.agency_names import agency_key, agency_query, written_out
from retrieval.assistant import Assistant
from retrieval.register_answers import parse_register_query
from retrieval.relation_answers import parse_relation_query
from retrieval.settings import Settings, get_settings
from retrieval.structured import mask_question
from retrieval.task_export import HEADERS
from retrieval.vietnamese import fold

CORPUS = Path(__file__).resolve().parent.parent / "data" / "corpus"
CTR55 = "tuyen-quang-ctr-hanh-dong-nq43.txt"
KH78 = "tuyen-quang-ubnd-ke-hoach-khac-phuc-2023.txt"
NAME_55 = "Chương trình hành động số 55-CTr/TU ngày 31/01/2024 của Ban Chấp hành Đảng bộ tỉnh Tuyên Quang"
NAME_78 = "Kế hoạch số 78/KH-UBND ngày 23/04/2024 của Ủy ban nhân dân tỉnh Tuyên Quang"
D = dt.date


@dataclass(frozen=True)
class Row:
    """One assignment as the source prints it."""

    source: str
    line: int
    item: str
    lead: list[str]
    cooperating: list[str]
    printed: str | None
    start: dt.date | None
    end: dt.date | None
    recurring: str | None
    starts_with: str  # the task's first words

    @property
    def citation(self) -> str:
        return f"{NAME_55 if self.source == CTR55 else NAME_78} — {self.item}"


MTTQ = "Đảng đoàn Ủy ban Mặt trận Tổ quốc tỉnh"
RELATED = "Các cơ quan, đơn vị liên quan"
# fmt: off
ROW_24 = Row(CTR55, 219, "Phụ lục, dòng 24", ["Ban Tuyên giáo Tỉnh ủy"], [RELATED], "Quý I/2024", D(2024, 1, 1),
             D(2024, 3, 31), None, "Biên tập nội dung cơ bản trong Chương trình hành động")
ROW_41 = Row(CTR55, 243, "Phụ lục, dòng 41", [MTTQ], ["Ban Dân vận Tỉnh ủy", "các cơ quan, đơn vị liên quan"],
             "Quý I/2024", D(2024, 1, 1), D(2024, 3, 31), None, "Tổ chức học tập Cuốn sách")
# rows 42 and 46: the lead cell is empty (merged with row 41's)
ROW_42 = Row(CTR55, 244, "Phụ lục, dòng 42", [MTTQ], [RELATED], "Năm 2025", D(2025, 1, 1), D(2025, 12, 31), None,
             "Chủ trì tham mưu cụ thể hóa Chiến lược đại đoàn kết")
ROW_46 = Row(CTR55, 250, "Phụ lục, dòng 46", [MTTQ],
             ["Đảng đoàn các tổ chức chính trị - xã hội", "Ban Thường vụ Tỉnh đoàn", "các cơ quan, đơn vị liên quan"],
             "Năm 2025", D(2025, 1, 1), D(2025, 12, 31), None, "Triển khai thực hiện có hiệu quả Kế hoạch số 315-KH/TU")
ROW_33 = Row(CTR55, 233, "Phụ lục, dòng 33", ["Ban Nội chính Tỉnh ủy"],
             ["Văn phòng Tỉnh ủy", "các địa phương, cơ quan, đơn vị"], "Định kỳ", None, None, "periodic",
             "Tham mưu cấp ủy thực hiện tiếp dân")
ROW_4 = Row(CTR55, 189, "Phụ lục, dòng 4", ["Đảng đoàn Hội đồng nhân dân tỉnh"],
            ["Đảng đoàn Ủy ban Mặt trận Tổ quốc tỉnh", "các cơ quan, đơn vị liên quan"], "Định kỳ", None, None,
            "periodic", "Giám sát việc giải quyết các kiến nghị chính đáng")
ROW_22 = Row(CTR55, 217, "Phụ lục, dòng 22", ["Ban Dân vận Tỉnh ủy"], [RELATED], "Hàng năm", None, None, "annual",
             "Giám sát về trách nhiệm của cán bộ, đảng viên")
KH78_III_2 = Row(KH78, 279, "mục III.2", ["Sở Kế hoạch và Đầu tư"], ["cơ quan, đơn vị liên quan"],
                 "trước ngày 15/12/2024", None, D(2024, 12, 15), None, "theo dõi, đôn đốc việc triển khai")
KH78_II_7_2 = Row(KH78, 235, "mục II.7.2", ["Sở Tư pháp"], [], None, None, None, None,
                  "Tham mưu xây dựng Chỉ thị của Ban Thường vụ Tỉnh ủy")
KH78_II_3_2_2 = Row(KH78, 125, "mục II.3.2.2", ["Sở Công Thương"], [], "trong năm 2024", D(2024, 1, 1),
                    D(2024, 12, 31), None, "Tham mưu thành lập Cụm công nghiệp Trung Môn")
# fmt: on


@pytest.fixture(scope="module")
def index_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    built = Settings(corpus_dir=CORPUS, index_dir=tmp_path_factory.mktemp("index"), _env_file=None)
    Assistant(built).reload()
    return built


@pytest.fixture(scope="module")
def assistant(index_settings: Settings) -> Assistant:
    return Assistant(index_settings, today=lambda: D(2021, 5, 20))


@pytest.fixture(scope="module")
def sources() -> dict[str, list[str]]:
    return {p.name: p.read_text(encoding="utf-8").splitlines() for p in CORPUS.glob("*.txt")}


@pytest.fixture
def vanban(index_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run `vanban ...` in this process against the test index; returns (exit status, stdout, stderr)."""
    monkeypatch.setenv("CORPUS_DIR", str(index_settings.corpus_dir))
    monkeypatch.setenv("INDEX_DIR", str(index_settings.index_dir))

    def run(*argv: str) -> tuple[int, str, str]:
        get_settings.cache_clear()
        try:
            status = cli.main(list(argv))
        finally:
            get_settings.cache_clear()
        out = capsys.readouterr()
        return status, out.out, out.err

    return run


def tasks_json(vanban, *argv: str) -> dict:  # type: ignore[no-untyped-def]
    status, out, err = vanban("tasks", *argv, "--json")
    assert status == 0, err
    return json.loads(out)


def find(tasks: list[dict], row: Row) -> dict:
    found = [t for t in tasks if t["citation"] == row.citation]
    assert len(found) == 1, f"{row.citation} not in {[t['citation'] for t in tasks]}"
    return found[0]


def check(task: dict, row: Row, sources: dict[str, list[str]]) -> None:
    assert task["lead_names"] == row.lead
    assert task["cooperating_names"] == row.cooperating
    deadline = task["deadline"]
    if row.printed is None:
        assert deadline is None
    else:
        assert deadline["printed"] == row.printed
        assert deadline["start"] == (row.start.isoformat() if row.start else None)
        assert deadline["end"] == (row.end.isoformat() if row.end else None)
        assert deadline["recurring"] == row.recurring
    assert task["task"].startswith(row.starts_with) or row.starts_with in task["task"]
    assert task["line"] == row.line and task["source"] == row.source
    # the quote is the source's own text, and it stands on (or starts at) the line given
    assert task["verbatim"] is True
    lines = sources[row.source]
    assert fold(task["quote"]) in fold(" ".join(lines))
    assert fold(task["quote"])[:30] in fold(" ".join(lines[row.line - 1 : row.line + 3]))


# ---------------------------------------------------------------- vanban tasks


def test_an_agency_s_tasks_in_one_document(vanban, sources) -> None:  # type: ignore[no-untyped-def]
    found = tasks_json(vanban, "--agency", "BTG tỉnh ủy", "--doc", "55-CTr/TU")
    assert found["agencies"] == ["Ban Tuyên giáo Tỉnh ủy (Tuyên Quang)"]
    assert {t["doc_number"] for t in found["tasks"]} == {"55-CTr/TU"}
    check(find(found["tasks"], ROW_24), ROW_24, sources)
    assert find(found["tasks"], ROW_24)["role"] == "lead"


def test_rows_whose_lead_cell_is_merged_with_the_row_above(vanban, sources) -> None:  # type: ignore[no-untyped-def]
    found = tasks_json(vanban, "--agency", "Đảng đoàn Ủy ban MTTQ tỉnh", "--doc", "CTr 55", "--role", "lead")
    for row in (ROW_41, ROW_42, ROW_46):
        check(find(found["tasks"], row), row, sources)
    # by deadline: the first quarter of 2024 before the year 2025
    citations = [t["citation"] for t in found["tasks"]]
    assert citations.index(ROW_41.citation) < citations.index(ROW_42.citation)


def test_recurring_deadlines_and_abbreviations_written_out(vanban, sources) -> None:  # type: ignore[no-untyped-def]
    check(find(tasks_json(vanban, "--agency", "ban noi chinh", "--doc", "55-CTr/TU")["tasks"], ROW_33), ROW_33, sources)
    found = tasks_json(vanban, "--agency", "Đảng đoàn HĐND tỉnh", "--doc", "55-CTr/TU")
    assert found["agencies"] == ["Đảng đoàn Hội đồng nhân dân tỉnh (Tuyên Quang)"]
    check(find(found["tasks"], ROW_4), ROW_4, sources)
    dan_van = tasks_json(vanban, "--agency", "Ban Dân vận", "--doc", "55-CTr/TU")["tasks"]
    check(find(dan_van, ROW_22), ROW_22, sources)
    assert find(dan_van, ROW_22)["role"] == "lead"
    assert find(dan_van, ROW_41)["role"] == "cooperating"


def test_due_before_a_date_and_due_in_a_year(vanban, sources) -> None:  # type: ignore[no-untyped-def]
    before = tasks_json(vanban, "--agency", "so ke hoach va dau tu", "--due-before", "2024-12-31")
    check(find(before["tasks"], KH78_III_2), KH78_III_2, sources)
    assert all(t["deadline"]["end"] <= "2024-12-31" for t in before["tasks"])
    assert tasks_json(vanban, "--agency", "Sở KHĐT", "--due-before", "14/12/2024")["count"] == 0
    in_2024 = tasks_json(vanban, "--doc", "78/KH-UBND", "--due-in", "2024")
    check(find(in_2024["tasks"], KH78_II_3_2_2), KH78_II_3_2_2, sources)
    assert find(in_2024["tasks"], KH78_III_2)
    assert [t["deadline"]["end"] for t in in_2024["tasks"]] == sorted(t["deadline"]["end"] for t in in_2024["tasks"])


def test_an_agency_typed_short_is_the_same_agency_and_a_province_its_own(vanban, sources) -> None:  # type: ignore[no-untyped-def]
    short = tasks_json(vanban, "--agency", "Sở TP")
    check(find(short["tasks"], KH78_II_7_2), KH78_II_7_2, sources)
    assert short["tasks"] == tasks_json(vanban, "--agency", "so tu phap")["tasks"]
    # two provinces have a Sở Tư pháp: each is its own
    assert short["agencies"] == ["Sở Tư pháp (Bắc Giang)", "Sở Tư pháp (Tuyên Quang)"]
    tuyen_quang = tasks_json(vanban, "--agency", "Sở Tư pháp tỉnh Tuyên Quang")
    assert tuyen_quang["agencies"] == ["Sở Tư pháp (Tuyên Quang)"]
    assert {t["province"] for t in tuyen_quang["tasks"]} == {"Tuyên Quang"}


def test_due_in_a_quarter_lists_what_falls_due_then_in_order(vanban) -> None:  # type: ignore[no-untyped-def]
    found = tasks_json(vanban, "--due-in", "2024-Q1")
    assert sorted(t["item"] for t in found["tasks"]) == ["Phụ lục, dòng 1", "Phụ lục, dòng 24", "Phụ lục, dòng 41"]
    assert tasks_json(vanban, "--due-in", "quý I/2024")["tasks"] == found["tasks"]
    q4 = tasks_json(vanban, "--due-in", "quý IV/2021")["tasks"]
    assert q4 and all("2021-10-01" <= t["deadline"]["end"] <= "2021-12-31" for t in q4)
    ends = [t["deadline"]["end"] for t in q4]
    assert ends == sorted(ends)


def test_the_default_output_is_a_readable_table(vanban) -> None:  # type: ignore[no-untyped-def]
    status, out, _ = vanban("tasks", "--agency", "BTG tỉnh ủy", "--doc", "55-CTr/TU")
    assert status == 0
    assert out.splitlines()[0].split() == ["Thời", "hạn", "Văn", "bản", "Mục", "Chủ", "trì", "Nhiệm", "vụ"]
    assert any(line.startswith("Quý I/2024") and "Phụ lục, dòng 24" in line for line in out.splitlines())
    assert out.rstrip().endswith("Nhiệm vụ của Ban Tuyên giáo Tỉnh ủy (Tuyên Quang) theo 55-CTr/TU: 6 nhiệm vụ.")


def test_what_the_register_does_not_hold_is_said_and_the_status_is_1(vanban) -> None:  # type: ignore[no-untyped-def]
    status, _, err = vanban("tasks", "--agency", "Sở Du hành vũ trụ")
    assert status == 1 and "Không tìm thấy “Sở Du hành vũ trụ”" in err
    status, _, err = vanban("tasks", "--doc", "999-NQ/TU")
    assert status == 1 and "999-NQ/TU" in err
    with pytest.raises(SystemExit):
        vanban("tasks", "--due-in", "quý V")


def test_the_agency_list(vanban) -> None:  # type: ignore[no-untyped-def]
    status, out, _ = vanban("tasks", "--agencies")
    assert status == 0
    rows = [line.split() for line in out.splitlines()]
    assert ["Tuyên", "Quang", "1", "0", "Sở", "Y", "tế"] in rows  # leads one task, takes part in none
    assert ["Tuyên", "Quang", "1", "0", "Sở", "Tư", "pháp"] in rows
    assert ["Bắc", "Giang", "1", "0", "Sở", "Tư", "pháp"] in rows


# ---------------------------------------------------------------- spreadsheets


def test_the_xlsx_has_a_column_per_field_and_the_rows(vanban, tmp_path: Path, sources) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "nhiem-vu.xlsx"
    status, out, _ = vanban("tasks", "--doc", "55-CTr/TU", "--xlsx", str(path))
    assert status == 0 and "Đã ghi 61 nhiệm vụ" in out
    book = openpyxl.load_workbook(path)
    sheet = book["Nhiệm vụ"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert rows[0][:9] == ("Văn bản", "Mục", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời hạn (nguyên văn)", "Từ ngày",
                           "Đến ngày", "Định kỳ")  # fmt: skip
    assert len(rows) == 62
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width >= 50 and sheet["C2"].alignment.wrap_text
    by_item = {r[1]: r for r in rows[1:]}
    for row in (ROW_24, ROW_41, ROW_42, ROW_33):
        got = by_item[row.item]
        assert got[0] == "55-CTr/TU"
        assert got[3] == "; ".join(row.lead) and got[4] == "; ".join(row.cooperating)
        assert got[5] == row.printed
        assert (got[6].date() if got[6] else None, got[7].date() if got[7] else None) == (row.start, row.end)
        assert (got[8] or "") == {"periodic": "định kỳ", "annual": "hằng năm", None: ""}[row.recurring]
        assert got[9] == row.citation
        assert fold(got[10]) in fold(" ".join(sources[row.source]))
        assert got[11] == f"{row.source}:{row.line}"
    assert sheet["G2"].number_format == "DD/MM/YYYY"
    assert book["Thông tin"]["B1"].value == "Nhiệm vụ theo 55-CTr/TU"


def test_the_csv_opens_with_its_header_and_dates(vanban, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "nhiem-vu.csv"
    assert vanban("tasks", "--agency", "Sở TP", "--csv", str(path))[0] == 0
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == HEADERS
    assert [r[1] for r in rows[1:]] == ["mục 7", "mục II.7.2"]
    assert rows[2][9] == KH78_II_7_2.citation


# ---------------------------------------------------------------- document relations


def test_vanban_docs_shows_what_each_document_implements(vanban) -> None:  # type: ignore[no-untyped-def]
    status, out, _ = vanban("docs", "--relations")
    assert status == 0
    lines = out.splitlines()
    at_55 = next(i for i, line in enumerate(lines) if line.startswith("55-CTr/TU"))
    assert "↳ thực hiện: Nghị quyết số 43-NQ/TW ngày 24/11/2023 (không có trong kho)" in lines[at_55 + 1]
    at_78 = next(i for i, line in enumerate(lines) if line.startswith("78/KH-UBND"))
    assert any(
        "thực hiện: Kế hoạch số 450-KH/TU ngày 01/3/2024 (không có trong kho)" in x
        for x in lines[at_78 + 1 : at_78 + 4]
    )
    at_03 = next(i for i, line in enumerate(lines) if line.startswith("03-CTr/TU"))
    assert "được triển khai bởi: Kế hoạch số 20-KH/TU" in lines[at_03 + 1]
    rows = {r["number"]: r for r in json.loads(vanban("docs", "--json")[1])}
    assert [x["number"] for x in rows["55-CTr/TU"]["implements"]] == ["43-NQ/TW"]
    assert rows["55-CTr/TU"]["implements"][0]["in_corpus"] is False
    assert "450-KH/TU" in [x["number"] for x in rows["78/KH-UBND"]["implements"]]
    assert [x["name"] for x in rows["03-CTr/TU"]["implemented_by"]] == [
        "Kế hoạch số 20-KH/TU ngày 09/06/2021 của Tỉnh ủy Bắc Giang"
    ]
    # "tiếp tục thực hiện Nghị quyết số 109-NQ/TU ngày 04/7/2016": not the corpus's 109-NQ/TU of 2021
    assert rows["53-KL/TU"]["implements"][0]["number"] == "109-NQ/TU"
    assert rows["53-KL/TU"]["implements"][0]["in_corpus"] is False


# ---------------------------------------------------------------- questions in chat


def test_an_agency_s_tasks_asked_in_chat(assistant: Assistant, sources) -> None:  # type: ignore[no-untyped-def]
    answer = assistant.ask("Sở Y tế có những nhiệm vụ gì?")
    assert answer.found and answer.intent == "register"
    assert answer.direct.startswith("Có 1 nhiệm vụ của Sở Y tế (Tuyên Quang):")
    (citation,) = answer.citations
    assert (citation.doc_number, citation.item) == ("78/KH-UBND", ["II", "6", "6.1"])
    assert fold(citation.quote) in fold(" ".join(sources[KH78]))
    answer = assistant.ask("nhiệm vụ của Ban Tuyên giáo theo CTr 55")
    assert answer.found and {c.doc_number for c in answer.citations} == {"55-CTr/TU"}
    assert answer.citations[0].item == ["Phụ lục", "24"]  # the one with a date comes first
    assert "thời hạn: Quý I/2024" in answer.direct.splitlines()[1]


def test_a_quarter_asked_in_chat(assistant: Assistant, sources) -> None:  # type: ignore[no-untyped-def]
    answer = assistant.ask("việc nào đến hạn trong quý I/2024?")
    assert answer.found and answer.direct.startswith("Có 3 nhiệm vụ đến hạn trong quý I/2024:")
    assert sorted(c.item_label for c in answer.citations) == ["Phụ lục, dòng 1", "Phụ lục, dòng 24", "Phụ lục, dòng 41"]
    for c in answer.citations:
        assert fold(c.quote) in fold(" ".join(sources[CTR55]))
    many = assistant.ask("những nhiệm vụ hết hạn tháng 6/2021")
    assert len(many.citations) == 8
    assert "nhiệm vụ khác — gõ /hethan tháng 6/2021" in many.direct.splitlines()[-1]
    assert assistant.ask("việc nào đến hạn quý IV/2031?").found is False


def test_what_falls_due_this_month_follows_the_clock(assistant: Assistant) -> None:
    # the assistant's clock says 20 May 2021: this month and the next
    answer = assistant.ask("nhiệm vụ nào sắp đến hạn?")
    assert answer.found and "đến hạn trong tháng 5 và 6/2021" in answer.direct.splitlines()[0]
    assert assistant.ask("việc nào đến hạn tháng này?").direct.startswith("Có ")
    assert "tháng 5/2021" in assistant.ask("việc nào đến hạn tháng này?").direct.splitlines()[0]


def test_a_question_about_one_task_is_left_to_the_search(assistant: Assistant) -> None:
    assert parse_register_query("ai chủ trì việc biên tập nội dung cơ bản trong Bản tin Thông báo nội bộ?") is None
    assert parse_register_query("Sở Tư pháp được giao gì về xây dựng Chỉ thị?") is None
    answer = assistant.ask(
        "Theo CTr 55-CTr/TU, ai chủ trì việc biên tập nội dung cơ bản trong Bản tin Thông báo nội bộ?"
    )
    assert answer.intent == "lead_agency"
    assert answer.assignment is not None and answer.assignment.lead == ["Ban Tuyên giáo Tỉnh ủy"]
    # an agency the register does not hold is left to the search too
    assert assistant.ask("Sở Du hành vũ trụ có những nhiệm vụ gì?").intent != "register"


def test_which_documents_implement_one_the_corpus_only_cites(assistant: Assistant, sources) -> None:  # type: ignore[no-untyped-def]
    answer = assistant.ask("văn bản nào triển khai Nghị quyết 43?")
    assert answer.found and answer.intent == "relations"
    assert answer.direct.startswith("Nghị quyết số 43-NQ/TW ngày 24/11/2023 không có trong kho")
    assert NAME_55 in answer.direct
    (citation,) = answer.citations
    assert citation.doc_number == "55-CTr/TU" and "43-NQ/TW" in citation.quote
    assert fold(citation.quote) in fold(" ".join(sources[CTR55]))


def test_what_a_document_implements(assistant: Assistant, sources) -> None:  # type: ignore[no-untyped-def]
    answer = assistant.ask("KH 78 thực hiện văn bản nào?")
    assert answer.found
    assert "- Kế hoạch số 450-KH/TU ngày 01/3/2024 (không có trong kho)" in answer.direct.splitlines()
    quotes = [c.quote for c in answer.citations]
    assert any(q.startswith("Thực hiện Kế hoạch số 450-KH/TU ngày 01/3/2024") for q in quotes)
    assert all(fold(q) in fold(" ".join(sources[KH78])) for q in quotes)
    held = assistant.ask("văn bản nào thực hiện CTr 03?")
    assert held.found and [c.doc_number for c in held.citations] == ["20-KH/TU"]
    assert assistant.ask("KH 999 thực hiện văn bản nào?").found is False


def test_relation_questions_are_recognised_and_others_are_not() -> None:
    assert parse_relation_query("Nghị quyết 43 được triển khai bằng những văn bản nào?") is not None
    assert parse_relation_query("KH 78 căn cứ vào văn bản nào?").kind == "based_on"  # type: ignore[union-attr]
    assert parse_relation_query("Chương trình hành động thực hiện NQ 43-NQ/TW có số, ngày ban hành là gì?") is None
    assert parse_relation_query("văn bản nào triển khai?") is None


# ---------------------------------------------------------------- agency names


def test_agency_names_are_compared_written_out_and_shown_as_printed() -> None:
    assert agency_key("UBND tỉnh", "Tuyên Quang") == agency_key("Ủy ban nhân dân tỉnh Tuyên Quang", "Tuyên Quang")
    assert agency_key("Sở TT&TT") == agency_key("Sở Thông tin và Truyền thông")
    assert agency_key("Ban cán sự Đảng UBND tỉnh") == agency_key("Ban cán sự đảng Ủy ban nhân dân tỉnh")
    assert agency_key("Uỷ ban Kiểm tra Tỉnh uỷ") == agency_key("Ủy ban Kiểm tra Tỉnh ủy")
    assert agency_key("Sở Tư pháp tỉnh Tuyên Quang", "Tuyên Quang") == agency_key("Sở Tư pháp")
    assert written_out("Đảng đoàn HĐND tỉnh") == "Đảng đoàn Hội đồng nhân dân tỉnh"
    assert written_out("Sở VHTTDL") == "Sở Văn hóa, Thể thao và Du lịch"
    assert agency_query("Ban Tuyên giáo").matches("ban tuyen giao tinh uy")
    assert not agency_query("Tuyên giáo").matches("ban tuyen giao tinh uy")  # not a piece from inside
    assert agency_query("Sở Tư").matches("so tu phap")  # the first words of the name
    assert not agency_query("Sở Tư ph").matches("so tu phap")  # not a piece of a word
    assert not agency_query("Sở Y tế dự phòng").matches("so y te")


QUESTION_WORDS = st.sampled_from(
    ["Sở", "Y", "tế", "nhiệm vụ", "việc", "nào", "gì", "của", "theo", "đến hạn", "hết hạn", "quý", "IV", "/", "2021",
     "tháng", "13", "KH", "78", "55-CTr/TU", "CTr", "văn bản", "triển khai", "thực hiện", "căn cứ", "Nghị quyết", "43",
     "có", "những", "này", "sau", "?", ",", "trước ngày", "31/2/2024", "UBND", "TP", "&", "ngày"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), st.lists(QUESTION_WORDS, max_size=14).map(" ".join)))
def test_recognising_list_and_link_questions_never_raises(text: str) -> None:
    mask_question(text, D(2024, 2, 29))
    parse_register_query(text, D(2024, 12, 31))
    parse_relation_query(text)
