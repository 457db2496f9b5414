from __future__ import annotations

import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from daemon.config import Settings, TimelinessSettings, WorkdaySettings
from daemon.intake.checks import category, request, timeliness
from daemon.intake.checks.timeliness import find_event_date
from daemon.intake.verdict import Verdict
from tests.intake.builders import context
from tests.intake.test_check_request import REQUESTS

SHANGHAI = ZoneInfo("Asia/Shanghai")
RECEIVED = date(2026, 11, 25)  # a Wednesday


def _timeliness(subject: str, body: str, received_at: datetime, **kwargs: object) -> Verdict:
    ctx = context(subject, body, received_at=received_at, requests=REQUESTS, **kwargs)
    ctx.verdicts["category"] = category.CHECK.check(ctx)
    ctx.verdicts["request"] = request.CHECK.check(ctx)
    return timeliness.CHECK.check(ctx)


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("2026年11月20日，全县召开……", date(2026, 11, 20)),
        ("11月20日，全县召开……", date(2026, 11, 20)),
        ("20日上午，全县召开……", date(2026, 11, 20)),
        ("12月28日，全县召开……", date(2025, 12, 28)),  # not yet this year: last year
        ("28日，全县召开……", date(2026, 10, 28)),  # not yet this month: last month
        ("本周一，全县召开……", date(2026, 11, 23)),
        ("上周五，全县召开……", date(2026, 11, 20)),
        ("昨天，全县召开……", date(2026, 11, 24)),
        ("今天上午，全县召开……", date(2026, 11, 25)),
        ("11月18日至20日，全县举办……", date(2026, 11, 20)),  # a range ends on its last day
        ("要求12月10日前完成。11月23日，全县召开……", date(2026, 11, 23)),
        ("近日，全县召开……要求15日内完成", None),
        ("11月24日前往天津对接东西部协作", date(2026, 11, 24)),
        ("全县召开……", None),
    ],
)
def test_find_event_date(text: str, event: date | None) -> None:
    assert find_event_date(text, RECEIVED) == event


def test_solicitation_on_time_and_late() -> None:
    on_time = _timeliness("〔约稿2026-007〕调研", "……", datetime(2026, 11, 20, 23, 59, tzinfo=SHANGHAI))
    assert on_time.outcome == "on_time"
    assert on_time.data == {"timeliness": "on_time", "due_at": datetime(2026, 11, 21, tzinfo=SHANGHAI)}
    assert "2026年11月20日（星期五）24时前报送" in on_time.reasons[0]
    late = _timeliness("〔约稿2026-007〕调研", "……", datetime(2026, 11, 21, 0, 0, tzinfo=SHANGHAI))
    assert late.outcome == "late"
    assert late.data["timeliness"] == "late"


def test_news_within_one_working_day_of_the_event() -> None:
    # Friday's meeting is due by the end of Monday.
    body = "11月20日，安定区召开全区重点项目推进会。"
    on_time = _timeliness("【动态】安定区召开推进会", body, datetime(2026, 11, 23, 17, tzinfo=SHANGHAI))
    assert on_time.outcome == "on_time"
    assert on_time.data["due_at"] == datetime(2026, 11, 24, tzinfo=SHANGHAI)
    late = _timeliness("【动态】安定区召开推进会", body, datetime(2026, 11, 24, 8, tzinfo=SHANGHAI))
    assert late.outcome == "late"


def test_news_working_days_come_from_the_config() -> None:
    settings = Settings(timeliness=TimelinessSettings(news_working_days=3))
    verdict = _timeliness("【动态】安定区召开推进会", "11月20日，安定区召开推进会。",
                          datetime(2026, 11, 25, 17, tzinfo=SHANGHAI), settings=settings)
    assert verdict.data["due_at"] == datetime(2026, 11, 26, tzinfo=SHANGHAI)


def test_news_without_a_date_and_other_categories_are_unchecked() -> None:
    received = datetime(2026, 11, 25, 10, tzinfo=SHANGHAI)
    no_date = _timeliness("【动态】安定区召开推进会", "近日，安定区召开推进会。", received)
    assert no_date.outcome == "unchecked"
    assert no_date.data == {"timeliness": "unchecked", "due_at": None}
    research = _timeliness("[调研] 岷县调研", "11月20日，调研组走访……", received)
    assert research.outcome == "unchecked"
    assert "调研类" in research.reasons[0]


def test_a_year_the_calendar_lacks_is_unchecked_and_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    received = datetime(2027, 1, 5, 10, tzinfo=SHANGHAI)
    with caplog.at_level(logging.ERROR, logger="daemon.intake.checks.timeliness"):
        verdict = _timeliness("【动态】安定区召开推进会", "1月4日，安定区召开推进会。", received)
    assert verdict.outcome == "unchecked"
    assert verdict.data == {"timeliness": "unchecked", "due_at": None}
    assert "缺少 2027 年" in verdict.reasons[0]
    assert "event=calendar_unknown year=2027" in caplog.text


def test_a_year_the_config_describes() -> None:
    settings = Settings(calendar=WorkdaySettings(known_years=(2027,)))
    verdict = _timeliness("【动态】安定区召开推进会", "1月4日，安定区召开推进会。",
                          datetime(2027, 1, 5, 10, tzinfo=SHANGHAI), settings=settings)
    assert verdict.outcome == "on_time"
    assert verdict.data["due_at"] == datetime(2027, 1, 6, tzinfo=SHANGHAI)
