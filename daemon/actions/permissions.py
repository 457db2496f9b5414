"""Who may do what: the one set of rules both front ends ask.

Seeing items (``item_scope``), one SQL condition so a list and a single item agree:

- the office sees everything, held items included; no one else sees held items;
- commission leaders and the info center see every item in the chain;
- a section head or section info officer sees the items routed to the section and the
  section's own items;
- a county's info officer and its supervising leader see the county's items.

Acting (``may_act``, role only: whether the item's state allows it is the action's to say,
in its own words):

- the office's actions (route, assign, mark important, publish, report up, return, adopt,
  forward, release, edit, revoke, deduct, evidence, requests, documents, outbox, messages,
  the working-day calendar)
  belong to the office;
- the info center records portal adoptions;
- the review steps go to whoever ``daemon.workflow.check_actor`` names for the item (a
  section's head, a commission supervising leader, the principal leader). The office may
  record a step on that person's behalf (the CLI's ``review --by NAME``).

``may_take`` adds the state check, for deciding which buttons a page shows.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, false, or_, true

from daemon.actions.base import Actor, Forbidden
from daemon.config import Settings
from daemon.models import Item
from daemon.workflow import FINAL_STATES, Chain, IllegalMove, check_actor, transition

STEPS = ("revise", "review", "sign")
STEP_ROLES = {"revise": ("section_head", "office"), "review": ("supervising_leader", "office"),
              "sign": ("principal_leader", "office")}
ITEM_ACTIONS = ("assign", "route", "mark_important", "publish", "report_up", "return", "adopt",
                "forward", "release", "edit")
OFFICE_ONLY = frozenset({*ITEM_ACTIONS, "revoke", "deduct", "evidence", "request", "report",
                         "outbox", "messages", "users", "calendar"})
FORWARDABLE = ("published", "reported")
# the actions that move an item on: an item offering one of them to a user is in their queue
WAITING = ("assign", "revise", "review", "sign", "publish", "report_up")
COMMISSION = ("office", "section_head", "supervising_leader", "principal_leader")
LEADERS = ("supervising_leader", "principal_leader")
SECTION_READERS = ("section_head", "section_officer")
COUNTY_READERS = ("county_officer", "county_leader")
# the outlet the info center counts itself (RULES.md 采用证明)
INFO_CENTER_OUTLETS = ("portal",)


def item_scope(actor: Actor) -> ColumnElement[bool]:
    if actor.role == "office":
        return true()
    visible = Item.state != "held"
    if actor.role in (*LEADERS, "info_center"):
        return visible
    if actor.role in SECTION_READERS:
        return and_(visible, or_(Item.route == actor.unit, Item.unit == actor.unit))
    if actor.role in COUNTY_READERS:
        return and_(visible, Item.unit == actor.unit)
    return false()


def chain_of(settings: Settings, item: Item) -> Chain:
    unit = settings.unit(item.unit) if item.unit else None
    return Chain(item.unit, unit.kind if unit else None, item.route)


def step_refusal(settings: Settings, actor: Actor, item: Item, step: str) -> str | None:
    """Why ``actor`` may not take review step ``step`` on ``item`` (None: they may)."""
    if actor.role not in STEP_ROLES[step]:
        return "您没有权限执行此操作"
    try:
        check_actor(settings, step, actor.name, chain_of(settings, item))
    except IllegalMove as exc:
        return str(exc)
    return None


def may_act(actor: Actor, action: str, *, outlet: str | None = None) -> bool:
    """The role check of an action that is not a review step."""
    if actor.role == "office":
        return action in OFFICE_ONLY
    if action == "adopt" and actor.role == "info_center":
        return outlet is None or outlet in INFO_CENTER_OUTLETS
    return False


def require(actor: Actor, action: str, *, outlet: str | None = None) -> None:
    if not may_act(actor, action, outlet=outlet):
        raise Forbidden()


def require_step(settings: Settings, actor: Actor, item: Item, step: str) -> None:
    why = step_refusal(settings, actor, item, step)
    if why is not None:
        raise Forbidden(why)


def _legal(item: Item, action: str) -> bool:
    try:
        transition(item.state, action, item.important)
    except IllegalMove:
        return False
    return True


def may_take(settings: Settings, actor: Actor, item: Item, action: str) -> bool:
    """May ``actor`` take ``action`` on ``item`` in its present state (which buttons to show)."""
    if action in STEPS:
        return step_refusal(settings, actor, item, action) is None and _legal(item, action)
    if not may_act(actor, action):
        return False
    if action == "assign":
        return item.state == "unassigned"
    if action == "route":
        return item.unit is not None and _legal(item, "route")
    if action == "forward":
        return item.state in FORWARDABLE
    if action == "adopt":
        # held items never leave the office's hands; the adopt action refuses the other cases itself
        return item.state not in ("held", "returned")
    if action == "mark_important":
        return item.state not in FINAL_STATES
    if action == "release":
        return item.state == "held"
    if action == "edit":
        return True
    return _legal(item, action)


def actions_for(settings: Settings, actor: Actor, item: Item) -> dict[str, bool]:
    return {action: may_take(settings, actor, item, action) for action in (*STEPS, *ITEM_ACTIONS)}
