"""What a model's own words claim about agencies and dates, read so that the grounding check can compare
them with the passages. Pure functions, no I/O.

Agencies are found by the head words official names start with (``AGENCY_HEADS``): a capitalised head
("Sở", "Ủy ban", "Đảng đoàn", "UBND"...) and the name that follows it, as Vietnamese writes names:
capitalised words, each with its lower-case syllables ("Sở Ngoại vụ", "Sở Văn hóa, Thể thao và Du lịch"),
and the territorial words that belong to the name ("Ủy ban nhân dân huyện Na Hang"). A name ends at
punctuation that closes a phrase, at a role or task verb ("chủ trì", "tham mưu"), or at the next agency of
a list. Names are compared after :func:`retrieval.vietnamese.fold` with abbreviations written out on both
sides, so "HĐND tỉnh" and "Hội đồng nhân dân tỉnh" are one name.

The role the text gives an agency is read from where it stands against "chủ trì" and "phối hợp":
"X chủ trì", "X là cơ quan chủ trì", "giao X chủ trì", "do X chủ trì", "Chủ trì: X", "cơ quan chủ trì
là X" make X the lead; "phối hợp với X", "Phối hợp: X", "X phối hợp" make X cooperating. Anything else
only names X. Reading more claims than the writer meant is safe: each claim must hold in the passage, and
an answer that fails falls back to the extractive one.

Dates are read whole ("ngày 30 tháng 6 năm 2024", "30/6/2024", "tháng 9/2024", "quý III năm 2024",
"quý III", "tháng 9") so that a quarter or a day cannot be changed while its year stays right.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from .agencies import TASK_VERBS
from .vietnamese import PROVINCES, ascii_fold, expand_abbreviations, fold, nfc

# ---------------------------------------------------------------- vocabulary (one place)

# Head words an agency name starts with, as written (capitalised). Those in HEADS_NEEDING_A_NAME are
# ordinary words too ("Hội nghị", "Báo cáo", "Phòng, chống", "Trường hợp", "Ban hành", "Thanh tra việc"):
# they head a name only when a name word follows ("Hội Nông dân", "Báo Tuyên Quang", "Thanh tra tỉnh").
AGENCY_HEADS: tuple[str, ...] = (
    "Ban cán sự đảng", "Ban Chấp hành", "Ban Thường vụ", "Ban Chỉ đạo", "Bộ Chỉ huy", "Viện kiểm sát",
    "Đoàn đại biểu", "Bảo hiểm xã hội", "Ủy ban", "Hội đồng", "Đảng đoàn", "Đảng ủy", "Tỉnh ủy", "Huyện ủy",
    "Thành ủy", "Thị ủy", "Tỉnh đoàn", "Công an", "Văn phòng", "Kho bạc", "Mặt trận", "Liên đoàn",
    "Liên minh", "Hiệp hội", "Ngân hàng", "Chi cục", "Tòa án", "Trung tâm", "Thanh tra", "Thường trực",
    "Sở", "Ban", "Bộ", "Cục", "Phòng", "Hội", "Trường", "Viện", "Báo", "Đài", "Đoàn",
    "UBND", "HĐND", "HDND", "UBMTTQ", "MTTQ", "BTV", "BCH", "BCS", "BCĐ", "LĐLĐ", "VPTU",
)  # fmt: skip
HEADS_NEEDING_A_NAME: frozenset[str] = frozenset(
    {"Sở", "Ban", "Bộ", "Cục", "Phòng", "Hội", "Trường", "Viện", "Báo", "Đài", "Đoàn", "Trung tâm",
     "Thanh tra", "Thường trực"}
)  # fmt: skip
# Lower-case words that belong to a name: its level and territory ("Ủy ban nhân dân tỉnh", "Đảng ủy khối").
NAME_WORDS: tuple[tuple[str, ...], ...] = (
    ("thành", "phố"), ("thị", "xã"), ("thị", "trấn"), ("trung", "ương"), ("nhân", "dân"), ("nhà", "nước"),
    ("cán", "sự"), ("cấp", "tỉnh"), ("cấp", "huyện"), ("tỉnh",), ("huyện",), ("xã",), ("phường",),
    ("quận",), ("khối",), ("đảng",),
)  # fmt: skip
# Lower-case syllables that end a name: roles, auxiliaries, prepositions, the start of what the agency does.
NAME_ENDS: frozenset[str] = frozenset(
    {
        "chủ", "phối", "là", "làm", "được", "bị", "có", "không", "chưa", "đã", "đang", "sẽ", "cần", "phải",
        "nên", "giao", "giữ", "chịu", "phụ", "đảm", "cùng", "với", "các", "những", "mọi", "tất", "toàn", "của",
        "cho", "về", "theo", "tại", "trong", "để", "nhằm", "việc", "nội", "nhiệm", "trước", "sau", "khi", "từ",
        "đến", "ngày", "năm", "tháng", "quý", "thời", "hoàn", "tham", "thực", "trình", "bảo", "cũng", "vẫn",
        "đều", "chỉ", "này", "đó", "đây", "ấy", "thì", "mà", "nếu", "hoặc", "hay", "như", "vì", "do", "bởi",
        "rằng", "và", "gồm", "đứng",
    }
)  # fmt: skip
# Words that may stand between an agency and the role word it is the subject of ("X là cơ quan chủ trì").
_SUBJECT_FILLER = frozenset(
    {
        "và", "cùng", "là", "làm", "được", "giao", "phân", "công", "sẽ", "cần", "phải", "giữ", "vai", "trò",
        "đảm", "nhận", "nhiệm", "cơ", "quan", "đơn", "vị", "đều", "cũng", "tham", "gia", "đứng", "ra", "chính",
    }
)  # fmt: skip
# Words that may stand between a role used as a label and the agencies it names ("Phối hợp: X", "phối hợp với X").
_LABEL_FILLER = frozenset(
    {
        "là", "với", "chặt", "chẽ", "cùng", "và", "gồm", "có", "cơ", "quan", "đơn", "vị",
    }
)  # fmt: skip

_TOKEN_RE = re.compile(r"[\w&]+(?:-[\w&]+)*")
_WORD_RE = re.compile(r"\w+")
_HARD_STOPS = frozenset('.!?;:()[]{}«»"“”/\n')
_LEAD_RE = re.compile(r"(?<!\w)chủ trì(?!\w)", re.IGNORECASE)
_COOP_RE = re.compile(r"(?<!\w)phối hợp(?!\w)", re.IGNORECASE)
# After these a place name follows, every syllable capitalised ("huyện Na Hang"): nothing lower-case after it.
_PLACE_WORDS = frozenset({("tỉnh",), ("huyện",), ("xã",), ("phường",), ("quận",), ("thành", "phố"), ("thị", "xã"),
                          ("thị", "trấn")})  # fmt: skip
_MAX_LOWER_SYLLABLES = 3  # "Phát triển nông thôn": lower-case syllables after one capitalised word


class Role(StrEnum):
    LEAD = "lead"
    COOPERATING = "cooperating"


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    folded: str  # fold(text), computed once: every head and name word is compared by it

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


@dataclass(frozen=True)
class Mention:
    """An agency named in the text: where, as written, and the word forms it may be compared by."""

    start: int
    end: int
    text: str
    forms: tuple[tuple[str, ...], ...]  # the name's words (folded, abbreviations written out), then shorter readings
    province: tuple[str, ...] = ()  # a trailing province name ("... tỉnh Tuyên Quang"), which may be left out
    before: tuple[str, ...] = ()  # the words just before it in its phrase, which may complete a longer name

    def stands_in(self, material: Sequence[str]) -> bool:
        """The name appears, word for word, in the material's words."""
        return any(_contains(material, form) for form in self._forms_given(material))

    def is_one_of(self, names: Iterable[str], material: Sequence[str] = ()) -> bool:
        """The name is one of ``names``, written out or abbreviated, whole or with its tail left out
        ("Ủy ban nhân dân tỉnh" for "Ủy ban nhân dân tỉnh Tuyên Quang")."""
        forms = self._forms_given(material)
        for name in names:
            words = agency_words(name)
            for form in forms:
                starts = [p for p in range(len(words) - len(form) + 1) if words[p : p + len(form)] == form]
                # "Ban xây dựng đảng Đảng ủy": written whole, read as "Đảng ủy" (its head word starts lower-case)
                if any(p == 0 or self.before[-p:] == words[:p] for p in starts):
                    return True
        return False

    def _forms_given(self, material: Sequence[str]) -> tuple[tuple[str, ...], ...]:
        if not self.province or not _contains(material, self.province):
            return self.forms
        cut = len(self.province)
        return self.forms + tuple(f[:-cut] for f in self.forms if len(f) > cut and f[-cut:] == self.province)


