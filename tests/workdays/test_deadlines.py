"""Wherever a deadline is computed, a year the calendar lacks is a reason, not a crash:
intake files the item with its time limit unchecked and says why, the reminders job skips
what it cannot count and still marks missed requests; an imported notice fixes both."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import select

from daemon import reminders
from daemon.actions import calendar
from daemon.actions.base import Actor
from daemon.actions.requests import create_request
from daemon.db import transaction
from daemon.intake.reader import Intake, ReadOptions
from daemon.mailbox.maildir import MaildirSource
from daemon.models import Item, Outbound
from daemon.models import Verdict as VerdictRow
from tests.support.mails import NEWS_BODY, county_mail
from tests.support.notices import MADE_UP_2027, write_notice
from tests.workdays.conftest import Office

CST = timezone(timedelta(hours=8))
ANDING = "anding.xxy1@example.org"


def _import_2027(office: Office) -> None:
    with transaction(office.factory) as session:
        calendar.store(session, office.settings, Actor("赵文博"), text=write_notice(MADE_UP_2027, "周"))


def _deliver(maildir: Path, n: int, subject: str, body: str, at: datetime) -> None:
    (maildir / "new").mkdir(parents=True, exist_ok=True)
    (maildir / "cur").mkdir(exist_ok=True)
    (maildir / "new" / f"{int(at.timestamp())}.{n}.test").write_bytes(county_mail(ANDING, subject, body))


def _timeliness(office: Office, subject: str) -> tuple[str, list[str]]:
    with office.factory() as session:
        item = session.scalars(select(Item).where(Item.subject == subject)).one()
        verdict = session.scalars(select(VerdictRow).where(
            VerdictRow.item_id == item.id, VerdictRow.check == "timeliness")).one()
        return item.timeliness, verdict.reasons


def test_intake_files_the_item_unchecked_then_judges_it_once_the_year_is_imported(
    office: Office, tmp_path: Path
) -> None:
    maildir = tmp_path / "inbox"
    received = datetime(2027, 1, 5, 10, 0, tzinfo=CST)
    first = "【动态】安定区召开重点项目建设推进会"
    _deliver(maildir, 1, first, NEWS_BODY.format(unit="安定区").replace("11月20日", "1月4日"), received)
    source = MaildirSource("inbox", maildir)
    intake = Intake(office.settings, office.factory)
    assert intake.read_pass(source, source.open(), ReadOptions(name="inbox")).counts == {"filed": 1}
    state, reasons = _timeliness(office, first)
    assert state == "unchecked"
    assert reasons == ["工作日历缺少 2027 年的节假日安排：请先执行 govinfo calendar import 通知全文.txt"
                       "（无法计算事件日期2027年1月4日后的时限，暂不检查时效）"]

    _import_2027(office)
    second = "【动态】安定区开展冬季安全生产大检查"
    body = ("1月4日，安定区发展改革局会同应急管理局开展冬季安全生产大检查，" * 12)
    _deliver(maildir, 2, second, body, received)
    assert intake.read_pass(source, source.open(), ReadOptions(name="inbox")).counts == {"filed": 1}
    state, reasons = _timeliness(office, second)
    assert state == "on_time"  # Monday's event, due by 24:00 of Tuesday the 5th
    assert "应于2027年1月5日（星期二）24时前报送" in reasons[0]


def test_request_reminders_skip_an_unknown_tomorrow_and_remind_after_the_import(
    office: Office, caplog
) -> None:
    with transaction(office.factory) as session:
        create_request(session, office.settings, Actor("赵文博"), kind="solicitation", topic="冬季供暖保障",
                       units=["安定区"], issued=date(2026, 12, 28), due=date(2027, 1, 4), backdated=True)
    new_years_eve = datetime(2026, 12, 31, 9, 0, tzinfo=CST)
    with caplog.at_level(logging.ERROR), transaction(office.factory) as session:
        assert reminders.request_reminders(session, office.settings, office.store, new_years_eve) == 0
    [line] = [r.getMessage() for r in caplog.records if "calendar_unknown" in r.getMessage()]
    assert "job=request_reminders year=2027" in line and "工作日历缺少 2027 年" in line

    _import_2027(office)
    with transaction(office.factory) as session:
        # 元旦 is 1–3 January: Monday the 4th is the next working day, and the last day
        assert reminders.request_reminders(session, office.settings, office.store, new_years_eve) == 1
    with office.factory() as session:
        [mail] = session.scalars(select(Outbound).where(Outbound.kind == "reminder")).all()
    assert "冬季供暖保障" in mail.subject and ANDING in mail.recipients
