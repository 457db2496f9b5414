"""a MinHash signature per item, to screen resend candidates

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


def downgrade() -> None:
    with op.batch_alter_table("items") as batch:
        batch.drop_column("resend_signature")
