"""what OCR read off adoption evidence, and the adoption it proposes

Revision ID: 0011
Revises: 0007
Create Date: 2026-12-01

Evidence filed before this revision is unread (read_state NULL); the evidence reader
reads the pending ones on its next pass.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        batch.add_column(sa.Column("unit", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("read_state", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("read_text", sa.Text(), nullable=True))
        batch.add_column(sa.Column("read_note", sa.Text(), nullable=True))
        batch.add_column(sa.Column("proposed_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("confidence", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("evidence") as batch:
        for column in ("confidence", "proposed_on", "read_note", "read_text", "read_state", "unit"):
            batch.drop_column(column)
