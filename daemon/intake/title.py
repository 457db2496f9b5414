"""An item's title: the article's own title line; the mail subject only when it has none.

A subject is a poor title. It carries reply and forward prefixes (回复：转发：Fw: Re:,
stacked), a request tag (〔约稿2026-002〕), the officer's name (…（王芳）), a correction or
format suffix (（更正稿）（修改稿，原编号2026-0006）（PDF）), or says nothing at all
(安定区发展改革局报送信息, 价格监测信息). It is also often cut short (渭源县以工代赈项目 for
渭源县以工代赈项目带动群众务工500人). So the article's title wins; the subject, kept whole in
the item's record, is used only when the article has no title line, and then cleaned, and
never when it is generic.
"""

from __future__ import annotations

import re

from daemon.intake.checks.category import split_category_tag
from daemon.parsing.names import NO_ROSTER, Roster, looks_like_name, looks_like_unit

UNTITLED = "（无标题）"

_PREFIX = re.compile(
    r"^\s*(?:回复|答复|回覆|转发|转|答|Re|RE|Fw|FW|Fwd|FWD|AW|WG)\s*(?:\[\d+\])?\s*[:：]\s*"
    r"|^\s*[【\[](?:转发|回复)[】\]]\s*",
    re.IGNORECASE,
)
_REQUEST_TAG = re.compile(
    r"[〔【\[［(（]?\s*(?:约稿|反馈|批示反馈)\s*\d{4}\s*[-－—]\s*\d{1,4}\s*[〕】\]］)）]?"
)
_VERSION_WORDS = (
    r"更正稿|更正|修改稿|修订稿|修改版|修订版|重发|重报|重报稿|补发|定稿|终稿|最终版|"
    r"第[一二三四五六七八九十\d]+稿|[一二三四\d]稿|PDF版?|pdf版?|Word版?|word版?|WPS版?|wps版?"
)
# （修改稿，原编号2026-0006） （重发） -修改稿 _第二稿
_VERSION = re.compile(
    rf"\s*[（(【\[]\s*(?:{_VERSION_WORDS})(?:[，,、\s]*[^）)】\]]{{0,20}})?\s*[）)】\]]"
    rf"|\s*[-_—－]+\s*(?:{_VERSION_WORDS})\s*$"
    r"|\s*[（(]\s*原(?:编号|稿)[^）)]{0,20}[）)]"
)
_TRAILING_PAREN = re.compile(r"\s*[（(]([^（）()]{1,30})[）)]\s*$")
_SEPARATORS = re.compile(r"[\s\u3000、，,；;]+")
# What a generic subject is made of: once these are taken away nothing is left.
_GENERIC_PARTS = re.compile(
    r"[\u4e00-\u9fff]{1,5}(?:市|区|县|镇|乡|街道)|定西市?|"
    r"发展和改革委员会|发展和改革局|发展改革委|发展改革局|发改委|发改局|人民政府|政府|"
    r"报送|上报|呈报|提交|发送|投稿|转发|请审核|请审阅|审核|审阅|请查收|"
    r"政务信息|工作信息|信息稿件|稿件|信息|动态|工作动态|简报|材料|价格监测|监测|"
    r"本周|本月|上月|本期|近期|今日|关于|的|一则|一条|一篇|一份|"
    r"\d{4}\s*年|\d{1,2}\s*月份?|\d{1,2}\s*日|第\s*\d+\s*期|\d+\s*[条篇则份]|[\W_\d]"
)
_GENERIC_RESIDUE = 3  # fewer hanzi than this left: the subject says nothing of its own


def clean_subject(subject: str, roster: Roster = NO_ROSTER) -> str:
    """The subject without prefixes, tags, names and correction or format suffixes."""
    text = " ".join(subject.split())
    while (match := _PREFIX.match(text)) is not None and match.end() > 0:
        text = text[match.end() :]
    text = _REQUEST_TAG.sub("", split_category_tag(text)[1])
    previous = None
    while previous != text:
        previous = text
        text = _VERSION.sub("", text).strip()
        trailing = _TRAILING_PAREN.search(text)
        if trailing and _names_someone(trailing[1], roster):
            text = text[: trailing.start()].strip()
    return text.strip(" -_—－：:，,")


def _names_someone(inner: str, roster: Roster) -> bool:
    """（王芳） （王芳 李华） （安定区发改局 王芳）: the sender's signature in a subject."""
    tokens = [t for t in _SEPARATORS.split(inner.strip()) if t]
    if not tokens:
        return False
    if looks_like_unit(tokens[0], roster):
        tokens = tokens[1:]
    return all(looks_like_name(t, roster) for t in tokens)


def is_generic(subject: str) -> bool:
    """True when the (cleaned) subject names no subject of its own: 价格监测信息."""
    residue = _GENERIC_PARTS.sub("", subject)
    return len(re.findall(r"[\u4e00-\u9fffA-Za-z]", residue)) < _GENERIC_RESIDUE


def choose_title(subject: str, article_title: str | None, roster: Roster = NO_ROSTER) -> str:
    """The item's title: the article's title line, else the cleaned subject if it says
    something, else UNTITLED."""
    if article_title:
        own = split_category_tag(article_title)[1].strip()
        if own:
            return own
    cleaned = clean_subject(subject, roster)
    if cleaned and not is_generic(cleaned):
        return cleaned
    return UNTITLED
