"""Spreadsheets of what a list shows: the score, and the console's list pages.

Plain functions, rows in, .xlsx bytes out: each takes the very dicts the JSON output and
the console already use (``daemon.views``, ``requests.view``, ``scoring.score_period``) and
returns ``spreadsheet.workbook_bytes``. Times are shown as people read them; codes by their
Chinese names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from daemon.documents.spreadsheet import workbook_bytes
from daemon.documents.tables import Column, Table, table
from daemon.labels import (
    CATEGORY,
    DISPOSITION,
    FLAG,
    OUTBOX_KIND,
    OUTLET,
    REQUEST_STATE,
    STATE,
    TIMELINESS,
    label,
)
from daemon.people_dates import deadline_text, time_text

View = Mapping[str, Any]
SCORE_TITLES = {"sections": "先进科室", "section_people": "科室先进个人",
                "counties": "先进县区", "county_people": "县区先进个人"}


def _columns(*names: str, left: tuple[str, ...] = ()) -> list[Column]:
    return [Column(n, wrap=n in left, left=n in left) for n in names]


def score_tables(result: View) -> list[Table]:
    """``govinfo score``'s table of units (as the CLI prints it), its people and awards."""
    decided = bool(result["units"]) and result["units"][0]["vetoed"] is not None
    rows = []
    for u in result["units"]:
        kind = "县区" if u["kind"] == "county" else f"{u['class']}类科室"
        adopted = "、".join(f"{label(OUTLET, o)}{n}" for o, n in u["adopted"].items()) or "—"
        binding = [q for q in u["quotas"] if not q.get("advisory")]
        met = sum(1 for q in binding if q["met"])
        row = [u["unit"], kind, u["submitted"], adopted, u["points"]["submission"],
               u["points"]["adoption"], u["points"]["deduction"], u["points"]["total"],
               f"{met}/{len(binding)}" if binding else "—"]
        if decided:
            row.append("否决" if u["vetoed"] else "")
        rows.append(row)
    headers = ["单位", "类别", "报送", "采用", "报送分", "采用分", "扣分", "总分", "任务完成"]
    tables = [table("积分", _columns(*headers, *(["一票否决"] if decided else []),
                                    left=("单位", "采用")), rows)]
    tables.append(table("个人积分", _columns("姓名", "单位", "积分", "报送分", "采用分", left=("单位",)),
                        [[p["name"], p["unit"], p["points"], p.get("submission"), p.get("adoption")]
                         for p in result["people"]]))
    awards = [[SCORE_TITLES[key], w["rank"], w.get("name", ""), w["unit"], w["points"]]
              for key in SCORE_TITLES for w in result["awards"][key]]
    if awards:
        tables.append(table("评先", _columns("奖项", "名次", "姓名", "单位", "积分"), awards))
    return tables


def score_workbook(result: View) -> bytes:
    """The scoreboard page and ``score --xlsx``."""
    return workbook_bytes(score_tables(result))


def items_workbook(views: Sequence[View]) -> bytes:
    """The items list (``daemon.views.item_view`` dicts)."""
    rows = [[v["number"], v["unit"] or "（未知发件人）", v["title"], label(CATEGORY, v["category"]),
             v["length"], time_text(v["received_at"]), label(TIMELINESS, v["timeliness"]),
             deadline_text(v["due_at"], year=True), v["route"] or "—", label(STATE, v["state"]),
             "、".join(label(FLAG, f) for f in v["flags"])] for v in views]
    return workbook_bytes([table("信息", _columns("编号", "单位", "标题", "类别", "字数", "收到时间", "时效",
                                                "期限", "承办科室", "状态", "标记", left=("标题", "标记")),
                                 rows)])


def messages_workbook(views: Sequence[View]) -> bytes:
    """The message ledger (``daemon.views.message_view`` dicts)."""
    rows = [[v["mailbox"], v["uid"], time_text(v["received_at"]), label(DISPOSITION, v["disposition"]),
             v["item"] or "", v["reason"] or ""] for v in views]
    return workbook_bytes([table("来信", _columns("邮箱", "UID", "收到时间", "处理", "信息编号", "原因",
                                                left=("原因",)), rows)])


def requests_workbook(views: Sequence[View]) -> bytes:
    """Requests with each unit's answer (``daemon.requests.view`` dicts): one row per unit."""
    rows = [[v["tag"], v["topic"], deadline_text(v["due_at"], year=True), u["unit"],
             label(REQUEST_STATE, u["state"]), u["item"] or "", time_text(u["answered_at"])]
            for v in views for u in v["units"]]
    columns = _columns("编号", "事项", "期限", "单位", "状态", "信息编号", "报送时间", left=("事项",))
    return workbook_bytes([table("约稿", columns, rows)])


def outbox_workbook(views: Sequence[View], state_names: Mapping[str, str] | None = None) -> bytes:
    """The outbox (``daemon.views.outbound_view`` dicts); ``state_names`` label the states."""
    rows = [[v["id"], label(OUTBOX_KIND, v["kind"]), "；".join(v["recipients"]), v["subject"],
             label(dict(state_names or {}), v["state"]) + ("（退信）" if v.get("bounced_at") else ""),
             v["attempts"],
             time_text(v["sent_at"] or v["created_at"]), v["last_error"] or ""] for v in views]
    columns = _columns("编号", "类型", "收件人", "主题", "状态", "尝试次数", "时间", "错误",
                       left=("收件人", "主题", "错误"))
    return workbook_bytes([table("发件", columns, rows)])
