"""Deliver due outbound mail through SMTP, at least once, never twice at the same time.

Guarantee
---------
Delivery is **at least once**. A row becomes ``sent`` (with ``sent_at``) only in a commit
made after the SMTP server answered 250 to the message's DATA. Before a message is
handed to the server its row is *claimed* in a commit of its own: the attempt is counted
and ``next_attempt_at`` moved to when a retry would be due. So the only way a message
reaches the server twice is a crash (or a lost database connection) between the
server's acceptance and the commit of ``sent``; the claim then makes the row due again
after ``retry_base_seconds``, and the repeat is the same stored bytes with the **same
Message-ID** (fixed at enqueue), which lets the recipient's mail system recognise it.
Two delivering processes never send the same row concurrently: the claim is a
conditional UPDATE that only one of them wins.

Outcomes per row
----------------
- accepted (250): ``sent``; recipients the server refused are noted in ``last_error``.
- 4xx, a refused connection, TLS or login failure, a dropped connection: ``pending``
  again with exponential backoff (``retry_base_seconds`` doubled per attempt, at most
  ``retry_max_seconds``); after ``max_attempts`` attempts ``failed``.
- 5xx (every recipient refused, sender refused, message rejected): ``failed`` with the
  server's reply in ``last_error``.
- over ``daily_cap_per_recipient`` for any of its recipients today (office time zone):
  ``capped`` with ``next_attempt_at`` at the next local midnight, when it is due again
  like a pending row. A capped wait costs no attempt.
"""

from __future__ import annotations

import logging
import smtplib
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parseaddr

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from daemon.config import ConfigError, Settings, SmtpSettings
from daemon.db import transaction
from daemon.logs import kv
from daemon.models import Outbound
from daemon.storage import Store
from daemon.timeutil import local, start_of_day, utcnow
from daemon.tls import ssl_context

log = logging.getLogger(__name__)

DUE_STATES = ("pending", "capped")
# what a dead or unreachable server raises; smtplib.SMTPException covers protocol errors
CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    OSError,  # refused, reset, timeout, ssl.SSLError
    smtplib.SMTPException,
    ConfigError,  # the password's source is missing: as good as a failed login
)


@dataclass(frozen=True)
class Outcome:
    state: str  # sent | retry | failed
    error: str | None = None
    connection_lost: bool = False


def backoff(settings: Settings, attempts: int) -> timedelta:
    """Delay before the next attempt once ``attempts`` attempts were made."""
    box = settings.outbox
    seconds = box.retry_base_seconds * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, box.retry_max_seconds))


def open_smtp(smtp: SmtpSettings) -> smtplib.SMTP:
    """A logged-in SMTP session; certificates are verified, ``ca_file`` trusted too."""
    context = ssl_context(str(smtp.ca_file) if smtp.ca_file else None)
    # gethostname(): smtplib's default getfqdn() may wait on DNS for seconds
    helo = socket.gethostname()
    client: smtplib.SMTP
    if smtp.tls == "implicit":
        client = smtplib.SMTP_SSL(smtp.host, smtp.port, local_hostname=helo,
                                  timeout=smtp.timeout, context=context)
    else:
        client = smtplib.SMTP(smtp.host, smtp.port, local_hostname=helo, timeout=smtp.timeout)
    try:
        client.ehlo()
        if smtp.tls == "starttls":
            client.starttls(context=context)
            client.ehlo()
        if smtp.username:
            password = smtp.password()
            if not password.isascii():  # smtplib would raise UnicodeEncodeError mid-AUTH
                raise ConfigError("smtp.password_env", "SMTP 授权码只能包含 ASCII 字符")
            client.login(smtp.username, password)
    except BaseException:
        client.close()
        raise
    return client


def _describe(exc: BaseException) -> str:
    """The error for last_error and the log: the server's reply, never a credential."""
    if isinstance(exc, smtplib.SMTPResponseException):
        text = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) \
            else str(exc.smtp_error)
        return f"{exc.smtp_code} {text}"[:500]
    return f"{type(exc).__name__}: {exc}"[:500]


