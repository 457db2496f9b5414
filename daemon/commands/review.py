"""Verbs of the review chain: route, assign, mark-important, review, publish, report-up, return.

The chain itself (which move is legal, who may take it) is daemon/workflow.py; these
verbs load the item under a row lock, apply it, and write an audit entry with the from
and to states in the same transaction. The helpers here (``locked_item``, ``move``,
``audit``, ``office_today``) are shared with the other verbs of this issue.

Additions to CONTRACT.md: ``assign N UNIT`` (give an unknown sender's item its unit),
``mark-important N [--off]``, and ``--by NAME`` on the office's verbs (default 办公室)
so the audit trail names who acted.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from daemon import logs
from daemon.commands import App, Failure, find_item, parse_date
from daemon.db import transaction
from daemon.labels import STATE, label
from daemon.models import AuditEntry, Deduction, Item
from daemon.outbox.notices import notify_returned, notify_routed
from daemon.storage import Store
from daemon.timeutil import local, utcnow
from daemon.workflow import ACTION_NAMES, FINAL_STATES, Chain, IllegalMove, check_actor, transition

log = logging.getLogger("govinfo")

OFFICE = "办公室"


def office_today(app: App) -> date:
    """Today in the office's time zone: the default date of returns and the scorer's today."""
    return local(utcnow(), app.tz).date()


def not_after_today(day: date, today: date, what: str) -> None:
    if day > today:
        raise Failure(f"{what}（{day}）晚于今天（{today}），请检查日期")


def locked_item(session: Session, ref: str) -> Item:
    """The item, locked against a concurrent verb until the transaction ends (PostgreSQL)."""
    item = find_item(session, ref)
    session.refresh(item, with_for_update=True)
    return item


def audit(item: Item | None, session: Session, actor: str, action: str, note: str,
          data: dict[str, Any]) -> None:
    """One audit row; its log line carries the codes, not the note (which people write)."""
    session.add(
        AuditEntry(item_id=item.id if item else None, at=utcnow(), actor=actor, action=action,
                   note=note, data=data)
    )
    log.info(logs.kv("audit", item=item.number if item else None, action=action, actor=actor, **data))


def move(session: Session, item: Item, action: str, actor: str, note: str = "",
         **data: Any) -> str:
    """Apply one step of the chain to ``item``; returns the state it left."""
    try:
        new = transition(item.state, action, item.important)
    except IllegalMove as exc:
        raise Failure(f"{item.number}：{exc}") from exc
    old, item.state = item.state, new
    audit(item, session, actor, action, note, {"from": old, "to": new, **data})
    return old


def _moved(item: Item, old: str, action: str) -> None:
    print(f"{item.number}：{ACTION_NAMES[action]}完成（{label(STATE, old)} → {label(STATE, item.state)}）")


def cmd_route(app: App) -> int:
    settings = app.settings
    section = settings.unit(app.args.section)
    if section is None or section.kind != "section":
        names = "、".join(u.name for u in settings.units if u.kind == "section")
        raise Failure(f"“{app.args.section}”不是名册中的科室；科室有：{names}")
    with transaction(app.factory()) as session:
        item = locked_item(session, app.args.number)
        if item.unit is None and item.state == "unassigned":
            raise Failure(f"{item.number} 来自未知发件人，请先用 govinfo assign 指定报送单位")
        previous = item.route
        old = move(session, item, "route", app.args.by, f"分解至{section.name}",
                   route_from=previous, route_to=section.name)
        item.route = section.name
        notify_routed(session, settings, Store(settings.storage_dir), item)
    _moved(item, old, "route")
    print(f"承办科室：{previous or '—'} → {section.name}，分解通知已排入发件队列")
    return 0


def cmd_assign(app: App) -> int:
    settings = app.settings
    unit = settings.unit(app.args.unit)
    if unit is None:
        raise Failure(f"“{app.args.unit}”不在名册中")
    with transaction(app.factory()) as session:
        item = locked_item(session, app.args.number)
        if item.unit == unit.name:
            raise Failure(f"{item.number} 已属于{unit.name}")
        if item.state in FINAL_STATES:
            raise Failure(f"{item.number} {label(STATE, item.state)}，流程已结束，不能改派单位")
        previous = item.unit
        item.unit = unit.name
        item.flags = [f for f in item.flags if f != "unknown_sender"]
        # A section's own items are received by the info center (RULES.md 分解).
        if unit.kind == "section":
            item.route = settings.routing.sections_to
        audit(item, session, app.args.by, "assign", f"报送单位指定为{unit.name}",
              {"unit_from": previous, "unit_to": unit.name})
        if item.state == "unassigned":
            move(session, item, "route", app.args.by, f"指定单位后分解至{item.route}")
            notify_routed(session, settings, Store(settings.storage_dir), item)
    print(f"{item.number}：报送单位 {previous or '（未知）'} → {unit.name}，"
          f"状态 {label(STATE, item.state)}，承办科室 {item.route or '—'}")
    return 0


def cmd_mark_important(app: App) -> int:
    important = not app.args.off
    with transaction(app.factory()) as session:
        item = locked_item(session, app.args.number)
        if item.state in FINAL_STATES:
            raise Failure(f"{item.number} {label(STATE, item.state)}，流程已结束，不能更改重要信息标记")
        if item.important == important:
            raise Failure(f"{item.number} {'已是' if important else '本就不是'}重要信息")
        item.important = important
        note = "标记为重要信息（发布或报送前须委主要领导审签）" if important else "取消重要信息标记"
        audit(item, session, app.args.by, "mark_important", note, {"important": important})
    print(f"{item.number}：{note}")
    return 0


def cmd_review(app: App) -> int:
    settings = app.settings
    step = app.args.step
    with transaction(app.factory()) as session:
        item = locked_item(session, app.args.number)
        unit = settings.unit(item.unit) if item.unit else None
        kind = unit.kind if unit else None
        try:
            transition(item.state, step, item.important)  # a wrong state is the first thing to say
            role = check_actor(settings, step, app.args.by, Chain(item.unit, kind, item.route))
        except IllegalMove as exc:
            raise Failure(f"{item.number}：{exc}") from exc
        old = move(session, item, step, app.args.by.strip(), app.args.note or "", role=role)
    _moved(item, old, step)
    return 0


def _end(action: str) -> Callable[[App], int]:
    """publish and report-up: the office ends the chain."""

    def run(app: App) -> int:
        with transaction(app.factory()) as session:
            item = locked_item(session, app.args.number)
            old = move(session, item, action, app.args.by)
        _moved(item, old, action)
        return 0

    return run


def cmd_return(app: App) -> int:
    settings = app.settings
    today = office_today(app)
    day = app.args.date or today
    not_after_today(day, today, "退稿日期")
    with transaction(app.factory()) as session:
        item = locked_item(session, app.args.number)
        if item.unit is None and item.state != "unassigned":
            raise Failure(f"{item.number} 尚未指定报送单位，无法扣分；请先用 govinfo assign 指定单位")
        move(session, item, "return", app.args.by, app.args.reason, on=day.isoformat())
        session.add(
            Deduction(
                unit=item.unit,
                kind="returned",
                on=day,
                points=settings.points.returned,
                item_id=item.id,
                note=app.args.reason,
                recorded_by=app.args.by,
                created_at=utcnow(),
            )
        )
        notify_returned(session, settings, Store(settings.storage_dir), item, app.args.reason,
                        settings.points.returned)
    print(f"{item.number} 已退稿（{app.args.reason}）；{item.unit}扣 {-settings.points.returned} 分，"
          f"计入 {day}")
    return 0


def add_by(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", default=OFFICE, help=f"操作人，记入处理记录（默认“{OFFICE}”）")


def register(verbs: argparse._SubParsersAction) -> None:
    route = verbs.add_parser("route", help="分解：把信息交给承办科室（重新分解）")
    route.add_argument("number", help="信息编号，如 2026-0001")
    route.add_argument("section", help="科室名称")
    add_by(route)
    route.set_defaults(func=cmd_route)

    assign = verbs.add_parser("assign", help="为未知发件人的信息指定报送单位")
    assign.add_argument("number")
    assign.add_argument("unit", help="单位名称")
    add_by(assign)
    assign.set_defaults(func=cmd_assign)

    important = verbs.add_parser("mark-important", help="标记重要信息（须委主要领导审签）")
    important.add_argument("number")
    important.add_argument("--off", action="store_true", help="取消标记")
    add_by(important)
    important.set_defaults(func=cmd_mark_important)

    review = verbs.add_parser("review", help="审核流程的一步：修改、审核、审签")
    review.add_argument("number")
    review.add_argument("--step", required=True, choices=("revise", "review", "sign"))
    review.add_argument("--by", required=True, help="科室负责人、委分管领导或委主要领导的姓名")
    review.add_argument("--note", help="意见")
    review.set_defaults(func=cmd_review)

    for verb, action, text in (("publish", "publish", "发布"), ("report-up", "report_up", "报送上级")):
        end = verbs.add_parser(verb, help=f"{text}（审核流程的终点）")
        end.add_argument("number")
        add_by(end)
        end.set_defaults(func=_end(action))

    ret = verbs.add_parser("return", help="退稿：退回报送单位，扣分")
    ret.add_argument("number")
    ret.add_argument("--reason", required=True, help="退稿理由")
    ret.add_argument("--date", type=parse_date, help="扣分日期（默认今天）")
    add_by(ret)
    ret.set_defaults(func=cmd_return)
