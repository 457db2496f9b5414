"""``govinfo report KIND --period P [--out DIR]``: write a Word document and record it."""

from __future__ import annotations

import argparse
from datetime import datetime
from pathlib import Path

from daemon.commands import App, Failure, Usage
from daemon.db import transaction
from daemon.documents.wording import KIND_NAMES, KINDS
from daemon.scoring import parse_period
from daemon.timeutil import zone


def cmd_report(app: App) -> int:
    # imported here: matplotlib takes half a second, which every other verb would pay
    from daemon.documents.chart import ChartFontMissing
    from daemon.documents.generate import WrongPeriod, write_report

    args = app.args
    try:
        period = parse_period(args.period)
    except ValueError as exc:
        raise Usage(str(exc)) from exc
    settings = app.settings
    today = datetime.now(zone(settings.timezone)).date()
    out = Path(args.out).resolve() if args.out else None
    try:
        with transaction(app.factory()) as session:
            paths = write_report(session, settings, args.kind, period, today, out)
    except WrongPeriod as exc:
        raise Usage(str(exc)) from exc
    except ChartFontMissing as exc:
        raise Failure(str(exc)) from exc
    if not paths:
        if args.kind == "bulletin":
            print(f"{period.label} 没有尚未编入简报的简报采用信息，未生成新一期简报。")
        else:
            print(f"{period.label} 各单位均已完成任务，无需发督促通知。")
        return 0
    for path in paths:
        print(path)
    return 0


def register(verbs: argparse._SubParsersAction) -> None:
    report = verbs.add_parser("report", help="生成 Word 文档（简报、统计、通报）")
    report.add_argument("kind", choices=KINDS,
                        help="、".join(f"{k}={v}" for k, v in KIND_NAMES.items()))
    report.add_argument("--period", required=True, help="期间：2026、2026-Q1 或 2026-03")
    report.add_argument("--out", help="输出目录（默认为存储目录下的 documents）")
    report.set_defaults(func=cmd_report)
