"""Latency with `govinfo run` on Dovecot (IDLE): .venv/bin/python bench/latency.py

APPENDs --n county mails (the mix of bench/ingest.py) one at a time, each --gap seconds
after the previous one was acknowledged (mail arrives minutes apart in the office: back to
back, each would wait for the delivery loop's minimum gap between passes), and measures
for each the time from the APPEND to

- its item committed (the ledger row with its Message-ID is `filed`, polled every 10 ms);
- its acknowledgement accepted by the SMTP trap (In-Reply-To is its Message-ID).

Prints median and worst of both. The mailbox's poll_interval is 300 s, so anything
faster comes from IDLE. --outbox-poll sets [outbox] poll_seconds (default: the config's
default), the delivery loop's sleep between passes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, select  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from bench.ingest import make_corpus  # noqa: E402
from bench.soak import Daemon  # noqa: E402
from daemon.models import Message  # noqa: E402
from tests.servers import Dovecot, SmtpTrap  # noqa: E402
from tests.support.env import dovecot_mailbox, govinfo, write_config  # noqa: E402

POLL = 0.01


def wait(condition: Callable[[], bool], timeout: float = 120.0) -> float:
    """Seconds until ``condition`` holds (checked every 10 ms)."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise TimeoutError("not reached in time")
        time.sleep(POLL)
    return time.monotonic()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--outbox-poll", type=float, help="[outbox] poll_seconds")
    parser.add_argument("--gap", type=float, default=1.5, help="seconds between mails")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="govinfo-latency-") as tmp, Dovecot() as server, \
            SmtpTrap() as trap:
        work = Path(tmp)
        mails = make_corpus(args.n, work).mails
        extra = {"outbox": {"poll_seconds": args.outbox_poll}} if args.outbox_poll else {}
        config = write_config(
            work, f"sqlite:///{work / 'govinfo.sqlite3'}",
            dovecot_mailbox(server, poll_interval=300.0),
            smtp={"host": trap.host, "port": trap.port, "tls": "none",
                  "from": "定西市发展改革委办公室 <dxsfgw@126.com>"},
            **extra,
        )
        assert govinfo(config, "db", "upgrade").returncode == 0
        engine = create_engine(f"sqlite:///{work / 'govinfo.sqlite3'}")
        log = work / "daemon.log"
        daemon = Daemon(config, log, "run")
        try:
            wait(lambda: log.exists() and "idle=True" in log.read_text(encoding="utf-8"), 60)
            committed, acked = [], []
            for raw, when in mails:
                message_id = next(line.split(b":", 1)[1].strip().decode()
                                  for line in raw.splitlines() if line.startswith(b"Message-ID:"))
                start = time.monotonic()
                server.append(raw, when)

                def filed(mid: str = message_id) -> bool:
                    with Session(engine) as session:
                        return session.scalar(select(Message.disposition).where(
                            Message.message_id == mid)) == "filed"

                def ack(mid: str = message_id) -> bool:
                    return any(str(m.message["In-Reply-To"]).strip() == mid
                               for m in trap.messages)

                committed.append(wait(filed) - start)
                acked.append(wait(ack) - start)
                time.sleep(args.gap)
        finally:
            code = daemon.stop()
        assert code == 0, log.read_text(encoding="utf-8")[-3000:]
    poll = args.outbox_poll or "default (30)"
    print(f"{args.n} mails {args.gap:g} s apart, IDLE, [outbox] poll_seconds {poll}:")
    print(f"  APPEND -> item committed: median {statistics.median(committed):.2f} s, "
          f"worst {max(committed):.2f} s")
    print(f"  APPEND -> ack at the SMTP trap: median {statistics.median(acked):.2f} s, "
          f"worst {max(acked):.2f} s")


if __name__ == "__main__":
    main()
