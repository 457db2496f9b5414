"""Shortfall notice (督促通知): one per unit behind, with each quota, what is done and what
remains. For a period still open a unit is behind when it is short of the pace (序时进度),
and the notice counts against what is due by now, never the whole period's task."""

from __future__ import annotations

from datetime import date
from typing import Any

from daemon.config import Settings
from daemon.documents.figures import UnitScore, lagging_entries
from daemon.documents.layout import OfficialDocument
from daemon.documents.notice import REGULATION, close_notice, open_notice
from daemon.documents.wording import (
    month_day_text,
    period_text,
    quota_figure,
    quota_subject,
    sub_ordinal,
    unit_title,
)
from daemon.scoring import Period


def lagging(score: dict[str, Any]) -> list[UnitScore]:
    """Units short of a final quota of the period, or of the pace of an open one."""
    return [u for u in score["units"] if lagging_entries(u)]


def build_shortfall(settings: Settings, period: Period, unit: UnitScore, issued: date, number: str,
                    *, final: bool) -> OfficialDocument:
    when = period_text(period)
    document = open_notice(settings, number, "关于督促报送政务信息的通知", None if final else issued)
    document.addressee(unit_title(settings, unit["unit"]))
    counted = "经统计" if final else f"经统计，截至{month_day_text(issued)}"
    progress = "完成情况" if final else "进度情况"
    document.text(f"根据{REGULATION}，{counted}，{when}你单位政务信息报送任务{progress}如下：")
    for index, entry in enumerate(lagging_entries(unit), start=1):
        what = f"{sub_ordinal(index)}{quota_subject(entry['rule'], entry['period'])}："
        required = quota_figure(entry["required"])
        if entry["final"] or entry["pace"] == entry["required"]:
            remaining = quota_figure(max(entry["required"] - entry["done"], 0))
            document.text(f"{what}任务{required}条，已完成{entry['done']}条，尚差{remaining}条。")
        else:
            due = entry["pace"]
            document.text(f"{what}任务{required}条，按序时进度截至目前应完成{quota_figure(due)}条，"
                          f"已完成{entry['done']}条，落后{quota_figure(due - entry['done'])}条。")
    document.text(
        "请你单位高度重视，主要负责同志亲自过问，分管领导加强审核把关，"
        "督促信息员围绕中心工作及时撰写报送信息，尽快补齐差额。"
        "年度任务未完成的，将实行一票否决，取消单位及个人年度评先选优资格。"
    )
    document.text("特此通知。")
    close_notice(document, settings, issued)
    return document
