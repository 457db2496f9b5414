"""Quarterly notice (季度通报): completion against quotas, shortfalls and best units named."""

from __future__ import annotations

from datetime import date
from typing import Any

from daemon.config import Settings
from daemon.documents.figures import UnitScore, adoption_summary, groups, ranked, totals, unmet
from daemon.documents.layout import ISSUER, OfficialDocument
from daemon.documents.monthly import REGULATION
from daemon.documents.wording import (
    CLASS_NAMES,
    RULE_NAMES,
    day_text,
    ordinal,
    period_text,
    progress_text,
    quota_figure,
    sub_ordinal,
    unit_title,
)
from daemon.scoring import Period

ADDRESSEE = "各县区发展改革局，委机关各科室（局、办、中心）"
BEST = 3  # units commended in each group
REQUIREMENTS = (
    "各单位要进一步提高对政务信息工作的认识，主要负责同志要亲自过问，"
    "分管领导要加强审核把关，信息员要及时掌握工作动态，确保按时足额完成报送任务。",
    "要围绕全市发展改革中心工作，多报送调研类、经验做法类和意见建议类信息，"
    "提高信息的针对性和时效性，严格执行字数要求，杜绝涉密信息报送。",
    "未完成任务的单位要认真分析原因，制定整改措施，在下季度补齐差额。",
)


def shortfall_text(settings: Settings, unit: UnitScore) -> str:
    """“安定区发展改革局：2026-10 月度报送信息 3/4 条；…”"""
    parts = [
        f"{RULE_NAMES[e['rule']]}（{e['period']}）完成{e['done']}条，任务{quota_figure(e['required'])}条"
        for e in unmet(unit)
    ]
    return f"{unit_title(settings, unit['unit'])}：" + "；".join(parts) + "。"


def commended(settings: Settings, members: list[UnitScore]) -> list[str]:
    """The best units by points, with their points; only units that scored."""
    best = [u for u in ranked(members) if u["points"]["total"] > 0][:BEST]
    return [f"{unit_title(settings, u['unit'])}（{u['points']['total']}分）" for u in best]


def requirements(document: OfficialDocument, number: int) -> None:
    """The closing 工作要求 every notice carries."""
    document.heading1(f"{ordinal(number)}下一步工作要求")
    for index, text in enumerate(REQUIREMENTS, start=1):
        document.text(f"{sub_ordinal(index)}{text}")


def build_quarterly(settings: Settings, period: Period, score: dict[str, Any],
                    issued: date) -> OfficialDocument:
    when = period_text(period)
    months = [m.label for m in period.months()]
    document = OfficialDocument()
    document.title(f"关于{when}政务信息报送工作\n情况的通报")
    document.addressee(ADDRESSEE)
    document.text(f"根据{REGULATION}，现将{when}全市发展改革系统政务信息报送采用情况通报如下。")
    submitted, adopted, deducted = totals(score)
    document.heading1(f"{ordinal(1)}总体情况")
    summary = f"本季度各单位共报送信息{submitted}条，被各渠道采用{sum(adopted.values())}条次"
    summary += f"（{adoption_summary(adopted)}）" if adopted else ""
    summary += f"，因退稿等扣分{-deducted}分。" if deducted else "。"
    document.text(summary)

    document.heading1(f"{ordinal(2)}任务完成情况")
    unit_groups = groups(score)
    document.heading2(f"{sub_ordinal(1)}县（区）发展改革局")
    month_heads = [f"{int(label[-2:])}月报送" for label in months]
    county_rows = []
    for unit in unit_groups[0][1]:
        by_rule = {(e["rule"], e["period"]): e for e in unit["quotas"]}
        county_rows.append([
            unit["unit"],
            *(progress_text([by_rule[("monthly_submissions", m)]]) for m in months),
            progress_text([by_rule[("quarterly_adoptions", period.label)]]),
            unit["points"]["total"],
            "未完成" if unmet(unit) else "完成",
        ])
    document.table(["单位", *month_heads, "季度采用", "积分", "完成情况"], county_rows,
                   [2.4, 1.3, 1.3, 1.3, 1.4, 1, 1.2])
    document.heading2(f"{sub_ordinal(2)}委机关各科室")
    section_rows = []
    for _, members in unit_groups[1:]:
        for unit in members:
            pace = [e for e in unit["quotas"] if e["rule"] == "annual_submissions_pace"]
            section_rows.append([
                unit["unit"],
                CLASS_NAMES[unit["class"]],
                unit["submitted"],
                progress_text(pace),
                unit["points"]["total"],
                ("未完成" if unmet(unit) else "完成") if pace else "不设任务",
            ])
    document.table(["单位", "类别", "本季度报送", "累计/序时任务", "积分", "完成情况"],
                   section_rows, [3.2, 1.3, 1.3, 1.6, 0.9, 1.2])

    document.heading1(f"{ordinal(3)}未完成任务的单位")
    lagging = [u for u in score["units"] if unmet(u)]
    if lagging:
        document.text(f"以下{len(lagging)}个单位未完成{when}报送任务，予以通报：")
        for unit in lagging:
            document.text(shortfall_text(settings, unit))
    else:
        document.text("本季度各单位均完成报送任务。")

    document.heading1(f"{ordinal(4)}表现突出的单位")
    county_best = commended(settings, unit_groups[0][1])
    section_best = commended(settings, [u for _, m in unit_groups[1:] for u in m])
    if county_best or section_best:
        text = "本季度"
        text += f"县区中{'、'.join(county_best)}" if county_best else ""
        text += "，" if county_best and section_best else ""
        text += f"委机关科室中{'、'.join(section_best)}" if section_best else ""
        document.text(text + "信息报送采用成绩突出，予以通报表扬。")
    else:
        document.text("本季度暂无积分为正的单位。")
    requirements(document, 5)
    document.signature(ISSUER, day_text(issued))
    return document
