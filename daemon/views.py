"""Rows as the plain dicts of CONTRACT.md (the CLI's JSON, and later the web console)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import object_session

from daemon.models import Deduction, Evidence, Forwarding, Item, Message
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


def points_detail(item: Item, tz: str) -> dict[str, Any]:
    """What an item earned and cost, and where it was sent on (read from the item's session)."""
    session = object_session(item)
    assert session is not None, "item_detail needs an item loaded in a session"

    def rows(model: Any) -> list[Any]:
        return list(session.scalars(select(model).where(model.item_id == item.id).order_by(model.id)))

    return {
        "adoptions": [
            {"outlet": a.outlet, "adopted_on": a.adopted_on.isoformat(), "evidence": a.evidence_id,
             "recorded_by": a.recorded_by}
            for a in item.adoptions
        ],
        "evidence": [
            {"id": e.id, "state": e.state, "outlet": e.outlet, "filename": e.filename,
             "match_reason": e.match_reason}
            for e in rows(Evidence)
        ],
        "deductions": [
            {"kind": d.kind, "on": d.on.isoformat(), "points": d.points, "note": d.note,
             "summon_leader": d.summon_leader}
            for d in rows(Deduction)
        ],
        "forwardings": [
            {"target": f.target, "at": iso(f.created_at, tz), "by": f.by} for f in rows(Forwarding)
        ],
    }
