"""Verbs that move points: adopt, evidence list|read|confirm|reject, deduct, score.

Adoption evidence (RULES.md): portal and bulletin adoptions are counted by the info center
and the office themselves; every other outlet needs a screenshot or a copy of the page,
given with ``adopt --evidence FILE`` or mailed by the unit and confirmed here.

Additions to CONTRACT.md: ``evidence list [--json] [--state S]``, ``evidence confirm ID
[--outlet O] [--date D] [--item N]`` (``--outlet`` may be left out when the mail or the
page named the outlet, ``--date`` when the reader read one off the page, ``--item`` when
neither intake nor the reader matched the item), ``evidence reject ID --reason T``,
``evidence read [ID ...]`` (OCR now, see daemon/intake/evidence_reader.py); ``score
--today D`` judges the period as on day D (default today in the office's zone), e.g. to
see a finished year's veto and awards before the year is over.
"""

from __future__ import annotations

import argparse
import mimetypes
from pathlib import Path
from typing import Any

from daemon.commands import (
    App,
    Failure,
    Usage,
    add_by,
    choices_help,
    codes,
    parse_date,
    print_json,
    run_action,
)
from daemon.labels import DEDUCTION_KIND, EVIDENCE_STATE, OUTLET, READ_STATES, label
from daemon.people_dates import time_text
from daemon.table import clip, render

DEDUCTIONS_BY_HAND = {k: v for k, v in DEDUCTION_KIND.items() if k != "returned"}  # a return is `return`


def cmd_adopt(app: App) -> int:
    args = app.args
    evidence = None
    if args.evidence is not None:
        path = Path(args.evidence)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise Failure(f"无法读取证明文件 {path}：{exc.strerror}") from exc
        from daemon.actions.points import EvidenceFile

        evidence = EvidenceFile(path.name, mimetypes.guess_type(path.name)[0] or "application/octet-stream",
                                data)
    return run_action(app, "points.adopt", number=args.number, outlet=args.outlet, day=args.date,
                      evidence=evidence)


def cmd_evidence_list(app: App) -> int:
    from sqlalchemy import select

    from daemon.models import Evidence, Item
    from daemon.views import evidence_view

    query = select(Evidence).order_by(Evidence.id)
    if app.args.state:
        query = query.where(Evidence.state == app.args.state)
    with app.factory()() as session:
        numbers = dict(session.execute(select(Item.id, Item.number)).all())
        views = [evidence_view(row, numbers, app.tz) for row in session.scalars(query)]
    if app.args.json:
        print_json(views)
        return 0
    if not views:
        print("没有采用证明。")
        return 0
    rows = [
        [
            v["id"],
            label(EVIDENCE_STATE, v["state"]),
            v["item"] or "（未匹配）",
            label(OUTLET, v["outlet"]),
            clip(v["filename"], 24),
            time_text(v["created_at"]),
            clip(v["match_reason"], 40),
            f"{v['proposal']['command']}（置信度 {v['proposal']['confidence']:.2f}）" if v["proposal"]
            else label(READ_STATES, v["read_state"] or ("unread" if v["state"] == "pending" else None)),
        ]
        for v in views
    ]
    headers = ["id", "状态", "信息编号", "采用渠道（推测）", "文件", "收到时间", "匹配依据", "识读建议"]
    print(render(headers, rows))
    return 0


def cmd_evidence_confirm(app: App) -> int:
    args = app.args
    return run_action(app, "points.confirm_evidence", evidence_id=args.id, day=args.date,
                      outlet=args.outlet, number=args.item)


def cmd_evidence_read(app: App) -> int:
    from daemon.actions.points import read_evidence

    print(read_evidence(app.factory(), app.settings, app.actor, ids=app.args.ids).message)
    return 0


def cmd_evidence_reject(app: App) -> int:
    return run_action(app, "points.reject_evidence", evidence_id=app.args.id, reason=app.args.reason)


def cmd_deduct(app: App) -> int:
    args = app.args
    return run_action(app, "points.deduct", unit=args.unit, kind=args.kind, day=args.date, note=args.note,
                      number=args.item)


