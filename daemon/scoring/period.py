"""Scoring periods: a calendar year, quarter or month, written ``2026``, ``2026-Q1``, ``2026-03``.

Every period is a whole number of calendar months, so quotas can be listed month by
month and quarter by quarter inside any period. ``end`` is exclusive: a day belongs to
a period when ``start <= day < end``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

PeriodKind = Literal["year", "quarter", "month"]

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
