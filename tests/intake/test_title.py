"""The item's title (issue 14 A): the article's title line; the subject, cleaned, only
when the article has none; never a generic subject."""

from __future__ import annotations

import pytest

from daemon.intake.title import UNTITLED, choose_title, clean_subject, is_generic

CLEANED = [
    ("回复：转发：渭源县以工代赈项目带动群众务工500人", "渭源县以工代赈项目带动群众务工500人"),
    ("Fw: Re: 渭源县以工代赈项目带动群众务工500人", "渭源县以工代赈项目带动群众务工500人"),
    ("答复：【动态】渭源县召开项目推进会", "渭源县召开项目推进会"),
    ("〔约稿2026-002〕陇西县中药材产业调研报告", "陇西县中药材产业调研报告"),
    ("安定区重点项目开工建设（王芳）", "安定区重点项目开工建设"),
    ("安定区重点项目开工建设(安定区发改局 王芳)", "安定区重点项目开工建设"),
    ("安定区重点项目开工建设（更正稿）", "安定区重点项目开工建设"),
    ("安定区重点项目开工建设（修改稿，原编号2026-0006）", "安定区重点项目开工建设"),
    ("安定区重点项目开工建设（第二稿）（PDF）", "安定区重点项目开工建设"),
    ("安定区重点项目开工建设（重发）（王芳）", "安定区重点项目开工建设"),
    ("安定区重点项目开工建设-修改稿", "安定区重点项目开工建设"),
    # brackets that belong to the title stay
    ("安定区“十五五”规划（草案）征求意见", "安定区“十五五”规划（草案）征求意见"),
    ("安定区召开推进会（图）", "安定区召开推进会（图）"),
]


@pytest.mark.parametrize(("subject", "cleaned"), CLEANED)
def test_subjects_are_cleaned(subject: str, cleaned: str) -> None:
    assert clean_subject(subject) == cleaned


@pytest.mark.parametrize("subject", [
    "安定区发展改革局报送信息", "价格监测信息", "报送信息（李华）", "通渭县发改局信息一则", "政务信息报送",
    "转发：渭源县报送11月份信息", "信息", "",
])
def test_generic_subjects_are_never_titles(subject: str) -> None:
    assert is_generic(clean_subject(subject))
    assert choose_title(subject, None) == UNTITLED


@pytest.mark.parametrize("subject", ["渭源县以工代赈项目", "价格监测显示猪肉价格回落", "安定区光伏并网"])
def test_subjects_with_a_subject_of_their_own(subject: str) -> None:
    assert not is_generic(subject)


def test_the_article_wins_over_a_truncated_or_generic_subject() -> None:
    article = "渭源县以工代赈项目带动群众务工500人"
    assert choose_title("渭源县以工代赈项目", article) == article
    assert choose_title("价格监测信息", article) == article
    assert choose_title("回复：渭源县以工代赈", "【动态】" + article) == article
    assert choose_title("Re: 渭源县以工代赈项目带动群众务工500人（王芳）", None) == article
