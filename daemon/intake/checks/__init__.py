"""The intake checks, in the order they run (later checks read earlier verdicts)."""

from __future__ import annotations

from daemon.intake.checks import (
    category,
    classified,
    elements,
    length,
    quality,
    request,
    routing,
    timeliness,
)
from daemon.intake.checks.category import split_category_tag
from daemon.intake.checks.request import format_request_tag
from daemon.intake.verdict import Check, CheckContext, Verdict

CHECKS: tuple[Check, ...] = (
    category.CHECK,
    length.CHECK,
    classified.CHECK,
    request.CHECK,
    elements.CHECK,
    timeliness.CHECK,
    routing.CHECK,
    quality.CHECK,
)


def run_checks(ctx: CheckContext) -> list[Verdict]:
    verdicts = []
    for check in CHECKS:
        verdict = check.check(ctx)
        ctx.verdicts[check.name] = verdict
        verdicts.append(verdict)
    return verdicts


__all__ = ["CHECKS", "format_request_tag", "run_checks", "split_category_tag"]
