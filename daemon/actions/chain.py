"""The review chain's actions: route, assign, mark important, the review steps, publish,
report up, return (退稿), and release of a held item.

The chain itself (which move is legal, who may take it) is daemon/workflow.py; these load
the item under a row lock, apply it, and write an audit entry with the from and to states
in the same transaction.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from daemon.actions.base import Actor, Done, Invalid, NotFound, Refusal
from daemon.actions.common import (
    audit,
    locked_item,
    move,
    not_after_today,
    office_today,
    required_text,
)
from daemon.actions.permissions import require, require_step
from daemon.config import Settings
from daemon.labels import STATE, label
from daemon.models import Adoption, Deduction, Item
from daemon.outbox.notices import notify_returned, notify_routed
from daemon.storage import Store
from daemon.timeutil import utcnow
from daemon.workflow import ACTION_NAMES, FINAL_STATES, IllegalMove, transition


def _moved(item: Item, old: str, action: str) -> str:
    return f"{item.number}：{ACTION_NAMES[action]}完成（{label(STATE, old)} → {label(STATE, item.state)}）"


def _section(settings: Settings, name: str) -> str:
    section = settings.unit(name.strip())
    if section is None or section.kind != "section":
        names = "、".join(u.name for u in settings.units if u.kind == "section")
        raise Refusal(f"“{name}”不是名册中的科室；科室有：{names}", "unknown_section")
    return section.name


def route(session: Session, settings: Settings, actor: Actor, *, number: str, section: str) -> Done:
    require(actor, "route")
    target = _section(settings, section)
    item = locked_item(session, number)
    if item.unit is None and item.state == "unassigned":
        raise Refusal(f"{item.number} 来自未知发件人，请先用 govinfo assign 指定报送单位", "no_unit")
    if item.state != "unassigned" and item.route == target:
        raise Refusal(f"{item.number} 已分解至{target}，无需重新分解", "same_route")
    previous = item.route
    old = move(session, item, "route", actor, f"分解至{target}", route_from=previous, route_to=target)
    item.route = target
    notify_routed(session, settings, Store(settings.storage_dir), item)
    said = f"承办科室：{previous or '—'} → {target}，分解通知已排入发件队列"
    return Done(f"{_moved(item, old, 'route')}\n{said}",
                {"number": item.number, "state": item.state, "route": target})


def assign(session: Session, settings: Settings, actor: Actor, *, number: str, unit: str) -> Done:
    require(actor, "assign")
    found = settings.unit(unit.strip())
    if found is None:
        raise Refusal(f"“{unit}”不在名册中", "unknown_unit")
    item = locked_item(session, number)
    if item.unit == found.name:
        raise Refusal(f"{item.number} 已属于{found.name}", "same_unit")
    if item.state in FINAL_STATES:
        raise Refusal(f"{item.number} {label(STATE, item.state)}，流程已结束，不能改派单位", "final")
    previous = set_unit(session, settings, actor, item, found.name)
    return Done(f"{item.number}：报送单位 {previous or '（未知）'} → {found.name}，"
                f"状态 {label(STATE, item.state)}，承办科室 {item.route or '—'}",
                {"number": item.number, "unit": found.name, "state": item.state, "route": item.route})


def set_unit(session: Session, settings: Settings, actor: Actor, item: Item, unit: str) -> str | None:
    """Give the item its unit; an unassigned item then goes to its section with a route notice."""
    previous = item.unit
    item.unit = unit
    item.flags = [f for f in item.flags if f != "unknown_sender"]
    found = settings.unit(unit)
    # A section's own items are received by the info center (RULES.md 分解).
    if found is not None and found.kind == "section":
        item.route = settings.routing.sections_to
    # the unit's deductions for this item move with it: the points were always the right unit's
    for row in session.scalars(select(Deduction).where(Deduction.item_id == item.id,
                                                       Deduction.revoked_at.is_(None))):
        row.unit = unit
    audit(session, item, actor, "assign", f"报送单位指定为{unit}", {"unit_from": previous, "unit_to": unit})
    if item.state == "unassigned":
        move(session, item, "route", actor, f"指定单位后分解至{item.route}")
        notify_routed(session, settings, Store(settings.storage_dir), item)
    return previous


def mark_important(session: Session, settings: Settings, actor: Actor, *, number: str,
                   important: bool = True) -> Done:
    require(actor, "mark_important")
    item = locked_item(session, number)
    if item.state in FINAL_STATES:
        raise Refusal(f"{item.number} {label(STATE, item.state)}，流程已结束，不能更改重要信息标记", "final")
    if item.important == important:
        raise Refusal(f"{item.number} {'已是' if important else '本就不是'}重要信息", "unchanged")
    item.important = important
    note = "标记为重要信息（发布或报送前须委主要领导审签）" if important else "取消重要信息标记"
    audit(session, item, actor, "mark_important", note, {"important": important})
    return Done(f"{item.number}：{note}", {"number": item.number, "important": important})


def review(session: Session, settings: Settings, actor: Actor, *, number: str, step: str,
           note: str = "") -> Done:
    """One review step (revise, review, sign) by the person ``actor`` names."""
    if step not in ("revise", "review", "sign"):
        raise Invalid(f"未知的审核步骤：{step}（revise、review 或 sign）")
    item = locked_item(session, number)
    try:
        transition(item.state, step, item.important)  # a wrong state is the first thing to say
    except IllegalMove as exc:
        raise Refusal(f"{item.number}：{exc}", "illegal_move") from exc
    try:
        require_step(settings, actor, item, step)
    except Refusal as exc:
        raise type(exc)(f"{item.number}：{exc.message}") from exc
    role = {"revise": "head", "review": "supervising_leader", "sign": "principal_leader"}[step]
    old = move(session, item, step, actor.name.strip(), note or "", role=role)
    return Done(_moved(item, old, step), {"number": item.number, "state": item.state})


def _finish(session: Session, settings: Settings, actor: Actor, number: str, action: str) -> Done:
    require(actor, action)
    item = locked_item(session, number)
    old = move(session, item, action, actor)
    return Done(_moved(item, old, action), {"number": item.number, "state": item.state})


def publish(session: Session, settings: Settings, actor: Actor, *, number: str) -> Done:
    return _finish(session, settings, actor, number, "publish")


def report_up(session: Session, settings: Settings, actor: Actor, *, number: str) -> Done:
    return _finish(session, settings, actor, number, "report_up")


def return_item(session: Session, settings: Settings, actor: Actor, *, number: str, reason: str,
                day: date | None = None) -> Done:
    """退稿: back to the unit with the reason, which costs the unit ``points.returned``."""
    require(actor, "return")
    reason = required_text(reason, "退稿理由")
    today = office_today(settings)
    day = day or today
    not_after_today(day, today, "退稿日期")
    item = locked_item(session, number)
    if item.unit is None and item.state != "unassigned":
        raise Refusal(f"{item.number} 尚未指定报送单位，无法扣分；请先用 govinfo assign 指定单位", "no_unit")
    adopted = session.scalars(select(Adoption.id).where(Adoption.item_id == item.id,
                                                        Adoption.revoked_at.is_(None))).all()
    if adopted:
        raise Refusal(f"{item.number} 已登记采用（采用记录 {'、'.join(map(str, adopted))}），不能退稿；"
                      "如采用登记有误，请先撤销采用（govinfo revoke adoption 编号）", "adopted")
    points = settings.points.returned
    move(session, item, "return", actor, reason, on=day.isoformat())
    row = Deduction(unit=item.unit, kind="returned", on=day, points=points, item_id=item.id,
                    note=reason, recorded_by=actor.name, created_at=utcnow())
    session.add(row)
    session.flush()
    notify_returned(session, settings, Store(settings.storage_dir), item, reason, points, row.id)
    return Done(f"{item.number} 已退稿（{reason}）；{item.unit}扣 {-points} 分，计入 {day}",
                {"number": item.number, "state": item.state, "points": points, "on": day.isoformat(),
                 "deduction": row.id})


def release(session: Session, settings: Settings, actor: Actor, *, number: str, reason: str) -> Done:
    """A held item the office has checked goes on, costing nothing: to its section when it
    has a unit and a route (with the route notice it was held back from), else to assign."""
    require(actor, "release")
    reason = required_text(reason, "放行理由")
    item = locked_item(session, number)
    if item.state != "held":
        raise Refusal(f"{item.number} 当前状态为“{label(STATE, item.state)}”，不是暂扣的信息，无需放行",
                      "not_held")
    item.state = "routed" if item.unit is not None and item.route is not None else "unassigned"
    audit(session, item, actor, "release", reason, {"from": "held", "to": item.state})
    if item.state == "routed":
        notify_routed(session, settings, Store(settings.storage_dir), item)
        then = f"已分解至{item.route}，分解通知已排入发件队列"
    else:
        then = "待指定报送单位后分解" if item.unit is None else "待分解"
    return Done(f"{item.number} 已放行（{reason}），{then}；不扣分",
                {"number": item.number, "state": item.state, "route": item.route})


def restore_returned(session: Session, item: Item) -> str:
    """The state a returned item was in before its return, from the audit trail."""
    for entry in reversed(item.audit):
        if entry.action == "return" and entry.data.get("to") == "returned":
            return str(entry.data["from"])
    raise NotFound(f"{item.number} 的处理记录中没有退稿前的状态")
