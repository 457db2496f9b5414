"""Soak under faults: .venv/bin/python bench/soak.py [--n 1000 --kills 30 ...]

County mails (the mix of bench/ingest.py) arrive in a Dovecot mailbox while `govinfo run`
reads it, and meanwhile:

- the daemon is killed with SIGKILL at random moments (--kills times) and restarted;
- the IMAP server is stopped for --imap-outage seconds, then started again;
- the SMTP trap refuses every message with 451 for the first --smtp-outage seconds;
- a second daemon runs against the same mailbox and database for --second seconds
  (the lease must keep the two apart).

Then it waits until every message is in the ledger and the outbox is empty, stops the
daemon with SIGTERM and counts: lost (server UIDs without a ledger row), duplicated
(items beyond one per Message-ID), half-written (an item without its stored raw mail,
its verdicts or its acknowledgement row), acknowledgements delivered (distinct ack
Message-IDs the trap accepted, one expected per item with a sender), and repeats (the
same Message-ID accepted more than once: allowed, it is how at-least-once looks).
tests/test_soak.py runs a short version in the normal suite and asserts the counts.
"""

from __future__ import annotations

import argparse
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, create_engine, func, select  # noqa: E402
from sqlalchemy.orm import Session, selectinload  # noqa: E402

from bench.ingest import make_corpus  # noqa: E402
from daemon.models import Item, Message, Outbound  # noqa: E402
from daemon.storage import Store  # noqa: E402
from tests.servers import Dovecot, SmtpTrap  # noqa: E402
from tests.support.env import dovecot_mailbox, govinfo, popen_govinfo, write_config  # noqa: E402

SETTLE_TIMEOUT = 600.0  # after the last fault, for the ledger and the outbox to catch up


@dataclass(frozen=True)
class SoakOptions:
    n: int = 1000
    kills: int = 30
    imap_outage: float = 60.0
    smtp_outage: float = 300.0
    second: float = 30.0
    seed: int = 1


@dataclass
class SoakResult:
    messages: int
    lost: int
    duplicated: int
    half_written: int
    items: int
    acks_expected: int
    acks_delivered: int
    repeats: int
    acks_twice: int  # items whose ack arrived under two different Message-IDs: never allowed
    quarantined: int
    outbox_unsent: int
    smtp_refusals: int  # 451s the trap gave during its outage
    log: Path

    def report(self) -> str:
        return (
            f"messages {self.messages}, items {self.items}: lost {self.lost}, duplicated "
            f"{self.duplicated}, half-written {self.half_written}, quarantined "
            f"{self.quarantined}; acks delivered {self.acks_delivered} of {self.acks_expected}, "
            f"repeats (same Message-ID) {self.repeats}, acks under two Message-IDs "
            f"{self.acks_twice}, outbox rows not sent {self.outbox_unsent}; SMTP 451s during "
            f"the outage {self.smtp_refusals}"
        )


class Daemon:
    """`govinfo run` in a child process; its stderr drained into the soak's log."""

    def __init__(self, config: Path, log: Path, name: str) -> None:
        self.proc = popen_govinfo(config, "run")
        self.name = name
        self._drain = threading.Thread(target=self._copy, args=(log,), daemon=True)
        self._drain.start()

    def _copy(self, log: Path) -> None:
        # A daemon writing into a full pipe would block: the log is read as it comes.
        assert self.proc.stderr is not None
        with log.open("a", encoding="utf-8", buffering=1) as out:  # line by line, readable live
            for line in self.proc.stderr:
                out.write(f"[{self.name} {self.proc.pid}] {line}")

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self._drain.join()

    def stop(self, timeout: float = 10.0) -> int:
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return -1
        self._drain.join()
        return code


def soak_config(directory: Path, server: Dovecot, trap: SmtpTrap) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    config = write_config(
        directory,
        f"sqlite:///{directory / 'govinfo.sqlite3'}",
        dovecot_mailbox(server, poll_interval=0.5, timeout=10.0, lock_seconds=30.0),
        smtp={"host": trap.host, "port": trap.port, "tls": "none",
              "from": "定西市发展改革委办公室 <dxsfgw@126.com>"},
        # retries every few seconds so the end of the SMTP outage is seen at once; no cap,
        # no give-up: the soak delivers ~2 mails per item to a handful of addresses
        outbox={"poll_seconds": 0.5, "retry_base_seconds": 1.0, "retry_max_seconds": 5.0,
                "max_attempts": 100_000, "batch_size": 200,
                "daily_cap_per_recipient": 1_000_000},
    )
    upgraded = govinfo(config, "db", "upgrade")
    if upgraded.returncode != 0:
        raise RuntimeError(upgraded.stderr)
    return config


def feed(server: Dovecot, mails: list[tuple[bytes, datetime]], seconds: float,
         up: threading.Event) -> None:
    """APPEND the mails spread over ``seconds``; waits out the IMAP outage."""
    pause = seconds / max(len(mails), 1)
    for raw, when in mails:
        while True:
            up.wait()
            try:
                server.append(raw, when)
                break
            except Exception:  # the server went down between the check and the APPEND
                time.sleep(0.2)
        time.sleep(pause)


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"soak: {what} not reached within {timeout:g} s")
        time.sleep(0.5)


