"""``govinfo forward N --to party_committee,government,party_gov_net``: 择优呈送.

Good items go on to the city party committee office, the city government office and
the party-government net, each a mailbox in ``[forwarding]``. The mail goes through the
outbox in the same transaction as its Forwarding row, with the original attachments.

Rules: a held (classified) item is never sent on; an item is sent on only once it has
been through the chain (published or reported up, so an important item is signed); an
item goes to a target once: a repeat is refused, and the others of the list still go.
"""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy import select

from daemon.commands import App, Failure, Usage
from daemon.commands.review import add_by, audit, locked_item
from daemon.config import Settings
from daemon.db import transaction
from daemon.labels import CATEGORY, STATE, label
from daemon.models import Forwarding, Item
from daemon.outbox import enqueue
from daemon.outbox.notices import attachment_parts, sendable, withheld
from daemon.storage import Store
from daemon.timeutil import iso, utcnow

TARGETS = {"party_committee": "市委办公室", "government": "市政府办公室", "party_gov_net": "定西党政网"}
FORWARDABLE = ("published", "reported")


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


def _targets(text: str) -> list[str]:
    targets = list(dict.fromkeys(t.strip() for t in text.replace("，", ",").split(",") if t.strip()))
    unknown = [t for t in targets if t not in TARGETS]
    if unknown or not targets:
        raise Usage(f"用法错误：--to 应为 {','.join(TARGETS)} 中的一个或几个，收到“{text}”")
    return targets


def cmd_forward(app: App) -> int:
    settings = app.settings
    targets = _targets(app.args.to)
    store = Store(settings.storage_dir)
    sent: list[str] = []
    repeated: list[str] = []
    with transaction(app.factory()) as session:
        item = locked_item(session, app.args.number)
        if item.state == "held":
            raise Failure(f"{item.number} 含密级标识，已暂扣；涉密信息一律不得呈送")
        if item.state not in FORWARDABLE:
            raise Failure(f"{item.number} 当前状态为“{label(STATE, item.state)}”，"
                          "须审核完毕并发布或报送后才能呈送")
        done = {
            f.target: f
            for f in session.scalars(select(Forwarding).where(Forwarding.item_id == item.id))
        }
        attachments = attachment_parts(store, item)
        for target in targets:
            if target in done:
                when = (iso(done[target].created_at, app.tz) or "")[:16].replace("T", " ")
                repeated.append(f"{TARGETS[target]}（{when} 已呈送）")
                continue
            outbound = enqueue(
                session, settings, store,
                kind="forward",
                dedupe_key=f"forward:item:{item.id}:{target}",
                to=[getattr(settings.forwarding, target)],
                template="forward",
                context=forward_context(settings, item, target),
                item_id=item.id,
                attachments=attachments,
            )
            if outbound is None:
                raise Failure(f"{TARGETS[target]}的收件地址是本系统自己的地址，无法呈送；请检查 [forwarding]")
            session.flush()
            session.add(Forwarding(item_id=item.id, target=target, outbox_id=outbound.id,
                                   by=app.args.by, created_at=utcnow()))
            audit(item, session, app.args.by, "forward", f"呈送{TARGETS[target]}",
                  {"target": target, "outbox": outbound.id})
            sent.append(TARGETS[target])
    if repeated:
        print(f"{item.number} 已呈送过，不再重复发送：{'、'.join(repeated)}")
    if not sent:
        raise Failure(f"{item.number} 没有需要呈送的新对象")
    print(f"{item.number} 呈送{'、'.join(sent)}的邮件已排入发件队列")
    return 0


def register(verbs: argparse._SubParsersAction) -> None:
    forward = verbs.add_parser("forward", help="择优呈送市委办、市政府办、定西党政网")
    forward.add_argument("number", help="信息编号，如 2026-0001")
    forward.add_argument("--to", required=True, help="party_committee,government,party_gov_net")
    add_by(forward)
    forward.set_defaults(func=cmd_forward)
