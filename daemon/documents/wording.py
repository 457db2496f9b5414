"""How the documents say things: dates, periods, ordinals, unit and quota names."""

from __future__ import annotations

from datetime import date
from typing import Any

from daemon.config import Settings
from daemon.labels import DOCUMENT_KIND
from daemon.people_dates import day_text, month_day_text
from daemon.scoring import Period, parse_period

KIND_NAMES = DOCUMENT_KIND
KINDS = tuple(DOCUMENT_KIND)
NUMERALS = "零一二三四五六七八九十"
CLASS_NAMES = {1: "一类科室", 2: "二类科室", 3: "三类科室", 4: "四类科室"}
RULE_NAMES = {
    "monthly_submissions": "月度报送信息",
    "quarterly_adoptions": "季度被委门户网站、简报采用信息",
    "annual_submissions": "全年报送信息",
    "annual_adoptions": "全年被委门户网站、简报采用信息",
}
RULE_UNITS = {"monthly_submissions": "条", "quarterly_adoptions": "条"}


def chinese_number(value: int) -> str:
    """一 … 九十九, as headings and quarters are numbered."""
    if value < 11:
        return NUMERALS[value]
    tens, ones = divmod(value, 10)
    return (NUMERALS[tens] if tens > 1 else "") + "十" + (NUMERALS[ones] if ones else "")


def ordinal(index: int) -> str:
    """The n-th first-level heading prefix: 一、 二、 …"""
    return f"{chinese_number(index)}、"


def sub_ordinal(index: int) -> str:
    """The n-th second-level heading prefix: （一） （二） …"""
    return f"（{chinese_number(index)}）"


__all__ = ["day_text", "month_day_text"]  # re-exported: the documents' dates are people's dates


def period_text(period: Period) -> str:
    if period.kind == "year":
        return f"{period.year}年度"
    if period.kind == "quarter":
        return f"{period.year}年第{chinese_number(period.start.month // 3 + 1)}季度"
    return f"{period.year}年{period.start.month}月"


def period_label_text(label: str) -> str:
    """A quota entry's period (``2026-10``) as people read it: 2026年10月."""
    return period_text(parse_period(label))


def as_of_text(day: date) -> str:
    """The heading of a document for a period still open."""
    return f"截至{month_day_text(day)}（阶段性统计）"


def provisional_suffix(day: date) -> str:
    """What a provisional document's file name adds."""
    return f"（截至{day.month}月{day.day}日阶段性统计）"


def unit_title(settings: Settings, name: str) -> str:
    """The unit as a document addresses it: counties by their bureau's full name."""
    unit = settings.unit(name)
    return f"{name}发展改革局" if unit is not None and unit.kind == "county" else name


def quota_subject(rule: str, label: str) -> str:
    """What a quota entry counts, as the documents name it: 月度报送信息（2026年10月）; the
    pace of a year's quota counts from January: 2026年1—9月累计报送信息."""
    if rule == "annual_submissions_pace":
        period = parse_period(label)
        months = f"1—{period.last_month}月" if period.last_month > 1 else "1月"
        return f"{period.year}年{months}累计报送信息"
    return f"{RULE_NAMES[rule]}（{period_label_text(label)}）"


def quota_figure(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def progress_text(entries: list[dict[str, Any]]) -> str:
    """done/required of each entry, e.g. ``5/4``, and for an entry still open and behind what
    is due by now its pace, ``5/12（序时8）``; a dash for a unit with no quota."""
    parts = []
    for e in entries:
        text = f"{e['done']}/{quota_figure(e['required'])}"
        if "pace" in e and e["done"] < e["pace"] != e["required"]:
            text += f"（序时{quota_figure(e['pace'])}）"
        parts.append(text)
    return "；".join(parts) or "—"
