"""A local Maildir as a read-only source, for the demo and for offline work.

UIDs are the 1-based positions of the file names in sorted order (stable for a folder
that only grows), and the arrival time is the Unix time that starts each Maildir name.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from daemon.mailbox.base import FetchedMessage


class MaildirSource:
    def __init__(self, name: str, path: Path) -> None:
        self.name = name
        self.path = path
        self._files: list[Path] = []

    def open(self) -> int:
        if not self.path.is_dir():
            raise FileNotFoundError(f"Maildir 不存在：{self.path}")
        self._files = sorted(
            # Maildir readers skip dot files (.gitkeep keeps empty folders in git)
            (
                p
                for sub in ("cur", "new")
                for p in (self.path / sub).iterdir()
                if p.is_file() and not p.name.startswith(".")
            ),
            key=lambda p: p.name,
        )
        return zlib.crc32(str(self.path.resolve()).encode()) or 1

    def uids(self) -> list[int]:
        return list(range(1, len(self._files) + 1))

    def _date(self, uid: int) -> datetime:
        path = self._files[uid - 1]
        head = path.name.split(".", 1)[0]
        stamp = int(head) if head.isdigit() else int(path.stat().st_mtime)
        return datetime.fromtimestamp(stamp, UTC)

    def dates(self, uids: Iterable[int]) -> dict[int, datetime]:
        return {uid: self._date(uid) for uid in uids}

    def fetch(self, uids: list[int]) -> Iterator[FetchedMessage]:
        for uid in uids:
            yield FetchedMessage(uid, self._date(uid), self._files[uid - 1].read_bytes())

    def wait(self, timeout: float, stop: threading.Event) -> None:
        stop.wait(timeout)

    def close(self) -> None:
        self._files = []
