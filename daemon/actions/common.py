"""What the actions share: finding and locking an item, the audit row, one step of the chain,
the office's today, and the refusals every action words the same way."""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from daemon import logs
from daemon.actions.base import Actor, Invalid, NotFound, Refusal
from daemon.config import Settings
from daemon.models import AuditEntry, Item
from daemon.timeutil import local, utcnow
from daemon.workflow import IllegalMove, transition

log = logging.getLogger("govinfo")

_NUMBER = re.compile(r"(\d{4})-(\d+)")


def office_today(settings: Settings) -> date:
    """Today in the office's time zone: the default date of returns and the scorer's today."""
    return local(utcnow(), settings.timezone).date()


def not_after_today(day: date, today: date, what: str) -> None:
    if day > today:
        raise Refusal(f"{what}（{day}）晚于今天（{today}），请检查日期", "future_date")


def required_text(value: str | None, what: str) -> str:
    """A reason or note a person must write: blank is refused."""
    text = (value or "").strip()
    if not text:
        raise Invalid(f"{what}不能为空")
    return text


def find_item(session: Session, ref: str, *, lock: bool = False) -> Item:
    """An item by its number (2026-0001); a bare sequence number means the latest year.
    ``lock``: row-locked until the transaction ends (PostgreSQL; SQLite locks on write)."""
    ref = ref.strip()
    match = _NUMBER.fullmatch(ref)
    if match:
        query = select(Item).where(Item.year == int(match[1]), Item.seq == int(match[2]))
    elif ref.isdigit():
        query = select(Item).where(Item.seq == int(ref)).order_by(Item.year.desc()).limit(1)
    else:
        raise Invalid(f"信息编号格式应为 2026-0001：{ref}")
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    item = session.execute(query).scalar_one_or_none()
    if item is None:
        raise NotFound(f"没有编号为 {ref} 的信息")
    return item


def locked_item(session: Session, ref: str) -> Item:
    """The item, locked against a concurrent action until the transaction ends (PostgreSQL)."""
    return find_item(session, ref, lock=True)


def audit(session: Session, item: Item | None, actor: Actor | str, action: str, note: str,
          data: dict[str, Any]) -> None:
    """One audit row; its log line carries the codes, not the note (which people write)."""
    name = actor.name if isinstance(actor, Actor) else actor
    session.add(AuditEntry(item_id=item.id if item else None, at=utcnow(), actor=name, action=action,
                           note=note, data=data))
    log.info(logs.kv("audit", item=item.number if item else None, action=action, actor=name, **data))


def move(session: Session, item: Item, action: str, actor: Actor | str, note: str = "",
         **data: Any) -> str:
    """Apply one step of the chain to ``item``; returns the state it left."""
    try:
        new = transition(item.state, action, item.important)
    except IllegalMove as exc:
        raise Refusal(f"{item.number}：{exc}", "illegal_move") from exc
    old, item.state = item.state, new
    audit(session, item, actor, action, note, {"from": old, "to": new, **data})
    return old
