"""Messages in memory as a mailbox, for intake tests that need no IMAP server."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from datetime import datetime

from daemon.mailbox.base import FetchedMessage


class ListSource:
    """UID n is the n-th message; each arrives at its own time (or ``arrival``)."""

    name = "memory"

    def __init__(self, raws: list[bytes], arrival: datetime | list[datetime]) -> None:
        self.raws = raws
        self.arrivals = arrival if isinstance(arrival, list) else [arrival] * len(raws)

    def open(self) -> int:
        return 1

    def uids(self) -> list[int]:
        return list(range(1, len(self.raws) + 1))

    def dates(self, uids: Iterable[int]) -> dict[int, datetime]:
        return {uid: self.arrivals[uid - 1] for uid in uids}

    def fetch(self, uids: list[int]) -> Iterator[FetchedMessage]:
        for uid in uids:
            yield FetchedMessage(uid, self.arrivals[uid - 1], self.raws[uid - 1])

    def wait(self, timeout: float, stop: threading.Event) -> None:
        stop.wait(timeout)

    def close(self) -> None:
        pass
