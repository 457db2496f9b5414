"""Enqueue and delivery against the real aiosmtpd trap: headers, retries, TLS, the cap."""

from __future__ import annotations

import json
from datetime import timedelta
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.utils import getaddresses
from functools import partial

import pytest
from sqlalchemy import select

from daemon.config import load_settings
from daemon.models import Outbound
from daemon.outbox import configured, enqueue
from daemon.outbox.delivery import deliver_due
from daemon.outbox.enqueue import build_message
from daemon.parsing.addresses import Mailbox
from daemon.paths import EXAMPLE_CONFIG
from daemon.timeutil import local, start_of_day, utcnow
from tests.outbox.conftest import OFFICE, MakeEnv, OutboxEnv
from tests.servers import SmtpFactory, SmtpTrap
from tests.support.env import govinfo

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
COUNTY = "anding.xxy1@example.org"


def held_alert_context(number: str = "2026-0001") -> dict[str, object]:
    return {"number": number, "received_at": "2026-11-20 09:00", "sender": COUNTY,
            "unit": "安定区", "markings": ["机密★"]}


def add(env: OutboxEnv, key: str, to: list[str], **kwargs: object) -> Outbound | None:
    with env.factory() as session, session.begin():
        row = enqueue(session, env.settings, env.store, kind="held_alert", dedupe_key=key,
                      to=configured(to),
                      template="held_alert", context=held_alert_context(), **kwargs)  # type: ignore[arg-type]
        return row


def decoded(value: str) -> str:
    return str(make_header(decode_header(value)))


def test_headers_names_and_attachments_arrive_intact(outbox_env: MakeEnv, smtp_server: SmtpTrap):
    env = outbox_env(smtp_server)
    original = bytes(range(256)) * 40  # every byte value, as a .docx may hold
    name = "安定区关于重点项目建设情况的报告（定稿）.docx"
    row = add(env, "k1", ["张明 <Anding.XXY1@example.org>"], attachments=[(name, DOCX, original)],
              in_reply_to="<m0.anding@example.org>", auto_submitted="auto-replied")
    assert row is not None
    assert deliver_due(env.settings, env.factory, env.store) == {"sent": 1}

    [mail] = smtp_server.wait_for(1)
    raw_headers = mail.raw.split(b"\r\n\r\n", 1)[0].decode("ascii")  # 7-bit on the wire
    assert "=?utf-8?" in raw_headers  # RFC 2047 encoded words, not raw UTF-8
    message = mail.message
    assert message["Message-ID"] == row.message_id
    assert row.message_id.endswith("@126.com>")  # stable domain: the From address's
    assert message["Auto-Submitted"] == "auto-replied"
    assert message["X-Loop"] == "govinfo"
    assert message["In-Reply-To"] == "<m0.anding@example.org>"
    assert message["References"] == "<m0.anding@example.org>"
    assert message["Date"]
    assert decoded(message["Subject"]) == "〔涉密暂扣〕信息 2026-0001 待保密审查"
    assert getaddresses([decoded(message["From"])]) == [("定西市发展改革委办公室", OFFICE)]
    assert getaddresses([decoded(message["To"])]) == [("张明", COUNTY)]
    assert mail.rcpt_tos == (COUNTY,)
    assert mail.mail_from == OFFICE
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == name
    assert b"filename*0*=utf-8''%E5%AE%89" in mail.raw  # RFC 2231, continued
    assert attachment.get_content() == original
    body = message.get_body(("plain",))
    assert body["Content-Transfer-Encoding"] == "base64"
    assert "密级标志：机密★" in body.get_content()

    [stored] = env.rows()
    assert stored.state == "sent" and stored.sent_at is not None and stored.attempts == 1
    assert env.store.get("outbox", stored.raw_sha256, ".eml") == mail.raw


