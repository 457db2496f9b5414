"""Correct and undo (issue 16 §2): revoke a return, an adoption, a deduction; release a held
item; correct what intake read; and the refusals of what makes no sense. Items come in
through Dovecot and the real intake; the office acts through `govinfo` (in-process) and,
for the permission rules, through the actions themselves."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from daemon.actions import chain, points
from daemon.actions.base import Actor, Forbidden, Refusal
from daemon.config import load_settings
from daemon.db import make_engine, session_factory, transaction
from daemon.models import Deduction, Outbound
from tests.workflow.office import CST, Office, submission


def today() -> date:
    """Today in the office's zone when the test asks: a run can cross midnight."""
    return datetime.now(CST).date()


def when() -> datetime:
    return datetime.now(CST) - timedelta(hours=3)


def total(office: Office, unit: str) -> int:
    board = office.json("score", "--period", str(today().year))
    return next(u["points"]["total"] for u in board["units"] if u["unit"] == unit)


def outbox(office: Office, kind: str) -> list[Outbound]:
    settings = load_settings(office.config)
    engine = make_engine(settings.database_url)
    try:
        with session_factory(engine)() as session:
            return list(session.scalars(select(Outbound).where(Outbound.kind == kind).order_by(Outbound.id)))
    finally:
        engine.dispose()


def one_item(office: Office, sender: str = "anding.xxy1@example.org", extra: str = "") -> str:
    office.deliver(submission(sender, "安定区推行企业开办一网通办", 0, when(), extra=extra))
    return office.json("items", "list")[-1]["number"]


def test_revoking_a_return_restores_the_item_the_points_and_tells_the_unit(office: Office) -> None:
    number = one_item(office)
    before = total(office, "安定区")
    assert "退稿理由不能为空" in office.fails("return", number, "--reason", "  ", code=2)
    office.ok("return", number, "--reason", "与本单位工作无关")
    assert total(office, "安定区") == before - 10
    [notice] = outbox(office, "return_notice")

    out = office.ok("revoke", "return", number, "--reason", "误退，稿件属实")
    assert "恢复为“已分解”" in out and "撤销通知已排入发件队列" in out
    detail = office.item(number)
    assert detail["state"] == "routed"
    [deduction] = detail["deductions"]
    assert deduction["revoked_by"] == "办公室" and deduction["revoke_reason"] == "误退，稿件属实"
    assert total(office, "安定区") == before
    [revoked] = outbox(office, "revoke_notice")
    assert revoked.recipients == notice.recipients and "〔撤销退稿〕" in revoked.subject
    assert [a["action"] for a in detail["audit"]][-2:] == ["return", "revoke"]
    assert "未被退稿" in office.fails("revoke", "return", number, "--reason", "再撤一次")

    # the item can be returned again, and that return is mailed again
    office.ok("return", number, "--reason", "确需退稿")
    assert len(outbox(office, "return_notice")) == 2
    assert "退稿扣分，请撤销退稿" in office.fails("revoke", "deduction", str(deduction["id"] + 1),
                                              "--reason", "x")


def test_revoking_an_adoption_and_a_deduction_recomputes_the_points(office: Office) -> None:
    number = one_item(office)
    settings = load_settings(office.config)
    portal, false_info = settings.points.adoption("portal"), settings.points.false_info
    before = total(office, "安定区")
    office.ok("adopt", number, "--outlet", "门户网站", "--date", today().isoformat())  # its Chinese name
    assert total(office, "安定区") == before + portal
    [adoption] = office.item(number)["adoptions"]
    assert "撤销理由不能为空" in office.fails("revoke", "adoption", str(adoption["id"]), "--reason", "",
                                          code=2)
    office.ok("revoke", "adoption", str(adoption["id"]), "--reason", "门户网站采用的是另一篇")
    assert total(office, "安定区") == before
    assert office.item(number)["adoptions"][0]["revoked_at"] is not None
    assert "已于" in office.fails("revoke", "adoption", str(adoption["id"]), "--reason", "again")
    # recorded again after the revocation: counts again
    office.ok("adopt", number, "--outlet", "portal", "--date", today().isoformat())
    assert total(office, "安定区") == before + portal

    assert "扣分说明不能为空" in office.fails("deduct", "安定区", "--kind", "信息失实", "--date",
                                          today().isoformat(), "--note", " ", code=2)
    office.ok("deduct", "安定区", "--kind", "信息失实", "--date", today().isoformat(), "--note", "通报1号")
    assert total(office, "安定区") == before + portal + false_info
    engine = make_engine(settings.database_url)
    with session_factory(engine)() as session:
        row_id = session.scalar(select(Deduction.id).where(Deduction.kind == "false_info"))
    engine.dispose()
    office.ok("revoke", "deduction", str(row_id), "--reason", "通报已撤回")
    assert total(office, "安定区") == before + portal


