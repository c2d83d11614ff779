"""Rendering answers as Telegram HTML: escaping, splitting under 4096 characters, buttons."""

from __future__ import annotations

import datetime as dt
import html
import re
from html.parser import HTMLParser

import pytest

from bot.buttons import MAX_CALLBACK_BYTES, ItemButtons, parse_docs_page
from bot.render import CONTINUED, TELEGRAM_LIMIT, answer_replies, documents_page, item_replies, measure
from retrieval.answer import Answer, Citation
from retrieval.models import Document, DocumentMeta

ALLOWED_TAGS = {"b", "i", "blockquote"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.quoted: list[str] = []  # text inside blockquotes
        self.outside: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"unexpected <{tag}>")
        if "blockquote" in self.stack and tag == "blockquote":
            self.problems.append("nested blockquote")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        (self.quoted if "blockquote" in self.stack else self.outside).append(data)


def parse(message: str) -> _Tags:
    parser = _Tags()
    parser.feed(message)
    parser.close()
    assert not parser.problems, parser.problems
    assert not parser.stack, f"unclosed {parser.stack}"
    return parser


def citation(n: int, passages: list[str], item: list[str] | None = None) -> Citation:
    return Citation(
        doc_id=f"{n}-kh/ubnd",
        doc_number=f"{n}/KH-UBND",
        doc_type="Kế hoạch",
        doc_date="2024-04-23",
        issuer="Ủy ban nhân dân tỉnh Tuyên Quang",
        doc_title="Sửa chữa, khắc phục hạn chế <2023> & khuyết điểm",
        item=["II", str(n)] if item is None else item,
        item_label=f"mục II.{n}" if item is None else "phần mở đầu",
        quote=passages[0],
        passages=passages,
        source="kh.txt",
    )


def passage(n: int, length: int, markup: bool = False) -> str:
    """Distinct words (so pieces can be traced), optionally with characters HTML must escape."""
    words = []
    i = 0
    while sum(len(w) + 1 for w in words) < length:
        words.append(f"đoạn{n}-{i} <Sở> & “Ủy ban”" if markup else f"đoạn{n}-{i} Ủy ban")
        i += 1
    return " ".join(words)[:length].strip()


def long_answer() -> Answer:
    citations = [citation(n, [passage(n * 100 + k, 700, markup=k % 2 == 0) for k in range(8)]) for n in range(1, 4)]
    citations.append(citation(4, [passage(400, 300), passage(401, 9500, markup=True), passage(402, 200)]))
    citations.append(citation(5, [passage(500, 100)], item=[]))
    return Answer(
        question="ai chủ trì?",
        found=True,
        intent="lead_agency",
        direct="Chủ trì: Sở Kế hoạch & Đầu tư <tỉnh>; Phối hợp: không ghi rõ.",
        answer="(plain text)",
        citations=citations,
    )


def test_a_long_answer_is_split_into_messages_that_fit_with_balanced_tags() -> None:
    answer = long_answer()
    replies = answer_replies(answer, ItemButtons())
    assert len(replies) > 4
    for reply in replies:
        assert measure(reply.html) <= TELEGRAM_LIMIT
        parse(reply.html)
    assert replies[0].html.startswith(html.escape(answer.direct))


def test_every_passage_that_fits_is_quoted_whole_exactly_once() -> None:
    answer = long_answer()
    quoted = [q for r in answer_replies(answer, ItemButtons()) for q in parse(r.html).quoted]
    blocks = "\n".join(quoted).split("\n")
    for c in answer.citations:
        for p in c.passages:
            if len(p) < 4000:
                assert blocks.count(p) == 1, p[:40]


def test_an_over_long_passage_is_cut_at_spaces_with_the_mark_outside_the_quote() -> None:
    answer = long_answer()
    long_passage = answer.citations[3].passages[1]
    replies = [r.html for r in answer_replies(answer, ItemButtons())]
    pieces = [q for r in replies for q in parse(r).quoted for q in q.split("\n") if "đoạn401-" in q]
    assert len(pieces) >= 3  # 9,500 characters, about 13,000 once escaped
    assert " ".join(pieces) == long_passage
    for r in replies:
        for piece in pieces[:-1]:
            escaped = html.escape(piece)
            if escaped in r:
                assert re.search(re.escape(escaped) + r"</blockquote>\n" + re.escape(CONTINUED), r)
        assert CONTINUED not in "".join(parse(r).quoted)
    continued = [r for r in replies if r.startswith(f"{CONTINUED}\n<blockquote>")]
    assert len(continued) == len(pieces) - 1, "each later piece opens its message with the mark"


