"""Auto-replies and answers to our own mail through the real intake (issue 13, section 4).

Before: only subjects starting 自动回复： were recognised, and an autoresponder answering
our acknowledgement made, in four rounds, 4 items, 4 acks and 4 route notices.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from typing import Any

import pytest

from tests.outbox.conftest import MakeEnv
from tests.outbox.hostile import Govinfo, console_page, raw_mail, word
from tests.servers import CapturedMail, SmtpTrap
from tests.support.mails import NEWS_BODY, county_mail, docx_bytes

CST = timezone(timedelta(hours=8))
WHEN = datetime(2026, 11, 20, 9, 0, tzinfo=CST)
ANDING = "anding.xxy1@example.org"
TITLE = "安定区召开重点项目建设推进会"
SHORT = "您好，我正在休假，11月25日返回，急事请致电。"


@pytest.fixture
def govinfo(capsys: pytest.CaptureFixture[str]) -> Any:
    return lambda env: Govinfo(env.config, capsys)


def subject_of(mail: CapturedMail) -> str:
    return str(make_header(decode_header(mail.message["Subject"])))


def plain_text(mail: CapturedMail) -> str:
    return str(mail.message.get_body(("plain",)).get_content())


# (subject, extra headers) of robot mail from a roster address; none may become an item
AUTO_REPLIES = [
    ("Re: 自动回复", []),
    ("【自动回复】您好", []),
    ("答复: 自动回复：已收到您的邮件", []),
    ("休假自动回复", []),
    ("Automatische Antwort: Bericht", []),
    ("[Auto Reply] 收到", []),
    ("Out of Office: 外出", []),
    ("关于近期工作", [("X-Autoreply", "yes")]),
    ("关于近期工作", [("X-Autorespond", "Thank you")]),
    ("关于近期工作", [("Precedence", "auto_reply")]),
    ("关于近期工作", [("Auto-Submitted", "auto-generated")]),
]


def test_auto_replies_in_every_spelling_are_ignored(
    outbox_env: MakeEnv, dovecot: Any, smtp_server: SmtpTrap, govinfo: Any
):
    env = outbox_env(smtp_server, dovecot=dovecot)
    gi = govinfo(env)
    for n, (subject, extra) in enumerate(AUTO_REPLIES):
        dovecot.append(raw_mail([f"张明 <{ANDING}>"], word(subject), SHORT, when=WHEN,
                                message_id=f"<auto{n}@example.org>", extra=extra),
                       WHEN + timedelta(minutes=n))
    # controls: a person's article with Auto-Submitted: no, and 自动 in an ordinary title
    dovecot.append(raw_mail([f"张明 <{ANDING}>"], word("【动态】全区推进自动化生产线改造"),
                            NEWS_BODY.format(unit="安定区"), when=WHEN, message_id="<c1@example.org>",
                            extra=[("Auto-Submitted", "no")]), WHEN + timedelta(hours=1))
    gi.poll_and_send()

    ledger = gi.json("messages", "list")
    assert [(m["disposition"], m["reason"]) for m in ledger] == \
        [("ignored", "auto_reply")] * len(AUTO_REPLIES) + [("filed", None)]
    [item] = gi.json("items", "list")
    assert item["title"] == "全区推进自动化生产线改造"
    assert len(smtp_server.wait_for(2)) == 2  # the control's ack and route notice, nothing else
    assert "自动回复" in gi("messages", "list")


def autoresponse(mail: CapturedMail, style: int, n: int) -> bytes:
    """What a careless autoresponder at the recipient sends back: no Auto-Submitted."""
    subject = subject_of(mail)
    quoted = "\n".join(["", "原邮件：", f"主题：{subject}", plain_text(mail)])
    extra = [("In-Reply-To", mail.message["Message-ID"])]
    if style == 0:  # Re: the tag, quoting our whole mail without any quote marker
        return raw_mail([mail.rcpt_tos[0]], word(f"Re: {subject}"), SHORT + quoted, when=WHEN,
                        message_id=f"<r{n}@example.org>", extra=extra)
    if style == 1:  # the subject alone tells: no In-Reply-To
        return raw_mail([mail.rcpt_tos[0]], word(f"回复：{subject}"), SHORT, when=WHEN,
                        message_id=f"<r{n}@example.org>")
    if style == 2:  # In-Reply-To alone tells: a neutral subject
        return raw_mail([mail.rcpt_tos[0]], word("您好"), SHORT, when=WHEN,
                        message_id=f"<r{n}@example.org>", extra=extra)
    return raw_mail([mail.rcpt_tos[0]], word(f"自动回复: {subject}"), SHORT, when=WHEN,
                    message_id=f"<r{n}@example.org>", extra=extra)


def test_an_autoresponder_answering_our_mail_makes_no_item_and_no_mail(
    outbox_env: MakeEnv, dovecot: Any, smtp_server: SmtpTrap, govinfo: Any
):
    env = outbox_env(smtp_server, dovecot=dovecot)
    gi = govinfo(env)
    name, data = f"{TITLE}.docx", docx_bytes(TITLE, "安定区发展改革局 张明",
                                               NEWS_BODY.format(unit="安定区"))
    dovecot.append(county_mail(ANDING, f"【动态】{TITLE}", sender_name="张明",
                               message_id="<first@example.org>", attachment=(name, data)), WHEN)
    gi.poll_and_send()
    ours = smtp_server.wait_for(2)  # the ack to 张明 and the route notice to the section
    [ack] = [m for m in ours if m.rcpt_tos == (ANDING,)]
    gi.show_raw("our ack, as the county receives it", ack)

    # Four rounds: every recipient's autoresponder answers every mail it ever got, each
    # round in another style; intake must file none of it and send nothing back.
    n = 0
    for style in range(4):
        for mail in ours:
            n += 1
            reply = autoresponse(mail, style, n)
            if n == 1:
                gi.show_raw("an autoresponder's answer to our ack", _as_captured(reply))
            dovecot.append(reply, WHEN + timedelta(minutes=n))
        gi.poll_and_send()

    assert len(gi.json("items", "list")) == 1
    assert len(env.rows()) == 2 and len(smtp_server.messages) == 2  # 0 more outbound mail
    ledger = gi.json("messages", "list")
    reasons = [(m["disposition"], m["reason"]) for m in ledger]
    assert reasons[0] == ("filed", None)
    assert reasons[1:] == [("ignored", "reply_to_our_mail")] * 6 + [("ignored", "auto_reply")] * 2
    listed = gi("messages", "list")
    assert listed.count("回复本系统邮件") == 6
    assert "回复本系统邮件" in console_page(env.config, "/messages")


def _as_captured(raw: bytes) -> CapturedMail:
    return CapturedMail("", (), raw, message_from_bytes(raw, policy=policy.default))


def test_a_reply_to_our_mail_that_carries_an_article_is_a_submission(
    outbox_env: MakeEnv, dovecot: Any, smtp_server: SmtpTrap, govinfo: Any
):
    env = outbox_env(smtp_server, dovecot=dovecot)
    gi = govinfo(env)
    dovecot.append(county_mail(ANDING, f"【动态】{TITLE}", NEWS_BODY.format(unit="安定区"),
                               sender_name="张明", message_id="<first@example.org>"), WHEN)
    gi.poll_and_send()
    [ack] = [m for m in smtp_server.wait_for(2) if m.rcpt_tos == (ANDING,)]
    answer = {"In-Reply-To": ack.message["Message-ID"]}
    revised = "安定区重点项目建设推进会（修改稿）"
    later = WHEN + timedelta(hours=2)
    dovecot.append(county_mail(ANDING, f"回复：{subject_of(ack)}", "收到，谢谢！", sender_name="张明",
                               message_id="<thanks@example.org>", headers=answer), later)
    document = docx_bytes(revised, "安定区发展改革局 张明", "（修改）" + NEWS_BODY.format(unit="安定区"))
    dovecot.append(county_mail(ANDING, f"回复：{subject_of(ack)}", "修改稿见附件。", sender_name="张明",
                               message_id="<docx@example.org>", headers=answer,
                               attachment=(f"{revised}.docx", document)),
                   later + timedelta(minutes=1))
    long_body = "各位领导：\n" + NEWS_BODY.format(unit="安定区").replace("86个", "90个")
    dovecot.append(county_mail(ANDING, f"Re: {subject_of(ack)}", long_body, sender_name="张明",
                               message_id="<body@example.org>", headers=answer),
                   later + timedelta(minutes=2))
    gi.poll_and_send()

    reasons = [(m["disposition"], m["reason"]) for m in gi.json("messages", "list")]
    assert reasons == [("filed", None), ("ignored", "reply_to_our_mail"), ("filed", None),
                       ("filed", None)]
    assert len(gi.json("items", "list")) == 3

