from __future__ import annotations

from daemon.config import RoutingSettings, Settings
from daemon.intake.checks import routing
from daemon.intake.checks.routing import (
    BODY_CAP,
    TITLE_FACTOR,
    choose_route,
    default_terms,
    score_routes,
)
from tests.intake.builders import context

TERMS = {
    "价格科": {"价格": 1.0, "收费": 3.0},
    "价格监测认定科": {"价格监测": 3.0},
    "能源科": {"光伏": 3.0, "风电": 3.0},
}
SECTIONS = (
    "办公室", "国民经济综合科", "固定资产投资科", "农村经济科", "产业发展科",
    "社会发展科", "地区振兴科", "发展改革和规划科", "行政审批服务科",
    "资源节约和环境保护科", "经贸和社会信用建设科", "能源科", "价格科",
    "重点项目办", "价格监测认定科", "价格成本调查监审科", "开发区建设办",
    "经济信息中心", "灾后恢复重建办", "军民融合发展科", "工程咨询办",
)


def test_bundled_terms_cover_every_section() -> None:
    terms = default_terms()
    assert sorted(terms) == sorted(SECTIONS)
    assert all(len(section_terms) >= 10 for section_terms in terms.values())


def test_longest_term_wins_so_a_shorter_one_is_not_counted_twice() -> None:
    scores = score_routes("开展价格监测，价格监测点3个。", "", TERMS)
    assert [(s.section, s.score) for s in scores] == [("价格监测认定科", 6.0)]


def test_title_weighs_more_and_repetition_is_capped() -> None:
    scores = score_routes("光伏" * 10, "风电并网", TERMS)
    assert scores[0].score == 3.0 * BODY_CAP + 3.0 * TITLE_FACTOR
    assert {(m.term, m.count) for m in scores[0].matches} == {("光伏", 10), ("风电", 1)}


def test_tie_and_no_match_go_to_the_fallback() -> None:
    tie = score_routes("收费。光伏。", "", TERMS)
    assert choose_route(tie, "办公室") == ("办公室", None)
    assert choose_route(score_routes("无关内容", "", TERMS), "办公室") == ("办公室", None)


def test_routed_verdict_lists_the_winners_terms() -> None:
    ctx = context("通渭县风电项目并网", "风电装机200万千瓦，配套储能，光伏电站3座。")
    verdict = routing.CHECK.check(ctx)
    assert verdict.outcome == "routed"
    assert verdict.data["route"] == "能源科"
    assert {"term": "风电", "section": "能源科", "weight": 3, "count": 2} in verdict.data["terms"]
    assert verdict.reasons[0].startswith("分解至能源科")
    assert "“风电”2次" in verdict.reasons[0]


def test_config_terms_replace_the_bundled_ones() -> None:
    settings = Settings(routing=RoutingSettings(terms={"价格科": {"风电": 1.0}}))
    verdict = routing.CHECK.check(context("通渭县风电并网", "风电", settings=settings))
    assert verdict.data["route"] == "价格科"


def test_no_match_goes_to_the_office() -> None:
    verdict = routing.CHECK.check(context("来函", "请查收。"))
    assert verdict.outcome == "fallback"
    assert verdict.data == {"route": "办公室", "terms": []}
    assert "未匹配" in verdict.reasons[0]


def test_a_sections_own_item_goes_to_the_info_center() -> None:
    verdict = routing.CHECK.check(context("光伏项目并网", "光伏", unit_name="能源科"))
    assert verdict.outcome == "section_item"
    assert verdict.data == {"route": "经济信息中心", "terms": []}
