from __future__ import annotations

import pytest

from daemon.intake.checks import CHECKS, run_checks
from daemon.intake.checks.length import CHECK as LENGTH
from tests.intake.builders import checked, context


def test_fixed_order_and_chinese_descriptions() -> None:
    assert [c.name for c in CHECKS] == [
        "category", "length", "classified", "request", "elements", "timeliness", "routing", "quality",
    ]
    assert all(c.description for c in CHECKS)


def test_run_checks_stores_every_verdict_by_name() -> None:
    ctx = context("【动态】通渭县风电并网", "11月24日，通渭县风电项目并网发电。")
    verdicts = run_checks(ctx)
    assert [v.check for v in verdicts] == [c.name for c in CHECKS]
    assert ctx.verdicts == {v.check: v for v in verdicts}


def test_a_held_item_still_gets_a_route() -> None:
    ctx = checked("通渭县风电情况", "机密★1年\n风电装机200万千瓦。")
    assert ctx.verdicts["classified"].data["held"]
    assert ctx.verdicts["routing"].data["route"] == "能源科"


def test_a_check_run_out_of_order_says_so() -> None:
    with pytest.raises(LookupError, match="category"):
        LENGTH.check(context("标题", "正文"))