def test_same_dedupe_key_twice_enqueues_once(outbox_env: MakeEnv, smtp_server: SmtpTrap):
    env = outbox_env(smtp_server)
    assert add(env, "ack:item:1", [COUNTY]) is not None
    assert add(env, "ack:item:1", [COUNTY]) is None
    with env.factory() as session, session.begin():  # also within one transaction
        first = enqueue(session, env.settings, env.store, kind="x", dedupe_key="k2",
                        to=configured([COUNTY]),
                        template="held_alert", context=held_alert_context())
        again = enqueue(session, env.settings, env.store, kind="x", dedupe_key="k2",
                        to=configured([COUNTY]),
                        template="held_alert", context=held_alert_context())
    assert first is not None and again is None
    assert len(env.rows()) == 2


def test_own_addresses_are_dropped(outbox_env: MakeEnv, smtp_server: SmtpTrap):
    env = outbox_env(smtp_server)
    # the From address (any case, any display name) is ours: no mail to ourselves
    assert add(env, "a", ["其他 <DXSFGW@126.com>"]) is None
    with env.factory() as session, session.begin():
        row = enqueue(session, env.settings, env.store, kind="ack", dedupe_key="b",
                      to=configured(["office@other.example", COUNTY, OFFICE, COUNTY.upper()]),
                      template="held_alert", context=held_alert_context())
    assert row is not None and row.recipients == ["office@other.example", COUNTY]
    settings = env.settings.model_copy(update={"office": env.settings.office.model_copy(
        update={"own_addresses": ("me@example.org",)})})
    with env.factory() as session, session.begin():
        assert enqueue(session, settings, env.store, kind="ack", dedupe_key="c",
                       to=configured(["ME@example.org"]), template="held_alert",
                       context=held_alert_context()) is None
    assert len(env.rows()) == 1


def test_refused_with_4xx_then_accepted_is_delivered_exactly_once(
    outbox_env: MakeEnv, smtp_server: SmtpTrap
):
    env = outbox_env(smtp_server)
    add(env, "k", [COUNTY])
    smtp_server.refuse(451, "4.3.0 try later")
    now = utcnow()
    assert deliver_due(env.settings, env.factory, env.store, now) == {"retry": 1}
    [row] = env.rows()
    assert row.state == "pending" and row.attempts == 1
    assert row.last_error == "451 4.3.0 try later"
    assert row.next_attempt_at == now.replace(microsecond=now.microsecond) + timedelta(seconds=1)
    # not due yet: nothing happens
    assert deliver_due(env.settings, env.factory, env.store, now) == {}

    smtp_server.accept()
    later = now + timedelta(seconds=1)
    assert deliver_due(env.settings, env.factory, env.store, later) == {"sent": 1}
    assert deliver_due(env.settings, env.factory, env.store, later + timedelta(hours=1)) == {}
    assert len(smtp_server.messages) == 1
    assert len(smtp_server.refused) == 1
    [row] = env.rows()
    assert row.state == "sent" and row.attempts == 2 and row.last_error is None


def test_backoff_grows_and_gives_up_after_max_attempts(outbox_env: MakeEnv, smtp_server: SmtpTrap):
    env = outbox_env(smtp_server, outbox={"max_attempts": 4})
    add(env, "k", [COUNTY])
    smtp_server.refuse(421, "4.7.0 too many connections", stage="mail")
    now = utcnow()
    delays = []
    for _ in range(4):
        counts = deliver_due(env.settings, env.factory, env.store, now)
        [row] = env.rows()
        delays.append((row.next_attempt_at - now).total_seconds())
        now = row.next_attempt_at
    assert counts == {"failed": 1}
    assert delays[:3] == [1, 2, 4]  # doubled, capped at retry_max_seconds = 4
    assert row.state == "failed" and row.attempts == 4
    assert row.last_error.startswith("421")
    assert smtp_server.messages == []


