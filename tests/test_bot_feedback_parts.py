"""The pieces of feedback that need no server: buttons on split answers, callback data, prompts, /thongke text."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from test_bot_render import long_answer, parse

from bot import texts
from bot.admin import stats_days
from bot.buttons import MAX_CALLBACK_BYTES, FeedbackPress, ItemButtons, feedback_data, parse_feedback
from bot.feedback import MAX_REASON_CHARS, one_line, prompt_question_id
from bot.render import TELEGRAM_LIMIT, answer_replies, measure, statistics_replies, with_feedback
from retrieval.questionlog import (
    ChatKind,
    Disliked,
    DocumentCount,
    LoggedQuestion,
    Statistics,
    Vote,
)


def test_feedback_goes_under_the_last_message_of_a_split_answer_below_its_item_buttons() -> None:
    plain = answer_replies(long_answer(), ItemButtons())
    replies = with_feedback(plain, 42)
    assert len(replies) == len(plain) > 1
    assert [r.buttons for r in replies[:-1]] == [r.buttons for r in plain[:-1]]
    *items, votes = replies[-1].buttons
    assert items == plain[-1].buttons and any("Xem toàn văn" in label for row in items for label, _ in row)
    assert votes == [("👍", "fb|42|u"), ("👎", "fb|42|d")]
    assert [r.html for r in replies] == [r.html for r in plain]


def test_feedback_data_round_trips_and_fits_in_a_button() -> None:
    for question_id in (1, 2**63 - 1):
        for vote in Vote:
            data = feedback_data(question_id, vote)
            assert len(data.encode()) <= MAX_CALLBACK_BYTES
            assert parse_feedback(data) == FeedbackPress(question_id, vote)
    for data in ("fb|12|x", "fb||u", "fb|12|u|1", "i|55-CTr/TU|1", "fb|-3|d"):
        assert parse_feedback(data) is None


def test_the_reason_prompt_names_its_answer_and_nothing_else_does() -> None:
    prompt = texts.REASON_PROMPT.format(question_id=317)
    assert prompt_question_id(prompt) == 317
    assert prompt_question_id(f"Bình\n{prompt}") == 317, "in a group the prompt starts with a mention"
    assert prompt_question_id("Câu trả lời #317 rất tốt") is None
    assert prompt_question_id("Chủ trì: Sở Tài chính") is None


def test_a_reason_is_one_line() -> None:
    assert one_line("\n  trích   sai dòng \nthêm nữa") == "trích sai dòng"
    assert one_line(" \n ") == ""
    long = one_line("x" * 1000)
    assert len(long) == MAX_REASON_CHARS and long.endswith("…")


@pytest.mark.parametrize(
    ("argument", "days"), [("", 7), ("7", 7), ("30", 30), ("1", 1), ("0", None), ("tuần", None), ("-7", None)]
)
def test_thongke_takes_a_number_of_days(argument: str, days: int | None) -> None:
    assert stats_days(argument) == days


def question(n: int, text: str) -> LoggedQuestion:
    when = datetime(2026, 11, 3, 1, n, tzinfo=UTC)
    return LoggedQuestion(n, when, ChatKind.PRIVATE, "h", text, None, False, (), 5.0, ())


def test_statistics_text_escapes_what_users_wrote_and_fits_in_messages() -> None:
    hostile = "<b>in đậm</b> & " + "rất dài " * 400
    stats = Statistics(
        days=30,
        since=datetime(2026, 10, 4, 17, 0, tzinfo=UTC),
        questions=12,
        answered=9,
        people=4,
        up=5,
        down=2,
        top_documents=(DocumentCount("55-CTr/TU", 6), DocumentCount("78/KH-UBND", 3)),
        unanswered=tuple(question(n, hostile) for n in range(5)),
        disliked=(
            Disliked(1, "ai chủ trì?", "Ai chủ trì việc X?", hostile, datetime.now(UTC)),
            Disliked(2, "thời hạn?", None, None, datetime.now(UTC)),
        ),
    )
    replies = statistics_replies(stats)
    text = "\n".join(r.html for r in replies)
    for reply in replies:
        assert measure(reply.html) <= TELEGRAM_LIMIT
        parse(reply.html.replace("<i>", "<b>").replace("</i>", "</b>"))
    assert "<b>Thống kê 30 ngày qua (từ 05/10/2026 00:00, giờ Việt Nam)</b>" in text
    assert "Trả lời được: 9 (75%)" in text and "Đánh giá: 👍 5 · 👎 2" in text
    assert "1. 55-CTr/TU: 6 câu hỏi\n2. 78/KH-UBND: 3 câu hỏi" in text
    assert "&lt;b&gt;in đậm&lt;/b&gt; &amp;" in text and "<b>in đậm" not in text
    assert "• 03/11/2026 08:04:" in text, "times in Vietnam time"
    assert "ai chủ trì? (hiểu là: Ai chủ trì việc X?)" in text
    assert "thời hạn? — <i>(không ghi lý do)</i>" in text
