"""``govinfo revoke return|adoption|deduction ID --reason T`` (daemon/actions/corrections.py).

A return is named by its item's number, an adoption or a deduction by the id that
``govinfo items show`` (or ``--json``) lists for it.
"""

from __future__ import annotations

import argparse

from daemon.commands import App, add_by, choices_help, codes, run_action
from daemon.labels import REVOCABLE


def cmd_revoke(app: App) -> int:
    return run_action(app, "corrections.revoke", kind=app.args.kind, ref=app.args.id, reason=app.args.reason)


def register(verbs: argparse._SubParsersAction) -> None:
    revoke = verbs.add_parser("revoke", help="撤销退稿、采用登记或扣分（记录在案，积分重新计算）")
    revoke.add_argument("kind", type=codes(REVOCABLE), help=choices_help(REVOCABLE))
    revoke.add_argument("id", help="退稿填信息编号；采用、扣分填记录编号（见 items show）")
    revoke.add_argument("--reason", required=True, help="撤销理由")
    add_by(revoke)
    revoke.set_defaults(func=cmd_revoke)
