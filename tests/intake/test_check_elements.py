from __future__ import annotations

from daemon.intake.checks import elements, request
from daemon.intake.checks.elements import ELEMENT_SYNONYMS, missing_elements
from daemon.intake.verdict import Verdict
from tests.intake.builders import context
from tests.intake.test_check_request import REQUESTS

COMPLETE = "一、基本情况……二、主要做法……三、存在问题……四、对策建议……"


def _elements(subject: str, body: str, unit_name: str = "安定区") -> Verdict:
    ctx = context(subject, body, unit_name=unit_name, requests=REQUESTS)
    ctx.verdicts["request"] = request.CHECK.check(ctx)
    return elements.CHECK.check(ctx)


def test_complete_solicited_item() -> None:
    verdict = _elements("〔约稿2026-007〕调研", COMPLETE)
    assert verdict.outcome == "ok"
    assert verdict.flags == ()
    assert verdict.data == {"missing": []}


def test_synonyms_count() -> None:
    body = "全县总体情况……工作举措……原因分析……下一步……"
    assert missing_elements(body) == []


def test_missing_elements_are_named_in_chinese() -> None:
    verdict = _elements("〔约稿2026-007〕调研", "一、基本情况……二、主要做法……")
    assert verdict.outcome == "missing"
    assert verdict.flags == ("missing_elements",)
    assert verdict.data == {"missing": ["分析", "对策"]}
    assert verdict.reasons == ("约稿缺少要素：分析、对策",)


def test_only_solicitations_are_checked() -> None:
    assert _elements("无编号的信息", "只有一段话").outcome == "not_applicable"
    feedback = _elements("〔反馈2026-003〕办理情况", "只有一段话", unit_name="岷县")
    assert feedback.outcome == "not_applicable"
    assert feedback.data == {"missing": []}


def test_the_four_elements() -> None:
    assert list(ELEMENT_SYNONYMS) == ["基本情况", "做法", "分析", "对策"]
