"""Properties that hold for any records (hypothesis)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from daemon.config import OUTLETS, parse_settings
from daemon.scoring import Adoption, Deduction, Submission, parse_period, score_period

# Module-level rather than a fixture: hypothesis strategies need the names when collected.
SETTINGS = parse_settings(
    {
        "units": [
            {"name": "安定区", "kind": "county"},
            {"name": "通渭县", "kind": "county"},
            {"name": "办公室", "kind": "section", "class": 1},
            {"name": "工程咨询办", "kind": "section", "class": 4},
        ]
    },
    Path("."),
)
UNITS = [unit.name for unit in SETTINGS.units]
ZONES = [UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5))]
# a little beyond 2026 on both sides, so the year's edges are exercised
FIRST, LAST = date(2025, 12, 20), date(2027, 1, 10)

units = st.sampled_from([*UNITS, None])
authors = st.lists(st.sampled_from(["甲", "乙", "丙", "丁"]), max_size=3).map(tuple)
days = st.dates(FIRST, LAST)
items = st.sampled_from([f"2026-{n:04d}" for n in range(1, 9)])

submissions = st.builds(
    Submission,
    item=items,
    unit=units,
    authors=authors,
    received_at=st.datetimes(
        datetime.combine(FIRST, datetime.min.time()),
        datetime.combine(LAST, datetime.min.time()),
        timezones=st.sampled_from(ZONES),
    ),
    counts=st.booleans(),
)
adoptions = st.builds(
    Adoption,
    item=items,
    unit=units,
    authors=authors,
    outlet=st.sampled_from(OUTLETS),
    adopted_on=days,
)
deductions = st.builds(
    Deduction,
    unit=st.sampled_from(UNITS),
    kind=st.sampled_from(["returned", "false_info", "late_major"]),
    on=days,
)
records = st.tuples(
    st.lists(submissions, max_size=25),
    st.lists(adoptions, max_size=25),
    st.lists(deductions, max_size=6),
)

YEAR = parse_period("2026")
QUARTERS = [parse_period(f"2026-Q{q}") for q in range(1, 5)]
MONTHS = [parse_period(f"2026-{m:02d}") for m in range(1, 13)]


def people(result: dict) -> dict[tuple[str, str], int]:
    return {(p["name"], p["unit"]): p["points"] for p in result["people"]}


def unit_figures(result: dict) -> dict[str, Counter[str]]:
    """Every additive figure of a unit, flattened: points, submitted, adoptions per outlet."""
    return {
        u["unit"]: Counter({**u["points"], "submitted": u["submitted"], **u["adopted"]})
        for u in result["units"]
    }


@given(records)
def test_total_is_submission_plus_adoption_plus_deduction(data) -> None:
    for unit in score_period(SETTINGS, YEAR, *data)["units"]:
        points = unit["points"]
        assert points["total"] == points["submission"] + points["adoption"] + points["deduction"]
        assert points["deduction"] <= 0


@given(records, adoptions)
def test_an_adoption_never_lowers_a_score(data, extra: Adoption) -> None:
    subs, adopted, deducted = data
    before = score_period(SETTINGS, YEAR, subs, adopted, deducted)
    after = score_period(SETTINGS, YEAR, subs, [*adopted, extra], deducted)
    for old, new in zip(before["units"], after["units"], strict=True):
        assert new["points"]["total"] >= old["points"]["total"]
    now = people(after)
    for person, points in people(before).items():
        assert now[person] >= points


item_records = st.tuples(
    st.sampled_from(UNITS),
    st.lists(st.sampled_from(["甲", "乙", "丙", "丁"]), min_size=1, max_size=3).map(tuple),
    st.datetimes(datetime(2026, 1, 1), datetime(2026, 12, 31), timezones=st.just(UTC)),
    st.lists(st.tuples(st.sampled_from(OUTLETS), st.dates(date(2026, 1, 1), date(2026, 12, 31))), max_size=4),
)


@given(st.lists(item_records, min_size=1, max_size=6))
def test_every_author_gets_the_same_from_an_item(generated) -> None:
    everything: tuple[list[Submission], list[Adoption]] = ([], [])
    summed: Counter[tuple[str, str]] = Counter()
    for number, (unit, writers, received_at, adopted) in enumerate(generated):
        item = f"2026-{number:04d}"
        subs = [Submission(item, unit, writers, received_at)]
        adoptions_ = [Adoption(item, unit, writers, o, on) for o, on in adopted]
        alone = score_period(SETTINGS, YEAR, subs, adoptions_, [])
        unit_points = next(u for u in alone["units"] if u["unit"] == unit)["points"]
        earned = people(alone)
        # each author in full: exactly what the unit got from it, deductions aside
        expected = unit_points["submission"] + unit_points["adoption"]
        assert earned == {(name, unit): expected for name in set(writers)}
        summed.update(earned)
        everything[0].extend(subs)
        everything[1].extend(adoptions_)
    # and a person's score is the sum of what their items gave them
    assert people(score_period(SETTINGS, YEAR, *everything, [])) == dict(summed)


@hypothesis_settings(max_examples=50)
@given(records)
def test_quarters_and_months_sum_to_the_year(data) -> None:
    year = score_period(SETTINGS, YEAR, *data)
    for parts in (QUARTERS, MONTHS):
        results = [score_period(SETTINGS, part, *data) for part in parts]
        for name, figures in unit_figures(year).items():
            summed_figures: Counter[str] = Counter()
            for result in results:
                # update(), not +: Counter addition drops the negative deductions
                summed_figures.update(unit_figures(result)[name])
            assert summed_figures == figures
        summed: Counter[tuple[str, str]] = Counter()
        for result in results:
            summed.update(people(result))
        assert +summed == {k: v for k, v in people(year).items() if v}
