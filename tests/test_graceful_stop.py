"""SIGTERM during a large batch: the message in hand commits, the daemon exits 0 in time."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session, selectinload

from bench.soak import Daemon
from daemon.models import Item, Message
from daemon.storage import Store
from tests.servers import Dovecot
from tests.support.env import dovecot_mailbox, govinfo, write_config
from tests.test_intake_imap import CST, county_batch, fill, ledger_count, wait_for

TOTAL = 150
STOP_WITHIN = 10.0  # seconds: what systemd and Docker give before SIGKILL


def filed_count(database_url: str) -> int:
    engine = create_engine(database_url)
    try:
        with Session(engine) as session:
            return len(session.scalars(select(Message.id).where(Message.disposition == "filed")).all())
    finally:
        engine.dispose()


def test_sigterm_mid_batch_commits_what_it_started_and_exits_0(
    tmp_path: Path, dovecot: Dovecot, database_url: str
) -> None:
    config = write_config(tmp_path, database_url, dovecot_mailbox(dovecot, batch_size=100))
    assert govinfo(config, "db", "upgrade").returncode == 0
    uids = fill(dovecot, county_batch(TOTAL, datetime(2026, 11, 2, 8, 0, tzinfo=CST)))

    daemon = Daemon(config, tmp_path / "daemon.log", "run")
    # rows are written in progress for a whole FETCH batch before any is filed: wait for filed
    wait_for(lambda: filed_count(database_url) >= 30, 120)
    asked = time.monotonic()
    code = daemon.stop(timeout=60)
    took = time.monotonic() - asked
    log = (tmp_path / "daemon.log").read_text(encoding="utf-8")
    assert code == 0, log
    assert took < STOP_WITHIN, f"stopped after {took:.1f} s"
    assert "daemon_stop" in log

    engine = create_engine(database_url)
    store = Store(tmp_path / "store")
    with Session(engine) as session:
        ledger = session.scalars(select(Message)).all()
        items = session.scalars(select(Item).options(selectinload(Item.verdicts))).all()
        assert 30 <= len(ledger) < TOTAL, "the stop must land in the middle of the mailbox"
        # every message that was started is complete: filed, with its item, verdicts and raw;
        # rows of the batch not reached were dropped, to be fetched again

        assert {m.disposition for m in ledger} == {"filed"}
        assert len(items) == len(ledger)
        assert all(i.verdicts for i in items)
        assert all(store.has("raw", m.sha256 or "", ".eml") for m in ledger)
    engine.dispose()

    rerun = govinfo(config, "poll", "--once")
    assert rerun.returncode == 0, rerun.stderr
    assert ledger_count(database_url) == TOTAL == len(uids)
