"""What cannot be checked is not sent on (issue 13 §5), and markings in page headers (§6).

Through Dovecot, `govinfo poll --once`, `govinfo outbox send` and the aiosmtpd trap: a
scan without a text layer and an encrypted zip are held as 无法检查, the sender is told
which file could not be read and the office is alerted; a .docx whose marking sits only
in its page header is held; a photo beside a readable article is never attached to the
route notice.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
from datetime import datetime, timedelta, timezone
from typing import Any

from tests.outbox.conftest import MakeEnv
from tests.outbox.noise_mails import COUNTY
from tests.outbox.test_outbox_inbound import poll_and_send, settle, text_of
from tests.parsing.builders import image_only_pdf
from tests.servers import SmtpTrap
from tests.support.env import govinfo
from tests.support.mails import NEWS_BODY, county_mail, docx_bytes
from tests.support.ooxml import Package, p

CST = timezone(timedelta(hours=8))
WHEN = datetime(2026, 11, 20, 9, 0, tzinfo=CST)
TITLE = "安定区召开重点项目建设推进会"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def encrypted_zip(name: str, data: bytes) -> bytes:
    """A zip whose member is flagged encrypted (ZipCrypto), as WinRAR writes with a password."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    raw = bytearray(out.getvalue())
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = raw.find(signature)
        flags = struct.unpack_from("<H", raw, at + flag_at)[0]
        struct.pack_into("<H", raw, at + flag_at, flags | 0x1)
    return bytes(raw)


def items(env: Any) -> list[dict[str, Any]]:
    result = govinfo(env.config, "items", "list", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def mail(attachment: tuple[str, bytes], n: int, extra: tuple[str, bytes] | None = None) -> bytes:
    raw = county_mail(COUNTY, f"【动态】{TITLE}（{n}）", "请审阅附件。", sender_name="张明",
                      message_id=f"<u{n}.anding@example.org>", attachment=attachment)
    if extra is None:
        return raw
    from email import message_from_bytes, policy
    from email.mime.application import MIMEApplication

    message = message_from_bytes(raw, policy=policy.compat32)
    part = MIMEApplication(extra[1], "png" if extra[0].endswith(".png") else "octet-stream")
    part.add_header("Content-Disposition", "attachment", filename=extra[0])
    message.attach(part)
    return message.as_bytes()


def test_files_that_cannot_be_screened_hold_the_item(
    outbox_env: MakeEnv, dovecot: Any, smtp_server: SmtpTrap
) -> None:
    env = outbox_env(smtp_server, dovecot=dovecot)
    secret_docx = docx_bytes("机密★1年", "安定区发展改革局", NEWS_BODY.format(unit="安定区"))
    dovecot.append(mail(("扫描件.pdf", image_only_pdf()), 1), WHEN)
    dovecot.append(mail(("材料.zip", encrypted_zip("材料.docx", secret_docx)), 2), WHEN)
    poll_and_send(env)
    listed = items(env)
    assert [i["state"] for i in listed] == ["held", "held"]
    assert all("unscreened" in i["flags"] for i in listed)

    mails = settle(smtp_server, 4)  # two acks, two office alerts, no route notice
    assert len(mails) == 4
    acks = [m for m in mails if m.rcpt_tos == (COUNTY,)]
    alerts = [m for m in mails if m.rcpt_tos != (COUNTY,)]
    ack_texts = sorted(text_of(m.message) for m in acks)
    assert any("附件“扫描件.pdf”没有文字层（扫描件）" in t for t in ack_texts)
    assert any("附件“材料.zip”已加密" in t for t in ack_texts)
    for alert in alerts:
        assert str(alert.message["Subject"]).startswith("〔无法检查〕")
    for sent in mails:
        assert list(sent.message.iter_attachments()) == []
    assert {r.kind for r in env.rows()} == {"ack", "held_alert"}


def test_a_marking_only_in_the_page_header_holds_the_item(
    outbox_env: MakeEnv, dovecot: Any, smtp_server: SmtpTrap
) -> None:
    env = outbox_env(smtp_server, dovecot=dovecot)
    body = [p(TITLE), p("安定区发展改革局 张明"), p(NEWS_BODY.format(unit="安定区"))]
    document = Package(body, headers=[[p("内部资料 注意保存")]]).build()
    dovecot.append(mail((f"{TITLE}.docx", document), 3), WHEN)
    poll_and_send(env)
    [item] = items(env)
    assert item["state"] == "held" and "classified" in item["flags"]
    mails = settle(smtp_server, 2)
    alert = next(m for m in mails if m.rcpt_tos != (COUNTY,))
    assert "内部资料 注意保存" in text_of(alert.message)
    assert {r.kind for r in env.rows()} == {"ack", "held_alert"}


def test_the_route_notice_attaches_only_screened_files(
    outbox_env: MakeEnv, dovecot: Any, smtp_server: SmtpTrap
) -> None:
    env = outbox_env(smtp_server, dovecot=dovecot)
    name = f"{TITLE}.docx"
    original = docx_bytes(TITLE, "安定区发展改革局 张明", NEWS_BODY.format(unit="安定区"))
    dovecot.append(mail((name, original), 4, extra=("现场照片.png", PNG)), WHEN)
    poll_and_send(env)
    [item] = items(env)
    assert item["state"] == "routed", item
    mails = settle(smtp_server, 2)
    notice = next(m for m in mails if m.rcpt_tos != (COUNTY,))
    assert [a.get_filename() for a in notice.message.iter_attachments()] == [name]
    assert "现场照片.png" in text_of(notice.message)  # named as not sent, to be seen on the console
