"""Enqueue one outbound mail: render it, build the MIME bytes, store them, add the row.

Templates live in ``templates/mail/``: ``<name>.txt.j2`` is the plain-text body and
must start with a line ``Subject: …`` followed by a blank line; ``<name>.html.j2``,
when present, is an HTML alternative rendered from the same context (autoescaped).

Everything that makes the message what it is (Message-ID, Date, body) is fixed here,
once, and the exact bytes go to the Store: delivery only replays them, so a retry or a
repeat after a crash is byte-identical and carries the same Message-ID.

The row is added to the caller's session and commits with whatever caused it (the filed
item, the registered request); a rolled-back cause leaves no mail behind.
"""

from __future__ import annotations

import logging
import re
from base64 import encodebytes
from collections.abc import Mapping, Sequence
from datetime import datetime
from email.charset import BASE64, Charset
from email.header import Header
from email.message import Message
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import format_datetime, formataddr, make_msgid, parseaddr, quote
from functools import cache
from typing import Any
from urllib.parse import quote as url_quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateNotFound
from sqlalchemy import select
from sqlalchemy.orm import Session

from daemon.config import Settings
from daemon.logs import kv
from daemon.models import Outbound
from daemon.parsing.addresses import Mailbox, parse_mailbox
from daemon.parsing.clean import clean_line
from daemon.paths import TEMPLATES
from daemon.people_dates import register_filters
from daemon.storage import Store, sha256_hex
from daemon.timeutil import local, utcnow

X_LOOP = "govinfo"  # the X-Loop value our own outbound mail carries; intake ignores mail with it

log = logging.getLogger(__name__)

MAIL_TEMPLATES = TEMPLATES / "mail"
SUBJECT_PREFIX = "Subject:"
FALLBACK_DOMAIN = "govinfo.invalid"
_PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9.-]+")  # dot-atom, ASCII
_QUOTABLE_ID = re.compile(r"<?[!-;=?-~]+>?")  # a Message-ID we may repeat: no space, no < >
_PERCENT_TOKEN = re.compile(r"%[0-9A-F]{2}|[^%]")  # one octet of a percent-encoded string
RFC2231_CHUNK = 60
_UTF8 = Charset("utf-8")
_UTF8.header_encoding = _UTF8.body_encoding = BASE64
_WIRE = compat32.clone(linesep="\r\n")


class TemplateError(Exception):
    """A mail template that does not follow the ``Subject: …`` convention."""


@cache
def _environment() -> Environment:
    return register_filters(Environment(
        loader=FileSystemLoader(str(MAIL_TEMPLATES)),
        # only the HTML alternative is escaped: the text body must show 《》 & < as typed
        autoescape=lambda name: bool(name and name.endswith(".html.j2")),
        undefined=StrictUndefined,  # a misspelt variable fails the enqueue, not the reader
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    ))


def render(template: str, context: Mapping[str, Any]) -> tuple[str, str, str | None]:
    """(subject, text body, html body or None) of ``templates/mail/<template>``."""
    env = _environment()
    text = env.get_template(f"{template}.txt.j2").render(context)
    first, _, rest = text.partition("\n")
    if not first.startswith(SUBJECT_PREFIX):
        raise TemplateError(f"{template}.txt.j2 必须以“Subject: …”一行开头")
    subject = " ".join(first[len(SUBJECT_PREFIX) :].split())
    body = rest.lstrip("\n").rstrip() + "\n"
    try:
        html: str | None = env.get_template(f"{template}.html.j2").render(context)
    except TemplateNotFound:
        html = None
    return subject, body, html


def sender_domain(settings: Settings) -> str:
    """The From address's domain: Message-IDs stay stable across hosts and containers."""
    address = parseaddr(settings.smtp.from_)[1]
    return address.rpartition("@")[2].lower() or FALLBACK_DOMAIN


