"""The console's side of daemon/actions/permissions.py: the logged-in user as an Actor, and
the 403 a page answers with when the rules say no."""

from __future__ import annotations

from starlette.exceptions import HTTPException

from daemon.accounts import ROLES
from daemon.actions.base import Actor
from daemon.models import User


def actor_of(user: User) -> Actor:
    return Actor(user.name, user.role, user.unit, user.email)


def forbidden(why: str = "您没有权限执行此操作") -> HTTPException:
    return HTTPException(403, why)


def require_role(user: User, *roles: str) -> None:
    if user.role not in roles:
        raise forbidden("此页面仅限" + "、".join(ROLES[r] for r in roles) + "使用")
