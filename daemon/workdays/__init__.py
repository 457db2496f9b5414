"""Chinese statutory working days and deadline arithmetic (RULES.md, 时限).

Three sources, the first that describes a day wins:

1. the config's ``[calendar]`` days: the office's own corrections;
2. the State Council notices the office imported (``govinfo calendar import``, tables
   ``calendar_years``/``calendar_days``): a year published after chinesecalendar's release;
3. chinesecalendar, for the years it knows.

A computation that needs a day no source describes raises CalendarUnknown: a guessed
deadline would silently misjudge a unit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import chinese_calendar
from chinese_calendar.constants import Holiday
from chinese_calendar.constants import holidays as package_holidays
from chinese_calendar.constants import workdays as package_workdays
from sqlalchemy import select
from sqlalchemy.orm import Session

from daemon.config import Settings, WorkdaySettings
from daemon.models import CalendarDay, CalendarYear
from daemon.workdays.notice import NEW_YEAR, Festival, Schedule

IMPORT_HINT = "请先执行 govinfo calendar import 通知全文.txt"
PACKAGE_NAMES = {
    Holiday.new_years_day.value: NEW_YEAR,
    Holiday.spring_festival.value: "春节",
    Holiday.tomb_sweeping_day.value: "清明节",
    Holiday.labour_day.value: "劳动节",
    Holiday.dragon_boat_festival.value: "端午节",
    Holiday.mid_autumn_festival.value: "中秋节",
    Holiday.national_day.value: "国庆节",
    Holiday.anti_fascist_70th_day.value: "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

PACKAGE_LAST_YEAR = max(package_holidays).year


class CalendarUnknown(Exception):
    """No source describes the working days of ``year``; the message is Chinese."""

    def __init__(self, year: int) -> None:
        super().__init__(missing_year_message(year))
        self.year = year


def missing_year_message(year: int) -> str:
    return f"工作日历缺少 {year} 年的节假日安排：{IMPORT_HINT}"


@dataclass(frozen=True)
class ImportedDays:
    """What the imported notices say: the years they describe whole, and their days."""

    years: frozenset[int] = frozenset()
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()


class WorkCalendar:
    def __init__(self, settings: WorkdaySettings, imported: ImportedDays | None = None) -> None:
        imported = imported or ImportedDays()
        self._workdays = frozenset(settings.workdays)
        self._holidays = frozenset(settings.holidays)
        self._imported_workdays = imported.workdays
        self._imported_holidays = imported.holidays
        self._known_years = frozenset(settings.known_years) | imported.years

    def covers(self, day: date) -> bool:
        if day.year in self._known_years:
            return True
        try:
            chinese_calendar.is_workday(day)
        except NotImplementedError:
            return False
        return True

    def is_workday(self, day: date) -> bool:
        # The config's explicit days win: they are the office's correction of the others.
        if day in self._workdays:
            return True
        if day in self._holidays:
            return False
        if day in self._imported_workdays:
            return True
        if day in self._imported_holidays:
            return False
        if day.year in self._known_years:
            return day.weekday() < 5
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError as exc:
            raise CalendarUnknown(day.year) from exc

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after ``start``; n = 0 is ``start`` itself."""
        if n < 0:
            raise ValueError("n must not be negative")
        day = start
        while n:
            day += timedelta(days=1)
            if self.is_workday(day):
                n -= 1
        return day

    def uncovered_within(self, today: date, days: int) -> date | None:
        """The first day from today through today + days that no source describes."""
        for offset in range(days + 1):
            day = today + timedelta(days=offset)
            if not self.covers(day):
                return day
        return None

    @staticmethod
    def deadline_end(day: date, tz: tzinfo | str) -> datetime:
        """24:00 of ``day`` in ``tz``, i.e. 00:00 of the next day, timezone-aware."""
        zone = ZoneInfo(tz) if isinstance(tz, str) else tz
        return datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)


deadline_end = WorkCalendar.deadline_end


def load_calendar(session: Session, settings: Settings) -> WorkCalendar:
    """The calendar with every imported notice; a day two notices name goes to the later one."""
    kinds: dict[date, str] = {}
    for day, kind in session.execute(
        select(CalendarDay.day, CalendarDay.kind).order_by(CalendarDay.year)
    ):
        kinds[day] = kind
    years = frozenset(session.scalars(select(CalendarYear.year)))
    imported = ImportedDays(
        years=years,
        holidays=frozenset(d for d, k in kinds.items() if k == "holiday"),
        workdays=frozenset(d for d, k in kinds.items() if k == "workday"),
    )
    return WorkCalendar(settings.calendar, imported)


def _notice_year(day: date, festival: str) -> int:
    """The notice that announces a day: late December's 元旦 days are the next year's."""
    return day.year + 1 if festival == NEW_YEAR and day.month == 12 else day.year


def package_schedule(year: int) -> Schedule | None:
    """chinesecalendar's days of ``year`` as its notice groups them; None if it lacks the year.

    A run of consecutive holidays is one line of the notice; a run with two festivals is a
    paired line (中秋节、国庆节), whose make-up working days are those of either festival.
    """
    days = sorted(
        (day, PACKAGE_NAMES[value]) for day, value in package_holidays.items()
        if _notice_year(day, PACKAGE_NAMES[value]) == year
    )
    if not days:
        return None
    runs: list[list[tuple[date, str]]] = []
    for day, name in days:
        if runs and day - runs[-1][-1][0] == timedelta(days=1):
            runs[-1].append((day, name))
        else:
            runs.append([(day, name)])
    return Schedule(year, tuple(_package_festival(year, run) for run in runs))


def _package_festival(year: int, run: Iterable[tuple[date, str]]) -> Festival:
    run = list(run)
    names = tuple(dict.fromkeys(name for _, name in run))
    workdays = sorted(
        day for day, value in package_workdays.items()
        if PACKAGE_NAMES[value] in names and _notice_year(day, PACKAGE_NAMES[value]) == year
    )
    return Festival(names, tuple(day for day, _ in run), tuple(workdays))
