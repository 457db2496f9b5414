"""`govinfo calendar` and the deadlines that need it, through the CLI in-process: a year the
calendar lacks is a Chinese error; a made-up 2027 imported from its notice makes
5-working-day deadlines exact across its holidays and make-up days."""

from __future__ import annotations

import io
import json
import sys
from datetime import date

import pytest

from daemon.cli import main
from tests.support.notices import MADE_UP_2027, write_notice
from tests.workdays.conftest import Office


def govinfo(office: Office, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    status = main(["--config", str(office.config), *args])
    out, err = capsys.readouterr()
    return status, out, err


def feedback_due(office: Office, capsys: pytest.CaptureFixture[str], issued: str) -> tuple[int, str]:
    status, out, err = govinfo(office, capsys, "request", "create", "--kind", "feedback",
                               "--topic", f"批示落实（{issued}）", "--units", "安定区", "--issued", issued)
    return status, out + err


# (issued, due by 24:00 of): counted by hand on MADE_UP_2027, five working days after issue
DEADLINES = [
    ("2026-12-28", "2027-01-05"),  # 29, 30, 31 (2026, chinesecalendar); 元旦 1–3; 4, 5
    ("2027-01-29", "2027-02-04"),  # Sunday 31 worked; 1, 2, 3, 4
    ("2027-02-04", "2027-02-19"),  # 春节 5–12, weekend 13–14; 15 … 19
    ("2027-02-16", "2027-02-22"),  # 17, 18, 19, Saturday 20 worked, 22
    ("2027-04-30", "2027-05-11"),  # 劳动节 1–5; 6, 7, Saturday 8 worked, 10, 11
    ("2027-06-08", "2027-06-16"),  # 端午节 9 off, not made up; 10, 11, 14, 15, 16
    ("2027-09-24", "2027-09-30"),  # Sunday 26 worked; 27, 28, 29, 30
    ("2027-09-30", "2027-10-13"),  # 国庆节 1–7; 8, Saturday 9 worked, 11, 12, 13
]


def test_a_missing_year_then_its_notice_imported(office: Office, capsys, tmp_path) -> None:
    status, said = feedback_due(office, capsys, "2026-12-28")
    assert status == 1
    assert "工作日历缺少 2027 年的节假日安排：请先执行 govinfo calendar import 通知全文.txt" in said
    assert "Traceback" not in said
    status, _, err = govinfo(office, capsys, "calendar", "show", "2027")
    assert status == 1 and "工作日历缺少 2027 年" in err

    notice = tmp_path / "通知全文.txt"
    notice.write_bytes(write_notice(MADE_UP_2027, "周").encode("gb18030"))  # saved by WPS as GBK
    status, out, _ = govinfo(office, capsys, "calendar", "import", str(notice), "--yes")
    assert status == 0, out
    assert ("春节    2027-02-05（周五）至 2027-02-12（周五）  8     "
            "2027-01-31（周日）、2027-02-20（周六）") in out
    assert "已导入 2027 年：放假 28 天，调休上班 6 天。" in out

    for issued, due in DEADLINES:
        status, said = feedback_due(office, capsys, issued)
        assert status == 0, said
        assert f"报送期限 {_deadline_read(due)}" in said, (issued, said)

    status, out, _ = govinfo(office, capsys, "calendar", "show", "2027", "--json")
    shown = json.loads(out)
    assert shown["imported"] is True
    assert shown["workdays"] == ["2027-01-31", "2027-02-20", "2027-04-25", "2027-05-08",
                                 "2027-09-26", "2027-10-09"]


def _deadline_read(day: str) -> str:
    """A working-day deadline as people read it: the end of its last day."""
    last = date.fromisoformat(day)
    return f"{last.year}年{last.month}月{last.day}日（星期{'一二三四五六日'[last.weekday()]}）24时前"


def test_a_later_import_of_the_year_replaces_it_and_a_bad_count_names_the_line(
    office: Office, capsys, monkeypatch
) -> None:
    text = write_notice(MADE_UP_2027, "星期")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    assert govinfo(office, capsys, "calendar", "import", "-", "--yes")[0] == 0

    # the office corrects 端午节 to a Monday joined to the weekend: the year is replaced
    corrected = text.replace("6月9日放假，共1天。", "6月7日放假，与周末连休。")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(corrected.encode("utf-8"))))
    status, out, _ = govinfo(office, capsys, "calendar", "import", "-", "--yes")
    assert status == 0
    assert "确认后将替换" in out and "替换了此前导入的安排" in out
    shown = json.loads(govinfo(office, capsys, "calendar", "show", "2027", "--json")[1])
    assert "2027-06-07" in shown["holidays"] and "2027-06-09" not in shown["holidays"]

    wrong = text.replace("共7天", "共6天")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(wrong.encode("utf-8"))))
    status, _, err = govinfo(office, capsys, "calendar", "import", "-", "--yes")
    assert status == 1
    line = next(n for n, t in enumerate(wrong.splitlines(), 1) if "国庆节" in t and "共6天" in t)
    assert err.startswith(f"第 {line} 行（七、国庆节：10月1日至7日放假调休，共6天。")
    assert "通知写明共 6 天，但列出的放假日期是 7 天" in err


def test_without_yes_the_operator_is_asked(office: Office, capsys, tmp_path, monkeypatch) -> None:
    notice = tmp_path / "notice.txt"
    notice.write_text(write_notice(MADE_UP_2027, "周"), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", io.StringIO("n\n"))
    status, out, _ = govinfo(office, capsys, "calendar", "import", str(notice))
    assert status == 1 and "确认导入？[y/N]" in out and "未导入" in out
    assert govinfo(office, capsys, "calendar", "show", "2027")[0] == 1
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))
    assert govinfo(office, capsys, "calendar", "import", str(notice))[0] == 0
    assert govinfo(office, capsys, "calendar", "show", "2027")[0] == 0
