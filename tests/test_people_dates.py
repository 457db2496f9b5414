"""Dates as people read them; JSON keeps ISO 8601."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from jinja2 import Environment

from daemon.people_dates import day_text, deadline_text, register_filters, time_text
from daemon.workdays import WorkCalendar

CST = ZoneInfo("Asia/Shanghai")


def test_a_working_day_deadline_reads_as_the_end_of_its_last_day() -> None:
    end = WorkCalendar.deadline_end(date(2026, 11, 25), "Asia/Shanghai")
    assert end.isoformat() == "2026-11-26T00:00:00+08:00"  # what is stored and what JSON says
    assert deadline_text(end) == "11月25日（星期三）24时前"
    assert deadline_text(end.isoformat(), year=True) == "2026年11月25日（星期三）24时前"
    assert deadline_text(end.astimezone(UTC)) == "11月25日（星期三）24时前"  # any zone in


def test_a_deadline_inside_a_day_keeps_its_hour() -> None:
    assert deadline_text(datetime(2026, 11, 25, 17, 30, tzinfo=CST)) == "11月25日（星期三）17时30分前"
    assert deadline_text(datetime(2026, 11, 25, 9, tzinfo=CST)) == "11月25日（星期三）9时前"


def test_days_and_moments() -> None:
    assert day_text(date(2026, 1, 5)) == "2026年1月5日"  # no leading zeros (GB/T 9704)
    assert day_text("2026-11-25") == "2026年11月25日"
    assert time_text("2026-11-25T01:30:00+00:00") == "2026年11月25日 09:30"
    assert time_text(None) == day_text(None) == deadline_text(None) == "—"
    with pytest.raises(ValueError, match="时区"):
        time_text(datetime(2026, 11, 25, 9))


def test_filters_for_templates() -> None:
    env = register_filters(Environment())
    out = env.from_string("{{ d | deadline }}｜{{ t | moment }}｜{{ day | day }}").render(
        d="2026-11-26T00:00:00+08:00", t="2026-11-25T09:30:00+08:00", day="2026-11-25")
    assert out == "11月25日（星期三）24时前｜2026年11月25日 09:30｜2026年11月25日"
