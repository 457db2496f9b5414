"""A lease in the database that keeps two daemons off one mailbox.

It works across hosts on PostgreSQL and across processes on SQLite. A holder that dies
loses the lease when it expires; a live holder renews it while it reads.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import timedelta

from sqlalchemy import delete, or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from daemon.db import transaction
from daemon.models import MailboxLock
from daemon.timeutil import utcnow


def new_holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _holder_is_dead(holder: str) -> bool:
    host, _, rest = holder.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False  # another host: only expiry frees it
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class MailboxLease:
    def __init__(self, factory: sessionmaker[Session], mailbox: str, seconds: float) -> None:
        self.factory = factory
        self.mailbox = mailbox
        self.seconds = seconds
        self.holder = new_holder()

    def acquire(self) -> bool:
        """Take or renew the lease; False when another live holder has it.

        A conditional UPDATE is atomic on SQLite and PostgreSQL alike, so two contenders
        can never both win; the INSERT covers the first use, its unique key the race.
        """
        now = utcnow()
        expires = now + timedelta(seconds=self.seconds)
        try:
            with transaction(self.factory) as session:
                taken = session.execute(
                    update(MailboxLock)
                    .where(
                        MailboxLock.mailbox == self.mailbox,
                        or_(MailboxLock.holder == self.holder, MailboxLock.expires_at <= now),
                    )
                    .values(holder=self.holder, expires_at=expires)
                    .execution_options(synchronize_session=False)
                ).rowcount
                if taken:
                    return True
                row = session.get(MailboxLock, self.mailbox)
                if row is not None:
                    if not _holder_is_dead(row.holder):
                        return False
                    # A process on this host that was killed left its lease: take it over,
                    # conditionally, so two contenders cannot both take the same dead lease.
                    return bool(
                        session.execute(
                            update(MailboxLock)
                            .where(
                                MailboxLock.mailbox == self.mailbox,
                                MailboxLock.holder == row.holder,
                            )
                            .values(holder=self.holder, expires_at=expires)
                            .execution_options(synchronize_session=False)
                        ).rowcount
                    )
                session.add(
                    MailboxLock(mailbox=self.mailbox, holder=self.holder, expires_at=expires)
                )
        except IntegrityError:
            return False  # another process inserted the row first
        return True

    def current_holder(self) -> str | None:
        with self.factory() as session:
            row = session.get(MailboxLock, self.mailbox)
            return row.holder if row and row.expires_at > utcnow() else None

    def release(self) -> None:
        with transaction(self.factory) as session:
            session.execute(
                delete(MailboxLock).where(
                    MailboxLock.mailbox == self.mailbox, MailboxLock.holder == self.holder
                )
            )
