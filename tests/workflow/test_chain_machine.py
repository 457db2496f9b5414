"""The review chain as a state machine: every (state, action) pair, legal or not, and roles."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from daemon.config import Settings, parse_settings
from daemon.workflow import ACTIONS, STATES, Chain, IllegalMove, check_actor, transition

# The chain as RULES.md states it, written out independently of daemon/workflow.py.
# (state, action) -> target, for an item that is not important; None = illegal.
PLAIN = {
    ("unassigned", "route"): "routed",
    ("routed", "route"): "routed",
    ("routed", "revise"): "revised",
    ("revised", "review"): "reviewed",
    ("reviewed", "publish"): "published",
    ("reviewed", "report_up"): "reported",
    ("held", "return"): "returned",
    ("routed", "return"): "returned",
    ("revised", "return"): "returned",
    ("reviewed", "return"): "returned",
    ("signed", "return"): "returned",
    # an item signed and then un-marked important may still end the chain
    ("signed", "publish"): "published",
    ("signed", "report_up"): "reported",
}
# Important items: sign is possible after review and required before the end.
IMPORTANT = {
    **{k: v for k, v in PLAIN.items() if k not in {("reviewed", "publish"), ("reviewed", "report_up")}},
    ("reviewed", "sign"): "signed",
}


@pytest.mark.parametrize(("state", "action"), list(itertools.product(STATES, ACTIONS)))
@pytest.mark.parametrize("important", [False, True])
def test_every_move(state: str, action: str, important: bool) -> None:
    expected = (IMPORTANT if important else PLAIN).get((state, action))
    if expected is None:
        with pytest.raises(IllegalMove) as refused:
            transition(state, action, important)
        assert any("\u4e00" <= c <= "\u9fff" for c in str(refused.value)), "the message is Chinese"
    else:
        assert transition(state, action, important) == expected


def test_the_states_are_the_contracts() -> None:
    assert set(STATES) == {"held", "unassigned", "routed", "revised", "reviewed", "signed",
                           "published", "reported", "returned"}


@pytest.mark.parametrize(
    ("state", "action", "important", "words"),
    [
        ("reviewed", "publish", True, "须经委主要领导审签"),
        ("reviewed", "report_up", True, "须经委主要领导审签"),
        ("reviewed", "sign", False, "未标记为重要信息"),
        ("held", "route", False, "暂扣"),
        ("held", "publish", False, "暂扣"),
        ("held", "report_up", True, "暂扣"),
        ("unassigned", "return", False, "govinfo assign"),
        ("published", "return", False, "流程已结束"),
        ("routed", "publish", False, "当前状态为“已分解”"),
    ],
)
def test_refusals_say_why(state: str, action: str, important: bool, words: str) -> None:
    with pytest.raises(IllegalMove, match=words):
        transition(state, action, important)


def test_unknown_state_and_action() -> None:
    with pytest.raises(IllegalMove, match="未知状态"):
        transition("lost", "route", False)
    with pytest.raises(IllegalMove, match="未知操作"):
        transition("routed", "approve", False)


def test_whole_chains() -> None:
    state = "routed"
    for action in ("revise", "review", "publish"):
        state = transition(state, action, False)
    assert state == "published"
    state = "routed"
    for action in ("revise", "review", "sign", "report_up"):
        state = transition(state, action, True)
    assert state == "reported"


# -- roles ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def roster() -> Settings:
    return parse_settings(
        {
            "leaders": [
                {"name": "主任甲", "role": "principal_leader"},
                {"name": "副主任乙", "role": "supervising_leader"},
                {"name": "副主任丙", "role": "supervising_leader"},
            ],
            "units": [
                {"name": "安定区", "kind": "county", "people": [
                    {"name": "马国栋", "role": "supervising_leader"},
                    {"name": "张明", "role": "info_officer"}]},
                {"name": "价格科", "kind": "section", "class": 2, "people": [
                    {"name": "唐婷婷", "role": "head"}, {"name": "薛志远", "role": "info_officer"}]},
                {"name": "经济信息中心", "kind": "section", "class": 3, "people": [
                    {"name": "董少华", "role": "head"}]},
                {"name": "工程咨询办", "kind": "section", "class": 4},
            ],
        },
        Path("."),
    )


COUNTY_ITEM = Chain(unit="安定区", unit_kind="county", route="价格科")
SECTION_ITEM = Chain(unit="价格科", unit_kind="section", route="经济信息中心")


def test_revise_is_for_the_routed_sections_head(roster: Settings) -> None:
    assert check_actor(roster, "revise", "唐婷婷", COUNTY_ITEM) == "head"
    for name in ("薛志远", "董少华", "马国栋", "副主任乙"):
        with pytest.raises(IllegalMove, match=r"不是价格科的负责人.*唐婷婷"):
            check_actor(roster, "revise", name, COUNTY_ITEM)


def test_a_sections_own_item_is_revised_by_its_own_head(roster: Settings) -> None:
    assert check_actor(roster, "revise", "唐婷婷", SECTION_ITEM) == "head"
    with pytest.raises(IllegalMove, match="不是价格科的负责人"):
        check_actor(roster, "revise", "董少华", SECTION_ITEM)  # the info center only receives it


def test_revise_needs_a_head_on_the_roster(roster: Settings) -> None:
    with pytest.raises(IllegalMove, match="名册中未登记"):
        check_actor(roster, "revise", "谁", Chain("安定区", "county", "工程咨询办"))
    with pytest.raises(IllegalMove, match="不在名册中"):
        check_actor(roster, "revise", "谁", Chain("安定区", "county", "不存在科"))


def test_review_is_for_a_commission_supervising_leader(roster: Settings) -> None:
    assert check_actor(roster, "review", "副主任乙", COUNTY_ITEM) == "supervising_leader"
    assert check_actor(roster, "review", " 副主任丙 ", COUNTY_ITEM) == "supervising_leader"
    # the county's own 分管领导 is not in the commission's chain; nor is the principal leader
    for name in ("马国栋", "主任甲", "唐婷婷"):
        with pytest.raises(IllegalMove, match="不是委分管领导"):
            check_actor(roster, "review", name, COUNTY_ITEM)


def test_sign_is_for_the_principal_leader(roster: Settings) -> None:
    assert check_actor(roster, "sign", "主任甲", COUNTY_ITEM) == "principal_leader"
    with pytest.raises(IllegalMove, match=r"不是委主要领导.*主任甲"):
        check_actor(roster, "sign", "副主任乙", COUNTY_ITEM)


def test_office_steps_name_no_person(roster: Settings) -> None:
    with pytest.raises(IllegalMove, match="办公室"):
        check_actor(roster, "publish", "主任甲", COUNTY_ITEM)
