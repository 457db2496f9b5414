"""The walking skeleton end to end: a real Dovecot inbox, the real command, a real database."""

from __future__ import annotations

import json
import signal
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select

from daemon.models import Message
from tests.support.env import dovecot_mailbox, govinfo, popen_govinfo, write_config
from tests.support.mails import NEWS_BODY, county_mail, docx_bytes

CST = timezone(timedelta(hours=8))
COUNTIES = [
    ("anding", "安定区", "张明"),
    ("tongwei", "通渭县", "李华"),
    ("longxi", "陇西县", "王芳"),
    ("weiyuan", "渭源县", "赵强"),
    ("lintao", "临洮县", "陈静"),
    ("zhangxian", "漳县", "刘洋"),
    ("minxian", "岷县", "杨帆"),
]


def county_batch(count: int, start: datetime) -> list[tuple[bytes, datetime]]:
    """``count`` distinct county mails: .docx, body-only, GBK and UTF-8 mixed."""
    mails = []
    for n in range(count):
        code, unit, officer = COUNTIES[n % len(COUNTIES)]
        title = f"{unit}召开重点项目建设推进会（第{n + 1}次）"
        body = NEWS_BODY.format(unit=unit) + f"（编号{n + 1}）"
        charset = "gbk" if n % 3 == 0 else "utf-8"
        attachment = None
        if n % 2 == 0:
            attachment = (f"{title}.docx", docx_bytes(title, f"{unit}发展改革局 {officer}", body))
            body = "请审阅附件。"
        raw = county_mail(
            f"{code}.xxy1@example.org",
            f"【动态】{title}",
            body,
            sender_name=officer,
            message_id=f"<m{n}.{code}@example.org>",
            attachment=attachment,
            charset=charset,
            # the Date header says a different day: received_at must come from INTERNALDATE
            date=start - timedelta(days=3),
        )
        mails.append((raw, start + timedelta(minutes=n)))
    return mails


def fill(dovecot: Any, mails: list[tuple[bytes, datetime]]) -> list[int]:
    return [dovecot.append(raw, when) for raw, when in mails]


def run_json(config: Path, *args: str) -> Any:
    result = govinfo(config, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def ledger_count(database_url: str) -> int:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(Message)).scalar_one()
    finally:
        engine.dispose()


@pytest.fixture
def setup(tmp_path: Path, dovecot: Any, database_url: str):
    def make(**mailbox: Any) -> Path:
        config = write_config(tmp_path, database_url, dovecot_mailbox(dovecot, **mailbox))
        upgraded = govinfo(config, "db", "upgrade")
        assert upgraded.returncode == 0, upgraded.stderr
        return config

    return make


def test_fifty_county_mails_filed_once_and_accounted_for(setup, dovecot, database_url):
    config = setup()
    start = datetime(2026, 11, 20, 9, 0, tzinfo=CST)
    uids = fill(dovecot, county_batch(50, start))

    first = govinfo(config, "poll", "--once")
    assert first.returncode == 0, first.stderr
    assert "已登记 50" in first.stdout
    second = govinfo(config, "poll", "--once")
    assert second.returncode == 0, second.stderr
    assert "没有新邮件" in second.stdout

    items = run_json(config, "items", "list")
    assert len(items) == 50
    assert [i["number"] for i in items] == [f"2026-{n:04d}" for n in range(1, 51)]
    messages = run_json(config, "messages", "list")
    assert sorted(m["uid"] for m in messages) == sorted(uids)
    assert {m["disposition"] for m in messages} == {"filed"}
    assert len({m["item"] for m in messages}) == 50

    first_item = items[0]
    # received_at is the server's INTERNALDATE in +08:00, not the Date header (3 days earlier)
    assert first_item["received_at"] == "2026-11-20T09:00:00+08:00"
    assert first_item["unit"] == "安定区"
    assert first_item["authors"] == ["张明"]
    assert first_item["category"] == "news" and first_item["category_inferred"] is False
    assert first_item["title"] == "安定区召开重点项目建设推进会（第1次）"
    assert first_item["state"] == "routed"
    gbk_body_only = items[3]  # n=3: GBK and no attachment
    assert gbk_body_only["unit"] == "渭源县"
    assert gbk_body_only["length"] and gbk_body_only["length"] > 300


