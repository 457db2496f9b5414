"""Round trip: notices written from chinesecalendar's own data for 2017–2026, in the 周X
and the 星期X phrasing, imported into the database, come back day for day."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
from sqlalchemy import func, select

from daemon.actions import calendar
from daemon.actions.base import Actor
from daemon.db import transaction
from daemon.models import AuditEntry, CalendarYear
from daemon.workdays import PACKAGE_NAMES, load_calendar, package_schedule
from tests.support.notices import STYLES, write_notice
from tests.workdays.conftest import Office

YEARS = range(2017, 2027)
ACTOR = Actor("赵文博")


def _package_days(year: int) -> tuple[dict[date, str], dict[date, str]]:
    """chinesecalendar's raw dictionaries, the days each notice announces (late December's
    元旦 days belong to the next year's notice)."""
    from chinese_calendar.constants import holidays, workdays

    def of(table: dict[date, str]) -> dict[date, str]:
        named = {day: PACKAGE_NAMES[value] for day, value in table.items()}
        return {d: n for d, n in named.items()
                if (d.year + 1 if n == "元旦" and d.month == 12 else d.year) == year}

    return of(holidays), of(workdays)


def test_every_holiday_and_make_up_day_comes_back(office: Office) -> None:
    for style in STYLES:
        for year in YEARS:
            known = package_schedule(year)
            assert known is not None
            text = write_notice(known, style)
            with transaction(office.factory) as session:
                calendar.store(session, office.settings, ACTOR, text=text)
            with office.factory() as session:
                back = calendar.describe(session, office.settings, year=year).data
            holidays, workdays = _package_days(year)
            assert back["holidays"] == sorted(d.isoformat() for d in holidays), (year, style)
            assert back["workdays"] == sorted(d.isoformat() for d in workdays), (year, style)
            # and each day under its own festival (中秋节 inside 国庆节's run included)
            for festival in back["festivals"]:
                for day in festival["holidays"]:
                    assert holidays[date.fromisoformat(day)] in festival["festival"].split("、")
                for day in festival["workdays"]:
                    assert workdays[date.fromisoformat(day)] in festival["festival"].split("、")

    with office.factory() as session:
        # the second style replaced the first: one row a year, two imports a year on record
        assert session.scalar(select(func.count()).select_from(CalendarYear)) == len(YEARS)
        assert session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "calendar_import")) == 2 * len(YEARS)
        imported = load_calendar(session, office.settings)
    # the imported years decide alone (they are known years now): every day agrees
    day = date(YEARS[0], 1, 1)
    while day.year in YEARS:
        assert imported.is_workday(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)
