"""Self-tests of the test servers: if these fail, the IMAP/SMTP/database tests lie."""

from __future__ import annotations

import smtplib
import ssl
import threading
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path

import pytest
from imapclient import IMAPClient
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, inspect, select

from tests.servers import Dovecot, DovecotFactory, SmtpFactory, SmtpTrap

SHANGHAI = timezone(timedelta(hours=8))


def _mail(subject: str = "【动态】测试", body: str = "正文") -> bytes:
    message = EmailMessage()
    message["From"] = "张明 <anding.xxy1@example.org>"
    message["To"] = "dxsfgw@126.com"
    message["Subject"] = subject
    message["Message-ID"] = "<test-1@example.org>"
    message.set_content(body)
    return message.as_bytes()


# -- Dovecot ---------------------------------------------------------------------------


def test_append_keeps_internaldate_and_returns_uid(dovecot: Dovecot) -> None:
    when = datetime(2026, 11, 2, 9, 30, 15, tzinfo=SHANGHAI)
    first = dovecot.append(_mail("一"), when)
    second = dovecot.append(_mail("二"), when + timedelta(hours=1))
    assert second > first
    assert dovecot.uids("office") == [first, second]

    with dovecot.client() as imap:
        imap.normalise_times = False  # keep the server's offset instead of local naive time
        imap.select_folder("INBOX", readonly=True)
        data = imap.fetch([first], ["INTERNALDATE", "BODY.PEEK[]"])
    assert data[first][b"INTERNALDATE"] == when
    assert data[first][b"BODY[]"].replace(b"\r\n", b"\n") == _mail("一").replace(b"\r\n", b"\n")


def test_append_to_another_folder_creates_it(dovecot: Dovecot) -> None:
    uid = dovecot.append(_mail(), datetime(2026, 11, 3, tzinfo=SHANGHAI), folder="政务信息")
    assert dovecot.uids("office", folder="政务信息") == [uid]
    assert dovecot.uids("office") == []


def test_restart_keeps_port_messages_and_uidvalidity(dovecot: Dovecot) -> None:
    uid = dovecot.append(_mail(), datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI))
    port, validity = dovecot.port, dovecot.uidvalidity("office")
    dovecot.restart()
    assert dovecot.port == port
    assert dovecot.uids("office") == [uid]
    assert dovecot.uidvalidity("office") == validity


def test_set_uidvalidity_changes_it(dovecot: Dovecot) -> None:
    dovecot.append(_mail(), datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI))
    before = dovecot.uidvalidity("office")
    dovecot.set_uidvalidity("office", before + 1000)
    assert dovecot.uidvalidity("office") == before + 1000


def test_id_command_shows_in_log(dovecot: Dovecot) -> None:
    with dovecot.client() as imap:
        imap.id_({"name": "x"})
    assert "ID sent: name=x" in dovecot.log_text()


def test_kill_then_start_keeps_the_store(dovecot: Dovecot) -> None:
    # a crashed server coming back: same port, same messages
    uid = dovecot.append(_mail(), datetime(2026, 11, 2, 10, 0, tzinfo=SHANGHAI))
    port = dovecot.port
    dovecot.kill()
    assert not dovecot.running
    dovecot.start()
    assert dovecot.port == port
    assert dovecot.uids("office") == [uid]


def test_bad_login_is_refused_without_penalty(dovecot: Dovecot) -> None:
    imap = IMAPClient(dovecot.host, port=dovecot.port, ssl=False, timeout=5)
    with pytest.raises(IMAPClient.Error):
        imap.login("office", "wrong")
    imap.shutdown()
    # anvil's auth penalty is off: the next good login is immediate (timeout 5 s above)
    assert dovecot.uids("office") == []


def test_idle_sees_new_mail(dovecot: Dovecot) -> None:
    with dovecot.client() as imap:
        assert b"IDLE" in imap.capabilities()
        imap.select_folder("INBOX")
        imap.idle()
        appender = threading.Timer(
            0.2, dovecot.append, (_mail(), datetime(2026, 11, 2, tzinfo=SHANGHAI))
        )
        appender.start()
        try:
            responses = imap.idle_check(timeout=10)
        finally:
            imap.idle_done()
            appender.join()
    assert any(response[1] == b"EXISTS" for response in responses)


def test_tls_login_with_cert_as_ca(dovecot_factory: DovecotFactory) -> None:
    server = dovecot_factory(tls=True)
    assert server.cert is not None and server.tls_port is not None
    context = ssl.create_default_context(cafile=str(server.cert.ca_file))

    # implicit TLS (imaps), as the daemon talks to imap.126.com:993
    with IMAPClient(server.host, port=server.tls_port, ssl=True, ssl_context=context) as imap:
        imap.login("office", "secret")
        assert imap.select_folder("INBOX")[b"EXISTS"] == 0
        imap.logout()

    # STARTTLS on the plain port
    imap = IMAPClient(server.host, port=server.port, ssl=False)
    imap.starttls(context)
    imap.login("office", "secret")
    imap.logout()

    # and a client that does not trust the cert must fail: verification is real
    with pytest.raises(ssl.SSLCertVerificationError):
        IMAPClient(
            server.host, port=server.tls_port, ssl=True, ssl_context=ssl.create_default_context()
        )