def test_releasing_a_held_item_routes_it_with_its_notice_and_costs_nothing(office: Office) -> None:
    number = one_item(office, "tongwei.xxy1@example.org", extra="\n密级：秘密")
    assert office.item(number)["state"] == "held"
    before = total(office, "通渭县")
    assert not outbox(office, "route_notice")
    assert "放行理由不能为空" in office.fails("release", number, "--reason", "", code=2)
    out = office.ok("release", number, "--reason", "经核实为公开材料的引文，不涉密")
    assert "已放行" in out and "不扣分" in out
    detail = office.item(number)
    assert detail["state"] == "routed" and detail["route"]
    [notice] = outbox(office, "route_notice")
    assert notice.item_id is not None
    assert detail["audit"][-1]["action"] == "release"
    assert total(office, "通渭县") == before
    assert "不是暂扣的信息" in office.fails("release", number, "--reason", "again")


def test_editing_keeps_the_original_and_recounts_the_length(office: Office, tmp_path: Any) -> None:
    number = one_item(office)
    before = office.item(number)
    assert not before["original"]
    body = tmp_path / "body.txt"
    body.write_text("短讯。" * 5, encoding="utf-8")  # 15 字: a 动态 needs 300
    out = office.ok("items", "edit", number, "--title", "安定区企业开办一网通办见成效",
                    "--authors", "张明、李华", "--category", "动态类", "--body-file", str(body),
                    "--by", "赵文博")
    assert "已更正" in out
    after = office.item(number)
    assert after["title"] == "安定区企业开办一网通办见成效" and after["authors"] == ["张明", "李华"]
    assert after["length"] == 15 and after["length_ok"] is False and "under_length" in after["flags"]
    assert after["original"]["title"] == before["title"]
    assert after["original"]["article_text"] == before["text"]
    assert after["original"]["length"] == before["length"]
    edits = [a for a in after["audit"] if a["action"] == "edit"]
    assert after["category"] == "news" and after["original"]["category"] == before["category"]
    assert {a["data"]["field"] for a in edits} >= {"title", "authors", "category", "article_text", "length"}
    assert all(a["actor"] == "赵文博" for a in edits)
    shown = office.ok("items", "show", number)
    assert f"更正前标题：{before['title']}" in shown
    # downstream reads the corrected values: the listing, and the people's scores
    listed = next(i for i in office.json("items", "list") if i["number"] == number)
    assert listed["title"] == "安定区企业开办一网通办见成效"
    people = {p["name"] for p in office.json("score", "--period", str(today().year))["people"]}
    assert {"张明", "李华"} <= people
    assert "没有需要更正的内容" in office.fails("items", "edit", number, "--title", after["title"])


def test_refusals_of_what_makes_no_sense(office: Office) -> None:
    number = one_item(office)
    section = office.item(number)["route"]
    assert "无需重新分解" in office.fails("route", number, section)
    assert len(outbox(office, "route_notice")) == 1  # no second notice
    office.ok("adopt", number, "--outlet", "portal", "--date", today().isoformat())
    assert "先撤销采用" in office.fails("return", number, "--reason", "不合适")

    yesterday = (today() - timedelta(days=1)).isoformat()
    args = ("request", "create", "--kind", "批示反馈", "--topic", "县域商业体系建设",
            "--units", "安定区,通渭县")
    assert "--backdated" in office.fails(*args, "--issued", yesterday)
    office.ok(*args, "--issued", yesterday, "--backdated")
    assert "--confirm" in office.fails(*args, "--issued", today().isoformat())
    office.ok(*args, "--issued", today().isoformat(), "--confirm")
    assert len(office.json("request", "list")) == 2


def test_a_superseded_item_cannot_be_adopted(office: Office) -> None:
    office.deliver(submission("anding.xxy1@example.org", "安定区推行企业开办一网通办", 0, when()))
    office.deliver(submission("anding.xxy1@example.org", "安定区推行企业开办一网通办", 0,
                              when() + timedelta(minutes=30)))
    first, second = (i["number"] for i in office.json("items", "list"))
    assert office.item(first)["superseded"]
    refused = office.fails("adopt", first, "--outlet", "portal", "--date", today().isoformat())
    assert "已被重报稿取代" in refused
    office.ok("adopt", second, "--outlet", "portal", "--date", today().isoformat())


@pytest.mark.parametrize(("actor", "outlet", "allowed"), [
    (Actor("信息中心", "info_center", "经济信息中心"), "portal", True),
    (Actor("信息中心", "info_center", "经济信息中心"), "bulletin", False),
    (Actor("张明", "county_officer", "安定区"), "portal", False),
    (Actor("马国栋", "county_leader", "安定区"), "portal", False),
])
def test_who_may_record_an_adoption(office: Office, actor: Actor, outlet: str, allowed: bool) -> None:
    number = one_item(office)
    settings = load_settings(office.config)
    engine = make_engine(settings.database_url)
    try:
        with transaction(session_factory(engine)) as session:
            if allowed:
                done = points.adopt(session, settings, actor, number=number, outlet=outlet, day=today())
                assert "已登记" in done.message
            else:
                with pytest.raises(Forbidden):
                    points.adopt(session, settings, actor, number=number, outlet=outlet, day=today())
            with pytest.raises(Refusal) as refused:  # no one but the office routes
                chain.route(session, settings, actor, number=number, section="价格科")
            assert refused.value.code == "forbidden"
    finally:
        engine.dispose()
