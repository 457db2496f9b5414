"""``govinfo report KIND --period P [--out DIR]``: write a Word document and record it."""

from __future__ import annotations

import argparse
from pathlib import Path

from daemon.actions.reports import generate_report
from daemon.commands import App, run_action
from daemon.documents.wording import KIND_NAMES, KINDS  # no python-docx or matplotlib behind it


def cmd_report(app: App) -> int:
    out = Path(app.args.out).resolve() if app.args.out else None
    return run_action(app, generate_report, kind=app.args.kind, period=app.args.period, out=out)


def register(verbs: argparse._SubParsersAction) -> None:
    report = verbs.add_parser("report", help="生成 Word 文档（简报、统计、通报）")
    report.add_argument("kind", choices=KINDS,
                        help="、".join(f"{k}={v}" for k, v in KIND_NAMES.items()))
    report.add_argument("--period", required=True, help="期间：2026、2026-Q1 或 2026-03")
    report.add_argument("--out", help="输出目录（默认为存储目录下的 documents）")
    report.set_defaults(func=cmd_report)