def test_5xx_fails_and_outbox_list_shows_it(outbox_env: MakeEnv, smtp_server: SmtpTrap):
    env = outbox_env(smtp_server)
    add(env, "k", [COUNTY])
    smtp_server.refuse_permanently()
    assert deliver_due(env.settings, env.factory, env.store) == {"failed": 1}

    listed = govinfo(env.config, "outbox", "list", "--json", "--state", "failed")
    assert listed.returncode == 0, listed.stderr
    [view] = json.loads(listed.stdout)
    assert view["state"] == "failed"
    assert view["kind"] == "held_alert"
    assert view["recipients"] == [COUNTY]
    assert view["subject"] == "〔涉密暂扣〕信息 2026-0001 待保密审查"
    assert view["attempts"] == 1
    assert view["last_error"] == "554 5.7.1 DT:SPM message rejected as spam"
    assert view["created_at"].endswith("+08:00") and view["sent_at"] is None
    table = govinfo(env.config, "outbox", "list")
    assert "失败" in table.stdout and "554" in table.stdout
    # and the cron verb says a mail could not go out, with exit status 1
    smtp_server.accept()
    add(env, "k2", [COUNTY])
    smtp_server.refuse(550, "5.1.1 no such user", stage="rcpt")
    sent = govinfo(env.config, "outbox", "send")
    assert sent.returncode == 1 and "失败 1" in sent.stdout
    assert json.loads(govinfo(env.config, "outbox", "list", "--json").stdout)[1]["last_error"] \
        .startswith(f"{COUNTY}: 550")


def test_starttls_with_auth_verifies_the_trap_certificate(
    outbox_env: MakeEnv, smtp_factory: SmtpFactory
):
    trap = smtp_factory(username=OFFICE, password="s3cret-auth-code", tls="starttls")
    env = outbox_env(trap)
    add(env, "k", [COUNTY])
    sent = govinfo(env.config, "outbox", "send")
    assert sent.returncode == 0, sent.stderr
    assert "已发送 1" in sent.stdout
    [mail] = trap.wait_for(1)
    assert mail.tls and mail.auth_user == OFFICE
    assert trap.auth_failures == 0
    assert "s3cret-auth-code" not in sent.stderr + sent.stdout  # never logged


def test_implicit_tls_works_and_an_untrusted_certificate_is_refused(
    outbox_env: MakeEnv, smtp_factory: SmtpFactory
):
    trap = smtp_factory(username=OFFICE, password="pw", tls="implicit")
    env = outbox_env(trap)
    add(env, "k", [COUNTY])
    assert deliver_due(env.settings, env.factory, env.store) == {"sent": 1}
    assert trap.wait_for(1)[0].tls

    # without ca_file only the system's CAs are trusted, and the trap's cert is not one
    untrusting = OutboxEnv(env.config, env.settings.model_copy(
        update={"smtp": env.settings.smtp.model_copy(update={"ca_file": None})}),
        env.factory, env.store)
    add(untrusting, "k2", [COUNTY])
    assert deliver_due(untrusting.settings, untrusting.factory, untrusting.store) == {"retry": 1}
    assert "CERTIFICATE_VERIFY_FAILED" in (untrusting.rows()[-1].last_error or "")
    assert len(trap.messages) == 1


def test_wrong_password_and_dead_server_back_off(outbox_env: MakeEnv, smtp_factory: SmtpFactory):
    trap = smtp_factory(username=OFFICE, password="right", tls="starttls")
    env = outbox_env(trap)
    env = OutboxEnv(env.config, env.settings.model_copy(update={"smtp": env.settings.smtp.model_copy(
        update={"password_env": None, "password_file": None})}), env.factory, env.store)
    add(env, "k", [COUNTY])
    now = utcnow()
    assert deliver_due(env.settings, env.factory, env.store, now) == {"retry": 1}
    [row] = env.rows()
    assert "password_env" in (row.last_error or "")
    trap.stop()  # now nobody listens
    assert deliver_due(env.settings, env.factory, env.store, row.next_attempt_at) == {"retry": 1}
    [row] = env.rows()
    assert row.attempts == 2 and "ConnectionRefusedError" in (row.last_error or "")


