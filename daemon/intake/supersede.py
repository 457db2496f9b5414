"""A resubmission supersedes the item it revises: linked, counted once, timed as the original.

The return notice and the acknowledgement ask for the original number in the subject
(“主题中注明原编号 2026-0006”), and promise that the resubmission is counted once. It is
linked to the unit's earlier item, in this order:

1. by an item number written in the subject (2026-0006, 原编号2026-0006) or, after 原编号 /
   原稿, in the body;
2. by In-Reply-To/References naming our return notice or acknowledgement of that item;
3. by similarity of title and text (filing.link_resend, the only path before).

The earlier item is marked superseded (scoring counts a chain once), and the new item
takes the original's time limit: a revision after a return is not late for being revised.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from daemon.intake.checks.request import normalize_message_id
from daemon.models import AuditEntry, Item, Outbound
from daemon.models import Verdict as VerdictRow
from daemon.timeutil import local, utcnow

_NUMBER = r"(20\d{2})\s*[-－—]\s*(\d{4})"
_SUBJECT_NUMBER = re.compile(rf"(?<![\d-]){_NUMBER}(?![\d-])")
_BODY_NUMBER = re.compile(rf"(?:原编号|原稿编号|原稿|原信息编号)\s*[:：为是]?\s*{_NUMBER}(?!\d)")
_ANSWERED_KINDS = ("return_notice", "ack")


def referenced_numbers(subject: str, body: str) -> tuple[str, ...]:
    """Item numbers a resubmission names, in the canonical form 2026-0006."""
    found = [*_SUBJECT_NUMBER.findall(subject), *_BODY_NUMBER.findall(body)]
    return tuple(dict.fromkeys(f"{year}-{seq}" for year, seq in found))


def _candidate(session: Session, item: Item, earlier: Item | None) -> Item | None:
    """The item the new one may supersede: ``earlier``, or its latest revision when it was
    already superseded (a second revision naming the original number); of the same unit,
    not the new item itself. A stranger's mail never supersedes a unit's item."""
    if earlier is None or item.unit is None or earlier.unit != item.unit:
        return None
    seen = {earlier.id}
    while earlier is not None and earlier.superseded:
        earlier = session.scalars(select(Item).where(Item.supersedes_id == earlier.id)).first()
        if earlier is None or earlier.id in seen:
            return None
        seen.add(earlier.id)
    return None if earlier is None or earlier.id == item.id else earlier


def find_original(
    session: Session, item: Item, numbers: tuple[str, ...], replied: tuple[str, ...]
) -> tuple[Item, str] | None:
    """(the item ``item`` revises, how it was found), by number or by reply."""
    for number in numbers:
        earlier = session.scalars(select(Item).where(Item.number == number)).first()
        if (found := _candidate(session, item, earlier)) is not None:
            return found, f"注明原编号 {number}"
    ids = [normalize_message_id(v) for v in replied if v]
    if ids:
        wanted = {f"<{i}>" for i in ids} | set(ids)
        rows = session.scalars(
            select(Outbound).where(Outbound.message_id.in_(wanted),
                                   Outbound.kind.in_(_ANSWERED_KINDS),
                                   Outbound.item_id.is_not(None))
        ).all()
        for row in rows:
            found = _candidate(session, item, session.get(Item, row.item_id))
            if found is not None:
                word = "退稿通知" if row.kind == "return_notice" else "收稿回执"
                return found, f"回复了 {found.number} 的{word}"
    return None


def supersede(session: Session, item: Item, earlier: Item, reason: str, timezone: str) -> None:
    """Link ``item`` to the ``earlier`` item it revises; it takes the original's time limit."""
    earlier.superseded = True
    item.supersedes_id = earlier.id
    now = utcnow()
    note = f"重报稿（{reason}），本条取代 {earlier.number}，只计一次"
    data: dict[str, object] = {"supersedes": earlier.number}
    if earlier.timeliness != "unchecked" and item.timeliness != earlier.timeliness:
        data["timeliness_from"] = item.timeliness
        item.timeliness, item.due_at = earlier.timeliness, earlier.due_at
        _retime(item, earlier, timezone)
        note += f"；时限按原稿计（原稿{'按时' if earlier.timeliness == 'on_time' else '逾期'}报送）"
    item.audit.append(AuditEntry(at=now, actor="govinfo", action="supersedes", note=note, data=data))
    # added by id: appending to earlier.audit would load its whole history first
    session.add(AuditEntry(item_id=earlier.id, at=now, actor="govinfo", action="superseded",
                           note=f"被 {item.number} 取代（{reason}）",
                           data={"superseded_by": item.number}))


def _retime(item: Item, earlier: Item, timezone: str) -> None:
    """The new item's timeliness verdict, restated as the original's."""
    received = f"{local(earlier.received_at, timezone):%Y-%m-%d %H:%M}"
    verdict = "按时报送" if earlier.timeliness == "on_time" else "逾期报送"
    reason = f"重报稿，时限按原稿 {earlier.number} 计：原稿于 {received} 收到，{verdict}"
    row = next((v for v in item.verdicts if v.check == "timeliness"), None)
    if row is None:
        item.verdicts.append(VerdictRow(check="timeliness", outcome=earlier.timeliness,
                                        reasons=[reason], flags=[], data={}, created_at=utcnow()))
        return
    row.outcome, row.reasons = earlier.timeliness, [reason]
    row.data = {**(row.data or {}), "timeliness": earlier.timeliness,
                "due_at": earlier.due_at.isoformat() if earlier.due_at else None,
                "from_original": earlier.number}
