"""Items keep their article's footnotes and endnotes (issue 14).

Word's 字数 counts footnotes, so the length verdict counts them; an office correction of
the body recomputes the length from the corrected body and these notes. Items filed
before this revision have none recorded (their length was counted without them).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("items") as batch:
        batch.add_column(sa.Column("article_notes", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("items") as batch:
        batch.drop_column("article_notes")