def configured(values: Sequence[str]) -> list[Mailbox]:
    """Recipients written in the config (alert_to, [forwarding]), each one mailbox."""
    out = []
    for value in values:
        found = parse_mailbox(value)
        if found is None:
            log.warning(kv("recipient_unparseable", value=value[:100]))
            continue
        out.append(found)
    return out


def _recipients(to: Sequence[Mailbox], own: set[str]) -> list[Mailbox]:
    """The mailboxes, de-duplicated, without our own addresses.

    Mailbox objects, never text: a display name is never parsed again, so nothing a
    sender wrote into it can become a recipient.
    """
    seen: set[str] = set()
    out: list[Mailbox] = []
    for mailbox in to:
        address = mailbox.address
        if "@" not in address or address in own or address in seen:
            continue
        if not _PLAIN_ADDRESS.fullmatch(address):
            # An internationalised address needs SMTPUTF8, which NetEase does not offer, and a
            # malformed one cannot be delivered: such a sender is left out, not failed on.
            log.warning(kv("recipient_unusable", domain=address.rpartition("@")[2][:100]))
            continue
        seen.add(address)
        out.append(mailbox)
    return out


def _angle(message_id: str) -> str:
    message_id = message_id.strip()
    return message_id if message_id.startswith("<") else f"<{message_id}>"


def _header(value: str) -> str | Header:
    """ASCII as it is; anything else as RFC 2047 encoded words (UTF-8, base64)."""
    return value if value.isascii() else Header(value, _UTF8)


def _mailbox(mailbox: Mailbox) -> str:
    # clean_line again: a Mailbox built by hand (a roster name) must not break the header
    return formataddr((clean_line(mailbox.name), mailbox.address), charset=_UTF8)


def _disposition(filename: str) -> str:
    """``attachment`` with the filename as RFC 2231 continued parameters when not ASCII.

    Each continuation is short and ends at a whole ``%XX``, so the header folds between
    parameters and no line nears SMTP's 998-character limit, however long the name.
    """
    if filename.isascii():
        return f'attachment; filename="{quote(filename)}"'
    chunks = [""]
    for token in _PERCENT_TOKEN.findall(url_quote(filename, safe="", encoding="utf-8")):
        if len(chunks[-1]) + len(token) > RFC2231_CHUNK:
            chunks.append("")
        chunks[-1] += token
    chunks[0] = "utf-8''" + chunks[0]
    params = [f"filename*{k}*={chunk}" for k, chunk in enumerate(chunks)]
    return "; ".join(["attachment", *params])


def _token(message_id: str, use: str) -> str:
    """A string no part of the mail can contain, for a multipart boundary or a stand-in.

    Every part is base64, which has no ``_``; and a hash of the (random) Message-ID is in
    no header. As a given boundary it spares the generator its search for a free one (a
    regex per mail); derived from the Message-ID, a rebuilt mail is byte-identical.
    """
    return "=_" + sha256_hex(f"{message_id} {use}".encode())[:40]


def _part(part: Message) -> Message:
    del part["MIME-Version"]  # the root's alone
    return part


