"""Dates and times as people read them: 2026年11月25日, 11月25日（星期三）24时前.

Pure functions, one place for the CLI's human output, the mails, the documents and the
console. Machine output (JSON, logs) keeps ISO 8601; nothing here is for machines.

A working-day deadline is stored as the instant it ends, 00:00 of the next day
(``WorkCalendar.deadline_end``); people are shown the end of its last day, 24时, never
the next midnight. Values may be aware datetimes or the ISO 8601 strings the views
hand to templates; naive datetimes are refused, since their day is unknowable.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from daemon.timeutil import zone

if TYPE_CHECKING:  # the CLI's tables need the dates, not Jinja
    from jinja2 import Environment

WEEKDAYS = "一二三四五六日"
DEFAULT_TZ = "Asia/Shanghai"


def _moment(value: datetime | str, tz: str) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"时间 {value} 缺少时区")
    return value.astimezone(zone(tz))


def _day(value: date | datetime | str, tz: str) -> date:
    if isinstance(value, str) and len(value) == 10:
        return date.fromisoformat(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    return _moment(value, tz).date()


def day_text(value: date | datetime | str | None, tz: str = DEFAULT_TZ) -> str:
    """2026年11月25日 (GB/T 9704 7.3.5.2: Arabic numerals, no leading zeros); a dash for none."""
    if value is None or value == "":
        return "—"
    return _ymd(_day(value, tz))


def _ymd(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def month_day_text(value: date | datetime | str, tz: str = DEFAULT_TZ) -> str:
    """11月25日."""
    day = _day(value, tz)
    return f"{day.month}月{day.day}日"


def weekday_text(day: date) -> str:
    """星期三."""
    return f"星期{WEEKDAYS[day.weekday()]}"


def time_text(value: datetime | str | None, tz: str = DEFAULT_TZ) -> str:
    """A moment: 2026年11月25日 09:30; a dash for none."""
    if value is None or value == "":
        return "—"
    m = _moment(value, tz)  # not via day_text: a 10,000-row listing calls this per row
    return f"{_ymd(m)} {m.hour:02d}:{m.minute:02d}"


def deadline_day(value: datetime | str, tz: str = DEFAULT_TZ) -> tuple[date, time | None]:
    """The deadline's last day and its hour, or None for a deadline at 24:00 of that day."""
    moment = _moment(value, tz)
    if moment.time() == time(0):
        return moment.date() - timedelta(days=1), None
    return moment.date(), moment.time()


def deadline_text(value: datetime | str | None, tz: str = DEFAULT_TZ, *, year: bool = False) -> str:
    """11月25日（星期三）24时前, or 11月25日（星期三）17时30分前; with ``year`` the year too."""
    if value is None or value == "":
        return "—"
    day, hour = deadline_day(value, tz)
    shown = day_text(day) if year else month_day_text(day)
    clock = "24时" if hour is None else f"{hour.hour}时" + (f"{hour.minute}分" if hour.minute else "")
    return f"{shown}（{weekday_text(day)}）{clock}前"


def register_filters(env: Environment, tz: str = DEFAULT_TZ) -> Environment:
    """``day``, ``moment`` and ``deadline`` filters for a Jinja environment (mail and console)."""

    def with_tz(function: Any) -> Any:
        return lambda value, *args, **kwargs: function(value, tz, *args, **kwargs)

    env.filters.update(
        day=with_tz(day_text),
        month_day=with_tz(month_day_text),
        moment=with_tz(time_text),
        deadline=with_tz(deadline_text),
    )
    return env
