"""What every source of raw messages offers the intake loop."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class FetchedMessage:
    uid: int
    internaldate: datetime  # aware; the server's arrival time
    raw: bytes


class Source(Protocol):
    name: str

    def open(self) -> int:
        """Connect and select the folder read-only; return its UIDVALIDITY."""

    def uids(self) -> list[int]:
        """Every UID in the folder now."""

    def dates(self, uids: Iterable[int]) -> dict[int, datetime]:
        """Arrival times only, without the bodies (for the start-date cut-off)."""

    def fetch(self, uids: list[int]) -> Iterator[FetchedMessage]:
        """Raw bytes and arrival time, never setting \\Seen."""

    def wait(self, timeout: float, stop: threading.Event) -> None:
        """Block until the folder may have changed, the timeout passes, or stop is set."""

    def close(self) -> None: ...
