"""Scoring periods: a calendar year, quarter or month, written ``2026``, ``2026-Q1``, ``2026-03``.

Every period is a whole number of calendar months, so quotas can be listed month by
month and quarter by quarter inside any period. ``end`` is exclusive: a day belongs to
a period when ``start <= day < end``.

A period's state on a day (``period_state``), in the office's time zone:

- ``future`` before its first day: nothing can be said about it;
- ``open`` until its figures are final: while it runs, and after it ends until the
  ``final_after_day``-th of the next month (RULES.md: the monthly statistics are complete
  by the 3rd), because adoptions of its last days are reported up to then and an
  unknown sender's item may still be assigned to a unit;
- ``final`` from then on: its quotas are judged, a year's veto and awards decided.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Literal

PeriodKind = Literal["year", "quarter", "month"]
PeriodState = Literal["future", "open", "final"]

PERIOD_FORMAT_ERROR = "期间格式应为 2026、2026-Q1 或 2026-03"

_PATTERN = re.compile(r"(?P<year>\d{4})(?:-(?:[Qq](?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2])))?")


def _month_start(year: int, month: int) -> date:
    """The first day of a month counted from ``year``'s January; month 13 is next January."""
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    start: date
    end: date  # exclusive
    label: str

    @property
    def year(self) -> int:
        return self.start.year

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end

    @property
    def last_month(self) -> int:
        """The calendar month (1–12) the period ends with."""
        return (self.end.month - 2) % 12 + 1

    def months(self) -> list[Period]:
        first = self.start.month
        return [month(self.year, m) for m in range(first, self.last_month + 1)]

    def quarters(self) -> list[Period]:
        """The quarters lying wholly inside this period (none inside a single month)."""
        if self.kind == "month":
            return []
        first = (self.start.month - 1) // 3 + 1
        return [quarter(self.year, q) for q in range(first, (self.last_month - 1) // 3 + 2)]


def _months_between(start: date, end: date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def final_on(period: Period, final_after_day: int) -> date:
    """The first day on which ``period``'s figures are final."""
    return period.end + timedelta(days=final_after_day)


def period_state(period: Period, today: date, final_after_day: int) -> PeriodState:
    if today < period.start:
        return "future"
    if today < final_on(period, final_after_day):
        return "open"
    return "final"


def elapsed_share(start: date, end: date, today: date) -> Fraction:
    """The share of the months from ``start`` to ``end`` (month starts) ended before ``today``.

    The pace (序时进度) counts whole months: on December 1 a year has run 11 of 12 months,
    the fourth quarter 2 of 3, December none.
    """
    total = _months_between(start, end)
    this_month = today.replace(day=1)
    ended = _months_between(start, min(max(this_month, start), end))
    return Fraction(ended, total)


def year(value: int) -> Period:
    return Period("year", date(value, 1, 1), date(value + 1, 1, 1), f"{value:04d}")


def quarter(year_: int, number: int) -> Period:
    first = 3 * (number - 1) + 1
    return Period(
        "quarter",
        _month_start(year_, first),
        _month_start(year_, first + 3),
        f"{year_:04d}-Q{number}",
    )


def month(year_: int, number: int) -> Period:
    return Period(
        "month",
        _month_start(year_, number),
        _month_start(year_, number + 1),
        f"{year_:04d}-{number:02d}",
    )


def parse_period(text: str) -> Period:
    """``2026`` → the year, ``2026-Q1`` (or ``q1``) → a quarter, ``2026-03`` → a month."""
    found = _PATTERN.fullmatch(text.strip())
    # 9999 is out because its December would end in year 10000, which ``date`` cannot hold.
    if found is None or not 1 <= int(found["year"]) <= 9998:
        raise ValueError(f"{PERIOD_FORMAT_ERROR}，收到“{text}”")
    value = int(found["year"])
    if found["quarter"]:
        return quarter(value, int(found["quarter"]))
    if found["month"]:
        return month(value, int(found["month"]))
    return year(value)
