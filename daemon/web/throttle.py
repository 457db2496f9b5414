"""Failed logins, counted per account and per client address, in the console's process.

Each failure makes the next answer to that account or address wait longer (a delay that
doubles, up to a cap); ``max_failures`` failures within the lockout span lock it out for
``lockout`` seconds, during which no password is even checked. A successful login clears
the account's count (not the address's: one right password must not reset a guesser).
In memory on purpose: the console is one process, and a restart forgetting the counts
costs an attacker a restart of ours, which is not theirs to give.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from daemon.config import WebSettings


@dataclass
class _Record:
    failures: list[float] = field(default_factory=list)
    locked_until: float = 0.0


class LoginThrottle:
    def __init__(self, web: WebSettings, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures = web.login_max_failures
        self.lockout = web.login_lockout_minutes * 60
        self.delay = web.login_delay_seconds
        self.delay_max = web.login_delay_max_seconds
        self.clock = clock
        self._records: dict[str, _Record] = {}
        self._lock = threading.Lock()

    def _live(self, key: str, now: float) -> _Record:
        record = self._records.setdefault(key, _Record())
        record.failures = [t for t in record.failures if now - t < self.lockout]
        return record

    def locked(self, keys: tuple[str, ...]) -> float:
        """Seconds until every one of ``keys`` may try again (0: they may now)."""
        now = self.clock()
        with self._lock:
            return max((max(0.0, self._live(k, now).locked_until - now) for k in keys), default=0.0)

    def failed(self, keys: tuple[str, ...]) -> float:
        """Count a failure against each key; returns the delay before answering it."""
        now = self.clock()
        worst = 0
        with self._lock:
            for key in keys:
                record = self._live(key, now)
                record.failures.append(now)
                if len(record.failures) >= self.max_failures:
                    record.locked_until = now + self.lockout
                worst = max(worst, len(record.failures))
        return min(self.delay * 2 ** (worst - 1), self.delay_max) if worst else 0.0

    def succeeded(self, account: str) -> None:
        with self._lock:
            self._records.pop(account, None)
