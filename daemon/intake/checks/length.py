"""Length (RULES.md 字数): Word's 字数 of the body against the category's limit."""

from __future__ import annotations

from daemon.config import LengthLimit
from daemon.intake.checks._common import earlier
from daemon.intake.checks.category import CATEGORY_NAMES
from daemon.intake.verdict import CheckContext, Verdict
from daemon.parsing.wordcount import count_words


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


class LengthCheck:
    name = "length"
    description = "字数：按 Word 字数统计方法计算正文字数，对照该类别的字数要求"

    def check(self, ctx: CheckContext) -> Verdict:
        category = earlier(ctx, "category").data["category"]
        limit = ctx.settings.limits.for_category(category)
        length = count_words(ctx.message.article.body)
        outcome = judge_length(length, limit)
        kind, wanted = CATEGORY_NAMES[category], describe_limit(limit)
        if outcome == "ok":
            reason = f"正文 {length} 字，符合{kind}信息{wanted}的要求"
        else:
            verb = "应为 " if wanted[0].isdigit() else "应"
            reason = f"正文 {length} 字，{kind}信息{verb}{wanted}"
        return Verdict(
            self.name,
            outcome,
            (reason,),
            flags=() if outcome == "ok" else (outcome,),
            data={"length": length, "length_ok": outcome == "ok"},
        )


CHECK = LengthCheck()
