"""The working-day calendar: import a year's State Council notice, and say what a year is.

``preview`` reads the notice and says what it found, changing nothing; ``store`` reads it
again and replaces whatever an earlier import of the same year stored. Both front ends
show the preview's table and ask before they call ``store``.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from importlib.metadata import version
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from daemon.actions.base import Actor, Done, NotFound, Refusal
from daemon.actions.permissions import require
from daemon.config import Settings
from daemon.logs import kv
from daemon.models import AuditEntry, CalendarDay, CalendarYear
from daemon.timeutil import local, utcnow
from daemon.workdays import missing_year_message, package_schedule
from daemon.workdays.notice import Festival, NoticeError, Schedule, parse_notice, weekday_name

log = logging.getLogger(__name__)

AUDIT_ACTION = "calendar_import"


def preview(session: Session, settings: Settings, actor: Actor, *, text: str) -> Done:
    """What the notice says, and what importing it would replace; nothing is stored."""
    schedule = _read(actor, text)
    earlier = session.get(CalendarYear, schedule.year)
    view = schedule_view(schedule)
    message = (f"通知中读到 {schedule.year} 年的安排：放假 {len(view['holidays'])} 天，"
               f"调休上班 {len(view['workdays'])} 天。")
    if earlier is not None:
        message += (f"确认后将替换 {_when(earlier, settings)} 由 {earlier.imported_by} "
                    f"导入的 {schedule.year} 年安排。")
    return Done(message, {**view, "replaces": earlier is not None})


def store(session: Session, settings: Settings, actor: Actor, *, text: str) -> Done:
    """Store the notice's days for its year, replacing an earlier import of that year."""
    schedule = _read(actor, text)
    earlier = session.get(CalendarYear, schedule.year)
    if earlier is not None:
        session.delete(earlier)
        session.flush()  # the year's primary key is free again before it is added back
    now = utcnow()
    session.add(CalendarYear(
        year=schedule.year,
        notice=text,
        imported_at=now,
        imported_by=actor.name,
        days=[CalendarDay(day=day, kind=kind, festival=festival.name)
              for festival in schedule.festivals
              for kind, days in (("holiday", festival.holidays), ("workday", festival.workdays))
              for day in days],
    ))
    view = schedule_view(schedule)
    counts = {"year": schedule.year, "holidays": len(view["holidays"]),
              "workdays": len(view["workdays"]), "replaced": earlier is not None}
    note = f"{schedule.year} 年：放假 {counts['holidays']} 天，调休上班 {counts['workdays']} 天"
    session.add(AuditEntry(item_id=None, at=now, actor=actor.name, action=AUDIT_ACTION, note=note,
                           data=counts))
    log.info(kv("calendar_imported", actor=actor.name, **counts))
    return Done(f"已导入 {note}" + ("（替换了此前导入的安排）" if earlier else "") + "。",
                {**view, "replaces": earlier is not None})


def describe(session: Session, settings: Settings, *, year: int) -> Done:
    """What is known of ``year``: the imported notice, else chinesecalendar's data; and the
    config's own days in that year, which win over both."""
    row = session.get(CalendarYear, year)
    if row is not None:
        schedule = stored_schedule(row)
        source = f"{_when(row, settings)} 由 {row.imported_by} 导入的国务院办公厅通知"
    else:
        found = package_schedule(year)
        if found is None and year not in settings.calendar.known_years:
            raise NotFound(missing_year_message(year))
        schedule = found or Schedule(year, ())
        source = (f"chinesecalendar {version('chinesecalendar')} 内置数据" if found
                  else "配置文件 [calendar]")
    overrides = {
        "holidays": [d.isoformat() for d in sorted(settings.calendar.holidays) if d.year == year],
        "workdays": [d.isoformat() for d in sorted(settings.calendar.workdays) if d.year == year],
    }
    view = schedule_view(schedule)
    message = f"{year} 年：放假 {len(view['holidays'])} 天，调休上班 {len(view['workdays'])} 天（{source}）"
    return Done(message, {**view, "source": source, "imported": row is not None, "config": overrides})


def imported_years(session: Session, settings: Settings) -> list[dict[str, Any]]:
    """The notices imported so far, newest year first."""
    rows = session.scalars(select(CalendarYear).order_by(CalendarYear.year.desc()))
    return [{"year": r.year, "imported_at": _when(r, settings), "by": r.imported_by,
             "holidays": sum(d.kind == "holiday" for d in r.days),
             "workdays": sum(d.kind == "workday" for d in r.days)} for r in rows]


def stored_schedule(row: CalendarYear) -> Schedule:
    """The imported year's days, grouped by festival again in the order of their first day."""
    groups: dict[str, tuple[list[date], list[date]]] = {}
    for day in row.days:
        holidays, workdays = groups.setdefault(day.festival, ([], []))
        (workdays if day.kind == "workday" else holidays).append(day.day)
    festivals = [Festival(tuple(name.split("、")), tuple(sorted(h)), tuple(sorted(w)))
                 for name, (h, w) in groups.items()]
    return Schedule(row.year, tuple(sorted(festivals, key=lambda f: min(f.holidays or f.workdays))))


def schedule_view(schedule: Schedule) -> dict[str, Any]:
    """The schedule as JSON-able data: one entry per festival, with its dates as people read them."""
    return {
        "year": schedule.year,
        "festivals": [
            {"festival": f.name, "days": len(f.holidays), "holidays": [d.isoformat() for d in f.holidays],
             "workdays": [d.isoformat() for d in f.workdays], "span": span_text(f.holidays),
             "makeup": "、".join(day_text(d) for d in f.workdays)}
            for f in schedule.festivals
        ],
        "holidays": sorted(d.isoformat() for d in schedule.holidays),
        "workdays": sorted(d.isoformat() for d in schedule.workdays),
    }


def day_text(day: date) -> str:
    return f"{day.isoformat()}（周{weekday_name(day)}）"


def span_text(days: tuple[date, ...]) -> str:
    """Consecutive days as one range, 2026-10-01（周四）至 2026-10-07（周三）."""
    runs: list[list[date]] = []
    for day in sorted(days):
        if runs and day - runs[-1][-1] == timedelta(days=1):
            runs[-1].append(day)
        else:
            runs.append([day])
    return "、".join(day_text(r[0]) if len(r) == 1 else f"{day_text(r[0])}至 {day_text(r[-1])}"
                    for r in runs)


def _when(row: CalendarYear, settings: Settings) -> str:
    return local(row.imported_at, settings.timezone).strftime("%Y-%m-%d %H:%M")


def _read(actor: Actor, text: str) -> Schedule:
    require(actor, "calendar")
    try:
        return parse_notice(text)
    except NoticeError as exc:
        raise Refusal(exc.message, "notice_invalid") from exc
