"""The scoreboard: the database's rows as scoring records, scored for a period.

The scoring itself is daemon/scoring (pure, no database); this module only reads:

- a Submission per filed item, in the unit it has now (None for an unknown sender until
  the office assigns it), ``counts`` False for a superseded resend, authors as filed;
- an Adoption per adoptions row, with its item's unit and authors;
- a Deduction per deductions row;

revoked rows (``govinfo revoke``) count for nothing and are not read.

Records are read for the period's year only: every period lies inside one year, and the
scorer needs the year from January 1 for a section's pace.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from daemon.config import Settings
from daemon.models import Adoption as AdoptionRow
from daemon.models import Deduction as DeductionRow
from daemon.models import Item
from daemon.scoring import Adoption, Deduction, Period, Submission, score_period


def submissions(session: Session, year: int) -> list[Submission]:
    items = session.scalars(select(Item).where(Item.year == year).order_by(Item.id))
    return [
        Submission(
            item=i.number,
            unit=i.unit,
            authors=tuple(i.authors),
            received_at=i.received_at,
            counts=not i.superseded,
        )
        for i in items
    ]


def adoptions(session: Session, year: int) -> list[Adoption]:
    rows = session.execute(
        select(AdoptionRow, Item)
        .join(Item, AdoptionRow.item_id == Item.id)
        .where(AdoptionRow.adopted_on >= date(year, 1, 1), AdoptionRow.adopted_on < date(year + 1, 1, 1),
               AdoptionRow.revoked_at.is_(None))
        .order_by(AdoptionRow.id)
    )
    return [
        Adoption(
            item=item.number,
            unit=item.unit,
            authors=tuple(item.authors),
            outlet=row.outlet,
            adopted_on=row.adopted_on,
        )
        for row, item in rows
    ]


def deductions(session: Session, year: int) -> list[Deduction]:
    rows = session.execute(
        select(DeductionRow, Item.number)
        .outerjoin(Item, DeductionRow.item_id == Item.id)
        .where(DeductionRow.on >= date(year, 1, 1), DeductionRow.on < date(year + 1, 1, 1),
               DeductionRow.revoked_at.is_(None))
        .order_by(DeductionRow.id)
    )
    return [Deduction(unit=row.unit, kind=row.kind, on=row.on, item=number)  # type: ignore[arg-type]
            for row, number in rows]


def scoreboard(session: Session, settings: Settings, period: Period, today: date | None) -> dict[str, Any]:
    """CONTRACT.md's ``score --period P --json`` object, from the database."""
    year = period.year
    return score_period(
        settings,
        period,
        submissions(session, year),
        adoptions(session, year),
        deductions(session, year),
        today=today,
    )
