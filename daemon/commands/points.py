"""Verbs that move points: adopt, evidence list|confirm|reject, deduct, score.

Adoption evidence (RULES.md): portal and bulletin adoptions are counted by the info center
and the office themselves; every other outlet needs a screenshot or a copy of the page,
given with ``adopt --evidence FILE`` or mailed by the unit and confirmed here.

Additions to CONTRACT.md: ``evidence list [--json] [--state S]``, ``evidence confirm ID
--outlet O --date D [--item N]`` (``--outlet`` may be left out when the mail named the
outlet; ``--item`` when intake could not match the item), ``evidence reject ID --reason
T``; ``score --today D`` judges the period as on day D (default today in the office's
zone), e.g. to see a finished year's veto and awards before the year is over.
"""

from __future__ import annotations

import argparse
import mimetypes
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from daemon.commands import App, Failure, Usage, find_item, parse_date, print_json
from daemon.commands.review import add_by, audit, locked_item, not_after_today, office_today
from daemon.config import OUTLETS, Settings
from daemon.db import transaction
from daemon.evidence import OUTLETS_WITHOUT_EVIDENCE
from daemon.labels import OUTLET, label
from daemon.models import Adoption, Deduction, Evidence, Item
from daemon.people_dates import time_text
from daemon.scoreboard import scoreboard
from daemon.scoring import parse_period
from daemon.storage import Store
from daemon.table import clip, render
from daemon.timeutil import iso, local, utcnow

DEDUCTION_KINDS = {"returned": "退稿", "false_info": "信息失实", "late_major": "重大信息迟报漏报瞒报"}
EVIDENCE_STATES = {"pending": "待确认", "confirmed": "已确认", "rejected": "已驳回"}


def record_adoption(
    session: Session,
    settings: Settings,
    item: Item,
    outlet: str,
    day: date,
    today: date,
    evidence: Evidence | None,
    by: str,
) -> Adoption:
    """Check and add one adoption; Failure says in Chinese why it cannot be recorded."""
    name = label(OUTLET, outlet)
    if item.state == "held":
        raise Failure(f"{item.number} 含密级标识，已暂扣，不能登记采用")
    if item.state == "returned":
        raise Failure(f"{item.number} 已退稿，不能登记采用")
    not_after_today(day, today, "采用日期")
    received = local(item.received_at, settings.timezone).date()
    if day < received:
        raise Failure(f"采用日期 {day} 早于 {item.number} 的收到日期 {received}，请检查日期")
    existing = session.scalar(select(Adoption).where(Adoption.item_id == item.id, Adoption.outlet == outlet))
    if existing is not None:
        raise Failure(f"{item.number} 被{name}采用已于 {existing.adopted_on} 登记过，同一渠道只计一次")
    if evidence is None and outlet not in OUTLETS_WITHOUT_EVIDENCE:
        pending = session.scalars(
            select(Evidence.id).where(Evidence.item_id == item.id, Evidence.state == "pending")
        ).all()
        hint = (f"；该信息有待确认的采用证明（{'、'.join(map(str, pending))}），"
                f"可用 govinfo evidence confirm 编号 --outlet {outlet} --date {day}") if pending else ""
        raise Failure(f"被{name}采用须提供采用截图或刊登页复印件：请用 --evidence 文件 提供{hint}")
    adoption = Adoption(
        item_id=item.id,
        outlet=outlet,
        adopted_on=day,
        evidence_id=evidence.id if evidence else None,
        recorded_by=by,
        created_at=utcnow(),
    )
    session.add(adoption)
    points = settings.points.adoption(outlet)
    audit(item, session, by, "adopt", f"被{name}采用（{day}），计 {points} 分",
          {"outlet": outlet, "on": day.isoformat(), "evidence": adoption.evidence_id})
    return adoption


