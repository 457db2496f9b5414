"""Console accounts. The roster decides who someone is; the users table keeps their password.

Roles (RULES.md's glossary):

- ``office``: every person of the office (办公室, ``routing.fallback``), who runs the system;
- ``section_head``: the ``head`` of a section;
- ``supervising_leader`` / ``principal_leader``: the commission's ``[[leaders]]``;
- ``county_officer``: a county's ``info_officer``, who reads his own county's items and the
  reminders and notices the office mailed to him;
- ``county_leader``: a county's ``supervising_leader`` (or ``head``), who reads the county's items;
- ``section_officer``: a section's ``info_officer``, who reads the section's items;
- ``info_center``: the info officer of 经济信息中心 (``routing.sections_to``), who also records
  portal adoptions, the one outlet the info center counts itself.

Everyone in the roster has a role; ``daemon/actions/permissions.py`` says what each may do.
The role is derived again at every request, so a roster edit takes
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
    "county_leader": "县区分管领导",
    "section_officer": "科室信息员",
    "info_center": "经济信息中心信息员",
}
MIN_PASSWORD = 8

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Verified against when the e-mail is unknown, so a wrong address takes as long as a
    wrong password; made on first use, not at import (every CLI verb would pay for it)."""
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
            return Identity(person.name, email, _role(settings, unit.name, unit.kind, person.role),
                            unit.name)
    return None


def _role(settings: Settings, unit: str, kind: str, person_role: str) -> str:
    if kind == "section":
        if person_role == "head":
            return "section_head"
        return "info_center" if unit == settings.routing.sections_to else "section_officer"
    return "county_officer" if person_role == "info_officer" else "county_leader"


def set_password(session: Session, settings: Settings, email: str, password: str) -> User:
    """Create the account of a roster person, or give an existing one a new password."""
    identity = roster_identity(settings, email)
    if identity is None:
        raise AccountError(f"{email} 不在名册中（委领导、各单位人员），不能开通控制台账号")
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"密码至少 {MIN_PASSWORD} 个字符")
    user = session.scalar(select(User).where(User.email == identity.email))
    if user is None:
        user = User(email=identity.email, created_at=utcnow(), disabled=False)
        session.add(user)
    user.name, user.role, user.unit = identity.name, identity.role, identity.unit
    user.password_hash = _hasher.hash(password)
    # a new password ends every session signed in with the old one
    user.session_version = (user.session_version or 0) + 1
    return user


def refresh(settings: Settings, user: User) -> bool:
    """Bring name, role and unit in line with the roster; False when it no longer lists them."""
    identity = roster_identity(settings, user.email)
    if identity is None or user.disabled:
        return False
    if (user.name, user.role, user.unit) != (identity.name, identity.role, identity.unit):
        user.name, user.role, user.unit = identity.name, identity.role, identity.unit
    return True


def verify_password(user: User | None, password: str) -> bool:
    """Whether ``password`` is the user's (argon2: tens of milliseconds; not on an event loop)."""
    try:
        _hasher.verify(user.password_hash if user else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    return user is not None


def authenticate(session: Session, settings: Settings, email: str, password: str) -> User | None:
    """The user whose e-mail and password these are, enabled and still in the roster."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if not verify_password(user, password) or user is None or not refresh(settings, user):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user
