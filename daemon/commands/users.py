"""Console accounts: ``user set-password EMAIL``, ``user list [--json]``, ``user disable|enable EMAIL``.

Who may have an account, and as what, is the roster's to say (daemon/accounts.py);
these verbs only give a roster person a password or take their access away. The password
is read twice from the terminal, or once from stdin when it is not a terminal (scripts).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable

from daemon.commands import App, Failure, print_json, run_action
from daemon.table import render


def _read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("新密码：")
    if getpass.getpass("再输入一次：") != first:
        raise Failure("两次输入的密码不一致")
    return first


def cmd_set_password(app: App) -> int:
    return run_action(app, "users.give_password", email=app.args.email, password=_read_password())


def cmd_list(app: App) -> int:
    from daemon.accounts import ROLES
    from daemon.actions.users import list_users

    with app.factory()() as session:
        views = list_users(session, app.settings, app.actor)
    if app.args.json:
        print_json(views)
        return 0
    rows = [[v["name"], v["email"], ROLES.get(v["role"], v["role"]), v["unit"] or "—",
             "停用" if v["disabled"] else "启用"] for v in views]
    print(render(["姓名", "邮箱", "角色", "单位", "状态"], rows) if rows else "还没有控制台账号。")
    return 0


def _switch(disabled: bool) -> Callable[[App], int]:
    def run(app: App) -> int:
        return run_action(app, "users.set_disabled", email=app.args.email, disabled=disabled)

    return run


def register(verbs: argparse._SubParsersAction) -> None:
    user = verbs.add_parser("user", help="网页控制台账号").add_subparsers(dest="action", required=True)
    setpw = user.add_parser("set-password", help="为名册中的人员设置控制台密码（首次即开通）")
    setpw.add_argument("email")
    setpw.set_defaults(func=cmd_set_password)
    ulist = user.add_parser("list", help="列出控制台账号")
    ulist.add_argument("--json", action="store_true")
    ulist.set_defaults(func=cmd_list)
    for verb, disabled, text in (("disable", True, "停用账号"), ("enable", False, "重新启用账号")):
        sub = user.add_parser(verb, help=text)
        sub.add_argument("email")
        sub.set_defaults(func=_switch(disabled))
