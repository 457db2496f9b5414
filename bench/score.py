"""Benchmark: score a year of 100,000 items and 50,000 adoptions, against one SQL query.

    .venv/bin/python bench/score.py [--items N] [--adoptions N] [--repeat N]

Times ``score_period`` (best of ``--repeat`` runs), measures its peak memory with
tracemalloc in a separate run (tracing slows Python down, so it is not timed), and times
the part it shares with SQL: the units' points, first as ``tally_points`` alone and then as
one aggregate query grouped by unit over the same records in an in-memory SQLite
database. The query answers less than ``score_period`` (no quotas, people, veto or
awards), so the ratio is an upper bound on what moving scoring into SQL could save.
The SQL figures are checked against the scorer's before anything is printed.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from daemon.config import OUTLETS, Settings, parse_settings
from daemon.scoring import Adoption, Deduction, Submission, parse_period, score_period
from daemon.scoring.points import tally_points

COUNTIES = ["安定区", "通渭县", "陇西县", "渭源县", "临洮县", "漳县", "岷县"]
SECTIONS = {
    1: ["办公室", "国民经济综合科", "固定资产投资科", "农村经济科", "产业发展科", "社会发展科", "地区振兴科"],
    2: [
        "发展改革和规划科",
        "行政审批服务科",
        "资源节约和环境保护科",
        "经贸和社会信用建设科",
        "能源科",
        "价格科",
    ],
    3: ["重点项目办", "价格监测认定科", "价格成本调查监审科", "开发区建设办", "经济信息中心"],
    4: ["灾后恢复重建办", "军民融合发展科", "工程咨询办"],
}
CST = timezone(timedelta(hours=8))
YEAR = 2026


def roster() -> Settings:
    units: list[dict[str, Any]] = [{"name": name, "kind": "county"} for name in COUNTIES]
    units += [
        {"name": name, "kind": "section", "class": class_}
        for class_, names in SECTIONS.items()
        for name in names
    ]
    return parse_settings({"units": units}, Path("."))


def records(
    settings: Settings, items: int, adoptions: int, seed: int = YEAR
) -> tuple[list[Submission], list[Adoption], list[Deduction]]:
    rng = random.Random(seed)
    names = [unit.name for unit in settings.units]
    writers = {name: [f"{name}信息员{n}" for n in range(1, 5)] for name in names}
    start = datetime(YEAR, 1, 1, tzinfo=CST)
    seconds = int((datetime(YEAR + 1, 1, 1, tzinfo=CST) - start).total_seconds())
    submissions = []
    for n in range(1, items + 1):
        unit = rng.choice(names) if rng.random() > 0.01 else None  # 1% unknown senders
        authors = tuple(rng.sample(writers[unit], rng.choice((1, 1, 2)))) if unit else ("某人",)
        received_at = start + timedelta(seconds=rng.randrange(seconds))
        submissions.append(Submission(f"{YEAR}-{n:05d}", unit, authors, received_at, rng.random() > 0.02))
    weights = [40, 30, 10, 8, 6, 4, 2]  # portal and bulletin adopt the most
    adopted = []
    for _ in range(adoptions):
        source = rng.choice(submissions)
        outlet = rng.choices(OUTLETS, weights)[0]
        day = date(YEAR, 1, 1) + timedelta(days=rng.randrange(365))
        adopted.append(Adoption(source.item, source.unit, source.authors, outlet, day))
    kinds = ("returned", "returned", "returned", "false_info", "late_major")
    deductions = [
        Deduction(rng.choice(names), rng.choice(kinds), date(YEAR, 1, 1) + timedelta(rng.randrange(365)))
        for _ in range(items // 50)
    ]
    return submissions, adopted, deductions


def best_time(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


# One statement: the three event tables, each filtered to the year, stacked and summed.
# The local day of receipt is taken at +8 hours: Asia/Shanghai has had no DST since 1991.
QUERY = """
SELECT unit, SUM(sub), SUM(ado), SUM(ded) FROM (
    SELECT unit, :submission AS sub, 0 AS ado, 0 AS ded FROM submissions
     WHERE counts AND unit IS NOT NULL
       AND date(received_at, 'unixepoch', '+8 hours') >= :start
       AND date(received_at, 'unixepoch', '+8 hours') < :end
    UNION ALL
    SELECT a.unit, 0, p.points, 0 FROM adoptions a JOIN outlet_points p USING (outlet)
     WHERE a.unit IS NOT NULL AND a.adopted_on >= :start AND a.adopted_on < :end
    UNION ALL
    SELECT d.unit, 0, 0, p.points FROM deductions d JOIN deduction_points p USING (kind)
     WHERE d.on_day >= :start AND d.on_day < :end
) GROUP BY unit
"""


def load_sqlite(
    settings: Settings,
    submissions: list[Submission],
    adoptions: list[Adoption],
    deductions: list[Deduction],
) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.executescript(
        """
        CREATE TABLE submissions (item TEXT, unit TEXT, received_at INTEGER, counts INTEGER);
        CREATE TABLE adoptions (item TEXT, unit TEXT, outlet TEXT, adopted_on TEXT);
        CREATE TABLE deductions (unit TEXT, kind TEXT, on_day TEXT);
        CREATE TABLE outlet_points (outlet TEXT PRIMARY KEY, points INTEGER);
        CREATE TABLE deduction_points (kind TEXT PRIMARY KEY, points INTEGER);
        """
    )
    db.executemany(
        "INSERT INTO submissions VALUES (?, ?, ?, ?)",
        ((s.item, s.unit, int(s.received_at.timestamp()), s.counts) for s in submissions),
    )
    db.executemany(
        "INSERT INTO adoptions VALUES (?, ?, ?, ?)",
        ((a.item, a.unit, a.outlet, a.adopted_on.isoformat()) for a in adoptions),
    )
    db.executemany(
        "INSERT INTO deductions VALUES (?, ?, ?)",
        ((d.unit, d.kind, d.on.isoformat()) for d in deductions),
    )
    points = settings.points
    db.executemany("INSERT INTO outlet_points VALUES (?, ?)", ((o, points.adoption(o)) for o in OUTLETS))
    db.executemany(
        "INSERT INTO deduction_points VALUES (?, ?)",
        ((k, getattr(points, k)) for k in ("returned", "false_info", "late_major")),
    )
    db.commit()
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description="计分基准测试")
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--adoptions", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    settings = roster()
    period = parse_period(str(YEAR))
    data = records(settings, args.items, args.adoptions)
    print(
        f"数据：{args.items} 条信息，{args.adoptions} 条采用，{len(data[2])} 条扣分，"
        f"{len(settings.units)} 个单位"
    )

    result: dict[str, Any] = {}

    def score() -> None:
        result.update(score_period(settings, period, *data))

    scoring = best_time(score, args.repeat)
    tallying = best_time(lambda: tally_points(settings, period, *data), args.repeat)
    tracemalloc.start()
    score_period(settings, period, *data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    started = time.perf_counter()
    db = load_sqlite(settings, *data)
    loading = time.perf_counter() - started
    params = {
        "submission": settings.points.submission,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
    }
    rows: list[tuple[str, int, int, int]] = []

    def query() -> None:
        rows[:] = db.execute(QUERY, params).fetchall()

    querying = best_time(query, args.repeat)

    expected = {u["unit"]: u["points"] for u in result["units"]}
    by_sql = {unit: (sub, ado, ded) for unit, sub, ado, ded in rows}
    for unit, points in expected.items():
        got = by_sql.get(unit, (0, 0, 0))
        assert got == (points["submission"], points["adoption"], points["deduction"]), unit

    print(f"score_period（积分、任务数、否决、评奖）：{scoring:.3f} 秒（{args.repeat} 次取最快）")
    print(f"score_period 峰值内存（tracemalloc）：{peak / 2**20:.1f} MiB")
    print(f"tally_points（仅单位与个人积分）：{tallying:.3f} 秒")
    print(f"SQLite 载入（内存库，不计入比较）：{loading:.3f} 秒")
    print(f"SQLite 单条汇总查询（按单位分组，仅单位积分）：{querying:.3f} 秒")
    print(f"比值 score_period / SQL：{scoring / querying:.1f}；tally_points / SQL：{tallying / querying:.1f}")
    print("SQL 结果与 score_period 的单位积分一致。")


if __name__ == "__main__":
    main()
