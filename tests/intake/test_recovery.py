"""Rows a dead daemon left in progress: innocent mail is filed first, and only a message
read alone DEADLY_ATTEMPTS times with the process dying each time is quarantined."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import select

from daemon.config import load_settings
from daemon.db import make_engine, session_factory, transaction, upgrade
from daemon.intake.reader import DEADLY_ATTEMPTS, INTERRUPTED, Intake, ReadOptions
from daemon.models import Message
from daemon.timeutil import utcnow
from tests.support.env import write_config
from tests.support.mails import NEWS_BODY, county_mail

CST = timezone(timedelta(hours=8))


def test_a_killed_daemon_files_the_stranded_and_quarantines_only_the_repeat_killer(
    tmp_path: Path, database_url: str
) -> None:
    settings = load_settings(write_config(tmp_path, database_url))
    engine = make_engine(settings.database_url)
    upgrade(engine)
    factory = session_factory(engine)
    intake = Intake(settings, factory)
    # attempts as a crash leaves them: 0 = in its batch, N = read alone N times
    stranded = {1: 0, 2: DEADLY_ATTEMPTS - 1, 3: DEADLY_ATTEMPTS}
    with transaction(factory) as session:
        for uid, attempts in stranded.items():
            raw = county_mail("anding.xxy1@example.org", f"【动态】安定区项目建设第{uid}期",
                              NEWS_BODY.format(unit="安定区"), message_id=f"<r{uid}@example.org>",
                              date=datetime(2026, 11, 20, 9, uid, tzinfo=CST))
            session.add(Message(mailbox="inbox", uidvalidity=1, uid=uid,
                                sha256=intake.store.put_raw_message(raw), size=len(raw),
                                received_at=datetime(2026, 11, 20, 1, uid, tzinfo=UTC),
                                read_at=utcnow(), disposition="in_progress", attempts=attempts))
    try:
        assert intake.recover(ReadOptions(name="inbox")) == 3
        with factory() as session:
            rows = {m.uid: m for m in session.scalars(select(Message))}
        assert [rows[uid].disposition for uid in (1, 2, 3)] == ["filed", "filed", "quarantined"]
        assert rows[3].reason == INTERRUPTED and rows[3].next_attempt_at is None
        # not read again by the timed retries: only by hand
        assert intake.retry_due(ReadOptions(name="inbox", retry_base_seconds=0)) == 0
    finally:
        intake.close()
        engine.dispose()
