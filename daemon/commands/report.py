"""``govinfo report KIND --period P [--out DIR]``: write a Word document (and an .xlsx of its
tables beside it) and record it. ``report bulletin --items N,M,…`` makes the next issue of
the bulletin from the items the office chose, in that order (then ``--period`` is not needed).
"""

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
    from daemon.documents.generate import WrongItems, WrongPeriod, write_report

    args = app.args
    try:
        period = parse_period(args.period) if args.period else None
    except ValueError as exc:
        raise Usage(str(exc)) from exc
    items = args.items.replace("，", ",").split(",") if args.items is not None else None
    settings = app.settings
    today = datetime.now(zone(settings.timezone)).date()
    out = Path(args.out).resolve() if args.out else None
    try:
        with transaction(app.factory()) as session:
            paths = write_report(session, settings, args.kind, period, today, out, items)
    except WrongPeriod as exc:
        raise Usage(str(exc)) from exc
    except (WrongItems, ChartFontMissing) as exc:
        raise Failure(str(exc)) from exc
    if not paths:
        if args.kind == "bulletin":
            print(f"{args.period} 没有尚未编入简报的简报采用信息，未生成新一期简报。")
        else:
            print(f"{args.period} 各单位均未落后，无需发督促通知。")
        return 0
    for path in paths:
        print(path)
    return 0


def register(verbs: argparse._SubParsersAction) -> None:
    report = verbs.add_parser("report", help="生成 Word 文档（简报、统计、通报）")
    report.add_argument("kind", choices=KINDS,
                        help="、".join(f"{k}={v}" for k, v in KIND_NAMES.items()))
    report.add_argument("--period", help="期间：2026、2026-Q1 或 2026-03（简报用 --items 时可省略）")
    report.add_argument("--items", help="简报：本期编入的信息编号及顺序，如 2026-0012,2026-0015")
    report.add_argument("--out", help="输出目录（默认为存储目录下的 documents）")
    report.set_defaults(func=cmd_report)
