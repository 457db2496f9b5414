"""Rows as the plain dicts of CONTRACT.md (the CLI's JSON, and later the web console)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import object_session

from daemon.models import Deduction, Evidence, Forwarding, Item, Message, Outbound
from daemon.timeutil import iso


def message_view(row: Message, tz: str) -> dict[str, Any]:
    return {
        "id": row.id,
        "mailbox": row.mailbox,
        "uidvalidity": row.uidvalidity,
        "uid": row.uid,
        "message_id": row.message_id,
        "sha256": row.sha256,
        "received_at": iso(row.received_at, tz),
        "disposition": row.disposition,
        "item": row.item.number if row.item is not None else None,
        "reason": row.reason,
        "attempts": row.attempts,
    }


# the columns item_view and the listings read (an item's texts are not among them)
LISTED = (Item.number, Item.unit, Item.sender, Item.authors, Item.title, Item.category,
          Item.category_inferred, Item.length, Item.length_ok, Item.received_at, Item.due_at,
          Item.timeliness, Item.request_id,
          Item.route, Item.route_terms, Item.state, Item.flags, Item.superseded, Item.important, Item.year,
          Item.seq)


def item_view(item: Item, tz: str) -> dict[str, Any]:
    return {
        "number": item.number,
        "unit": item.unit,
        "sender": item.sender,
        "authors": list(item.authors),
        "title": item.title,
        "category": item.category,
        "category_inferred": item.category_inferred,
        "length": item.length,
        "length_ok": item.length_ok,
        "received_at": iso(item.received_at, tz),
        "due_at": iso(item.due_at, tz),
        "timeliness": item.timeliness,
        "request": item.request_id,
        "route": item.route,
        "route_terms": list(item.route_terms),
        "state": item.state,
        "flags": list(item.flags),
    }


def item_detail(item: Item, tz: str) -> dict[str, Any]:
    out = item_view(item, tz)
    out.update(
        {
            "subject": item.subject,
            "sender_name": item.sender_name,
            "important": item.important,
            "superseded": item.superseded,
            "supersedes": item.supersedes.number if item.supersedes is not None else None,
            "article_source": item.article_source,
            "text": item.article_text,
            # what intake read of each field the office corrected (govinfo items edit)
            "original": dict(item.original or {}),
            "body_charset": item.body_charset,
            "message": {
                "mailbox": item.message.mailbox,
                "uid": item.message.uid,
                "message_id": item.message.message_id,
                "sha256": item.message.sha256,
            },
            "attachments": [
                {
                    "filename": a.filename,
                    "content_type": a.content_type,
                    "size": a.size,
                    "sha256": a.sha256,
                    "status": a.status,
                    "note": a.note,
                }
                for a in item.attachments
            ],
            "verdicts": [
                {
                    "check": v.check,
                    "outcome": v.outcome,
                    "reasons": list(v.reasons),
                    "flags": list(v.flags),
                    "data": v.data,
                }
                for v in item.verdicts
            ],
            "audit": [
                {"at": iso(a.at, tz), "actor": a.actor, "action": a.action, "note": a.note,
                 "data": a.data}
                for a in item.audit
            ],
            **points_detail(item, tz),
        }
    )
    return out


def _revocation(row: Any, tz: str) -> dict[str, Any]:
    return {"revoked_at": iso(row.revoked_at, tz), "revoked_by": row.revoked_by,
            "revoke_reason": row.revoke_reason}


def points_detail(item: Item, tz: str) -> dict[str, Any]:
    """What an item earned and cost, and where it was sent on (read from the item's session)."""
    session = object_session(item)
    assert session is not None, "item_detail needs an item loaded in a session"

    def rows(model: Any) -> list[Any]:
        return list(session.scalars(select(model).where(model.item_id == item.id).order_by(model.id)))

    return {
        "adoptions": [
            {"id": a.id, "outlet": a.outlet, "adopted_on": a.adopted_on.isoformat(),
             "evidence": a.evidence_id, "recorded_by": a.recorded_by, **_revocation(a, tz)}
            for a in item.adoptions
        ],
        "evidence": [
            {"id": e.id, "state": e.state, "outlet": e.outlet, "filename": e.filename,
             "match_reason": e.match_reason}
            for e in rows(Evidence)
        ],
        "deductions": [
            {"id": d.id, "kind": d.kind, "on": d.on.isoformat(), "points": d.points, "note": d.note,
             "summon_leader": d.summon_leader, **_revocation(d, tz)}
            for d in rows(Deduction)
        ],
        "forwardings": [
            {"target": f.target, "at": iso(f.created_at, tz), "by": f.by} for f in rows(Forwarding)
        ],
    }


def evidence_view(row: Evidence, numbers: dict[int, str], tz: str) -> dict[str, Any]:
    return {
        "id": row.id,
        "state": row.state,
        "item": numbers.get(row.item_id) if row.item_id else None,
        "outlet": row.outlet,
        "filename": row.filename,
        "content_type": row.content_type,
        "size": row.size,
        "sha256": row.sha256,
        "message": row.message_row_id,
        "match_reason": row.match_reason,
        "created_at": iso(row.created_at, tz),
        "decided_by": row.decided_by,
        "decided_at": iso(row.decided_at, tz),
    }


def outbound_view(row: Outbound, tz: str) -> dict[str, Any]:
    return {
        "id": row.id,
        "kind": row.kind,
        "recipients": list(row.recipients),
        "subject": row.subject,
        "state": row.state,
        "attempts": row.attempts,
        "last_error": row.last_error,
        "message_id": row.message_id,
        "item_id": row.item_id,
        "request_id": row.request_id,
        "created_at": iso(row.created_at, tz),
        "next_attempt_at": iso(row.next_attempt_at, tz) if row.state != "sent" else None,
        "sent_at": iso(row.sent_at, tz),
        "bounced_at": iso(row.bounced_at, tz),
    }