def test_item_shows_article_and_stored_raw_message(setup, dovecot, tmp_path):
    config = setup()
    fill(dovecot, county_batch(1, datetime(2026, 11, 20, 9, 0, tzinfo=CST)))
    assert govinfo(config, "poll", "--once").returncode == 0
    detail = run_json(config, "items", "show", "2026-0001")
    assert detail["article_source"].startswith("attachment:")
    assert "重点项目建设推进会" in detail["text"]
    assert [a["status"] for a in detail["attachments"]] == ["ok"]
    assert {v["check"] for v in detail["verdicts"]} >= {"category", "length", "routing"}
    assert detail["audit"][0]["action"] == "filed"
    raw = tmp_path / "store" / "raw" / detail["message"]["sha256"][:2]
    assert (raw / f"{detail['message']['sha256']}.eml").exists()


def test_unknown_sender_is_unassigned_and_noise_is_ignored(setup, dovecot):
    config = setup()
    when = datetime(2026, 11, 21, 10, 0, tzinfo=CST)
    dovecot.append(
        county_mail("someone@example.net", "【动态】某县发展改革工作情况", NEWS_BODY.format(unit="某县")),
        when,
    )
    dovecot.append(
        county_mail(
            "anding.xxy1@example.org",
            "自动回复：收到",
            "您的来信已收到。",
            headers={"Auto-Submitted": "auto-replied"},
        ),
        when,
    )
    dovecot.append(
        county_mail("dxsfgw@126.com", "关于报送信息的回执", "本系统发出的邮件"), when
    )
    assert govinfo(config, "poll", "--once").returncode == 0

    items = run_json(config, "items", "list")
    assert len(items) == 1
    assert items[0]["unit"] is None
    assert items[0]["state"] == "unassigned"
    assert "unknown_sender" in items[0]["flags"]
    messages = run_json(config, "messages", "list")
    assert [(m["disposition"], m["reason"]) for m in messages] == [
        ("filed", None),
        ("ignored", "auto_reply"),
        ("ignored", "own_mail"),
    ]


def test_since_records_older_mail_as_ignored(setup, dovecot):
    config = setup(since="2026-01-01")
    old = county_batch(2, datetime(2025, 12, 30, 9, 0, tzinfo=CST))
    new = county_batch(3, datetime(2026, 1, 5, 9, 0, tzinfo=CST))[2:]
    fill(dovecot, old + new)
    assert govinfo(config, "poll", "--once").returncode == 0
    messages = run_json(config, "messages", "list")
    assert [(m["disposition"], m["reason"]) for m in messages] == [
        ("ignored", "before_start"),
        ("ignored", "before_start"),
        ("filed", None),
    ]


def test_uidvalidity_change_rereads_without_filing_twice(setup, dovecot):
    config = setup()
    fill(dovecot, county_batch(3, datetime(2026, 11, 20, 9, 0, tzinfo=CST)))
    assert govinfo(config, "poll", "--once").returncode == 0
    old_validity = dovecot.uidvalidity()
    dovecot.set_uidvalidity("office", old_validity + 1000)
    result = govinfo(config, "poll", "--once")
    assert result.returncode == 0, result.stderr
    assert "uidvalidity_changed" in result.stderr

    assert len(run_json(config, "items", "list")) == 3
    messages = run_json(config, "messages", "list")
    assert sorted(m["disposition"] for m in messages) == ["duplicate"] * 3 + ["filed"] * 3
    assert {m["uidvalidity"] for m in messages} == {old_validity, old_validity + 1000}


def test_uidvalidity_above_the_signed_32_bit_range_is_read(setup, dovecot):
    # UIDVALIDITY is an unsigned 32-bit number; PostgreSQL's INTEGER stops at 2**31 - 1
    config = setup()
    dovecot.set_uidvalidity("office", 2**32 - 5)
    fill(dovecot, county_batch(2, datetime(2026, 11, 20, 9, 0, tzinfo=CST)))
    result = govinfo(config, "poll", "--once")
    assert result.returncode == 0, result.stderr
    assert len(run_json(config, "items", "list")) == 2
    assert {m["uidvalidity"] for m in run_json(config, "messages", "list")} == {2**32 - 5}


def test_id_command_is_sent_after_login(setup, dovecot):
    config = setup()
    assert govinfo(config, "poll", "--once").returncode == 0
    # Dovecot logs the client's ID (imap_id_log = *); NetEase refuses SELECT without it
    assert "name=govinfo" in dovecot.log_text()