def _send(client: smtplib.SMTP, sender: str, row: Outbound, raw: bytes) -> Outcome:
    try:
        refused = client.sendmail(sender, list(row.recipients), raw)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _ in exc.recipients.values()]
        detail = "; ".join(f"{rcpt}: {code} {msg.decode('utf-8', 'replace')}"
                           for rcpt, (code, msg) in exc.recipients.items())[:500]
        return Outcome("failed" if all(c >= 500 for c in codes) else "retry", detail)
    except smtplib.SMTPServerDisconnected as exc:
        return Outcome("retry", _describe(exc), connection_lost=True)
    except smtplib.SMTPResponseException as exc:  # sender refused, DATA refused, 421 …
        lost = exc.smtp_code == 421  # the server closes the session after 421
        return Outcome("failed" if exc.smtp_code >= 500 else "retry", _describe(exc), lost)
    except (OSError, smtplib.SMTPException) as exc:
        return Outcome("retry", _describe(exc), connection_lost=True)
    if refused:
        note = "; ".join(f"{rcpt}: {code} {msg.decode('utf-8', 'replace')}"
                         for rcpt, (code, msg) in refused.items())
        return Outcome("sent", f"部分收件人被拒收：{note}"[:500])
    return Outcome("sent")


def _sent_today(session: Session, settings: Settings, now: datetime) -> Counter[str]:
    midnight = start_of_day(local(now, settings.timezone).date(), settings.timezone)
    counts: Counter[str] = Counter()
    for recipients in session.scalars(
        select(Outbound.recipients).where(Outbound.sent_at >= midnight, Outbound.sent_at <= now)
    ):
        counts.update(recipients)
    return counts


def _plan(settings: Settings, factory: sessionmaker[Session], now: datetime,
          counts: Counter[str]) -> list[int]:
    """Ids of the due rows to try now; rows over a recipient's daily cap become capped."""
    cap = settings.outbox.daily_cap_per_recipient
    tomorrow = start_of_day(local(now, settings.timezone).date() + timedelta(days=1),
                            settings.timezone)
    with transaction(factory) as session:
        due = session.scalars(
            select(Outbound)
            .where(Outbound.state.in_(DUE_STATES), Outbound.next_attempt_at <= now)
            .order_by(Outbound.next_attempt_at, Outbound.id)
            .limit(settings.outbox.batch_size)
        ).all()
        if not due:
            return []
        received = _sent_today(session, settings, now)
        chosen = []
        for row in due:
            over = [r for r in row.recipients if received[r] >= cap]
            if over:
                row.state, row.next_attempt_at = "capped", tomorrow
                row.last_error = f"已达每日上限（{cap} 封）：{'、'.join(over)}，次日发送"
                counts["capped"] += 1
                log.warning(kv("outbox_capped", outbox=row.id, kind=row.kind, cap=cap,
                               recipients=len(over)))
                continue
            received.update(row.recipients)  # counted as if sent, so the cap holds in a batch
            chosen.append(row.id)
        return chosen


def _claim(settings: Settings, factory: sessionmaker[Session], row_id: int,
           now: datetime) -> Outbound | None:
    """Count the attempt and schedule the retry before sending; None if another sender won."""
    with transaction(factory) as session:
        row = session.get(Outbound, row_id)
        if row is None or row.state not in DUE_STATES or row.next_attempt_at > now:
            return None
        attempts = row.attempts
        won = session.execute(
            update(Outbound)
            .where(Outbound.id == row_id, Outbound.attempts == attempts,
                   Outbound.state.in_(DUE_STATES))
            .values(attempts=attempts + 1, state="pending",
                    next_attempt_at=now + backoff(settings, attempts + 1))
            .execution_options(synchronize_session=False)
        ).rowcount
        if won != 1:
            return None
        session.refresh(row)
        return row


def _record(settings: Settings, factory: sessionmaker[Session], row_id: int, outcome: Outcome,
            now: datetime) -> str:
    """Store the outcome; returns the row's resulting state."""
    with transaction(factory) as session:
        row = session.get(Outbound, row_id)
        assert row is not None
        row.last_error = outcome.error
        if outcome.state == "sent":
            row.state, row.sent_at = "sent", now
        elif outcome.state == "failed" or row.attempts >= settings.outbox.max_attempts:
            row.state = "failed"
        # a retry keeps the next_attempt_at its claim set
        state, fields = row.state, dict(outbox=row.id, kind=row.kind, attempts=row.attempts,
                                        message_id=row.message_id)
    if state == "sent":
        log.info(kv("outbox_sent", **fields, note=outcome.error))
    else:
        log.warning(kv("outbox_failed" if state == "failed" else "outbox_retry", **fields,
                       error=outcome.error))
    return "retry" if state == "pending" else state


