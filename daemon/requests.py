"""Requests (约稿, 批示反馈): registered by the office, mailed to units, answered by items.

A feedback request is due at the end of the 5th working day after its issue date (config);
a solicitation by its own deadline. An assigned unit's answer is on time or late by the
item's arrival; a unit with no answer once the deadline has passed has missed it (漏报),
and the office is alerted once per request.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from daemon.config import Settings
from daemon.intake.checks.request import REQUEST_KINDS, format_request_tag
from daemon.intake.verdict import OpenRequest
from daemon.models import Item, Outbound, Request, RequestUnit
from daemon.outbox.notices import notify_missed, notify_request
from daemon.storage import Store
from daemon.timeutil import iso, start_of_day, utcnow
from daemon.workdays import CalendarUnknown, WorkCalendar, deadline_end, load_calendar


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


def create(
    session: Session,
    settings: Settings,
    store: Store,
    *,
    kind: str,
    topic: str,
    units: list[str],
    issued: date,
    due: date | None,
) -> Request:
    if kind not in REQUEST_KINDS:
        raise RequestError(f"未知的约稿类型：{kind}（feedback 或 solicitation）")
    unknown = [u for u in units if settings.unit(u) is None]
    if unknown or not units:
        raise RequestError("单位不在名册中：" + "、".join(unknown) if unknown else "至少指定一个单位")
    deadline = due_at(settings, load_calendar(session, settings), kind, issued, due)
    seq = (
        session.scalar(
            select(func.max(Request.seq)).where(Request.year == issued.year, Request.kind == kind)
        )
        or 0
    ) + 1
    request = Request(
        tag=format_request_tag(kind, issued.year, seq),
        kind=kind,
        year=issued.year,
        seq=seq,
        topic=topic,
        issued_on=issued,
        due_at=deadline,
        created_at=utcnow(),
        units=[RequestUnit(unit=u, status="open") for u in dict.fromkeys(units)],
    )
    session.add(request)
    session.flush()
    notify_request(session, settings, store, request)
    return request


def open_requests(session: Session, today: date, tz: str) -> tuple[OpenRequest, ...]:
    """Requests of the last year, with the Message-IDs of their mails, for matching."""
    since = start_of_day(date(today.year - 1, today.month, min(today.day, 28)), tz)
    requests = session.scalars(select(Request).where(Request.created_at >= since)).all()
    mails: dict[int, list[str]] = {}
    for request_id, message_id in session.execute(
        select(Outbound.request_id, Outbound.message_id).where(
            Outbound.request_id.in_([r.id for r in requests])
        )
    ):
        mails.setdefault(request_id, []).append(message_id)
    return tuple(
        OpenRequest(
            id=r.id,
            tag=r.tag,
            kind=r.kind,
            units=tuple(u.unit for u in r.units),
            issued_on=start_of_day(r.issued_on, tz),
            due_at=r.due_at,
            message_ids=tuple(mails.get(r.id, ())),
        )
        for r in requests
    )


def record_answer(session: Session, item: Item) -> None:
    """The item answers its unit's part of its request: on time or late by its arrival."""
    if item.request_id is None or item.unit is None:
        return
    answer = session.scalar(
        select(RequestUnit).where(
            RequestUnit.request_id == item.request_id, RequestUnit.unit == item.unit
        )
    )
    if answer is None or answer.item_id is not None:
        return  # a second answer is linked by item.request_id but does not change the state
    request = session.get(Request, item.request_id)
    assert request is not None
    answer.item_id = item.id
    answer.answered_at = item.received_at
    answer.status = "on_time" if item.received_at < request.due_at else "late"


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
