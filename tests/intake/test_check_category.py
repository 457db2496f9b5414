from __future__ import annotations

import pytest

from daemon.intake.checks import category
from daemon.intake.checks.category import infer_category, split_category_tag
from tests.intake.builders import context

NEWS_BODY = (
    "11月20日，安定区发展改革局召开全区重点项目推进会，通报1—10月项目建设进展。"
    "会议要求各责任单位抢抓工期，确保完成全年目标任务。"
)


@pytest.mark.parametrize(
    ("subject", "want", "title"),
    [
        ("【动态】安定区召开推进会", "news", "安定区召开推进会"),
        ("[调研] 岷县经济运行调研", "research", "岷县经济运行调研"),
        ("〔经验做法〕漳县容缺受理", "experience", "漳县容缺受理"),
        ("动态类：通渭县风电并网", "news", "通渭县风电并网"),
        ("意见建议类-关于县域医共体的建议", "suggestion", "关于县域医共体的建议"),
        ("（调研类）临洮县能耗双控", "research", "临洮县能耗双控"),
        ("〔约稿2026-007〕【调研】陇西县民间投资", "research", "〔约稿2026-007〕陇西县民间投资"),
        ("渭源县召开信息工作会议", None, "渭源县召开信息工作会议"),
        ("关于加强农村供水管护的建议", None, "关于加强农村供水管护的建议"),
    ],
)
def test_split_category_tag(subject: str, want: str | None, title: str) -> None:
    assert split_category_tag(subject) == (want, title)


def test_tag_in_subject_wins() -> None:
    verdict = category.CHECK.check(context("【动态】安定区召开推进会", "近日……"))
    assert verdict.outcome == "tagged"
    assert verdict.data == {"category": "news", "inferred": False, "tag": "【动态】"}
    assert "动态类" in verdict.reasons[0]


def test_tag_on_the_first_line_of_the_body() -> None:
    ctx = context("转发：岷县材料", "〔经验做法〕岷县当归产业\n岷县……")
    assert category.CHECK.check(ctx).data["tag"] == "〔经验做法〕"


def test_untagged_item_is_inferred_with_reasons() -> None:
    verdict = category.CHECK.check(context("安定区召开全区重点项目推进会", NEWS_BODY))
    assert verdict.outcome == "inferred"
    assert verdict.data == {"category": "news", "inferred": True, "tag": None}
    assert verdict.reasons[0].startswith("推断为动态类")


@pytest.mark.parametrize(
    ("title", "body", "want"),
    [
        ("关于临洮县民间投资情况的调研报告",
         "县发展改革局组成调研组，走访企业10户，发放问卷38份。一、基本情况……", "research"),
        ("陇西县“三个一”机制提升信息质量的做法",
         "一是一周一调度……二是一月一通报……取得明显成效。", "experience"),
        ("关于规范物业服务收费的建议", "存在问题……为此建议：一是……二是……", "suggestion"),
        ("通渭县召开一季度经济运行分析会", NEWS_BODY, "news"),
    ],
)
def test_infer_category(title: str, body: str, want: str) -> None:
    assert infer_category(title, body)[0] == want


def test_nothing_to_go_on_is_news() -> None:
    # A long text without any cue: no prior applies, so the tie goes to news.
    assert infer_category("材料", "甲乙丙丁。" * 200) == ("news", ("未见类别特征，按动态类处理",))
