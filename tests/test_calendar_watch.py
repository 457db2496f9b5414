"""The daemon warns while the working-day calendar does not cover the coming weeks, mails
the office once per missing year, and falls silent once the year's notice is imported."""

from __future__ import annotations

from datetime import date
from email import message_from_bytes
from pathlib import Path

from sqlalchemy import select

from daemon.actions import calendar as calendar_actions
from daemon.actions.base import Actor
from daemon.config import Settings, parse_settings
from daemon.db import transaction
from daemon.models import Outbound
from daemon.service import CalendarWatch
from daemon.storage import Store
from daemon.workdays import WorkCalendar
from tests.support.env import example_config
from tests.support.notices import MADE_UP_2027, write_notice
from tests.workdays.conftest import Office, office  # noqa: F401  (the fixture)


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


def test_watch_warns_daily_mails_once_and_stops_after_the_import(office: Office, caplog):  # noqa: F811
    watch = CalendarWatch(office.settings, office.factory, Store(office.settings.storage_dir))
    assert watch.check(date(2026, 10, 1)) is None  # 2027 is more than 60 days away
    assert watch.check(date(2026, 11, 27)) == date(2027, 1, 1)
    assert watch.check(date(2026, 11, 27)) is None  # already warned today
    assert watch.check(date(2026, 11, 28)) == date(2027, 1, 1)  # and again the next day
    warnings = [r.getMessage() for r in caplog.records if "calendar_uncovered" in r.getMessage()]
    assert len(warnings) == 2
    assert "first_day=2027-01-01" in warnings[0] and "mailed=True" in warnings[0]
    assert "mailed=False" in warnings[1]
    assert "工作日历缺少 2027 年的节假日安排" in warnings[0]

    with office.factory() as session:
        [mail] = session.scalars(select(Outbound).where(Outbound.kind == "calendar_alert")).all()
    assert mail.dedupe_key == "calendar_missing:2027"
    assert mail.subject == "〔工作日历提醒〕缺少 2027 年节假日安排，请导入国务院办公厅通知"
    office_people = [p.email for p in office.settings.unit("办公室").people if p.email]
    assert mail.recipients == office_people
    raw = Store(office.settings.storage_dir).get("outbox", mail.raw_sha256, ".eml")
    body = message_from_bytes(raw).get_payload(decode=True).decode("utf-8")
    assert "自 2027年1月1日起" in body and "govinfo calendar import 通知全文.txt" in body

    with transaction(office.factory) as session:
        calendar_actions.store(session, office.settings, Actor("赵文博"),
                               text=write_notice(MADE_UP_2027, "周"))
    caplog.clear()
    assert watch.check(date(2026, 11, 29)) is None
    assert not [r for r in caplog.records if "calendar_uncovered" in r.getMessage()]
