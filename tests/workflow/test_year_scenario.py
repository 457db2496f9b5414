"""A hand-built year, through the real command: file, adopt, return, deduct, then score.

Quotas are scaled down in the config (every quota is a setting) so a dozen items can meet
or miss them: county 1 item a month, 1 portal-or-bulletin item a quarter, 4 items and 3
adopted items a year; sections of class 3 owe 3 items (class 1 and 2 keep 36 and 24).
Awards: 2 sections, 2 section people, 2 counties, 3 county people.

Items, numbered in the order they arrive (all 2026, 10:00 +08:00):

  no.  unit            received  authors           adoptions (points)
  0001 安定区          01-15     张明              portal 01-28 (3)
  0002 通渭县          02-11     李华              portal 02-25 (3)
  0003 安定区          03-10     张明、孙丽        portal 03-20 (3), bulletin 04-02 (5),
                                                   party_gov_net 05-15 (6, evidence) = 14
  0004 办公室          03-25     赵文博            portal 04-01 (3)
  0005 价格监测认定科  04-07     刘宏伟            digest 04-20 (8, evidence)
  0006 安定区          05-20     孙丽 (sender)     bulletin 06-10 (5)
  0007 通渭县          06-03     李华              —
  0008 工程咨询办      06-18     郝梦洁            provincial 07-01 (8, evidence)
  0009 安定区          07-08     张明              daily 07-20 (6, evidence)
  0010 价格监测认定科  08-12     刘宏伟            national 09-01 (10, evidence)
  0011 安定区          09-16     张明              — returned 09-20 (−10)
  0012 价格监测认定科  10-14     刘宏伟            —
  deduction: 通渭县 late_major 06-30 (−20), its 分管领导 牛建军 to be summoned.

Units (submission 1 point an item; a returned item was still submitted):
  安定区          5 items: 5 + (3 + 14 + 5 + 6) − 10 = 23
                  portal 2 (0001, 0003), bulletin 2 (0003, 0006), party_gov_net 1, daily 1
                  annual_submissions 5 ≥ 4 met; annual_adoptions: distinct portal/bulletin
                  items 0001, 0003, 0006 = 3 ≥ 3 met → not vetoed (monthly and quarterly
                  entries are pace only: months with items Jan Mar May Jul Sep; quarters
                  with adoptions Q1 (0001, 0003) and Q2 (0003, 0006), not Q3, Q4)
  通渭县          2 items: 2 + 3 − 20 = −15; annual_submissions 2 < 4 → vetoed
  价格监测认定科  3 items: 3 + 8 + 10 = 21; class 3 quota 3 met → not vetoed
  工程咨询办      1 item: 1 + 8 = 9; class 4, no quota → not vetoed
  办公室          1 item: 1 + 3 = 4; class 1 quota 36 missed → vetoed
  everyone else   0; counties and class 1–3 sections vetoed; class 4 sections not, but
                  with 0 points win nothing.
People (submission and adoption points of the items they wrote; no deductions):
  张明   (安定区)          items 0001 0003 0009 0011 = 4; adoptions 3 + 14 + 6 = 23 → 27
  孙丽   (安定区)          items 0003 0006 = 2; adoptions 14 + 5 = 19 → 21
  刘宏伟 (价格监测认定科)  3 + 18 = 21
  郝梦洁 (工程咨询办)      1 + 8 = 9
  李华   (通渭县)          2 + 3 = 5 (unit vetoed)
  赵文博 (办公室)          1 + 3 = 4 (unit vetoed)
Awards: sections 价格监测认定科 21, 工程咨询办 9; section people 刘宏伟 21, 郝梦洁 9;
counties 安定区 23 (the only county not vetoed); county people 张明 27, 孙丽 21.

2026-Q1 alone: 安定区 items 0001 0003 = 2, portal 0001 + 0003 = 6 → 8; 通渭县 1 + 3 = 4;
办公室 1 (its portal adoption is dated April); vetoed null, no awards.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from tests.workflow.office import CST, PNG, Office, make_office, submission

QUOTAS = {
    "county_monthly_submissions": 1,
    "county_quarterly_adoptions": 1,
    "county_annual_submissions": 4,
    "county_annual_adoptions": 3,
    "county_adoption_outlets": ["portal", "bulletin"],
    "section_annual": {"1": 36, "2": 24, "3": 3},
}
AWARDS = {"sections": 2, "section_people": 2, "counties": 2, "county_people": 3}

ANDING, ANDING2 = "anding.xxy1@example.org", "anding.xxy2@example.org"
TONGWEI, JCK, ZXB, BGS = ("tongwei.xxy1@example.org", "jck.xxy@example.org", "zxb.xxy@example.org",
                          "bgs.xxy@example.org")
# (sender, title, author line or None for the sender's roster name, received)
ITEMS = [
    (ANDING, "安定区推行企业开办一网通办", "安定区发展改革局 张明", (1, 15)),
    (TONGWEI, "通渭县马铃薯全产业链提质增效", "通渭县发展改革局 李华", (2, 11)),
    (ANDING, "安定区光伏扶贫电站收益精准分配", "安定区发展改革局 张明 孙丽", (3, 10)),
    (BGS, "委机关重点项目审批服务专项行动", "办公室 赵文博", (3, 25)),
    (JCK, "社会信用体系建设宣传月成效明显", "价格监测认定科 刘宏伟", (4, 7)),
    (ANDING2, "安定区冷链物流设施建设提速", None, (5, 20)),
    (TONGWEI, "通渭县春节市场价格平稳", "通渭县发展改革局 李华", (6, 3)),
    (ZXB, "灾后恢复重建项目全面收尾", "工程咨询办 郝梦洁", (6, 18)),
    (ANDING, "安定区开展工程咨询质量检查", "安定区发展改革局 张明", (7, 8)),
    (JCK, "农村人居环境整治提升见效", "价格监测认定科 刘宏伟", (8, 12)),
    (ANDING, "安定区统筹国土空间和产业布局", "安定区发展改革局 张明", (9, 16)),
    (JCK, "中药材价格成本调查完成", "价格监测认定科 刘宏伟", (10, 14)),
]
# (item, outlet, date); outlets beyond portal and bulletin carry a screenshot
ADOPTIONS = [
    ("2026-0001", "portal", "2026-01-28"),
    ("2026-0002", "portal", "2026-02-25"),
    ("2026-0003", "portal", "2026-03-20"),
    ("2026-0003", "bulletin", "2026-04-02"),
    ("2026-0003", "party_gov_net", "2026-05-15"),
    ("2026-0004", "portal", "2026-04-01"),
    ("2026-0005", "digest", "2026-04-20"),
    ("2026-0006", "bulletin", "2026-06-10"),
    ("2026-0008", "provincial", "2026-07-01"),
    ("2026-0009", "daily", "2026-07-20"),
    ("2026-0010", "national", "2026-09-01"),
]


def by_unit(score: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {u["unit"]: u for u in score["units"]}


def test_a_year_scored_to_the_point(tmp_path: Path, dovecot: Any, database_url: str) -> None:
    office: Office = make_office(tmp_path, dovecot, database_url, quotas=QUOTAS, awards=AWARDS)
    office.deliver(*[
        submission(sender, title, n, datetime(2026, month, day, 10, 0, tzinfo=CST), author_line)
        for n, (sender, title, author_line, (month, day)) in enumerate(ITEMS)
    ])
    items = office.json("items", "list")
    assert [(i["number"], i["unit"], i["authors"]) for i in items][:3] == [
        ("2026-0001", "安定区", ["张明"]), ("2026-0002", "通渭县", ["李华"]),
        ("2026-0003", "安定区", ["张明", "孙丽"])]
    assert items[5]["authors"] == ["孙丽"]
    assert not any(i["number"] != "2026-0011" and i["state"] == "returned" for i in items)

    screenshot = office.file("shot.png", PNG)
    for number, outlet, day in ADOPTIONS:
        extra = () if outlet in ("portal", "bulletin") else ("--evidence", screenshot)
        office.ok("adopt", number, "--outlet", outlet, "--date", day, *extra)
    office.ok("return", "2026-0011", "--reason", "与 2026-0009 内容重复", "--date", "2026-09-20")
    out = office.ok("deduct", "通渭县", "--kind", "late_major", "--date", "2026-06-30",
                    "--note", "市政府办公室通报迟报重大信息")
    assert "牛建军" in out

    year = office.json("score", "--period", "2026", "--today", "2027-01-04")
    assert year["period"] == "2026" and year["final"] is True
    units = by_unit(year)
    expected = {
        "安定区": (5, {"portal": 2, "bulletin": 2, "party_gov_net": 1, "daily": 1}, (5, 28, -10, 23), False),
        "通渭县": (2, {"portal": 1}, (2, 3, -20, -15), True),
        "价格监测认定科": (3, {"digest": 1, "national": 1}, (3, 18, 0, 21), False),
        "工程咨询办": (1, {"provincial": 1}, (1, 8, 0, 9), False),
        "办公室": (1, {"portal": 1}, (1, 3, 0, 4), True),
    }
    for name, (submitted, adopted, (sub, adop, ded, total), vetoed) in expected.items():
        unit = units[name]
        assert unit["submitted"] == submitted, name
        assert unit["adopted"] == adopted, name
        assert unit["points"] == {"submission": sub, "adoption": adop, "deduction": ded, "total": total}, name
        assert unit["vetoed"] is vetoed, name
    vetoed = {name for name, u in units.items() if u["vetoed"]}
    not_vetoed = {"安定区", "价格监测认定科", "工程咨询办", "灾后恢复重建办", "军民融合发展科"}
    assert vetoed == set(units) - not_vetoed

    quotas = {(q["rule"], q["period"]): (q["required"], q["done"], q["met"])
              for q in units["安定区"]["quotas"]}
    assert quotas[("annual_submissions", "2026")] == (4, 5, True)
    assert quotas[("annual_adoptions", "2026")] == (3, 3, True)
    assert [quotas[("quarterly_adoptions", f"2026-Q{q}")][1] for q in range(1, 5)] == [2, 2, 0, 0]
    assert [m for m in range(1, 13) if quotas[("monthly_submissions", f"2026-{m:02d}")][2]] == [1, 3, 5, 7, 9]

    people = {(p["name"], p["unit"]): p["points"] for p in year["people"]}
    assert people == {("张明", "安定区"): 27, ("孙丽", "安定区"): 21, ("刘宏伟", "价格监测认定科"): 21,
                      ("郝梦洁", "工程咨询办"): 9, ("李华", "通渭县"): 5, ("赵文博", "办公室"): 4}

    def winners(key: str) -> list[tuple[str, int]]:
        return [(w.get("name", w["unit"]), w["points"]) for w in year["awards"][key]]

    assert winners("sections") == [("价格监测认定科", 21), ("工程咨询办", 9)]
    assert winners("section_people") == [("刘宏伟", 21), ("郝梦洁", 9)]
    assert winners("counties") == [("安定区", 23)]
    assert winners("county_people") == [("张明", 27), ("孙丽", 21)]

    # the year still running (today is in 2026): nobody is vetoed yet
    running = office.json("score", "--period", "2026", "--today", "2026-11-27")
    assert running["final"] is False
    assert not any(u["vetoed"] for u in running["units"])

    q1 = by_unit(office.json("score", "--period", "2026-Q1"))
    assert q1["安定区"]["points"] == {"submission": 2, "adoption": 6, "deduction": 0, "total": 8}
    assert q1["通渭县"]["points"]["total"] == 4 and q1["办公室"]["points"]["total"] == 1
    assert q1["安定区"]["vetoed"] is None

    table = office.ok("score", "--period", "2026", "--today", "2027-01-04")
    assert "一票否决" in table and "先进县区：1. 安定区 23 分" in table
    assert "县区先进个人：1. 张明（安定区） 27 分、2. 孙丽（安定区） 21 分" in table
    assert "期间格式" in office.fails("score", "--period", "2026-13", code=2)
