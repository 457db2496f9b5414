"""Word documents, as the office asks for them (daemon/documents does the work)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from daemon.actions.base import Actor, Done, Invalid, Refusal
from daemon.actions.common import office_today
from daemon.actions.permissions import require
from daemon.config import Settings
from daemon.scoring import parse_period


def generate_report(session: Session, settings: Settings, actor: Actor, *, kind: str, period: str,
                    out: Path | None = None) -> Done:
    """Write one Word document (or a shortfall notice per lagging unit) and record it."""
    # imported here: matplotlib and python-docx take half a second, which every other action would pay
    from daemon.documents.chart import ChartFontMissing
    from daemon.documents.generate import WrongPeriod, write_report
    from daemon.documents.wording import KINDS

    require(actor, "report")
    if kind not in KINDS:
        raise Invalid(f"未知的文档类型：{kind}（{'、'.join(KINDS)}）")
    try:
        parsed = parse_period(period)
    except ValueError as exc:
        raise Invalid(str(exc)) from exc
    try:
        paths = write_report(session, settings, kind, parsed, office_today(settings), out)
    except WrongPeriod as exc:
        raise Invalid(str(exc)) from exc
    except ChartFontMissing as exc:
        raise Refusal(str(exc), "font_missing") from exc
    if not paths:
        if kind == "bulletin":
            said = f"{parsed.label} 没有尚未编入简报的简报采用信息，未生成新一期简报。"
        else:
            said = f"{parsed.label} 各单位均已完成任务，无需发督促通知。"
        return Done(said, {"paths": []})
    return Done("\n".join(str(p) for p in paths), {"paths": [str(p) for p in paths]})