@dataclass(frozen=True)
class AgencyClaim:
    mention: Mention
    roles: frozenset[Role]


@dataclass(frozen=True)
class DateClaim:
    """A date as written, to the precision it was written with (unset parts are None)."""

    start: int
    end: int
    text: str
    year: int | None = None
    quarter: int | None = None
    month: int | None = None
    day: int | None = None

    def fits(self, other: DateClaim) -> bool:
        """Every part this date states, the other states the same (a month implies its quarter)."""
        mine = (self.year, self.quarter, self.month, self.day)
        theirs = (other.year, other.quarter or _quarter(other.month), other.month, other.day)
        return all(a is None or a == b for a, b in zip(mine, theirs, strict=True))


# ---------------------------------------------------------------- agencies


def agency_words(text: str) -> tuple[str, ...]:
    """The comparable words of a name or a passage: folded, abbreviations written out, punctuation dropped."""
    return tuple(_WORD_RE.findall(fold(expand_abbreviations(text))))


def find_mentions(text: str) -> list[Mention]:
    """Every agency the text names, left to right; a name inside another ("Văn phòng Tỉnh ủy") is one name."""
    tokens = _tokens(text)
    mentions: list[Mention] = []
    i = 0
    while i < len(tokens):
        head = _head_at(tokens, i, text)
        if head is None:
            i += 1
            continue
        end, droppable = _name_end(tokens, i + head, text)
        mentions.append(_mention(text, tokens[i:end], [False] * head + droppable, _before(tokens, i, text)))
        i = end
    return mentions


