"""Robot mail as it reaches the office inbox: auto-replies, DSNs, webmail bounces, lists."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime

from tests.support.mails import county_mail

COUNTY = "anding.xxy1@example.org"
OFFICE = "dxsfgw@126.com"


def dsn(original_id: str, n: int = 0, recipient: str = COUNTY) -> bytes:
    """An RFC 3464 bounce (Postfix style) returning our mail's headers."""
    date = format_datetime(datetime.now().astimezone())
    return f"""\
From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
To: {OFFICE}
Subject: Undelivered Mail Returned to Sender
Date: {date}
Message-ID: <bounce{n}@mx.example.org>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B{n}"

--B{n}
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mx.example.org.
I'm sorry to have to inform you that your message could not be delivered.

--B{n}
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; {recipient}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 user unknown

--B{n}
Content-Type: text/rfc822-headers

From: =?utf-8?b?5a6a6KW/?= <{OFFICE}>
To: {recipient}
Subject: =?utf-8?b?44CU5pS256i/5Zue5omn44CV?=
Message-ID: {original_id}
X-Loop: govinfo

--B{n}--
""".replace("\n", "\r\n").encode("ascii")


def netease_bounce(original_id: str, n: int = 0) -> bytes:
    """NetEase's 系统退信: a plain text mail, not a DSN, quoting the returned headers."""
    body = (
        "很抱歉您发送的邮件被退回，以下是该邮件的原始邮件头：\n"
        f"From: {OFFICE}\nTo: {COUNTY}\nMessage-ID: {original_id}\n"
        "退信原因：收件人邮箱不存在。"
    )
    return county_mail(f"postmaster@{126 + n % 2}.com", "系统退信", body, sender_name="网易邮件中心")


def storm(count: int) -> list[bytes]:
    """``count`` auto-replies and bounces of every kind the inbox sees, none answerable."""
    kinds = [
        lambda n: county_mail(COUNTY, f"自动回复：〔收稿回执〕2026-{n:04d}", "您的来信已收到，我休假中。",
                              headers={"Auto-Submitted": "auto-replied"}),
        lambda n: county_mail(COUNTY, f"Out of Office: 信息报送 {n}", "I am away.",
                              headers={"X-Autoreply": "yes"}),
        lambda n: county_mail(COUNTY, f"自动答复 {n}", "这是一封自动回复邮件。"),
        lambda n: dsn(f"<unknown{n}@126.com>", n),
        lambda n: netease_bounce(f"<unknown{n}@126.com>", n),
        lambda n: county_mail("news@list.example.org", f"【动态】群发简报第{n}期", "群发内容。",
                              headers={"Precedence": "bulk"}),
        lambda n: county_mail("forum@list.example.org", f"【动态】讨论 {n}", "列表邮件。",
                              headers={"List-Id": "<dev.list.example.org>"}),
        # our own ack, delivered back to us (a county forwarded or Cc'd it)
        lambda n: county_mail("relay@example.net", f"〔收稿回执〕2026-{n:04d}", "已登记。",
                              headers={"X-Loop": "govinfo"}),
        lambda n: county_mail(OFFICE, f"〔分解通知〕2026-{n:04d}", "分解至某科。"),
        lambda n: county_mail(f"mailer-daemon@mx{n}.example.org", "Mail delivery failed", "failed"),
    ]
    return [kinds[n % len(kinds)](n) for n in range(count)]
