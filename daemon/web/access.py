"""What each console role may see and do. Pages and actions ask here, on the server.

Seeing items (``item_scope``), one SQL condition so a list and a single item agree:

- the office sees everything, held (classified) items included; no one else sees held items;
- leaders see every item in the chain;
- a section head sees the items routed to the section and the section's own items;
- a county officer sees his own county's items, and acts on none.

Acting: the office's verbs (route, assign, mark important, publish, report up, return,
adopt, forward) belong to the office. The review steps go to whoever
``daemon.workflow.check_actor`` names for the item (a section's head, a commission
supervising leader, the principal leader); the office's own head revises what is routed
to the office. Whether a step is legal in the item's state is ``workflow.transition``.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, false, or_, true
from starlette.exceptions import HTTPException

from daemon.commands.forward import FORWARDABLE
from daemon.config import Settings
from daemon.models import Item, User
from daemon.web.accounts import ROLES
from daemon.workflow import FINAL_STATES, Chain, IllegalMove, check_actor, transition

OFFICE_ACTIONS = ("assign", "route", "mark_important", "publish", "report_up", "return", "adopt", "forward")
STEPS = ("revise", "review", "sign")
STEP_ROLES = {"revise": ("section_head", "office"), "review": ("supervising_leader",),
              "sign": ("principal_leader",)}
# the actions that move an item on: an item offering one of them to a user is in their queue
WAITING = ("assign", "revise", "review", "sign", "publish", "report_up")
COMMISSION = ("office", "section_head", "supervising_leader", "principal_leader")


def forbidden(why: str = "您没有权限执行此操作") -> HTTPException:
    return HTTPException(403, why)


def item_scope(user: User) -> ColumnElement[bool]:
    if user.role == "office":
        return true()
    visible = Item.state != "held"
    if user.role in ("supervising_leader", "principal_leader"):
        return visible
    if user.role == "section_head":
        return and_(visible, or_(Item.route == user.unit, Item.unit == user.unit))
    if user.role == "county_officer":
        return and_(visible, Item.unit == user.unit)
    return false()


def chain_of(settings: Settings, item: Item) -> Chain:
    unit = settings.unit(item.unit) if item.unit else None
    return Chain(item.unit, unit.kind if unit else None, item.route)


def may_take(settings: Settings, user: User, item: Item, action: str) -> bool:
    """May ``user`` take ``action`` on ``item`` in its present state."""
    if action in STEPS:
        if user.role not in STEP_ROLES[action]:
            return False
        try:
            check_actor(settings, action, user.name, chain_of(settings, item))
        except IllegalMove:
            return False
        return _legal(item, action)
    if user.role != "office" or action not in OFFICE_ACTIONS:
        return False
    if action == "assign":
        return item.state == "unassigned"
    if action == "route":
        return item.unit is not None and _legal(item, "route")
    if action == "forward":
        return item.state in FORWARDABLE
    if action == "adopt":
        # held items never leave the office's hands; the adopt verb refuses the other cases itself
        return item.state != "held"
    if action == "mark_important":
        return item.state not in FINAL_STATES
    return _legal(item, action)


def _legal(item: Item, action: str) -> bool:
    try:
        transition(item.state, action, item.important)
    except IllegalMove:
        return False
    return True


def require(settings: Settings, user: User, item: Item, action: str) -> None:
    """403 unless the user's role lets them take ``action`` on this item.

    The state is the verb's to judge (it says why in Chinese); only the role is checked
    here, so a stale page gets the verb's message rather than a bare 403.
    """
    if action in STEPS:
        if user.role not in STEP_ROLES[action]:
            raise forbidden()
        try:
            check_actor(settings, action, user.name, chain_of(settings, item))
        except IllegalMove as exc:
            raise forbidden(str(exc)) from exc
        return
    if user.role != "office" or action not in OFFICE_ACTIONS:
        raise forbidden()


def require_role(user: User, *roles: str) -> None:
    if user.role not in roles:
        raise forbidden("此页面仅限" + "、".join(ROLES[r] for r in roles) + "使用")


def actions_for(settings: Settings, user: User, item: Item) -> dict[str, bool]:
    return {action: may_take(settings, user, item, action) for action in (*STEPS, *OFFICE_ACTIONS)}
