"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from daemon.db import current_revision, head_revision, make_engine, require_migrated, upgrade
from daemon.models import Base


def test_upgrade_reaches_head_and_matches_the_models(database_url):
    engine = make_engine(database_url)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    require_migrated(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    engine.dispose()
