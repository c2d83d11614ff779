"""/nhiemvu, /hethan, /vanban <số> and register questions through the real bot, against the loopback Bot API
server, with the clock fixed (10 February 2024) so nothing depends on today's date."""

from __future__ import annotations

import datetime as dt
import html
import io
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from fake_telegram import GROUP, USER, FakeTelegram, RunningBot, copy_small_corpus, make_settings

from bot import texts
from bot.app import build_application
from bot.buttons import MAX_CALLBACK_BYTES, ListButtons
from bot.task_commands import TaskList, due_period, list_from_argument
from retrieval.assistant import Assistant
from retrieval.deadlines import DateRange
from retrieval.task_export import HEADERS

TODAY = dt.date(2024, 2, 10)


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture(scope="module")
def dirs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("bot-register")
    corpus, index = copy_small_corpus(root / "corpus"), root / "index"
    with FakeTelegram() as fake:
        Assistant(make_settings(fake, corpus, index)).reload()
    return corpus, index


@pytest.fixture(scope="module")
def assistant(dirs: tuple[Path, Path]) -> Assistant:
    with FakeTelegram() as fake:
        return Assistant(make_settings(fake, *dirs), today=lambda: TODAY)


@pytest.fixture
def telegram() -> Iterator[FakeTelegram]:
    with FakeTelegram() as fake:
        yield fake


@pytest.fixture
def bot(
    telegram: FakeTelegram, dirs: tuple[Path, Path], assistant: Assistant, caplog: pytest.LogCaptureFixture
) -> Iterator[RunningBot]:
    application = build_application(make_settings(telegram, *dirs), assistant, today=lambda: TODAY)
    with RunningBot(application, telegram) as running:
        yield running
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, f"the bot logged errors: {errors}"


def say(telegram: FakeTelegram, text: str, chat_id: int = USER) -> Callable[[int], Any]:
    chat = telegram.private_chat(chat_id) if chat_id > 0 else telegram.group_chat(chat_id)
    telegram.send_text(chat, telegram.user(USER), text)
    return lambda count: telegram.wait_sent(chat_id, count)


def labels(call: Any) -> list[str]:
    return [b["text"] for b in call.buttons]


def button(call: Any, label: str) -> str:
    data = next(b["callback_data"] for b in call.buttons if b["text"] == label)
    assert len(data.encode("utf-8")) <= MAX_CALLBACK_BYTES
    return str(data)


# ---------------------------------------------------------------- /nhiemvu