def read_claims(text: str) -> list[AgencyClaim]:
    """Each agency the text names, with the roles the text gives it. ``text`` should have quotes blanked
    with a character in ``_HARD_STOPS`` (the model's own words only)."""
    mentions = find_mentions(text)
    leads = [(m.start(), m.end()) for m in _LEAD_RE.finditer(text)]
    coops = [(m.start(), m.end()) for m in _COOP_RE.finditer(text)]
    claims = []
    for mention in mentions:
        others = [m for m in mentions if m is not mention]
        roles: set[Role] = set()
        if _subject_of(mention, leads, text, others) or _named_by(mention, leads, text, others, ("là",)):
            roles.add(Role.LEAD)
        if _subject_of(mention, coops, text, others) or _named_by(mention, coops, text, others, ("là", "với")):
            roles.add(Role.COOPERATING)
        claims.append(AgencyClaim(mention, frozenset(roles)))
    return claims


def _subject_of(mention: Mention, keywords: list[tuple[int, int]], text: str, others: list[Mention]) -> bool:
    """ "X chủ trì", "X và Y cùng chủ trì", "X là cơ quan chủ trì": the next role word, with only
    fillers and other agencies between."""
    after = [k for k in keywords if k[0] >= mention.end]
    if not after:
        return False
    gap = _without(text, mention.end, after[0][0], others)
    return _only(gap, _SUBJECT_FILLER, punctuation=",")


def _named_by(
    mention: Mention, keywords: list[tuple[int, int]], text: str, others: list[Mention], links: tuple[str, ...]
) -> bool:
    """ "Chủ trì: X", "chủ trì là X", "phối hợp với X, Y": the role word used as a label, then the agencies."""
    before = [k for k in keywords if k[1] <= mention.start]
    if not before:
        return False
    gap = _without(text, before[-1][1], mention.start, others)
    said = ":" in gap or any(word in links for word in _WORD_RE.findall(fold(gap)))
    return said and _only(gap, _LABEL_FILLER, punctuation=",:")


