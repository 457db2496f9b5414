"""attachments.screened: whether the marking screen read the whole file

Revision ID: 0007
Revises: 0010
Create Date: 2026-12-01

Only screened files are attached to route notices and forwards. Files stored before this
revision count as screened when they were read and gave text, as the screen then saw
their text (though not their headers or footnotes).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attachments") as batch:
        batch.add_column(sa.Column("screened", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.execute(
        "UPDATE attachments SET screened = (status = 'ok' AND text IS NOT NULL AND text <> '')"
    )


def downgrade() -> None:
    with op.batch_alter_table("attachments") as batch:
        batch.drop_column("screened")
