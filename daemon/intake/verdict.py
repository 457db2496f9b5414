"""The shape every intake check returns (after GNU Mailman 3's rules)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from daemon.config import Settings, UnitSettings
from daemon.intake.route_learning import RouteModel
from daemon.parsing.model import ParsedMessage
from daemon.workdays import WorkCalendar


@dataclass(frozen=True)
class Verdict:
    check: str  # the check's name
    outcome: str  # check-specific: "ok", "over_length", "held", "on_time", "unchecked", ...
    reasons: tuple[str, ...] = ()  # Chinese sentences a person reads
    flags: tuple[str, ...] = ()  # item flags this check raises
    data: dict[str, Any] = field(default_factory=dict)  # values the pipeline applies


@dataclass(frozen=True)
class OpenRequest:
    """A registered request (约稿 / 批示反馈), as the request check needs it."""

    id: int
    tag: str  # e.g. 约稿2026-007
    kind: str  # feedback | solicitation
    units: tuple[str, ...]
    issued_on: datetime
    due_at: datetime
    message_ids: tuple[str, ...]  # Message-IDs of the request mails we sent


@dataclass
class CheckContext:
    """Everything a check may read. Earlier checks' verdicts are in ``verdicts``."""

    settings: Settings
    message: ParsedMessage
    unit: UnitSettings | None
    title: str
    received_at: datetime  # aware, Asia/Shanghai
    calendar: WorkCalendar  # with the imported notices: intake loads it once per batch
    requests: tuple[OpenRequest, ...] = ()
    learned: RouteModel | None = None  # the routing learned from the office's final routes
    verdicts: dict[str, Verdict] = field(default_factory=dict)


class Check(Protocol):
    name: str
    description: str  # Chinese, for `items show`

    def check(self, ctx: CheckContext) -> Verdict: ...