def run_soak(options: SoakOptions, workdir: Path, server: Dovecot, trap: SmtpTrap,
             say: Callable[[str], None] = print) -> SoakResult:
    """Run the soak on a started Dovecot and SMTP trap (both are stopped and restarted)."""
    rng = random.Random(options.seed)
    log = workdir / "daemons.log"
    corpus = workdir / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    mails = make_corpus(options.n, corpus).mails
    config = soak_config(workdir / "govinfo", server, trap)
    engine = create_engine(f"sqlite:///{workdir / 'govinfo' / 'govinfo.sqlite3'}")
    up = threading.Event()
    up.set()
    trap.refuse(451, "4.3.0 try again later", stage="mail")
    smtp_back = threading.Timer(options.smtp_outage, trap.accept)
    smtp_back.start()
    # the mail arrives over the kill phase, so kills land in the middle of the work
    kill_phase = options.kills * 2.0 + options.imap_outage + options.second
    feeder = threading.Thread(target=feed, args=(server, mails, kill_phase * 0.8, up),
                              daemon=True)
    feeder.start()
    daemon = Daemon(config, log, "A")
    outage_at = options.kills // 2
    try:
        for k in range(options.kills):
            time.sleep(rng.uniform(0.5, 3.5))
            daemon.kill()
            daemon = Daemon(config, log, "A")
            if k == outage_at:
                say(f"IMAP down for {options.imap_outage:g} s after kill {k + 1}")
                up.clear()
                server.stop()
                time.sleep(options.imap_outage)
                server.start()
                up.set()
            if k == outage_at // 2:
                say(f"second daemon for {options.second:g} s after kill {k + 1}")
                other = Daemon(config, log, "B")
                time.sleep(options.second)
                if other.stop() != 0:
                    raise RuntimeError("the second daemon did not stop cleanly")
        say(f"{options.kills} kills done; waiting for the feeder and the SMTP outage")
        feeder.join()
        smtp_back.join()
        expected = set(server.uids())
        wait_until(lambda: _ledger_count(engine) >= len(expected), SETTLE_TIMEOUT,
                   "every message in the ledger")
        wait_until(lambda: _unsent(engine) == 0, SETTLE_TIMEOUT, "an empty outbox")
    finally:
        code = daemon.stop()
        smtp_back.cancel()
    if code != 0:
        raise RuntimeError(f"the daemon exited {code} on SIGTERM; see {log}")
    return _count(engine, Store(workdir / "govinfo" / "store"), server, trap, log)


def _ledger_count(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(Message)) or 0


def _unsent(engine: Engine) -> int:
    with Session(engine) as session:
        return session.scalar(
            select(func.count()).select_from(Outbound).where(Outbound.state != "sent")
        ) or 0


def _count(engine: Engine, store: Store, server: Dovecot, trap: SmtpTrap, log: Path) -> SoakResult:
    uidvalidity = server.uidvalidity()
    on_server = set(server.uids())
    delivered = Counter(str(m.message["Message-ID"]).strip() for m in trap.messages)
    with Session(engine) as session:
        ledger = session.scalars(select(Message)).all()
        in_ledger = {m.uid for m in ledger if m.uidvalidity == uidvalidity}
        items = session.scalars(
            select(Item).options(selectinload(Item.verdicts))
        ).all()
        message_of = {m.id: m for m in ledger}
        acks = session.scalars(select(Outbound).where(Outbound.kind == "ack")).all()
        ack_ids: dict[int, list[str]] = {}
        for ack in acks:
            if ack.item_id is not None:
                ack_ids.setdefault(ack.item_id, []).append(ack.message_id)
        per_message_id = Counter(message_of[i.message_row_id].message_id for i in items)
        half = sum(
            1 for i in items
            if not store.has("raw", message_of[i.message_row_id].sha256 or "", ".eml")
            or not i.verdicts
            or (i.sender and i.id not in ack_ids)
        )
        expected_acks = [i for i in items if i.sender]
        ack_delivered = sum(
            1 for i in expected_acks if any(delivered[mid] for mid in ack_ids.get(i.id, []))
        )
        twice = sum(
            1 for i in expected_acks if sum(1 for mid in ack_ids.get(i.id, []) if delivered[mid]) > 1
        )
        return SoakResult(
            messages=len(on_server),
            lost=len(on_server - in_ledger),
            duplicated=sum(count - 1 for count in per_message_id.values()),
            half_written=half,
            items=len(items),
            acks_expected=len(expected_acks),
            acks_delivered=ack_delivered,
            repeats=sum(count - 1 for count in delivered.values() if count > 1),
            acks_twice=twice,
            quarantined=sum(1 for m in ledger if m.disposition == "quarantined"),
            outbox_unsent=_unsent(engine),
            smtp_refusals=len(trap.refused),
            log=log,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--imap-outage", type=float, default=60.0)
    parser.add_argument("--smtp-outage", type=float, default=300.0)
    parser.add_argument("--second", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    options = SoakOptions(args.n, args.kills, args.imap_outage, args.smtp_outage, args.second,
                          args.seed)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="govinfo-soak-") as tmp, Dovecot() as server, \
            SmtpTrap() as trap:
        result = run_soak(options, Path(tmp), server, trap,
                          say=lambda text: print(text, flush=True))
        print(result.report())
        print(f"soak took {time.monotonic() - started:.0f} s ({options})")
        if result.lost or result.duplicated or result.half_written:
            sys.exit(1)


if __name__ == "__main__":
    main()
