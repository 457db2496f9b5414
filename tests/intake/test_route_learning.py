"""Routing that learns from the office's final routes (issue 14 G)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from daemon.cli import main
from daemon.config import Settings
from daemon.intake import route_learning, route_training
from daemon.intake.checks.routing import route_verdict
from daemon.models import Item
from tests.intake.builders import unit
from tests.intake.conftest import Office
from tests.support.mails import county_mail

CST = timezone(timedelta(hours=8))
WHEN = datetime(2026, 11, 20, 16, 0, tzinfo=CST)
# The office gives these to 国民经济综合科: the county's whole economy, told through its
# new energy. The configured terms see 风电/光伏/并网 and say 能源科.
ECONOMY = (
    "{n}月份，全县新能源产业持续发力，风电、光伏项目陆续并网发电，带动县域经济总量稳步扩大。"
    "从全县经济总体看，新动能对经济增长的拉动作用持续增强，县域经济呈现稳中向好态势。"
)
# what else such items say, one apiece, so that no two are one article resent
OTHER_NEWS = (
    "规模以上工业增加值同比增长百分之八，社会消费品零售总额稳步回升。",
    "城乡居民人均可支配收入分别增长百分之五和百分之七。",
    "一般公共预算收入完成年度预算的九成以上。",
    "全县固定资产投资保持两位数增长，民间投资持续回暖。",
    "文化旅游市场持续升温，接待游客人次创历史新高。",
    "金融机构各项贷款余额较年初增加，信贷投放力度加大。",
    "外贸进出口总额实现较快增长，市场主体活力不断增强。",
    "农业生产形势稳定，粮食总产量再创新高。",
    "居民消费价格总体平稳，就业形势保持稳定。",
    "重点项目建设提速，新开工项目数量同比增加。",
    "工业用电量持续增长，反映出工业生产较为活跃。",
    "服务业增加值占比提高，经济结构持续优化。",
)
ENERGY = "{n}月份，{m}万千瓦风电项目并网发电，光伏电站建设加快推进，电网接网工程同步实施。"


def _examples(n: int) -> list[tuple[str, str, str]]:
    economy = [("国民经济综合科", f"新能源拉动县域经济增长{i}", ECONOMY.format(n=i % 12 + 1))
               for i in range(n)]
    energy = [("能源科", f"风电项目并网发电{i}", ENERGY.format(n=i % 12 + 1, m=i + 3)) for i in range(n)]
    return economy + energy


def _title(k: int) -> str:
    return f"安定区{OTHER_NEWS[k][:6]}，新能源拉动县域经济"


def _text(k: int) -> str:
    return ECONOMY.format(n=k % 12 + 1) + OTHER_NEWS[k]


def _route(settings: Settings, model: route_learning.RouteModel | None, title: str, body: str):
    return route_verdict(settings, unit("安定区"), title, body, model)


def test_the_office_call_is_learned_and_explained() -> None:
    settings = Settings()
    model = route_learning.train(_examples(12), settings.routing.learned_min_examples)
    title, body = "新能源拉动县域经济增长", ECONOMY.format(n=11)
    assert _route(settings, None, title, body).data["route"] == "能源科"  # the terms alone
    verdict = _route(settings, model, title, body)
    assert verdict.data["route"] == "国民经济综合科"
    reason = verdict.reasons[0]
    match = re.fullmatch(r"以往 (\d+) 条含“(..)”(?:“(..)”)?的稿件分解至国民经济综合科", reason)
    assert match, reason
    quoted = [b for b in match.groups()[1:] if b]
    examples = [f"{t}\n{b}" for s, t, b in _examples(12) if s == "国民经济综合科"]
    assert int(match[1]) == sum(all(q in text for q in quoted) for text in examples)
    # an energy item stays with 能源科, now with both kinds of evidence
    energy = _route(settings, model, "风电项目并网发电", ENERGY.format(n=3, m=9))
    assert energy.data["route"] == "能源科"


def test_silent_for_sections_with_too_few_examples() -> None:
    settings = Settings()
    few = route_learning.train(_examples(5), min_examples=8)
    assert few.eligible() == []
    assert route_learning.score(few, "新能源拉动县域经济增长", ECONOMY.format(n=1)) == []
    title, body = "新能源拉动县域经济增长", ECONOMY.format(n=11)
    assert _route(settings, few, title, body).data["route"] == "能源科"
    off = settings.model_copy(update={"routing": settings.routing.model_copy(update={"learn": False})})
    model = route_learning.train(_examples(12), 8)
    assert _route(off, model, title, body).data["route"] == "能源科"


def test_final_routes_from_the_audit_trail_teach_the_next_item(office: Office) -> None:
    config, settings, factory = office.config, office.settings, office.factory
    for uid in range(1, 11):
        office.file(county_mail("anding.xxy1@example.org", _title(uid), _text(uid), date=WHEN), WHEN)
    with factory() as session:
        routes = [i.route for i in session.scalars(select(Item).order_by(Item.id))]
        assert set(routes) == {"能源科"}
        # filed and untouched: the software's own guesses teach nothing
        assert list(route_training.labelled_examples(session, settings)) == []
    for number in range(1, 9):  # the office re-routes eight of them
        assert main(["--config", str(config), "route", f"2026-{number:04d}", "国民经济综合科"]) == 0
    with factory() as session:
        examples = list(route_training.labelled_examples(session, settings))
        assert [s for s, _, _ in examples] == ["国民经济综合科"] * 8
    # a restarted intake trains at start; the next such item goes where the office sends them
    office.restart()
    office.file(county_mail("anding.xxy1@example.org", _title(0), _text(0), date=WHEN), WHEN)
    with factory() as session:
        item = session.scalars(select(Item).order_by(Item.id.desc())).first()
        assert item is not None and item.route == "国民经济综合科"
        reasons = next(v for v in item.verdicts if v.check == "routing").reasons
        assert reasons[0].startswith("以往 8 条含") and reasons[0].endswith("的稿件分解至国民经济综合科")
