"""Forwarding (呈送) through the outbox: once per target, never for a held item."""

from __future__ import annotations

import email
from datetime import datetime
from email.policy import default

from sqlalchemy import create_engine, select

from daemon.models import Outbound
from tests.support.mails import county_mail, docx_bytes
from tests.workflow.office import CST, LEADER, TOPICS, Office, submission

WHEN = datetime(2026, 6, 1, 9, 0, tzinfo=CST)
TITLE = "安定区推行企业开办一网通办"


def outbox(database_url: str) -> list[Outbound]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(select(Outbound).where(Outbound.kind == "forward")
                                     .order_by(Outbound.id)))
    finally:
        engine.dispose()


def publish(office: Office, number: str, head: str) -> None:
    office.ok("review", number, "--step", "revise", "--by", head)
    office.ok("review", number, "--step", "review", "--by", LEADER)
    office.ok("publish", number)


def test_forward_once_per_target_with_the_original_attachment(office: Office, database_url: str) -> None:
    document = docx_bytes(TITLE, "安定区发展改革局 张明", TOPICS[0] * 2)
    office.deliver(
        (county_mail("anding.xxy1@example.org", f"【经验做法】{TITLE}", "请审阅附件。",
                     attachment=(f"{TITLE}.docx", document)), WHEN),
        submission("tongwei.xxy1@example.org", "通渭县项目储备", 3, WHEN, extra="\n密级：秘密"),
    )
    number, held = "2026-0001", "2026-0002"
    office.ok("route", number, "价格科")
    assert "须审核完毕" in office.fails("forward", number, "--to", "government")
    publish(office, number, "唐婷婷")

    out = office.ok("forward", number, "--to", "party_committee,government")
    assert "市委办公室、市政府办公室" in out
    refused = office.fails("forward", number, "--to", "party_committee")
    assert "已呈送过，不再重复发送：市委办公室" in refused
    assert "没有需要呈送的新对象" in refused
    out = office.ok("forward", number, "--to", "government,party_gov_net")
    assert "市政府办公室" in out and "定西党政网的邮件已排入发件队列" in out
    office.fails("forward", number, "--to", "newspaper", code=2)
    assert "不得呈送" in office.fails("forward", held, "--to", "party_gov_net")

    assert [f["target"] for f in office.item(number)["forwardings"]] == [
        "party_committee", "government", "party_gov_net"]
    rows = outbox(database_url)
    assert [r.recipients for r in rows] == [["dxswbxxk@126.com"], ["dxszfxx@163.com"], ["dxsmhw@163.com"]]
    raw = (office.tmp / "store" / "outbox" / rows[0].raw_sha256[:2] / f"{rows[0].raw_sha256}.eml")
    message = email.message_from_bytes(raw.read_bytes(), policy=default)
    assert message["Subject"] == f"〔政务信息〕{TITLE}（安定区）"
    text = message.get_body(("plain",)).get_content()
    assert "市委办公室：" in text and "安定区" in text and "作　　者：张明" in text
    assert TOPICS[0][:20] in text
    [attached] = list(message.iter_attachments())
    assert attached.get_filename() == f"{TITLE}.docx"
    assert attached.get_content() == document
