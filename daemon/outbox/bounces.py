"""Match a bounce in the inbox to the outbound mail it returns, and mark that row bounced.

The returned mail's Message-ID is looked for where DSNs (RFC 3464) and the webmail
bounces seen in practice put it: the Message-ID of an attached message/rfc822 or
text/rfc822-headers part, a ``Message-ID:`` line quoted in a text part, and the bounce's
own In-Reply-To/References. Only Message-IDs the outbox holds can match, so reading
generously cannot mark the wrong row.
"""

from __future__ import annotations

import email
import logging
import re
from collections.abc import Iterator
from email.message import Message as EmailMessage
from email.parser import HeaderParser

from sqlalchemy import select
from sqlalchemy.orm import Session

from daemon.logs import kv
from daemon.models import Message, Outbound
from daemon.parsing.model import ParsedMessage
from daemon.storage import Store
from daemon.timeutil import utcnow

log = logging.getLogger(__name__)

_QUOTED_ID = re.compile(r"^\s*message-id\s*:\s*(<[^<>\s]+>)", re.I | re.M)
_TEXT_PARTS = ("text/plain", "text/rfc822-headers", "message/delivery-status")


def _header_ids(value: object) -> list[str]:
    return re.findall(r"<[^<>\s]+>", str(value or ""))


def _part_text(part: EmailMessage) -> str:
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        return payload.decode("utf-8", "replace")
    # message/delivery-status and some text/rfc822-headers parts parse as sub-messages
    return part.as_string() if part.is_multipart() else str(part.get_payload())


def _candidates(raw: bytes) -> Iterator[str]:
    """Every Message-ID the bounce carries about the returned mail."""
    # compat32: the bounces of the peer corpus break policy.default's header access
    # (TOOLING.md); here only ASCII Message-IDs matter
    try:
        message = email.message_from_bytes(raw)
    except Exception:  # a bounce too broken to parse names no row
        return
    for part in message.walk():
        try:
            content_type = part.get_content_type()
            if content_type == "message/rfc822":
                for inner in part.get_payload() or []:
                    yield from _header_ids(inner.get("Message-ID"))
            elif content_type in _TEXT_PARTS:
                text = _part_text(part)
                if content_type == "text/rfc822-headers":
                    yield from _header_ids(HeaderParser().parsestr(text).get("Message-ID"))
                yield from _QUOTED_ID.findall(text)
        except Exception:  # one odd part must not hide the others
            continue


def record_bounce(session: Session, store: Store, record: Message, parsed: ParsedMessage) -> None:
    """Set ``bounced_at`` on the outbound row(s) a bounce returns; the bounce stays ignored."""
    ids = set(_header_ids(parsed.in_reply_to)) | {i for r in parsed.references for i in _header_ids(r)}
    if record.sha256 and store.has("raw", record.sha256, ".eml"):
        ids.update(_candidates(store.raw_message(record.sha256)))
    if not ids:
        return
    rows = session.scalars(select(Outbound).where(Outbound.message_id.in_(ids))).all()
    for row in rows:
        if row.bounced_at is None:
            row.bounced_at = utcnow()
        log.info(kv("outbox_bounced", outbox=row.id, kind=row.kind, message_id=row.message_id))
