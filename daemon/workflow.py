"""The review chain (RULES.md 审核流程) as an explicit state machine, and who may move it.

Pure: no database. ``transition`` answers where an item goes; ``check_actor`` answers
whether the named person may take the step. The commands in daemon/commands/review.py
load the item, call both, then write the new state and an audit entry.

The chain::

    unassigned ──route──▶ routed ──revise──▶ revised ──review──▶ reviewed
                           ▲  │                                    │
                           └──┘ route (re-route)                   ├─publish────▶ published
                                                                   ├─report_up──▶ reported
                                              (important only) sign▼
                                                                 signed ─publish/report_up─▶ …

- ``held`` (classified) never enters the chain: it cannot be routed, published, reported
  up or forwarded. The one way out is ``return`` (退稿), the answer to a unit that sent a
  classified item.
- ``return`` is open from every step before the end (held, routed, revised, reviewed,
  signed); ``unassigned`` first needs a unit (``govinfo assign``), since a return costs
  the unit points. ``returned``, ``published`` and ``reported`` are final: a reworked
  article arrives as a new item.
- ``sign`` exists only for items marked important, and for them it is required before
  publish or report_up.

Roles (RULES.md's glossary and the regulation's 三（二）):

- revise: the ``head`` of the responsible section. For a county item that is the section
  it is routed to; for a section's own item it is that section itself ("经科室负责人把关"),
  although such items are routed to the info center for receipt.
- review: a commission supervising leader (``[[leaders]]`` role ``supervising_leader``).
  A county's own ``supervising_leader`` heads information work inside the county bureau
  (制度三（一）) and has no place in the commission's chain; the roster does not say which
  commission leader supervises which section, so any of them may review.
- sign: the principal leader (``[[leaders]]`` role ``principal_leader``).
- route, publish, report_up, return: the office, which runs the system.
"""

from __future__ import annotations

from dataclasses import dataclass

from daemon.config import Settings
from daemon.labels import STATE

STATES = tuple(STATE)  # held, unassigned, routed, … as CONTRACT.md lists them
ACTIONS = ("route", "revise", "review", "sign", "publish", "report_up", "return")
FINAL_STATES = frozenset({"published", "reported", "returned"})

# (state, action) -> new state; the important-only rules sit in ``transition``.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("unassigned", "route"): "routed",
    ("routed", "route"): "routed",
    ("routed", "revise"): "revised",
    ("revised", "review"): "reviewed",
    ("reviewed", "sign"): "signed",
    ("reviewed", "publish"): "published",
    ("reviewed", "report_up"): "reported",
    ("signed", "publish"): "published",
    ("signed", "report_up"): "reported",
    **{
        (state, "return"): "returned"
        for state in ("held", "routed", "revised", "reviewed", "signed")
    },
}

ACTION_NAMES = {
    "route": "分解",
    "revise": "修改",
    "review": "审核",
    "sign": "审签",
    "publish": "发布",
    "report_up": "报送",
    "return": "退稿",
}


class IllegalMove(Exception):
    """A step the chain does not allow from the item's state; the message is Chinese."""


def transition(state: str, action: str, important: bool) -> str:
    """The state after ``action``, or IllegalMove saying why it cannot be taken."""
    if state not in STATES:
        raise IllegalMove(f"未知状态：{state}")
    if action not in ACTIONS:
        raise IllegalMove(f"未知操作：{action}")
    verb = ACTION_NAMES[action]
    if state == "held" and action != "return":
        raise IllegalMove(f"该信息含密级标识，已暂扣，不能{verb}；只能退稿")
    if action == "sign" and not important:
        raise IllegalMove("该信息未标记为重要信息，无需委主要领导审签")
    if action in ("publish", "report_up") and important and state == "reviewed":
        raise IllegalMove(f"重要信息须经委主要领导审签后才能{verb}")
    if state == "unassigned" and action == "return":
        raise IllegalMove("该信息来自未知发件人，尚未指定单位，不能退稿；请先用 govinfo assign 指定单位")
    target = TRANSITIONS.get((state, action))
    if target is None:
        if state in FINAL_STATES:
            raise IllegalMove(f"该信息{STATE[state]}，流程已结束，不能{verb}")
        raise IllegalMove(f"该信息当前状态为“{STATE[state]}”，不能{verb}")
    return target


@dataclass(frozen=True)
class Chain:
    """What the role check needs to know about an item."""

    unit: str | None
    unit_kind: str | None  # county | section | None (unknown sender)
    route: str | None

    @property
    def responsible_section(self) -> str | None:
        return self.unit if self.unit_kind == "section" else self.route


def check_actor(settings: Settings, action: str, by: str, chain: Chain) -> str:
    """The role ``by`` acts in for a revise, review or sign step; IllegalMove if not allowed."""
    by = by.strip()
    if action == "revise":
        section = chain.responsible_section
        unit = settings.unit(section) if section else None
        if unit is None:
            raise IllegalMove(f"承办科室“{section or '未分解'}”不在名册中，无法确定负责人")
        heads = [p.name for p in unit.people_with("head")]
        if by in heads:
            return "head"
        listed = "、".join(heads) or "名册中未登记"
        raise IllegalMove(f"{by} 不是{unit.name}的负责人，不能修改；{unit.name}负责人：{listed}")
    role = {"review": "supervising_leader", "sign": "principal_leader"}.get(action)
    if role is None:
        raise IllegalMove(f"{ACTION_NAMES.get(action, action)}由办公室执行，无需指定人员")
    allowed = [leader.name for leader in settings.leaders if leader.role == role]
    if by in allowed:
        return role
    title = "委分管领导" if role == "supervising_leader" else "委主要领导"
    listed = "、".join(allowed) or "名册中未登记"
    raise IllegalMove(f"{by} 不是{title}，不能{ACTION_NAMES[action]}；{title}：{listed}")
