"""Evidence mails: recognising them and matching them to an item (pure functions)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from daemon.intake.evidence import (
    TITLE_MATCH_RATIO,
    guess_outlet,
    looks_like_evidence,
    match_evidence,
    title_similarity,
)
from daemon.parsing.model import Article, Attachment, ParsedMessage

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
PDF = b"%PDF-1.4\n%scan\n"


@dataclass(frozen=True)
class Candidate:
    number: str
    title: str


ITEMS = [
    Candidate("2026-0003", "安定区召开重点项目建设推进会"),
    Candidate("2026-0007", "安定区推行企业开办一日办结"),
    Candidate("2026-0012", "安定区光伏扶贫电站收益分配情况调研"),
]


def attachment(name: str, data: bytes, content_type: str) -> Attachment:
    return Attachment(name, content_type, data, "x" * 64, None, "not_text")


def parsed(subject: str, body: str, *attachments: Attachment) -> ParsedMessage:
    return ParsedMessage(
        message_id="<e@example.org>", subject=subject, from_name="张明",
        from_addr="anding.xxy1@example.org", to=("dxsfgw@126.com",), date=None,
        in_reply_to=None, references=(), auto_submitted=None, precedence=None, list_id=None,
        x_loop=None, content_type="multipart/mixed", is_dsn=False, body_text=body,
        body_charset="utf-8", attachments=attachments,
        article=Article("body", None, None, (), body),
    )


SCREENSHOT = attachment("截图.png", PNG, "image/png")


@pytest.mark.parametrize(
    ("subject", "body", "files", "expected"),
    [
        ("2026-0012号信息已被定西党政网采用", "截图见附件。", [SCREENSHOT], True),
        ("采用截图", "我局《安定区推行企业开办一日办结》一文，", [SCREENSHOT], True),
        ("报送采用证明", "我局信息被《定西日报》刊登，扫描件见附件。",
         [attachment("scan.pdf", PDF, "application/octet-stream")], True),
        ("录用情况", "见附件", [attachment("page", PDF, "application/pdf")], True),
        # no image or PDF: a note alone proves nothing
        ("2026-0012号信息已被定西党政网采用", "请查收。", [], False),
        # a submission: its article speaks of adoptions, but it carries a category tag …
        ("【经验做法】安定区信息工作被省级采用", "正文", [SCREENSHOT], False),
        # … or a Word document
        ("我局信息已被采用的经验",
         "正文", [SCREENSHOT, attachment("稿件.docx", b"PK", "application/msword")], False),
        # 采用 in ordinary prose is not an adoption
        ("安定区采用新模式推进项目建设", "全文见附件。", [SCREENSHOT], False),
        # the note is at the top; an adoption mentioned deep in a long article does not count
        ("工作情况", "今年以来我县持续推进信息工作。" * 30 + "被委门户网站采用31条。", [SCREENSHOT], False),
    ],
)
def test_looks_like_evidence(subject: str, body: str, files: list[Attachment], expected: bool) -> None:
    assert looks_like_evidence(parsed(subject, body, *files)) is expected


def test_a_quoted_number_wins() -> None:
    item, reason = match_evidence("2026-0007号信息已被采用", "《安定区召开重点项目建设推进会》", ITEMS)
    assert item == ITEMS[1]
    assert "2026-0007" in reason


def test_a_number_of_another_unit_falls_back_to_the_title() -> None:
    item, reason = match_evidence("2025-0099号信息已被采用", "即《安定区召开重点项目建设推进会》", ITEMS)
    assert item == ITEMS[0]
    assert "2025-0099 不在候选信息中" in reason and "标题相似度 1.00" in reason


def test_a_title_quoted_with_small_changes_matches() -> None:
    item, reason = match_evidence("采用截图", "我局“安定区光伏扶贫电站收益分配调研”被省发展改革委采用", ITEMS)
    assert item == ITEMS[2]
    assert reason.startswith("标题相似度")


def test_no_similar_title_is_left_to_the_office() -> None:
    item, reason = match_evidence("采用截图", "我局《渭源县中药材产业发展报告》被采用", ITEMS)
    assert item is None
    assert "未找到标题相近的信息" in reason and "请办公室指定" in reason


def test_a_tie_is_left_to_the_office() -> None:
    twins = [Candidate("2026-0001", "安定区召开推进会"), Candidate("2026-0002", "安定区召开推进会")]
    item, reason = match_evidence("已被采用", "《安定区召开推进会》", twins)
    assert item is None
    assert "2026-0001、2026-0002 同样相近" in reason


def test_similarity_threshold() -> None:
    title = "安定区召开重点项目建设推进会"
    assert title_similarity(f"我局《{title}》已被采用", title) == 1.0
    assert title_similarity("我局《安定区召开项目建设推进会》已被采用", title) >= TITLE_MATCH_RATIO
    assert title_similarity("我局《安定区召开安全生产会》已被采用", title) < TITLE_MATCH_RATIO
    assert title_similarity("anything", "") == 0.0


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("已被定西党政网采用", "party_gov_net"),
        ("《定西日报》刊登", "daily"),
        ("被《呈阅件》采用", "digest"),
        ("被省发展改革委采用", "provincial"),
        ("被人民日报刊发", "national"),
        ("被简报采用", "bulletin"),
        ("已被采用", None),
    ],
)
def test_guess_outlet(text: str, outlet: str | None) -> None:
    assert guess_outlet(text) == outlet
