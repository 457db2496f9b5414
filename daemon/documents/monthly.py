"""Monthly statistics (月度统计): one table per kind of unit and a chart of points.

RULES.md: the statistics are complete by the 3rd of the next month. Columns: items
submitted, adoptions per outlet, deductions, points and the quota progress that applies
to the month (a county's 4 items, a section's pace towards its annual quota). A table of
its own gives each unit's mean quality pre-review (daemon/intake/quality.py): a column
more would not fit the type area beside the seven outlets.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from daemon.config import Settings
from daemon.documents.chart import points_chart
from daemon.documents.figures import (
    adoption_summary,
    behind,
    county_and_sections,
    groups,
    statistics_table,
    totals,
)
from daemon.documents.layout import OfficialDocument
from daemon.documents.notice import REGULATION, as_of_heading
from daemon.documents.tables import Column, Table, table
from daemon.documents.wording import day_text, month_day_text, ordinal, period_text, sub_ordinal, unit_title
from daemon.scoring import Period

MONTH_RULES = ("monthly_submissions", "annual_submissions_pace")
QUALITY_COLUMNS = (Column("单位", wrap=True, left=True), Column("预审信息"), Column("平均达标率"))


def month_tables(score: dict[str, Any]) -> list[Table]:
    """The counties' table, then one per class of sections: the sheets of the spreadsheet too."""
    return [statistics_table("县区" if name.startswith("县") else name, members, MONTH_RULES)
            for name, members in groups(score)]


def quality_table(score: dict[str, Any]) -> Table | None:
    """Each unit's items pre-reviewed this month and their mean share of criteria met
    (``quality`` and ``quality_items`` as generate.add_quality puts them on the units);
    None when no unit has one."""
    rows = [[u["unit"], u["quality_items"], f"{u['quality']:.0%}"]
            for _, members in groups(score) for u in members if u.get("quality") is not None]
    return table("质量", QUALITY_COLUMNS, rows) if rows else None


def county_sentence(settings: Settings, score: dict[str, Any], as_of: date | None) -> str:
    """Who reached the month's items, from the counties' entries the table prints."""
    counties, _ = county_and_sections(score)
    entries = {u["unit"]: next(e for e in u["quotas"] if e["rule"] == "monthly_submissions")
               for u in counties}
    short = [unit_title(settings, name) for name, e in entries.items() if e["done"] < e["required"]]
    if not counties:
        return ""
    if as_of is None:
        if not short:
            return "各县区均完成月度报送任务。"
        if len(short) == len(counties):
            return "各县区均未完成月度报送任务。"
        return f"{len(counties) - len(short)}个县区完成月度报送任务，{'、'.join(short)}未完成。"
    required = next(iter(entries.values()))["required"]
    if not short:
        return f"各县区本月报送均已达到{required}条。"
    reached = len(counties) - len(short)
    head = f"{reached}个县区本月报送已达到{required}条，" if reached else ""
    return f"{head}{'、'.join(short)}尚不足{required}条。"


def build_monthly(settings: Settings, period: Period, score: dict[str, Any],
                  issued: date) -> OfficialDocument:
    when = period_text(period)
    as_of = None if score["final"] else issued
    document = OfficialDocument()
    document.title(f"{when}政务信息报送采用情况统计", space_after=as_of is None)
    as_of_heading(document, as_of)
    document.text(
        f"根据{REGULATION}，现将{when}各县区发展改革局、委机关各科室（局、办、中心）"
        "政务信息报送采用情况" + ("统计如下。" if as_of is None else
                                 f"阶段性统计如下（最终数据以次月{settings.scoring.figures_final_after_day}日后"
                                 "统计为准）。")
    )
    submitted, adopted, deducted = totals(score)
    document.heading1(f"{ordinal(1)}总体情况")
    summary = f"截至{month_day_text(as_of)}，本月" if as_of else "本月"
    summary += f"共报送信息{submitted}条，被各渠道采用{sum(adopted.values())}条次"
    summary += f"（{adoption_summary(adopted)}）" if adopted else ""
    summary += f"，扣分{-deducted}分。" if deducted else "，无扣分。"
    document.text(summary + county_sentence(settings, score, as_of))

    tables = month_tables(score)
    has_counties = bool(county_and_sections(score)[0])
    section_tables = tables[1:] if has_counties else tables
    heading = 1
    if has_counties:
        heading += 1
        document.heading1(f"{ordinal(heading)}县（区）发展改革局报送采用情况")
        document.table(tables[0])
    heading += 1
    document.heading1(f"{ordinal(heading)}委机关各科室报送采用情况")
    for index, data in enumerate(section_tables, start=1):
        document.heading2(f"{sub_ordinal(index)}{data.name}")
        document.table(data)
    note = ("注：任务进度为“已报送/任务数”；县区为本月报送任务，"
            "科室为自1月起按序时进度应完成的报送任务，四类科室不设任务。")
    if as_of is not None and any(behind(e) for u in score["units"] for e in u["quotas"]):
        note += "括号内为截至目前按序时进度应完成数。"
    document.text(note)

    quality = quality_table(score)
    if quality is not None:
        heading += 1
        document.heading1(f"{ordinal(heading)}信息质量预审情况")
        document.table(quality)
        document.text("注：按采编质量要求（有情况、有分析、有建议，有背景、有案例、有数据）预审本月信息，"
                      "达标率为各条信息达到其类别应有各项的比例，取平均。")

    heading += 1
    document.heading1(f"{ordinal(heading)}积分情况")
    # the sentence stays with its chart, which stays with the 落款
    document.text("各单位本月积分（报送分、采用分合计减扣分）见下图。").paragraph_format.keep_with_next = True
    bars = [(u["unit"], u["points"]["total"], u["kind"] == "county") for u in score["units"]]
    document.picture(points_chart(f"{when}各单位积分", bars))
    document.signature(settings.documents.issuer, day_text(issued))
    return document
