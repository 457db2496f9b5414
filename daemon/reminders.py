"""Reminders by mail, through the outbox (RULES.md, Quotas and Time limits).

- a county below its monthly items (4) on the reminder day (the 20th by default);
- a section behind its pro-rata annual quota (quota × months elapsed / 12) at month end
  (run on the 1st for the month just ended, so a late catch-up judges the same month);
- each unit that has not answered a request, one working day before the deadline.

Missed requests are alerted to the office by ``daemon.requests.mark_missed`` (once per
request, ``RequestUnit.missed_alerted_at``); the reminders job calls it too, so the alert
goes out even when no mailbox is configured.

Every mail carries a dedupe key per unit and period (``reminder:county:安定区:2026-11``),
so running a reminder twice never mails anyone twice.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from daemon.config import Settings, UnitSettings
from daemon.documents.wording import CLASS_NAMES, day_text, period_text, quota_figure, unit_title
from daemon.logs import kv
from daemon.models import Request, RequestUnit
from daemon.outbox import enqueue
from daemon.outbox.notices import request_context
from daemon.parsing.addresses import Mailbox
from daemon.people_dates import deadline_text
from daemon.requests import mark_missed
from daemon.scoreboard import scoreboard
from daemon.scoring import Period, parse_period
from daemon.storage import Store
from daemon.timeutil import local
from daemon.workdays import CalendarUnknown, load_calendar

log = logging.getLogger(__name__)

COUNTY_ROLES = ("info_officer", "supervising_leader")  # a county's leader hears of a shortfall


def _recipients(unit: UnitSettings, roles: tuple[str, ...] = ("info_officer",)) -> list[Mailbox]:
    return [Mailbox.of(p.name, p.email) for p in unit.people if p.role in roles and p.email]


def _month(day: date) -> str:
    return f"{day.year}-{day.month:02d}"


def county_reminders(session: Session, settings: Settings, store: Store, today: date) -> int:
    """Counties below their monthly items so far this month; the mails enqueued."""
    month = parse_period(_month(today))
    score = scoreboard(session, settings, month, today)
    sent = 0
    for unit in score["units"]:
        if unit["kind"] != "county":
            continue
        entry = next(e for e in unit["quotas"] if e["rule"] == "monthly_submissions")
        if entry["met"]:
            continue
        settings_unit = settings.unit(unit["unit"])
        assert settings_unit is not None  # the score lists roster units only
        sent += enqueue(
            session, settings, store,
            kind="reminder",
            dedupe_key=f"reminder:county:{unit['unit']}:{month.label}",
            to=_recipients(settings_unit, COUNTY_ROLES),
            template="reminder_county",
            context={
                "unit_title": unit_title(settings, unit["unit"]),
                "month": period_text(month),
                "today": day_text(today),
                "done": entry["done"],
                "required": quota_figure(entry["required"]),
                "remaining": quota_figure(entry["required"] - entry["done"]),
                "quarterly": settings.quotas.county_quarterly_adoptions,
                "office": settings.office_name(),
            },
        ) is not None
    return sent


def section_reminders(session: Session, settings: Settings, store: Store, month: Period) -> int:
    """Sections whose submissions January through ``month`` are behind quota × months / 12."""
    score = scoreboard(session, settings, month, None)
    sent = 0
    for unit in score["units"]:
        pace = next((e for e in unit["quotas"] if e["rule"] == "annual_submissions_pace"), None)
        if pace is None or pace["met"]:
            continue
        settings_unit = settings.unit(unit["unit"])
        assert settings_unit is not None
        sent += enqueue(
            session, settings, store,
            kind="reminder",
            dedupe_key=f"reminder:section:{unit['unit']}:{month.label}",
            to=_recipients(settings_unit),
            template="reminder_section",
            context={
                "unit": unit["unit"],
                "class_name": CLASS_NAMES[unit["class"]],
                "annual": settings.quotas.section_quota(unit["class"]),
                "today": f"{period_text(month)}底",
                "done": pace["done"],
                "required": quota_figure(pace["required"]),
                "remaining": quota_figure(pace["required"] - pace["done"]),
                "office": settings.office_name(),
            },
        ) is not None
    return sent


def request_reminders(session: Session, settings: Settings, store: Store, now: datetime) -> int:
    """Remind units of requests due one working day from today; then mark missed ones."""
    today = local(now, settings.timezone).date()
    try:
        horizon = load_calendar(session, settings).add_workdays(today, 1)
    except CalendarUnknown as exc:
        # no guess at "one working day before": the office was mailed about the year already
        log.error(kv("calendar_unknown", job="request_reminders", year=exc.year, message=str(exc)))
        mark_missed(session, settings, store, now)
        return 0
    sent = 0
    answers = session.execute(
        select(RequestUnit, Request)
        .join(Request, RequestUnit.request_id == Request.id)
        .where(RequestUnit.status == "open", RequestUnit.reminded_at.is_(None),
               Request.due_at > now)
    ).all()
    for answer, request in answers:
        # due_at is 24:00 of the last day, i.e. 00:00 of the next
        last_day = (local(request.due_at, settings.timezone) - timedelta(microseconds=1)).date()
        unit = settings.unit(answer.unit)
        if not today < last_day <= horizon or unit is None:
            continue
        mail = enqueue(
            session, settings, store,
            kind="reminder",
            dedupe_key=f"reminder:request:{answer.id}",
            to=_recipients(unit),
            template="reminder_request",
            context={
                **request_context(settings, request, answer.unit),
                "unit_title": unit_title(settings, answer.unit),
                "due": deadline_text(request.due_at, settings.timezone, year=True),
            },
            request_id=request.id,
        )
        answer.reminded_at = now
        sent += mail is not None
    mark_missed(session, settings, store, now)
    return sent