def _score_table(result: dict[str, Any]) -> None:
    from daemon.documents.exports import SCORE_TITLES, score_tables

    units = score_tables(result)[0]
    state = "" if result["final"] else "（期间未结束，为当前进度，不作否决和评先）"
    print(f"{result['period']} 信息工作积分{state}")
    print(render(units.headers, units.rows))
    for key, title in SCORE_TITLES.items():
        winners = result["awards"][key]
        if winners:
            names = "、".join(
                f"{w['rank']}. {w.get('name', w['unit'])}{'（' + w['unit'] + '）' if 'name' in w else ''}"
                f" {w['points']} 分" for w in winners
            )
            print(f"{title}：{names}")


def cmd_score(app: App) -> int:
    from daemon.actions.common import office_today
    from daemon.scoreboard import scoreboard
    from daemon.scoring import parse_period

    try:
        period = parse_period(app.args.period)
    except ValueError as exc:
        raise Usage(f"用法错误：{exc}") from exc
    today = app.args.today or office_today(app.settings)
    with app.factory()() as session:
        result = scoreboard(session, app.settings, period, today)
    if result["state"] == "future":
        raise Usage(f"用法错误：{period.label} 尚未开始（今天是 {today}）")
    if app.args.xlsx:
        from daemon.documents.exports import score_workbook
        from daemon.documents.layout import write_atomically

        write_atomically(Path(app.args.xlsx), score_workbook(result))
    if app.args.json:
        print_json(result)
    else:
        _score_table(result)
    return 0


def register(verbs: argparse._SubParsersAction) -> None:
    adopt = verbs.add_parser("adopt", help="登记采用")
    adopt.add_argument("number", help="信息编号，如 2026-0001")
    adopt.add_argument("--outlet", required=True, type=codes(OUTLET), help=choices_help(OUTLET, "采用渠道"))
    adopt.add_argument("--date", required=True, type=parse_date, help="采用日期")
    adopt.add_argument("--evidence", help="采用截图或刊登页复印件（门户网站、简报以外的渠道必填）")
    add_by(adopt)
    adopt.set_defaults(func=cmd_adopt)

    evidence = verbs.add_parser("evidence", help="采用证明（单位邮件发来的截图）").add_subparsers(
        dest="action", required=True
    )
    elist = evidence.add_parser("list", help="列出采用证明")
    elist.add_argument("--json", action="store_true")
    elist.add_argument("--state", type=codes(EVIDENCE_STATE), help=choices_help(EVIDENCE_STATE))
    elist.set_defaults(func=cmd_evidence_list)
    confirm = evidence.add_parser("confirm", help="确认采用证明并登记采用")
    confirm.add_argument("id", type=int)
    confirm.add_argument("--outlet", type=codes(OUTLET),
                         help=choices_help(OUTLET, "采用渠道，默认取邮件中写明的渠道"))
    confirm.add_argument("--date", type=parse_date, help="采用日期（默认取截图中识别出的日期）")
    confirm.add_argument("--item", help="信息编号（邮件未能匹配到信息时必填）")
    add_by(confirm)
    confirm.set_defaults(func=cmd_evidence_confirm)
    read = evidence.add_parser("read", help="识读采用证明（OCR），提出采用建议")
    read.add_argument("ids", type=int, nargs="*", help="证明 id（默认全部未识读的）")
    read.set_defaults(func=cmd_evidence_read)
    reject = evidence.add_parser("reject", help="驳回采用证明")
    reject.add_argument("id", type=int)
    reject.add_argument("--reason", required=True)
    add_by(reject)
    reject.set_defaults(func=cmd_evidence_reject)

    deduct = verbs.add_parser("deduct", help="扣分：信息失实、重大信息迟报漏报瞒报")
    deduct.add_argument("unit", help="单位名称")
    deduct.add_argument("--kind", required=True, type=codes(DEDUCTIONS_BY_HAND),
                        help=choices_help(DEDUCTIONS_BY_HAND))
    deduct.add_argument("--date", required=True, type=parse_date)
    deduct.add_argument("--item", help="相关信息编号")
    deduct.add_argument("--note", required=True, help="说明（如通报文号）")
    add_by(deduct)
    deduct.set_defaults(func=cmd_deduct)

    score = verbs.add_parser("score", help="积分、任务完成、一票否决与评优")
    score.add_argument("--period", required=True, help="2026、2026-Q1 或 2026-03")
    score.add_argument("--json", action="store_true")
    score.add_argument("--today", type=parse_date, help="按此日期判定（默认今天）")
    score.add_argument("--xlsx", help="同时写出 Excel 表格（积分、个人积分、评先）到此文件")
    score.set_defaults(func=cmd_score)
