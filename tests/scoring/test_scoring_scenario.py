"""A hand-built year, every figure worked out by hand below.

Settings (conftest.ROSTER): points are RULES.md's defaults — submission 1, portal 3,
bulletin 5, party_gov_net 6, daily 6, digest 8, provincial 8, national 10, returned -10,
false_info -20, late_major -20. Quotas are shrunk: a county 1 item a month, 1 distinct
portal-or-bulletin item a quarter, 3 items and 2 adopted items a year; sections class 1 → 3,
class 2 → 2, class 4 none. Awards: 2 sections, 4 section people, 2 counties, 2 county people.

安定区 (张三, 李四)
  A0 张三     received 2025-12-31 16:30Z = 2026-01-01 00:30 +08:00 → January 2026
  A1 张三+李四 2026-01-10; adopted portal 01-15 (3), bulletin 02-01 (5), daily 03-05 (6) = 14
  A2 张三     2026-03-31 23:30 +08:00 → March; adopted portal 04-02 (3)
  A3 李四     2026-04-01 00:10 +08:00 (UTC still March 31) → April; returned 04-03 (-10);
              its resend A3r on 04-05 is superseded (counts False): no point, no quota
  A4 张三     2026-12-31 23:59 +08:00 → December; adopted national 2027-01-05: not 2026
  a return dated 2025-12-30: not 2026
  unit: submission 5, adoption 14 + 3 = 17, deduction -10, total 12
  张三: submission 4 (A0 A1 A2 A4) + adoption 17 = 21;  李四: 2 (A1 A3) + 14 = 16
  months: Jan 2, Mar 1, Apr 1, Dec 1, others 0; quarters (distinct portal/bulletin
  items): Q1 1 (A1 twice, counted once), Q2 1 (A2), Q3 0, Q4 0
  annual submissions 5 ≥ 3, annual adoptions 2 (A1 A2) ≥ 2 → not vetoed

通渭县 (王五)
  T1 02-10; digest 02-20 (8), portal 05-01 (3);  T2 06-10; bulletin 06-30 (5);  T3 09-01
  false_info 07-01 (-20)
  unit: 3 + 16 - 20 = -1;  王五: 3 + 16 = 19
  quarters: Q1 0 (digest is no quota outlet), Q2 2 (T1 portal, T2 bulletin)
  annual 3 ≥ 3, adoptions 2 ≥ 2 → not vetoed, but a total of -1 wins nothing

陇西县 (马九)
  L1 05-05; national 05-20 (10), digest 06-01 (8);  late_major 09-09 (-20)
  unit: 1 + 18 - 20 = -1;  马九: 1 + 18 = 19
  annual submissions 1 < 3 → vetoed (would otherwise beat 王五 on adoption points 18 > 16)

办公室 (赵六), class 1, quota 3
  O1 01-20, portal 01-25 (3);  O2 05-20;  O3 10-08, returned 10-09 (-10)
  unit: 3 + 3 - 10 = -4;  赵六: 3 + 3 = 6;  annual 3 ≥ 3

固定资产投资科 (冯三), class 1, quota 3
  F1 11-11, provincial 11-20 (8);  unit 9, 冯三 9;  annual 1 < 3 → vetoed

价格科, class 2, quota 2
  P1 钱七 03-03, bulletin 03-10 (5)                   钱七 1 + 5 = 6 (adoption 5, 1 adoption)
  P2 周十 08-08, bulletin 08-10 (5)                   周十 1 + 5 = 6 (adoption 5, 1 adoption)
  P3 吴一 02-02, daily 02-03 (6); P4 吴一 02-04         吴一 2 + 6 = 8 (adoption 6, 1 adoption)
  P5 郑二 06-01, portal 06-02; P6 郑二 06-03, portal 06-04 郑二 2 + 6 = 8 (adoption 6, 2 adoptions)
  unit: 6 + 22 = 28;  annual 6 ≥ 2

工程咨询办 (孙八), class 4: G1 07-07, party_gov_net 07-08 (6);  unit 7, 孙八 7; no quota

Unknown sender: U1 (陌生人) 05-05, portal 05-06 — counts for nobody.

Awards
  sections (2): 价格科 28, 工程咨询办 7 (固定资产投资科 9 vetoed; 办公室 -4 not above zero)
  section_people (4): 郑二 8 / 吴一 8 (same adoption points 6; 2 adoptions beat 1),
    孙八 7, 周十 6 / 钱七 6 / 赵六 6: 赵六 loses on adoption points (3 < 5), 周 (U+5468)
    precedes 钱 (U+94B1) → 周十 takes the fourth place; 冯三 9 is skipped (vetoed)
  counties (2): 安定区 12 only (通渭县 -1, 陇西县 vetoed)
  county_people (2): 张三 21, 王五 19 (马九 19 skipped: vetoed)
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from daemon.config import Settings
from daemon.scoring import Adoption, Deduction, Submission, parse_period, score_period

CST = timezone(timedelta(hours=8))


def at(month: int, day: int, hour: int = 10, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=CST)


def d(month: int, day: int, year: int = 2026) -> date:
    return date(year, month, day)


def sub(item: str, unit: str | None, authors: str, when: datetime, counts: bool = True):
    return Submission(item, unit, tuple(authors.split("+")), when, counts)


ITEMS = {  # item -> (unit, authors)
    "A0": ("安定区", "张三"),
    "A1": ("安定区", "张三+李四"),
    "A2": ("安定区", "张三"),
    "A3": ("安定区", "李四"),
    "A4": ("安定区", "张三"),
    "T1": ("通渭县", "王五"),
    "T2": ("通渭县", "王五"),
    "T3": ("通渭县", "王五"),
    "L1": ("陇西县", "马九"),
    "O1": ("办公室", "赵六"),
    "O2": ("办公室", "赵六"),
    "O3": ("办公室", "赵六"),
    "F1": ("固定资产投资科", "冯三"),
    "P1": ("价格科", "钱七"),
    "P2": ("价格科", "周十"),
    "P3": ("价格科", "吴一"),
    "P4": ("价格科", "吴一"),
    "P5": ("价格科", "郑二"),
    "P6": ("价格科", "郑二"),
    "G1": ("工程咨询办", "孙八"),
    "U1": (None, "陌生人"),
}

SUBMISSIONS = [
    sub("A0", *ITEMS["A0"], datetime(2025, 12, 31, 16, 30, tzinfo=UTC)),
    sub("A1", *ITEMS["A1"], at(1, 10)),
    sub("A2", *ITEMS["A2"], at(3, 31, 23, 30)),
    sub("A3", *ITEMS["A3"], at(4, 1, 0, 10)),
    sub("A3", *ITEMS["A3"], at(4, 5), counts=False),
    sub("A4", *ITEMS["A4"], at(12, 31, 23, 59)),
    sub("T1", *ITEMS["T1"], at(2, 10)),
    sub("T2", *ITEMS["T2"], at(6, 10)),
    sub("T3", *ITEMS["T3"], at(9, 1)),
    sub("L1", *ITEMS["L1"], at(5, 5)),
    sub("O1", *ITEMS["O1"], at(1, 20)),
    sub("O2", *ITEMS["O2"], at(5, 20)),
    sub("O3", *ITEMS["O3"], at(10, 8)),
    sub("F1", *ITEMS["F1"], at(11, 11)),
    sub("P1", *ITEMS["P1"], at(3, 3)),
    sub("P2", *ITEMS["P2"], at(8, 8)),
    sub("P3", *ITEMS["P3"], at(2, 2)),
    sub("P4", *ITEMS["P4"], at(2, 4)),
    sub("P5", *ITEMS["P5"], at(6, 1)),
    sub("P6", *ITEMS["P6"], at(6, 3)),
    sub("G1", *ITEMS["G1"], at(7, 7)),
    sub("U1", *ITEMS["U1"], at(5, 5)),
]


def adopt(item: str, outlet: str, on: date) -> Adoption:
    unit, authors = ITEMS[item]
    return Adoption(item, unit, tuple(authors.split("+")), outlet, on)


ADOPTIONS = [
    adopt("A1", "portal", d(1, 15)),
    adopt("A1", "bulletin", d(2, 1)),
    adopt("A1", "daily", d(3, 5)),
    adopt("A2", "portal", d(4, 2)),
    adopt("A4", "national", d(1, 5, year=2027)),
    adopt("T1", "digest", d(2, 20)),
    adopt("T1", "portal", d(5, 1)),
    adopt("T2", "bulletin", d(6, 30)),
    adopt("L1", "national", d(5, 20)),
    adopt("L1", "digest", d(6, 1)),
    adopt("O1", "portal", d(1, 25)),
    adopt("F1", "provincial", d(11, 20)),
    adopt("P1", "bulletin", d(3, 10)),
    adopt("P2", "bulletin", d(8, 10)),
    adopt("P3", "daily", d(2, 3)),
    adopt("P5", "portal", d(6, 2)),
    adopt("P6", "portal", d(6, 4)),
    adopt("G1", "party_gov_net", d(7, 8)),
    adopt("U1", "portal", d(5, 6)),
]

DEDUCTIONS = [
    Deduction("安定区", "returned", d(4, 3), "A3"),
    Deduction("安定区", "returned", d(12, 30, year=2025), None),
    Deduction("通渭县", "false_info", d(7, 1)),
    Deduction("陇西县", "late_major", d(9, 9)),
    Deduction("办公室", "returned", d(10, 9), "O3"),
]


def score(settings: Settings, label: str, today: date | None = None) -> dict:
    return score_period(settings, parse_period(label), SUBMISSIONS, ADOPTIONS, DEDUCTIONS, today=today)


def by_unit(result: dict) -> dict[str, dict]:
    return {u["unit"]: u for u in result["units"]}


def quotas(unit: dict) -> dict[tuple[str, str], tuple[int | float, int, bool]]:
    return {(q["rule"], q["period"]): (q["required"], q["done"], q["met"]) for q in unit["quotas"]}


YEAR_POINTS = {  # unit -> (submitted, submission, adoption, deduction, total, vetoed)
    "安定区": (5, 5, 17, -10, 12, False),
    "通渭县": (3, 3, 16, -20, -1, False),
    "陇西县": (1, 1, 18, -20, -1, True),
    "办公室": (3, 3, 3, -10, -4, False),
    "固定资产投资科": (1, 1, 8, 0, 9, True),
    "价格科": (6, 6, 22, 0, 28, False),
    "工程咨询办": (1, 1, 6, 0, 7, False),
}

YEAR_PEOPLE = [  # best first, the award order
    ("张三", "安定区", 21),
    ("马九", "陇西县", 19),
    ("王五", "通渭县", 19),
    ("李四", "安定区", 16),
    ("冯三", "固定资产投资科", 9),
    ("郑二", "价格科", 8),
    ("吴一", "价格科", 8),
    ("孙八", "工程咨询办", 7),
    ("周十", "价格科", 6),
    ("钱七", "价格科", 6),
    ("赵六", "办公室", 6),
]


def test_year_points_for_every_unit(settings: Settings) -> None:
    result = score(settings, "2026")
    assert result["period"] == "2026"
    assert [u["unit"] for u in result["units"]] == [u.name for u in settings.units]
    got = {
        u["unit"]: (
            u["submitted"],
            u["points"]["submission"],
            u["points"]["adoption"],
            u["points"]["deduction"],
            u["points"]["total"],
            u["vetoed"],
        )
        for u in result["units"]
    }
    assert got == YEAR_POINTS


def test_year_adoptions_by_outlet(settings: Settings) -> None:
    units = by_unit(score(settings, "2026"))
    assert units["安定区"]["adopted"] == {"portal": 2, "bulletin": 1, "daily": 1}
    assert units["通渭县"]["adopted"] == {"portal": 1, "bulletin": 1, "digest": 1}
    assert units["价格科"]["adopted"] == {"portal": 2, "bulletin": 2, "daily": 1}
    assert units["工程咨询办"]["adopted"] == {"party_gov_net": 1}


def test_year_people(settings: Settings) -> None:
    people = score(settings, "2026")["people"]
    assert [(p["name"], p["unit"], p["points"]) for p in people] == YEAR_PEOPLE
    zhang = people[0]
    assert (zhang["submission"], zhang["adoption"]) == (4, 17)


def test_year_county_quotas(settings: Settings) -> None:
    units = by_unit(score(settings, "2026"))
    anding = quotas(units["安定区"])
    monthly = {p: done for (rule, p), (_, done, _) in anding.items() if rule == "monthly_submissions"}
    assert monthly == {f"2026-{m:02d}": {1: 2, 3: 1, 4: 1, 12: 1}.get(m, 0) for m in range(1, 13)}
    assert anding[("quarterly_adoptions", "2026-Q1")] == (1, 1, True)
    assert anding[("quarterly_adoptions", "2026-Q2")] == (1, 1, True)
    assert anding[("quarterly_adoptions", "2026-Q3")] == (1, 0, False)
    assert anding[("annual_submissions", "2026")] == (3, 5, True)
    assert anding[("annual_adoptions", "2026")] == (2, 2, True)
    rules = [q["rule"] for q in units["安定区"]["quotas"]]
    assert rules == ["monthly_submissions"] * 12 + ["quarterly_adoptions"] * 4 + [
        "annual_submissions",
        "annual_adoptions",
    ]
    tongwei = quotas(units["通渭县"])
    assert tongwei[("quarterly_adoptions", "2026-Q1")] == (1, 0, False)
    assert tongwei[("quarterly_adoptions", "2026-Q2")] == (1, 2, True)
    longxi = quotas(units["陇西县"])
    assert longxi[("annual_submissions", "2026")] == (3, 1, False)
    assert longxi[("annual_adoptions", "2026")] == (2, 0, False)


def test_year_section_quotas(settings: Settings) -> None:
    units = by_unit(score(settings, "2026"))
    assert quotas(units["办公室"]) == {("annual_submissions", "2026"): (3, 3, True)}
    assert quotas(units["固定资产投资科"]) == {("annual_submissions", "2026"): (3, 1, False)}
    assert quotas(units["价格科"]) == {("annual_submissions", "2026"): (2, 6, True)}
    assert units["工程咨询办"]["quotas"] == []
    assert units["工程咨询办"]["vetoed"] is False


def test_year_awards(settings: Settings) -> None:
    awards = score(settings, "2026")["awards"]
    assert awards["sections"] == [
        {"rank": 1, "unit": "价格科", "points": 28},
        {"rank": 2, "unit": "工程咨询办", "points": 7},
    ]
    assert [(w["rank"], w["name"], w["unit"], w["points"]) for w in awards["section_people"]] == [
        (1, "郑二", "价格科", 8),
        (2, "吴一", "价格科", 8),
        (3, "孙八", "工程咨询办", 7),
        (4, "周十", "价格科", 6),
    ]
    assert awards["counties"] == [{"rank": 1, "unit": "安定区", "points": 12}]
    assert [(w["name"], w["points"]) for w in awards["county_people"]] == [
        ("张三", 21),
        ("王五", 19),
    ]


def test_quarter(settings: Settings) -> None:
    """Q1: 安定区 A0 A1 A2 = 3 submissions, A1 portal+bulletin+daily = 14, no deduction."""
    result = score(settings, "2026-Q1")
    units = by_unit(result)
    anding = units["安定区"]
    assert anding["points"] == {"submission": 3, "adoption": 14, "deduction": 0, "total": 17}
    assert quotas(anding) == {
        ("monthly_submissions", "2026-01"): (1, 2, True),
        ("monthly_submissions", "2026-02"): (1, 0, False),
        ("monthly_submissions", "2026-03"): (1, 1, True),
        ("quarterly_adoptions", "2026-Q1"): (1, 1, True),
    }
    assert all(u["vetoed"] is None for u in result["units"])
    assert result["awards"] == {
        "sections": [],
        "section_people": [],
        "counties": [],
        "county_people": [],
    }
    # pace: 办公室 3 × 3 / 12 = 0.75 (shown 0.8), done O1 = 1; 价格科 2 × 3 / 12 = 0.5, done
    # P1 P3 P4 = 3; 固定资产投资科 0.75, done 0
    office = units["办公室"]["quotas"]
    assert office == [
        {
            "rule": "annual_submissions_pace",
            "period": "2026-Q1",
            "required": 0.8,
            "done": 1,
            "met": True,
            "final": True,
            "advisory": True,
        }
    ]
    assert quotas(units["价格科"]) == {("annual_submissions_pace", "2026-Q1"): (0.5, 3, True)}
    assert quotas(units["固定资产投资科"]) == {("annual_submissions_pace", "2026-Q1"): (0.8, 0, False)}
    assert units["工程咨询办"]["quotas"] == []


def test_pace_counts_from_january(settings: Settings) -> None:
    """Q2 pace of 办公室: 3 × 6 / 12 = 1.5, done January–June = O1 O2 = 2."""
    units = by_unit(score(settings, "2026-Q2"))
    assert quotas(units["办公室"]) == {("annual_submissions_pace", "2026-Q2"): (1.5, 2, True)}


def test_month(settings: Settings) -> None:
    """April: 安定区 A3 (00:10 on April 1) = 1, A2's portal adoption 3, A3's return -10."""
    units = by_unit(score(settings, "2026-04"))
    anding = units["安定区"]
    assert anding["submitted"] == 1
    assert anding["points"] == {"submission": 1, "adoption": 3, "deduction": -10, "total": -6}
    assert quotas(anding) == {("monthly_submissions", "2026-04"): (1, 1, True)}


def test_unknown_sender_counts_for_nobody(settings: Settings) -> None:
    known = score_period(
        settings,
        parse_period("2026"),
        [s for s in SUBMISSIONS if s.unit is not None],
        [a for a in ADOPTIONS if a.unit is not None],
        DEDUCTIONS,
    )
    assert score(settings, "2026") == known
    assert all(p["name"] != "陌生人" for p in known["people"])


def test_running_year(settings: Settings) -> None:
    """On 2026-11-27 nothing annual is final: the year decides nothing yet (no veto, no
    awards), the quotas show the count so far against the pace."""
    result = score(settings, "2026", today=date(2026, 11, 27))
    assert result["final"] is False and result["state"] == "open"
    units = by_unit(result)
    assert all(u["vetoed"] is None for u in result["units"])
    assert all(winners == [] for winners in result["awards"].values())
    anding = {(q["rule"], q["period"]): q for q in units["安定区"]["quotas"]}
    assert anding[("monthly_submissions", "2026-10")]["final"] is True
    assert anding[("monthly_submissions", "2026-10")]["met"] is False
    assert anding[("monthly_submissions", "2026-11")]["final"] is False
    assert anding[("monthly_submissions", "2026-11")]["pace"] == 0  # November has not ended
    assert anding[("quarterly_adoptions", "2026-Q4")]["final"] is False
    quarter = anding[("quarterly_adoptions", "2026-Q4")]
    assert quarter["pace"] == round(quarter["required"] / 3, 1)  # October of three months
    assert anding[("annual_submissions", "2026")] == {
        "rule": "annual_submissions",
        "period": "2026",
        "required": 3,
        "done": 5,
        "met": True,
        "final": False,
        "pace": 2.5,  # 3 × 10/12: January through October have ended
    }


@pytest.mark.parametrize(("today", "state"), [(date(2026, 12, 31), "open"), (date(2027, 1, 3), "open"),
                                              (date(2027, 1, 4), "final"), (date(2025, 12, 31), "future")])
def test_a_year_is_final_after_the_third_of_january(settings: Settings, today: date, state: str) -> None:
    """December's adoptions are reported by January 3 (RULES.md): the year is final on the 4th."""
    result = score(settings, "2026", today=today)
    assert result["state"] == state and result["final"] is (state == "final")
    assert (by_unit(result)["陇西县"]["vetoed"] is None) is (state != "final")


@pytest.mark.parametrize("today", [date(2027, 1, 4), None])
def test_year_ended(settings: Settings, today: date | None) -> None:
    result = score(settings, "2026", today=today)
    assert result["final"] is True
    assert by_unit(result)["陇西县"]["vetoed"] is True
