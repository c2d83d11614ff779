"""Follow-up questions rewritten into full questions from the chat's last topic."""

from __future__ import annotations

import pytest

from bot.followup import Topic, is_followup, rewrite, task_of, topic_after
from retrieval.answer import Answer, Citation

TOPIC = Topic(
    task="việc đổi mới, nâng cao chất lượng các phiên giải trình, chất vấn của HĐND",
    doc_ref="55-CTr/TU",
    item=("Phụ lục", "3"),
    item_label="Phụ lục, dòng 3",
    intent="lead_agency",
)


@pytest.mark.parametrize(
    ("question", "task"),
    [
        (
            "Theo CTr 55-CTr/TU, ai chủ trì việc đổi mới, nâng cao chất lượng các phiên giải trình, chất vấn của HĐND?",
            "việc đổi mới, nâng cao chất lượng các phiên giải trình, chất vấn của HĐND",
        ),
        ("ai chu tri xay dung de an du lich theo KH 329?", "xay dung de an du lich"),
        ("Cơ quan nào được giao chủ trì tổ chức hội nghị sơ kết theo Nghị quyết số 111?", "tổ chức hội nghị sơ kết"),
        (
            "Thời hạn hoàn thành việc rà soát quy hoạch theo Kế hoạch số 78/KH-UBND ngày 23/4/2024 là khi nào?",
            "hoàn thành việc rà soát quy hoạch",
        ),
        ("Việc xây dựng cơ sở dữ liệu do ai chủ trì?", "Việc xây dựng cơ sở dữ liệu"),
        ("Sở Tài chính phải làm gì theo 78/KH-UBND?", "Sở Tài chính phải làm gì"),
    ],
)
def test_the_task_is_the_question_without_question_words_or_document(question: str, task: str) -> None:
    assert task_of(question) == task


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("còn phối hợp thì sao?", True),
        ("thời hạn?", True),
        ("Ai phối hợp?", True),
        ("khi nào phải hoàn thành?", True),
        ("còn dòng 5 thì sao?", True),
        ("nhiệm vụ này có cần báo cáo định kỳ không?", True),
        ("Ai chủ trì xây dựng nông thôn mới?", False),  # a new question with a subject of its own
        ("còn theo 78/KH-UBND thì sao?", False),  # names its own document
        ("cảm ơn", False),
    ],
)
def test_short_questions_without_a_subject_of_their_own_are_follow_ups(text: str, expected: bool) -> None:
    assert is_followup(text, TOPIC) is expected


def test_nothing_is_a_follow_up_without_a_topic() -> None:
    assert rewrite("còn phối hợp thì sao?", None) is None


@pytest.mark.parametrize(
    ("text", "full"),
    [
        (
            "còn phối hợp thì sao?",
            "Ai phối hợp việc đổi mới, nâng cao chất lượng các phiên giải trình, chất vấn của HĐND"
            " theo 55-CTr/TU (Phụ lục, dòng 3)?",
        ),
        (
            "thời hạn?",
            "Thời hạn việc đổi mới, nâng cao chất lượng các phiên giải trình, chất vấn của HĐND"
            " theo 55-CTr/TU (Phụ lục, dòng 3) là khi nào?",
        ),
        ("còn dòng 5 thì sao?", "Ai chủ trì thực hiện nhiệm vụ theo 55-CTr/TU (Phụ lục, dòng 5)?"),
        (
            "ai?",
            "Ai chủ trì việc đổi mới, nâng cao chất lượng các phiên giải trình, chất vấn của HĐND theo 55-CTr/TU (Phụ lục, dòng 3)?",
        ),
    ],
)
def test_a_follow_up_becomes_a_full_question_about_the_same_task_and_item(text: str, full: str) -> None:
    assert rewrite(text, TOPIC) == full


def _answer(found: bool, item: list[str], intent: str = "cooperating") -> Answer:
    citations = [
        Citation(
            doc_id="55-ctr/tu",
            doc_number="55-CTr/TU",
            doc_type="Chương trình hành động",
            doc_date="2024-01-31",
            issuer="Ban Chấp hành Đảng bộ tỉnh Tuyên Quang",
            doc_title="Thực hiện Nghị quyết 43",
            item=item,
            item_label="Phụ lục, dòng " + item[-1],
            quote="q",
            passages=["q"],
            source="ctr.txt",
        )
    ]
    return Answer(question="q", found=found, intent=intent, direct="", answer="", citations=citations if found else [])


def test_the_topic_follows_the_answers() -> None:
    first = topic_after(
        "Theo CTr 55-CTr/TU, ai chủ trì việc đổi mới, nâng cao chất lượng các phiên giải trình, chất vấn của HĐND?",
        _answer(True, ["Phụ lục", "3"], "lead_agency"),
        None,
        was_followup=False,
    )
    assert first == TOPIC
    # a follow-up answered from the same row keeps the task; one that moved to another row drops it
    assert topic_after("…", _answer(True, ["Phụ lục", "3"]), first, was_followup=True).task == TOPIC.task
    moved = topic_after("…", _answer(True, ["Phụ lục", "5"]), first, was_followup=True)
    assert (moved.task, moved.item_label) == ("", "Phụ lục, dòng 5")
    # nothing found: a follow-up keeps the topic for another try, a new question ends it
    assert topic_after("…", _answer(False, ["x"]), first, was_followup=True) == first
    assert topic_after("…", _answer(False, ["x"]), first, was_followup=False) is None


def test_a_list_question_is_no_follow_up_and_a_list_no_topic() -> None:
    # "việc nào đến hạn tháng này?" is made of follow-up words, but asks for the register's list
    assert rewrite("việc nào đến hạn tháng này?", TOPIC) is None
    assert rewrite("văn bản nào triển khai Nghị quyết 43?", TOPIC) is None
    assert rewrite("thời hạn?", TOPIC) is not None
    assert topic_after("Sở Y tế có những nhiệm vụ gì?", _answer(True, ["II", "6", "6.1"], "register"), None, False) is None
