"""Verbs of the review chain: route, assign, mark-important, review, publish, report-up,
return, and release of a held item (daemon/actions/chain.py).

Additions to CONTRACT.md: ``assign N UNIT`` (give an unknown sender's item its unit),
``mark-important N [--off]``, and ``--by NAME`` on the office's verbs (default 办公室)
so the audit trail names who acted.
"""

from __future__ import annotations

import argparse

from daemon.commands import App, add_by, choices_help, codes, parse_date, run_action
from daemon.labels import REVIEW_STEP


def cmd_route(app: App) -> int:
    return run_action(app, "chain.route", number=app.args.number, section=app.args.section)


def cmd_assign(app: App) -> int:
    return run_action(app, "chain.assign", number=app.args.number, unit=app.args.unit)


def cmd_mark_important(app: App) -> int:
    return run_action(app, "chain.mark_important", number=app.args.number, important=not app.args.off)


def cmd_review(app: App) -> int:
    return run_action(app, "chain.review", number=app.args.number, step=app.args.step,
                      note=app.args.note or "")


def cmd_publish(app: App) -> int:
    return run_action(app, "chain.publish", number=app.args.number)


def cmd_report_up(app: App) -> int:
    return run_action(app, "chain.report_up", number=app.args.number)


def cmd_return(app: App) -> int:
    return run_action(app, "chain.return_item", number=app.args.number, reason=app.args.reason,
                      day=app.args.date)


def cmd_release(app: App) -> int:
    return run_action(app, "chain.release", number=app.args.number, reason=app.args.reason)


def register(verbs: argparse._SubParsersAction) -> None:
    route = verbs.add_parser("route", help="分解：把信息交给承办科室（重新分解）")
    route.add_argument("number", help="信息编号，如 2026-0001")
    route.add_argument("section", help="科室名称")
    add_by(route)
    route.set_defaults(func=cmd_route)

    assign = verbs.add_parser("assign", help="为未知发件人的信息指定报送单位")
    assign.add_argument("number")
    assign.add_argument("unit", help="单位名称")
    add_by(assign)
    assign.set_defaults(func=cmd_assign)

    important = verbs.add_parser("mark-important", help="标记重要信息（须委主要领导审签）")
    important.add_argument("number")
    important.add_argument("--off", action="store_true", help="取消标记")
    add_by(important)
    important.set_defaults(func=cmd_mark_important)

    review = verbs.add_parser("review", help="审核流程的一步：修改、审核、审签")
    review.add_argument("number")
    review.add_argument("--step", required=True, type=codes(REVIEW_STEP), help=choices_help(REVIEW_STEP))
    review.add_argument("--by", required=True, help="科室负责人、委分管领导或委主要领导的姓名")
    review.add_argument("--note", help="意见")
    review.set_defaults(func=cmd_review)

    for verb, func, text in (("publish", cmd_publish, "发布"), ("report-up", cmd_report_up, "报送上级")):
        end = verbs.add_parser(verb, help=f"{text}（审核流程的终点）")
        end.add_argument("number")
        add_by(end)
        end.set_defaults(func=func)

    ret = verbs.add_parser("return", help="退稿：退回报送单位，扣分")
    ret.add_argument("number")
    ret.add_argument("--reason", required=True, help="退稿理由")
    ret.add_argument("--date", type=parse_date, help="扣分日期（默认今天）")
    add_by(ret)
    ret.set_defaults(func=cmd_return)

    release = verbs.add_parser("release", help="放行暂扣的信息（误判密级标识，或已人工检查的附件），不扣分")
    release.add_argument("number")
    release.add_argument("--reason", required=True, help="放行理由")
    add_by(release)
    release.set_defaults(func=cmd_release)
