"""Rows as the plain dicts of CONTRACT.md (the CLI's JSON, and later the web console)."""

from __future__ import annotations

from typing import Any

from daemon.models import Item, Message
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
                {"at": iso(a.at, tz), "actor": a.actor, "action": a.action, "note": a.note}
                for a in item.audit
            ],
        }
    )
    return out