def deliver_due(
    settings: Settings, factory: sessionmaker[Session], store: Store, now: datetime | None = None
) -> Counter[str]:
    """One pass: send the rows due at ``now`` in one SMTP session; counts by outcome.

    Keys: ``sent``, ``retry``, ``failed``, ``capped``. See the module docstring for the
    delivery guarantee.
    """
    now = now or utcnow()
    counts: Counter[str] = Counter()
    planned = _plan(settings, factory, now, counts)
    if not planned:
        return counts
    sender = parseaddr(settings.smtp.from_)[1]
    client: smtplib.SMTP | None = None
    unreachable: str | None = None
    try:
        client = open_smtp(settings.smtp)
    except CONNECTION_ERRORS as exc:
        unreachable = _describe(exc)
        log.error(kv("smtp_unavailable", host=settings.smtp.host, port=settings.smtp.port,
                     error=unreachable))
    try:
        for row_id in planned:
            row = _claim(settings, factory, row_id, now)
            if row is None:
                continue
            if client is None:
                # every due row waits out its backoff: a dead server is not hammered
                outcome = Outcome("retry", unreachable)
            else:
                outcome = _send(client, sender, row, store.get("outbox", row.raw_sha256, ".eml"))
                if outcome.connection_lost:
                    client.close()
                    client, unreachable = None, outcome.error
            counts[_record(settings, factory, row_id, outcome, now)] += 1
    finally:
        if client is not None:
            try:
                client.quit()
            except CONNECTION_ERRORS:
                client.close()
    return counts


# Set by wake(): mail was committed to the outbox in this process, deliver without
# waiting out poll_seconds (an acknowledgement then follows its item within a second).
_enqueued = threading.Event()
WAKE_SLICE = 0.1  # seconds between looks at stop and wake-ups while pausing
MIN_GAP = 1.0  # seconds between passes at the least: a bulk intake wakes us per message


def wake() -> None:
    """Ask this process's delivery thread for a pass now; call after the commit."""
    _enqueued.set()


def _pause(stop: threading.Event, seconds: float) -> None:
    """Until ``seconds`` pass, stop is set, or (after MIN_GAP) mail was enqueued."""
    start = time.monotonic()
    while not stop.is_set():
        elapsed = time.monotonic() - start
        if elapsed >= seconds or (elapsed >= MIN_GAP and _enqueued.is_set()):
            break
        stop.wait(WAKE_SLICE)
    _enqueued.clear()


def backlog_waiting(settings: Settings, counts: Counter[str]) -> bool:
    """A pass took a full batch and the server took it well: more may be due right now.

    A 4xx or a lost connection (``retry``) means wait out the poll interval as usual;
    capped rows are counted, so a backlog held back by the daily cap moves on to rows
    for other recipients, and ends once the cap has moved every capped row to tomorrow.
    """
    handled = counts["sent"] + counts["failed"] + counts["capped"]
    return counts["retry"] == 0 and handled >= settings.outbox.batch_size


def drain(settings: Settings, factory: sessionmaker[Session], store: Store,
          stop: threading.Event | None = None) -> Counter[str]:
    """Passes until one leaves no full batch behind (backlog_waiting); summed counts."""
    total: Counter[str] = Counter()
    while True:
        counts = deliver_due(settings, factory, store)
        if counts:
            log.info(kv("outbox_pass", **dict(sorted(counts.items()))))
        total.update(counts)
        if not backlog_waiting(settings, counts) or (stop is not None and stop.is_set()):
            return total


def run_delivery(settings: Settings, factory: sessionmaker[Session], stop: threading.Event) -> None:
    """The daemon's delivery thread: a drain every ``outbox.poll_seconds``, or soon after
    wake(), until stopped."""
    store = Store(settings.storage_dir)
    log.info(kv("outbox_start", poll_seconds=settings.outbox.poll_seconds))
    while not stop.is_set():
        try:
            drain(settings, factory, store, stop)
        except Exception:  # a database hiccup must not end delivery for the daemon's life
            log.exception(kv("outbox_pass_failed"))
        _pause(stop, settings.outbox.poll_seconds)
