"""Monthly statistics (月度统计): one table per kind of unit and a chart of points.

RULES.md: the statistics are complete by the 3rd of the next month. Columns: items
submitted, adoptions per outlet, deductions, points and the quota progress that applies
to the month (a county's 4 items, a section's pace towards its annual quota).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from daemon.config import Settings
from daemon.documents.chart import points_chart
from daemon.documents.figures import (
    STATISTICS_HEADERS,
    STATISTICS_WIDTHS,
    adoption_summary,
    groups,
    statistics_row,
    totals,
    unmet,
)
from daemon.documents.layout import ISSUER, OfficialDocument
from daemon.documents.wording import day_text, ordinal, period_text, sub_ordinal, unit_title
from daemon.scoring import Period

MONTH_RULES = ("monthly_submissions", "annual_submissions_pace")
# the quality pre-review's average per unit (daemon/intake/quality.py), filled by generate.py
HEADERS, WIDTHS = (*STATISTICS_HEADERS, "质量"), (*STATISTICS_WIDTHS, 1.1)
REGULATION = "《定西市发展和改革委员会政务信息报送工作及考核奖惩制度》"


def build_monthly(settings: Settings, period: Period, score: dict[str, Any],
                  issued: date) -> OfficialDocument:
    when = period_text(period)
    document = OfficialDocument()
    document.title(f"{when}政务信息报送采用情况统计")
    document.text(
        f"根据{REGULATION}，现将{when}各县区发展改革局、委机关各科室（局、办、中心）"
        "政务信息报送采用情况统计如下。"
    )
    submitted, adopted, deducted = totals(score)
    counties = [u for u in score["units"] if u["kind"] == "county"]
    behind = [unit_title(settings, u["unit"]) for u in counties if unmet(u)]
    document.heading1(f"{ordinal(1)}总体情况")
    summary = f"本月共报送信息{submitted}条，被各渠道采用{sum(adopted.values())}条次"
    summary += f"（{adoption_summary(adopted)}）" if adopted else ""
    summary += f"，扣分{-deducted}分。" if deducted else "，无扣分。"
    if not behind:
        summary += "各县区均完成月度报送任务。"
    elif len(behind) == len(counties):
        summary += "各县区均未完成月度报送任务。"
    else:
        summary += (f"{len(counties) - len(behind)}个县区完成月度报送任务，"
                    f"{'、'.join(behind)}未完成。")
    document.text(summary)

    document.heading1(f"{ordinal(2)}县（区）发展改革局报送采用情况")
    unit_groups = groups(score)
    county_group = unit_groups[0][1]
    document.table(HEADERS, [statistics_row(u, MONTH_RULES, True) for u in county_group], WIDTHS)
    document.heading1(f"{ordinal(3)}委机关各科室报送采用情况")
    for index, (name, members) in enumerate(unit_groups[1:], start=1):
        document.heading2(f"{sub_ordinal(index)}{name}")
        document.table(HEADERS, [statistics_row(u, MONTH_RULES, True) for u in members], WIDTHS)
    document.text("注：任务进度为“已报送/任务数”；县区为本月报送任务，"
                  "科室为自1月起按序时进度应完成的报送任务，四类科室不设任务；"
                  "质量为本月信息按采编质量要求预审的平均达标率。")

    document.heading1(f"{ordinal(4)}积分情况")
    document.text("各单位本月积分（报送分、采用分合计减扣分）见下图。")
    bars = [(u["unit"], u["points"]["total"], u["kind"] == "county") for u in score["units"]]
    document.picture(points_chart(f"{when}各单位积分", bars))
    document.signature(ISSUER, day_text(issued))
    return document