def test_nhiemvu_pages_an_agency_s_tasks_and_sends_the_spreadsheet(telegram: FakeTelegram, bot: RunningBot) -> None:
    user = telegram.user(USER)
    (first,) = say(telegram, "/nhiemvu Đảng đoàn Ủy ban MTTQ tỉnh")(1)
    text = first.text
    # as the source prints them: rows 41 (Quý I/2024), 42 and 46 (Năm 2025) it leads, rows 3 and 4 it takes part in
    assert text.startswith("<b>Nhiệm vụ của Đảng đoàn Ủy ban Mặt trận Tổ quốc tỉnh (Tuyên Quang)</b>: 8 nhiệm vụ")
    assert "(trang 1/2)" in text
    assert text.index("1. Tổ chức học tập Cuốn sách") < text.index("2. Chủ trì tham mưu cụ thể hóa Chiến lược")
    assert "Thời hạn: Quý I/2024 (01/01/2024–31/03/2024)" in text
    assert "Thời hạn: Năm 2025 (01/01/2025–31/12/2025)" in text
    assert html.escape("Chương trình hành động số 55-CTr/TU ngày 31/01/2024") in text
    assert "<code>/muc 55-CTr/TU phụ lục 41</code>" in text
    assert "Chủ trì: Đảng đoàn Hội đồng nhân dân tỉnh (phối hợp)" in text  # row 3: it cooperates
    assert labels(first) == ["Trang sau ›", "Tải bảng tính (.xlsx)"]

    telegram.press(user, telegram.bot_message(first), button(first, "Trang sau ›"))
    (second,) = telegram.wait_sent(USER, method="editMessageText")
    assert second.params["message_id"] == telegram.bot_message(first)["message_id"]
    assert "(trang 2/2)" in second.text and "6. " in second.text and "1. " not in second.text
    assert labels(second) == ["‹ Trang trước", "Tải bảng tính (.xlsx)"]

    telegram.press(user, telegram.bot_message(first), button(first, "Tải bảng tính (.xlsx)"))
    (sent,) = telegram.wait_sent(USER, method="sendDocument")
    upload = sent.upload
    assert upload is not None and upload.file_name == "nhiem-vu-dang-doan-uy-ban-mat-tran-to-quoc-tinh.xlsx"
    assert "8 nhiệm vụ" in sent.params["caption"]
    sheet = openpyxl.load_workbook(io.BytesIO(upload.data))["Nhiệm vụ"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS and len(rows) == 9
    by_item = {r[1]: r for r in rows[1:]}
    assert by_item["Phụ lục, dòng 41"][3] == "Đảng đoàn Ủy ban Mặt trận Tổ quốc tỉnh"
    assert by_item["Phụ lục, dòng 41"][5] == "Quý I/2024"
    assert by_item["Phụ lục, dòng 42"][7].date() == dt.date(2025, 12, 31)
    assert by_item["Phụ lục, dòng 4"][8] == "định kỳ"


def test_nhiemvu_with_a_document_and_without_an_agency_it_knows(telegram: FakeTelegram, bot: RunningBot) -> None:
    replies = say(telegram, "/nhiemvu Ban Tuyên giáo 55-CTr/TU")
    (listing,) = replies(1)
    assert "Nhiệm vụ của Ban Tuyên giáo Tỉnh ủy (Tuyên Quang) theo 55-CTr/TU</b>: 6 nhiệm vụ" in listing.text
    say(telegram, "/nhiemvu tư pháp")
    unknown = replies(2)[1].text
    assert unknown.startswith("Không tìm thấy cơ quan “tư pháp”")
    assert "/nhiemvu Sở Tư pháp — Sở Tư pháp (Tuyên Quang)" in unknown
    say(telegram, "/nhiemvu")
    assert replies(3)[2].text == texts.USAGE_NHIEMVU


# ---------------------------------------------------------------- /hethan


def test_hethan_lists_what_falls_due_by_the_injected_clock(telegram: FakeTelegram, bot: RunningBot) -> None:
    replies = say(telegram, "/hethan")
    # 10 February 2024: this month and the next; rows 1, 24 and 41 of 55-CTr/TU are due in the first quarter
    default = replies(1)[0].text
    assert "Nhiệm vụ đến hạn trong tháng 2 và 3/2024</b>: 3 nhiệm vụ" in default
    for row in ("phụ lục 1<", "phụ lục 24<", "phụ lục 41<"):
        assert row in default
    say(telegram, "/hethan quý")
    assert "Nhiệm vụ đến hạn trong quý I/2024</b>: 3 nhiệm vụ" in replies(2)[1].text
    say(telegram, "/hethan 12/2024")
    december = replies(3)[2].text
    # 78/KH-UBND: two reports due "trước ngày 10/12/2024", "trước ngày 15/12/2024", and three tasks "trong năm
    # 2024" (their last day is 31 December)
    assert "Nhiệm vụ đến hạn trong tháng 12/2024</b>: 5 nhiệm vụ" in december
    assert december.index("trước ngày 10/12/2024") < december.index("trước ngày 15/12/2024")
    assert december.index("trước ngày 15/12/2024") < december.index("trong năm 2024")
    say(telegram, "/hethan quý IV/2021")
    assert "không có nhiệm vụ nào" in replies(4)[3].text
    say(telegram, "/hethan sao Hỏa")
    assert replies(5)[4].text == texts.USAGE_HETHAN


def test_due_periods_and_lists_in_buttons() -> None:
    assert due_period("", TODAY) == DateRange(dt.date(2024, 2, 1), dt.date(2024, 3, 31))
    assert due_period("tháng", TODAY) == DateRange(dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert due_period("quý", dt.date(2024, 11, 30)) == DateRange(dt.date(2024, 10, 1), dt.date(2024, 12, 31))
    assert due_period("", dt.date(2024, 12, 5)) == DateRange(dt.date(2024, 12, 1), dt.date(2025, 1, 31))
    assert due_period("quý IV/2021", TODAY) == DateRange(dt.date(2021, 10, 1), dt.date(2021, 12, 31))
    assert list_from_argument("Ban Tuyên giáo theo 55-CTr/TU") == TaskList("ban tuyen giao", "55-CTr/TU")
    assert list_from_argument("BTG TU") == TaskList("ban tuyen giao tinh uy")
    spec = TaskList("so y te", None, DateRange(dt.date(2021, 10, 1), dt.date(2021, 12, 31)))
    assert TaskList.decode(spec.encode()) == spec
    buttons = ListButtons()
    long_spec = TaskList("dang doan uy ban mat tran to quoc va cac to chuc chinh tri xa hoi tinh", "55-CTr/TU")
    data = buttons.page(long_spec.encode(), 3)
    assert len(data.encode()) <= MAX_CALLBACK_BYTES
    assert buttons.decode(data) == ("page", long_spec.encode(), 3)
    assert ListButtons().decode(data) is None  # after a restart the key is gone: the button has expired


# ---------------------------------------------------------------- /vanban <số>


def test_a_document_card_with_its_relations(telegram: FakeTelegram, bot: RunningBot) -> None:
    replies = say(telegram, "/vanban 55-CTr/TU")
    (card,) = replies(1)
    assert card.text.startswith("<b>Chương trình hành động số 55-CTr/TU</b> ngày 31/01/2024")
    assert "Người ký: Lê Thị Kim Dung" in card.text
    assert "Nhiệm vụ giao: 61" in card.text
    assert "<b>Thực hiện:</b>\n• Nghị quyết số 43-NQ/TW ngày 24/11/2023 (không có trong kho)" in card.text
    assert labels(card) == ["Danh sách nhiệm vụ"]
    telegram.press(telegram.user(USER), telegram.bot_message(card), button(card, "Danh sách nhiệm vụ"))
    listing = replies(2)[1]
    assert "Nhiệm vụ theo 55-CTr/TU</b>: 61 nhiệm vụ (trang 1/13)" in listing.text
    say(telegram, "/vanban KH 78")
    card78 = replies(3)[2].text
    assert "• Kế hoạch số 450-KH/TU ngày 01/3/2024 (không có trong kho)" in card78
    say(telegram, "/vanban")
    assert "Văn bản trong kho: 4" in replies(4)[3].text  # without a number: the list, as before
    say(telegram, "/vanban 999-NQ/TU")
    assert "Không có văn bản" in replies(5)[4].text


# ---------------------------------------------------------------- questions


def test_register_and_relation_questions_in_chat_and_in_a_group(telegram: FakeTelegram, bot: RunningBot) -> None:
    replies = say(telegram, "Sở Y tế có những nhiệm vụ gì?")
    (answer,) = replies(1)
    assert answer.text.startswith("Có 1 nhiệm vụ của Sở Y tế (Tuyên Quang):")
    assert "<b>Nguồn: Kế hoạch số 78/KH-UBND ngày 23/04/2024 của Ủy ban nhân dân tỉnh Tuyên Quang — mục II.6.1</b>" in (
        answer.text
    )
    assert "<blockquote>Xây dựng Đề án chuyên Trung tâm Y tế" in answer.text
    assert labels(answer) == ["Xem toàn văn mục II.6.1", "👍", "👎"]
    say(telegram, "việc nào đến hạn trong quý I/2024?")
    quarter = replies(2)[1].text
    assert quarter.startswith("Có 3 nhiệm vụ đến hạn trong quý I/2024:")
    say(telegram, "văn bản nào triển khai Nghị quyết 43?")
    relation = replies(3)[2].text
    assert relation.startswith("Nghị quyết số 43-NQ/TW ngày 24/11/2023 không có trong kho")
    assert "<blockquote>Thực hiện Nghị quyết số 43-NQ/TW" in relation
    group = say(telegram, f"@{bot.application.bot.username} việc nào đến hạn quý này?", GROUP)
    assert group(1)[0].text.startswith("Có 3 nhiệm vụ đến hạn trong quý I/2024")
    say(telegram, f"@{bot.application.bot.username} việc nào đến hạn tháng này?", GROUP)
    assert group(2)[1].text == "Không có nhiệm vụ nào đến hạn trong tháng 2/2024 trong các văn bản hiện có."


def test_the_commands_are_in_the_menu_and_the_help(telegram: FakeTelegram, bot: RunningBot) -> None:
    (menu,) = telegram.wait_for(lambda c: c.method == "setMyCommands")
    names = [c["command"] for c in menu.params["commands"]]
    assert "nhiemvu" in names and "hethan" in names
    help_text = say(telegram, "/help")(1)[0].text
    assert "/nhiemvu" in help_text and "/hethan" in help_text and "/vanban &lt;số&gt;" in help_text
