"""a MinHash signature per item, to screen resend candidates; items by unit and time

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27

Items filed before this revision have none; intake computes theirs the first time
they are compared, so no data migration is needed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("items") as batch:
        batch.add_column(sa.Column("resend_signature", sa.LargeBinary(), nullable=True))
    # the resend check reads a unit's latest items: with the unit index alone, SQLite
    # sorted all of the unit's items for every item filed
    op.create_index("ix_items_unit_received_at", "items", ["unit", "received_at"])
    op.drop_index("ix_items_unit", table_name="items")


def downgrade() -> None:
    op.create_index("ix_items_unit", "items", ["unit"])
    op.drop_index("ix_items_unit_received_at", table_name="items")
    with op.batch_alter_table("items") as batch:
        batch.drop_column("resend_signature")
