"""Actions that move points: adopt, evidence confirm and reject, deduct.

Adoption evidence (RULES.md): portal and bulletin adoptions are counted by the info center
and the office themselves; every other outlet needs a screenshot or a copy of the page,
uploaded with the adoption or mailed by the unit and confirmed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from daemon.actions.base import Actor, Done, Invalid, NotFound, Refusal
from daemon.actions.common import (
    audit,
    find_item,
    locked_item,
    not_after_today,
    office_today,
    required_text,
)
from daemon.actions.permissions import require
from daemon.config import OUTLETS, Settings
from daemon.intake.evidence import OUTLETS_WITHOUT_EVIDENCE
from daemon.labels import DEDUCTION_KIND, EVIDENCE_STATE, OUTLET, label
from daemon.models import Adoption, Deduction, Evidence, Item
from daemon.storage import Store
from daemon.timeutil import local, utcnow

DEDUCTION_KINDS = DEDUCTION_KIND
EVIDENCE_STATES = EVIDENCE_STATE


@dataclass(frozen=True)
class EvidenceFile:
    """A screenshot or page copy given with an adoption (CLI file, console upload)."""

    filename: str
    content_type: str
    data: bytes


def _outlet(outlet: str) -> str:
    if outlet not in OUTLETS:
        raise Invalid(f"未知的采用渠道：{outlet}（{'、'.join(OUTLETS)}）")
    return outlet


def record_adoption(session: Session, settings: Settings, actor: Actor, item: Item, outlet: str,
                    day: date, evidence: Evidence | None) -> Adoption:
    """Check and add one adoption; a Refusal says in Chinese why it cannot be recorded."""
    name = label(OUTLET, outlet)
    if item.state == "held":
        raise Refusal(f"{item.number} 含密级标识，已暂扣，不能登记采用", "held")
    if item.state == "returned":
        raise Refusal(f"{item.number} 已退稿，不能登记采用", "returned")
    if item.superseded:
        raise Refusal(f"{item.number} 已被重报稿取代，不能登记采用；请登记在重报的稿件上", "superseded")
    not_after_today(day, office_today(settings), "采用日期")
    received = local(item.received_at, settings.timezone).date()
    if day < received:
        raise Refusal(f"采用日期 {day} 早于 {item.number} 的收到日期 {received}，请检查日期", "too_early")
    existing = session.scalar(select(Adoption).where(Adoption.item_id == item.id, Adoption.outlet == outlet))
    if existing is not None and existing.revoked_at is None:
        raise Refusal(f"{item.number} 被{name}采用已于 {existing.adopted_on} 登记过，同一渠道只计一次",
                      "duplicate")
    if evidence is None and outlet not in OUTLETS_WITHOUT_EVIDENCE:
        pending = session.scalars(
            select(Evidence.id).where(Evidence.item_id == item.id, Evidence.state == "pending")
        ).all()
        hint = (f"；该信息有待确认的采用证明（{'、'.join(map(str, pending))}），"
                f"可用 govinfo evidence confirm 编号 --outlet {outlet} --date {day}") if pending else ""
        raise Refusal(f"被{name}采用须提供采用截图或刊登页复印件：请用 --evidence 文件 提供{hint}",
                      "evidence_required")
    if existing is not None:
        # a revoked adoption recorded again: the row is reused (one per item and outlet), the
        # audit trail keeps both the revocation and this
        adoption = existing
        adoption.revoked_at = adoption.revoked_by = adoption.revoke_reason = None
    else:
        adoption = Adoption(item_id=item.id, outlet=outlet)
        session.add(adoption)
    adoption.adopted_on, adoption.evidence_id = day, evidence.id if evidence else None
    adoption.recorded_by, adoption.created_at = actor.name, utcnow()
    session.flush()
    points = settings.points.adoption(outlet)
    audit(session, item, actor, "adopt", f"被{name}采用（{day}），计 {points} 分",
          {"outlet": outlet, "on": day.isoformat(), "evidence": adoption.evidence_id,
           "adoption": adoption.id})
    return adoption


def adopt(session: Session, settings: Settings, actor: Actor, *, number: str, outlet: str, day: date,
          evidence: EvidenceFile | None = None) -> Done:
    require(actor, "adopt", outlet=_outlet(outlet))
    item = locked_item(session, number)
    row = None
    if evidence is not None:
        now = utcnow()
        row = Evidence(item_id=item.id, outlet=outlet, filename=evidence.filename,
                       content_type=evidence.content_type,
                       sha256=Store(settings.storage_dir).put("evidence", evidence.data),
                       size=len(evidence.data), state="confirmed", match_reason="办公室登记采用时提供",
                       created_at=now, decided_by=actor.name, decided_at=now)
        session.add(row)
        session.flush()
    adoption = record_adoption(session, settings, actor, item, outlet, day, row)
    return Done(f"已登记：{item.number} 被{label(OUTLET, outlet)}采用（{day}），"
                f"计 {settings.points.adoption(outlet)} 分",
                {"number": item.number, "adoption": adoption.id, "outlet": outlet, "on": day.isoformat()})


def _pending_evidence(session: Session, evidence_id: int) -> Evidence:
    row = session.get(Evidence, evidence_id, with_for_update=True)
    if row is None:
        raise NotFound(f"没有 id 为 {evidence_id} 的采用证明（见 govinfo evidence list）")
    if row.state != "pending":
        raise Refusal(f"采用证明 {evidence_id} {label(EVIDENCE_STATES, row.state)}，不能再处理", "decided")
    return row


def confirm_evidence(session: Session, settings: Settings, actor: Actor, *, evidence_id: int, day: date,
                     outlet: str | None = None, number: str | None = None) -> Done:
    require(actor, "evidence")
    evidence = _pending_evidence(session, evidence_id)
    if number:
        item: Item | None = locked_item(session, number)
    else:
        item = session.get(Item, evidence.item_id, with_for_update=True) if evidence.item_id else None
    if item is None:
        raise Refusal(f"采用证明 {evidence.id} 未匹配到信息（{evidence.match_reason}），请用 --item 指定",
                      "unmatched")
    outlet = outlet or evidence.outlet
    if outlet is None:
        raise Invalid("邮件未写明采用渠道，请用 --outlet 指定")
    _outlet(outlet)
    now = utcnow()
    evidence.item_id, evidence.outlet, evidence.state = item.id, outlet, "confirmed"
    evidence.decided_by, evidence.decided_at = actor.name, now
    record_adoption(session, settings, actor, item, outlet, day, evidence)
    return Done(f"采用证明 {evidence.id} 已确认：{item.number} 被{label(OUTLET, outlet)}采用（{day}），"
                f"计 {settings.points.adoption(outlet)} 分",
                {"evidence": evidence.id, "number": item.number, "outlet": outlet})


def reject_evidence(session: Session, settings: Settings, actor: Actor, *, evidence_id: int,
                    reason: str) -> Done:
    require(actor, "evidence")
    reason = required_text(reason, "驳回理由")
    evidence = _pending_evidence(session, evidence_id)
    evidence.state, evidence.decided_by, evidence.decided_at = "rejected", actor.name, utcnow()
    item = session.get(Item, evidence.item_id) if evidence.item_id else None
    audit(session, item, actor, "evidence_rejected", f"驳回采用证明 {evidence.id}：{reason}",
          {"evidence": evidence.id})
    return Done(f"采用证明 {evidence.id} 已驳回：{reason}", {"evidence": evidence.id})


def summoned(settings: Settings, unit_name: str) -> str:
    """Who is summoned for a late_major deduction: the county's 分管领导, a section's head."""
    unit = settings.unit(unit_name)
    assert unit is not None
    role, title = ("supervising_leader", "分管领导") if unit.kind == "county" else ("head", "负责人")
    names = [p.name for p in unit.people_with(role)]
    if not names:
        return f"名册中未登记{unit_name}的{title}，请补充名册后安排约谈"
    return f"按制度由委主要领导或分管领导约谈{unit_name}{title}：{'、'.join(names)}"


def deduct(session: Session, settings: Settings, actor: Actor, *, unit: str, kind: str, day: date,
           note: str, number: str | None = None) -> Done:
    require(actor, "deduct")
    if kind not in ("false_info", "late_major"):
        raise Invalid(f"未知的扣分类型：{kind}（false_info 或 late_major；退稿请用 govinfo return）")
    note = required_text(note, "扣分说明")
    if settings.unit(unit) is None:
        raise Refusal(f"“{unit}”不在名册中", "unknown_unit")
    not_after_today(day, office_today(settings), "扣分日期")
    points = getattr(settings.points, kind)
    item = find_item(session, number) if number else None
    if item is not None and item.unit != unit:
        raise Refusal(f"{item.number} 属于{item.unit or '未指定单位'}，不属于{unit}", "other_unit")
    row = Deduction(unit=unit, kind=kind, on=day, points=points, item_id=item.id if item else None,
                    note=note, summon_leader=kind == "late_major", recorded_by=actor.name,
                    created_at=utcnow())
    session.add(row)
    session.flush()
    audit(session, item, actor, "deduct", f"{unit}{DEDUCTION_KINDS[kind]}扣 {-points} 分（{day}）：{note}",
          {"unit": unit, "kind": kind, "on": day.isoformat(), "points": points, "deduction": row.id})
    message = f"已记录扣分：{unit} {DEDUCTION_KINDS[kind]} 扣 {-points} 分，计入 {day}"
    if kind == "late_major":
        message += "\n" + summoned(settings, unit)
    return Done(message, {"deduction": row.id, "unit": unit, "kind": kind, "points": points})
