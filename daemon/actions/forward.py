"""择优呈送: a good item goes on to the city party committee office, the city government
office and the party-government net, each a mailbox in ``[forwarding]``. The mail goes
through the outbox in the same transaction as its Forwarding row, with the attachments that
were read and screened (notices.sendable).

Rules: a held (classified) item is never sent on; an item is sent on only once it has been
through the chain (published or reported up, so an important item is signed); an item goes
to a target once: a repeat is refused, and the others of the list still go.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from daemon.actions.base import Actor, Done, Invalid, Refusal
from daemon.actions.common import audit, locked_item
from daemon.actions.permissions import FORWARDABLE, require
from daemon.config import Settings
from daemon.labels import CATEGORY, FORWARD_TARGET, STATE, label
from daemon.models import Forwarding, Item
from daemon.outbox import configured, enqueue
from daemon.outbox.notices import attachment_parts, sendable, withheld
from daemon.people_dates import time_text
from daemon.storage import Store
from daemon.timeutil import utcnow

TARGETS = FORWARD_TARGET


def forward_context(settings: Settings, item: Item, target: str) -> dict[str, Any]:
    return {
        "target": TARGETS[target],
        "number": item.number,
        "title": item.title,
        "unit": item.unit or "未知单位",
        "authors": "、".join(item.authors),
        "category": label(CATEGORY, item.category),
        "text": item.article_text or item.body_text,
        "attachments": [a.filename for a in sendable(item)],
        "withheld": withheld(item),
        "office": settings.office_name(),
    }


def forward(session: Session, settings: Settings, actor: Actor, *, number: str, targets: list[str]) -> Done:
    require(actor, "forward")
    targets = list(dict.fromkeys(t.strip() for t in targets if t.strip()))
    unknown = [t for t in targets if t not in TARGETS]
    if unknown or not targets:
        raise Invalid(f"呈送对象应为 {','.join(TARGETS)} 中的一个或几个，收到“{','.join(targets)}”")
    store = Store(settings.storage_dir)
    item = locked_item(session, number)
    if item.state == "held":
        raise Refusal(f"{item.number} 含密级标识，已暂扣；涉密信息一律不得呈送", "held")
    if item.state not in FORWARDABLE:
        raise Refusal(f"{item.number} 当前状态为“{label(STATE, item.state)}”，"
                      "须审核完毕并发布或报送后才能呈送", "not_final")
    done = {f.target: f for f in session.scalars(select(Forwarding).where(Forwarding.item_id == item.id))}
    attachments = attachment_parts(store, item)  # only files read and screened whole
    sent: list[str] = []
    repeated: list[str] = []
    for target in targets:
        if target in done:
            when = time_text(done[target].created_at, settings.timezone)
            repeated.append(f"{TARGETS[target]}（{when} 已呈送）")
            continue
        outbound = enqueue(
            session, settings, store,
            kind="forward",
            dedupe_key=f"forward:item:{item.id}:{target}",
            to=configured([getattr(settings.forwarding, target)]),
            template="forward",
            context=forward_context(settings, item, target),
            item_id=item.id,
            attachments=attachments,
        )
        if outbound is None:
            raise Refusal(f"{TARGETS[target]}的收件地址是本系统自己的地址，无法呈送；请检查 [forwarding]",
                          "own_address")
        session.flush()
        session.add(Forwarding(item_id=item.id, target=target, outbox_id=outbound.id, by=actor.name,
                               created_at=utcnow()))
        audit(session, item, actor, "forward", f"呈送{TARGETS[target]}",
              {"target": target, "outbox": outbound.id})
        sent.append(TARGETS[target])
    said = f"{item.number} 已呈送过，不再重复发送：{'、'.join(repeated)}" if repeated else ""
    if not sent:
        raise Refusal("\n".join(filter(None, [said, f"{item.number} 没有需要呈送的新对象"])), "repeated")
    lines = [said, f"{item.number} 呈送{'、'.join(sent)}的邮件已排入发件队列"]
    return Done("\n".join(filter(None, lines)), {"number": item.number, "sent": sent, "repeated": repeated})
