"""The marking screen on the seeded set (tests/intake/marking_cases.py): held-out half only.

A miss is a leak; a false hold costs the office one click. The floors: no miss, at most
1 % false holds. Figures are in the README (保密检查).
"""

from __future__ import annotations

import pytest

from daemon.config import ClassifiedSettings
from daemon.intake.markings import Place, find, judge_line
from tests.intake.marking_cases import HELD_OUT, score


def test_held_out_half_has_no_miss_and_few_false_holds() -> None:
    result = score(HELD_OUT)
    assert result["marked"] > 200 and result["clear"] > 200
    assert [c.seed for c in result["misses"]] == []  # type: ignore[attr-defined]
    assert len(result["false_holds"]) <= result["clear"] // 100  # type: ignore[arg-type,operator]


@pytest.mark.parametrize(
    "line",
    ["涉密文件 严禁复制", "内部资料 注意保存", "★秘密", "机密 ★ 5年", "绝密★启用前", "内部文件 不得外传",
     "秘密★１年", "注意保密　内部资料", "本文件属于内部资料，不得外传"],
)
def test_the_issue_wordings_are_markings_anywhere(line: str) -> None:
    assert judge_line(line, ClassifiedSettings()) == "marking"
    text = "今年以来，全区项目建设进展顺利。\n" * 8 + line + "\n完成投资42.6亿元。"
    assert find([Place("正文", text)], ClassifiedSettings()) == [("正文", line)]


def test_a_bare_secrecy_word_holds_only_where_markings_are_printed() -> None:
    settings = ClassifiedSettings()
    later = "今年以来，全区项目建设进展顺利。\n" * 8 + "内部资料\n"
    assert find([Place("正文", later)], settings) == []
    assert find([Place("正文", "内部资料\n" + later)], settings) != []
    assert find([Place("页眉", "内部资料", "margin")], settings) == [("页眉", "内部资料")]


def test_prose_with_the_words_is_not_held_even_first() -> None:
    settings = ClassifiedSettings()
    for line in ("保守国家秘密", "涉密载体管理", "各单位要严格落实保密规定，涉密文件严禁复制。"):
        assert find([Place("正文", line)], settings) == []


def test_a_marking_inside_a_subject() -> None:
    found = find([Place("邮件主题", "秘密★1年 关于价格监测的报告", "margin")], ClassifiedSettings())
    assert found == [("邮件主题", "秘密★1年")]


def test_word_lists_come_from_the_config() -> None:
    settings = ClassifiedSettings(handling_words=("阅后即焚",))
    assert judge_line("内部资料 阅后即焚", settings) == "marking"
    assert judge_line("内部资料 注意保密", settings) is None  # a phrase it does not know: prose
