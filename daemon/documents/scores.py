"""The score of a period, loaded from the database for the documents.

The scoring engine is pure (``daemon.scoring.score_period``); this module builds its
records from the tables. It is the one place the documents load scores from, so a shared
loader elsewhere can replace ``load_records`` without touching the builders.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from daemon.config import Settings
from daemon.models import Adoption, Deduction, Item
from daemon.scoring import Period, score_period
from daemon.scoring import records as scoring


def load_records(
    session: Session,
) -> tuple[list[scoring.Submission], list[scoring.Adoption], list[scoring.Deduction]]:
    """Every record: the scorer takes what falls in its period (and the year's pace)."""
    items = {item.id: item for item in session.scalars(select(Item))}
    submissions = [
        scoring.Submission(
            item=item.number,
            unit=item.unit,
            authors=tuple(item.authors),
            received_at=item.received_at,
            counts=not item.superseded,
        )
        for item in items.values()
    ]
    adoptions = [
        scoring.Adoption(
            item=items[row.item_id].number,
            unit=items[row.item_id].unit,
            authors=tuple(items[row.item_id].authors),
            outlet=row.outlet,
            adopted_on=row.adopted_on,
        )
        for row in session.scalars(select(Adoption))
    ]
    deductions = [
        scoring.Deduction(
            unit=row.unit,
            kind=row.kind,  # type: ignore[arg-type]  # the column holds DeductionKind values
            on=row.on,
            item=items[row.item_id].number if row.item_id in items else None,
        )
        for row in session.scalars(select(Deduction))
    ]
    return submissions, adoptions, deductions


def period_score(session: Session, settings: Settings, period: Period, today: date | None
                 ) -> dict[str, Any]:
    """CONTRACT.md's score object of ``period``; ``today`` marks a running year provisional."""
    submissions, adoptions, deductions = load_records(session)
    return score_period(settings, period, submissions, adoptions, deductions, today)
