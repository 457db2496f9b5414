from __future__ import annotations

import pytest

from daemon.config import ClassifiedSettings, Settings
from daemon.intake.checks import classified
from tests.intake.builders import attachment, context


@pytest.mark.parametrize(
    ("text", "marking"),
    [
        ("密级：秘密\n关于……的报告", "密级：秘密"),
        ("密 级: 机密", "密 级: 机密"),
        ("机密★1年\n渭源县国防动员潜力调查", "机密★1年"),
        ("秘密 ★ 6个月", "秘密 ★ 6个月"),
        ("绝密★长期", "绝密★长期"),
        ("秘密*", "秘密*"),
        ("内部资料　注意保密\n前三季度经济形势分析", "内部资料　注意保密"),
        ("内部资料，注意保密", "内部资料，注意保密"),
        ("【涉密】案件情况", "【涉密】"),
        ("（涉密文件）", "（涉密文件）"),
        ("涉密\n关于……", "涉密"),
    ],
)
def test_markings_are_held(text: str, marking: str) -> None:
    verdict = classified.CHECK.check(context("县发展改革局材料", text))
    assert verdict.outcome == "held"
    assert verdict.flags == ("classified",)
    assert verdict.data == {"held": True, "markings": [marking], "unscreened": []}


@pytest.mark.parametrize(
    "text",
    [
        "揭开高质量发展的秘密",
        "保守国家秘密是每个公民的义务",
        "对全局涉密载体进行清查，开展“涉密不上网、上网不涉密”专项检查",
        "严防涉密信息外报，要确定密级的文件按规定办理",
        "除涉及商业秘密的内容外，及时公开成本监审结论",
        "机密文件管理制度培训",
    ],
)
def test_prose_is_not_a_marking(text: str) -> None:
    verdict = classified.CHECK.check(context("县发展改革局开展保密教育", text))
    assert verdict.outcome == "clear"
    assert verdict.data == {"held": False, "markings": [], "unscreened": []}


def test_marking_in_the_subject() -> None:
    verdict = classified.CHECK.check(context("【涉密】陇西县案件价格认定", "正文"))
    assert verdict.data["markings"] == ["【涉密】"]
    assert verdict.reasons[0].startswith("邮件主题")


def test_marking_only_in_an_attachment_name_or_text() -> None:
    by_name = context("报告", "详见附件", attachments=(attachment("（秘密★1年）报告.docx", None),))
    assert classified.CHECK.check(by_name).data["markings"] == ["秘密★1年"]
    by_text = context("报告", "详见附件", attachments=(attachment("报告.docx", "密级：机密\n……"),))
    assert classified.CHECK.check(by_text).data["markings"] == ["密级：机密"]


def test_patterns_come_from_the_config() -> None:
    settings = Settings(classified=ClassifiedSettings(patterns=(r"严禁外传",)))
    verdict = classified.CHECK.check(context("材料", "此件严禁外传", settings=settings))
    assert verdict.data["markings"] == ["严禁外传"]
