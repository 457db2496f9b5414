"""Mail that is never filed or answered: auto-replies, bounces, lists and our own mail.

Pure: reads the parsed headers and returns the reason to ignore, or None.
"""

from __future__ import annotations

import re

from daemon.outbox.enqueue import X_LOOP
from daemon.parsing.model import ParsedMessage

_ROBOT_LOCALPARTS = re.compile(r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)$", re.I)
# Chinese webmail auto-replies often carry no Auto-Submitted header, only the subject.
_AUTO_REPLY_SUBJECT = re.compile(
    r"^\s*(自动回复|自动答复|auto(matic)?[ -]?reply|out of (the )?office)", re.I
)
# Bounces that are not DSNs (NetEase's 系统退信, Exchange's Undeliverable): told by the
# subject only; as "bounce" they are still matched to the outbound mail they return.
_BOUNCE_SUBJECT = re.compile(
    r"^\s*(退信|系统退信|邮件投递失败|投递失败|undeliverable|undelivered mail|"
    r"delivery status notification|mail delivery failed|delivery failure|failure notice|"
    r"returned mail)",
    re.I,
)


def ignore_reason(message: ParsedMessage, own_addresses: set[str]) -> str | None:
    sender = message.from_addr.lower()
    if message.x_loop and X_LOOP in message.x_loop.lower():
        return "own_mail"
    if sender in own_addresses:
        return "own_mail"
    if message.is_dsn or message.content_type.lower() == "multipart/report":
        return "bounce"
    if _BOUNCE_SUBJECT.match(message.subject):
        return "bounce"
    if _ROBOT_LOCALPARTS.match(sender.split("@", 1)[0]) or not sender:
        return "bounce" if "daemon" in sender or "postmaster" in sender else "robot_sender"
    if message.auto_submitted and message.auto_submitted.strip().lower() != "no":
        return "auto_reply"
    if message.precedence and message.precedence.strip().lower() in ("bulk", "junk", "list"):
        return "bulk"
    if message.list_id:
        return "mailing_list"
    if _AUTO_REPLY_SUBJECT.match(message.subject):
        return "auto_reply"
    return None
