"""Adoption evidence mailed by a unit: filed as pending evidence, matched, then decided."""

from __future__ import annotations

from datetime import datetime

from tests.workflow.office import CST, PDF, PNG, Office, evidence_mail, submission

APRIL = datetime(2026, 4, 1, 9, 0, tzinfo=CST)
MAY = datetime(2026, 5, 8, 10, 0, tzinfo=CST)


def test_evidence_by_number_and_by_title(office: Office) -> None:
    office.deliver(
        submission("anding.xxy1@example.org", "安定区推行企业开办一网通办", 0, APRIL),
        submission("anding.xxy1@example.org", "安定区光伏扶贫电站收益精准分配", 2, APRIL),
        submission("tongwei.xxy1@example.org", "通渭县冷链物流设施建设提速", 5, APRIL),
    )
    office.deliver(
        # by number, with two screenshots
        evidence_mail("anding.xxy2@example.org", "2026-0001号信息已被定西党政网采用", "截图见附件。",
                      [("采用截图1.png", "image/png", PNG), ("采用截图2.png", "image/png", PNG[::-1])],
                      MAY),
        # by title, a scanned page
        evidence_mail("anding.xxy1@example.org", "采用情况",
                      "我局报送的《安定区光伏扶贫电站收益精准分配》已被《定西日报》刊登，扫描件见附件。",
                      [("定西日报.pdf", "application/pdf", PDF)], MAY),
        # a title nobody sent: left to the office
        evidence_mail("tongwei.xxy1@example.org", "录用情况", "我县《中药材产业发展报告》已被录用。",
                      [("page.png", "image/png", PNG + b"x")], MAY),
    )

    # evidence is not an item
    assert [i["number"] for i in office.json("items", "list")] == ["2026-0001", "2026-0002", "2026-0003"]
    messages = office.json("messages", "list")
    assert [(m["disposition"], m["item"]) for m in messages[3:]] == [
        ("evidence", "2026-0001"), ("evidence", "2026-0002"), ("evidence", None)]

    pending = office.json("evidence", "list", "--state", "pending")
    assert [(e["id"], e["item"], e["outlet"], e["filename"]) for e in pending] == [
        (1, "2026-0001", "party_gov_net", "采用截图1.png"),
        (2, "2026-0001", "party_gov_net", "采用截图2.png"),
        (3, "2026-0002", "daily", "定西日报.pdf"),
        (4, None, None, "page.png"),
    ]
    assert "2026-0001" in pending[0]["match_reason"]
    assert pending[2]["match_reason"].startswith("标题相似度 1.00")
    assert "请办公室指定" in pending[3]["match_reason"]
    assert any(a["action"] == "evidence_received" for a in office.item("2026-0001")["audit"])

    # adopt without a file points at the pending evidence
    assert "evidence confirm" in office.fails("adopt", "2026-0001", "--outlet", "party_gov_net",
                                              "--date", "2026-05-06")
    out = office.ok("evidence", "confirm", "1", "--date", "2026-05-06")  # outlet from the mail
    assert "2026-0001 被定西党政网采用" in out and "计 6 分" in out
    assert "已确认" in office.fails("evidence", "confirm", "1", "--date", "2026-05-06")
    assert "同一渠道只计一次" in office.fails("evidence", "confirm", "2", "--date", "2026-05-06")
    office.ok("evidence", "reject", "2", "--reason", "与证明 1 重复")
    office.ok("evidence", "confirm", "3", "--date", "2026-05-07")
    assert "--item" in office.fails("evidence", "confirm", "4", "--date", "2026-05-07")
    assert "--outlet" in office.fails("evidence", "confirm", "4", "--date", "2026-05-07",
                                      "--item", "2026-0003", code=2)
    office.ok("evidence", "confirm", "4", "--date", "2026-05-07", "--item", "2026-0003",
              "--outlet", "provincial")

    states = {e["id"]: (e["state"], e["item"]) for e in office.json("evidence", "list")}
    assert states == {1: ("confirmed", "2026-0001"), 2: ("rejected", "2026-0001"),
                      3: ("confirmed", "2026-0002"), 4: ("confirmed", "2026-0003")}
    adopted = {u["unit"]: u["adopted"] for u in office.json("score", "--period", "2026-05")["units"]}
    assert adopted["安定区"] == {"party_gov_net": 1, "daily": 1}
    assert adopted["通渭县"] == {"provincial": 1}
    assert "没有 id 为 9" in office.fails("evidence", "reject", "9", "--reason", "x")


def test_the_same_evidence_mail_read_twice_is_a_duplicate(office: Office) -> None:
    office.deliver(submission("anding.xxy1@example.org", "安定区推行企业开办一网通办", 0, APRIL))
    mail = evidence_mail("anding.xxy1@example.org", "2026-0001号信息已被定西党政网采用", "见附件",
                         [("shot.png", "image/png", PNG)], MAY)
    office.deliver(mail, mail)
    messages = office.json("messages", "list")
    assert [(m["disposition"], m["item"]) for m in messages[1:]] == [
        ("evidence", "2026-0001"), ("duplicate", "2026-0001")]
    assert len(office.json("evidence", "list")) == 1
