"""A year of records on the example roster, and every kind of document built from it.

安定区 keeps every quota, 陇西县 keeps its monthly items but not its adoptions, the other
counties lag; sections submit at different paces. A document is built from the records
up to the day before it is written: on December 1, 2026 the year is open; on January 4,
2027, with December in, it is final.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from daemon.config import Settings
from daemon.documents.annual import build_annual
from daemon.documents.bulletin import BulletinEntry, build_bulletin
from daemon.documents.layout import OfficialDocument
from daemon.documents.monthly import build_monthly
from daemon.documents.quarterly import build_quarterly
from daemon.documents.shortfall import build_shortfall, lagging
from daemon.scoring import Adoption, Submission, parse_period, score_period

OPEN_DAY = date(2026, 12, 1)
FINAL_DAY = date(2027, 1, 4)
# items a month, and how many of them the portal and the bulletin adopt
COUNTIES = {"安定区": (5, 4), "通渭县": (3, 1), "陇西县": (4, 2), "渭源县": (2, 1),
            "临洮县": (4, 3), "漳县": (1, 0), "岷县": (4, 4)}
SECTIONS_PER_YEAR = {"办公室": 40, "国民经济综合科": 30, "固定资产投资科": 20, "价格科": 26,
                     "能源科": 10, "重点项目办": 12, "经济信息中心": 8, "工程咨询办": 3}
PEOPLE = {"安定区": "张明", "通渭县": "李华", "陇西县": "王芳", "临洮县": "赵强", "岷县": "陈静",
          "办公室": "赵文博", "价格科": "刘洋", "国民经济综合科": "周敏"}
# 4 paragraphs of 82 characters: exactly 3 lines each once indented (26 + 28 + 28)
LINE_TEXT = "推进重点项目建设优化营商环境深化改革开放促进高质量发展保障和改善"[:28]


def records(last: date = date(2026, 11, 30)) -> tuple[list[Submission], list[Adoption]]:
    submissions, adoptions = [], []
    n = 0

    def add(unit: str, day: date, adopted: bool) -> None:
        nonlocal n
        n += 1
        number = f"{day.year}-{n:04d}"
        author = (PEOPLE[unit],) if unit in PEOPLE else ()
        submissions.append(Submission(number, unit, author, datetime(day.year, day.month, day.day, 2,
                                                                        tzinfo=UTC)))
        if adopted:
            outlet = "bulletin" if n % 3 == 0 else "portal"
            adoptions.append(Adoption(number, unit, author, outlet, day))

    for month in range(1, last.month + 1):
        for unit, (count, adopted) in COUNTIES.items():
            for k in range(count):
                day = date(2026, month, 2 + 3 * k)
                if day <= last:
                    add(unit, day, k < adopted)
        for unit, per_year in SECTIONS_PER_YEAR.items():
            for k in range(per_year * month // 12 - per_year * (month - 1) // 12):
                day = date(2026, month, 5 + 2 * k)
                if day <= last:
                    add(unit, day, k == 0)
    return submissions, adoptions


def score(settings: Settings, label: str, today: date) -> dict:
    """As on ``today``: the records up to the day before."""
    submissions, adoptions = records(min(today - timedelta(days=1), date(2026, 12, 31)))
    return score_period(settings, parse_period(label), submissions, adoptions, [], today=today)


def bulletin_entries(count: int) -> list[BulletinEntry]:
    paragraphs = "\n".join((LINE_TEXT * 3)[:82] for _ in range(4))
    return [BulletinEntry(f"第{i}条信息的标题", "安定区发展改革局", paragraphs) for i in range(1, count + 1)]


def documents(settings: Settings, today: date) -> dict[str, OfficialDocument]:
    """Each kind as on ``today``: the month, quarter and year that contain the records' end."""
    month = "2026-11" if today < date(2027, 1, 1) else "2026-12"
    quarter = score(settings, "2026-Q4", today)
    behind = lagging(quarter)
    number = "定发改办〔2026〕12号"
    return {
        "bulletin": build_bulletin(settings.documents.bulletin, 7, today, bulletin_entries(3)),
        "monthly": build_monthly(settings, parse_period(month), score(settings, month, today), today),
        "quarterly": build_quarterly(settings, parse_period("2026-Q4"), quarter, today, number),
        "annual": build_annual(settings, parse_period("2026"), score(settings, "2026", today), today,
                               number),
        "shortfall": build_shortfall(settings, parse_period("2026-Q4"), behind[0], today, number,
                                     final=bool(quarter["final"])),
    }
