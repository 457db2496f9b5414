"""Shortfall notice (督促通知): one per lagging unit, with each quota, what is done and
what remains."""

from __future__ import annotations

from datetime import date
from typing import Any

from daemon.config import Settings
from daemon.documents.figures import UnitScore, unmet
from daemon.documents.layout import ISSUER, OfficialDocument
from daemon.documents.monthly import REGULATION
from daemon.documents.wording import (
    RULE_NAMES,
    day_text,
    period_text,
    quota_figure,
    sub_ordinal,
    unit_title,
)
from daemon.scoring import Period


def lagging(score: dict[str, Any]) -> list[UnitScore]:
    """Units with at least one quota of the period not met."""
    return [u for u in score["units"] if unmet(u)]


def build_shortfall(settings: Settings, period: Period, unit: UnitScore,
                    issued: date) -> OfficialDocument:
    when = period_text(period)
    document = OfficialDocument()
    document.title("关于督促报送政务信息的通知")
    document.addressee(unit_title(settings, unit["unit"]))
    document.text(f"根据{REGULATION}，经统计，{when}你单位政务信息报送任务完成情况如下：")
    for index, entry in enumerate(unmet(unit), start=1):
        required = entry["required"]
        remaining = quota_figure(max(required - entry["done"], 0))
        document.text(
            f"{sub_ordinal(index)}{RULE_NAMES[entry['rule']]}（{entry['period']}）："
            f"任务{quota_figure(required)}条，已完成{entry['done']}条，尚差{remaining}条。"
        )
    document.text(
        "请你单位高度重视，主要负责同志亲自过问，分管领导加强审核把关，"
        "督促信息员围绕中心工作及时撰写报送信息，尽快补齐差额。"
        "年度任务未完成的，将实行一票否决，取消单位及个人年度评先选优资格。"
    )
    document.text("特此通知。")
    document.signature(ISSUER, day_text(issued))
    return document
