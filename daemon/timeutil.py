"""Time in one place: UTC inside, the office's zone (Asia/Shanghai) for people and rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from functools import cache
from zoneinfo import ZoneInfo


@cache
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def utcnow() -> datetime:
    return datetime.now(UTC)


def local(value: datetime, tz: str) -> datetime:
    return value.astimezone(zone(tz))


def iso(value: datetime | None, tz: str) -> str | None:
    """ISO 8601 with the office's offset, e.g. 2026-11-20T09:30:00+08:00."""
    return None if value is None else local(value, tz).isoformat(timespec="seconds")


def start_of_day(day: date, tz: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone(tz))
