"""Holiday notices written the way the State Council's office writes them, from a Schedule.

Two styles, as published: 周X (2025 on: every date carries its weekday, no years, a single
day is 放假1天，不调休) and 星期X (2017–2024: only make-up and 补休 days carry a weekday,
the 元旦 line carries its years, a single day is 放假，与周末连休 or 放假，共1天, and the
spring festival line advises rest on 除夕). Both write 补休 for a weekend festival day
followed by one weekday off, 放假调休 when there are make-up days, and paired festivals.
"""

from __future__ import annotations

from datetime import date, timedelta

from daemon.workdays.notice import NEW_YEAR, Festival, Schedule, weekday_name

NUMERALS = "一二三四五六七八九十"
STYLES = ("周", "星期")


def _date(day: date, previous: date | None, *, style: str, weekday: bool, year: bool) -> str:
    text = f"{day.year}年" if year else ""
    if year or previous is None or previous.month != day.month or previous.year != day.year:
        text += f"{day.month}月"
    text += f"{day.day}日"
    if weekday:
        text += f"（{style}{weekday_name(day)}）"
    return text


def _line(number: int, festival: Festival, notice_year: int, style: str) -> str:
    new_year = NEW_YEAR in festival.names
    dated = style == "星期" and new_year  # 2018年12月30日至2019年1月1日; 2020年1月1日

    def show(day: date, previous: date | None = None, *, weekday: bool | None = None) -> str:
        year = dated and (previous is None or previous.year != day.year)
        if style == "星期" and not new_year and day.year != notice_year:
            year = True
        return _date(day, previous, style=style, weekday=style == "周" if weekday is None else weekday,
                     year=year)

    days, makeup = festival.holidays, festival.workdays
    first, last = days[0], days[-1]
    if len(days) == 1 and not makeup:
        if style == "周":
            said = f"{show(first)}放假1天，不调休。"
        elif first.weekday() in (0, 4):  # a Monday or Friday joins the weekend
            said = f"{show(first)}放假，与周末连休。"
        else:
            said = f"{show(first)}放假，共1天。"
    elif len(days) == 2 and first.weekday() >= 5 and last.weekday() < 5 and not makeup:
        said = f"{show(first)}放假，{show(last, weekday=True)}补休。"
    else:
        said = (f"{show(first)}至{show(last, first)}放假{'调休' if makeup else ''}，共{len(days)}天。")
    if makeup:
        said += "、".join(show(day, weekday=True) for day in makeup) + "上班。"
    if style == "星期" and "春节" in festival.names:
        eve = first - timedelta(days=1)
        said += f"鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（{eve.month}月{eve.day}日）休息。"
    return f"{NUMERALS[number - 1]}、{'、'.join(festival.names)}：{said}"


def write_notice(schedule: Schedule, style: str) -> str:
    year = schedule.year
    names = "、".join(dict.fromkeys(n for f in schedule.festivals for n in f.names))
    lines = [
        f"国务院办公厅关于{year}年部分节假日安排的通知",
        f"国办发明电〔{year - 1}〕7号",
        "",
        "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
        f"经国务院批准，现将{year}年{names}放假调休日期的具体安排通知如下。",
        *(_line(n, f, year, style) for n, f in enumerate(schedule.festivals, start=1)),
        "节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作，遇有重大突发事件，"
        "要按规定及时报告并妥善处置，确保人民群众祥和平安度过节日假期。",
        "",
        "国务院办公厅",
        f"{year - 1}年11月4日",
    ]
    return "\n".join(lines) + "\n"


def _days(start: date, n: int) -> tuple[date, ...]:
    return tuple(start + timedelta(days=i) for i in range(n))


# A made-up 2027 (the real notice is not out yet), in the published shapes: a plain
# three-day 元旦, an eight-day 春节 with a Sunday and a Saturday worked, single days off
# that are not made up, and a 国庆节 whose make-up days sit on both sides of it.
MADE_UP_2027 = Schedule(2027, (
    Festival(("元旦",), _days(date(2027, 1, 1), 3)),
    Festival(("春节",), _days(date(2027, 2, 5), 8), (date(2027, 1, 31), date(2027, 2, 20))),
    Festival(("清明节",), _days(date(2027, 4, 3), 3)),
    Festival(("劳动节",), _days(date(2027, 5, 1), 5), (date(2027, 4, 25), date(2027, 5, 8))),
    Festival(("端午节",), (date(2027, 6, 9),)),
    Festival(("中秋节",), (date(2027, 9, 15),)),
    Festival(("国庆节",), _days(date(2027, 10, 1), 7), (date(2027, 9, 26), date(2027, 10, 9))),
))