def build_message(
    settings: Settings,
    *,
    recipients: Sequence[Mailbox],
    subject: str,
    text: str,
    html: str | None,
    message_id: str,
    date: datetime,
    attachments: Sequence[tuple[str, str, bytes]] = (),
    in_reply_to: str | None = None,
    auto_submitted: str = "auto-generated",
) -> bytes:
    """The wire bytes (CRLF): UTF-8 everywhere, headers RFC 2047, filenames RFC 2231.

    Built with the email package's compat32 classes: the same MIME as the policy API
    at a third of the cost, which matters because filing builds two mails per item.
    """
    # Attachment bodies are spliced in after generation: the generator writes base64 a
    # 76-byte line at a time (two Python calls a line, half of a route notice's cost),
    # where base64.encodebytes does the whole file in C.
    stand_ins: list[tuple[bytes, bytes]] = []
    body: Message = MIMEText(text, "plain", _UTF8)
    if html is not None:
        body = MIMEMultipart("alternative", _token(message_id, "alternative"),
                             [_part(body), _part(MIMEText(html, "html", _UTF8))])
    message = body
    if attachments:
        message = MIMEMultipart("mixed", _token(message_id, "mixed"), [_part(body)])
        for filename, content_type, data in attachments:
            maintype, _, subtype = content_type.partition("/")
            if not subtype:
                maintype, subtype = "application", "octet-stream"
            part = MIMEBase(maintype, subtype)
            stand_in = _token(message_id, f"attachment {len(stand_ins)}")
            part.set_payload(stand_in + "\n")
            part["Content-Transfer-Encoding"] = "base64"
            part["Content-Disposition"] = _disposition(filename)
            message.attach(_part(part))
            stand_ins.append((stand_in.encode("ascii") + b"\r\n",
                              encodebytes(data).replace(b"\n", b"\r\n")))
    sender_name, sender_address = parseaddr(settings.smtp.from_)
    message["From"] = _mailbox(Mailbox.of(sender_name, sender_address))
    message["To"] = ", ".join(_mailbox(m) for m in recipients)
    message["Subject"] = _header(subject)
    message["Date"] = format_datetime(local(date, settings.timezone))
    message["Message-ID"] = message_id
    if in_reply_to and _QUOTABLE_ID.fullmatch(in_reply_to):  # not a mangled or spaced one
        message["In-Reply-To"] = _angle(in_reply_to)
        message["References"] = _angle(in_reply_to)
    # RFC 3834: robots must not answer this; X-Loop is what our own intake recognises,
    # and the Exchange header keeps out-of-office replies from starting a ping-pong
    message["Auto-Submitted"] = auto_submitted
    message["X-Loop"] = X_LOOP
    message["X-Auto-Response-Suppress"] = "All"
    wire = message.as_bytes(policy=_WIRE)
    for stand_in, encoded in stand_ins:
        head, found, tail = wire.partition(stand_in)
        assert found, "attachment stand-in missing from the generated mail"
        wire = head + encoded + tail
    return wire


def enqueue(
    session: Session,
    settings: Settings,
    store: Store,
    *,
    kind: str,
    dedupe_key: str,
    to: Sequence[Mailbox],
    template: str,
    context: Mapping[str, Any],
    item_id: int | None = None,
    request_id: int | None = None,
    attachments: Sequence[tuple[str, str, bytes]] = (),
    in_reply_to: str | None = None,
    auto_submitted: str = "auto-generated",
) -> Outbound | None:
    """Add one pending outbound mail to ``session``; None when there is nothing to add.

    Nothing is added when ``dedupe_key`` was enqueued before (so callers may call twice)
    or when no recipient is left after dropping our own addresses (no mail to ourselves,
    which intake would have to ignore anyway).

    Two processes enqueueing the same key at the same moment: the unique constraint on
    ``dedupe_key`` fails the later commit, whose transaction is retried as a whole.
    """
    exists = session.scalar(select(Outbound.id).where(Outbound.dedupe_key == dedupe_key))
    if exists is not None:
        return None
    recipients = _recipients(to, settings.own_addresses())
    if not recipients:
        return None
    subject, text, html = render(template, context)
    now = utcnow()
    message_id = make_msgid(idstring=kind.replace("_", "-"), domain=sender_domain(settings))
    raw = build_message(
        settings,
        recipients=recipients,
        subject=subject,
        text=text,
        html=html,
        message_id=message_id,
        date=now,
        attachments=attachments,
        in_reply_to=in_reply_to,
        auto_submitted=auto_submitted,
    )
    row = Outbound(
        kind=kind,
        dedupe_key=dedupe_key,
        item_id=item_id,
        request_id=request_id,
        recipients=[m.address for m in recipients],
        subject=subject,
        message_id=message_id,
        raw_sha256=store.put("outbox", raw, ".eml"),
        state="pending",
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(row)
    return row
