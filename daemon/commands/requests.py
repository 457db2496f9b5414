"""Verbs for requests: `request create`, `request list` (daemon/actions/requests.py)."""

from __future__ import annotations

import argparse

from daemon.commands import App, choices_help, codes, parse_date, print_json, run_action
from daemon.labels import REQUEST_KIND, REQUEST_STATE
from daemon.people_dates import deadline_text
from daemon.table import clip, render


def cmd_create(app: App) -> int:
    args = app.args
    units = args.units.replace("，", ",").split(",")
    return run_action(app, "requests.create_request", kind=args.kind, topic=args.topic, units=units,
                      issued=args.issued, due=args.due, backdated=args.backdated, confirmed=args.confirm)


def cmd_list(app: App) -> int:
    from daemon.actions.requests import list_requests

    with app.factory()() as session:
        views = list_requests(session, app.settings, app.actor)
    if app.args.json:
        print_json(views)
        return 0
    if not views:
        print("没有约稿。")
        return 0
    table = []
    for v in views:
        for u in v["units"]:
            table.append([v["tag"], clip(str(v["topic"]), 24), deadline_text(v["due_at"]),
                          u["unit"], REQUEST_STATE[u["state"]], u["item"] or ""])
    print(render(["编号", "主题", "期限", "单位", "状态", "信息编号"], table))
    return 0


def register(verbs: argparse._SubParsersAction) -> None:
    request = verbs.add_parser("request", help="约稿与批示反馈").add_subparsers(
        dest="action", required=True
    )
    create = request.add_parser("create", help="登记约稿并邮件通知各单位")
    create.add_argument("--kind", required=True, type=codes(REQUEST_KIND), help=choices_help(REQUEST_KIND))
    create.add_argument("--topic", required=True)
    create.add_argument("--units", required=True, help="单位名称，逗号分隔")
    create.add_argument("--issued", required=True, type=parse_date, help="发出日期 YYYY-MM-DD")
    create.add_argument("--due", type=parse_date, help="期限（约稿必填；反馈默认 5 个工作日）")
    create.add_argument("--backdated", action="store_true", help="补登记：允许发出日期或期限早于今天")
    create.add_argument("--confirm", action="store_true", help="确认再次向同一单位发同一主题的约稿")
    create.set_defaults(func=cmd_create)
    listing = request.add_parser("list", help="各约稿及各单位报送情况")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=cmd_list)
