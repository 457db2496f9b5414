"""One pass over a mailbox: compare the server's UIDs with the ledger, file what is new.

The ledger (table ``messages``) is the position. Every pass diffs the server's UID list
against it, so a message skipped for any reason is picked up later. Before anything reads
a message's attachments, its raw bytes are stored and its ledger row is written as
``in_progress`` (one transaction per FETCH batch); filing then completes that row in the
same transaction as its item, so a crash at any point leaves the mail on disk and in the
ledger, never lost.

Attachments are read in extraction workers (daemon/parsing/workers.py), separate
processes with a memory cap, while the daemon files the batch before: a FETCH batch is
fetched, its rows written, its MIME structure read here, and its attachments handed to
the workers; then the previous batch is filed, each message in UID order in its own
transaction, waiting for its attachments' text if it is not there yet. A worker that dies
on a message (memory cap, time limit) fails that message alone: it is quarantined with
the reason (内存超限, 超时), and the others of the batch are filed in the same pass.

Should the daemon itself die (a memory limit around the whole process), the next pass
finds the batch's rows still ``in_progress`` and reads them again one at a time, each
claimed first; a row found in progress after it was claimed is the one that killed the
daemon and is quarantined without being read again. No message blocks the mailbox for
more than one pass.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from daemon.config import MailboxSettings, Settings
from daemon.db import transaction
from daemon.intake import route_learning, route_training
from daemon.intake.filing import Decision, body_digest, decide, roster_of, write
from daemon.intake.requests import open_requests
from daemon.intake.timelimit import time_limit
from daemon.intake.verdict import OpenRequest
from daemon.logs import kv
from daemon.mailbox.base import FetchedMessage, Source
from daemon.models import MailboxState, Message
from daemon.parsing import office
from daemon.parsing.attachments import Extracted, attach
from daemon.parsing.message import Reading, finish_message, read_message
from daemon.parsing.model import ParsedMessage
from daemon.parsing.workers import ExtractionFailed, ExtractionPool
from daemon.storage import Store
from daemon.timeutil import local, start_of_day, utcnow
from daemon.workdays import WorkCalendar, load_calendar

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
# a message read ahead of filing, or the failure that will quarantine it
Read = Reading | Exception
INTERRUPTED = "处理中断：读取这封邮件时守护进程终止（可能内存超限），已隔离，不再自动读取"
# Read alone this many times with the process dying each time, a message is taken to be
# what kills it. Once is chance: a restart loop or a busy machine's OOM killer can land on
# an innocent message (the soak's random SIGKILLs did, twice running).
DEADLY_ATTEMPTS = 3


@dataclass(frozen=True)
class ReadOptions:
    """How one mailbox is read; built from its MailboxSettings (the demo uses defaults)."""

    name: str
    since: date | None = None
    batch_size: int = 20
    message_time_limit: float = 120.0
    max_attempts: int = 5
    retry_base_seconds: float = 60.0
    # The lease is renewed when this much time has passed since the last renewal, not
    # per message (a write transaction each): a tenth of its length leaves ample margin.
    lease_renew_seconds: float = 30.0

    @classmethod
    def of(cls, mailbox: MailboxSettings, since: date | None = None) -> ReadOptions:
        return cls(
            name=mailbox.name,
            since=since or mailbox.since,
            batch_size=mailbox.batch_size,
            message_time_limit=mailbox.message_time_limit,
            max_attempts=mailbox.max_attempts,
            retry_base_seconds=mailbox.retry_base_seconds,
            lease_renew_seconds=mailbox.lock_seconds / 10,
        )


@dataclass
class PassResult:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, disposition: str) -> None:
        self.counts[disposition] = self.counts.get(disposition, 0) + 1

    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class _Batch:
    """A FETCH batch read ahead of filing, its attachments in the workers meanwhile."""

    records: list[Message]  # ledger rows, in progress
    readings: list[Read]
    extracted: dict[int, Future[list[Extracted]]]  # by ledger row id


class Intake:
    """Everything filing needs that outlives one message."""

    def __init__(self, settings: Settings, factory: sessionmaker[Session],
                 on_filed: Callable[[], None] | None = None) -> None:
        self.settings = settings
        self.factory = factory
        # called after an item's commit (its acknowledgement is in the outbox); the daemon
        # passes the delivery thread's wake-up, so intake never reaches into delivery
        self.on_filed = on_filed
        self.store = Store(settings.storage_dir)
        self.workdir = settings.storage_dir / "tmp"
        # LibreOffice folders of calls killed with their process in an earlier run
        removed = office.remove_leftovers(self.workdir)
        if removed:
            log.info(kv("soffice_leftovers_removed", count=removed))
        self._pool: ExtractionPool | None = None
        self.roster = roster_of(settings)
        # open requests by arrival day, read once per batch rather than per message: a
        # request registered meanwhile is seen from the next batch on
        self._requests: dict[date, tuple[OpenRequest, ...]] = {}
        # the learned routing, trained at start; the nightly job installs a new one, taken
        # up from the next batch on
        with self.factory() as session:
            route_training.retrain(session, settings)
        self._learned = route_learning.current()
        # the working-day calendar, likewise: a notice imported meanwhile counts from the next batch
        self._calendar: WorkCalendar | None = None

    def _forget_batch(self) -> None:
        self._requests.clear()
        self._calendar = None

    @property
    def pool(self) -> ExtractionPool:
        """Started on first use: a pass over an empty mailbox starts no worker."""
        if self._pool is None:
            self._pool = ExtractionPool(self.settings.parsing, self.workdir)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None

    def __enter__(self) -> Intake:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one message -----------------------------------------------------------------

    def _read(self, raw: bytes, limit: float) -> Read:
        try:
            with time_limit(limit):
                return read_message(raw, self.settings.parsing)
        except Exception as exc:
            return exc

    def _extract(self, records: list[Message], readings: list[Read],
                 limit: float) -> dict[int, Future[list[Extracted]]]:
        self.workdir.mkdir(parents=True, exist_ok=True)
        jobs = [(record.id, list(reading.attachments))
                for record, reading in zip(records, readings, strict=True)
                if isinstance(reading, Reading) and reading.attachments]
        return self.pool.submit(jobs, limit)

    def _analyse(
        self, record: Message, reading: Read, extracted: Future[list[Extracted]] | None,
        limit: float,
    ) -> tuple[ParsedMessage, Decision]:
        if isinstance(reading, Exception):
            raise reading
        results = extracted.result() if extracted is not None else []
        received = record.received_at or utcnow()
        day = local(received, self.settings.timezone).date()
        requests = self._requests.get(day)
        if requests is None or self._calendar is None:
            with self.factory() as session:
                if requests is None:
                    requests = self._requests[day] = open_requests(session, day, self.settings.timezone)
                if self._calendar is None:
                    self._calendar = load_calendar(session, self.settings)
        calendar = self._calendar
        with time_limit(limit):
            parsed = finish_message(reading, attach(list(reading.attachments), results),
                                    self.settings.parsing, self.roster)
            return parsed, decide(self.settings, parsed, received, requests, calendar, self._learned)

    def _begin(self, options: ReadOptions, uidvalidity: int,
               fetched: list[FetchedMessage]) -> list[Message]:
        """Store the batch's raw mail and write its ledger rows as in progress."""
        records = [
            Message(
                mailbox=options.name,
                uidvalidity=uidvalidity,
                uid=message.uid,
                sha256=self.store.put_raw_message(message.raw),
                body_sha256=body_digest(message.raw),
                size=len(message.raw),
                received_at=message.internaldate,
                read_at=utcnow(),
                disposition="in_progress",
                attempts=0,
            )
            for message in fetched
        ]
        with transaction(self.factory) as session:
            session.add_all(records)
        return records

    def _prepare(
        self, source: Source, uidvalidity: int, uids: list[int], options: ReadOptions,
        stop: threading.Event | None,
    ) -> _Batch | None:
        """Fetch a batch, write its ledger rows, read it, and start extracting its files.

        None when stop was set: nothing of the batch was written.
        """
        fetched = list(source.fetch(uids))
        if stop is not None and stop.is_set():
            return None
        records = self._begin(options, uidvalidity, fetched)
        readings = [self._read(message.raw, options.message_time_limit) for message in fetched]
        extracted = self._extract(records, readings, options.message_time_limit)
        return _Batch(records, readings, extracted)

    def ingest(self, options: ReadOptions, uidvalidity: int, fetched: FetchedMessage) -> Message:
        """File one fetched message on its own, as a pass files each of a batch."""
        [record] = self._begin(options, uidvalidity, [fetched])
        return self._alone(options, record, fetched.raw)

    def _alone(self, options: ReadOptions, record: Message, raw: bytes) -> Message:
        """Read, extract and file one message whose ledger row is in progress."""
        reading = self._read(raw, options.message_time_limit)
        extracted = self._extract([record], [reading], options.message_time_limit)
        return self._process(options, record, reading, extracted.get(record.id))

    def _process(
        self, options: ReadOptions, record: Message, reading: Read,
        extracted: Future[list[Extracted]] | None,
    ) -> Message:
        try:
            parsed, decision = self._analyse(record, reading, extracted,
                                             options.message_time_limit)
        except Exception as exc:
            return self._quarantine(options, record, exc)
        try:
            with transaction(self.factory) as session:
                session.add(record)
                write(session, self.settings, self.store, record, parsed, decision)
                _advance(session, options.name, record.uidvalidity, record.uid)
        except Exception as exc:
            return self._quarantine(options, record, exc)
        if record.disposition == "filed" and self.on_filed is not None:
            self.on_filed()  # its acknowledgement is committed: the delivery thread may go
        log.info(
            kv(
                "message",
                mailbox=options.name,
                uid=record.uid,
                disposition=record.disposition,
                item=record.item_id,
                reason=record.reason,
            )
        )
        return record

    def _quarantine(self, options: ReadOptions, record: Message, exc: Exception | str) -> Message:
        if isinstance(exc, str):
            reason, detail = exc, "interrupted"
        elif isinstance(exc, ExtractionFailed):
            reason, detail = exc.reason, exc.detail
        else:
            reason = detail = f"{type(exc).__name__}: {exc}"[:1000]
        log.error(
            kv("quarantined", mailbox=options.name, uid=record.uid, sha256=record.sha256,
               error=detail),
            exc_info=isinstance(exc, Exception)
            and not isinstance(exc, (TimeoutError, ExtractionFailed)),
        )
        with transaction(self.factory) as session:
            row = session.get(Message, record.id)
            assert row is not None
            row.attempts = max(row.attempts or 0, 1)
            row.disposition, row.reason, row.item_id = "quarantined", reason, None
            delay = options.retry_base_seconds * 2 ** (row.attempts - 1)
            # what killed the process is read again only by hand (govinfo messages retry)
            row.next_attempt_at = (None if reason == INTERRUPTED
                                   else utcnow() + timedelta(seconds=delay))
            _advance(session, options.name, row.uidvalidity, row.uid)
        return row

    def _claim(self, record: Message) -> Message:
        """Mark a stored message in progress and count the attempt, before reading it."""
        with transaction(self.factory) as session:
            row = session.get(Message, record.id)
            assert row is not None
            row.disposition, row.attempts = "in_progress", (row.attempts or 0) + 1
        return row

    def retry(self, options: ReadOptions, record: Message) -> Message:
        """Process a stored message again from its raw bytes, alone."""
        if not record.sha256 or not self.store.has("raw", record.sha256, ".eml"):
            raise FileNotFoundError(f"原始邮件不存在：{record.sha256}")
        raw = self.store.raw_message(record.sha256)
        return self._alone(options, self._claim(record), raw)

    def retry_due(self, options: ReadOptions) -> int:
        self._forget_batch()
        with self.factory() as session:
            due = session.scalars(
                select(Message).where(
                    Message.mailbox == options.name,
                    Message.disposition == "quarantined",
                    Message.attempts < options.max_attempts,
                    Message.next_attempt_at <= utcnow(),
                )
            ).all()
        for record in due:
            self.retry(options, record)
        return len(due)

    def recover(self, options: ReadOptions) -> int:
        """Messages a dead process left in progress: read again one by one, claimed first.

        A row already claimed (attempts > 0) was being read alone when the process died.
        Those go last, after the batch's others, so a suspect delays no innocent mail; one
        claimed DEADLY_ATTEMPTS times is quarantined without being read again.
        """
        with self.factory() as session:
            stranded = session.scalars(
                select(Message).where(Message.mailbox == options.name,
                                      Message.disposition == "in_progress")
                .order_by(Message.attempts > 0, Message.uid)
            ).all()
        for record in stranded:
            if record.attempts >= DEADLY_ATTEMPTS:
                self._quarantine(options, record, INTERRUPTED)
            else:
                self.retry(options, record)
        if stranded:
            log.warning(kv("recovered_in_progress", mailbox=options.name, count=len(stranded)))
        return len(stranded)

    def _forget(self, records: list[Message]) -> None:
        """Rows written for a batch that a stop left unread: the next pass fetches them anew."""
        ids = [record.id for record in records]
        if ids:
            with transaction(self.factory) as session:
                session.execute(delete(Message).where(Message.id.in_(ids),
                                                      Message.disposition == "in_progress"))

    # -- one pass --------------------------------------------------------------------

    def read_pass(
        self,
        source: Source,
        uidvalidity: int,
        options: ReadOptions,
        stop: threading.Event | None = None,
        progress: Progress | None = None,
        keep_lease: Callable[[], bool] | None = None,
    ) -> PassResult:
        result = PassResult()
        self._note_uidvalidity(options.name, uidvalidity)
        recovered = self.recover(options)
        if recovered:
            result.counts["recovered"] = recovered
        with self.factory() as session:
            known = set(
                session.scalars(
                    select(Message.uid).where(
                        Message.mailbox == options.name, Message.uidvalidity == uidvalidity
                    )
                )
            )
        new = [uid for uid in source.uids() if uid not in known]
        if options.since is not None and new:
            new = self._ignore_before(source, uidvalidity, options, new, result)
        done = 0
        renewed = -math.inf
        chunks = [new[i : i + options.batch_size] for i in range(0, len(new), options.batch_size)]
        batch: _Batch | None = None
        ahead: _Batch | None = None
        filed = 0
        try:
            for index, uids in enumerate(chunks):
                batch = ahead or self._prepare(source, uidvalidity, uids, options, stop)
                ahead, filed = None, 0
                if batch is not None and index + 1 < len(chunks):
                    # its attachments are read by the workers while this batch is filed
                    ahead = self._prepare(source, uidvalidity, chunks[index + 1], options, stop)
                if batch is None or (stop is not None and stop.is_set()):
                    return result
                self._learned = route_learning.current()
                self._forget_batch()
                for record, reading in zip(batch.records, batch.readings, strict=True):
                    if keep_lease is not None and (
                        time.monotonic() - renewed >= options.lease_renew_seconds
                    ):
                        if not keep_lease():
                            log.warning(kv("lease_lost", mailbox=options.name))
                            return result
                        renewed = time.monotonic()
                    record = self._process(options, record, reading, batch.extracted.get(record.id))
                    filed += 1
                    result.add(record.disposition)
                    done += 1
                    if progress is not None:
                        progress(done, len(new))
                    if stop is not None and stop.is_set():
                        return result  # the message in hand is committed; the rest waits
                batch = None
        finally:
            # a stop or a lost lease: rows of batches not filed are dropped, to be fetched
            # again by the next pass (the raw copies stay in the store, harmless)
            if batch is not None:
                self._forget(batch.records[filed:])
            if ahead is not None:
                self._forget(ahead.records)
        retried = self.retry_due(options)
        if retried:
            result.counts["retried"] = retried
        return result

    def _note_uidvalidity(self, mailbox: str, uidvalidity: int) -> None:
        with transaction(self.factory) as session:
            state = session.get(MailboxState, mailbox)
            if state is None:
                session.add(
                    MailboxState(
                        mailbox=mailbox, uidvalidity=uidvalidity, last_uid=0, updated_at=utcnow()
                    )
                )
            elif state.uidvalidity != uidvalidity:
                # The server renumbered the folder: read it all again; the content hashes
                # in the ledger keep anything from being filed twice.
                log.warning(
                    kv("uidvalidity_changed", mailbox=mailbox, old=state.uidvalidity,
                       new=uidvalidity)
                )
                state.uidvalidity, state.last_uid, state.updated_at = uidvalidity, 0, utcnow()

    def _ignore_before(
        self,
        source: Source,
        uidvalidity: int,
        options: ReadOptions,
        uids: list[int],
        result: PassResult,
    ) -> list[int]:
        assert options.since is not None
        cutoff = start_of_day(options.since, self.settings.timezone)
        dates = source.dates(uids)
        old = [uid for uid in uids if uid in dates and dates[uid] < cutoff]
        if old:
            with transaction(self.factory) as session:
                for uid in old:
                    session.add(
                        Message(
                            mailbox=options.name,
                            uidvalidity=uidvalidity,
                            uid=uid,
                            received_at=dates[uid],
                            read_at=utcnow(),
                            disposition="ignored",
                            reason="before_start",
                            attempts=0,
                        )
                    )
                _advance(session, options.name, uidvalidity, max(old))
            for _ in old:
                result.add("ignored")
        old_set = set(old)
        return [uid for uid in uids if uid not in old_set]


def _advance(session: Session, mailbox: str, uidvalidity: int, uid: int) -> None:
    """Move the mailbox's high-water mark to ``uid``: one UPDATE, as it runs per message."""
    moved = session.execute(
        update(MailboxState)
        .where(MailboxState.mailbox == mailbox, MailboxState.uidvalidity == uidvalidity,
               MailboxState.last_uid < uid)
        .values(last_uid=uid, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount == 0 and session.get(MailboxState, mailbox) is None:
        session.add(
            MailboxState(mailbox=mailbox, uidvalidity=uidvalidity, last_uid=uid,
                         updated_at=utcnow())
        )
