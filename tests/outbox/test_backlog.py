"""A backlog leaves at once, batch after batch, within 4xx backoff and the daily cap
(issue 13, section 9: 143 queued, 100 sent, 43 waited a whole poll interval)."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import pytest

from daemon.outbox import configured, enqueue
from daemon.outbox.delivery import run_delivery
from tests.outbox.conftest import MakeEnv, OutboxEnv
from tests.outbox.hostile import Govinfo
from tests.servers import SmtpTrap

QUEUED = 143
BATCH = 100
POLL = 600.0  # a whole poll interval: nothing in these tests may wait for it


def queue(env: OutboxEnv, recipients: Sequence[str]) -> None:
    context = {"number": "2026-0001", "received_at": "2026-11-20 09:00", "sender": "x@example.org",
               "unit": "安定区", "markings": ["机密★"]}
    with env.factory() as session, session.begin():
        for n, address in enumerate(recipients):
            enqueue(session, env.settings, env.store, kind="held_alert", dedupe_key=f"k{n}",
                    to=configured([address]), template="held_alert", context=context)


@contextmanager
def delivering(env: OutboxEnv) -> Iterator[None]:
    """The daemon's delivery thread, as `govinfo run` starts it."""
    stop = threading.Event()
    thread = threading.Thread(target=run_delivery, args=(env.settings, env.factory, stop), daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=10)
        assert not thread.is_alive()


def states(env: OutboxEnv) -> Counter[str]:
    return Counter(row.state for row in env.rows())


def test_a_backlog_drains_without_waiting_a_poll_interval(outbox_env: MakeEnv, smtp_server: SmtpTrap):
    env = outbox_env(smtp_server, outbox={"batch_size": BATCH, "poll_seconds": POLL})
    queue(env, [f"n{n}@example.org" for n in range(QUEUED)])
    with delivering(env):
        smtp_server.wait_for(QUEUED, timeout=60)
    assert states(env) == {"sent": QUEUED}
    assert len({m.rcpt_tos for m in smtp_server.messages}) == QUEUED  # each once


def test_after_a_4xx_the_next_batch_waits(outbox_env: MakeEnv, smtp_server: SmtpTrap):
    env = outbox_env(smtp_server, outbox={"batch_size": BATCH, "poll_seconds": POLL})
    queue(env, [f"n{n}@example.org" for n in range(QUEUED)])
    smtp_server.refuse(451, "4.7.0 too many mails, try later", stage="mail")
    with delivering(env):
        deadline = time.monotonic() + 60
        while len(smtp_server.refused) < BATCH and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(3)  # the retried rows are due again after 1 s: the thread must not go on
    assert len(smtp_server.refused) == BATCH  # one full batch tried, then the usual pause
    assert smtp_server.messages == []
    assert sum(row.attempts for row in env.rows()) == BATCH


def test_the_daily_cap_still_holds_in_a_drained_backlog(outbox_env: MakeEnv, smtp_server: SmtpTrap):
    cap = 120
    env = outbox_env(smtp_server, outbox={"batch_size": BATCH, "poll_seconds": POLL,
                                          "daily_cap_per_recipient": cap})
    queue(env, ["busy@example.org"] * QUEUED)
    with delivering(env):
        smtp_server.wait_for(cap, timeout=60)
        deadline = time.monotonic() + 30
        while states(env)["capped"] < QUEUED - cap and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1)
    assert states(env) == {"sent": cap, "capped": QUEUED - cap}
    assert len(smtp_server.messages) == cap


def test_outbox_send_drains_the_backlog_too(
    outbox_env: MakeEnv, smtp_server: SmtpTrap, capsys: pytest.CaptureFixture[str]
) -> None:
    env = outbox_env(smtp_server, outbox={"batch_size": BATCH})
    queue(env, [f"n{n}@example.org" for n in range(QUEUED)])
    out = Govinfo(env.config, capsys)("outbox", "send")
    assert str(QUEUED) in out
    assert states(env) == {"sent": QUEUED} and len(smtp_server.messages) == QUEUED