def _without(text: str, start: int, end: int, others: list[Mention]) -> str:
    """The text between two positions with the other agencies in it blanked out."""
    chars = list(text[start:end])
    for other in others:
        for p in range(max(other.start, start), min(other.end, end)):
            chars[p - start] = " "
    return "".join(chars)


def _only(gap: str, fillers: frozenset[str], punctuation: str) -> bool:
    if any(not (c.isspace() or c.isalnum() or c in punctuation or c in "-–") for c in gap):
        return False
    return all(word in fillers for word in _WORD_RE.findall(fold(gap)))


def _tokens(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group(0), _fold_word(m.group(0))) for m in _TOKEN_RE.finditer(nfc(text))]


_fold_word = lru_cache(maxsize=8192)(fold)  # words repeat; folding is the costly part of reading a text


_HEADS: dict[str, list[tuple[tuple[str, ...], str]]] = {}  # by first word, longest first
for _head in sorted(AGENCY_HEADS, key=lambda h: len(h.split()), reverse=True):
    _words = tuple(_WORD_RE.findall(fold(_head)))
    _HEADS.setdefault(_words[0], []).append((_words, _head))


def _head_at(tokens: list[Token], i: int, text: str) -> int | None:
    """How many tokens from ``i`` are an agency head, or None when no name starts there."""
    first = tokens[i]
    if not first.capitalised:
        return None
    for words, head in _HEADS.get(first.folded, ()):
        n = len(words)
        piece = tokens[i : i + n]
        if len(piece) < n or tuple(t.folded for t in piece) != words:
            continue
        if any(_hard_stop(_gap(text, a, b)) for a, b in itertools.pairwise(piece)):
            continue
        if head.isupper() and first.text != head:
            continue  # "Bch" is not BCH
        if head in HEADS_NEEDING_A_NAME:
            following = i + n
            if following >= len(tokens):
                continue
            gap = _gap(text, tokens[following - 1], tokens[following])
            if _hard_stop(gap) or "," in gap or not _name_like(tokens, following):
                continue
        return n
    return None


def _name_end(tokens: list[Token], j: int, text: str) -> tuple[int, list[bool]]:
    """Where the name that starts before ``j`` ends; for each token taken, whether a comparison may drop it
    (lower-case syllables past the first after a capitalised word: "Sở Tài chính bảo đảm")."""
    droppable: list[bool] = []
    lower_run = -1  # syllables since the last capitalised word; -1: none yet (after the head)
    place = False  # in a place name
    while j < len(tokens):
        gap = _gap(text, tokens[j - 1], tokens[j])
        token = tokens[j]
        if _hard_stop(gap) or ("," in gap and not (token.capitalised and _head_at(tokens, j, text) is None)):
            break
        if token.capitalised:
            j, lower_run = j + 1, 0
            droppable.append(False)
            continue
        span = _name_word(tokens, j)
        if span:
            place = tuple(t.folded for t in tokens[j : j + span]) in _PLACE_WORDS
            j, lower_run = j + span, -1
            droppable.extend([False] * span)
            continue
        if token.folded == "và" and j + 1 < len(tokens):
            following = tokens[j + 1]
            linked = not _hard_stop(_gap(text, token, following)) and "," not in _gap(text, token, following)
            if linked and following.capitalised and _head_at(tokens, j + 1, text) is None:
                j += 1  # "Thông tin và Truyền thông": one name
                droppable.append(False)
                continue
            break
        if not place and 0 <= lower_run < _MAX_LOWER_SYLLABLES and not _ends_name(tokens, j):
            droppable.append(lower_run >= 1)
            j, lower_run = j + 1, lower_run + 1
            continue
        break
    return j, droppable


def _before(tokens: list[Token], i: int, text: str, limit: int = 8) -> tuple[str, ...]:
    """The words of up to ``limit`` tokens before ``i``, in the same phrase."""
    first = i
    while first > 0 and i - first < limit and not _hard_stop(_gap(text, tokens[first - 1], tokens[first])):
        first -= 1
    return tuple(w for t in tokens[first:i] for w in agency_words(t.text))


