"""The review chain through the real command, on items filed by the real intake."""

from __future__ import annotations

from datetime import datetime

from tests.workflow.office import CST, LEADER, PRINCIPAL, Office, submission


def test_a_county_item_through_the_whole_chain_with_sign_off(office: Office) -> None:
    office.deliver(submission("anding.xxy1@example.org", "安定区推行企业开办一网通办", 0,
                              datetime(2026, 3, 2, 9, 0, tzinfo=CST)))
    number = "2026-0001"
    assert office.item(number)["state"] == "routed"

    out = office.ok("route", number, "价格科")
    assert "已分解 → 已分解" in out and "价格科" in out
    assert "不是名册中的科室" in office.fails("route", number, "安定区")

    # a step out of order, then the wrong people, then the right ones
    assert "不能审核" in office.fails("review", number, "--step", "review", "--by", LEADER)
    assert "不是价格科的负责人" in office.fails("review", number, "--step", "revise", "--by", "张丽娟")
    office.ok("review", number, "--step", "revise", "--by", "唐婷婷", "--note", "压缩第二段")
    office.ok("mark-important", number)
    assert "已是重要信息" in office.fails("mark-important", number)
    # the county's own 分管领导 does not review for the commission
    assert "不是委分管领导" in office.fails("review", number, "--step", "review", "--by", "马国栋")
    office.ok("review", number, "--step", "review", "--by", LEADER)
    assert "须经委主要领导审签" in office.fails("publish", number)
    assert "须经委主要领导审签" in office.fails("report-up", number)
    assert "不是委主要领导" in office.fails("review", number, "--step", "sign", "--by", LEADER)
    office.ok("review", number, "--step", "sign", "--by", PRINCIPAL)
    out = office.ok("publish", number)
    assert "已审签 → 已发布" in out
    assert "流程已结束" in office.fails("return", number, "--reason", "晚了")

    detail = office.item(number)
    assert detail["state"] == "published" and detail["important"] is True
    steps = [(a["action"], a["actor"], a["data"].get("from"), a["data"].get("to"))
             for a in detail["audit"] if a["action"] != "filed"]
    assert steps == [
        ("route", "办公室", "routed", "routed"),
        ("revise", "唐婷婷", "routed", "revised"),
        ("mark_important", "办公室", None, None),
        ("review", LEADER, "revised", "reviewed"),
        ("sign", PRINCIPAL, "reviewed", "signed"),
        ("publish", "办公室", "signed", "published"),
    ]
    assert detail["audit"][2]["note"] == "压缩第二段"
    assert detail["deductions"] == []


def test_an_item_not_marked_important_needs_no_sign_off(office: Office) -> None:
    office.deliver(submission("jgk.xxy@example.org", "价格科开展春节市场价格监测", 6,
                              datetime(2026, 2, 2, 9, 0, tzinfo=CST), "价格科 薛志远"))
    number = "2026-0001"
    detail = office.item(number)
    assert detail["unit"] == "价格科" and detail["route"] == "经济信息中心"
    # a section's own item is revised by that section's head, not the info center's
    assert "不是价格科的负责人" in office.fails("review", number, "--step", "revise", "--by", "董少华")
    office.ok("review", number, "--step", "revise", "--by", "唐婷婷")
    office.ok("review", number, "--step", "review", "--by", LEADER)
    assert "未标记为重要信息" in office.fails("review", number, "--step", "sign", "--by", PRINCIPAL)
    office.ok("report-up", number)
    assert office.item(number)["state"] == "reported"
    assert "流程已结束" in office.fails("mark-important", number)


def test_held_and_unassigned_items(office: Office) -> None:
    when = datetime(2026, 4, 1, 9, 0, tzinfo=CST)
    office.deliver(
        submission("tongwei.xxy1@example.org", "通渭县项目储备情况", 3, when, extra="\n密级：秘密"),
        submission("stranger@example.net", "某县推进冷链物流建设", 5, when),
    )
    held, stranger = "2026-0001", "2026-0002"
    assert office.item(held)["state"] == "held"
    for verb in (("route", held, "价格科"), ("publish", held), ("report-up", held),
                 ("review", held, "--step", "revise", "--by", "唐婷婷")):
        assert "暂扣" in office.fails(*verb)
    assert "不得呈送" in office.fails("forward", held, "--to", "government")
    # the one way out of held: 退稿, which costs the unit its points
    out = office.ok("return", held, "--reason", "含涉密内容，不得通过互联网报送", "--date", "2026-04-02")
    assert "通渭县扣 10 分" in out
    assert office.item(held)["deductions"] == [
        {"id": 1, "kind": "returned", "on": "2026-04-02", "points": -10,
         "note": "含涉密内容，不得通过互联网报送", "summon_leader": False,
         "revoked_at": None, "revoked_by": None, "revoke_reason": None}
    ]

    detail = office.item(stranger)
    assert detail["state"] == "unassigned" and detail["unit"] is None
    assert "govinfo assign" in office.fails("route", stranger, "价格科")
    assert "govinfo assign" in office.fails("return", stranger, "--reason", "x")
    assert "不在名册中" in office.fails("assign", stranger, "某县")
    out = office.ok("assign", stranger, "岷县")
    assert "（未知） → 岷县" in out and "已分解" in out
    detail = office.item(stranger)
    assert detail["unit"] == "岷县" and detail["state"] == "routed"
    assert "unknown_sender" not in detail["flags"]
    assert "已属于岷县" in office.fails("assign", stranger, "岷县")
    assert [i["number"] for i in office.json("items", "list", "--unit", "岷县")] == [stranger]


def test_usage_errors_exit_2(office: Office) -> None:
    office.deliver(submission("anding.xxy1@example.org", "安定区冷链物流", 5,
                              datetime(2026, 3, 2, 9, 0, tzinfo=CST)))
    office.fails("review", "2026-0001", "--step", "approve", "--by", LEADER, code=2)
    office.fails("review", "2026-0001", "--step", "revise", code=2)
    office.fails("route", "abc", "价格科", code=2)
    assert "没有编号为 2026-0099 的信息" in office.fails("publish", "2026-0099")
