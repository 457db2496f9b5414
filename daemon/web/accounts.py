"""Console accounts. The roster decides who someone is; the users table keeps their password.

Roles (RULES.md's glossary):

- ``office``: every person of the office (办公室, ``routing.fallback``), who runs the system;
- ``section_head``: the ``head`` of a section;
- ``supervising_leader`` / ``principal_leader``: the commission's ``[[leaders]]``;
- ``county_officer``: a county's ``info_officer``, who may only read his own county's items.

Anyone else in the roster (a section's info officer, a county's own supervising leader) has
no part in the console. The role is derived again at every request, so a roster edit takes
effect without touching the users table, and a person removed from the roster is locked out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from daemon.config import Settings
from daemon.models import User
from daemon.timeutil import utcnow

ROLES = {
    "office": "办公室",
    "section_head": "科室负责人",
    "supervising_leader": "委分管领导",
    "principal_leader": "委主要领导",
    "county_officer": "县区信息员",
}
MIN_PASSWORD = 8

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when the e-mail is unknown, so a wrong address takes as long as a
    wrong password. Made on first use: an argon2 hash at import cost every verb 0.3 s."""
    return _hasher.hash("not a password of anyone")


class AccountError(Exception):
    """An account that cannot be set up; the message is Chinese."""


@dataclass(frozen=True)
class Identity:
    name: str
    email: str
    role: str
    unit: str | None


def roster_identity(settings: Settings, email: str) -> Identity | None:
    """Who the roster says ``email`` is in the console, or None when it gives no console role."""
    email = email.strip().lower()
    for leader in settings.leaders:
        if leader.email == email:
            return Identity(leader.name, email, leader.role, None)
    for unit in settings.units:
        for person in unit.people:
            if person.email != email:
                continue
            if unit.name == settings.routing.fallback:
                return Identity(person.name, email, "office", unit.name)
            if unit.kind == "section" and person.role == "head":
                return Identity(person.name, email, "section_head", unit.name)
            if unit.kind == "county" and person.role == "info_officer":
                return Identity(person.name, email, "county_officer", unit.name)
    return None


def set_password(session: Session, settings: Settings, email: str, password: str) -> User:
    """Create the account of a roster person, or give an existing one a new password."""
    identity = roster_identity(settings, email)
    if identity is None:
        raise AccountError(f"{email} 不是名册中可以使用控制台的人员"
                           "（办公室人员、科室负责人、委领导、县区信息员）")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码至少 {MIN_PASSWORD} 个字符")
    user = session.scalar(select(User).where(User.email == identity.email))
    if user is None:
        user = User(email=identity.email, created_at=utcnow(), disabled=False)
        session.add(user)
    user.name, user.role, user.unit = identity.name, identity.role, identity.unit
    user.password_hash = _hasher.hash(password)
    return user


def refresh(settings: Settings, user: User) -> bool:
    """Bring name, role and unit in line with the roster; False when it no longer lists them."""
    identity = roster_identity(settings, user.email)
    if identity is None or user.disabled:
        return False
    if (user.name, user.role, user.unit) != (identity.name, identity.role, identity.unit):
        user.name, user.role, user.unit = identity.name, identity.role, identity.unit
    return True


def authenticate(session: Session, settings: Settings, email: str, password: str) -> User | None:
    """The user whose e-mail and password these are, enabled and still in the roster."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    try:
        _hasher.verify(user.password_hash if user else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not refresh(settings, user):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user
