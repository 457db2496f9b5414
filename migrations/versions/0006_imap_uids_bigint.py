"""IMAP UIDVALIDITY and UIDs are unsigned 32-bit numbers: store them as BIGINT.

PostgreSQL's INTEGER is signed 32-bit, so a mailbox whose UIDVALIDITY is above
2147483647 (Dovecot and 126.com both hand out such values) could not be recorded and
intake stopped on the first pass. SQLite's INTEGER was already 64-bit.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_COLUMNS = {"mailbox_state": ("uidvalidity", "last_uid"), "messages": ("uidvalidity", "uid")}


def _retype(old: sa.types.TypeEngine, new: sa.types.TypeEngine) -> None:
    for table, columns in _COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.alter_column(column, existing_type=old, type_=new,
                                   existing_nullable=False)


def upgrade() -> None:
    _retype(sa.Integer(), sa.BigInteger())


def downgrade() -> None:
    _retype(sa.BigInteger(), sa.Integer())