def cmd_adopt(app: App) -> int:
    settings = app.settings
    args = app.args
    data = None
    if args.evidence is not None:
        path = Path(args.evidence)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise Failure(f"无法读取证明文件 {path}：{exc.strerror}") from exc
    with transaction(app.factory()) as session:
        item = locked_item(session, args.number)
        evidence = None
        if data is not None:
            now = utcnow()
            evidence = Evidence(
                item_id=item.id,
                outlet=args.outlet,
                filename=path.name,
                content_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream",
                sha256=Store(settings.storage_dir).put("evidence", data),
                size=len(data),
                state="confirmed",
                match_reason="办公室登记采用时提供",
                created_at=now,
                decided_by=args.by,
                decided_at=now,
            )
            session.add(evidence)
            session.flush()
        record_adoption(session, settings, item, args.outlet, args.date, office_today(app), evidence, args.by)
    print(f"已登记：{item.number} 被{label(OUTLET, args.outlet)}采用（{args.date}），"
          f"计 {settings.points.adoption(args.outlet)} 分")
    return 0


def evidence_view(row: Evidence, numbers: dict[int, str], tz: str) -> dict[str, Any]:
    return {
        "id": row.id,
        "state": row.state,
        "item": numbers.get(row.item_id) if row.item_id else None,
        "outlet": row.outlet,
        "filename": row.filename,
        "content_type": row.content_type,
        "size": row.size,
        "sha256": row.sha256,
        "message": row.message_row_id,
        "match_reason": row.match_reason,
        "created_at": iso(row.created_at, tz),
        "decided_by": row.decided_by,
        "decided_at": iso(row.decided_at, tz),
    }


def cmd_evidence_list(app: App) -> int:
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
            label(EVIDENCE_STATES, v["state"]),
            v["item"] or "（未匹配）",
            label(OUTLET, v["outlet"]),
            clip(v["filename"], 24),
            time_text(v["created_at"], app.tz),
            clip(v["match_reason"], 40),
        ]
        for v in views
    ]
    print(render(["id", "状态", "信息编号", "采用渠道（推测）", "文件", "收到时间", "匹配依据"], rows))
    return 0


def _pending_evidence(session: Session, evidence_id: int) -> Evidence:
    row = session.get(Evidence, evidence_id, with_for_update=True)
    if row is None:
        raise Failure(f"没有 id 为 {evidence_id} 的采用证明（见 govinfo evidence list）")
    if row.state != "pending":
        raise Failure(f"采用证明 {evidence_id} {label(EVIDENCE_STATES, row.state)}，不能再处理")
    return row


def cmd_evidence_confirm(app: App) -> int:
    args = app.args
    with transaction(app.factory()) as session:
        evidence = _pending_evidence(session, args.id)
        if args.item:
            item: Item | None = locked_item(session, args.item)
        else:
            item = session.get(Item, evidence.item_id, with_for_update=True) if evidence.item_id else None
        if item is None:
            raise Failure(f"采用证明 {evidence.id} 未匹配到信息（{evidence.match_reason}），请用 --item 指定")
        outlet = args.outlet or evidence.outlet
        if outlet is None:
            raise Usage("用法错误：邮件未写明采用渠道，请用 --outlet 指定")
        now = utcnow()
        evidence.item_id, evidence.outlet, evidence.state = item.id, outlet, "confirmed"
        evidence.decided_by, evidence.decided_at = args.by, now
        record_adoption(session, app.settings, item, outlet, args.date, office_today(app), evidence, args.by)
    print(f"采用证明 {evidence.id} 已确认：{item.number} 被{label(OUTLET, outlet)}采用（{args.date}），"
          f"计 {app.settings.points.adoption(outlet)} 分")
    return 0


def cmd_evidence_reject(app: App) -> int:
    with transaction(app.factory()) as session:
        evidence = _pending_evidence(session, app.args.id)
        evidence.state, evidence.decided_by, evidence.decided_at = "rejected", app.args.by, utcnow()
        item = session.get(Item, evidence.item_id) if evidence.item_id else None
        audit(item, session, app.args.by, "evidence_rejected",
              f"驳回采用证明 {evidence.id}：{app.args.reason}", {"evidence": evidence.id})
    print(f"采用证明 {evidence.id} 已驳回：{app.args.reason}")
    return 0


