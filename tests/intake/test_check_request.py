from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from daemon.intake.checks import format_request_tag, request
from daemon.intake.checks.request import find_request_tag, match_request
from daemon.intake.verdict import OpenRequest
from tests.intake.builders import context

SHANGHAI = ZoneInfo("Asia/Shanghai")
SOLICITATION = OpenRequest(
    id=7, tag="约稿2026-007", kind="solicitation", units=("安定区", "岷县"),
    issued_on=datetime(2026, 11, 2, tzinfo=SHANGHAI), due_at=datetime(2026, 11, 21, tzinfo=SHANGHAI),
    message_ids=("<req-7@dxsfgw.126.com>",),
)
FEEDBACK = OpenRequest(
    id=3, tag="反馈2026-003", kind="feedback", units=("岷县",),
    issued_on=datetime(2026, 11, 16, tzinfo=SHANGHAI), due_at=datetime(2026, 11, 24, tzinfo=SHANGHAI),
    message_ids=("<req-3@dxsfgw.126.com>",),
)
REQUESTS = (SOLICITATION, FEEDBACK)


def test_format_request_tag() -> None:
    assert format_request_tag("solicitation", 2026, 7) == "约稿2026-007"
    assert format_request_tag("feedback", 2026, 3) == "反馈2026-003"


@pytest.mark.parametrize(
    ("subject", "tag"),
    [
        ("〔约稿2026-007〕安定区民间投资调研", "约稿2026-007"),
        ("[约稿2026-007] 安定区民间投资调研", "约稿2026-007"),
        ("约稿2026-007 安定区民间投资调研", "约稿2026-007"),
        ("回复：〔反馈2026-003〕批示办理情况", "反馈2026-003"),
        ("约稿 2026－7 安定区", "约稿2026-007"),
        ("安定区2026年民间投资调研", None),
    ],
)
def test_find_request_tag(subject: str, tag: str | None) -> None:
    assert find_request_tag(subject) == tag


def test_matched_by_tag() -> None:
    verdict = request.CHECK.check(context("〔约稿2026-007〕调研", "……", requests=REQUESTS))
    assert verdict.outcome == "matched"
    assert verdict.data == {"request_id": 7}
    assert "约稿2026-007" in verdict.reasons[0]


def test_tag_of_a_request_not_for_this_unit() -> None:
    verdict = request.CHECK.check(context("〔反馈2026-003〕办理情况", "……", requests=REQUESTS))
    assert verdict.outcome == "none"
    assert verdict.data == {"request_id": None}
    assert "不是派给本单位" in verdict.reasons[0]


def test_matched_by_in_reply_to_and_by_references() -> None:
    by_reply = context("Re: 办理情况", "……", unit_name="岷县", requests=REQUESTS,
                       in_reply_to="<req-3@dxsfgw.126.com>")
    assert request.CHECK.check(by_reply).data == {"request_id": 3}
    by_refs = context("Re: 调研", "……", requests=REQUESTS,
                      references=("<other@x>", "req-7@dxsfgw.126.com"))
    assert request.CHECK.check(by_refs).data == {"request_id": 7}


def test_reply_to_another_units_request_does_not_match() -> None:
    request_, reason = match_request("Re: 办理情况", "<req-3@dxsfgw.126.com>", (), "安定区", REQUESTS)
    assert request_ is None
    assert "没有约稿、反馈编号" in reason


def test_unknown_sender_matches_nothing() -> None:
    ctx = context("〔约稿2026-007〕调研", "……", unit_name=None, requests=REQUESTS)
    assert request.CHECK.check(ctx).data == {"request_id": None}
