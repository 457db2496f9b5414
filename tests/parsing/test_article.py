"""Header lines of an article: the title, the unit/author line and the date are not counted."""

from __future__ import annotations

import pytest

from daemon.parsing.article import choose
from daemon.parsing.covering import split_covering
from daemon.parsing.heading import parse_unit_line, read_heading
from daemon.parsing.model import Attachment
from daemon.parsing.names import Roster
from daemon.parsing.wordcount import count_words

UNIT_LINES = [
    ("安定区发展改革局 张三 李四", ("安定区发展改革局", ("张三", "李四"))),
    ("（通渭县发展改革局 王五）", ("通渭县发展改革局", ("王五",))),
    ("(通渭县发展改革局　王五)", ("通渭县发展改革局", ("王五",))),
    ("通渭县发改局　王五", ("通渭县发改局", ("王五",))),  # full-width space
    ("通渭县发改局王五", ("通渭县发改局", ("王五",))),  # no separator at all
    ("陇西县发展改革局、赵六、欧阳娜娜", ("陇西县发展改革局", ("赵六", "欧阳娜娜"))),
    ("供稿单位：岷县发展改革局 买买提·艾力", ("岷县发展改革局", ("买买提·艾力",))),
    ("定西市发展和改革委员会", ("定西市发展和改革委员会", ())),
    ("市发改委重点项目办 孙七", ("市发改委重点项目办", ("孙七",))),
]
NOT_UNIT_LINES = [
    "今年以来，安定区坚持把项目建设作为推动高质量发展的重要抓手。",
    "安定区加快推进重点项目建设",
    "我局 张三",  # too short to be a unit name
    "安定区发展改革局召开2025年项目推进会议",
    "全区实施项目 128个",
]


@pytest.mark.parametrize(("line", "expected"), UNIT_LINES)
def test_unit_lines(line: str, expected: tuple[str, tuple[str, ...]]) -> None:
    assert parse_unit_line(line) == expected


@pytest.mark.parametrize("line", NOT_UNIT_LINES)
def test_not_unit_lines(line: str) -> None:
    assert parse_unit_line(line) is None


NO_TITLE = "正文第一段很长，没有标题。\n第二段。\n正文。"
HEADER_CASES = [
    ("标题\n安定区发展改革局 张三\n2025年6月16日\n正文。",
     ("标题", "安定区发展改革局 张三", ("张三",), "正文。")),
    ("标题\n2025-06-16\n（通渭县发展改革局 王五）\n\n正文。",
     ("标题", "（通渭县发展改革局 王五）", ("王五",), "正文。")),
    ("标题\n二〇二五年六月十六日\n正文。", ("标题", None, (), "正文。")),
    ("标题\n\n正文。", ("标题", None, (), "正文。")),
    (NO_TITLE, (None, None, (), NO_TITLE)),
    ("安定区发展改革局 张三\n正文。", (None, "安定区发展改革局 张三", ("张三",), "正文。")),
    ("正文。", (None, None, (), "正文。")),
]


@pytest.mark.parametrize(("text", "expected"), HEADER_CASES)
def test_split_header_lines(
    text: str, expected: tuple[str | None, str | None, tuple[str, ...], str]
) -> None:
    heading = read_heading(text)
    assert (heading.title, heading.unit_line, heading.authors, heading.body) == expected


# -- issue 14: lines above the title, titles that end like units, authors at the end -----

BODY = "3月12日，渭源县发展改革局召开会议，安排部署下一阶段重点工作，各股室负责人参加会议。"


@pytest.mark.parametrize("above", [
    ["秘密★1年"], ["内部资料 注意保密"], ["第12期"], ["〔2026〕3号"],
    ["渭源发改信息", "第12期（总第112期）"], ["签发：汪永福    编号：2026-003"],
    ["渭源县发展改革信息", "第3期", "渭源县发展改革局编    2026年3月12日"],
])
def test_lines_above_the_title_are_skipped_and_not_counted(above: list[str]) -> None:
    heading = read_heading("\n".join([*above, "渭源县以工代赈项目带动群众务工500人",
                                      "渭源县发展改革局 赵强", BODY]))
    assert heading.title == "渭源县以工代赈项目带动群众务工500人"
    assert heading.authors == ("赵强",)
    assert heading.body == BODY
    assert list(heading.skipped) == above


