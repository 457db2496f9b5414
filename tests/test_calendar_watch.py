"""The daemon warns while the holiday calendar does not cover the coming weeks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from daemon.config import Settings, parse_settings
from daemon.service import CalendarWatch
from daemon.workdays import WorkCalendar
from tests.support.env import example_config


def settings_with(calendar: dict) -> Settings:
    data = example_config()
    data["calendar"] = calendar
    return parse_settings(data, Path("."))


def test_the_first_uncovered_day_is_new_year_2027():
    calendar = WorkCalendar(settings_with({}).calendar)
    assert calendar.uncovered_within(date(2026, 11, 27), 60) == date(2027, 1, 1)
    assert calendar.uncovered_within(date(2026, 10, 1), 60) is None


def test_config_days_cover_2027_and_silence_the_warning():
    settings = settings_with(
        {"known_years": [2027], "holidays": [date(2027, 1, 1)], "workdays": []}
    )
    assert WorkCalendar(settings.calendar).uncovered_within(date(2026, 11, 27), 60) is None


def test_watch_warns_once_a_day(caplog):
    watch = CalendarWatch(settings_with({}))
    assert watch.check(date(2026, 11, 27)) == date(2027, 1, 1)
    assert watch.check(date(2026, 11, 27)) is None  # already warned today
    assert watch.check(date(2026, 11, 28)) == date(2027, 1, 1)  # and again the next day
    warnings = [r for r in caplog.records if "calendar_uncovered" in r.getMessage()]
    assert len(warnings) == 2
    assert "first_day=2027-01-01" in warnings[0].getMessage()
