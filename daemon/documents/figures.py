"""Figures the statistics, the notice and the assessment share: unit groups and rows.

Everything reads CONTRACT.md's score object (``daemon.scoring.score_period``), so the
documents show exactly what ``govinfo score`` shows.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from daemon.config import OUTLETS, Settings
from daemon.documents.tables import Column, Table, table
from daemon.documents.wording import (
    CLASS_NAMES,
    progress_text,
    quota_figure,
    quota_subject,
    unit_title,
)
from daemon.labels import OUTLET
from daemon.scoring.awards import ranking_key
from daemon.scoring.points import Score

COUNTY_GROUP = "县（区）发展改革局"
UnitScore = dict[str, Any]
Entry = dict[str, Any]

OUTLET_COLUMNS = ("门户网站", "简报", "党政网", "日报", "呈阅件", "省级", "国家级")
STATISTICS_COLUMNS = (Column("单位", wrap=True, left=True), Column("报送"),
                      *map(Column, OUTLET_COLUMNS),
                      Column("扣分"), Column("积分"), Column("任务进度", wrap=True))

# A unit's standing, the one word of a table's last column and of every concluding sentence:
# for a final period whether it met its quotas, for an open one whether it keeps pace.
DONE, NOT_DONE, ON_PACE, BEHIND, NO_QUOTA = "完成", "未完成", "达到序时进度", "落后序时进度", "不设任务"


def groups(score: dict[str, Any]) -> list[tuple[str, list[UnitScore]]]:
    """Counties, then sections class by class, each in roster order; empty groups dropped."""
    units = score["units"]
    out = [(COUNTY_GROUP, [u for u in units if u["kind"] == "county"])]
    for class_, name in CLASS_NAMES.items():
        out.append((name, [u for u in units if u["kind"] == "section" and u["class"] == class_]))
    return [(name, members) for name, members in out if members]


def county_and_sections(score: dict[str, Any]) -> tuple[list[UnitScore], list[UnitScore]]:
    """The counties in roster order, and the sections class by class."""
    found = groups(score)
    counties = [u for name, members in found if name == COUNTY_GROUP for u in members]
    return counties, [u for name, members in found if name != COUNTY_GROUP for u in members]


def adoptions(unit: UnitScore) -> int:
    return sum(unit["adopted"].values())


def statistics_table(name: str, members: list[UnitScore], rules: tuple[str, ...]) -> Table:
    return table(name, STATISTICS_COLUMNS, [statistics_row(u, rules) for u in members])


def statistics_row(unit: UnitScore, rules: tuple[str, ...]) -> list[object]:
    """One unit's line: submitted, adoptions per outlet, deductions, points, quota progress."""
    entries = [e for e in unit["quotas"] if e["rule"] in rules]
    return [
        unit["unit"],
        unit["submitted"],
        *(unit["adopted"].get(outlet, 0) for outlet in OUTLETS),
        unit["points"]["deduction"],
        unit["points"]["total"],
        progress_text(entries),
    ]


def behind(entry: Entry) -> bool:
    """Short of its requirement when final; short of its pace (what is due by now) when open."""
    return entry["done"] < (entry["required"] if entry["final"] else entry["pace"])


def lagging_entries(unit: UnitScore, rules: tuple[str, ...] | None = None) -> list[Entry]:
    return [e for e in unit["quotas"] if behind(e) and (rules is None or e["rule"] in rules)]


def standing(entries: list[Entry], final: bool) -> str:
    """完成/未完成 for a final period, 达到/落后序时进度 for an open one, 不设任务 without quotas."""
    if not entries:
        return NO_QUOTA
    late = any(behind(e) for e in entries)
    if final:
        return NOT_DONE if late else DONE
    return BEHIND if late else ON_PACE


def entry_text(entry: Entry) -> str:
    """One quota as a sentence: what was due, what is done.

    ``月度报送信息（2026年10月）完成3条，任务4条``; open: ``……已完成5条，按序时进度应完成8条（任务12条）``.
    """
    what = quota_subject(entry["rule"], entry["period"])
    required = quota_figure(entry["required"])
    if entry["final"]:
        return f"{what}完成{entry['done']}条，任务{required}条"
    if entry["pace"] == entry["required"]:  # its time is up, its figures not yet final
        return f"{what}已完成{entry['done']}条，任务{required}条"
    pace = quota_figure(entry["pace"])
    return f"{what}已完成{entry['done']}条，按序时进度应完成{pace}条（任务{required}条）"


def lagging_text(settings: Settings, unit: UnitScore, rules: tuple[str, ...] | None = None) -> str:
    """“安定区发展改革局：月度报送信息（2026年10月）完成3条，任务4条；……。”"""
    parts = [entry_text(e) for e in lagging_entries(unit, rules)]
    return f"{unit_title(settings, unit['unit'])}：" + "；".join(parts) + "。"


def ranked(units: list[UnitScore]) -> list[UnitScore]:
    """Best first, with the awards' tie rule: adoption points, adoptions, then name."""

    def key(unit: UnitScore) -> tuple[int, int, int, tuple[str, ...]]:
        points = unit["points"]
        score = Score(submission=points["submission"], adoption=points["adoption"],
                      deduction=points["deduction"], submitted=unit["submitted"],
                      adopted=Counter(unit["adopted"]))
        return ranking_key(score, unit["unit"])

    return sorted(units, key=key)


def totals(score: dict[str, Any]) -> tuple[int, Counter[str], int]:
    """Items submitted, adoptions by outlet, and deduction points of every unit together."""
    adopted: Counter[str] = Counter()
    for unit in score["units"]:
        adopted.update(unit["adopted"])
    submitted = sum(u["submitted"] for u in score["units"])
    deducted = sum(u["points"]["deduction"] for u in score["units"])
    return submitted, adopted, deducted


def adoption_summary(adopted: Counter[str]) -> str:
    parts = [f"{OUTLET[o]}{adopted[o]}条次" for o in OUTLETS if adopted[o]]
    return "、".join(parts)


def is_county(settings: Settings, name: str) -> bool:
    unit = settings.unit(name)
    return unit is not None and unit.kind == "county"
