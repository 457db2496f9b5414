"""Requests end to end: registered, mailed, answered on time, late, or missed once."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from sqlalchemy import create_engine, select

from daemon.config import load_settings
from daemon.db import session_factory, transaction
from daemon.models import Outbound
from daemon.requests import mark_missed
from daemon.storage import Store
from tests.support.env import dovecot_mailbox, govinfo, write_config
from tests.support.mails import county_mail

CST = timezone(timedelta(hours=8))
ANSWER = (
    "一、基本情况：今年以来我县落实省委批示精神，推进县域商业体系建设。"
    "二、主要做法：建立乡镇商贸中心12个。三、问题分析：物流成本偏高。四、对策建议：整合快递资源。"
)


def outbox(database_url: str) -> list[Outbound]:
    engine = create_engine(database_url)
    try:
        with session_factory(engine)() as session:
            return list(session.scalars(select(Outbound).order_by(Outbound.id)))
    finally:
        engine.dispose()


def test_feedback_request_on_time_late_and_missed(tmp_path, dovecot, database_url):
    config = write_config(tmp_path, database_url, dovecot_mailbox(dovecot))
    assert govinfo(config, "db", "upgrade").returncode == 0
    created = govinfo(
        config, "request", "create", "--kind", "feedback", "--topic", "县域商业体系建设批示落实情况",
        "--units", "安定区,通渭县,陇西县", "--issued", "2026-11-12", "--backdated",
    )
    assert created.returncode == 0, created.stderr
    # 5 working days after Thursday 2026-11-12: 13, 16, 17, 18, 19 -> due at the end of 11-19
    assert "约稿" not in created.stdout and "反馈2026-001" in created.stdout
    assert "报送期限 2026年11月19日（星期四）24时前" in created.stdout  # the 5th working day, to its end

    notices = [row for row in outbox(database_url) if row.kind == "request"]
    assert sorted(r.recipients[0] for r in notices) == [
        "anding.xxy1@example.org", "longxi.xxy1@example.org", "tongwei.xxy1@example.org"
    ]
    assert all("〔反馈2026-001〕" in r.subject for r in notices)
    tongwei_notice = next(r for r in notices if r.recipients[0].startswith("tongwei"))

    # 安定区 answers with the tag in the subject, before the deadline
    dovecot.append(
        county_mail("anding.xxy1@example.org", "〔反馈2026-001〕安定区县域商业体系建设情况", ANSWER),
        datetime(2026, 11, 18, 10, 0, tzinfo=CST),
    )
    # 通渭县 replies to the notice without a tag, after the deadline
    dovecot.append(
        county_mail("tongwei.xxy1@example.org", "回复：县域商业体系建设", ANSWER,
                    headers={"In-Reply-To": tongwei_notice.message_id}),
        datetime(2026, 11, 23, 9, 0, tzinfo=CST),
    )
    assert govinfo(config, "poll", "--once").returncode == 0

    settings = load_settings(config)
    engine = create_engine(database_url)
    factory = session_factory(engine)
    for _ in range(2):  # the daemon checks after every pass; the office hears once
        with transaction(factory) as session:
            mark_missed(session, settings, Store(settings.storage_dir),
                        datetime(2026, 11, 24, 8, 0, tzinfo=CST))
    engine.dispose()

    [request] = json.loads(govinfo(config, "request", "list", "--json").stdout)
    states = {u["unit"]: (u["state"], u["item"]) for u in request["units"]}
    assert states == {
        "安定区": ("on_time", "2026-0001"),
        "通渭县": ("late", "2026-0002"),
        "陇西县": ("missed", None),
    }
    alerts = [row for row in outbox(database_url) if row.kind == "missed_alert"]
    assert len(alerts) == 1
    # the roster's office staff hear of it (never the office mailbox: that would be a loop)
    assert alerts[0].recipients == ["bgs.kz@example.org", "bgs.xxy@example.org"]
    assert "1 个单位逾期未报" in alerts[0].subject
    items = json.loads(govinfo(config, "items", "list", "--json").stdout)
    assert [i["request"] for i in items] == [request["id"], request["id"]]
    assert [i["timeliness"] for i in items] == ["on_time", "late"]


def test_solicitation_needs_its_own_deadline(tmp_path, database_url):
    config = write_config(tmp_path, database_url)
    assert govinfo(config, "db", "upgrade").returncode == 0
    result = govinfo(config, "request", "create", "--kind", "solicitation", "--topic", "乡村振兴",
                     "--units", "安定区", "--issued", "2026-11-20")
    assert result.returncode == 2
    assert "--due" in result.stderr
    unknown = govinfo(config, "request", "create", "--kind", "feedback", "--topic", "x",
                      "--units", "不存在县", "--issued", "2026-11-20")
    assert unknown.returncode == 2 and "不存在县" in unknown.stderr
