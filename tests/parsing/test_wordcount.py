"""字数 the way Word counts it (RULES.md): East Asian characters 1 each, other runs 1 each."""

from __future__ import annotations

import pytest

from daemon.parsing.wordcount import count_words

CASES = [
    ("", 0),
    ("   \t\n", 0),
    ("\u3000\u3000", 0),  # full-width spaces are white space
    ("发展改革", 4),
    ("2025年", 2),  # RULES.md example
    ("5.8%，", 2),  # RULES.md example: run "5.8%" + full-width comma
    ("GDP增长", 3),  # RULES.md example
    ("2025年6月", 4),
    ("同比增长12.3%。", 6),  # 同比增长 4 + "12.3%" + 。
    ("Hello, world!", 2),  # half-width punctuation joins its run
    ("Hello，world！", 4),  # full-width punctuation splits runs and counts
    ("（一）", 3),  # full-width parentheses
    ("(一)", 3),  # ( and ) are separate runs around 一
    ("２０２５年", 5),  # full-width digits are East Asian
    ("“压舱石”", 5),  # Chinese quotes count
    ("‘试点’", 4),
    ("——", 2),  # em dashes
    ("……", 2),
    ("买买提·艾力", 6),  # middle dot counts
    ("e-mail地址：abc@126.com。", 6),
    ("第1季度", 4),  # 第 + "1" + 季度
    ("𠀀𠀁", 2),  # CJK extension B, outside the BMP
    ("镕昇堃", 3),
    ("PM2.5浓度下降", 5),
    ("total 3 items", 3),
    ("安定区　张三", 5),  # U+3000 separates and counts 0
    ("He said “hi”", 5),  # He, said, “, hi, ”
    ("a-b–c", 1),  # en dash is not Chinese punctuation: one run
    ("¥100元", 2),  # "¥100" + 元
    ("ｱｲｳ", 3),  # half-width katakana sit in U+FF01–FFEF
    ("、。〈〉", 4),  # CJK punctuation block
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_count_words(text: str, expected: int) -> None:
    assert count_words(text) == expected
