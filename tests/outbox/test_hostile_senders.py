"""Hostile From headers through the real intake: Dovecot, `govinfo poll --once`, `govinfo
outbox send` to the aiosmtpd trap, a real database (issue 13, sections 1 and 2).

Before: an encoded display name decoding to ``Office\\r\\nBcc: v1@…, …`` made the
acknowledgement go to twenty injected addresses, and four spellings of a forged From
were credited to 安定区.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from tests.outbox.conftest import MakeEnv
from tests.outbox.hostile import Govinfo, console_page, header_names, raw_mail, word
from tests.servers import SmtpTrap
from tests.support.mails import NEWS_BODY

CST = timezone(timedelta(hours=8))
WHEN = datetime(2026, 11, 20, 9, 0, tzinfo=CST)
ANDING = "anding.xxy1@example.org"  # 张明, 安定区's info officer in the example roster
ATTACKER = "attacker@evil.example"
PHISHING = "您的邮箱即将停用，请立即登录 http://phish.example/verify 验证"
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def govinfo(capsys: pytest.CaptureFixture[str]) -> Any:
    return lambda env: Govinfo(env.config, capsys)


def article(n: int) -> str:
    return f"（第{n}篇）" + NEWS_BODY.format(unit=f"第{n}区")


def test_injected_bcc_in_a_display_name_sends_nothing(
    outbox_env: MakeEnv, dovecot: Any, smtp_server: SmtpTrap, govinfo: Any
):
    # the worst case: the office chose to acknowledge unknown senders
    env = outbox_env(smtp_server, dovecot=dovecot, outbox={"ack_unknown_senders": True})
    gi = govinfo(env)
    victims = [f"v{n}@{chr(96 + n)}.example" for n in range(1, 21)]
    name = word("Office\r\nBcc: " + ", ".join(victims))
    subject = word(f"【动态】{PHISHING}\r\nBcc: v21@u.example")
    dovecot.append(raw_mail([f"{name} <stranger@evil.example>"], subject, article(1),
                            when=WHEN, message_id="<inject1@evil.example>"), WHEN)
    gi.poll_and_send()

    assert smtp_server.messages == [] and env.rows() == []  # not one mail, to anyone
    [item] = gi.json("items", "list")
    assert item["unit"] is None
    assert {"sender_ambiguous", "unknown_sender"} <= set(item["flags"])
    detail = gi.json("items", "show", item["number"])
    # what the office reads: the From header on one line, the title without the CR/LF
    assert detail["sender"] == ""
    assert detail["sender_name"].startswith("Office Bcc: v1@a.example, v2@b.example")
    assert not CONTROLS.search(detail["sender_name"] + detail["title"] + detail["subject"])
    assert detail["title"] == f"{PHISHING} Bcc: v21@u.example"


def test_a_header_spelled_into_a_name_or_subject_never_reaches_the_wire(
    outbox_env: MakeEnv, dovecot: Any, smtp_server: SmtpTrap, govinfo: Any
):
    env = outbox_env(smtp_server, dovecot=dovecot, outbox={"ack_unknown_senders": True})
    gi = govinfo(env)
    name = word("Office\r\nX-Injected: yes\r\n\u202eReply-To: evil")
    subject = word(f"【动态】{PHISHING}\r\nX-Injected: subject")
    dovecot.append(raw_mail([f"{name} <Stranger@Evil.Example>"], subject, article(2),
                            when=WHEN, message_id="<inject2@evil.example>"), WHEN)
    gi.poll_and_send()

    [ack] = smtp_server.wait_for(1)
    gi.show_raw("ack to an unknown sender (ack_unknown_senders = true)", ack)
    [item] = gi.json("items", "list")
    assert ack.rcpt_tos == ("stranger@evil.example",)  # exactly one: the parsed From address
    names = header_names(ack)
    assert "X-Injected" not in names and "Reply-To" not in names and "Bcc" not in names
    assert names.count("To") == 1 and ack.message["To"] == "stranger@evil.example"
    # an unknown sender's ack quotes nothing the sender wrote: only the item number
    assert ack.message["Subject"] == f"〔收稿回执〕{item['number']}"
    body = str(ack.message.get_body(("plain",)).get_content())
    assert item["number"] in body
    assert "phish" not in body and "停用" not in body and "Office" not in body


def test_a_roster_sender_with_a_hostile_name_gets_one_clean_ack(
    outbox_env: MakeEnv, dovecot: Any, smtp_server: SmtpTrap, govinfo: Any
):
    env = outbox_env(smtp_server, dovecot=dovecot)
    gi = govinfo(env)
    name = word("张明\r\nX-Injected: 1\u202e")
    title = "安定区召开\u2028重点项目\u202e推进会\r\nX-Injected: 2"
    dovecot.append(raw_mail([f"{name} <{ANDING}>"], word(f"【动态】{title}"), article(3),
                            when=WHEN, message_id="<c3.anding@example.org>"), WHEN)
    gi.poll_and_send()

    [item] = gi.json("items", "list")
    assert item["unit"] == "安定区" and item["state"] == "routed"
    assert item["title"] == "安定区召开 重点项目推进会 X-Injected: 2"
    mails = smtp_server.wait_for(2)
    [ack] = [m for m in mails if m.message["Subject"].startswith("〔收稿回执〕")]
    assert ack.rcpt_tos == (ANDING,)
    assert "X-Injected" not in header_names(ack)
    assert ack.message["Subject"] == f"〔收稿回执〕{item['number']} {item['title']}"
    assert not CONTROLS.search(ack.message["Subject"] + ack.message["To"])
    assert all("X-Injected" not in header_names(m) for m in mails)


# (From header values, what the attacker means) — each must leave 安定区 uncredited
CONFUSIONS = [
    ([f"{ANDING} <{ATTACKER}>"], "address as an unquoted display name"),
    ([f"{ANDING}]<{ATTACKER}>"], "a bracket glued to the real address"),
    ([f"{ANDING}, {ATTACKER}"], "two mailboxes in one From"),
    ([f"张明 <{ANDING}>", ATTACKER], "two From headers"),
    ([f'"{ANDING}" <{ATTACKER}>'], "address as a quoted display name"),
    ([f"{word(f'张明（{ANDING}）')} <{ATTACKER}>"], "address inside an encoded name"),
    ([f"{ANDING} <{ATTACKER}"], "unparseable: the angle never closes"),
]


def test_forged_senders_are_never_credited_to_a_county(
    outbox_env: MakeEnv, dovecot: Any, smtp_server: SmtpTrap, govinfo: Any
):
    env = outbox_env(smtp_server, dovecot=dovecot, outbox={"ack_unknown_senders": True})
    gi = govinfo(env)
    for n, (froms, _) in enumerate(CONFUSIONS):
        dovecot.append(raw_mail(froms, word(f"【动态】第{n}篇"), article(n),
                                when=WHEN, message_id=f"<forged{n}@evil.example>"),
                       WHEN + timedelta(minutes=n))
    # the control: the same county's own, well-formed mail is credited as before
    dovecot.append(raw_mail([f"{word('张明')} <{ANDING}>"], word("【动态】真的一篇"), article(99),
                            when=WHEN, message_id="<real@example.org>"), WHEN + timedelta(hours=1))
    gi.poll_and_send()

    items = gi.json("items", "list")
    assert len(items) == len(CONFUSIONS) + 1
    forged, [real] = items[:-1], items[-1:]
    for item, (_, meaning) in zip(forged, CONFUSIONS, strict=True):
        assert item["unit"] is None, meaning
        assert {"sender_ambiguous", "unknown_sender"} <= set(item["flags"]), meaning
        assert item["state"] == "unassigned", meaning
    assert real["unit"] == "安定区" and "sender_ambiguous" not in real["flags"]
    score = gi.json("score", "--period", "2026-11")
    anding = next(u for u in score["units"] if u["unit"] == "安定区")
    assert anding["submitted"] == 1  # the real one only
    # nobody is acknowledged but the real sender: an ambiguous From names no one address
    acks = [m for m in smtp_server.messages if m.message["Subject"].startswith("〔收稿回执〕")]
    assert [m.rcpt_tos for m in acks] == [(ANDING,)]
    shown = gi("items", "show", forged[0]["number"])
    assert "发件人不明确" in shown  # the flag
    assert f"发件人：不明确（From：{ANDING} <{ATTACKER}>）" in shown  # what the From said
    page = console_page(env.config, f"/items/{forged[0]['number']}")
    assert "发件人不明确" in page and f"不明确（From：{ANDING} <{ATTACKER}>）" in page


def test_a_roster_from_relayed_by_another_domain_is_credited_and_flagged(
    outbox_env: MakeEnv, dovecot: Any, smtp_server: SmtpTrap, govinfo: Any
):
    env = outbox_env(smtp_server, dovecot=dovecot)
    gi = govinfo(env)
    relayed = [("Sender", "relay@evil.example"), ("Return-Path", "<bounce@evil.example>")]
    dovecot.append(raw_mail([f"张明 <{ANDING}>"], word("【动态】代发的一篇"), article(4), when=WHEN,
                            message_id="<relayed@example.org>", extra=relayed), WHEN)
    # the same county's provider writing its own bounce host is not a mismatch
    own = [("Return-Path", "<bounce+x@mx.example.org>")]
    dovecot.append(raw_mail([f"张明 <{ANDING}>"], word("【动态】直发的一篇"), article(5),
                            when=WHEN, message_id="<direct@example.org>", extra=own),
                   WHEN + timedelta(minutes=1))
    gi.poll_and_send()

    flagged, plain = gi.json("items", "list")
    assert flagged["unit"] == plain["unit"] == "安定区"
    assert "sender_mismatch" in flagged["flags"] and "sender_mismatch" not in plain["flags"]
    shown = gi("items", "show", flagged["number"])
    assert "代发地址与发件人域名不符" in shown
    assert "relay@evil.example、bounce@evil.example" in shown  # the audit names the relays
    page = console_page(env.config, f"/items/{flagged['number']}")
    assert "代发地址与发件人域名不符" in page and "relay@evil.example" in page
