"""The whole loop with real servers: county mail in Dovecot, `govinfo poll`, `govinfo outbox
send`, and what the aiosmtpd trap receives."""

from __future__ import annotations

import json
import signal
import time
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from tests.outbox.conftest import MakeEnv, OutboxEnv
from tests.outbox.noise_mails import COUNTY, dsn, netease_bounce, storm
from tests.servers import CapturedMail, SmtpTrap
from tests.support.env import govinfo, popen_govinfo
from tests.support.mails import NEWS_BODY, county_mail, docx_bytes

CST = timezone(timedelta(hours=8))
WHEN = datetime(2026, 11, 20, 9, 0, tzinfo=CST)
TITLE = "安定区召开重点项目建设推进会"


def run(config: Path, *args: str) -> str:
    result = govinfo(config, *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def run_json(config: Path, *args: str) -> Any:
    return json.loads(run(config, *args, "--json"))


def poll_and_send(env: OutboxEnv) -> None:
    run(env.config, "poll", "--once")
    run(env.config, "outbox", "send")


def settle(trap: SmtpTrap, expected: int) -> list[CapturedMail]:
    """The trap's messages once ``expected`` arrived and a moment passed with no more."""
    if expected:
        trap.wait_for(expected)
    time.sleep(0.3)
    return trap.messages


def text_of(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    return str(body.get_content())


def county_docx() -> tuple[str, bytes]:
    return f"{TITLE}.docx", docx_bytes(TITLE, "安定区发展改革局 张明", NEWS_BODY.format(unit="安定区"))


def test_one_county_mail_gives_one_ack_and_one_route_notice(
    outbox_env: MakeEnv, dovecot: Any, smtp_server: SmtpTrap
):
    env = outbox_env(smtp_server, dovecot=dovecot)
    name, original = county_docx()
    dovecot.append(county_mail(COUNTY, f"【动态】{TITLE}", "请审阅附件。", sender_name="张明",
                               message_id="<c1.anding@example.org>", attachment=(name, original)),
                   WHEN)
    poll_and_send(env)
    [item] = run_json(env.config, "items", "list")
    section = env.settings.unit(item["route"])
    assert section is not None and item["state"] == "routed"
    officer = section.people_with("info_officer")[0]

    mails = settle(smtp_server, 2)
    assert len(mails) == 2
    ack, notice = sorted(mails, key=lambda m: m.rcpt_tos != (COUNTY,))
    assert ack.rcpt_tos == (COUNTY,)
    assert ack.message["In-Reply-To"] == "<c1.anding@example.org>"
    assert ack.message["Auto-Submitted"] == "auto-replied"
    assert ack.message["X-Loop"] == "govinfo"
    assert ack.message["Subject"] == f"〔收稿回执〕{item['number']} {TITLE}"
    ack_text = text_of(ack.message)
    assert item["number"] in ack_text and "动态类" in ack_text and item["route"] in ack_text

    assert notice.rcpt_tos == (officer.email,)
    assert notice.message["Auto-Submitted"] == "auto-generated"
    assert notice.message["Subject"] == f"〔信息分解〕{item['number']} {TITLE}"
    assert "分解理由" in text_of(notice.message)
    [attachment] = list(notice.message.iter_attachments())
    assert attachment.get_filename() == name
    assert attachment.get_content() == original  # byte-identical to the county's file

    # Nothing more on a second pass, and our own mail coming back is never answered.
    for mail in mails:
        dovecot.append(mail.raw, WHEN + timedelta(minutes=5))
    poll_and_send(env)
    assert len(settle(smtp_server, 0)) == 2
    reasons = [(m["disposition"], m["reason"]) for m in run_json(env.config, "messages", "list")]
    assert reasons == [("filed", None), ("ignored", "own_mail"), ("ignored", "own_mail")]


def test_unknown_sender_gets_no_ack_and_no_section_is_notified(
    outbox_env: MakeEnv, dovecot: Any, smtp_server: SmtpTrap
):
    env = outbox_env(smtp_server, dovecot=dovecot)
    dovecot.append(county_mail("stranger@example.net", f"【动态】{TITLE}",
                               NEWS_BODY.format(unit="某县")), WHEN)
    poll_and_send(env)
    assert settle(smtp_server, 0) == []  # [outbox] ack_unknown_senders = false by default
    [item] = run_json(env.config, "items", "list")
    assert item["state"] == "unassigned" and "unknown_sender" in item["flags"]


def test_unknown_sender_ack_when_enabled_quotes_only_the_number(
    outbox_env: MakeEnv, dovecot: Any, smtp_server: SmtpTrap
):
    env = outbox_env(smtp_server, dovecot=dovecot, outbox={"ack_unknown_senders": True})
    dovecot.append(county_mail("stranger@example.net", f"【动态】{TITLE}",
                               NEWS_BODY.format(unit="某县"), sender_name="点击领取补贴"), WHEN)
    poll_and_send(env)
    [ack] = settle(smtp_server, 1)
    [item] = run_json(env.config, "items", "list")
    assert ack.rcpt_tos == ("stranger@example.net",)
    assert ack.message["Subject"] == f"〔收稿回执〕{item['number']}"
    text = text_of(ack.message)
    assert item["number"] in text and "由办公室确认报送单位" in text
    assert TITLE not in text and "点击领取补贴" not in text  # nothing the sender wrote


def test_storm_of_auto_replies_and_bounces_sends_nothing(
    outbox_env: MakeEnv, dovecot: Any, smtp_server: SmtpTrap
):
    env = outbox_env(smtp_server, dovecot=dovecot)
    mails = storm(100)
    for n, raw in enumerate(mails):
        dovecot.append(raw, WHEN + timedelta(seconds=n))
    poll_and_send(env)
    run(env.config, "outbox", "send")
    outbound = settle(smtp_server, 0)
    print(f"\nstorm: {len(mails)} auto-replies and bounces in -> {len(outbound)} mails out")
    assert outbound == []
    assert env.rows() == []
    messages = run_json(env.config, "messages", "list")
    assert len(messages) == 100
    assert {m["disposition"] for m in messages} == {"ignored"}
    assert {m["reason"] for m in messages} == {
        "auto_reply", "bounce", "bulk", "mailing_list", "own_mail"
    }


def test_bounces_are_matched_to_the_mail_they_return(
    outbox_env: MakeEnv, dovecot: Any, smtp_server: SmtpTrap
):
    env = outbox_env(smtp_server, dovecot=dovecot)
    dovecot.append(county_mail(COUNTY, f"【动态】{TITLE}", NEWS_BODY.format(unit="安定区"),
                               message_id="<c2.anding@example.org>"), WHEN)
    poll_and_send(env)
    settle(smtp_server, 2)
    ack_row, notice_row = env.rows()
    dovecot.append(dsn(ack_row.message_id), WHEN + timedelta(minutes=1))
    dovecot.append(netease_bounce(notice_row.message_id), WHEN + timedelta(minutes=2))
    poll_and_send(env)

    assert len(settle(smtp_server, 0)) == 2  # a bounce is never answered
    views = run_json(env.config, "outbox", "list")
    assert all(v["bounced_at"] and v["bounced_at"].endswith("+08:00") for v in views)
    assert [v["state"] for v in views] == ["sent", "sent"]
    reasons = [(m["disposition"], m["reason"]) for m in run_json(env.config, "messages", "list")]
    assert reasons[1:] == [("ignored", "bounce"), ("ignored", "bounce")]


def test_held_item_alerts_the_office_without_its_content(
    outbox_env: MakeEnv, dovecot: Any, smtp_server: SmtpTrap
):
    env = outbox_env(smtp_server, dovecot=dovecot)
    secret = "渭河引水二期工程选址比选方案"
    title = f"关于{secret}的情况"
    body = f"密级：机密★10年\n{secret}。" + NEWS_BODY.format(unit="安定区")
    name = f"{title}.docx"
    dovecot.append(county_mail(COUNTY, f"【动态】{title}", "请审阅附件。",
                               attachment=(name, docx_bytes(title, "安定区发展改革局", body))), WHEN)
    poll_and_send(env)
    [item] = run_json(env.config, "items", "list")
    assert item["state"] == "held"

    mails = settle(smtp_server, 2)
    assert len(mails) == 2  # the sender's ack and the office alert; no route notice
    office = {p.email for p in env.settings.unit("办公室").people}  # type: ignore[union-attr]
    alert = next(m for m in mails if set(m.rcpt_tos) <= office)
    ack = next(m for m in mails if m.rcpt_tos == (COUNTY,))
    alert_text = text_of(alert.message)
    assert item["number"] in alert_text and COUNTY in alert_text
    assert "机密★10年" in alert_text
    for mail in (alert, ack):
        seen = str(mail.message["Subject"]) + text_of(mail.message)
        assert secret not in seen and "渭河" not in seen  # neither title nor article text
        assert list(mail.message.iter_attachments()) == []
    assert "保密审查" in text_of(ack.message)
    assert {r.kind for r in env.rows()} == {"ack", "held_alert"}


def test_kill_between_acceptance_and_commit_repeats_once_with_the_same_message_id(
    outbox_env: MakeEnv, dovecot: Any, smtp_server: SmtpTrap
):
    env = outbox_env(smtp_server, dovecot=dovecot)
    dovecot.append(county_mail(COUNTY, f"【动态】{TITLE}", NEWS_BODY.format(unit="安定区")), WHEN)
    run(env.config, "poll", "--once")
    first_row = env.rows()[0]

    # The trap records the message, then withholds its 250: the sender is stuck exactly
    # between the server's acceptance and its own commit of `sent`.
    smtp_server.hold_replies()
    process = popen_govinfo(env.config, "outbox", "send")
    try:
        [accepted] = smtp_server.wait_for(1, timeout=30)
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=10)
        smtp_server.release_replies()
    assert process.returncode == -signal.SIGKILL
    killed = env.rows()[0]
    assert accepted.message["Message-ID"] == first_row.message_id
    assert killed.state == "pending" and killed.attempts == 1 and killed.sent_at is None

    time.sleep(max(0.0, (killed.next_attempt_at - datetime.now(CST)).total_seconds()) + 0.2)
    run(env.config, "outbox", "send")
    run(env.config, "outbox", "send")
    mails = settle(smtp_server, 3)
    assert len(mails) == 3  # the repeat, and the route notice once
    repeats = [m for m in mails if m.message["Message-ID"] == first_row.message_id]
    assert len(repeats) == 2
    assert repeats[0].raw == repeats[1].raw
    rows = env.rows()
    assert [r.state for r in rows] == ["sent", "sent"]
    assert rows[0].attempts == 2 and rows[1].attempts == 1
