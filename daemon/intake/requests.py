"""What intake reads of requests: the open ones to match a mail against, and the answer an
item gives. Registering requests and marking misses send mail: that is daemon/requests.py."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from daemon.intake.verdict import OpenRequest
from daemon.models import Item, Outbound, Request, RequestUnit
from daemon.timeutil import start_of_day


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
