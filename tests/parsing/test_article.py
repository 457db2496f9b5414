"""Header lines of an article: the title, the unit/author line and the date are not counted."""

from __future__ import annotations

import pytest

from daemon.parsing.heading import parse_unit_line, read_heading

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
