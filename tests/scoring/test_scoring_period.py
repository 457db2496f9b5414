"""Period parsing, and which period an event falls in at the edges."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from daemon.config import Settings, parse_settings
from daemon.scoring import (
    PERIOD_FORMAT_ERROR,
    Adoption,
    Deduction,
    Submission,
    parse_period,
    score_period,
)

CST = timezone(timedelta(hours=8))


@pytest.mark.parametrize(
    ("text", "kind", "start", "end", "label"),
    [
        ("2026", "year", date(2026, 1, 1), date(2027, 1, 1), "2026"),
        ("2026-Q1", "quarter", date(2026, 1, 1), date(2026, 4, 1), "2026-Q1"),
        ("2026-q4", "quarter", date(2026, 10, 1), date(2027, 1, 1), "2026-Q4"),
        (" 2026-03 ", "month", date(2026, 3, 1), date(2026, 4, 1), "2026-03"),
        ("2026-12", "month", date(2026, 12, 1), date(2027, 1, 1), "2026-12"),
    ],
)
def test_parse(text: str, kind: str, start: date, end: date, label: str) -> None:
    period = parse_period(text)
    assert (period.kind, period.start, period.end, period.label) == (kind, start, end, label)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "26",
        "2026-3",
        "2026-13",
        "2026-00",
        "2026-Q0",
        "2026-Q5",
        "2026Q1",
        "0000",
        "9999",
        "2026-03-01",
        "二〇二六",
    ],
)
def test_bad_period(text: str) -> None:
    with pytest.raises(ValueError, match=PERIOD_FORMAT_ERROR) as caught:
        parse_period(text)
    assert "期间格式应为 2026、2026-Q1 或 2026-03" in str(caught.value)


def test_months_and_quarters_inside() -> None:
    year = parse_period("2026")
    assert [m.label for m in year.months()] == [f"2026-{m:02d}" for m in range(1, 13)]
    assert [q.label for q in year.quarters()] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    q4 = parse_period("2026-Q4")
    assert [m.label for m in q4.months()] == ["2026-10", "2026-11", "2026-12"]
    assert [q.label for q in q4.quarters()] == ["2026-Q4"]
    assert [m.label for m in parse_period("2026-05").months()] == ["2026-05"]
    assert parse_period("2026-05").quarters() == []


def test_contains_is_end_exclusive() -> None:
    march = parse_period("2026-03")
    assert march.contains(date(2026, 3, 1))
    assert march.contains(date(2026, 3, 31))
    assert not march.contains(date(2026, 4, 1))
    assert not march.contains(date(2026, 2, 28))


@pytest.fixture(scope="module")
def one_county() -> Settings:
    return parse_settings({"units": [{"name": "安定区", "kind": "county"}]}, Path("."))


def submitted_in(settings: Settings, label: str, received_at: datetime) -> int:
    record = Submission("2026-0001", "安定区", ("张三",), received_at)
    result = score_period(settings, parse_period(label), [record], [], [])
    return result["units"][0]["submitted"]


@pytest.mark.parametrize(
    ("received_at", "month"),
    [
        (datetime(2026, 3, 31, 23, 30, tzinfo=CST), "2026-03"),
        (datetime(2026, 4, 1, 0, 10, tzinfo=CST), "2026-04"),  # UTC: 2026-03-31 16:10
        (datetime(2026, 3, 31, 16, 10, tzinfo=UTC), "2026-04"),  # the same instant in UTC
        (datetime(2026, 3, 31, 15, 59, 59, tzinfo=UTC), "2026-03"),
        (datetime(2025, 12, 31, 16, 0, tzinfo=UTC), "2026-01"),  # 2026-01-01 00:00 +08:00
    ],
)
def test_submission_falls_in_its_local_month(one_county: Settings, received_at: datetime, month: str) -> None:
    assert submitted_in(one_county, month, received_at) == 1
    other = {"2026-03": "2026-04", "2026-04": "2026-03", "2026-01": "2026-02"}[month]
    assert submitted_in(one_county, other, received_at) == 0


def test_quarter_and_year_edges(one_county: Settings) -> None:
    new_year = datetime(2026, 12, 31, 16, 0, tzinfo=UTC)  # 2027-01-01 00:00 +08:00
    assert submitted_in(one_county, "2026", new_year) == 0
    assert submitted_in(one_county, "2026-Q4", new_year) == 0
    last = datetime(2026, 12, 31, 23, 59, 59, tzinfo=CST)
    assert submitted_in(one_county, "2026-Q4", last) == 1
    assert submitted_in(one_county, "2026", last) == 1


def test_adoption_and_deduction_fall_on_their_date(one_county: Settings) -> None:
    adoption = Adoption("2026-0001", "安定区", ("张三",), "portal", date(2026, 4, 1))
    deduction = Deduction("安定区", "returned", date(2026, 3, 31))
    march, april = (
        score_period(one_county, parse_period(p), [], [adoption], [deduction])["units"][0]
        for p in ("2026-03", "2026-04")
    )
    assert march["points"] == {"submission": 0, "adoption": 0, "deduction": -10, "total": -10}
    assert april["points"] == {"submission": 0, "adoption": 3, "deduction": 0, "total": 3}


def test_naive_receipt_time_is_refused() -> None:
    with pytest.raises(ValueError, match="时区"):
        Submission("2026-0001", "安定区", (), datetime(2026, 3, 31, 23, 30))


def test_unknown_outlet_and_kind_are_refused() -> None:
    with pytest.raises(ValueError, match="采用渠道"):
        Adoption("2026-0001", "安定区", (), "wechat", date(2026, 1, 1))
    with pytest.raises(ValueError, match="扣分类型"):
        Deduction("安定区", "late", date(2026, 1, 1))  # type: ignore[arg-type]
