"""Deadlines as printed ("Quý IV/2021", "trước ngày 15/9/2025", "Hằng năm") read into date ranges or recurring classes.

A deadline cell or phrase becomes a `Deadline`: the printed text, the first and last day of the range it means
(inclusive; either may be open: "trước ngày 15/9/2025" has no start, "từ năm 2022" no end), and a recurring class
for what has no date ("Thường xuyên", "Định kỳ", "Hằng năm", "Theo yêu cầu"). Several ranges in one cell
("Quý IV/2026, 2027") give their hull. The same grammar reads the periods users ask about ("2024-Q4", "tháng 11/2024",
"quý IV/2021"), so a question and a deadline always agree on what a quarter is.

Everything here is a pure function of its text: any text gives an answer, none raises.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from .vietnamese import DOC_NUMBER_RE, ascii_fold, format_date, nfc


class Recurrence(StrEnum):
    """A deadline without a date: how often, or on what, the task falls due."""

    ANNUAL = "annual"  # hằng năm, hàng năm, thường niên
    QUARTERLY = "quarterly"  # hằng quý
    MONTHLY = "monthly"  # hằng tháng
    PERIODIC = "periodic"  # định kỳ, theo nhiệm kỳ, theo giai đoạn
    CONTINUOUS = "continuous"  # thường xuyên, liên tục
    AS_REQUIRED = "as_required"  # theo yêu cầu, theo tiến độ, theo chỉ đạo ...


RECURRENCE_LABELS: dict[Recurrence, str] = {
    Recurrence.ANNUAL: "hằng năm",
    Recurrence.QUARTERLY: "hằng quý",
    Recurrence.MONTHLY: "hằng tháng",
    Recurrence.PERIODIC: "định kỳ",
    Recurrence.CONTINUOUS: "thường xuyên",
    Recurrence.AS_REQUIRED: "theo yêu cầu",
}


@dataclass(frozen=True)
class DateRange:
    """Both ends inclusive."""

    start: date
    end: date

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        """How a Vietnamese reader names it: "tháng 11/2024", "quý IV/2021", "năm 2022", else "01/10/2024–15/11/2024"."""
        s, e = self.start, self.end
        if s.day == 1 and e == month_range(e.year, e.month).end and (s.year, s.month) == (e.year, e.month):
            return f"tháng {s.month}/{s.year}"
        if s.year == e.year and s.day == 1 and e == month_range(e.year, e.month).end:
            if s.month == 1 and e.month == 12:
                return f"năm {s.year}"
            if s.month % 3 == 1 and e.month == s.month + 2:
                return f"quý {ROMAN[(s.month - 1) // 3 + 1]}/{s.year}"
            if e.month == s.month + 1:
                return f"tháng {s.month} và {e.month}/{s.year}"
        return f"{format_date(s)}–{format_date(e)}"


@dataclass(frozen=True)
class Deadline:
    printed: str  # as the document prints it
    start: date | None = None  # first day of the range it means; None: open (or no date at all)
    end: date | None = None  # last day; None: open (or no date)
    recurring: Recurrence | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    @property
    def resolved(self) -> bool:
        """Read into a range or a recurring class (the rest is kept as printed, for review)."""
        return self.dated or self.recurring is not None

    def due_within(self, period: DateRange) -> bool:
        """Falls due in the period: its last day lies in it."""
        return self.end is not None and period.contains(self.end)

    def due_before(self, day: date) -> bool:
        return self.end is not None and self.end <= day

    @property
    def normalised(self) -> str:
        """ "01/10/2021–31/12/2021", "đến 15/09/2025", "từ 01/01/2022", "thường xuyên", or "" when unread."""
        parts = []
        if self.start and self.end:
            parts.append(f"{format_date(self.start)}–{format_date(self.end)}")
        elif self.end:
            parts.append(f"đến {format_date(self.end)}")
        elif self.start:
            parts.append(f"từ {format_date(self.start)}")
        if self.recurring:
            parts.append(RECURRENCE_LABELS[self.recurring])
        return ", ".join(parts)


# ---------------------------------------------------------------- calendar helpers

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_QUARTER_NUMBER = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
MIN_YEAR, MAX_YEAR = 1900, 2100


def month_range(year: int, month: int) -> DateRange:
    return DateRange(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


def quarter_range(year: int, quarter: int) -> DateRange:
    first = 3 * (quarter - 1) + 1
    return DateRange(date(year, first, 1), month_range(year, first + 2).end)


def year_range(year: int) -> DateRange:
    return DateRange(date(year, 1, 1), date(year, 12, 31))


def quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


# ---------------------------------------------------------------- the grammar (on diacritic-free, lower-case text)

_Y = r"((?:19|20)\d\d)(?!\d)"
_LIST_SEP = r"\s*(?:,|;|-|–|va|hoac|den)\s*"
_QUARTER_WORD = r"(?:iv|iii|ii|i|[1-4])(?![a-z0-9])"
_MONTH_NUM = r"\d{1,2}(?!\d)"
_PARTS = {
    # "ngày 15 tháng 9 năm 2025"
    "date_words": rf"ngay\s+(\d{{1,2}})\s+thang\s+(\d{{1,2}})\s+nam\s+{_Y}",
    # "15/9/2025", "ngày 15-9-2025", "15.9.2025" (one separator throughout)
    "date_num": rf"(?:ngay\s+)?(?<![\d/.-])(\d{{1,2}})\s*(?P<sep>[/.-])\s*(\d{{1,2}})\s*(?P=sep)\s*{_Y}",
    # "6 tháng đầu năm 2024", "6 tháng cuối năm 2024", "9 tháng đầu năm 2024"
    "part_year": rf"(\d{{1,2}}|sau|chin|ba)\s+thang\s+(dau|cuoi)\s+(?:nam\s+)?{_Y}",
    # "quý IV/2021", "quý III, IV/2026", "quý II-III/2026", "quý I năm 2025"
    "quarter": rf"quy\s+({_QUARTER_WORD}(?:{_LIST_SEP}(?:quy\s+)?{_QUARTER_WORD})*)\s*(?:/|-|nam)\s*{_Y}",
    # "Q4/2024", "q4 2024"; "2024-Q4"
    "quarter_q": rf"(?<![a-z])q([1-4])\s*[/ -]?\s*{_Y}",
    "quarter_iso": rf"{_Y}\s*-?\s*q([1-4])(?![a-z0-9])",
    # "từ tháng 3 đến tháng 6/2024"
    "month_span": rf"(?:tu\s+)?thang\s+({_MONTH_NUM})\s*(?:den|-|–)\s*thang\s+({_MONTH_NUM})\s*(?:/|-|nam)\s*{_Y}",
    # "tháng 4/2021", "trong tháng 01/2026", "tháng 11, 12/2024", "tháng 6 năm 2021"
    "month": rf"thang\s+({_MONTH_NUM}(?:{_LIST_SEP}{_MONTH_NUM})*)\s*(?:/|-|nam)\s*{_Y}",
    # "2024-11"
    "month_iso": rf"(?<![\d/.-]){_Y}-(\d{{1,2}})(?![\d/.-])",
    # "2021-2025", "giai đoạn 2021 - 2025", "từ năm 2021 đến năm 2025"
    "years": rf"(?:tu\s+)?(?:nam\s+)?(?<![\d/.-]){_Y}\s*(?:-|–|—|den(?:\s+het)?(?:\s+nam)?)\s*{_Y}",
    # "11/2024" (a month: the full dates were tried first)
    "month_bare": rf"(?<![\d/.-])(\d{{1,2}})\s*/\s*{_Y}(?![\d/])",
    # "Năm 2022", "trong năm 2022", "2022"
    "year": rf"(?:nam\s+)?(?<![\d/.-]){_Y}(?![\d/])",
}
# What a word before a date or period does to it.
_QUALIFIER = r"truoc|cham nhat(?:\s+la)?|muon nhat|han chot(?:\s+la)?|khong qua|den het|den|toi|tu|bat dau tu|ke tu"
_PERIOD_RE = re.compile(
    rf"(?<![a-z0-9])(?:(?P<q>{_QUALIFIER})\s*:?\s+)?(?:"
    + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _PARTS.items())
    + r")"
)
_GROUP_OF = {name: _PERIOD_RE.groupindex[name] for name in _PARTS}
_WORD_NUMBERS = {"ba": 3, "sau": 6, "chin": 9}

# Most specific first: "Định kỳ hằng năm" is annual.
_RECURRENCES: tuple[tuple[Recurrence, re.Pattern[str]], ...] = (
    (Recurrence.ANNUAL, re.compile(r"(?<!\w)(?:hang nam|moi nam|thuong nien|dinh ky nam)(?!\w)")),
    (Recurrence.QUARTERLY, re.compile(r"(?<!\w)(?:hang quy|moi quy|dinh ky quy|theo quy)(?!\w)")),
    (Recurrence.MONTHLY, re.compile(r"(?<!\w)(?:hang thang|moi thang|dinh ky thang|theo thang)(?!\w)")),
    (
        Recurrence.PERIODIC,
        re.compile(
            r"(?<!\w)(?:dinh ky|theo (?:tung )?nhiem ky|theo (?:tung )?giai doan|theo (?:tung )?dot|hang tuan|moi tuan"
            r"|hang ky|theo ky)(?!\w)"
        ),
    ),
    (
        Recurrence.CONTINUOUS,
        re.compile(
            r"(?<!\w)(?:thuong xuyen|lien tuc|hang ngay|moi ngay|ca nhiem ky|trong nhiem ky|suot nhiem ky)(?!\w)"
        ),
    ),
    (
        Recurrence.AS_REQUIRED,
        re.compile(
            r"(?<!\w)(?:theo \w+|khi co yeu cau|khi can(?: thiet)?|kip thoi|ngay sau khi|sau khi|khi phat sinh)(?!\w)"
        ),
    ),
)
# "theo Kế hoạch số 12/KH-UBND ngày 03/5/2024": the date of a cited document is no deadline
_CITED_DATE = re.compile(r"\s*,?\s*(?:ban hành\s+)?ngày\s+\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}", re.IGNORECASE)


@dataclass(frozen=True)
class PeriodSpan:
    """A date or period found in folded text, where it stands, and the days it means (open ends as None)."""

    begin: int
    end: int
    first: date | None
    last: date | None
    ranged: bool  # written as a range ("2021-2025", "quý II-III"): its own ends, whatever word precedes


def find_periods(folded: str) -> list[PeriodSpan]:
    """Every date or period in diacritic-free lower-case text (``ascii_fold``), left to right."""
    found = []
    for m in _PERIOD_RE.finditer(folded):
        read = _read(m)
        if read is None:
            continue
        span, ranged = read
        first, last = _qualify(m.group("q"), span, ranged, m.lastgroup or "")
        found.append(PeriodSpan(m.start(), m.end(), first, last, ranged))
    return found


def parse_deadline(printed: str | None) -> Deadline | None:
    """A deadline as printed → its range and recurring class; None for no deadline at all."""
    if printed is None or not printed.strip():
        return None
    printed = re.sub(r"\s+", " ", printed).strip()
    folded = ascii_fold(_without_cited_documents(printed))
    spans = find_periods(folded)
    firsts = [s.first for s in spans if s.first is not None]
    lasts = [s.last for s in spans if s.last is not None]
    start = min(firsts) if firsts else None
    end = max(lasts) if lasts else None
    if start is not None and end is not None and start > end:
        start = None  # "từ 2026 ... trước 2025": only the deadline is kept
    return Deadline(printed, start, end, recurrence(folded))


def parse_period(text: str) -> DateRange | None:
    """A period a user names ("2024-Q4", "quý IV/2021", "tháng 11/2024", "11/2024", "2024", "2021-2025") as days.

    Only a closed period: "trước 2025" or "thường xuyên" is not one."""
    folded = ascii_fold(text).strip(" .,;?")
    folded = re.sub(r"^(?:trong|vao|cua|thuoc)\s+", "", folded)
    spans = find_periods(folded)
    if len(spans) != 1 or spans[0].first is None or spans[0].last is None:
        return None
    rest = (folded[: spans[0].begin] + folded[spans[0].end :]).strip(" ,.;")
    if rest and rest not in ("giai doan", "nhiem ky"):
        return None
    return DateRange(spans[0].first, spans[0].last)


def recurrence(folded: str) -> Recurrence | None:
    for kind, pattern in _RECURRENCES:
        if pattern.search(folded):
            return kind
    return None


# ---------------------------------------------------------------- reading one match


def _read(m: re.Match[str]) -> tuple[DateRange, bool] | None:
    """The days a match means, and whether it was written as a range; None when the numbers are no date."""
    kind = m.lastgroup
    g = m.group
    try:
        if kind == "date_words":
            i = _GROUP_OF[kind]
            return _day(int(g(i + 1)), int(g(i + 2)), int(g(i + 3))), False
        if kind == "date_num":
            i = _GROUP_OF[kind]
            return _day(int(g(i + 1)), int(g(i + 3)), int(g(i + 4))), False
        if kind == "part_year":
            i = _GROUP_OF[kind]
            months = _WORD_NUMBERS.get(g(i + 1)) or int(g(i + 1))
            year = _year(g(i + 3))
            if not 1 <= months <= 12:
                return None
            if g(i + 2) == "dau":
                return DateRange(date(year, 1, 1), month_range(year, months).end), True
            return DateRange(date(year, 13 - months, 1), date(year, 12, 31)), True
        if kind == "quarter":
            i = _GROUP_OF[kind]
            quarters = [_QUARTER_NUMBER[q] for q in re.findall(_QUARTER_WORD, g(i + 1))]
            year = _year(g(i + 2))
            return DateRange(quarter_range(year, min(quarters)).start, quarter_range(year, max(quarters)).end), len(
                set(quarters)
            ) > 1
        if kind in ("quarter_q", "quarter_iso"):
            i = _GROUP_OF[kind]
            quarter, year = (g(i + 1), g(i + 2)) if kind == "quarter_q" else (g(i + 2), g(i + 1))
            return quarter_range(_year(year), int(quarter)), False
        if kind == "month_span":
            i = _GROUP_OF[kind]
            year = _year(g(i + 3))
            first, last = sorted((int(g(i + 1)), int(g(i + 2))))
            return DateRange(month_range(year, first).start, month_range(year, last).end), True
        if kind == "month":
            i = _GROUP_OF[kind]
            months = [int(x) for x in re.findall(r"\d{1,2}", g(i + 1))]
            year = _year(g(i + 2))
            return DateRange(month_range(year, min(months)).start, month_range(year, max(months)).end), len(
                set(months)
            ) > 1
        if kind == "month_iso":
            i = _GROUP_OF[kind]
            return month_range(_year(g(i + 1)), int(g(i + 2))), False
        if kind == "month_bare":
            i = _GROUP_OF[kind]
            return month_range(_year(g(i + 2)), int(g(i + 1))), False
        if kind == "years":
            i = _GROUP_OF[kind]
            first, last = sorted((_year(g(i + 1)), _year(g(i + 2))))
            return DateRange(date(first, 1, 1), date(last, 12, 31)), True
        if kind == "year":
            return year_range(_year(g(_GROUP_OF[kind] + 1))), False
    except ValueError:  # 31/2, month 13, a year out of range: not a date
        return None
    return None


def _qualify(qualifier: str | None, span: DateRange, ranged: bool, kind: str) -> tuple[date | None, date | None]:
    """What "trước", "chậm nhất", "đến", "từ" make of a date or period; a range keeps its own ends."""
    if not qualifier or ranged:
        return span.start, span.end
    q = re.sub(r"\s+", " ", qualifier)
    if q in ("tu", "bat dau tu", "ke tu"):
        return span.start, None
    if q == "truoc" or q == "khong qua":
        # "trước ngày 15/9" is the 15th itself (the deadline); "trước năm 2025" ends with 2024
        if kind.startswith("date"):
            return None, span.end
        return None, span.start - timedelta(days=1)
    return None, span.end  # chậm nhất, muộn nhất, hạn chót, đến, đến hết, tới


def _day(day: int, month: int, year: int) -> DateRange:
    value = date(_year(str(year)), month, day)
    return DateRange(value, value)


def _year(text: str) -> int:
    year = int(text)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year {year} out of range")
    return year


def _without_cited_documents(text: str) -> str:
    """Drop document numbers and the date right after them: in "theo Kế hoạch số 12/KH-UBND ngày 03/5/2024"
    the date is the cited document's, not the task's."""
    text = nfc(text)
    out = []
    position = 0
    for m in DOC_NUMBER_RE.finditer(text):
        out.append(text[position : m.start()])
        position = m.end()
        cited = _CITED_DATE.match(text, position)
        if cited:
            position = cited.end()
        out.append(" ")
    out.append(text[position:])
    return "".join(out)