def test_close_removes_process_and_folder(dovecot_factory: DovecotFactory) -> None:
    # the factory is only asked for its skip/require check; this server is our own
    with Dovecot() as server:
        root = server.root
        assert server.running
    assert not server.running
    assert not Path(root).exists()


# -- SMTP ------------------------------------------------------------------------------


def _outgoing() -> EmailMessage:
    message = EmailMessage()
    message["From"] = "定西市发展改革委办公室 <dxsfgw@126.com>"
    message["To"] = "anding.xxy1@example.org"
    message["Subject"] = "回执：已收到《安定区召开2026年重点项目推进会》"
    message.set_content("张明同志：来稿已收到，编号 2026-0001。")
    return message


def test_smtp_captures_mail(smtp_server: SmtpTrap) -> None:
    with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=10) as client:
        client.send_message(_outgoing())
    (mail,) = smtp_server.wait_for(1, timeout=5)
    assert mail.mail_from == "dxsfgw@126.com"
    assert mail.rcpt_tos == ("anding.xxy1@example.org",)
    assert mail.message["Subject"] == "回执：已收到《安定区召开2026年重点项目推进会》"
    assert "2026-0001" in mail.message.get_content()
    assert b"Subject:" in mail.raw


def test_smtp_refusal_gives_4xx_then_accepts(smtp_server: SmtpTrap) -> None:
    smtp_server.refuse()  # 451 4.3.0 try later
    with (
        smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=10) as client,
        pytest.raises(smtplib.SMTPResponseException) as refused,
    ):
        client.send_message(_outgoing())
    assert refused.value.smtp_code == 451
    assert smtp_server.messages == []
    assert len(smtp_server.refused) == 1

    smtp_server.refuse(421, "4.7.0 try again later", stage="mail")
    with (
        smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=10) as client,
        pytest.raises(smtplib.SMTPSenderRefused) as at_mail,
    ):
        client.send_message(_outgoing())
    assert at_mail.value.smtp_code == 421

    smtp_server.refuse_permanently()
    with (
        smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=10) as client,
        pytest.raises(smtplib.SMTPDataError) as permanent,
    ):
        client.send_message(_outgoing())
    assert permanent.value.smtp_code == 554

    smtp_server.accept()
    with smtplib.SMTP(smtp_server.host, smtp_server.port, timeout=10) as client:
        client.send_message(_outgoing())
    assert len(smtp_server.wait_for(1)) == 1


def test_smtp_auth_required_and_wrong_password_fails_fast(smtp_factory: SmtpFactory) -> None:
    trap = smtp_factory(username="dxsfgw@126.com", password="pw")
    with smtplib.SMTP(trap.host, trap.port, timeout=5) as client:
        with pytest.raises(smtplib.SMTPAuthenticationError):
            client.login("dxsfgw@126.com", "wrong")
        with pytest.raises(smtplib.SMTPSenderRefused):  # 530 authentication required
            client.send_message(_outgoing())
    assert trap.auth_failures >= 1  # smtplib tries PLAIN, then LOGIN

    for mechanism in ("LOGIN", "PLAIN"):
        with smtplib.SMTP(trap.host, trap.port, timeout=5) as client:
            client.ehlo()
            client.user, client.password = "dxsfgw@126.com", "pw"
            client.auth(mechanism, getattr(client, f"auth_{mechanism.lower()}"))
            client.send_message(_outgoing())
    mails = trap.wait_for(2)
    assert [mail.auth_user for mail in mails] == ["dxsfgw@126.com", "dxsfgw@126.com"]


def test_smtp_starttls_with_cert_as_ca(smtp_factory: SmtpFactory) -> None:
    trap = smtp_factory(username="dxsfgw@126.com", password="pw", tls="starttls")
    with smtplib.SMTP(trap.host, trap.port, timeout=5) as client:
        client.starttls(context=trap.client_context())
        client.login("dxsfgw@126.com", "pw")
        client.send_message(_outgoing())
    (mail,) = trap.wait_for(1)
    assert mail.tls


def test_smtp_implicit_tls(smtp_factory: SmtpFactory) -> None:
    trap = smtp_factory(username="dxsfgw@126.com", password="pw", tls="implicit")
    with smtplib.SMTP_SSL(trap.host, trap.port, timeout=5, context=trap.client_context()) as client:
        client.login("dxsfgw@126.com", "pw")
        client.send_message(_outgoing())
    (mail,) = trap.wait_for(1)
    assert mail.tls


# -- database --------------------------------------------------------------------------


def test_database_url_is_a_fresh_writable_database(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        assert inspect(engine).get_table_names() == []  # nothing left by another test
        metadata = MetaData()
        units = Table(
            "units", metadata, Column("id", Integer, primary_key=True), Column("name", String(50))
        )
        metadata.create_all(engine)
        with engine.begin() as conn:
            conn.execute(units.insert(), [{"name": "安定区"}, {"name": "岷县"}])
        with engine.connect() as conn:
            names = conn.execute(select(units.c.name).order_by(units.c.id)).scalars().all()
        assert names == ["安定区", "岷县"]
    finally:
        engine.dispose()
