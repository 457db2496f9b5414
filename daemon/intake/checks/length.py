"""Length (RULES.md 字数): Word's 字数 of the body against the category's limit."""

from __future__ import annotations

from daemon.config import LengthLimit, Settings
from daemon.intake.checks._common import earlier
from daemon.intake.checks.category import CATEGORY_NAMES
from daemon.intake.verdict import CheckContext, Verdict

NAME = "length"


def describe_limit(limit: LengthLimit) -> str:
    if limit.min is not None and limit.max is not None:
        return f"{limit.min}—{limit.max} 字"
    if limit.max is not None:
        return f"不超过 {limit.max} 字"
    if limit.min is not None:
        return f"不少于 {limit.min} 字"
    return "不限字数"


def judge_length(length: int, limit: LengthLimit) -> str:
    if limit.max is not None and length > limit.max:
        return "over_length"
    if limit.min is not None and length < limit.min:
        return "under_length"
    return "ok"


def length_verdict(settings: Settings, category: str, length: int) -> Verdict:
    """The verdict on an article of ``length`` 字 in ``category``; an edit of the body or
    the category calls this again (with Article.length or count_words of the new body)."""
    limit = settings.limits.for_category(category)
    outcome = judge_length(length, limit)
    kind, wanted = CATEGORY_NAMES[category], describe_limit(limit)
    if outcome == "ok":
        reason = f"正文 {length} 字，符合{kind}信息{wanted}的要求"
    else:
        verb = "应为 " if wanted[0].isdigit() else "应"
        reason = f"正文 {length} 字，{kind}信息{verb}{wanted}"
    return Verdict(
        NAME,
        outcome,
        (reason,),
        flags=() if outcome == "ok" else (outcome,),
        data={"length": length, "length_ok": outcome == "ok"},
    )


class LengthCheck:
    name = NAME
    description = "字数：按 Word 字数统计方法计算正文字数（含脚注、尾注），对照该类别的字数要求"

    def check(self, ctx: CheckContext) -> Verdict:
        category = earlier(ctx, "category").data["category"]
        return length_verdict(ctx.settings, category, ctx.message.article.length)


CHECK = LengthCheck()
