from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from daemon.config import WorkdaySettings
from daemon.workdays import CalendarUnknown, WorkCalendar, deadline_end

SHANGHAI = ZoneInfo("Asia/Shanghai")
CALENDAR = WorkCalendar(WorkdaySettings())
CALENDAR_2027 = WorkCalendar(
    WorkdaySettings(known_years=(2027,), holidays=(date(2027, 1, 1),), workdays=())
)


def test_national_day_2025_with_make_up_sunday() -> None:
    assert CALENDAR.is_workday(date(2025, 9, 28))  # Sunday worked (调休)
    assert not CALENDAR.is_workday(date(2025, 10, 8))
    last = CALENDAR.add_workdays(date(2025, 9, 26), 5)
    assert last == date(2025, 10, 10)
    assert CALENDAR.deadline_end(last, SHANGHAI) == datetime(2025, 10, 11, tzinfo=SHANGHAI)


def test_spring_festival_2026_with_make_up_saturday() -> None:
    assert CALENDAR.is_workday(date(2026, 2, 14))  # Saturday worked
    assert not CALENDAR.is_workday(date(2026, 2, 23))
    assert CALENDAR.add_workdays(date(2026, 2, 12), 5) == date(2026, 2, 26)


def test_zero_working_days_is_the_day_itself() -> None:
    assert CALENDAR.add_workdays(date(2025, 10, 3), 0) == date(2025, 10, 3)


def test_deadline_end_is_midnight_after_the_day_and_accepts_a_zone_name() -> None:
    end = deadline_end(date(2026, 2, 26), "Asia/Shanghai")
    assert end == datetime(2026, 2, 27, 0, 0, tzinfo=SHANGHAI)
    assert end.utcoffset() is not None


def test_2027_from_config_days() -> None:
    # 2026-12-31 (Thu) is worked, 2027-01-01 is the config's holiday, then a weekend.
    assert CALENDAR_2027.add_workdays(date(2026, 12, 30), 2) == date(2027, 1, 4)
    assert CALENDAR_2027.covers(date(2027, 6, 1))


def test_2027_without_config_is_unknown_not_guessed() -> None:
    with pytest.raises(CalendarUnknown) as caught:
        CALENDAR.add_workdays(date(2026, 12, 30), 2)
    assert caught.value.year == 2027
    assert not CALENDAR.covers(date(2027, 1, 1))


def test_config_days_override_the_package() -> None:
    calendar = WorkCalendar(
        WorkdaySettings(holidays=(date(2026, 3, 2),), workdays=(date(2026, 3, 7),))
    )
    assert not calendar.is_workday(date(2026, 3, 2))  # a Monday made holiday
    assert calendar.is_workday(date(2026, 3, 7))  # a Saturday made workday


def test_uncovered_within_for_the_start_up_warning() -> None:
    assert CALENDAR.uncovered_within(date(2026, 12, 1), 60) == date(2027, 1, 1)
    assert CALENDAR.uncovered_within(date(2026, 12, 1), 30) is None
    assert CALENDAR_2027.uncovered_within(date(2026, 12, 1), 60) is None


def test_imported_days_then_the_config_over_them() -> None:
    from daemon.workdays import ImportedDays

    imported = ImportedDays(years=frozenset({2027}), holidays=frozenset({date(2027, 1, 1)}),
                            workdays=frozenset({date(2027, 1, 31)}))
    calendar = WorkCalendar(WorkdaySettings(), imported)
    assert not calendar.is_workday(date(2027, 1, 1))
    assert calendar.is_workday(date(2027, 1, 31))  # a Sunday worked
    assert calendar.is_workday(date(2027, 1, 4)) and not calendar.is_workday(date(2027, 1, 9))
    assert calendar.covers(date(2027, 12, 31)) and not calendar.covers(date(2028, 1, 1))
    # the office's own [calendar] days correct an imported notice
    corrected = WorkCalendar(WorkdaySettings(workdays=(date(2027, 1, 1),), holidays=(date(2027, 1, 4),)),
                             imported)
    assert corrected.is_workday(date(2027, 1, 1)) and not corrected.is_workday(date(2027, 1, 4))


def test_the_unknown_year_says_what_to_do_in_chinese() -> None:
    with pytest.raises(CalendarUnknown) as caught:
        CALENDAR.is_workday(date(2027, 3, 1))
    assert str(caught.value) == ("工作日历缺少 2027 年的节假日安排："
                                 "请先执行 govinfo calendar import 通知全文.txt")
