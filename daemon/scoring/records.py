"""What the scorer reads: plain, immutable records the database layer builds from its tables.

The scorer never sees the database. A record names its unit by the roster's Chinese name;
``None`` is an item from an unknown sender, which counts for nobody until the office
assigns it. Authors are plain names: a person is identified by (name, unit of the item).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from daemon.config import OUTLETS

DeductionKind = Literal["returned", "false_info", "late_major"]
DEDUCTION_KINDS: tuple[str, ...] = ("returned", "false_info", "late_major")


def _distinct_authors(authors: tuple[str, ...]) -> tuple[str, ...]:
    # A name listed twice on one item must not score twice; blanks are parsing leftovers.
    return tuple(dict.fromkeys(a.strip() for a in authors if a.strip()))


@dataclass(frozen=True)
class Submission:
    """One filed item as a unit sent it.

    ``counts`` is False for a superseded resend of the same article: the article counts
    once, for points and quotas alike. A returned item still counts (it was submitted).
    """

    item: str  # item number, e.g. 2026-0001
    unit: str | None
    authors: tuple[str, ...]
    received_at: datetime  # aware; its day is taken in the configured time zone
    counts: bool = True

    def __post_init__(self) -> None:
        if self.received_at.tzinfo is None or self.received_at.utcoffset() is None:
            raise ValueError(f"信息 {self.item} 的接收时间缺少时区")
        object.__setattr__(self, "authors", _distinct_authors(self.authors))


@dataclass(frozen=True)
class Adoption:
    """One outlet publishing one item; an item adopted by three outlets has three records."""

    item: str
    unit: str | None
    authors: tuple[str, ...]
    outlet: str  # one of daemon.config.OUTLETS
    adopted_on: date

    def __post_init__(self) -> None:
        if self.outlet not in OUTLETS:
            raise ValueError(f"信息 {self.item} 的采用渠道 {self.outlet} 未知")
        object.__setattr__(self, "authors", _distinct_authors(self.authors))


@dataclass(frozen=True)
class Deduction:
    """Points taken from a unit (never from its people): a return, false information, or
    major information reported late and named in a notice."""

    unit: str
    kind: DeductionKind
    on: date
    item: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in DEDUCTION_KINDS:
            raise ValueError(f"扣分类型 {self.kind} 未知，应为 returned、false_info 或 late_major")
