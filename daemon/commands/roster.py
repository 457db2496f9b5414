"""`govinfo roster check`: units and people missing from the roster."""

from __future__ import annotations

import argparse

from daemon.commands import App, Failure, print_json


def cmd_check(app: App) -> int:
    from daemon.roster import check_roster

    problems = check_roster(app.settings)
    if app.args.json:
        # only JSON on stdout, complete or not: a script reads it; the verdict goes to stderr
        print_json([p.as_dict() for p in problems])
    else:
        for p in problems:
            print(f"{p.unit}：{p.problem}")
    if problems:
        raise Failure(f"名册不完整：{len(problems)} 处需要补充")
    if not app.args.json:
        print(f"名册完整：{len(app.settings.units)} 个单位均已明确所需人员和邮箱。")
    return 0


def register(verbs: argparse._SubParsersAction) -> None:
    roster = verbs.add_parser("roster", help="名册").add_subparsers(dest="action", required=True)
    check = roster.add_parser("check", help="检查各单位是否明确了分管领导、信息员及其邮箱")
    check.add_argument("--json", action="store_true", help="只输出 JSON")
    check.set_defaults(func=cmd_check)