def _summoned(settings: Settings, unit_name: str) -> str:
    """Who is summoned for a late_major deduction: the county's 分管领导, a section's head."""
    unit = settings.unit(unit_name)
    assert unit is not None
    role, title = ("supervising_leader", "分管领导") if unit.kind == "county" else ("head", "负责人")
    names = [p.name for p in unit.people_with(role)]
    if not names:
        return f"名册中未登记{unit_name}的{title}，请补充名册后安排约谈"
    return f"按制度由委主要领导或分管领导约谈{unit_name}{title}：{'、'.join(names)}"


def cmd_deduct(app: App) -> int:
    settings = app.settings
    args = app.args
    if settings.unit(args.unit) is None:
        raise Failure(f"“{args.unit}”不在名册中")
    not_after_today(args.date, office_today(app), "扣分日期")
    points = getattr(settings.points, args.kind)
    with transaction(app.factory()) as session:
        item = find_item(session, args.item) if args.item else None
        if item is not None and item.unit != args.unit:
            raise Failure(f"{item.number} 属于{item.unit or '未指定单位'}，不属于{args.unit}")
        session.add(
            Deduction(
                unit=args.unit,
                kind=args.kind,
                on=args.date,
                points=points,
                item_id=item.id if item else None,
                note=args.note,
                summon_leader=args.kind == "late_major",
                recorded_by=args.by,
                created_at=utcnow(),
            )
        )
        audit(item, session, args.by, "deduct",
              f"{args.unit}{DEDUCTION_KINDS[args.kind]}扣 {-points} 分（{args.date}）：{args.note}",
              {"unit": args.unit, "kind": args.kind, "on": args.date.isoformat(), "points": points})
    print(f"已记录扣分：{args.unit} {DEDUCTION_KINDS[args.kind]} 扣 {-points} 分，计入 {args.date}")
    if args.kind == "late_major":
        print(_summoned(settings, args.unit))
    return 0


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
    try:
        period = parse_period(app.args.period)
    except ValueError as exc:
        raise Usage(f"用法错误：{exc}") from exc
    today = app.args.today or office_today(app)
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
    adopt.add_argument("--outlet", required=True, choices=OUTLETS)
    adopt.add_argument("--date", required=True, type=parse_date, help="采用日期")
    adopt.add_argument("--evidence", help="采用截图或刊登页复印件（门户网站、简报以外的渠道必填）")
    add_by(adopt)
    adopt.set_defaults(func=cmd_adopt)

    evidence = verbs.add_parser("evidence", help="采用证明（单位邮件发来的截图）").add_subparsers(
        dest="action", required=True
    )
    elist = evidence.add_parser("list", help="列出采用证明")
    elist.add_argument("--json", action="store_true")
    elist.add_argument("--state", choices=sorted(EVIDENCE_STATES))
    elist.set_defaults(func=cmd_evidence_list)
    confirm = evidence.add_parser("confirm", help="确认采用证明并登记采用")
    confirm.add_argument("id", type=int)
    confirm.add_argument("--outlet", choices=OUTLETS, help="采用渠道（默认取邮件中写明的渠道）")
    confirm.add_argument("--date", required=True, type=parse_date, help="采用日期")
    confirm.add_argument("--item", help="信息编号（邮件未能匹配到信息时必填）")
    add_by(confirm)
    confirm.set_defaults(func=cmd_evidence_confirm)
    reject = evidence.add_parser("reject", help="驳回采用证明")
    reject.add_argument("id", type=int)
    reject.add_argument("--reason", required=True)
    add_by(reject)
    reject.set_defaults(func=cmd_evidence_reject)

    deduct = verbs.add_parser("deduct", help="扣分：信息失实、重大信息迟报漏报瞒报")
    deduct.add_argument("unit", help="单位名称")
    deduct.add_argument("--kind", required=True, choices=("false_info", "late_major"))
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
