"""holiday notices imported by the office: the years and their days

Revision ID: 0005
Revises: 0009
Create Date: 2026-11-28

chinesecalendar only knows the years published before its release; the office imports
each later year's State Council notice (`govinfo calendar import`) into these tables.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "calendar_years",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("notice", sa.Text(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("year"),
    )
    op.create_table(
        "calendar_days",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("festival", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["year"], ["calendar_years.year"]),
        sa.PrimaryKeyConstraint("year", "day"),
    )


def downgrade() -> None:
    op.drop_table("calendar_days")
    op.drop_table("calendar_years")
