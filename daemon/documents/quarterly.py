"""Quarterly notice (季度通报): completion against quotas, the units behind, the best named.

Every concluding sentence comes from the rows of the tables beside it (``QuarterFigures``):
the units named as behind are exactly those whose last cell says so, and only units that
completed every task are commended. For a quarter still open the notice is a progress
report: headed 截至X月X日（阶段性统计）, it measures against the pace (序时进度), names the
units behind it, and commends nobody.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from daemon.config import Settings
from daemon.documents.figures import (
    BEHIND,
    DONE,
    NOT_DONE,
    UnitScore,
    adoption_summary,
    county_and_sections,
    lagging_text,
    ranked,
    standing,
    totals,
)
from daemon.documents.layout import OfficialDocument
from daemon.documents.notice import REGULATION, close_notice, open_notice, requirements
from daemon.documents.tables import Column, Table, table
from daemon.documents.wording import (
    CLASS_NAMES,
    month_day_text,
    ordinal,
    period_text,
    progress_text,
    sub_ordinal,
    unit_title,
)
from daemon.scoring import Period

BEST = 3  # units commended in each group
SECTION_RULES = ("annual_submissions_pace",)


@dataclass(frozen=True)
class QuarterFigures:
    """The notice's two tables and the units each sentence is about, from one score."""

    counties: Table
    sections: Table
    behind: list[UnitScore]  # units whose last cell is 未完成 / 落后序时进度, roster order
    commended_counties: list[UnitScore]
    commended_sections: list[UnitScore]
    final: bool


def commended(members: list[UnitScore], standings: dict[str, str]) -> list[UnitScore]:
    """The best units by points among those that completed every task, with points above 0."""
    return [u for u in ranked(members)
            if standings[u["unit"]] == DONE and u["points"]["total"] > 0][:BEST]


def quarter_figures(period: Period, score: dict[str, Any]) -> QuarterFigures:
    final = bool(score["final"])
    months = [m.label for m in period.months()]
    counties, sections = county_and_sections(score)
    standings = {u["unit"]: standing(u["quotas"] if u["kind"] == "county" else
                                     [e for e in u["quotas"] if e["rule"] in SECTION_RULES], final)
                 for u in score["units"]}
    last = "完成情况" if final else "进度情况"
    county_rows = []
    for unit in counties:
        by_rule = {(e["rule"], e["period"]): e for e in unit["quotas"]}
        county_rows.append([
            unit["unit"],
            *(progress_text([by_rule[("monthly_submissions", m)]]) for m in months),
            progress_text([by_rule[("quarterly_adoptions", period.label)]]),
            unit["points"]["total"],
            standings[unit["unit"]],
        ])
    county_table = table("县区", [Column("单位", wrap=True, left=True),
                                *(Column(f"{int(m[-2:])}月报送", wrap=True) for m in months),
                                Column("季度采用", wrap=True), Column("积分"), Column(last)], county_rows)
    section_rows = [[
        unit["unit"],
        CLASS_NAMES[unit["class"]],
        unit["submitted"],
        progress_text([e for e in unit["quotas"] if e["rule"] in SECTION_RULES]),
        unit["points"]["total"],
        standings[unit["unit"]],
    ] for unit in sections]
    section_table = table("委机关科室", [
        Column("单位", wrap=True, left=True), Column("类别"), Column("本季度报送"),
        Column("累计/序时任务", wrap=True), Column("积分"), Column(last)], section_rows)
    behind = [u for u in score["units"] if standings[u["unit"]] in (NOT_DONE, BEHIND)]
    return QuarterFigures(
        counties=county_table,
        sections=section_table,
        behind=behind,
        commended_counties=commended(counties, standings) if final else [],
        commended_sections=commended(sections, standings) if final else [],
        final=final,
    )


def closing_requirement(period: Period, final: bool, anyone_behind: bool) -> str | None:
    """What the units behind are told; a catch-up next quarter only within the year."""
    if not anyone_behind:
        return None
    if not final:
        return f"进度落后的单位要抓紧补报，确保按时完成{period_text(period)}报送任务。"
    if period.last_month < 12:
        return "未完成任务的单位要认真分析原因，制定整改措施，在下季度补齐差额。"
    return "未完成任务的单位要认真分析原因，制定整改措施，切实改进信息报送工作。"


def build_quarterly(settings: Settings, period: Period, score: dict[str, Any], issued: date,
                    number: str) -> OfficialDocument:
    when = period_text(period)
    figures = quarter_figures(period, score)
    as_of = None if figures.final else issued
    document = open_notice(settings, number, f"关于{when}政务信息报送工作\n情况的通报", as_of)
    document.addressee(settings.documents.addressee)
    so_far = "" if figures.final else f"截至{month_day_text(issued)}，"
    document.text(f"根据{REGULATION}，现将{when}全市发展改革系统政务信息报送采用情况"
                  f"{'' if figures.final else '（阶段性统计）'}通报如下。")
    submitted, adopted, deducted = totals(score)
    document.heading1(f"{ordinal(1)}总体情况")
    summary = f"{so_far or '本季度'}各单位共报送信息{submitted}条，被各渠道采用{sum(adopted.values())}条次"
    summary += f"（{adoption_summary(adopted)}）" if adopted else ""
    summary += f"，因退稿等扣分{-deducted}分。" if deducted else "。"
    document.text(summary)

    document.heading1(f"{ordinal(2)}任务完成情况" if figures.final else f"{ordinal(2)}任务进度情况")
    document.heading2(f"{sub_ordinal(1)}县（区）发展改革局")
    document.table(figures.counties)
    document.heading2(f"{sub_ordinal(2)}委机关各科室")
    document.table(figures.sections)
    note = "注：表中为“完成数/任务数”；科室为自1月起累计报送数/按序时进度至本季度末应报送数。"
    if not figures.final:
        note += "本季度尚未结束，括号内为截至目前按序时进度应完成数。"
    document.text(note)

    if figures.final:
        document.heading1(f"{ordinal(3)}未完成任务的单位")
        if figures.behind:
            document.text(f"以下{len(figures.behind)}个单位未完成{when}报送任务，予以通报：")
        else:
            document.text("本季度各单位均完成报送任务。")
    else:
        document.heading1(f"{ordinal(3)}进度落后的单位")
        if figures.behind:
            document.text(f"{so_far}以下{len(figures.behind)}个单位报送进度落后：")
        else:
            document.text(f"{so_far}各单位报送进度均达到序时进度。")
    for unit in figures.behind:
        document.text(lagging_text(settings, unit, None if unit["kind"] == "county" else SECTION_RULES))

    heading = 4
    if figures.final:
        document.heading1(f"{ordinal(heading)}表现突出的单位")
        heading += 1
        best_counties = [f"{unit_title(settings, u['unit'])}（{u['points']['total']}分）"
                         for u in figures.commended_counties]
        best_sections = [f"{u['unit']}（{u['points']['total']}分）" for u in figures.commended_sections]
        if best_counties or best_sections:
            parts = ([f"县区中{'、'.join(best_counties)}"] if best_counties else []) + (
                [f"委机关科室中{'、'.join(best_sections)}"] if best_sections else [])
            document.text(f"本季度{'，'.join(parts)}全面完成任务，信息报送采用成绩突出，予以通报表扬。")
        else:
            document.text("本季度没有全面完成任务且积分为正的单位，暂不通报表扬。")
    requirements(document, heading, closing_requirement(period, figures.final, bool(figures.behind)))
    close_notice(document, settings, issued)
    return document