def test_daily_cap_per_recipient_holds(outbox_env: MakeEnv, smtp_server: SmtpTrap):
    env = outbox_env(smtp_server, outbox={"daily_cap_per_recipient": 2})
    for n in range(3):
        add(env, f"to-county-{n}", [COUNTY])
    add(env, "to-other", ["other@example.org"])
    tz = env.settings.timezone
    now = utcnow()
    tomorrow = start_of_day(local(now, tz).date() + timedelta(days=1), tz)
    assert deliver_due(env.settings, env.factory, env.store, now) == {"sent": 3, "capped": 1}
    assert deliver_due(env.settings, env.factory, env.store, tomorrow - timedelta(seconds=1)) == {}
    capped = [r for r in env.rows() if r.state == "capped"]
    assert len(capped) == 1
    assert capped[0].next_attempt_at == tomorrow and capped[0].attempts == 0
    assert "每日上限" in (capped[0].last_error or "")
    listed = json.loads(govinfo(env.config, "outbox", "list", "--json", "--state", "capped").stdout)
    assert [v["id"] for v in listed] == [capped[0].id]

    # a new day: it goes, and the day's count starts again
    assert deliver_due(env.settings, env.factory, env.store, tomorrow) == {"sent": 1}
    rcpts = [m.rcpt_tos for m in smtp_server.messages]
    assert rcpts.count((COUNTY,)) == 3 and rcpts.count(("other@example.org",)) == 1
    with env.factory() as session:
        states = session.scalars(select(Outbound.state)).all()
    assert set(states) == {"sent"}


def test_route_notice_has_an_escaped_html_alternative(outbox_env: MakeEnv, smtp_server: SmtpTrap):
    env = outbox_env(smtp_server)
    context = {
        "number": "2026-0007", "received_at": "2026-11-20 09:00", "office": "办公室",
        "greeting": "邵立新", "title": "<b>项目</b> & 资金", "unit": "安定区",
        "sender": "张明 <a@example.org>", "category": "动态类", "length_reason": "正文 400 字",
        "timeliness_reason": "按时", "route": "重点项目办", "route_reasons": ["匹配“项目”"],
        "summary": "摘要", "attachments": [], "withheld": [], "full_text": "全文 <script>",
    }
    with env.factory() as session, session.begin():
        enqueue(session, env.settings, env.store, kind="route_notice", dedupe_key="r",
                to=configured([COUNTY]), template="route_notice", context=context)
    deliver_due(env.settings, env.factory, env.store)
    message = smtp_server.wait_for(1)[0].message
    assert message.get_content_type() == "multipart/alternative"
    html = message.get_body(("html",)).get_content()
    assert "&lt;b&gt;项目&lt;/b&gt; &amp; 资金" in html and "全文 &lt;script&gt;" in html
    # the plain text is never escaped
    assert "<b>项目</b> & 资金" in message.get_body(("plain",)).get_content()


@pytest.mark.parametrize("size", [0, 1, 57, 58, 76 * 3 // 4 * 100, 40_000])
def test_attachment_bodies_are_wrapped_base64_and_rebuilds_are_identical(size: int):
    # attachment bodies are encoded apart from the generator and spliced in: every size
    # must come out as the stdlib would write it, CRLF lines of at most 76 characters
    settings = load_settings(EXAMPLE_CONFIG)
    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    build = partial(
        build_message, settings, recipients=[Mailbox("张明", COUNTY)], subject="〔信息分解〕2026-0001 标题",
        text="正文\n", html="<p>正文</p>", message_id="<fixed.route-notice@126.com>", date=utcnow(),
        attachments=[("原稿.docx", DOCX, data), ("附表.pdf", "application/pdf", data[: size // 2])],
    )
    wire = build()
    assert build() == wire
    first, second = message_from_bytes(wire, policy=policy.default).iter_attachments()
    assert (first.get_content(), second.get_content()) == (data, data[: size // 2])
    lines = wire.split(b"\r\n")
    assert all(b"\n" not in line and len(line) <= 78 for line in lines)  # CRLF, folded, wrapped
