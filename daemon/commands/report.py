"""``govinfo report KIND --period P [--out DIR]``: write a Word document and record it."""

from __future__ import annotations

import argparse
from pathlib import Path

from daemon.commands import App, choices_help, codes, run_action
from daemon.labels import DOCUMENT_KIND


def cmd_report(app: App) -> int:
    out = Path(app.args.out).resolve() if app.args.out else None
    return run_action(app, "reports.generate_report", kind=app.args.kind, period=app.args.period, out=out)


def register(verbs: argparse._SubParsersAction) -> None:
    report = verbs.add_parser("report", help="生成 Word 文档（简报、统计、通报）")
    report.add_argument("kind", type=codes(DOCUMENT_KIND), help=choices_help(DOCUMENT_KIND))
    report.add_argument("--period", required=True, help="期间：2026、2026-Q1 或 2026-03")
    report.add_argument("--out", help="输出目录（默认为存储目录下的 documents）")
    report.set_defaults(func=cmd_report)
