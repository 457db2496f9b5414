"""``govinfo report KIND --period P [--out DIR]``: write a Word document (and an .xlsx of its
tables beside it) and record it. ``report bulletin --items N,M,…`` makes the next issue of
the bulletin from the items the office chose, in that order (then ``--period`` is not needed).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from daemon.commands import App, choices_help, codes, run_action
from daemon.labels import DOCUMENT_KIND


def cmd_report(app: App) -> int:
    out = Path(app.args.out).resolve() if app.args.out else None
    items = app.args.items.replace("，", ",").split(",") if app.args.items is not None else None
    return run_action(app, "reports.generate_report", kind=app.args.kind, period=app.args.period, out=out,
                      items=items)


def register(verbs: argparse._SubParsersAction) -> None:
    report = verbs.add_parser("report", help="生成 Word 文档（简报、统计、通报）")
    report.add_argument("kind", type=codes(DOCUMENT_KIND), help=choices_help(DOCUMENT_KIND))
    report.add_argument("--period", help="期间：2026、2026-Q1 或 2026-03（简报用 --items 时可省略）")
    report.add_argument("--items", help="简报：本期编入的信息编号及顺序，如 2026-0012,2026-0015")
    report.add_argument("--out", help="输出目录（默认为存储目录下的 documents）")
    report.set_defaults(func=cmd_report)
