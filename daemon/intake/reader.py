"""One pass over a mailbox: compare the server's UIDs with the ledger, file what is new.

The ledger (table ``messages``) is the position: a UID is done once its row commits, in
the same transaction as its item. Every pass diffs the server's UID list against it, so a
message skipped for any reason is picked up later, and a crash re-reads at most the
message in hand. The raw bytes are stored before the transaction, so nothing is lost.

A FETCH batch is parsed before any of it is filed, so that the Word/WPS documents of the
whole batch go to LibreOffice in one call (its start-up, about 1 s, dominated intake when
paid per message); then each message is stored, decided and committed in UID order. The
next batch is fetched and parsed before this one is filed, so that its LibreOffice call
runs on another core while we file.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select, update
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
from daemon.parsing.message import parse_message
from daemon.parsing.model import ParsedMessage
from daemon.storage import Store
from daemon.timeutil import local, start_of_day, utcnow
from daemon.workdays import WorkCalendar, load_calendar

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
# a message parsed ahead of filing: its result, None (parse it when filing), or its failure
Parsed = ParsedMessage | Exception | None


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
    """A FETCH batch parsed ahead of filing, its documents in LibreOffice meanwhile."""

    fetched: list[FetchedMessage]
    parsed: list[Parsed]
    conversion: office.SharedConversion


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

    # -- one message -----------------------------------------------------------------

    def _parse(self, raw: bytes) -> ParsedMessage:
        self.workdir.mkdir(parents=True, exist_ok=True)
        return parse_message(raw, self.settings.parsing, self.workdir, self.roster)

    def _analyse(
        self, raw: bytes, received_at: datetime, limit: float, parsed: ParsedMessage | None
    ) -> tuple[ParsedMessage, Decision]:
        day = local(received_at, self.settings.timezone).date()
        requests = self._requests.get(day)
        if requests is None or self._calendar is None:
            with self.factory() as session:
                if requests is None:
                    requests = self._requests[day] = open_requests(session, day, self.settings.timezone)
                if self._calendar is None:
                    self._calendar = load_calendar(session, self.settings)
        calendar = self._calendar
        with time_limit(limit):
            if parsed is None:
                parsed = self._parse(raw)
            return parsed, decide(self.settings, parsed, received_at, requests, calendar, self._learned)

    def _prepare(
        self, source: Source, uids: list[int], options: ReadOptions,
        stop: threading.Event | None,
    ) -> _Batch | None:
        """Fetch and parse a batch, and start LibreOffice on all its waiting documents.

        Per message: the ParsedMessage; None when it waits for LibreOffice (ingest parses
        it again after the conversion and finds its text); or the exception that will
        quarantine it. None for the whole batch when stop was set: nothing of it is filed.
        """
        fetched = list(source.fetch(uids))
        conversion = office.SharedConversion(self.settings.parsing, self.workdir)
        parsed: list[Parsed] = []
        with office.sharing(conversion):
            for message in fetched:
                if stop is not None and stop.is_set():
                    return None
                try:
                    with time_limit(options.message_time_limit):
                        parsed.append(self._parse(message.raw))
                except office.Deferred:
                    parsed.append(None)
                except Exception as exc:
                    parsed.append(exc)
        conversion.start()
        return _Batch(fetched, parsed, conversion)

    def ingest(
        self, options: ReadOptions, uidvalidity: int, fetched: FetchedMessage,
        parsed: Parsed = None,
    ) -> Message:
        raw_sha = self.store.put_raw_message(fetched.raw)
        record = Message(
            mailbox=options.name,
            uidvalidity=uidvalidity,
            uid=fetched.uid,
            sha256=raw_sha,
            body_sha256=body_digest(fetched.raw),
            size=len(fetched.raw),
            received_at=fetched.internaldate,
            read_at=utcnow(),
            disposition="quarantined",
            attempts=0,
        )
        return self._process(options, record, fetched.raw, is_new=True, parsed=parsed)

    def _process(
        self, options: ReadOptions, record: Message, raw: bytes, is_new: bool,
        parsed: Parsed = None,
    ) -> Message:
        received = record.received_at or utcnow()
        try:
            if isinstance(parsed, Exception):
                raise parsed
            parsed, decision = self._analyse(raw, received, options.message_time_limit, parsed)
        except Exception as exc:
            return self._quarantine(options, record, exc, is_new)
        try:
            with transaction(self.factory) as session:
                if is_new:
                    session.add(record)
                else:
                    record = session.merge(record)
                write(session, self.settings, self.store, record, parsed, decision)
                _advance(session, options.name, record.uidvalidity, record.uid)
        except Exception as exc:
            return self._quarantine(options, record, exc, is_new)
        if record.disposition == "filed" and self.on_filed is not None:
            self.on_filed()
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

    def _quarantine(
        self, options: ReadOptions, record: Message, exc: Exception, is_new: bool
    ) -> Message:
        reason = f"{type(exc).__name__}: {exc}"[:1000]
        log.error(
            kv("quarantined", mailbox=options.name, uid=record.uid, sha256=record.sha256,
               error=reason),
            exc_info=not isinstance(exc, (TimeoutError,)),
        )
        with transaction(self.factory) as session:
            if is_new:
                row = Message(
                    **{c: getattr(record, c) for c in _LEDGER_COLUMNS},
                    disposition="quarantined",
                    attempts=0,
                )
                session.add(row)
            else:
                row = session.get(Message, record.id)
                assert row is not None
            row.attempts = (row.attempts or 0) + 1
            row.disposition, row.reason, row.item_id = "quarantined", reason, None
            delay = options.retry_base_seconds * 2 ** (row.attempts - 1)
            row.next_attempt_at = utcnow() + timedelta(seconds=delay)
            _advance(session, options.name, row.uidvalidity, row.uid)
        return row

    def retry(self, options: ReadOptions, record: Message) -> Message:
        """Process a quarantined message again from its stored raw bytes."""
        if not record.sha256 or not self.store.has("raw", record.sha256, ".eml"):
            raise FileNotFoundError(f"原始邮件不存在：{record.sha256}")
        return self._process(options, record, self.store.raw_message(record.sha256), is_new=False)

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
        try:
            for index, uids in enumerate(chunks):
                batch, ahead = ahead or self._prepare(source, uids, options, stop), None
                if batch is not None and index + 1 < len(chunks):
                    # parsed now, so that its LibreOffice call runs while this batch is filed
                    ahead = self._prepare(source, chunks[index + 1], options, stop)
                if batch is None or (stop is not None and stop.is_set()):
                    return result
                batch.conversion.finish()
                self._learned = route_learning.current()
                self._forget_batch()
                with office.sharing(batch.conversion):
                    for message, early in zip(batch.fetched, batch.parsed, strict=True):
                        if keep_lease is not None and (
                            time.monotonic() - renewed >= options.lease_renew_seconds
                        ):
                            if not keep_lease():
                                log.warning(kv("lease_lost", mailbox=options.name))
                                return result
                            renewed = time.monotonic()
                        record = self.ingest(options, uidvalidity, message, early)
                        result.add(record.disposition)
                        done += 1
                        if progress is not None:
                            progress(done, len(new))
                        if stop is not None and stop.is_set():
                            return result  # the message in hand is committed; the rest waits
        finally:
            for pending in (batch, ahead):
                if pending is not None:
                    pending.conversion.cancel()  # a soffice still running for nothing
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


_LEDGER_COLUMNS = (
    "mailbox",
    "uidvalidity",
    "uid",
    "sha256",
    "body_sha256",
    "size",
    "received_at",
    "read_at",
    "message_id",
)


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
