"""Verbs of the outbox: list what was (or will be) sent, and one delivery pass now."""

from __future__ import annotations

import argparse

from daemon.commands import App, Failure, choices_help, codes, print_json
from daemon.labels import OUTBOX_KIND, OUTBOX_STATE, label
from daemon.people_dates import time_text
from daemon.table import clip, render

STATES = tuple(OUTBOX_STATE)


def cmd_outbox_list(app: App) -> int:
    from sqlalchemy import select

    from daemon.models import Outbound
    from daemon.views import outbound_view

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
            label(OUTBOX_KIND, v["kind"]),
            clip("、".join(v["recipients"]), 30),
            clip(v["subject"], 36),
            label(OUTBOX_STATE, v["state"]) + ("（退信）" if v["bounced_at"] else ""),
            v["attempts"],
            time_text(v["sent_at"] or v["created_at"]),
            clip(v["last_error"] or "", 40),
        ]
        for v in views
    ]
    print(render(["id", "类型", "收件人", "主题", "状态", "尝试", "发送/创建时间", "最近错误"], table))
    return 0


def cmd_outbox_send(app: App) -> int:
    from daemon.actions import mail

    done = mail.send_outbox(app.factory(), app.settings, app.actor)
    print(done.message)
    if not done.data["all_sent"]:
        raise Failure(mail.NOT_ALL_SENT)
    return 0


def register(verbs: argparse._SubParsersAction) -> None:
    outbox = verbs.add_parser("outbox", help="发信队列").add_subparsers(dest="action", required=True)
    olist = outbox.add_parser("list", help="列出发出和待发的邮件")
    olist.add_argument("--json", action="store_true")
    olist.add_argument("--state", type=codes(OUTBOX_STATE), help=choices_help(OUTBOX_STATE))
    olist.set_defaults(func=cmd_outbox_list)
    outbox.add_parser("send", help="立即发送到期的邮件，积压时一批接一批发完（供 cron 使用）").set_defaults(
        func=cmd_outbox_send
    )
