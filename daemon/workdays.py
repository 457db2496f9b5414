"""Chinese statutory working days and deadline arithmetic (RULES.md, 时限).

chinesecalendar knows the State Council's schedule for a range of years; the config's
WorkdaySettings adds days it lacks (a year published after the package was released)
and corrects days it gets wrong. A computation that needs a day neither source
describes raises CalendarUnknown: a guessed deadline would silently misjudge a unit.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import chinese_calendar

from daemon.config import WorkdaySettings


class CalendarUnknown(Exception):
    """No source describes the working days of ``year``."""

    def __init__(self, year: int) -> None:
        super().__init__(f"工作日历缺少 {year} 年的节假日安排")
        self.year = year


class WorkCalendar:
    def __init__(self, settings: WorkdaySettings) -> None:
        self._workdays = frozenset(settings.workdays)
        self._holidays = frozenset(settings.holidays)
        self._known_years = frozenset(settings.known_years)

    def covers(self, day: date) -> bool:
        if day.year in self._known_years:
            return True
        try:
            chinese_calendar.is_workday(day)
        except NotImplementedError:
            return False
        return True

    def is_workday(self, day: date) -> bool:
        # The config's explicit days win over the package: they are the office's correction.
        if day in self._workdays:
            return True
        if day in self._holidays:
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
