"""Scheduled jobs: APScheduler 3 wiring only; each job is a plain module-level function.

Jobs persist in the daemon's own database (SQLAlchemyJobStore, table ``apscheduler_jobs``,
created by APScheduler itself) and are referenced as ``"daemon.jobs:<name>"`` strings, so
a restarted daemon reloads them with their stored next run time.

Catch-up, exactly once:

- A run missed while the daemon was down is run on restart if the restart comes within
  the job's grace (``schedules.documents_grace_days`` / ``reminders_grace_days``);
  ``coalesce`` folds several missed runs into one.
- Restarting does not reset a stored job: ``start_scheduler`` keeps the stored next run
  time unless the schedule in the config changed (then it reschedules from now).
- Each run writes a ``job_runs`` row keyed (job, period) in the same transaction as its
  documents and mails; a run that finds its row does nothing. This covers what the job
  store cannot: a crash after the work but before APScheduler stored the next run time,
  and two daemons on one database (the unique key fails the second commit).

A job's period comes from the clock when it runs: the monthly statistics at 08:00 on
December 4 (November's figures are final after the 3rd), or on a catch-up December 10,
are both for November. When a whole period was missed beyond the grace, the document is
written by ``govinfo report``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from daemon import reminders
from daemon.config import Settings
from daemon.db import make_engine, transaction
from daemon.intake.route_training import retrain
from daemon.logs import kv
from daemon.models import JobRun
from daemon.scoring import Period, parse_period
from daemon.storage import Store
from daemon.timeutil import local, utcnow

log = logging.getLogger(__name__)

JOBSTORE_TABLE = "apscheduler_jobs"


@dataclass(frozen=True)
class Runtime:
    """What the persisted jobs run against; set by ``start_scheduler``.

    Jobs stored in the database can carry no settings or sessions, so they find them
    here. ``clock`` is injectable so a test can move time.
    """

    settings: Settings
    factory: sessionmaker[Session]
    clock: Callable[[], datetime] = utcnow


_runtime: Runtime | None = None


def runtime() -> Runtime:
    if _runtime is None:
        raise RuntimeError("scheduler runtime not installed: call start_scheduler first")
    return _runtime


def _guarded(job: str, period: str, work: Callable[[Session, Settings, datetime], object]) -> bool:
    """Run ``work`` once for (job, period): False when it already ran."""
    context = runtime()
    now = context.clock()
    with transaction(context.factory) as session:
        done = session.scalar(select(JobRun.id).where(JobRun.job == job, JobRun.period == period))
        if done is not None:
            log.info(kv("job_skipped", job=job, period=period, reason="already_ran"))
            return False
        result = work(session, context.settings, now)
        session.add(JobRun(job=job, period=period, ran_at=now))
    log.info(kv("job_done", job=job, period=period, result=result))
    return True


def _today() -> date:
    context = runtime()
    return local(context.clock(), context.settings.timezone).date()


def _previous_month(today: date) -> Period:
    last = today.replace(day=1) - timedelta(days=1)
    return parse_period(f"{last.year}-{last.month:02d}")


def _previous_quarter(today: date) -> Period:
    first_month = (today.month - 1) // 3 * 3 + 1  # of the current quarter
    last = today.replace(month=first_month, day=1) - timedelta(days=1)
    return parse_period(f"{last.year}-Q{(last.month - 1) // 3 + 1}")


def _document_job(job: str, kind: str, period: Period) -> bool:
    from daemon.documents.generate import write_report  # matplotlib loads with the job

    def work(session: Session, settings: Settings, now: datetime) -> int:
        today = local(now, settings.timezone).date()
        return len(write_report(session, settings, kind, period, today))

    return _guarded(job, period.label, work)


# -- the jobs (referenced by "daemon.jobs:<name>") -------------------------------------


def monthly_statistics() -> bool:
    return _document_job("monthly_statistics", "monthly", _previous_month(_today()))


def quarterly_notice() -> bool:
    return _document_job("quarterly_notice", "quarterly", _previous_quarter(_today()))


def shortfall_notices() -> bool:
    return _document_job("shortfall_notices", "shortfall", _previous_quarter(_today()))


def annual_assessment() -> bool:
    return _document_job("annual_assessment", "annual", parse_period(str(_today().year - 1)))


def _store(settings: Settings) -> Store:
    return Store(settings.storage_dir)


def county_reminders() -> bool:
    today = _today()
    return _guarded("county_reminders", f"{today:%Y-%m}", lambda session, settings, now:
                    reminders.county_reminders(session, settings, _store(settings), today))


def section_reminders() -> bool:
    month = _previous_month(_today())
    return _guarded("section_reminders", month.label, lambda session, settings, now:
                    reminders.section_reminders(session, settings, _store(settings), month))


def request_reminders() -> bool:
    return _guarded("request_reminders", _today().isoformat(), lambda session, settings, now:
                    reminders.request_reminders(session, settings, _store(settings), now))


def routing_retrain() -> bool:
    """The learned routing from the final routes so far; intake takes it from its next batch."""
    def work(session: Session, settings: Settings, now: datetime) -> int:
        model = retrain(session, settings)
        return sum(model.examples.values()) if model is not None else 0

    return _guarded("routing_retrain", _today().isoformat(), work)


def backup() -> bool:
    """Tonight's archive, then the oldest beyond ``backup.keep`` removed. The job's own
    transaction has only read when the archive is written, so intake keeps writing."""
    from daemon import backup as archives

    context = runtime()
    settings = context.settings
    out = settings.resolve(settings.backup.dir)

    def work(session: Session, settings: Settings, now: datetime) -> str:
        made = archives.backup(settings, settings.config_file, out, now)
        removed = archives.prune(out, settings.backup.keep)
        return f"{made.path.name}:{made.files}files:-{len(removed)}"

    return _guarded("backup", _today().isoformat(), work)


# job id -> (function, grace kind); the id is also the ScheduleSettings field
JOBS: dict[str, tuple[Callable[[], bool], str]] = {
    "monthly_statistics": (monthly_statistics, "documents"),
    "quarterly_notice": (quarterly_notice, "documents"),
    "shortfall_notices": (shortfall_notices, "documents"),
    "annual_assessment": (annual_assessment, "documents"),
    "county_reminders": (county_reminders, "reminders"),
    "section_reminders": (section_reminders, "reminders"),
    "request_reminders": (request_reminders, "reminders"),
    "routing_retrain": (routing_retrain, "reminders"),
    "backup": (backup, "backup"),
}


# -- wiring ----------------------------------------------------------------------------


def _trigger(settings: Settings, job_id: str) -> CronTrigger:
    return CronTrigger.from_crontab(getattr(settings.schedules, job_id), timezone=settings.timezone)


def _grace_seconds(settings: Settings, kind: str) -> int:
    days = getattr(settings.schedules, f"{kind}_grace_days")
    return int(days * 86400)


def start_scheduler(settings: Settings, factory: sessionmaker[Session],
                    clock: Callable[[], datetime] = utcnow) -> BackgroundScheduler:
    """Start the scheduler on the settings' database, stored jobs kept (see module doc)."""
    global _runtime
    _runtime = Runtime(settings, factory, clock)
    scheduler = BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=make_engine(settings.database_url),
                                                 tablename=JOBSTORE_TABLE)},
        # one job at a time: they share the database and SQLite has one writer
        executors={"default": ThreadPoolExecutor(1)},
        job_defaults={"coalesce": True, "max_instances": 1},
        timezone=settings.timezone,
    )
    # Paused, so no stored job fires before the config's schedules are reconciled.
    scheduler.start(paused=True)
    wanted = {j: v for j, v in JOBS.items() if j != "backup" or settings.backup.scheduled}
    for stored in scheduler.get_jobs():
        if stored.id not in wanted:
            stored.remove()
    for job_id, (function, grace_kind) in wanted.items():
        trigger = _trigger(settings, job_id)
        grace = _grace_seconds(settings, grace_kind)
        stored = scheduler.get_job(job_id)
        if stored is None:
            scheduler.add_job(f"{__name__}:{function.__name__}", trigger, id=job_id, name=job_id,
                              misfire_grace_time=grace)
            continue
        if repr(stored.trigger) != repr(trigger):
            stored.reschedule(trigger)
        if stored.misfire_grace_time != grace:
            stored.modify(misfire_grace_time=grace)
    scheduler.resume()
    for job in scheduler.get_jobs():
        log.info(kv("job_scheduled", job=job.id, next_run=job.next_run_time.isoformat()))
    return scheduler


def run_scheduler(settings: Settings, factory: sessionmaker[Session],
                  stop: threading.Event) -> None:
    """The scheduler service of ``govinfo run``: until ``stop`` is set."""
    scheduler = start_scheduler(settings, factory)
    try:
        stop.wait()
    finally:
        scheduler.shutdown(wait=True)
