"""Adoptions with evidence, returns and deductions through the real command."""

from __future__ import annotations

from datetime import datetime

from tests.workflow.office import CST, PNG, Office, submission


def file_two(office: Office) -> None:
    office.deliver(
        submission("anding.xxy1@example.org", "安定区推行企业开办一网通办", 0,
                   datetime(2026, 3, 2, 9, 0, tzinfo=CST)),
        submission("tongwei.xxy1@example.org", "通渭县马铃薯全产业链", 1,
                   datetime(2026, 3, 5, 9, 0, tzinfo=CST), extra="\n密级：机密★1年"),
    )


def test_adoptions_need_evidence_beyond_portal_and_bulletin(office: Office) -> None:
    file_two(office)
    item, held = "2026-0001", "2026-0002"
    assert "计 3 分" in office.ok("adopt", item, "--outlet", "portal", "--date", "2026-03-10")
    assert "同一渠道只计一次" in office.fails("adopt", item, "--outlet", "portal", "--date", "2026-03-11")
    office.ok("adopt", item, "--outlet", "bulletin", "--date", "2026-03-12")
    refused = office.fails("adopt", item, "--outlet", "party_gov_net", "--date", "2026-03-20")
    assert "须提供采用截图" in refused and "--evidence" in refused
    screenshot = office.file("党政网截图.png", PNG)
    out = office.ok("adopt", item, "--outlet", "party_gov_net", "--date", "2026-03-20",
                    "--evidence", screenshot)
    assert "定西党政网" in out and "计 6 分" in out

    assert "早于" in office.fails("adopt", item, "--outlet", "daily", "--date", "2026-03-01",
                                  "--evidence", screenshot)
    assert "晚于今天" in office.fails("adopt", item, "--outlet", "daily", "--date", "2099-01-01",
                                    "--evidence", screenshot)
    assert "无法读取" in office.fails("adopt", item, "--outlet", "daily", "--date", "2026-03-21",
                                    "--evidence", str(office.tmp / "missing.png"))
    assert "暂扣" in office.fails("adopt", held, "--outlet", "portal", "--date", "2026-03-10")
    office.fails("adopt", item, "--outlet", "wechat", "--date", "2026-03-10", code=2)

    detail = office.item(item)
    assert [(a["outlet"], a["adopted_on"]) for a in detail["adoptions"]] == [
        ("portal", "2026-03-10"), ("bulletin", "2026-03-12"), ("party_gov_net", "2026-03-20")]
    [evidence] = detail["evidence"]
    assert evidence["state"] == "confirmed" and evidence["filename"] == "党政网截图.png"
    assert detail["adoptions"][2]["evidence"] == evidence["id"]
    stored = office.tmp / "store" / "evidence"
    assert [p.read_bytes() for p in stored.rglob("*") if p.is_file()] == [PNG]


def test_return_deducts_from_the_unit(office: Office) -> None:
    file_two(office)
    out = office.ok("return", "2026-0001", "--reason", "数据与统计局口径不一致", "--date", "2026-03-06")
    assert "安定区扣 10 分" in out and "2026-03-06" in out
    detail = office.item("2026-0001")
    assert detail["state"] == "returned"
    assert detail["deductions"][0]["points"] == -10
    assert "已退稿" in office.fails("adopt", "2026-0001", "--outlet", "portal", "--date", "2026-03-10")
    assert "流程已结束" in office.fails("return", "2026-0001", "--reason", "again")
    # the sender and the unit's officers hear of it once, with the reason and the points
    [notice] = [m for m in office.json("outbox", "list") if m["kind"] == "return_notice"]
    assert notice["subject"] == "〔退稿通知〕2026-0001 安定区推行企业开办一网通办"
    assert set(notice["recipients"]) == {"anding.xxy1@example.org", "anding.xxy2@example.org"}
    # dated today when no date is given
    office.deliver(submission("anding.xxy2@example.org", "安定区冷链物流建设", 5,
                              datetime(2026, 3, 9, 9, 0, tzinfo=CST)))
    office.ok("return", "2026-0003", "--reason", "重复报送")
    assert office.item("2026-0003")["deductions"][0]["on"] >= "2026-11-27"


def test_deductions_and_the_summons(office: Office) -> None:
    file_two(office)
    out = office.ok("deduct", "安定区", "--kind", "false_info", "--date", "2026-05-06",
                    "--item", "2026-0001", "--note", "数据失实，造成不良影响")
    assert "安定区 信息失实 扣 20 分" in out and "约谈" not in out
    out = office.ok("deduct", "安定区", "--kind", "late_major", "--date", "2026-06-01",
                    "--note", "市委办通报〔2026〕3号")
    assert "约谈安定区分管领导：马国栋" in out
    out = office.ok("deduct", "价格科", "--kind", "late_major", "--date", "2026-06-01", "--note", "通报")
    assert "约谈价格科负责人：唐婷婷" in out

    assert "不在名册中" in office.fails("deduct", "某县", "--kind", "false_info",
                                       "--date", "2026-05-06", "--note", "x")
    assert "不属于通渭县" in office.fails("deduct", "通渭县", "--kind", "false_info", "--date",
                                        "2026-05-06", "--item", "2026-0001", "--note", "x")
    assert "晚于今天" in office.fails("deduct", "安定区", "--kind", "false_info",
                                    "--date", "2099-05-06", "--note", "x")
    office.fails("deduct", "安定区", "--kind", "returned", "--date", "2026-05-06", "--note", "x", code=2)

    [deduction] = office.item("2026-0001")["deductions"]
    assert deduction == {"id": 1, "kind": "false_info", "on": "2026-05-06", "points": -20,
                         "note": "数据失实，造成不良影响", "summon_leader": False,
                         "revoked_at": None, "revoked_by": None, "revoke_reason": None}
    score = office.json("score", "--period", "2026-Q2")
    units = {u["unit"]: u for u in score["units"]}
    assert units["安定区"]["points"]["deduction"] == -40  # false_info and late_major
    assert units["价格科"]["points"]["deduction"] == -20
