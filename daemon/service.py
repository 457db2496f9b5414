"""The long-running daemon: read every mailbox, wait (IDLE or a poll interval), repeat.

Network failures close the connection and reconnect with exponential backoff; a stop
request (SIGTERM/SIGINT) lets the message in hand commit, then returns.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date

from sqlalchemy.orm import Session, sessionmaker

from daemon.config import MailboxSettings, Settings
from daemon.db import transaction
from daemon.intake.lock import MailboxLease
from daemon.intake.reader import Intake, PassResult, ReadOptions
from daemon.logs import kv
from daemon.mailbox.base import Source
from daemon.mailbox.imap import NETWORK_ERRORS, ImapSource
from daemon.outbox.delivery import run_delivery
from daemon.outbox.delivery import wake as delivery_wake
from daemon.outbox.notices import notify_calendar_missing
from daemon.requests import mark_missed
from daemon.storage import Store
from daemon.timeutil import local, utcnow
from daemon.workdays import load_calendar, missing_year_message

log = logging.getLogger(__name__)

BACKOFF_START = 1.0
BACKOFF_MAX = 300.0


class MailboxWorker:
    """One configured mailbox: its connection, lease and reconnect backoff."""

    def __init__(
        self,
        intake: Intake,
        mailbox: MailboxSettings,
        factory: sessionmaker[Session],
        source_factory: Callable[[MailboxSettings], Source] = ImapSource,
    ) -> None:
        self.intake = intake
        self.mailbox = mailbox
        self.options = ReadOptions.of(mailbox)
        self.lease = MailboxLease(factory, mailbox.name, mailbox.lock_seconds)
        self.source_factory = source_factory
        self.source: Source | None = None
        self.uidvalidity = 0
        self.backoff = BACKOFF_START

    def step(self, stop: threading.Event) -> PassResult | None:
        """One pass; None when the lease is elsewhere or the network failed."""
        if not self.lease.acquire():
            log.info(kv("mailbox_busy", mailbox=self.mailbox.name,
                        holder=self.lease.current_holder()))
            return None
        try:
            if self.source is None:
                source = self.source_factory(self.mailbox)
                self.uidvalidity = source.open()
                self.source = source
            result = self.intake.read_pass(
                self.source, self.uidvalidity, self.options, stop, keep_lease=self.lease.acquire
            )
        except NETWORK_ERRORS as exc:
            self.disconnect()
            log.warning(kv("imap_error", mailbox=self.mailbox.name, error=type(exc).__name__,
                           detail=str(exc)[:200], retry_in=self.backoff))
            stop.wait(self.backoff)
            self.backoff = min(self.backoff * 2, BACKOFF_MAX)
            return None
        self.backoff = BACKOFF_START
        if result.total():
            log.info(kv("pass", mailbox=self.mailbox.name,
                        **{k: v for k, v in sorted(result.counts.items())}))
        return result

    def wait(self, stop: threading.Event) -> None:
        if self.source is None:
            stop.wait(self.mailbox.poll_interval)
            return
        try:
            self.source.wait(self.mailbox.poll_interval, stop)
        except NETWORK_ERRORS as exc:
            log.warning(kv("imap_error", mailbox=self.mailbox.name, error=type(exc).__name__,
                           detail=str(exc)[:200]))
            self.disconnect()

    def disconnect(self) -> None:
        if self.source is not None:
            self.source.close()
            self.source = None

    def close(self) -> None:
        self.disconnect()
        self.lease.release()


Service = Callable[[Settings, sessionmaker[Session], threading.Event], None]


def background_services() -> list[Service]:
    """What runs beside intake in `govinfo run`, each in its own thread until stop is set."""
    from daemon.intake.evidence_reader import run_evidence_reader  # OCR; off when [ocr] enabled = false
    from daemon.jobs import run_scheduler  # APScheduler loads with the daemon only
    from daemon.web.server import run_web  # the console; does nothing when [web] enabled = false

    return [run_delivery, run_scheduler, run_web, run_evidence_reader]


def run_daemon(settings: Settings, factory: sessionmaker[Session], stop: threading.Event) -> None:
    """Intake in the main thread (its time limit needs SIGALRM); services beside it."""
    threads = [
        threading.Thread(target=service, args=(settings, factory, stop), name=service.__name__,
                         daemon=True)
        for service in background_services()
    ]
    for thread in threads:
        thread.start()
    try:
        run_intake(settings, factory, stop)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=8)


class CalendarWatch:
    """Warn at start and once a day while the working-day calendar misses the coming weeks,
    and mail the office once per missing year (the outbox's dedupe key).

    chinesecalendar only knows years published before its release; deadlines that fall in
    an unknown year are not guessed until the office imports the year's notice. The check
    reads the imported notices every time, so an import silences it from the next day on.
    """

    def __init__(self, settings: Settings, factory: sessionmaker[Session], store: Store) -> None:
        self.settings = settings
        self.factory = factory
        self.store = store
        self.days = settings.timeliness.calendar_warning_days
        self.warned_on: date | None = None

    def check(self, today: date | None = None) -> date | None:
        today = today or local(utcnow(), self.settings.timezone).date()
        if self.warned_on == today:
            return None
        self.warned_on = today
        with transaction(self.factory) as session:
            missing = load_calendar(session, self.settings).uncovered_within(today, self.days)
            if missing is None:
                return None
            mailed = notify_calendar_missing(session, self.settings, self.store, missing) is not None
        log.warning(kv("calendar_uncovered", first_day=missing.isoformat(), year=missing.year,
                       days=self.days, mailed=mailed, message=missing_year_message(missing.year)))
        return missing


def run_intake(
    settings: Settings,
    factory: sessionmaker[Session],
    stop: threading.Event,
    source_factory: Callable[[MailboxSettings], Source] = ImapSource,
) -> None:
    intake = Intake(settings, factory, on_filed=delivery_wake)
    workers = [MailboxWorker(intake, m, factory, source_factory) for m in settings.mailboxes]
    log.info(kv("daemon_start", mailboxes=len(workers)))
    calendar = CalendarWatch(settings, factory, intake.store)
    try:
        while not stop.is_set():
            calendar.check()
            for worker in workers:
                if stop.is_set():
                    break
                worker.step(stop)
            if stop.is_set():
                break
            with transaction(factory) as session:
                mark_missed(session, settings, intake.store, utcnow())
            if len(workers) == 1:
                workers[0].wait(stop)  # IDLE where the server offers it
            else:
                stop.wait(min(w.mailbox.poll_interval for w in workers) if workers else 60)
    finally:
        for worker in workers:
            worker.close()
        intake.close()
        log.info(kv("daemon_stop"))
