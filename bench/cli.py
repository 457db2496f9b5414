"""How fast `govinfo` answers: .venv/bin/python bench/cli.py [--items 10000] [--rounds 5]

Times, in child processes as the operator runs them (CPU = user + system of the child,
from getrusage; medians of --rounds):

- `govinfo --version` and `govinfo --help` (target: at most 0.3 s CPU each);
- the floor: a child that only imports what every database verb needs (SQLAlchemy's ORM,
  the validated config's models, the tables), and does nothing;
- `govinfo items list` and `items list --json` on a database of --items items (target:
  at most 0.8 s). The first 20 items are filed by the real intake from a local Maildir;
  the rest are copies of them under new numbers, inserted in one statement (untimed).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.actions import CST, maildir  # noqa: E402
from daemon.config import load_settings  # noqa: E402
from daemon.db import make_engine, session_factory, transaction, upgrade  # noqa: E402
from daemon.intake.reader import Intake, ReadOptions  # noqa: E402
from daemon.mailbox.maildir import MaildirSource  # noqa: E402
from tests.support.env import write_config  # noqa: E402

SEED_ITEMS = 20


# what every database verb imports before its first row: the floor under `items list`
FLOOR = "import sqlalchemy.orm, daemon.config, daemon.models, daemon.db"


def run(args: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one `python ARGS` child (`-m daemon.cli ...` is govinfo)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, cwd=ROOT, env={**os.environ, "GOVINFO_CONFIG": ""})
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def timed(label: str, args: list[str], rounds: int, target: float | None) -> None:
    walls, cpus = zip(*(run(args) for _ in range(rounds)), strict=True)
    cpu = statistics.median(cpus)
    wall = statistics.median(walls)
    verdict = "" if target is None else f"（目标 ≤ {target} 秒 CPU：{'达标' if cpu <= target else '未达标'}）"
    print(f"{label:28s} CPU {cpu:.3f} 秒，墙钟 {wall:.3f} 秒{verdict}")


def fill(config: Path, total: int, folder: Path) -> None:
    from sqlalchemy import insert, select

    from daemon.models import Item

    settings = load_settings(config)
    engine = make_engine(settings.database_url)
    upgrade(engine)
    factory = session_factory(engine)
    maildir(folder / "inbox", SEED_ITEMS, datetime.now(CST) - timedelta(days=2))
    source = MaildirSource("bench", folder / "inbox")
    Intake(settings, factory).read_pass(source, source.open(), ReadOptions(name="bench"))
    with transaction(factory) as session:
        seeds = session.scalars(select(Item).order_by(Item.id)).all()
        columns = [c.key for c in Item.__table__.columns if c.key not in ("id", "number", "year", "seq")]
        rows = []
        for n in range(len(seeds), total):
            seed = seeds[n % len(seeds)]
            row = {c: getattr(seed, c) for c in columns}
            row.update(year=2025, seq=n + 1, number=f"2025-{n + 1:05d}", resend_signature=None)
            rows.append(row)
        if rows:
            session.execute(insert(Item), rows)
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    govinfo = ["-m", "daemon.cli"]
    timed("govinfo --version", [*govinfo, "--version"], args.rounds, 0.3)
    timed("govinfo --help", [*govinfo, "--help"], args.rounds, 0.3)
    timed("下限：只导入数据库命令所需模块", ["-c", FLOOR], args.rounds, None)
    with tempfile.TemporaryDirectory(prefix="govinfo-bench-cli-") as tmp:
        folder = Path(tmp)
        config = write_config(folder, f"sqlite:///{folder / 'govinfo.sqlite3'}")
        fill(config, args.items, folder)
        listing = [*govinfo, "--config", str(config), "items", "list"]
        timed(f"items list（{args.items} 条）", listing, args.rounds, 0.8)
        timed(f"items list --json（{args.items} 条）", [*listing, "--json"], args.rounds, 0.8)


if __name__ == "__main__":
    main()
