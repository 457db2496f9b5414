"""Console accounts: a roster person's password, the list, disabling and enabling, and a
person changing their own password. Who may have an account, and as what, is the roster's
to say (daemon/accounts.py)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from daemon.accounts import MIN_PASSWORD, ROLES, AccountError, set_password, verify_password
from daemon.actions.base import Actor, Done, Invalid, NotFound, Refusal
from daemon.actions.permissions import require
from daemon.config import Settings
from daemon.models import User
from daemon.timeutil import iso


def give_password(session: Session, settings: Settings, actor: Actor, *, email: str, password: str) -> Done:
    require(actor, "users")
    try:
        user = set_password(session, settings, email, password)
    except AccountError as exc:
        raise Refusal(str(exc), "account") from exc
    unit = f"，{user.unit}" if user.unit else ""
    return Done(f"已设置 {user.name}（{ROLES[user.role]}{unit}）的控制台密码",
                {"email": user.email, "role": user.role})


def change_own_password(session: Session, settings: Settings, actor: Actor, *, user_id: int,
                        current: str, new: str, repeated: str) -> Done:
    """A person's own new password; every other session of theirs ends with it."""
    user = session.get(User, user_id, with_for_update=True)
    if user is None:
        raise NotFound("账号不存在")
    if not verify_password(user, current):
        raise Refusal("当前密码不正确", "wrong_password")
    if new != repeated:
        raise Invalid("两次输入的新密码不一致")
    if len(new) < MIN_PASSWORD:
        raise Invalid(f"新密码至少 {MIN_PASSWORD} 个字符")
    set_password(session, settings, user.email, new)
    return Done("密码已修改；其他设备上的登录已失效", {"email": user.email})


def list_users(session: Session, settings: Settings, actor: Actor) -> list[dict[str, Any]]:
    require(actor, "users")
    return [{"name": u.name, "email": u.email, "role": u.role, "unit": u.unit,
             "created_at": iso(u.created_at, settings.timezone), "disabled": u.disabled}
            for u in session.scalars(select(User).order_by(User.id))]


def set_disabled(session: Session, settings: Settings, actor: Actor, *, email: str, disabled: bool) -> Done:
    require(actor, "users")
    email = email.strip().lower()
    user = session.scalar(select(User).where(User.email == email))
    if user is None:
        raise NotFound(f"{email} 还没有控制台账号（用 govinfo user set-password 设置）")
    user.disabled = disabled
    user.session_version = (user.session_version or 0) + 1
    return Done(f"{user.name} 的控制台账号已{'停用' if disabled else '启用'}", {"email": email})
