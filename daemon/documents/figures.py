"""Figures the statistics, the notice and the assessment share: unit groups and rows.

Everything reads CONTRACT.md's score object (``daemon.scoring.score_period``), so the
documents show exactly what ``govinfo score`` shows.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from daemon.config import OUTLETS, Settings
from daemon.documents.wording import CLASS_NAMES, progress_text
from daemon.labels import OUTLET
from daemon.scoring.awards import ranking_key
from daemon.scoring.points import Score

UnitScore = dict[str, Any]

OUTLET_COLUMNS = ("门户网站", "简报", "党政网", "日报", "呈阅件", "省级", "国家级")
STATISTICS_HEADERS = ("单位", "报送", *OUTLET_COLUMNS, "扣分", "积分", "任务进度")
STATISTICS_WIDTHS = (3.2, 1, 1.2, 1, 1.1, 1, 1.1, 1, 1.1, 1, 1, 1.6)


def groups(score: dict[str, Any]) -> list[tuple[str, list[UnitScore]]]:
    """Counties, then sections class by class, each in roster order; empty groups dropped."""
    units = score["units"]
    out = [("县（区）发展改革局", [u for u in units if u["kind"] == "county"])]
    for class_, name in CLASS_NAMES.items():
        out.append((name, [u for u in units if u["kind"] == "section" and u["class"] == class_]))
    return [(name, members) for name, members in out if members]


def adoptions(unit: UnitScore) -> int:
    return sum(unit["adopted"].values())


def statistics_row(unit: UnitScore, rules: tuple[str, ...], quality: bool = False) -> list[object]:
    """One unit's line: submitted, adoptions per outlet, deductions, points, quota progress;
    with ``quality``, the average quality pre-review score of its items (``unit["quality"]``)."""
    entries = [e for e in unit["quotas"] if e["rule"] in rules]
    average = unit.get("quality")
    return [
        unit["unit"],
        unit["submitted"],
        *(unit["adopted"].get(outlet, 0) for outlet in OUTLETS),
        unit["points"]["deduction"],
        unit["points"]["total"],
        progress_text(entries),
        *([f"{average:.0%}" if average is not None else "—"] if quality else []),
    ]


def unmet(unit: UnitScore) -> list[dict[str, Any]]:
    return [e for e in unit["quotas"] if not e["met"]]


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
