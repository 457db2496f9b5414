"""The office's hand on the mail: one outbox delivery pass now, and a quarantined message
read again. Both commit message by message (an SMTP conversation or an extraction must
not hold a transaction open), so they take the session factory instead of one session."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from daemon.actions.base import Actor, Done, NotFound, Refusal
from daemon.actions.permissions import require
from daemon.config import Settings
from daemon.intake.reader import Intake, ReadOptions
from daemon.labels import DISPOSITION, label
from daemon.models import Message
from daemon.outbox.delivery import drain
from daemon.storage import Store

OUTCOME_NAMES = {"sent": "已发送", "retry": "待重试", "failed": "失败", "capped": "超出每日上限"}


NOT_ALL_SENT = "部分邮件未能发出，原因见 govinfo outbox list；待重试的邮件会自动再发"


def send_outbox(factory: sessionmaker[Session], settings: Settings, actor: Actor) -> Done:
    """Delivery now instead of at the next interval, batch after batch while a backlog is
    waiting (delivery.drain). Done even when some mail did not go: ``data`` counts each
    outcome, and ``all_sent`` says whether all went."""
    require(actor, "outbox")
    counts = drain(settings, factory, Store(settings.storage_dir))
    if not counts:
        return Done("没有待发送的邮件。", {"all_sent": True})
    said = "，".join(f"{OUTCOME_NAMES.get(k, k)} {v}" for k, v in sorted(counts.items()))
    return Done(said, {**counts, "all_sent": not (counts["retry"] or counts["failed"])})


def retry_message(factory: sessionmaker[Session], settings: Settings, actor: Actor, *,
                  message_id: int) -> Done:
    require(actor, "messages")
    with factory() as session:
        row = session.get(Message, message_id)
    if row is None:
        raise NotFound(f"没有 id 为 {message_id} 的邮件记录（见 govinfo messages list）")
    if row.disposition != "quarantined":
        raise Refusal(f"邮件 {row.id} 的处理结果是“{label(DISPOSITION, row.disposition)}”，无需重试",
                      "not_quarantined")
    mailbox = next((m for m in settings.mailboxes if m.name == row.mailbox), None)
    options = ReadOptions.of(mailbox) if mailbox else ReadOptions(name=row.mailbox)
    with Intake(settings, factory) as intake:
        result = intake.retry(options, row)
    if result.disposition == "quarantined":
        raise Refusal(f"邮件 {row.id} 仍无法处理：{result.reason}", "still_quarantined")
    return Done(f"邮件 {row.id}：{label(DISPOSITION, result.disposition)}",
                {"message": row.id, "disposition": result.disposition})
