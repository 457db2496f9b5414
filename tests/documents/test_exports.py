"""The console's exports: the list's rows in, an .xlsx out, read back as the office would."""

from __future__ import annotations

import io

import openpyxl

from daemon.documents.exports import (
    items_workbook,
    messages_workbook,
    outbox_workbook,
    requests_workbook,
    score_workbook,
)

ITEM = {"number": "2026-0012", "unit": "安定区", "title": "安定区重点项目推进有力", "category": "news",
        "length": 420, "received_at": "2026-11-25T01:30:00+00:00", "timeliness": "on_time",
        "due_at": "2026-11-26T00:00:00+08:00", "route": "固定资产投资科", "state": "routed",
        "flags": ["over_length"]}


def sheet(data: bytes) -> list[list[object]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.worksheets[0].freeze_panes == "A2"
    return [[c.value for c in row] for row in book.worksheets[0].iter_rows()]


def test_items_export_reads_as_people_do() -> None:
    header, row = sheet(items_workbook([ITEM]))
    assert header[:3] == ["编号", "单位", "标题"]
    assert row == ["2026-0012", "安定区", "安定区重点项目推进有力", "动态类", 420, "2026年11月25日 09:30",
                   "按时", "2026年11月25日（星期三）24时前", "固定资产投资科", "已分解", "超出字数"]


def test_other_lists_export() -> None:
    message = {"mailbox": "office", "uid": 7, "received_at": "2026-11-25T09:30:00+08:00",
               "disposition": "quarantined", "item": None, "reason": "无法解析"}
    assert sheet(messages_workbook([message]))[1] == ["office", 7, "2026年11月25日 09:30", "隔离", None,
                                                       "无法解析"]
    request = {"tag": "反馈2026-001", "topic": "项目进展", "due_at": "2026-11-20T00:00:00+08:00",
               "units": [{"unit": "安定区", "state": "missed", "item": None, "answered_at": None}]}
    assert sheet(requests_workbook([request]))[1][:5] == ["反馈2026-001", "项目进展",
                                                          "2026年11月19日（星期四）24时前", "安定区", "漏报"]
    mail = {"id": 3, "kind": "ack", "recipients": ["a@example.org"], "subject": "〔收稿回执〕",
            "state": "sent", "attempts": 1, "sent_at": "2026-11-25T09:31:00+08:00", "created_at": None,
            "last_error": None}
    assert sheet(outbox_workbook([mail], {"sent": "已发送"}))[1][:2] == [3, "收稿回执"]
    assert sheet(outbox_workbook([mail], {"sent": "已发送"}))[1][4:7] == ["已发送", 1, "2026年11月25日 09:31"]
    bounced = mail | {"bounced_at": "2026-11-25T10:00:00+08:00"}
    assert sheet(outbox_workbook([bounced], {"sent": "已发送"}))[1][4] == "已发送（退信）"


def test_score_export_has_the_units_and_the_people() -> None:
    result = {"period": "2026-Q4", "final": False, "state": "open", "units": [
        {"unit": "安定区", "kind": "county", "class": None, "submitted": 5, "adopted": {"portal": 2},
         "points": {"submission": 5, "adoption": 6, "deduction": 0, "total": 11},
         "quotas": [{"rule": "monthly_submissions", "met": True}], "vetoed": None}],
        "people": [{"name": "张明", "unit": "安定区", "points": 11, "submission": 5, "adoption": 6}],
        "awards": {"sections": [], "section_people": [], "counties": [], "county_people": []}}
    book = openpyxl.load_workbook(io.BytesIO(score_workbook(result)))
    assert book.sheetnames == ["积分", "个人积分"]  # no awards for an open period
    assert [c.value for c in book["积分"][2]] == ["安定区", "县区", 5, "委门户网站2", 5, 6, 0, 11, "1/1"]
