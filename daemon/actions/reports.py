"""Word documents, as the office asks for them (daemon/documents does the work)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from daemon.actions.base import Actor, Done, Invalid, Refusal
from daemon.actions.common import office_today
from daemon.actions.permissions import require
from daemon.config import Settings
from daemon.scoring import parse_period


def generate_report(session: Session, settings: Settings, actor: Actor, *, kind: str, period: str | None,
                    out: Path | None = None, items: list[str] | None = None) -> Done:
    """Write one Word document (or a shortfall notice per lagging unit), with an .xlsx of its
    tables beside it, and record it. ``items``: the bulletin's chosen items, in order."""
    # imported here: matplotlib and python-docx take half a second, which every other action would pay
    from daemon.documents.chart import ChartFontMissing
    from daemon.documents.generate import WrongItems, WrongPeriod, write_report
    from daemon.documents.wording import KINDS

    require(actor, "report")
    if kind not in KINDS:
        raise Invalid(f"未知的文档类型：{kind}（{'、'.join(KINDS)}）")
    try:
        parsed = parse_period(period) if period else None
    except ValueError as exc:
        raise Invalid(str(exc)) from exc
    try:
        paths = write_report(session, settings, kind, parsed, office_today(settings), out, items)
    except WrongPeriod as exc:
        raise Invalid(str(exc)) from exc
    except WrongItems as exc:
        raise Refusal(str(exc), "wrong_items") from exc
    except ChartFontMissing as exc:
        raise Refusal(str(exc), "font_missing") from exc
    if not paths:
        if kind == "bulletin":
            said = f"{period} 没有尚未编入简报的简报采用信息，未生成新一期简报。"
        else:
            said = f"{period} 各单位均未落后，无需发督促通知。"
        return Done(said, {"paths": []})
    return Done("\n".join(str(p) for p in paths), {"paths": [str(p) for p in paths]})
