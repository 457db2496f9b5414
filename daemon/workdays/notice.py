"""The State Council's holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知), as published.

Text in, a ``Schedule`` out, or a ``NoticeError`` that names the line it could not accept.
No I/O: the office pastes the notice and confirms what this module read from it.

The numbered lines are read clause by clause, in every phrasing the notices have used:

- ``1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。`` (and ``（星期一）``);
- ``5月1日放假，与周末连休。`` — the weekend itself is not a holiday, only joined to one;
- ``1月1日放假，1月2日（星期一）补休。``, ``1月1日（周三）放假1天，不调休。``, ``放假，共1天``;
- paired festivals ``中秋节、国庆节：…``, and ranges across the new year ``12月31日至1月2日``.

A date without a year is in the notice's year, except December in the 元旦 line, which
is the last days of the year before (the 2019 and 2023 notices); a range whose end comes
before its start runs into the next year. A stated day count (共N天, 放假N天) must match the
dates, and a stated weekday (周四, 星期一) must match its date: either mismatch means the
text was misread or mistyped, and importing it would misjudge every deadline near it.
Sentences without 放假, 补休 or 上班 (鼓励……安排职工在除夕（2月9日）休息) are advice, not days.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

FESTIVALS = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
NEW_YEAR = "元旦"
WEEKDAY_NAMES = "一二三四五六日"
MAX_CHARS = 50_000  # a notice is about 1,000 characters; a page pasted whole is still fine
MAX_SPAN_DAYS = 31
_CONTINUATION_LINES = 3  # a line wrapped when copied from a PDF

_NUMBERED = re.compile(r"^[一二三四五六七八九十]+\s*[、.]\s*")
_HEAD = re.compile(r"^(?P<names>[^:]{1,24}?)\s*:\s*(?P<body>.*)$")
_NAME_SPLIT = re.compile(r"\s*[、,和及与]\s*")
_YEAR = (
    re.compile(r"关于\s*(\d{4})\s*年\s*部分节假日安排"),
    re.compile(r"现将\s*(\d{4})\s*年\s*元旦"),
)
_DATE = re.compile(
    r"(?:(?P<y>\d{4})\s*年\s*)?(?:(?P<m>\d{1,2})\s*月\s*)?(?P<d>\d{1,2})\s*日(?:\s*\((?P<note>[^()]*)\))?"
)
_RANGE = re.compile(r"^\s*(?:至|到|-|—|–|~)\s*$")
_LIST = re.compile(r"^\s*[、,]?\s*$")
_NOTE_WEEKDAY = re.compile(r"(?:周|星期)([一二三四五六日天])")
_COUNT = re.compile(r"(?:共|放假)\s*(\d{1,2})\s*天")
_KEYWORDS = ("放假", "补休", "上班")


class NoticeError(ValueError):
    """The notice cannot be read as it stands; ``message`` is Chinese and names the line."""

    def __init__(self, problem: str, line: int | None = None, text: str = "") -> None:
        self.problem = problem
        self.line = line
        self.text = text
        shown = text if len(text) <= 40 else text[:39] + "…"
        self.message = f"第 {line} 行（{shown}）：{problem}" if line else problem
        super().__init__(self.message)


@dataclass(frozen=True)
class Festival:
    """One numbered line: its festivals, its days off and its make-up working days."""

    names: tuple[str, ...]
    holidays: tuple[date, ...]
    workdays: tuple[date, ...] = ()
    line: int = 0  # in the notice; 0 when not read from one

    @property
    def name(self) -> str:
        return "、".join(self.names)


@dataclass(frozen=True)
class Schedule:
    """A year's holidays and make-up working days, as one notice states them."""

    year: int
    festivals: tuple[Festival, ...]

    @property
    def holidays(self) -> frozenset[date]:
        return frozenset(d for f in self.festivals for d in f.holidays)

    @property
    def workdays(self) -> frozenset[date]:
        return frozenset(d for f in self.festivals for d in f.workdays)


def weekday_name(day: date) -> str:
    return WEEKDAY_NAMES[day.weekday()]


def parse_notice(text: str) -> Schedule:
    if len(text) > MAX_CHARS:
        raise NoticeError(f"文本过长（{len(text)} 字），请只粘贴通知全文")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    normal = [unicodedata.normalize("NFKC", line).strip() for line in lines]
    year = _notice_year("\n".join(normal))
    festivals: list[Festival] = []
    seen: dict[date, int] = {}
    index = 0
    while index < len(normal):
        head = _festival_head(normal[index], index + 1, lines[index].strip())
        if head is None:
            index += 1
            continue
        names, body = head
        start = index
        # a line wrapped by the copy: the continuation has no number of its own, and either
        # the line broke mid-sentence or the continuation names days (…上班。)
        while index + 1 < len(normal) and index - start < _CONTINUATION_LINES and _continues(
            body, normal[index + 1]
        ):
            index += 1
            body += normal[index]
        line = _Line(year, names, start + 1, lines[start].strip())
        festival = line.read(body)
        for day in (*festival.holidays, *festival.workdays):
            if day in seen:
                raise line.fail(f"{_show(day)}已在第 {seen[day]} 行出现过")
            seen[day] = festival.line
        festivals.append(festival)
        index += 1
    if not festivals:
        raise NoticeError("未找到放假安排：应有“一、元旦：1月1日……放假……”这样的各行")
    return Schedule(year, tuple(festivals))


def _continues(body: str, following: str) -> bool:
    # a numbered line is an item of its own; an unnumbered one only if it names a festival
    if not following or _NUMBERED.match(following) or _festival_head(following, 0, "") is not None:
        return False
    return not body.endswith("。") or any(k in following for k in _KEYWORDS)


