from __future__ import annotations

from daemon.config import LengthLimit, LimitSettings, Settings
from daemon.intake.checks import category, length
from daemon.intake.verdict import CheckContext, Verdict
from tests.intake.builders import context


def _length(subject: str, body: str, settings: Settings | None = None) -> Verdict:
    ctx: CheckContext = context(subject, body, settings=settings)
    ctx.verdicts["category"] = category.CHECK.check(ctx)
    return length.CHECK.check(ctx)


def test_news_over_length() -> None:
    verdict = _length("【动态】安定区召开推进会", "字" * 612)
    assert verdict.outcome == "over_length"
    assert verdict.flags == ("over_length",)
    assert verdict.data == {"length": 612, "length_ok": False}
    assert verdict.reasons == ("正文 612 字，动态类信息应为 300—500 字",)


def test_news_under_length() -> None:
    verdict = _length("【动态】安定区召开推进会", "2026年，GDP增长5.8%。" + "字" * 100)
    assert verdict.outcome == "under_length"
    # 2026 年 ， GDP 增 长 5.8% 。: a run of non-East-Asian characters counts once
    assert verdict.data["length"] == 8 + 100
    assert verdict.flags == ("under_length",)


def test_research_within_limit() -> None:
    verdict = _length("[调研] 岷县调研", "字" * 1999)
    assert verdict.outcome == "ok"
    assert verdict.flags == ()
    assert verdict.data == {"length": 1999, "length_ok": True}
    assert verdict.reasons == ("正文 1999 字，符合调研类信息不超过 2000 字的要求",)


def test_limits_come_from_the_config() -> None:
    settings = Settings(limits=LimitSettings(suggestion=LengthLimit(max=10)))
    verdict = _length("【意见建议】关于……的建议", "字" * 11, settings)
    assert verdict.reasons == ("正文 11 字，意见建议类信息应不超过 10 字",)
