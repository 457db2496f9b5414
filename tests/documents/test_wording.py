"""How a quota is named in the notices a clerk signs."""

from __future__ import annotations

from daemon.documents.wording import quota_subject


def test_a_quota_is_named_with_its_period() -> None:
    assert quota_subject("monthly_submissions", "2026-10") == "月度报送信息（2026年10月）"
    assert (quota_subject("quarterly_adoptions", "2026-Q3")
            == "季度被委门户网站、简报采用信息（2026年第三季度）")


def test_the_pace_of_a_years_quota_says_it_counts_from_january() -> None:
    # the pace compares January 1 through the period's end with that share of the year
    assert quota_subject("annual_submissions_pace", "2026-Q4") == "2026年1—12月累计报送信息"
    assert quota_subject("annual_submissions_pace", "2026-Q2") == "2026年1—6月累计报送信息"
    assert quota_subject("annual_submissions_pace", "2026-01") == "2026年1月累计报送信息"