def _mention(text: str, tokens: list[Token], droppable: list[bool], before: tuple[str, ...]) -> Mention:
    words: list[str] = []
    drop: list[bool] = []
    for token, may_drop in zip(tokens, droppable, strict=True):
        expanded = agency_words(token.text)
        words.extend(expanded)
        drop.extend([may_drop] * len(expanded))
    forms = [tuple(words)]
    while drop and drop[-1]:
        drop.pop()
        words.pop()
        forms.append(tuple(words))
    start, end = tokens[0].start, tokens[-1].end
    return Mention(start, end, text[start:end], tuple(forms), _trailing_province(forms[0]), before)


_PROVINCE_WORDS = sorted((agency_words(p) for p in PROVINCES), key=len, reverse=True)


def _trailing_province(words: tuple[str, ...]) -> tuple[str, ...]:
    return next((p for p in _PROVINCE_WORDS if len(words) > len(p) and words[-len(p) :] == p), ())


def _name_like(tokens: list[Token], j: int) -> bool:
    return tokens[j].capitalised or bool(_name_word(tokens, j))


def _name_word(tokens: list[Token], j: int) -> int:
    """How many tokens from ``j`` are a lower-case word of a name ("nhân dân", "tỉnh"), 0 if none."""
    for words in NAME_WORDS:
        piece = tokens[j : j + len(words)]
        lower = len(piece) == len(words) and all(not t.capitalised for t in piece)
        if lower and tuple(t.folded for t in piece) == words:
            return len(words)
    return 0


def _ends_name(tokens: list[Token], j: int) -> bool:
    if tokens[j].folded in NAME_ENDS:
        return True
    ahead = " ".join(ascii_fold(t.text) for t in tokens[j : j + 3])
    return any(ahead == verb or ahead.startswith(f"{verb} ") for verb in TASK_VERBS)


def _gap(text: str, left: Token, right: Token) -> str:
    return text[left.end : right.start]


def _hard_stop(gap: str) -> bool:
    return any(c in _HARD_STOPS for c in gap)


def _contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    n = len(needle)
    if not n:
        return False
    first = needle[0]
    return any(
        haystack[i] == first and tuple(haystack[i : i + n]) == tuple(needle) for i in range(len(haystack) - n + 1)
    )


# ---------------------------------------------------------------- dates

_ROMAN_QUARTERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_QUARTER = r"(?P<q>IV|I{1,3}|[1-4])"
_DATE_PATTERNS = (
    re.compile(r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})", re.IGNORECASE),
    re.compile(r"(?<![\d/.-])(?P<d>\d{1,2})([/.-])(?P<m>\d{1,2})\2(?P<y>\d{4})(?![\d/])"),
    re.compile(r"tháng\s+(?P<m>\d{1,2})\s*(?:/|-|năm)\s*(?P<y>\d{4})(?!\d)", re.IGNORECASE),
    re.compile(rf"quý\s+{_QUARTER}\s*(?:/|-|năm)\s*(?P<y>\d{{4}})(?!\d)", re.IGNORECASE),
    re.compile(rf"quý\s+{_QUARTER}(?![\w/])", re.IGNORECASE),
    re.compile(r"tháng\s+(?P<m>\d{1,2})(?![\d/])", re.IGNORECASE),
)


def find_dates(text: str) -> list[DateClaim]:
    """Dates as written, the most precise reading of each stretch of text first, none counted twice."""
    text = nfc(text)
    taken = [False] * len(text)
    found: list[DateClaim] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(taken[m.start() : m.end()]):
                continue
            claim = _date(m)
            if claim is None:
                continue
            found.append(claim)
            taken[m.start() : m.end()] = [True] * (m.end() - m.start())
    return sorted(found, key=lambda d: d.start)


def _date(m: re.Match[str]) -> DateClaim | None:
    parts = m.groupdict()
    day = int(parts["d"]) if parts.get("d") else None
    month = int(parts["m"]) if parts.get("m") else None
    year = int(parts["y"]) if parts.get("y") else None
    quarter = None
    if parts.get("q"):
        q = parts["q"]
        quarter = int(q) if q.isdigit() else _ROMAN_QUARTERS[q.lower()]
    if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
        return None
    return DateClaim(m.start(), m.end(), m.group(0), year, quarter, month, day)


def _quarter(month: int | None) -> int | None:
    return (month - 1) // 3 + 1 if month else None
