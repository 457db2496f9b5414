"""``govinfo forward N --to party_committee,government,party_gov_net``: 择优呈送
(daemon/actions/forward.py)."""

from __future__ import annotations

import argparse

from daemon.commands import App, add_by, choices_help, run_action
from daemon.labels import FORWARD_TARGET


def cmd_forward(app: App) -> int:
    targets = app.args.to.replace("，", ",").split(",")
    return run_action(app, "forward.forward", number=app.args.number, targets=targets)


def register(verbs: argparse._SubParsersAction) -> None:
    parser = verbs.add_parser("forward", help="择优呈送市委办、市政府办、定西党政网")
    parser.add_argument("number", help="信息编号，如 2026-0001")
    parser.add_argument("--to", required=True,
                        help=choices_help(FORWARD_TARGET, "逗号分隔"))
    add_by(parser)
    parser.set_defaults(func=cmd_forward)
