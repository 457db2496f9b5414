"""The JSON shape of CONTRACT.md's ``score --period P --json``, with default quotas."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from daemon.config import Settings, parse_settings
from daemon.scoring import Adoption, Submission, parse_period, score_period

CST = timezone(timedelta(hours=8))

UNIT_KEYS = {"unit", "kind", "class", "submitted", "adopted", "points", "quotas", "vetoed"}
QUOTA_KEYS = {"rule", "period", "required", "done", "met"}


@pytest.fixture(scope="module")
def defaults() -> Settings:
    units = [
        {"name": "安定区", "kind": "county"},
        {"name": "办公室", "kind": "section", "class": 1},
        {"name": "价格科", "kind": "section", "class": 2},
        {"name": "经济信息中心", "kind": "section", "class": 3},
        {"name": "工程咨询办", "kind": "section", "class": 4},
    ]
    return parse_settings({"units": units}, Path("."))


def test_shape_of_a_quarter(defaults: Settings) -> None:
    records = [
        Submission(f"2026-{n:04d}", "安定区", ("张三",), datetime(2026, 1, n, tzinfo=CST))
        for n in range(1, 6)
    ]
    adoptions = [Adoption("2026-0001", "安定区", ("张三",), "portal", date(2026, 1, 9))]
    result = score_period(defaults, parse_period("2026-Q1"), records, adoptions, [])
    json.dumps(result, ensure_ascii=False)  # plain JSON values only
    assert {"period", "units", "people", "awards"} <= result.keys()
    assert set(result["awards"]) == {"sections", "section_people", "counties", "county_people"}
    for unit in result["units"]:
        assert unit.keys() >= UNIT_KEYS
        assert set(unit["points"]) == {"submission", "adoption", "deduction", "total"}
        for entry in unit["quotas"]:
            assert entry.keys() >= QUOTA_KEYS
    anding = result["units"][0]
    assert (anding["kind"], anding["class"], anding["submitted"]) == ("county", None, 5)
    assert anding["adopted"] == {"portal": 1}
    assert anding["points"] == {"submission": 5, "adoption": 3, "deduction": 0, "total": 8}
    assert anding["quotas"][0] == {
        "rule": "monthly_submissions",
        "period": "2026-01",
        "required": 4,
        "done": 5,
        "met": True,
        "final": True,
    }
    assert anding["quotas"][-1]["rule"] == "quarterly_adoptions"
    assert anding["quotas"][-1]["required"] == 12
    assert result["people"] == [
        {"name": "张三", "unit": "安定区", "points": 8, "submission": 5, "adoption": 3}
    ]


@pytest.mark.parametrize(
    ("label", "required"),
    [("2026-03", {1: 9, 2: 6, 3: 3}), ("2026-Q3", {1: 27, 2: 18, 3: 9}), ("2026-11", {1: 33, 2: 22, 3: 11})],
)
def test_section_pace_by_class(defaults: Settings, label: str, required: dict) -> None:
    result = score_period(defaults, parse_period(label), [], [], [])
    for unit in result["units"][1:]:
        if unit["class"] == 4:
            assert unit["quotas"] == []
            continue
        (entry,) = unit["quotas"]
        assert entry["rule"] == "annual_submissions_pace"
        assert entry["advisory"] is True
        assert entry["required"] == required[unit["class"]]
        assert isinstance(entry["required"], int)


def test_empty_year_lists_every_unit_with_zeros(defaults: Settings) -> None:
    result = score_period(defaults, parse_period("2026"), [], [], [])
    assert [u["unit"] for u in result["units"]] == [u.name for u in defaults.units]
    for unit in result["units"]:
        assert unit["points"] == {"submission": 0, "adoption": 0, "deduction": 0, "total": 0}
        assert unit["adopted"] == {}
        # everyone with a quota missed it; class 4 has none
        assert unit["vetoed"] is (unit["class"] != 4)
    assert result["people"] == []
    # nobody scored above zero, so nobody is awarded
    assert all(winners == [] for winners in result["awards"].values())


def test_an_author_listed_twice_scores_once(defaults: Settings) -> None:
    record = Submission("2026-0001", "办公室", ("赵六", " 赵六 ", ""), datetime(2026, 5, 5, tzinfo=CST))
    result = score_period(defaults, parse_period("2026"), [record], [], [])
    assert result["people"] == [
        {"name": "赵六", "unit": "办公室", "points": 1, "submission": 1, "adoption": 0}
    ]
