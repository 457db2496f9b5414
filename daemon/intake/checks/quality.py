"""Quality pre-review (daemon/intake/quality.py) as the last intake check: advice, never a flag.

The verdict's reasons are the checklist, one line per criterion (✓ met, ✗ expected of
this category and missing, · not expected); its data is the review as a dict, with the
score the monthly statistics average and the advice the acknowledgement gives.
"""

from __future__ import annotations

from daemon.intake.checks._common import earlier
from daemon.intake.checks.request import matched_request
from daemon.intake.quality import review
from daemon.intake.verdict import CheckContext, Verdict


class QualityCheck:
    name = "quality"
    description = "质量预审：有情况、有分析、有建议，背景、典型案例、详实数据，字数与语言"

    def check(self, ctx: CheckContext) -> Verdict:
        category = earlier(ctx, "category").data["category"]
        request = matched_request(ctx)
        result = review(
            f"{ctx.title}\n{ctx.message.article.body}",
            category,
            ctx.settings.limits.for_category(category),
            ctx.settings.quality,
            solicited=request is not None and request.kind == "solicitation",
        )
        lines = [
            f"{'✓' if c.ok else ('✗' if c.expected else '·')} {c.label}：{c.detail}" for c in result.criteria
        ]
        outcome = "ok" if not result.advice() else "advice"
        return Verdict(self.name, outcome, tuple(lines), data=result.as_dict())


CHECK = QualityCheck()
