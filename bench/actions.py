"""Office actions in-process on SQLite: .venv/bin/python bench/actions.py [--n 1000]

Files N/5 county items through the real intake (a local Maildir, untimed), then times N
office actions through daemon/actions, each in its own transaction as the CLI and the
console take them: for every item route (re-route to another section), revise, review,
publish and adopt (portal), i.e. five actions an item, each writing its audit row and the
re-route its notice to the outbox. Prints actions/s (target: at least 200) and the same
figure for each kind. --cli K also times K deductions through `govinfo deduct` in child
processes, the way every action was taken before the actions layer, as the comparison.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from daemon.actions import chain, points  # noqa: E402
from daemon.actions.base import Actor  # noqa: E402
from daemon.config import load_settings  # noqa: E402
from daemon.db import make_engine, session_factory, transaction, upgrade  # noqa: E402
from daemon.intake.reader import Intake, ReadOptions  # noqa: E402
from daemon.mailbox.maildir import MaildirSource  # noqa: E402
from tests.support.env import write_config  # noqa: E402
from tests.support.mails import county_mail  # noqa: E402

CST = timezone(timedelta(hours=8))
# common characters of county reports, for articles that no resend check takes for one another
POOL = ("推进项目建设产业发展农村经济服务企业群众改革创新政策落实资金投资工程基础设施"
        "生态环境保护乡村振兴就业增收")


def article(rng: random.Random, n: int) -> str:
    return f"第{n}号情况：" + "".join(rng.choice(POOL) for _ in range(600))


def maildir(folder: Path, items: int, start: datetime) -> None:
    rng = random.Random(16)
    for sub in ("cur", "new", "tmp"):
        (folder / sub).mkdir(parents=True)
    senders = ["anding.xxy1@example.org", "tongwei.xxy1@example.org", "longxi.xxy1@example.org"]
    for n in range(items):
        when = start + timedelta(minutes=n)
        raw = county_mail(senders[n % 3], f"【经验做法】县域情况第{n}号", article(rng, n),
                          message_id=f"<bench.{n}@example.org>", date=when)
        (folder / "new" / f"{int(when.timestamp())}.{n:06d}.bench").write_bytes(raw)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="office actions to time (a multiple of 5)")
    parser.add_argument("--cli", type=int, default=0, help="also time this many through `govinfo`")
    parser.add_argument("--profile", help="write a cProfile of the timed actions to this file")
    args = parser.parse_args()
    items = args.n // 5
    with tempfile.TemporaryDirectory(prefix="govinfo-bench-actions-") as tmp:
        folder = Path(tmp)
        config = write_config(folder, f"sqlite:///{folder / 'govinfo.sqlite3'}")
        settings = load_settings(config)
        engine = make_engine(settings.database_url)
        upgrade(engine)
        factory = session_factory(engine)
        start = datetime.now(CST) - timedelta(days=3)
        maildir(folder / "inbox", items, start)
        source = MaildirSource("bench", folder / "inbox")
        filed = time.perf_counter()
        Intake(settings, factory).read_pass(source, source.open(), ReadOptions(name="bench"))
        print(f"{items} 条信息经真实收件流程登记（{time.perf_counter() - filed:.1f} 秒，不计入）")

        with factory() as session:
            from sqlalchemy import select

            from daemon.models import Item

            rows = session.execute(select(Item.number, Item.route).order_by(Item.id)).all()
        sections = [u for u in settings.units if u.kind == "section"]
        office = Actor("赵文博", "office")
        leader = Actor(next(x.name for x in settings.leaders if x.role == "supervising_leader"),
                       "supervising_leader")
        today = date.today()
        plan = []
        for number, route in rows:
            other = next(s for s in sections if s.name != route and s.people_with("head"))
            head = Actor(other.people_with("head")[0].name, "section_head", other.name)
            plan += [
                ("route", lambda s, n=number, o=other.name: chain.route(s, settings, office, number=n,
                                                                        section=o)),
                ("revise", lambda s, n=number, h=head: chain.review(s, settings, h, number=n, step="revise")),
                ("review", lambda s, n=number: chain.review(s, settings, leader, number=n, step="review")),
                ("publish", lambda s, n=number: chain.publish(s, settings, office, number=n)),
                ("adopt", lambda s, n=number: points.adopt(s, settings, office, number=n, outlet="portal",
                                                           day=today)),
            ]
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        spent: dict[str, list[float]] = defaultdict(list)
        began, cpu_began = time.perf_counter(), time.process_time()
        for kind, act in plan:
            t0 = time.perf_counter()
            with transaction(factory) as session:
                act(session)
            spent[kind].append(time.perf_counter() - t0)
        elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu_began
        if args.profile:
            profiler.disable()
            profiler.dump_stats(args.profile)
        print(f"{len(plan)} 次办公室操作（进程内，SQLite）：{elapsed:.2f} 秒，{len(plan) / elapsed:.0f} 次/秒"
              f"（目标 ≥ 200 次/秒）；CPU {cpu:.2f} 秒，每 CPU 秒 {len(plan) / cpu:.0f} 次"
              "（机器繁忙时墙钟含等待 CPU 的时间）")
        for kind, times in spent.items():
            print(f"  {kind:8s} 中位 {statistics.median(times) * 1000:.1f} ms，"
                  f"最慢 {max(times) * 1000:.1f} ms，{len(times) / sum(times):.0f} 次/秒")
        if args.cli:
            began = time.perf_counter()
            for n in range(args.cli):
                subprocess.run([sys.executable, "-m", "daemon.cli", "--config", str(config), "deduct",
                                "安定区", "--kind", "false_info", "--date", today.isoformat(),
                                "--note", f"对照{n}"],
                               check=True, capture_output=True, cwd=ROOT)
            took = time.perf_counter() - began
            print(f"对照：{args.cli} 次经 govinfo 子进程：{took:.2f} 秒，{args.cli / took:.1f} 次/秒")
        engine.dispose()


if __name__ == "__main__":
    main()
