"""The scheduler with a moved clock, on the real job store: across September's end and the
third quarter's end, each job runs once, catches up once after downtime, writes its
documents, and its reminders reach the SMTP trap after a delivery pass."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import apscheduler.executors.base
import apscheduler.schedulers.base
import pytest
from sqlalchemy import select

from daemon import jobs
from daemon.db import transaction
from daemon.models import Document, JobRun, Request, RequestUnit
from daemon.outbox.delivery import deliver_due
from daemon.storage import Store
from daemon.timeutil import utcnow
from tests.documents.conftest import DocEnv, MakeEnv, add_item
from tests.servers import SmtpTrap

SHANGHAI = ZoneInfo("Asia/Shanghai")


class Clock:
    """The one time the scheduler, its executor and the jobs all see."""

    def __init__(self) -> None:
        self.now = datetime(2026, 9, 19, 10, tzinfo=SHANGHAI)

    def __call__(self) -> datetime:
        return self.now.astimezone(UTC)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    fake = Clock()

    class FakeDatetime(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
            return fake.now.astimezone(tz)

    # APScheduler 3 reads the time in these two modules: due jobs and the misfire check
    monkeypatch.setattr(apscheduler.schedulers.base, "datetime", FakeDatetime)
    monkeypatch.setattr(apscheduler.executors.base, "datetime", FakeDatetime)
    yield fake


def runs(env: DocEnv) -> list[tuple[str, str]]:
    with env.factory() as session:
        return sorted((job, period) for job, period in session.execute(select(JobRun.job, JobRun.period)))


def run_daemon_until(env: DocEnv, clock: Clock, at: datetime, expected: int) -> None:
    """Start the scheduler at ``at``, wait for ``expected`` job runs in all, stop it."""
    clock.now = at
    scheduler = jobs.start_scheduler(env.settings, env.factory, clock)
    try:
        deadline = time.monotonic() + 60
        while len(runs(env)) < expected and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)  # long enough for a wrong extra run to show
    finally:
        scheduler.shutdown(wait=True)
    assert len(runs(env)) == expected, runs(env)


def seed(env: DocEnv) -> None:
    """September: 安定区 sends 4 items, 通渭县 1; a request due on Monday September 21."""
    with transaction(env.factory) as session:
        for day in range(1, 5):
            add_item(session, "安定区", datetime(2026, 9, day, 2, tzinfo=UTC))
        add_item(session, "通渭县", datetime(2026, 9, 2, 2, tzinfo=UTC))
        session.add(Request(
            tag="约稿〔2026〕1号", kind="solicitation", year=2026, seq=1, topic="冬季项目建设",
            issued_on=date(2026, 9, 14), due_at=datetime(2026, 9, 22, tzinfo=SHANGHAI),
            created_at=utcnow(), units=[RequestUnit(unit="陇西县", status="open")],
        ))


def test_jobs_run_once_and_catch_up_once(doc_env: MakeEnv, clock: Clock,
                                        smtp_server: SmtpTrap) -> None:
    env = doc_env(smtp_server)
    seed(env)

    # first start: nothing is due yet; the jobs are stored with their next run times
    run_daemon_until(env, clock, datetime(2026, 9, 19, 10, tzinfo=SHANGHAI), 0)
    # down over the 20th, up at noon: county reminders, the day's request reminders and
    # the night's routing retrain
    run_daemon_until(env, clock, datetime(2026, 9, 20, 12, tzinfo=SHANGHAI), 3)
    # month end: on October 1 the section reminders for September
    run_daemon_until(env, clock, datetime(2026, 10, 1, 10, tzinfo=SHANGHAI), 6)
    # down over the 3rd and the 5th: statistics, quarterly notice and shortfalls, once
    run_daemon_until(env, clock, datetime(2026, 10, 8, 12, tzinfo=SHANGHAI), 11)
    # another restart the same day runs nothing again
    run_daemon_until(env, clock, datetime(2026, 10, 8, 13, tzinfo=SHANGHAI), 11)

    assert runs(env) == sorted([
        ("county_reminders", "2026-09"),
        ("request_reminders", "2026-09-20"),
        ("section_reminders", "2026-09"),
        ("request_reminders", "2026-10-01"),
        ("monthly_statistics", "2026-09"),
        ("quarterly_notice", "2026-Q3"),
        ("shortfall_notices", "2026-Q3"),
        ("request_reminders", "2026-10-08"),
        ("routing_retrain", "2026-09-20"),
        ("routing_retrain", "2026-10-01"),
        ("routing_retrain", "2026-10-08"),
    ])
    assert jobs.monthly_statistics() is False  # the (job, period) guard

    with env.factory() as session:
        documents = session.execute(select(Document.kind, Document.period, Document.path)).all()
    kinds = {(kind, period) for kind, period, _ in documents}
    assert {("monthly", "2026-09"), ("quarterly", "2026-Q3"), ("shortfall", "2026-Q3")} <= kinds
    assert all(Path(path).exists() for _, _, path in documents)

    assert deliver_due(env.settings, env.factory, Store(env.settings.storage_dir))["sent"] > 0
    subjects = [m.message["Subject"] for m in smtp_server.messages]
    county = [s for s in subjects if "月政务信息报送不足" in s]
    assert len(county) == 6 and not any("安定区" in s for s in county)  # 安定区 sent its 4
    sections = [s for s in subjects if "落后于序时进度" in s]
    assert len(sections) == 18  # every section with a quota; class 4 has none
    assert sum("即将截止" in s for s in subjects) == 1
    assert sum("漏报提醒" in s for s in subjects) == 1
    assert len(subjects) == len(set(subjects))


def test_changed_schedule_reschedules_a_stored_job(doc_env: MakeEnv, clock: Clock) -> None:
    env = doc_env()
    clock.now = datetime(2026, 9, 19, 10, tzinfo=SHANGHAI)
    jobs.start_scheduler(env.settings, env.factory, clock).shutdown()
    moved = env.settings.model_copy(update={"schedules": env.settings.schedules.model_copy(
        update={"monthly_statistics": "0 7 2 * *"})})
    scheduler = jobs.start_scheduler(moved, env.factory, clock)
    try:
        job = scheduler.get_job("monthly_statistics")
        assert job.next_run_time == datetime(2026, 10, 2, 7, tzinfo=SHANGHAI)
        assert job.next_run_time - clock.now < timedelta(days=14)
    finally:
        scheduler.shutdown()
