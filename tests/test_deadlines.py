"""Deadlines as printed in the documents, read into date ranges and recurring classes."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retrieval.deadlines import DateRange, Recurrence, parse_deadline, parse_period

D = date

# printed → (start, end, recurring)
DEADLINES: list[tuple[str, date | None, date | None, Recurrence | None]] = [
    ("Quý IV/2021", D(2021, 10, 1), D(2021, 12, 31), None),
    ("Quý I/2024", D(2024, 1, 1), D(2024, 3, 31), None),
    ("quý II năm 2021", D(2021, 4, 1), D(2021, 6, 30), None),
    ("xong trong quý III/2021", D(2021, 7, 1), D(2021, 9, 30), None),
    ("vào Quý I năm 2025", D(2025, 1, 1), D(2025, 3, 31), None),
    ("Cuối quý IV/2021", D(2021, 10, 1), D(2021, 12, 31), None),
    ("Quý III, IV/2026", D(2026, 7, 1), D(2026, 12, 31), None),
    ("Quý II-III/2026", D(2026, 4, 1), D(2026, 9, 30), None),
    ("Quý III và IV/2026", D(2026, 7, 1), D(2026, 12, 31), None),
    ("Quý 4/2024", D(2024, 10, 1), D(2024, 12, 31), None),
    ("trước ngày 15/9/2025", None, D(2025, 9, 15), None),
    ("chậm nhất ngày 15/9/2025", None, D(2025, 9, 15), None),
    ("hoàn thành trước 30/6/2024", None, D(2024, 6, 30), None),
    ("xong trước ngày 07/02/2021", None, D(2021, 2, 7), None),
    ("Hạn chót: ngày 15/12/2024", None, D(2024, 12, 15), None),
    ("trước ngày 15 tháng 9 năm 2025", None, D(2025, 9, 15), None),
    ("ngày 15 tháng 9 năm 2025", D(2025, 9, 15), D(2025, 9, 15), None),
    ("đến ngày 30/6/2024", None, D(2024, 6, 30), None),
    ("15.9.2025", D(2025, 9, 15), D(2025, 9, 15), None),
    ("Tháng 4/2021", D(2021, 4, 1), D(2021, 4, 30), None),
    ("Tháng 02/2021", D(2021, 2, 1), D(2021, 2, 28), None),
    ("tháng 2/2024", D(2024, 2, 1), D(2024, 2, 29), None),
    ("trong tháng 01/2026", D(2026, 1, 1), D(2026, 1, 31), None),
    ("xong trong tháng 10/2021", D(2021, 10, 1), D(2021, 10, 31), None),
    ("tháng 6 năm 2021", D(2021, 6, 1), D(2021, 6, 30), None),
    ("Tháng 11, 12/2024", D(2024, 11, 1), D(2024, 12, 31), None),
    ("tháng 11-12/2024", D(2024, 11, 1), D(2024, 12, 31), None),
    ("từ tháng 3 đến tháng 6/2024", D(2024, 3, 1), D(2024, 6, 30), None),
    ("6 tháng đầu năm 2024", D(2024, 1, 1), D(2024, 6, 30), None),
    ("6 tháng cuối năm 2024", D(2024, 7, 1), D(2024, 12, 31), None),
    ("9 tháng đầu năm 2025", D(2025, 1, 1), D(2025, 9, 30), None),
    ("Năm 2022", D(2022, 1, 1), D(2022, 12, 31), None),
    ("trong năm 2022", D(2022, 1, 1), D(2022, 12, 31), None),
    ("hoàn thành trong năm 2024", D(2024, 1, 1), D(2024, 12, 31), None),
    ("2021-2025", D(2021, 1, 1), D(2025, 12, 31), None),
    ("giai đoạn 2021-2025", D(2021, 1, 1), D(2025, 12, 31), None),
    ("giai đoạn 2021 - 2025", D(2021, 1, 1), D(2025, 12, 31), None),
    ("từ năm 2021 đến năm 2025", D(2021, 1, 1), D(2025, 12, 31), None),
    ("đến năm 2030", None, D(2030, 12, 31), None),
    ("trước năm 2025", None, D(2024, 12, 31), None),
    ("từ năm 2021", D(2021, 1, 1), None, None),
    ("thực hiện từ năm 2022", D(2022, 1, 1), None, None),
    ("Quý IV/2026, 2027", D(2026, 10, 1), D(2027, 12, 31), None),
    # cells of Quyết định 2200/QĐ-BNNMT and the Lào Cai plans (corpus-dev), as printed
    ("Quý III, IV/2026, 2027", D(2026, 7, 1), D(2027, 12, 31), None),
    ("Quý II, III/2026", D(2026, 4, 1), D(2026, 9, 30), None),
    ("Xong trong Quý II/2026", D(2026, 4, 1), D(2026, 6, 30), None),
    ("Hoàn thành đầu tư, lắp đặt và vận hành xong trước ngày 01/01/2030", None, D(2030, 1, 1), None),
    ("Tháng 6/2021 và tháng 12/2021", D(2021, 6, 1), D(2021, 12, 31), None),
    ("Hằng năm", None, None, Recurrence.ANNUAL),
    ("Hàng năm", None, None, Recurrence.ANNUAL),
    ("Định kỳ hằng năm", None, None, Recurrence.ANNUAL),
    ("Hằng quý", None, None, Recurrence.QUARTERLY),
    ("hằng tháng", None, None, Recurrence.MONTHLY),
    ("Định kỳ", None, None, Recurrence.PERIODIC),
    ("Theo nhiệm kỳ", None, None, Recurrence.PERIODIC),
    ("Theo giai đoạn", None, None, Recurrence.PERIODIC),
    ("Thường xuyên", None, None, Recurrence.CONTINUOUS),
    ("THƯỜNG XUYÊN", None, None, Recurrence.CONTINUOUS),
    ("Theo tiến độ dự án", None, None, Recurrence.AS_REQUIRED),
    ("Theo yêu cầu", None, None, Recurrence.AS_REQUIRED),
    ("Theo chỉ đạo của Trung ương", None, None, Recurrence.AS_REQUIRED),
    ("Theo chương trình, đề án", None, None, Recurrence.AS_REQUIRED),
    ("Thường xuyên; hoàn thành trước 30/6/2024", None, D(2024, 6, 30), Recurrence.CONTINUOUS),
    # the date of a cited document is not the task's
    ("Theo Kế hoạch số 12/KH-UBND ngày 03/5/2024", None, None, Recurrence.AS_REQUIRED),
    # no date at all, or numbers that are no date
    ("Khi hoàn thành dự án", None, None, None),
    ("31/2/2024", None, None, None),
    ("tháng 13/2024", None, None, None),
    ("năm 3024", None, None, None),
]


@pytest.mark.parametrize(("printed", "start", "end", "recurring"), DEADLINES)
def test_a_printed_deadline_is_read_into_its_range_or_class(
    printed: str, start: date | None, end: date | None, recurring: Recurrence | None
) -> None:
    deadline = parse_deadline(printed)
    assert deadline is not None
    assert (deadline.start, deadline.end, deadline.recurring) == (start, end, recurring)
    assert deadline.printed == printed
    assert deadline.resolved == (start is not None or end is not None or recurring is not None)


def test_no_deadline_printed_is_none() -> None:
    assert parse_deadline(None) is None
    assert parse_deadline("   ") is None


def test_what_falls_due_is_decided_by_the_last_day() -> None:
    quarter = DateRange(D(2021, 10, 1), D(2021, 12, 31))
    assert parse_deadline("Năm 2021").due_within(quarter)  # type: ignore[union-attr]
    assert parse_deadline("Tháng 11/2021").due_within(quarter)  # type: ignore[union-attr]
    assert not parse_deadline("Quý III/2021").due_within(quarter)  # type: ignore[union-attr]
    assert not parse_deadline("2021-2025").due_within(quarter)  # type: ignore[union-attr]
    assert not parse_deadline("Thường xuyên").due_within(quarter)  # type: ignore[union-attr]
    assert parse_deadline("trước ngày 15/12/2024").due_before(D(2024, 12, 31))  # type: ignore[union-attr]
    assert not parse_deadline("từ năm 2021").due_before(D(2030, 1, 1))  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2024-Q4", D(2024, 10, 1), D(2024, 12, 31)),
        ("Q4/2024", D(2024, 10, 1), D(2024, 12, 31)),
        ("quý IV/2021", D(2021, 10, 1), D(2021, 12, 31)),
        ("quy 4 nam 2021", D(2021, 10, 1), D(2021, 12, 31)),
        ("2024-11", D(2024, 11, 1), D(2024, 11, 30)),
        ("11/2024", D(2024, 11, 1), D(2024, 11, 30)),
        ("tháng 11/2024", D(2024, 11, 1), D(2024, 11, 30)),
        ("thang 11/2024", D(2024, 11, 1), D(2024, 11, 30)),
        ("2024", D(2024, 1, 1), D(2024, 12, 31)),
        ("năm 2024", D(2024, 1, 1), D(2024, 12, 31)),
        ("trong năm 2024", D(2024, 1, 1), D(2024, 12, 31)),
        ("2021-2025", D(2021, 1, 1), D(2025, 12, 31)),
        ("15/9/2025", D(2025, 9, 15), D(2025, 9, 15)),
    ],
)
def test_a_period_a_user_names_is_the_same_days_as_in_a_deadline(text: str, start: date, end: date) -> None:
    assert parse_period(text) == DateRange(start, end)


@pytest.mark.parametrize("text", ["", "quý", "trước 2025", "từ năm 2021", "thường xuyên", "2024 và 2025", "Q5/2024"])
def test_what_is_no_closed_period_is_none(text: str) -> None:
    assert parse_period(text) is None


def test_periods_are_labelled_as_readers_name_them() -> None:
    assert parse_period("2024-Q4").label == "quý IV/2024"  # type: ignore[union-attr]
    assert parse_period("11/2024").label == "tháng 11/2024"  # type: ignore[union-attr]
    assert parse_period("2022").label == "năm 2022"  # type: ignore[union-attr]
    assert parse_deadline("trước ngày 15/9/2025").normalised == "đến 15/09/2025"  # type: ignore[union-attr]
    assert parse_deadline("Hằng năm").normalised == "hằng năm"  # type: ignore[union-attr]


@given(st.text(max_size=300))
def test_any_text_gives_a_deadline_and_never_raises(text: str) -> None:
    deadline = parse_deadline(text)
    if deadline is not None:
        assert deadline.start is None or deadline.end is None or deadline.start <= deadline.end
    parse_period(text)


@given(
    st.lists(
        st.sampled_from(
            ["Quý", "quý", "IV", "II", "/", "-", "2021", "2099", "1899", "tháng", "13", "0", "31", "ngày", "trước",
             "từ", "đến", "năm", ",", "và", "6 tháng đầu", "Hằng năm", "9", "12", ".", " "]
        ),
        max_size=12,
    ).map(" ".join)
)  # fmt: skip
def test_deadline_like_text_never_raises(text: str) -> None:
    deadline = parse_deadline(text)
    if deadline is not None and deadline.start and deadline.end:
        assert deadline.start <= deadline.end
