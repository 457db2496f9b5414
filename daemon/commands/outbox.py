"""Verbs of the outbox: list what was (or will be) sent, and one delivery pass now."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy import select

from daemon.commands import App, Failure, print_json
from daemon.models import Outbound
from daemon.outbox.delivery import deliver_due
from daemon.people_dates import time_text
from daemon.storage import Store
from daemon.table import clip, render
from daemon.timeutil import iso

STATES = ("pending", "sent", "failed", "capped")
STATE_NAMES = {"pending": "待发送", "sent": "已发送", "failed": "失败", "capped": "超出每日上限"}
KIND_NAMES = {
    "ack": "收稿回执",
    "route_notice": "分解通知",
    "held_alert": "涉密暂扣提醒",
    "request": "约稿通知",
    "missed_alert": "漏报提醒",
}
OUTCOME_NAMES = {"sent": "已发送", "retry": "待重试", "failed": "失败", "capped": "超出每日上限"}


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


def cmd_outbox_list(app: App) -> int:
    query = select(Outbound).order_by(Outbound.id)
    if app.args.state:
        query = query.where(Outbound.state == app.args.state)
    with app.factory()() as session:
        views = [outbound_view(row, app.tz) for row in session.scalars(query)]
    if app.args.json:
        print_json(views)
        return 0
    table = [
        [
            v["id"],
            KIND_NAMES.get(v["kind"], v["kind"]),
            clip("、".join(v["recipients"]), 30),
            clip(v["subject"], 36),
            STATE_NAMES.get(v["state"], v["state"]) + ("（退信）" if v["bounced_at"] else ""),
            v["attempts"],
            time_text(v["sent_at"] or v["created_at"], app.tz),
            clip(v["last_error"] or "", 40),
        ]
        for v in views
    ]
    print(render(["id", "类型", "收件人", "主题", "状态", "尝试", "发送/创建时间", "最近错误"], table))
    return 0


def cmd_outbox_send(app: App) -> int:
    counts = deliver_due(app.settings, app.factory(), Store(app.settings.storage_dir))
    if not counts:
        print("没有待发送的邮件。")
        return 0
    print("，".join(f"{OUTCOME_NAMES.get(k, k)} {v}" for k, v in sorted(counts.items())))
    if counts["retry"] or counts["failed"]:
        raise Failure("部分邮件未能发出，原因见 govinfo outbox list；待重试的邮件会自动再发")
    return 0


def register(verbs: argparse._SubParsersAction) -> None:
    outbox = verbs.add_parser("outbox", help="发信队列").add_subparsers(dest="action", required=True)
    olist = outbox.add_parser("list", help="列出发出和待发的邮件")
    olist.add_argument("--json", action="store_true")
    olist.add_argument("--state", choices=STATES)
    olist.set_defaults(func=cmd_outbox_list)
    outbox.add_parser("send", help="立即发送到期的邮件一次（供 cron 使用）").set_defaults(
        func=cmd_outbox_send
    )
