"""Annual assessment (年度考核通报): the ranking, the vetoed units and the award winners.

The veto list is the rows of the ranking whose 完成情况 is 未完成, and 无一票否决单位 is said
only when there is none; the awards are the score's, which skip vetoed units. A year still
open gets a progress report instead (截至X月X日（阶段性统计）): the ranking so far measured
against the pace, the units behind it, and no veto, no awards, no completion.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from daemon.config import Settings
from daemon.documents.figures import (
    BEHIND,
    NOT_DONE,
    UnitScore,
    adoptions,
    county_and_sections,
    lagging_text,
    ranked,
    standing,
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

ANNUAL_RULES = ("annual_submissions", "annual_adoptions")
AWARD_GROUPS = (
    ("sections", "先进科室"),
    ("counties", "先进县区发展改革局"),
    ("section_people", "委机关优秀信息员"),
    ("county_people", "县区优秀信息员"),
)


@dataclass(frozen=True)
class YearFigures:
    tables: list[Table]  # the counties' ranking, then the sections'
    behind: list[UnitScore]  # units whose 完成情况 is 未完成 (final) / 落后序时进度 (open)
    final: bool


def year_figures(score: dict[str, Any]) -> YearFigures:
    final = bool(score["final"])
    last = "完成情况" if final else "进度情况"
    columns = [Column("名次"), Column("单位", wrap=True, left=True), Column("报送"), Column("采用"),
               Column("报送分"), Column("采用分"), Column("扣分"), Column("总分"),
               Column("年度任务", wrap=True), Column(last)]
    tables, behind = [], []
    for name, members in zip(("县区", "委机关科室"), county_and_sections(score), strict=True):
        rows = []
        for rank, unit in enumerate(ranked(members), start=1):
            points = unit["points"]
            entries = [e for e in unit["quotas"] if e["rule"] in ANNUAL_RULES]
            label = unit["unit"] if unit["kind"] == "county" else (
                f"{unit['unit']}（{CLASS_NAMES[unit['class']][:2]}）")
            word = standing(entries, final)
            rows.append([rank, label, unit["submitted"], adoptions(unit), points["submission"],
                         points["adoption"], points["deduction"], points["total"],
                         progress_text(entries), word])
            if word in (NOT_DONE, BEHIND):
                behind.append(unit)
        tables.append(table(name, columns, rows))
    order = {u["unit"]: i for i, u in enumerate(score["units"])}
    return YearFigures(tables, sorted(behind, key=lambda u: order[u["unit"]]), final)


def _awards(document: OfficialDocument, settings: Settings, awards: dict[str, Any], heading: int) -> None:
    document.heading1(f"{ordinal(heading)}评选结果")
    for index, (key, name) in enumerate(AWARD_GROUPS, start=1):
        listed = "、".join(
            f"{w['name']}（{unit_title(settings, w['unit'])}）" if "name" in w
            else unit_title(settings, w["unit"])
            for w in awards[key]
        )
        document.text(f"{sub_ordinal(index)}{name}：{listed or '无'}。")
    if awards["sections"] or awards["counties"]:
        document.text("希望受表彰的单位和个人珍惜荣誉、再接再厉，"
                      "各单位要以先进为榜样，推动全市发展改革政务信息工作再上新台阶。")


def build_annual(settings: Settings, period: Period, score: dict[str, Any], issued: date,
                 number: str) -> OfficialDocument:
    when = period_text(period)
    figures = year_figures(score)
    if figures.final:
        title = f"关于{when}政务信息报送\n考核结果的通报"
        intro = (f"根据{REGULATION}，委办公室对{when}各单位政务信息报送采用情况进行了考核。"
                 "现将考核结果通报如下。")
    else:
        title = f"关于{when}政务信息报送工作\n进展情况的通报"
        intro = (f"根据{REGULATION}，现将截至{month_day_text(issued)}{when}各单位政务信息报送采用情况"
                 "通报如下。本年度尚未结束，以下为阶段性统计，年度考核结果待全年统计完成后另行通报。")
    document = open_notice(settings, number, title, None if figures.final else issued)
    document.addressee(settings.documents.addressee)
    document.text(intro)

    document.heading1(f"{ordinal(1)}{'考核排名' if figures.final else '进展排名'}")
    for index, (name, data) in enumerate(zip(("县（区）发展改革局", "委机关各科室"), figures.tables,
                                             strict=True), start=1):
        document.heading2(f"{sub_ordinal(index)}{name}")
        document.table(data)
    note = "注：年度任务为“完成数/任务数”，县区依次为报送数、被委门户网站或简报采用数。"
    if not figures.final:
        note += "括号内为截至目前按序时进度应完成数。"
    document.text(note)

    if figures.final:
        document.heading1(f"{ordinal(2)}一票否决单位")
        if figures.behind:
            document.text(f"以下{len(figures.behind)}个单位未完成年度任务，实行一票否决：")
            for unit in figures.behind:
                document.text(lagging_text(settings, unit, ANNUAL_RULES))
            document.text("以上单位在年终总结会上予以通报批评，单位及其负责人、工作人员"
                          "不得参加本年度各类评先选优。")
        else:
            document.text("本年度各单位均完成年度任务，无一票否决单位。")
        _awards(document, settings, score["awards"], 3)
        closing = "未完成年度任务的单位要认真分析原因，制定整改措施，切实改进信息报送工作。"
        requirements(document, 4, closing if figures.behind else None)
    else:
        document.heading1(f"{ordinal(2)}进度落后的单位")
        if figures.behind:
            document.text(f"截至{month_day_text(issued)}，以下{len(figures.behind)}个单位年度任务进度落后于序时进度：")
            for unit in figures.behind:
                document.text(lagging_text(settings, unit, ANNUAL_RULES))
            document.text("按制度，全年任务未完成的单位将实行一票否决，请以上单位抓紧补报。")
        else:
            document.text(f"截至{month_day_text(issued)}，各单位年度任务进度均达到序时进度。")
        closing = f"进度落后的单位要抓紧补报，确保按时完成{when}报送任务。"
        requirements(document, 3, closing if figures.behind else None)
    close_notice(document, settings, issued)
    return document
