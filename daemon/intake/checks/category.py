"""Category (RULES.md 信息类别): a tag in the subject or first line, else inferred.

The regulation's four categories have no required label, so many items arrive untagged.
The inference scores cue words per category (title cues weigh more than body cues, since
officers title items by genre: 调研报告, 建议, 做法) plus one length prior, and keeps the
cues it used as reasons so the office can see why a guess was made.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from daemon.intake.verdict import CheckContext, Verdict
from daemon.parsing.wordcount import count_words

CATEGORY_NAMES = {
    "research": "调研类",
    "experience": "经验做法类",
    "suggestion": "意见建议类",
    "news": "动态类",
}

# Words an officer writes in a tag; the longest alternative must be tried first.
_TAG_WORDS = {
    "调研报告": "research",
    "调查研究": "research",
    "调研": "research",
    "经验做法": "experience",
    "经验交流": "experience",
    "经验": "experience",
    "做法": "experience",
    "意见建议": "suggestion",
    "对策建议": "suggestion",
    "建议": "suggestion",
    "工作动态": "news",
    "动态": "news",
}
_WORDS = "|".join(sorted(_TAG_WORDS, key=len, reverse=True))
_OPEN, _CLOSE = "【[［〔（(", "】]］〕）)"
# 【动态】 [调研] 〔经验做法〕 （意见建议类） anywhere in the subject ...
_BRACKETED = re.compile(
    rf"[{re.escape(_OPEN)}]\s*(?P<word>{_WORDS})\s*类?\s*(?:信息)?\s*[{re.escape(_CLOSE)}]"
)
# ... or 动态类：… / 意见建议类-… at its start (possibly after another bracketed tag).
_PREFIX = re.compile(
    rf"(?:^|(?<=[{re.escape(_CLOSE)}\s]))(?P<word>{_WORDS})\s*类?\s*(?:信息)?\s*[：:\-－—–]+"
)


@dataclass(frozen=True)
class CategoryTag:
    category: str
    tag: str  # as written, e.g. 【动态】
    start: int
    end: int


def find_category_tag(text: str) -> CategoryTag | None:
    text_start = text.lstrip()
    offset = len(text) - len(text_start)
    for pattern in (_BRACKETED, _PREFIX):
        match = pattern.search(text_start)
        if match:
            return CategoryTag(
                _TAG_WORDS[match["word"]],
                match.group(0).strip(),
                offset + match.start(),
                offset + match.end(),
            )
    return None


def split_category_tag(subject: str) -> tuple[str | None, str]:
    """(category or None, the subject without the tag) — the pipeline's title."""
    tag = find_category_tag(subject)
    if tag is None:
        return None, subject.strip()
    return tag.category, (subject[: tag.start] + subject[tag.end :]).strip()


# Cue words per category: (word, weight). Title cues count once, body cues up to
# _BODY_CAP times, so a long text does not win by repetition alone.
_TITLE_CUES: dict[str, tuple[tuple[str, int], ...]] = {
    "research": (
        ("调研", 6), ("调查报告", 6), ("调查", 3), ("分析", 3), ("评估", 3), ("报告", 2),
        ("的现状", 3),
    ),
    "experience": (
        ("做法", 6), ("经验", 6), ("探索", 4), ("模式", 3), ("走出", 3), ("机制", 2),
        # “ opens a slogan such as “三个一”机制, common in experience headlines.
        ("“", 1), ("打造", 2), ("赋能", 2), ("破解", 2), ("激活", 2), ("路径", 1),
    ),
    "suggestion": (
        ("建议", 6), ("对策", 5), ("思考", 5), ("意见", 4), ("亟需", 4), ("亟待", 4),
        ("应当", 3), ("值得关注", 4), ("的问题", 3), ("需引起重视", 4), ("困境", 3),
    ),
    "news": (
        ("召开", 5), ("举办", 5), ("举行", 5), ("开展", 3), ("启动", 3), ("完成", 2),
        ("签约", 3), ("开工", 3), ("部署", 2), ("通过", 2), ("组织", 2),
        ("参加", 3), ("赴", 2), ("观摩", 2), ("印发", 2), ("出台", 2), ("迎接", 2),
    ),
}
_BODY_CUES: dict[str, tuple[tuple[str, int], ...]] = {
    "research": (
        ("调研", 2), ("走访", 1), ("座谈", 1), ("问卷", 3), ("样本", 2), ("抽样", 2),
        ("入户", 1), ("调查", 1), ("占比", 1), ("基本情况", 2), ("调研组", 2),
        ("报告如下", 2), ("分析", 1),
    ),
    "experience": (
        ("做法", 2), ("经验", 2), ("成效", 2), ("模式", 1), ("机制", 1), ("探索", 1),
        ("一是", 1), ("典型", 1), ("取得", 1),
    ),
    "suggestion": (
        ("建议", 2), ("对策", 2), ("存在问题", 1), ("亟需", 1), ("应当", 1), ("呼吁", 2),
        ("难以", 1), ("不足", 1), ("建议：", 3), ("建议如下", 3), ("提出以下", 2), ("意见建议", 2),
        ("亟待", 1),
    ),
    "news": (
        ("召开", 2), ("举行", 2), ("举办", 2), ("近日", 2), ("日前", 2), ("会议", 1),
        ("会议要求", 2), ("会上", 2), ("参加", 1), ("出席", 2), ("讲话", 1),
    ),
}
_BODY_CAP = 3
# 动态类 is the only category with a floor and a ceiling (300-500): a short text is
# most likely news, a long one most likely not.
_SHORT_TEXT = 550
_SHORT_PRIOR = 2
# News opens with when it happened: a date or 近日 within the first sentence or so (a PDF's
# text layer may put spaces around the digits); opening on it is stronger still.
_LEAD_DATE = re.compile(
    r"\d{1,2}\s*月\s*\d{1,2}\s*日|\d{1,2}\s*月[底初中]|近日|日前|近期|截至|以来")
