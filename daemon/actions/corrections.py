"""Correcting the record: revoke a return, an adoption or a deduction; edit what intake read.

A revocation keeps its row, marked with who, when and why (scoring reads only live rows),
and writes an audit entry; revoking a return also restores the item's state before the
return and mails the return's recipients. An edit keeps the value intake read in
``Item.original`` (the first time a field changes) and audits every change.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from daemon.actions.base import Actor, Done, Invalid, NotFound, Refusal
from daemon.actions.chain import restore_returned, set_unit
from daemon.actions.common import audit, locked_item, required_text
from daemon.actions.permissions import require
from daemon.config import CATEGORIES, Settings
from daemon.intake.checks.length import length_verdict
from daemon.intake.filing import verdict_row
from daemon.labels import CATEGORY, OUTLET, REVOCABLE, STATE, label
from daemon.models import Adoption, Deduction, Item, Outbound
from daemon.outbox.notices import notify_return_revoked
from daemon.parsing.wordcount import article_length, count_words
from daemon.people_dates import day_text
from daemon.storage import Store
from daemon.timeutil import utcnow

LENGTH_FLAGS = ("over_length", "under_length")


def _row_id(ref: str, what: str) -> int:
    if not ref.strip().isdigit():
        raise Invalid(f"{what}记录编号应为数字（见 govinfo items show 的处理记录）：{ref}")
    return int(ref)


def _mark_revoked(row: Adoption | Deduction, actor: Actor, reason: str) -> None:
    row.revoked_at, row.revoked_by, row.revoke_reason = utcnow(), actor.name, reason


def revoke(session: Session, settings: Settings, actor: Actor, *, kind: str, ref: str, reason: str) -> Done:
    """Undo a return (ref: the item's number), an adoption or a deduction (ref: its id)."""
    require(actor, "revoke")
    if kind not in REVOCABLE:
        raise Invalid(f"只能撤销 {'、'.join(f'{k}（{v}）' for k, v in REVOCABLE.items())}：{kind}")
    reason = required_text(reason, "撤销理由")
    if kind == "return":
        return _revoke_return(session, settings, actor, ref, reason)
    if kind == "adoption":
        return _revoke_adoption(session, actor, _row_id(ref, "采用"), reason)
    return _revoke_deduction(session, actor, _row_id(ref, "扣分"), reason)


def _revoke_return(session: Session, settings: Settings, actor: Actor, ref: str, reason: str) -> Done:
    item = locked_item(session, ref)
    if item.state != "returned":
        raise Refusal(f"{item.number} 当前状态为“{label(STATE, item.state)}”，未被退稿，无可撤销",
                      "not_returned")
    deduction = session.scalar(
        select(Deduction).where(Deduction.item_id == item.id, Deduction.kind == "returned",
                                Deduction.revoked_at.is_(None)).order_by(Deduction.id.desc())
    )
    previous = restore_returned(session, item)
    item.state = previous
    points = 0
    if deduction is not None:
        _mark_revoked(deduction, actor, reason)
        points = deduction.points
    audit(session, item, actor, "revoke", f"撤销退稿：{reason}",
          {"kind": "return", "from": "returned", "to": previous,
           "deduction": deduction.id if deduction else None})
    mailed = deduction is not None and session.scalar(
        select(Outbound.id).where(Outbound.item_id == item.id, Outbound.kind == "return_notice")
    ) is not None
    if mailed and deduction is not None:
        notify_return_revoked(session, settings, Store(settings.storage_dir), item, reason, points,
                              deduction.id)
    told = "，撤销通知已排入发件队列" if mailed else ""
    return Done(f"{item.number} 的退稿已撤销（{reason}），恢复为“{label(STATE, previous)}”；"
                f"{item.unit}恢复 {-points} 分{told}",
                {"number": item.number, "state": previous, "points": -points, "mailed": mailed})


def _live(session: Session, model: type[Adoption] | type[Deduction], row_id: int, what: str) -> Any:
    row = session.get(model, row_id, with_for_update=True)
    if row is None:
        raise NotFound(f"没有编号为 {row_id} 的{what}记录")
    if row.revoked_at is not None:
        raise Refusal(f"{what}记录 {row_id} 已于{day_text(row.revoked_at)}由{row.revoked_by}撤销", "revoked")
    return row


def _revoke_adoption(session: Session, actor: Actor, row_id: int, reason: str) -> Done:
    row: Adoption = _live(session, Adoption, row_id, "采用")
    item = session.get(Item, row.item_id)
    assert item is not None
    _mark_revoked(row, actor, reason)
    name = label(OUTLET, row.outlet)
    audit(session, item, actor, "revoke", f"撤销被{name}采用（{row.adopted_on}）的登记：{reason}",
          {"kind": "adoption", "adoption": row.id, "outlet": row.outlet})
    return Done(f"已撤销：{item.number} 被{name}采用（{row.adopted_on}）的登记（{reason}），积分已重新计算",
                {"number": item.number, "adoption": row.id})


def _revoke_deduction(session: Session, actor: Actor, row_id: int, reason: str) -> Done:
    row: Deduction = _live(session, Deduction, row_id, "扣分")
    item = session.get(Item, row.item_id) if row.item_id else None
    if row.kind == "returned":
        number = item.number if item else "原信息编号"
        raise Refusal(f"扣分记录 {row_id} 是退稿扣分，请撤销退稿：govinfo revoke return {number}",
                      "is_return")
    _mark_revoked(row, actor, reason)
    audit(session, item, actor, "revoke", f"撤销{row.unit}（{row.on}）扣 {-row.points} 分：{reason}",
          {"kind": "deduction", "deduction": row.id, "unit": row.unit})
    return Done(f"已撤销扣分记录 {row.id}：{row.unit} 恢复 {-row.points} 分（{reason}）",
                {"deduction": row.id, "unit": row.unit, "points": -row.points})


def edit_item(session: Session, settings: Settings, actor: Actor, *, number: str,
              title: str | None = None, authors: list[str] | None = None, category: str | None = None,
              unit: str | None = None, body: str | None = None) -> Done:
    """Correct what intake read. Only the fields given change; each change is audited with
    its old and new value, and the value intake read is kept in ``Item.original``."""
    require(actor, "edit")
    item = locked_item(session, number)
    changes: dict[str, tuple[Any, Any]] = {}
    original = dict(item.original or {})

    def change(field: str, new: Any) -> None:
        old = getattr(item, field)
        if old == new:
            return
        original.setdefault(field, old)
        changes[field] = (old, new)
        setattr(item, field, new)

    if title is not None:
        change("title", required_text(title, "标题"))
    if authors is not None:
        change("authors", [a.strip() for a in authors if a.strip()])
    if category is not None:
        if category not in CATEGORIES:
            raise Invalid(f"未知的类别：{category}（{'、'.join(CATEGORIES)}）")
        change("category", category)
        if item.category_inferred:
            original.setdefault("category_inferred", True)
            item.category_inferred = False
    if body is not None:
        text = required_text(body.replace("\r\n", "\n"), "正文")  # a browser's textarea sends CRLF
        if text != item.article_text.strip():
            change("article_text", text)
    if unit is not None:
        found = settings.unit(unit.strip())
        if found is None:
            raise Refusal(f"“{unit}”不在名册中", "unknown_unit")
        if item.unit != found.name:
            original.setdefault("unit", item.unit)
            changes["unit"] = (item.unit, found.name)
            set_unit(session, settings, actor, item, found.name)
    if "article_text" in changes or "category" in changes:
        _recount(settings, item, original, changes)
    if not changes:
        raise Refusal(f"{item.number}：没有需要更正的内容（所给的值与现有的相同）", "unchanged")
    item.original = original
    for field, (old, new) in changes.items():
        if field == "unit":
            continue  # set_unit wrote its own audit entry
        said = f"更正{FIELD_NAMES[field]}：{_shown(field, old)} → {_shown(field, new)}"
        audit(session, item, actor, "edit", said,
              {"field": field, "from": old if field != "article_text" else None,
               "to": new if field != "article_text" else None})
    said = "、".join(FIELD_NAMES[f] for f in changes)
    return Done(f"{item.number} 已更正{said}；原始内容已保留（见 govinfo items show {item.number}）",
                {"number": item.number, "changed": list(changes)})


FIELD_NAMES = {"title": "标题", "authors": "作者", "category": "类别", "unit": "报送单位",
               "article_text": "正文", "length": "字数", "length_ok": "字数判定"}


def _shown(field: str, value: Any) -> str:
    if field == "article_text":
        return f"{count_words(value or '')} 字的正文"
    if field == "authors":
        return "、".join(value) or "（无）"
    if field == "category":
        return label(CATEGORY, value)
    if field == "length_ok":
        return "符合" if value else "不符合"
    return "—" if value is None else str(value)


def _recount(settings: Settings, item: Item, original: dict[str, Any],
             changes: dict[str, tuple[Any, Any]]) -> None:
    """字数 and its verdict again after a body or category correction (the length check's rules)."""
    if item.category is None:
        return
    verdict = length_verdict(settings, item.category,
                             article_length(item.article_text, item.article_notes))
    length, outcome = verdict.data["length"], verdict.outcome
    # the notices and the item page read the latest verdict of a check: this one
    item.verdicts.append(verdict_row(verdict, utcnow()))
    flags = [f for f in item.flags if f not in LENGTH_FLAGS] + ([] if outcome == "ok" else [outcome])
    for field, new in (("length", length), ("length_ok", outcome == "ok"), ("flags", flags)):
        old = getattr(item, field)
        if old != new:
            original.setdefault(field, old)
            if field != "flags":
                changes[field] = (old, new)
            setattr(item, field, new)
