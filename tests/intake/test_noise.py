"""Which mail is noise: auto-replies in every spelling, and answers to our own mail."""

from __future__ import annotations

import dataclasses

import pytest

from daemon.config import Settings
from daemon.intake.noise import ignore_reason, is_auto_reply_subject, our_mail, own_words
from daemon.parsing.model import Article
from tests.intake.builders import attachment, message

SETTINGS = Settings()
ARTICLE = "安定区召开重点项目建设推进会。" * 20  # 300 字, a submission's length


@pytest.mark.parametrize("subject", [
    "Re: 自动回复", "【自动回复】您好", "答复: 自动回复：已收到", "休假自动回复", "自动答复",
    "Automatische Antwort: Bericht", "[Auto Reply] 收到", "Out of Office: 外出", "RE：Re: [自动回复]",
    "AutoReply: x", "Automatic reply: 关于报送",
])
def test_auto_reply_subjects(subject: str) -> None:
    assert is_auto_reply_subject(subject, SETTINGS.noise)


@pytest.mark.parametrize("subject", [
    "【动态】全区推进自动化生产线改造", "自动化改造经验", "回复：关于项目的建议", "【调研】外出务工人员情况",
])
def test_ordinary_subjects(subject: str) -> None:
    assert not is_auto_reply_subject(subject, SETTINGS.noise)


def test_our_subject_tags_come_from_the_templates() -> None:
    tags, phrases = our_mail()
    assert {"〔收稿回执〕", "〔信息分解〕", "〔退稿通知〕", "【报送提醒】"} <= set(tags)
    assert "此邮件由系统自动发送，请勿直接回复。" in phrases


def test_own_words_stop_where_our_quoted_mail_starts() -> None:
    reply = "我在休假。\n原邮件：\n张明：\n\n您于 2026-11-20 09:00 报送的信息已登记。\n" + ARTICLE
    assert own_words(reply) == "我在休假。\n原邮件：\n张明：\n\n"
    assert own_words(ARTICLE) == ARTICLE
    quoted = "我在休假。\n> 主题：〔收稿回执〕2026-0001 标题\n" + ARTICLE
    assert own_words(quoted) == "我在休假。\n"
    # our tag in the sender's own sentence is not a quote: the article below it counts
    own = "关于〔退稿通知〕2026-0003，修改稿如下：\n" + ARTICLE
    assert own_words(own) == own


def reply(body: str, subject: str = "回复：〔收稿回执〕2026-0001 标题", **changes: object):
    parsed = message(subject, body)
    return dataclasses.replace(parsed, article=Article("body", None, None, (), body), **changes)


def test_a_reply_to_our_mail_is_ignored_unless_it_carries_an_article() -> None:
    assert ignore_reason(reply("收到，谢谢。"), SETTINGS) == "reply_to_our_mail"
    assert ignore_reason(reply(ARTICLE), SETTINGS) is None
    with_docx = reply("见附件", attachments=(attachment("修改稿.docx", ARTICLE),))
    assert ignore_reason(with_docx, SETTINGS) is None
    # no tag in the subject: only the outbox lookup (replies_to_ours) tells
    neutral = reply("收到。", subject="您好")
    assert ignore_reason(neutral, SETTINGS) is None
    assert ignore_reason(neutral, SETTINGS, replies_to_ours=True) == "reply_to_our_mail"


@pytest.mark.parametrize("shown, reason", [
    ("<>", "robot_sender"),
    ('"我" <>', "robot_sender"),
    ("****", "robot_sender"),
    ("purchasing@a.example <do-not-reply@b.example>", "robot_sender"),
    ("MAILER DAEMON <postmaster@x>", "bounce"),
    ("anding.xxy1@example.org <attacker@evil.example>", None),  # filed, flagged
])
def test_an_ambiguous_sender_is_a_robot_only_when_it_says_so(shown: str, reason: str | None) -> None:
    parsed = dataclasses.replace(message("【动态】标题", ARTICLE), from_name=shown, from_addr="",
                                 flags=("sender_ambiguous",))
    assert ignore_reason(parsed, SETTINGS) == reason