_LEAD_CHARS = 60
_LEAD_DATE_PRIOR = 3
_OPENING_EVENT = re.compile(r"^\s*(?:\d{1,2}\s*月\s*\d{1,2}\s*日|近日|日前)")
_OPENING_EVENT_PRIOR = 3
# The genre word closing a title (…的几点建议, …调研报告, …的做法) names the category.
_TITLE_ENDINGS = (
    ("research", ("调研报告", "调查报告", "调研", "调查与思考", "现状调研", "调研分析")),
    ("experience", ("做法", "经验", "做法与成效", "新模式", "新路径")),
    ("suggestion", ("建议", "对策建议", "对策", "思考和建议", "值得关注")),
)
_TITLE_ENDING_WEIGHT = 6
# On a tie the more common category wins: county bureaus send news most.
_TIE_ORDER = ("news", "experience", "suggestion", "research")


def infer_category(title: str, body: str) -> tuple[str, tuple[str, ...]]:
    """Guess the category from title and body; returns it with the cues that decided it."""
    scores = dict.fromkeys(CATEGORY_NAMES, 0)
    cues: dict[str, list[str]] = {c: [] for c in CATEGORY_NAMES}
    for category, words in _TITLE_CUES.items():
        for word, weight in words:
            if word in title:
                scores[category] += weight
                cues[category].append(f"标题含“{word}”")
    for category, words in _BODY_CUES.items():
        for word, weight in words:
            count = body.count(word)
            if count:
                scores[category] += weight * min(count, _BODY_CAP)
                cues[category].append(f"正文“{word}”{count}处")
    length = count_words(body)
    if length <= _SHORT_TEXT:
        scores["news"] += _SHORT_PRIOR
        cues["news"].append(f"正文仅 {length} 字")
    if _LEAD_DATE.search(body[:_LEAD_CHARS]):
        scores["news"] += _LEAD_DATE_PRIOR
        if _OPENING_EVENT.match(body):
            scores["news"] += _OPENING_EVENT_PRIOR
        cues["news"].append("正文以事件时间开头")
    for line in title.splitlines():
        for category, endings in _TITLE_ENDINGS:
            ending = next((e for e in endings if line.rstrip().endswith(e)), None)
            if ending is not None:
                scores[category] += _TITLE_ENDING_WEIGHT
                cues[category].append(f"标题以“{ending}”结尾")
    best = max(_TIE_ORDER, key=lambda c: scores[c])
    if scores[best] == 0:
        return "news", ("未见类别特征，按动态类处理",)
    return best, (f"推断为{CATEGORY_NAMES[best]}：" + "，".join(cues[best]),)


def category_verdict(
    subject: str, title: str, body: str, heading: Sequence[str] = ()
) -> Verdict:
    """The category of an article: a tag in the subject, the article's head lines (its
    title line as written, the lines above it) or its first line, else inferred from the
    title and body. Plain data in, so an edit of the title or body can call it again."""
    first_line = next((ln for ln in body.splitlines() if ln.strip()), "")
    places = (("邮件主题", subject), *(("稿件标题", line) for line in heading),
              ("正文首行", first_line))
    for place, text in places:
        tag = find_category_tag(text)
        if tag is not None:
            return Verdict(
                CategoryCheck.name,
                "tagged",
                (f"{place}标注“{tag.tag}”，按{CATEGORY_NAMES[tag.category]}处理",),
                data={"category": tag.category, "inferred": False, "tag": tag.tag},
            )
    category, reasons = infer_category(split_category_tag(title)[1], body)
    return Verdict(
        CategoryCheck.name,
        "inferred",
        reasons,
        data={"category": category, "inferred": True, "tag": None},
    )


class CategoryCheck:
    name = "category"
    description = "信息类别：读取主题或首行的类别标签，没有标签时按内容推断"

    def check(self, ctx: CheckContext) -> Verdict:
        article = ctx.message.article
        heading = tuple(line for line in (article.title, *article.skipped) if line)
        return category_verdict(ctx.message.subject, ctx.title, article.body, heading)


CHECK = CategoryCheck()
