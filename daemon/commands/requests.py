"""Verbs for requests: `request create`, `request list`."""

from __future__ import annotations

import argparse

from sqlalchemy import select

from daemon import requests
from daemon.commands import App, Usage, parse_date, print_json
from daemon.db import transaction
from daemon.models import Item, Request
from daemon.people_dates import deadline_text
from daemon.storage import Store
from daemon.table import clip, render
from daemon.timeutil import utcnow

STATE_NAMES = {"open": "未报送", "on_time": "按时报送", "late": "迟报", "missed": "漏报"}


def cmd_create(app: App) -> int:
    units = [u.strip() for u in app.args.units.replace("，", ",").split(",") if u.strip()]
    try:
        with transaction(app.factory()) as session:
            request = requests.create(
                session,
                app.settings,
                Store(app.settings.storage_dir),
                kind=app.args.kind,
                topic=app.args.topic,
                units=units,
                issued=app.args.issued,
                due=app.args.due,
            )
            tag, due = request.tag, deadline_text(request.due_at, app.tz, year=True)
    except requests.RequestError as exc:
        raise Usage(f"用法错误：{exc}") from exc
    print(f"已登记〔{tag}〕，报送期限 {due}，通知邮件已排入发件队列（{len(units)} 个单位）。")
    return 0


def cmd_list(app: App) -> int:
    now = utcnow()
    with app.factory()() as session:
        rows = session.scalars(select(Request).order_by(Request.id)).all()
        numbers = dict(session.execute(select(Item.id, Item.number)).all())
        views = [requests.view(r, app.tz, numbers) for r in rows]
        for request, view in zip(rows, views, strict=True):
            for unit in view["units"]:  # type: ignore[union-attr]
                # the daemon records a miss and alerts once; the listing shows it at once
                if unit["state"] == "open" and request.due_at <= now:
                    unit["state"] = "missed"
    if app.args.json:
        print_json(views)
        return 0
    if not views:
        print("没有约稿。")
        return 0
    table = []
    for v in views:
        for u in v["units"]:  # type: ignore[union-attr]
            table.append([v["tag"], clip(str(v["topic"]), 24), deadline_text(v["due_at"], app.tz),
                          u["unit"], STATE_NAMES[u["state"]], u["item"] or ""])
    print(render(["编号", "主题", "期限", "单位", "状态", "信息编号"], table))
    return 0


def register(verbs: argparse._SubParsersAction) -> None:
    request = verbs.add_parser("request", help="约稿与批示反馈").add_subparsers(
        dest="action", required=True
    )
    create = request.add_parser("create", help="登记约稿并邮件通知各单位")
    create.add_argument("--kind", required=True, choices=["feedback", "solicitation"])
    create.add_argument("--topic", required=True)
    create.add_argument("--units", required=True, help="单位名称，逗号分隔")
    create.add_argument("--issued", required=True, type=parse_date, help="发出日期 YYYY-MM-DD")
    create.add_argument("--due", type=parse_date, help="期限（约稿必填；反馈默认 5 个工作日）")
    create.set_defaults(func=cmd_create)
    listing = request.add_parser("list", help="各约稿及各单位报送情况")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=cmd_list)

