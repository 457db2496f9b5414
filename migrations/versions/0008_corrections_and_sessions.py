"""revocations of adoptions and deductions, corrected items' originals, session versions

Revision ID: 0008
Revises: 0004
Create Date: 2026-12-01

Nothing existing is revoked or corrected, and every account starts at session version 0
(cookies issued before this revision carry none and must log in again).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0004"
branch_labels = None
depends_on = None

REVOCABLE = ("adoptions", "deductions")


def upgrade() -> None:
    for table in REVOCABLE:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True))
            batch.add_column(sa.Column("revoked_by", sa.String(200), nullable=True))
            batch.add_column(sa.Column("revoke_reason", sa.Text(), nullable=True))
    with op.batch_alter_table("items") as batch:
        batch.add_column(sa.Column("original", sa.JSON(), nullable=True))
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("session_version", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_version")
    with op.batch_alter_table("items") as batch:
        batch.drop_column("original")
    for table in REVOCABLE:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("revoke_reason")
            batch.drop_column("revoked_by")
            batch.drop_column("revoked_at")
