"""What several checks share: reading an earlier check's verdict."""

from __future__ import annotations

from daemon.intake.verdict import CheckContext, Verdict


def earlier(ctx: CheckContext, name: str) -> Verdict:
    """The verdict of a check that runs before this one (CHECKS fixes the order)."""
    try:
        return ctx.verdicts[name]
    except KeyError:
        raise LookupError(f"check {name!r} must run first; use run_checks()") from None
