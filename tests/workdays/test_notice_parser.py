"""Reading the State Council's holiday notice: the published texts, and what it refuses."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest

from daemon.workdays import package_schedule
from daemon.workdays.notice import NoticeError, parse_notice
from tests.support.notices import MADE_UP_2027, STYLES, write_notice

# The 2026 notice as published on gov.cn (lunar dates beside the weekdays, advice at the end).
NOTICE_2026 = """国务院办公厅关于2026年部分节假日安排的通知
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
鼓励单位和个人结合落实带薪年休假等制度，实际形成较长假期，推动错峰出行。节假日期间，各地区、各部门要妥善安排好值班和安全、保卫、疫情防控等工作，遇有重大突发事件，要按规定及时报告并妥善处置，确保人民群众祥和平安度过节日假期。
国务院办公厅
2025年11月4日
"""

NOTICE_2025_LINES = """国务院办公厅关于2025年部分节假日安排的通知
一、元旦：1月1日（周三）放假1天，不调休。
二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
三、清明节：4月4日（周五）至6日（周日）放假，共3天。
四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
"""


def _same_as_package(text: str, year: int) -> None:
    parsed, known = parse_notice(text), package_schedule(year)
    assert known is not None
    assert parsed.year == year
    assert parsed.holidays == known.holidays
    assert parsed.workdays == known.workdays
    assert [f.names for f in parsed.festivals] == [f.names for f in known.festivals]


def test_the_published_2026_notice_reads_as_chinesecalendar_has_it() -> None:
    _same_as_package(NOTICE_2026, 2026)
    festivals = parse_notice(NOTICE_2026).festivals
    assert festivals[1].names == ("春节",) and festivals[1].line == 5
    assert festivals[1].workdays == (date(2026, 2, 14), date(2026, 2, 28))


def test_the_2025_notice_with_a_single_day_and_a_paired_festival() -> None:
    _same_as_package(NOTICE_2025_LINES, 2025)
    assert parse_notice(NOTICE_2025_LINES).festivals[-1].names == ("国庆节", "中秋节")


def test_copied_from_a_web_page_with_half_width_punctuation() -> None:
    # the news sites' copies use ( ) : , for （ ）：，
    half = NOTICE_2026.translate(str.maketrans("（）：，", "():,"))
    assert parse_notice(half) == parse_notice(NOTICE_2026)


def test_a_line_wrapped_by_a_pdf_copy_is_read_whole() -> None:
    for cut in ("放假调休，共9天。", "2月14日（周六）、", "至23日（农历正月初七、周一）"):
        wrapped = parse_notice(NOTICE_2026.replace(cut, cut + "\n", 1))
        assert wrapped.holidays == parse_notice(NOTICE_2026).holidays
        assert wrapped.workdays == parse_notice(NOTICE_2026).workdays


def test_older_phrasings() -> None:
    text = """国务院办公厅关于2017年部分节假日安排的通知
一、元旦：1月1日放假，1月2日（星期一）补休。
二、劳动节：5月1日放假，与周末连休。
三、中秋节、国庆节：10月1日至8日放假调休，共8天。9月30日（星期六）上班。
"""
    parsed = parse_notice(text)
    assert parsed.festivals[0].holidays == (date(2017, 1, 1), date(2017, 1, 2))
    # 与周末连休: the Monday is the holiday; the weekend before it is a weekend
    assert parsed.festivals[1].holidays == (date(2017, 5, 1),)
    assert parsed.festivals[2].names == ("中秋节", "国庆节")
    assert parsed.festivals[2].workdays == (date(2017, 9, 30),)


def test_a_range_across_the_new_year_with_and_without_years() -> None:
    for head in ("2022年12月31日至2023年1月2日", "12月31日至1月2日"):
        parsed = parse_notice(f"国务院办公厅关于2023年部分节假日安排的通知\n一、元旦：{head}放假，共3天。\n")
        assert parsed.holidays == {date(2022, 12, 31), date(2023, 1, 1), date(2023, 1, 2)}
    # outside the 元旦 line the range starts in the notice's year and runs into the next
    later = parse_notice("国务院办公厅关于2030年部分节假日安排的通知\n"
                         "一、春节：12月31日至1月2日放假，共3天。\n")
    assert later.holidays == {date(2030, 12, 31), date(2031, 1, 1), date(2031, 1, 2)}


def test_advice_with_a_date_is_not_a_holiday() -> None:
    text = ("国务院办公厅关于2024年部分节假日安排的通知\n二、春节：2月10日至17日放假调休，共8天。"
            "2月4日（星期日）、2月18日（星期日）上班。鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。\n")
    assert date(2024, 2, 9) not in parse_notice(text).holidays


HEAD_2026 = ("国务院办公厅关于2026年部分节假日安排的通知\n"
             "一、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。10月10日（周六）上班。\n")


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("三、清明节：4月4日（周六）至6日（周一）放假，共4天。",
         "通知写明共 4 天，但列出的放假日期是 3 天（2026年4月4日至2026年4月6日）"),
        ("三、清明节：4月4日（周五）至6日（周一）放假，共3天。", "2026年4月4日是星期六，通知写的是星期五"),
        ("四、劳动节：5月1日至5日放假调休，共5天。5月7日上班。", "2026年5月7日本是工作日"),
        ("五、端午节：2月30日放假，共1天。", "日期不存在：2月30日"),
        ("五、重阳节：10月29日放假，共1天。", "无法识别的节日名称“重阳节”"),
        ("六、中秋节：9月25日至27日放假，共3天。10月10日（周六）上班。", "2026年10月10日已在第 2 行出现过"),
        ("六、中秋节：9月25日至27日放假，共3天。9月26日（周六）上班。", "2026年9月26日既放假又上班"),
        ("七、中秋节：9月25日至20日放假。", "区间的结束日期2026年9月20日不在开始日期2026年9月25日之后"),
    ],
)
def test_a_misread_line_is_an_error_that_names_it(line: str, problem: str) -> None:
    with pytest.raises(NoticeError) as caught:
        parse_notice(f"{HEAD_2026}{line}\n")
    assert caught.value.line == 3
    assert caught.value.message.startswith(f"第 3 行（{line[:20]}")
    assert problem in caught.value.message


def test_a_notice_without_its_year_or_its_lines() -> None:
    with pytest.raises(NoticeError, match="未找到通知的年份"):
        parse_notice("一、元旦：1月1日放假，共1天。")
    with pytest.raises(NoticeError, match="未找到放假安排"):
        parse_notice("国务院办公厅关于2027年部分节假日安排的通知\n经国务院批准……")


def test_full_width_digits_and_the_made_up_year_in_both_styles() -> None:
    for style in STYLES:
        text = write_notice(MADE_UP_2027, style)
        wide = text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        assert unicodedata.normalize("NFKC", wide) == unicodedata.normalize("NFKC", text)
        parsed = parse_notice(wide)
        assert parsed.holidays == MADE_UP_2027.holidays
        assert parsed.workdays == MADE_UP_2027.workdays
