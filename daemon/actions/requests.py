"""Requests (约稿, 批示反馈): the office registers one and it is mailed to the units; the
listing shows each unit's answer, a deadline passed without one as missed (漏报) at once.

Refused unless confirmed: a request dated before today, or due before today (``backdated``:
the office records one it sent by other means); the same topic for the same units as an
existing request (``confirmed``: it is meant to go out twice).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from daemon import requests
from daemon.actions.base import Actor, Done, Invalid, Refusal
from daemon.actions.common import office_today, required_text
from daemon.actions.permissions import COUNTY_READERS, require
from daemon.config import Settings
from daemon.intake.checks.request import REQUEST_KINDS, format_request_tag
from daemon.labels import REQUEST_STATE
from daemon.models import Item, Request, RequestUnit
from daemon.outbox.notices import notify_request
from daemon.people_dates import deadline_text
from daemon.storage import Store
from daemon.timeutil import utcnow
from daemon.workdays import load_calendar

STATE_NAMES = REQUEST_STATE


def _same_topic(session: Session, topic: str, units: list[str]) -> Request | None:
    wanted = set(units)
    for request in session.scalars(select(Request).where(Request.topic == topic).order_by(Request.id)):
        if wanted <= {u.unit for u in request.units}:
            return request
    return None


def create_request(session: Session, settings: Settings, actor: Actor, *, kind: str, topic: str,
                   units: list[str], issued: date, due: date | None = None, backdated: bool = False,
                   confirmed: bool = False) -> Done:
    require(actor, "request")
    if kind not in REQUEST_KINDS:
        raise Invalid(f"未知的约稿类型：{kind}（feedback 或 solicitation）")
    topic = required_text(topic, "约稿主题")
    units = list(dict.fromkeys(u.strip() for u in units if u.strip()))
    unknown = [u for u in units if settings.unit(u) is None]
    if unknown or not units:
        raise Invalid("单位不在名册中：" + "、".join(unknown) if unknown else "至少指定一个单位")
    try:
        deadline = requests.due_at(settings, load_calendar(session, settings), kind, issued, due)
    except requests.CalendarMissing as exc:
        raise Refusal(str(exc), "calendar_missing") from exc  # the calendar lacks a year: exit 1
    except requests.RequestError as exc:
        raise Invalid(str(exc)) from exc
    today = office_today(settings)
    if not backdated:
        if issued < today:
            raise Refusal(f"发出日期 {issued} 早于今天（{today}）；如确为补登记，请加 --backdated",
                          "backdated", confirm=True)
        if due is not None and due < today:
            raise Refusal(f"期限 {due} 早于今天（{today}）；如确为补登记，请加 --backdated",
                          "backdated", confirm=True)
    if not confirmed:
        earlier = _same_topic(session, topic, units)
        if earlier is not None:
            raise Refusal(f"同一主题已向这些单位发过〔{earlier.tag}〕（{earlier.issued_on}）；"
                          "确需再发，请加 --confirm", "duplicate", confirm=True)
    seq = (session.scalar(select(func.max(Request.seq)).where(Request.year == issued.year,
                                                              Request.kind == kind)) or 0) + 1
    request = Request(tag=format_request_tag(kind, issued.year, seq), kind=kind, year=issued.year, seq=seq,
                      topic=topic, issued_on=issued, due_at=deadline, created_at=utcnow(),
                      units=[RequestUnit(unit=u, status="open") for u in units])
    session.add(request)
    session.flush()
    notify_request(session, settings, Store(settings.storage_dir), request)
    view = requests.view(request, settings.timezone, {})
    due = deadline_text(request.due_at, settings.timezone, year=True)
    return Done(f"已登记〔{request.tag}〕，报送期限 {due}，"
                f"通知邮件已排入发件队列（{len(units)} 个单位）。", view)


def list_requests(session: Session, settings: Settings, actor: Actor) -> list[dict[str, Any]]:
    """Every request with each unit's answer; a county sees its own lines only."""
    now = utcnow()
    rows = session.scalars(select(Request).order_by(Request.id)).all()
    numbers = dict(session.execute(select(Item.id, Item.number)).all())
    views = []
    for request in rows:
        view = requests.view(request, settings.timezone, numbers)
        for unit in view["units"]:  # type: ignore[union-attr]
            # the daemon records a miss and alerts once; the listing shows it at once
            if unit["state"] == "open" and request.due_at <= now:
                unit["state"] = "missed"
        if actor.role in COUNTY_READERS:
            view["units"] = [u for u in view["units"] if u["unit"] == actor.unit]  # type: ignore[union-attr]
            if not view["units"]:
                continue
        views.append(view)
    return views