def test_sigkill_mid_batch_then_rerun_files_every_message_once(setup, dovecot, database_url):
    config = setup(batch_size=10)
    total = 80
    uids = fill(dovecot, county_batch(total, datetime(2026, 11, 2, 8, 0, tzinfo=CST)))

    poller = popen_govinfo(config, "poll", "--once")
    deadline = time.monotonic() + 60
    while ledger_count(database_url) < 5 and time.monotonic() < deadline:
        time.sleep(0.02)
    poller.send_signal(signal.SIGKILL)
    poller.wait()
    done_before_kill = ledger_count(database_url)
    assert 5 <= done_before_kill < total, "the kill must land in the middle of the batch"

    rerun = govinfo(config, "poll", "--once")
    assert rerun.returncode == 0, rerun.stderr
    messages = run_json(config, "messages", "list")
    assert sorted(m["uid"] for m in messages) == sorted(uids)
    assert {m["disposition"] for m in messages} == {"filed"}
    items = run_json(config, "items", "list")
    assert len(items) == total
    assert len({i["number"] for i in items}) == total


def test_imap_server_restart_during_run_and_clean_stop(setup, dovecot, database_url):
    config = setup(poll_interval=1.0)
    daemon = popen_govinfo(config, "run")
    try:
        mails = county_batch(2, datetime(2026, 11, 23, 9, 0, tzinfo=CST))
        dovecot.append(*mails[0])
        wait_for(lambda: ledger_count(database_url) == 1, 30)

        dovecot.kill()  # the whole server goes, its live IMAP sessions with it
        time.sleep(2)  # the daemon loses its connection and backs off
        dovecot.start()
        dovecot.append(*mails[1])
        wait_for(lambda: ledger_count(database_url) == 2, 60)
    finally:
        daemon.send_signal(signal.SIGTERM)
        try:
            code = daemon.wait(timeout=10)
        except Exception:
            daemon.kill()
            raise
    _, stderr = daemon.communicate()
    assert code == 0, stderr
    assert "imap_error" in stderr and "daemon_stop" in stderr
    assert len(run_json(config, "items", "list")) == 2


def test_quarantined_message_is_kept_and_retried_by_hand(setup, dovecot, tmp_path):
    config = setup(message_time_limit=0.000001)
    fill(dovecot, county_batch(1, datetime(2026, 11, 20, 9, 0, tzinfo=CST)))
    assert govinfo(config, "poll", "--once").returncode == 0
    [message] = run_json(config, "messages", "list")
    assert message["disposition"] == "quarantined"
    assert "TimeLimitExceeded" in message["reason"]
    raw = tmp_path / "store" / "raw" / message["sha256"][:2] / f"{message['sha256']}.eml"
    assert raw.exists()

    setup(message_time_limit=120)
    retried = govinfo(config, "messages", "retry", str(message["id"]))
    assert retried.returncode == 0, retried.stderr
    [message] = run_json(config, "messages", "list")
    assert message["disposition"] == "filed" and message["item"] == "2026-0001"


def test_second_reader_is_refused_while_the_lease_is_held(setup, dovecot, database_url):
    config = setup()
    from daemon.db import make_engine, session_factory
    from daemon.intake.lock import MailboxLease

    lease = MailboxLease(session_factory(make_engine(database_url)), "office", 300)
    assert lease.acquire()
    result = govinfo(config, "poll", "--once")
    assert result.returncode == 1
    assert "正由另一个进程读取" in result.stderr
    lease.release()
    assert govinfo(config, "poll", "--once").returncode == 0


def test_tls_server_certificate_is_verified(tmp_path, dovecot_factory, database_url):
    server = dovecot_factory(tls=True)
    server.append(*county_batch(1, datetime(2026, 11, 20, 9, 0, tzinfo=CST))[0])
    box = dovecot_mailbox(server, port=server.tls_port, tls="implicit")
    untrusted = write_config(tmp_path, database_url, box)
    assert govinfo(untrusted, "db", "upgrade").returncode == 0
    refused = govinfo(untrusted, "poll", "--once")
    assert refused.returncode == 1
    assert "CERTIFICATE_VERIFY_FAILED" in refused.stderr

    trusted = write_config(tmp_path, database_url, {**box, "ca_file": str(server.cert.ca_file)})
    accepted = govinfo(trusted, "poll", "--once")
    assert accepted.returncode == 0, accepted.stderr
    assert "已登记 1" in accepted.stdout


def test_unmigrated_database_is_refused_with_the_command_to_run(tmp_path, dovecot, database_url):
    config = write_config(tmp_path, database_url, dovecot_mailbox(dovecot))
    result = govinfo(config, "poll", "--once")
    assert result.returncode == 1
    assert "govinfo db upgrade" in result.stderr


def test_bad_config_exits_2_naming_the_key(tmp_path, database_url):
    config = write_config(tmp_path, database_url, {"name": "office", "host": "x", "port": "abc",
                                                   "username": "u"})
    result = govinfo(config, "items", "list")
    assert result.returncode == 2
    assert "mailboxes[0].port" in result.stderr and "整数" in result.stderr


def wait_for(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"condition not met within {timeout} s")