@pytest.mark.parametrize("title", [
    "渭源县召开党风廉政建设工作部署会", "安定区发改局推进公文处理规范化", "通渭县成立重点项目推进办",
    "陇西县发展改革局部署工业园区标准厂房工作",
])
def test_a_title_ending_like_a_unit_is_a_title(title: str) -> None:
    assert parse_unit_line(title) is None
    heading = read_heading(f"{title}\n{BODY}")
    assert (heading.title, heading.authors, heading.body) == (title, (), BODY)


@pytest.mark.parametrize(("ending", "authors"), [
    ("（供稿：赵强）", ("赵强",)), ("（作者：赵强 何敏）", ("赵强", "何敏")), ("撰稿：赵强", ("赵强",)),
    ("（渭源县发改局 赵强）", ("赵强",)), ("（供稿单位：渭源县发展改革局 撰稿：何敏）", ("何敏",)),
    ("（撰稿：赵强 审核：汪永福）", ("赵强",)), ("（文/赵强、何敏）", ("赵强", "何敏")),
])
def test_the_author_line_at_the_end(ending: str, authors: tuple[str, ...]) -> None:
    on_its_line = read_heading(f"标题\n{BODY}\n{ending}")
    glued = read_heading(f"标题\n{BODY}{ending}")  # closing the last paragraph, in brackets
    for heading in (on_its_line, glued) if ending.startswith("（") else (on_its_line,):
        assert (heading.title, heading.authors, heading.body) == ("标题", authors, BODY)


def test_names_must_look_like_names() -> None:
    assert parse_unit_line("安定区发展改革局 全体干部") is None  # a common word, not a person
    assert parse_unit_line("安定区发展改革局 署会") is None  # no surname
    roster = Roster(units=frozenset({"岷县"}), people=frozenset({"后建国"}))
    assert parse_unit_line("岷县发改局 后建国", roster) == ("岷县发改局", ("后建国",))


COVERING = [
    ("领导好：\n会川镇的一条动态信息，麻烦领导审核一下，谢谢！\n标题\n" + BODY,
     ("领导好：", "会川镇的一条动态信息，麻烦领导审核一下，谢谢！")),
    ("王主任：\n标题\n" + BODY + "\n以上信息请审核。\n渭源县发改局 赵强 0932-8212119",
     ("王主任：", "以上信息请审核。", "渭源县发改局 赵强 0932-8212119")),
    ("附件是渭源县以工代赈信息，请查收。\n标题\n" + BODY + "\n赵强\n联系电话：13909321234",
     ("附件是渭源县以工代赈信息，请查收。", "赵强", "联系电话：13909321234")),
]


@pytest.mark.parametrize(("text", "removed"), COVERING)
def test_the_senders_note_is_not_the_article(text: str, removed: tuple[str, ...]) -> None:
    article, covering = split_covering(text)
    assert covering == removed
    assert article == "标题\n" + BODY


def test_an_author_line_closing_the_article_stays_with_it() -> None:
    text = f"标题\n{BODY}\n（渭源县发改局 赵强）\n请审阅。"
    article, covering = split_covering(text)
    assert covering == ("请审阅。",)
    assert read_heading(article).authors == ("赵强",)


def test_a_docx_footnote_is_counted_but_never_the_title() -> None:
    document = Attachment("稿件.docx", "application/octet-stream", b"", "0" * 64,
                          f"标题\n{BODY}", "ok", notes="数据来源：县统计局。")
    chosen = choose([], [document])
    assert chosen.title == "标题" and chosen.notes == "数据来源：县统计局。"
    assert chosen.length == count_words(BODY) + count_words("数据来源：县统计局。")
