"""Timeliness (RULES.md 时限): was the item sent in time?

A request's reply is due by the request's deadline. Unrequested news (动态) is due
within n working days of the event date stated in its text (第一时间, the config's
news_working_days); with no stated date there is nothing to check. Other unrequested
items have no time limit.
"""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from daemon.intake.checks._common import earlier
from daemon.intake.checks.category import CATEGORY_NAMES
from daemon.intake.checks.request import REQUEST_KINDS, matched_request
from daemon.intake.verdict import CheckContext, Verdict
from daemon.logs import kv
from daemon.people_dates import day_text, deadline_text, time_text
from daemon.workdays import CalendarUnknown, deadline_end

log = logging.getLogger(__name__)

# 2026年11月20日, 11月20日, 20日 (also 号), optionally a range to a later day, whose end
# is the event's last day. Not 20日前 / 20日内 / 20日后: those are deadlines, not events
# (but 20日前往 is an event).
_ABSOLUTE = re.compile(
    r"(?<!\d)(?:(?P<y>\d{4})\s*年\s*)?(?:(?P<m>\d{1,2})\s*月\s*)?(?P<d>\d{1,2})\s*[日号]"
    r"(?:\s*[至到—－~～-]\s*(?:(?P<m2>\d{1,2})\s*月\s*)?(?P<d2>\d{1,2})\s*[日号])?"
    r"(?!内|以内|之内|前(?!往)|后)"
)
_WEEKDAYS = "一二三四五六日天"
_WEEK = re.compile(rf"(本|这|上)(?:周|星期)([{_WEEKDAYS}])")
_DAYS_AGO = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2}
_RELATIVE = re.compile("|".join(_DAYS_AGO))


def _resolve(received: date, year: int | None, month: int | None, day: int) -> date | None:
    """The date the text means, taking the missing year or month from the latest one
    not after the day the item arrived."""
    try:
        if year is not None and month is not None:
            return date(year, month, day)
        if month is not None:
            found = date(received.year, month, day)
            return found if found <= received else found.replace(year=received.year - 1)
        found = date(received.year, received.month, day)
        if found <= received:
            return found
        previous = received.replace(day=1) - timedelta(days=1)
        return date(previous.year, previous.month, day)
    except ValueError:  # 2月30日, 31日 in a 30-day month, a typo
        return None


def _mentions(text: str, received: date) -> list[tuple[int, date | None]]:
    found: list[tuple[int, date | None]] = []
    for match in _ABSOLUTE.finditer(text):
        year = int(match["y"]) if match["y"] else None
        month = int(match["m"]) if match["m"] else None
        if match["d2"]:
            month = int(match["m2"]) if match["m2"] else month
            day = int(match["d2"])
        else:
            day = int(match["d"])
        found.append((match.start(), _resolve(received, year, month, day)))
    monday = received - timedelta(days=received.weekday())
    for match in _WEEK.finditer(text):
        week_start = monday - timedelta(days=7) if match[1] == "上" else monday
        weekday = min(_WEEKDAYS.index(match[2]), 6)  # 日 and 天 are both Sunday
        found.append((match.start(), week_start + timedelta(days=weekday)))
    for match in _RELATIVE.finditer(text):
        found.append((match.start(), received - timedelta(days=_DAYS_AGO[match[0]])))
    return sorted(found, key=lambda pair: pair[0])


def find_event_date(text: str, received: date) -> date | None:
    """The first date the text states that is not after the day the item arrived."""
    for _, day in _mentions(text, received):
        if day is not None and day <= received:
            return day
    return None


def show(moment: datetime) -> str:
    """A moment as people read it; a deadline at 00:00 reads as 24时 of the day before."""
    if (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return deadline_text(moment, str(moment.tzinfo), year=True).removesuffix("前")
    return time_text(moment, str(moment.tzinfo))


class TimelinessCheck:
    name = "timeliness"
    description = "时效：约稿按约稿期限，动态类信息按事件日期后的工作日期限"

    def check(self, ctx: CheckContext) -> Verdict:
        zone = ZoneInfo(ctx.settings.timezone)
        received = ctx.received_at.astimezone(zone)
        request = matched_request(ctx)
        if request is not None:
            word = REQUEST_KINDS.get(request.kind, "约稿")
            return self._judge(received, request.due_at.astimezone(zone),
                               f"第 {request.id} 号{word}（{request.tag}）")
        category = earlier(ctx, "category").data["category"]
        if category != "news":
            return _unchecked(f"非约稿的{CATEGORY_NAMES[category]}信息，不检查时效")
        article = ctx.message.article
        event = find_event_date(f"{ctx.title}\n{article.body}", received.date())
        if event is None:
            return _unchecked("正文未写明事件日期，不检查时效")
        days = ctx.settings.timeliness.news_working_days
        try:
            due_at = deadline_end(ctx.calendar.add_workdays(event, days), zone)
        except CalendarUnknown as exc:
            log.error(kv("calendar_unknown", year=exc.year, event_date=event.isoformat(),
                         check=self.name))
            return _unchecked(f"{exc}（无法计算事件日期{day_text(event)}后的时限，暂不检查时效）")
        return self._judge(received, due_at,
                           f"动态类信息（事件日期{day_text(event)}，限事件后 {days} 个工作日内）")

    def _judge(self, received: datetime, due_at: datetime, what: str) -> Verdict:
        on_time = received < due_at
        verdict = "按时报送" if on_time else "逾期报送"
        return Verdict(
            self.name,
            "on_time" if on_time else "late",
            (f"{what}应于{show(due_at)}前报送，{show(received)}收到，{verdict}",),
            data={"timeliness": "on_time" if on_time else "late", "due_at": due_at},
        )


def _unchecked(reason: str) -> Verdict:
    return Verdict(TimelinessCheck.name, "unchecked", (reason,),
                   data={"timeliness": "unchecked", "due_at": None})


CHECK = TimelinessCheck()