def test_each_source_with_an_item_gets_one_button_under_its_last_part() -> None:
    answer = long_answer()
    buttons = ItemButtons()
    replies = answer_replies(answer, buttons)
    placed = [(i, label, data) for i, r in enumerate(replies) for row in r.buttons for label, data in row]
    assert [label for _, label, _ in placed] == [
        f"Xem toàn văn mục II.{n} ({n}/KH-UBND)" for n in range(1, 5)
    ]  # the fifth source has no item: no button
    for _, _, data in placed:
        assert len(data.encode()) <= MAX_CALLBACK_BYTES
    last_message_of_source_4 = max(i for i, r in enumerate(replies) if "đoạn402-" in r.html)
    assert placed[3][0] == last_message_of_source_4
    assert buttons.decode(placed[0][2]) == ("1/KH-UBND", ["II", "1"])


def test_a_short_answer_is_one_message_with_everything_escaped() -> None:
    answer = Answer(
        question="q",
        found=True,
        intent="content",
        direct="",
        answer="",
        citations=[citation(7, ["Giao Sở <A> & B chủ trì."])],
    )
    (reply,) = answer_replies(answer, ItemButtons(), understood="Ai phối hợp <x>?")
    parsed = parse(reply.html)
    assert "Giao Sở <A> & B chủ trì." in parsed.quoted
    assert "Hiểu câu hỏi là: Ai phối hợp <x>?" in "".join(parsed.outside)
    assert (
        "<b>Nguồn: Kế hoạch số 7/KH-UBND ngày 23/04/2024 của Ủy ban nhân dân tỉnh Tuyên Quang — mục II.7</b>"
        in reply.html
    )


def test_not_found_answers_say_so_without_sources() -> None:
    answer = Answer(
        question="q",
        found=False,
        intent="content",
        direct="Không tìm thấy.",
        answer="Không tìm thấy.\nCác văn bản gần nhất có thể tham khảo:\n- Kế hoạch <số 1>",
    )
    (reply,) = answer_replies(answer, ItemButtons())
    assert reply.buttons == []
    assert "Kế hoạch &lt;số 1&gt;" in reply.html and "<blockquote>" not in reply.html


def test_an_item_is_shown_whole_under_its_heading() -> None:
    c = citation(3, [passage(1, 3000), passage(2, 3000)])
    replies = item_replies(c)
    assert len(replies) == 2
    assert replies[0].html.startswith(f"<b>{html.escape(c.heading)}</b>\n<blockquote>")
    assert parse(replies[1].html).quoted == [c.passages[1]]


def test_callback_data_falls_back_to_a_key_when_the_reference_is_long() -> None:
    buttons = ItemButtons(capacity=2)
    short = buttons.encode("55-CTr/TU", ["Phụ lục", "3"])
    assert short == "i|55-CTr/TU|Phụ lục|3" and buttons.decode(short) == ("55-CTr/TU", ["Phụ lục", "3"])
    long_ref = "Kết luận Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 10 khóa XVII"
    keyed = buttons.encode(long_ref, ["I", "1"])
    assert keyed.startswith("k|") and len(keyed.encode()) <= MAX_CALLBACK_BYTES
    assert buttons.decode(keyed) == (long_ref, ["I", "1"])
    buttons.encode("x" * 70, ["1"])
    buttons.encode("y" * 70, ["1"])
    assert buttons.decode(keyed) is None, "the oldest key is forgotten past capacity"
    assert buttons.decode("k|unknown") is None


@pytest.mark.parametrize(
    ("count", "page", "shown", "nav"),
    [
        (3, 0, 3, []),
        (20, 0, 8, ["Trang sau ›"]),
        (20, 2, 4, ["‹ Trang trước"]),
        (20, 1, 8, ["‹ Trang trước", "Trang sau ›"]),
    ],
)
def test_the_documents_list_is_paged(count: int, page: int, shown: int, nav: list[str]) -> None:
    docs = [
        Document(
            meta=DocumentMeta(
                id=f"{n}",
                number=f"{n}/KH-UBND",
                doc_type="Kế hoạch",
                date=dt.date(2024, 1, n % 28 + 1),
                issuer="UBND <tỉnh>",
                title=f"Trích yếu {n}",
            )
        )
        for n in range(1, count + 1)
    ]
    reply = documents_page(docs, page)
    assert reply.html.count("Kế hoạch số") == shown
    assert "UBND &lt;tỉnh&gt;" in reply.html
    labels = [label for row in reply.buttons for label, _ in row]
    assert labels == nav
    for row in reply.buttons:
        for _, data in row:
            assert parse_docs_page(data) in (page - 1, page + 1)
