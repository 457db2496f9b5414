"""Annual assessment (年度考核通报): the ranking, the vetoed units and the award winners."""

from __future__ import annotations

from datetime import date
from typing import Any

from daemon.config import Settings
from daemon.documents.figures import adoptions, groups, ranked, unmet
from daemon.documents.layout import ISSUER, OfficialDocument
from daemon.documents.monthly import REGULATION
from daemon.documents.quarterly import ADDRESSEE, requirements, shortfall_text
from daemon.documents.wording import (
    CLASS_NAMES,
    day_text,
    ordinal,
    period_text,
    progress_text,
    sub_ordinal,
    unit_title,
)
from daemon.scoring import Period

ANNUAL_RULES = ("annual_submissions", "annual_adoptions")
RANK_HEADERS = ["名次", "单位", "报送", "采用", "报送分", "采用分", "扣分", "总分", "年度任务"]
RANK_WIDTHS = [0.9, 3, 0.9, 0.9, 1, 1, 0.9, 0.9, 1.7]
AWARD_GROUPS = (
    ("sections", "先进科室"),
    ("counties", "先进县区发展改革局"),
    ("section_people", "委机关优秀信息员"),
    ("county_people", "县区优秀信息员"),
)


def build_annual(settings: Settings, period: Period, score: dict[str, Any],
                 issued: date) -> OfficialDocument:
    when = period_text(period)
    document = OfficialDocument()
    document.title(f"关于{when}政务信息报送\n考核结果的通报")
    document.addressee(ADDRESSEE)
    intro = f"根据{REGULATION}，委办公室对{when}各单位政务信息报送采用情况进行了考核。"
    if not score["final"]:
        intro += f"本年度尚未结束，以下为截至{day_text(issued)}的阶段性结果。"
    document.text(intro + "现将考核结果通报如下。")

    document.heading1(f"{ordinal(1)}考核排名")
    unit_groups = groups(score)
    for index, (name, members) in enumerate(
        [("县（区）发展改革局", unit_groups[0][1]),
         ("委机关各科室", [u for _, m in unit_groups[1:] for u in m])],
        start=1,
    ):
        document.heading2(f"{sub_ordinal(index)}{name}")
        rows = []
        for rank, unit in enumerate(ranked(members), start=1):
            points = unit["points"]
            entries = [e for e in unit["quotas"] if e["rule"] in ANNUAL_RULES]
            label = unit["unit"] if unit["kind"] == "county" else (
                f"{unit['unit']}（{CLASS_NAMES[unit['class']][:2]}）")
            rows.append([rank, label, unit["submitted"], adoptions(unit), points["submission"],
                         points["adoption"], points["deduction"], points["total"],
                         progress_text(entries)])
        document.table(RANK_HEADERS, rows, RANK_WIDTHS)
    document.text("注：年度任务为“完成数/任务数”，县区依次为报送数、被委门户网站或简报采用数。")

    document.heading1(f"{ordinal(2)}一票否决单位")
    vetoed = [u for u in score["units"] if u["vetoed"]]
    if vetoed:
        document.text(f"以下{len(vetoed)}个单位未完成年度任务，实行一票否决：")
        for unit in vetoed:
            document.text(shortfall_text(settings, {**unit, "quotas": [
                e for e in unmet(unit) if e["rule"] in ANNUAL_RULES]}))
        document.text("以上单位在年终总结会上予以通报批评，单位及其负责人、工作人员"
                      "不得参加本年度各类评先选优。")
    else:
        document.text("本年度各单位均完成年度任务，无一票否决单位。")

    document.heading1(f"{ordinal(3)}评选结果")
    awards = score["awards"]
    for index, (key, name) in enumerate(AWARD_GROUPS, start=1):
        winners = awards[key]
        listed = "、".join(
            f"{w['name']}（{unit_title(settings, w['unit'])}）" if "name" in w
            else unit_title(settings, w["unit"])
            for w in winners
        )
        document.text(f"{sub_ordinal(index)}{name}：{listed or '无'}。")
    if awards["sections"] or awards["counties"]:
        document.text("希望受表彰的单位和个人珍惜荣誉、再接再厉，"
                      "各单位要以先进为榜样，推动全市发展改革政务信息工作再上新台阶。")
    requirements(document, 4)
    document.signature(ISSUER, day_text(issued))
    return document
