"""Requests (约稿, 批示反馈): registered by the office (daemon/actions/requests.py), mailed to
units, answered by items (daemon/intake/requests.py).

A feedback request is due at the end of the 5th working day after its issue date (config);
a solicitation by its own deadline. An assigned unit's answer is on time or late by the
item's arrival; a unit with no answer once the deadline has passed has missed it (漏报),
and the office is alerted once per request.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from daemon.config import Settings
from daemon.models import Request, RequestUnit
from daemon.outbox.notices import notify_missed
from daemon.storage import Store
from daemon.timeutil import iso
from daemon.workdays import CalendarUnknown, WorkCalendar, deadline_end


class RequestError(ValueError):
    """A request that cannot be registered; the message is Chinese."""


class CalendarMissing(RequestError):
    """The working-day deadline falls in a year the calendar cannot describe."""


def due_at(
    settings: Settings, calendar: WorkCalendar, kind: str, issued: date, due: date | None
) -> datetime:
    """24:00 of the due day: the given one, or for feedback N working days after issue."""
    if due is None:
        if kind != "feedback":
            raise RequestError("约稿必须用 --due 指定完稿期限")
        try:
            due = calendar.add_workdays(issued, settings.timeliness.feedback_working_days)
        except CalendarUnknown as exc:
            raise CalendarMissing(str(exc)) from exc
    if due < issued:
        raise RequestError("期限不能早于发出日期")
    return deadline_end(due, settings.timezone)


def mark_missed(session: Session, settings: Settings, store: Store, now: datetime) -> int:
    """Mark unanswered units past the deadline as missed; alert the office once a request."""
    overdue = session.scalars(
        select(RequestUnit)
        .join(Request)
        .where(RequestUnit.status == "open", Request.due_at <= now)
    ).all()
    by_request: dict[int, list[RequestUnit]] = {}
    for answer in overdue:
        answer.status = "missed"
        by_request.setdefault(answer.request_id, []).append(answer)
    for request_id, answers in by_request.items():
        request = session.get(Request, request_id)
        assert request is not None
        notify_missed(session, settings, store, request, [a.unit for a in answers])
        for answer in answers:
            answer.missed_alerted_at = now
    return len(overdue)


def view(request: Request, tz: str, numbers: dict[int, str]) -> dict[str, object]:
    return {
        "id": request.id,
        "tag": request.tag,
        "kind": request.kind,
        "topic": request.topic,
        "issued": request.issued_on.isoformat(),
        "due_at": iso(request.due_at, tz),
        "units": [
            {
                "unit": a.unit,
                "state": a.status,
                "item": numbers.get(a.item_id) if a.item_id else None,
                "answered_at": iso(a.answered_at, tz),
            }
            for a in request.units
        ],
    }
