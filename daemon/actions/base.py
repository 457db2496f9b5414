"""What every action shares: who acts, what it answers, and how it refuses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

OFFICE = "办公室"  # who acts when the CLI's --by names no one


@dataclass(frozen=True)
class Actor:
    """Who takes an action, as the audit trail records it.

    ``role`` is a console role (daemon/accounts.py ``ROLES``: ``office``, ``section_head``,
    ``supervising_leader``, ``principal_leader``, ``county_officer``, …); the CLI's operator
    acts as ``office`` under the name given with ``--by``. ``unit`` is the person's own unit.
    """

    name: str
    role: str = "office"
    unit: str | None = None
    email: str | None = None


class Refusal(Exception):
    """The action was not taken. ``message`` is Chinese, for people; ``code`` is stable.

    ``confirm`` marks a refusal that the same call with ``confirmed=True`` would pass
    (the console asks the question; the CLI names the flag that answers it).
    """

    def __init__(self, message: str, code: str = "refused", *, confirm: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.confirm = confirm


class Invalid(Refusal):
    """A value that makes no sense (a blank reason, an unknown code): the CLI exits 2 for it."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "invalid")


class NotFound(Refusal):
    def __init__(self, message: str) -> None:
        super().__init__(message, "not_found")


class Forbidden(Refusal):
    def __init__(self, message: str = "您没有权限执行此操作") -> None:
        super().__init__(message, "forbidden")


@dataclass(frozen=True)
class Done:
    """What an action did: the sentence a person reads, and the same facts as data."""

    message: str
    data: dict[str, Any] = field(default_factory=dict)