def _notice_year(text: str) -> int:
    for pattern in _YEAR:
        found = pattern.search(text)
        if found:
            return int(found[1])
    raise NoticeError("未找到通知的年份：请连同标题“国务院办公厅关于2027年部分节假日安排的通知”一起粘贴")


def _festival_head(line: str, number: int, original: str) -> tuple[tuple[str, ...], str] | None:
    """(festival names, the rest) of a numbered line; None for any other line."""
    numbered = _NUMBERED.match(line)
    rest = line[numbered.end():] if numbered else line
    head = _HEAD.match(rest)
    if head is None:
        return None
    names = tuple(n for n in _NAME_SPLIT.split(head["names"].strip()) if n)
    if names and all(n in FESTIVALS for n in names):
        return names, head["body"].strip()
    if numbered and any(k in head["body"] for k in _KEYWORDS):
        raise NoticeError(f"无法识别的节日名称“{head['names']}”（应为{'、'.join(FESTIVALS)}）",
                          number, original)
    return None


def _clauses(sentence: str) -> list[str]:
    """The sentence cut at commas outside parentheses (（农历除夕、周二） stays whole)."""
    out, depth, current = [], 0, ""
    for char in sentence:
        depth += char == "("
        depth -= char == ")" and depth > 0
        if char in ",;" and depth == 0:
            out.append(current.strip())
            current = ""
        else:
            current += char
    out.append(current.strip())
    return [c for c in out if c]


@dataclass(frozen=True)
class _Line:
    """One festival line being read: where it is, for the errors that name it."""

    year: int
    names: tuple[str, ...]
    number: int
    original: str

    def fail(self, problem: str) -> NoticeError:
        return NoticeError(problem, self.number, self.original)

    def read(self, body: str) -> Festival:
        holidays: list[date] = []
        workdays: list[date] = []
        counts: list[int] = []
        for sentence in body.split("。"):
            if not any(k in sentence for k in _KEYWORDS):
                continue  # advice such as 鼓励……在除夕（2月9日）休息
            for clause in _clauses(sentence):
                days = self._dates(clause)
                counts.extend(int(found[1]) for found in _COUNT.finditer(clause))
                if "上班" in clause:
                    workdays.extend(days)
                elif "放假" in clause or "补休" in clause:
                    holidays.extend(days)
                elif days:
                    raise self.fail(f"无法识别“{clause}”：日期应写在“放假”“补休”或“上班”之前")
        if not holidays:
            raise self.fail("未找到放假日期")
        if len(set(holidays)) != len(holidays):
            raise self.fail("放假日期重复")
        both = sorted(set(holidays) & set(workdays))
        if both:
            raise self.fail(f"{_show(both[0])}既放假又上班")
        for stated in counts:
            if stated != len(holidays):
                raise self.fail(f"通知写明共 {stated} 天，但列出的放假日期是 {len(holidays)} 天"
                                f"（{_show(holidays[0])}至{_show(holidays[-1])}）")
        for day in workdays:
            if day.weekday() < 5:
                raise self.fail(f"{_show(day)}本是工作日，不是周末调休上班的日子")
        return Festival(self.names, tuple(holidays), tuple(workdays), self.number)

    def _dates(self, clause: str) -> list[date]:
        """Every day a clause names: single days, lists (、) and ranges (至)."""
        tokens = list(_DATE.finditer(clause))
        days: list[date] = []
        previous: date | None = None
        for position, token in enumerate(tokens):
            in_range = False
            if position:
                between = clause[tokens[position - 1].end():token.start()]
                in_range = bool(_RANGE.match(between))
                if not in_range and not _LIST.match(between):
                    raise self.fail(f"无法识别“{clause}”")
            day = self._resolve(token, previous, in_range)
            self._check_weekday(day, token["note"])
            if in_range:
                assert previous is not None
                if (day - previous).days > MAX_SPAN_DAYS:
                    raise self.fail(f"放假区间过长：{_show(previous)}至{_show(day)}")
                days.extend(previous + timedelta(days=n) for n in range(1, (day - previous).days + 1))
            else:
                days.append(day)
            previous = day
        return days

    def _resolve(self, token: re.Match[str], previous: date | None, in_range: bool) -> date:
        """The date a token means; a missing month is the previous date's (1月1日至3日)."""
        if token["m"] is None and previous is None:
            raise self.fail(f"“{token[0]}”缺少月份")
        month = int(token["m"]) if token["m"] else previous.month  # type: ignore[union-attr]
        day_of_month = int(token["d"])
        if token["y"]:
            year = int(token["y"])
        elif in_range and previous is not None:
            # a range's end in an earlier month is the next year's: 12月31日至1月2日
            year = previous.year + (month < previous.month)
        elif NEW_YEAR in self.names and month == 12:
            year = self.year - 1
        else:
            year = self.year
        try:
            day = date(year, month, day_of_month)
        except ValueError:
            raise self.fail(f"日期不存在：{month}月{day_of_month}日") from None
        if abs(day.year - self.year) > 1:
            raise self.fail(f"{_show(day)}不在 {self.year} 年的安排之内")
        if in_range and previous is not None and day <= previous:
            raise self.fail(f"区间的结束日期{_show(day)}不在开始日期{_show(previous)}之后")
        return day

    def _check_weekday(self, day: date, note: str | None) -> None:
        stated = _NOTE_WEEKDAY.search(note or "")
        if stated is None:
            return
        name = "日" if stated[1] == "天" else stated[1]
        if WEEKDAY_NAMES.index(name) != day.weekday():
            raise self.fail(f"{_show(day)}是星期{weekday_name(day)}，通知写的是星期{name}")


def _show(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
