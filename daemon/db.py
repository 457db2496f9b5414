"""Engine, sessions and the migration gate."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.orm import Session, sessionmaker

from daemon.paths import PROJECT_ROOT

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

# alembic is imported inside the functions that need it: a verb that only checks the
# database's revision should not pay for loading alembic's migration machinery

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"


class NotMigrated(Exception):
    """The database is missing migrations; the operator must run `govinfo db upgrade`."""


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and not path.startswith(":memory:"):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
            # WAL lets the CLI read while the daemon writes; foreign keys are off by default.
            # synchronous=NORMAL: in WAL mode a commit no longer waits for an fsync (the WAL
            # is synced at checkpoints). A power cut can lose the last commits but never
            # corrupts the database, and a lost commit takes its ledger row with it, so the
            # next pass reads that mail from IMAP again: nothing is lost, nothing doubled.
            # (A crash of the process alone loses nothing: the OS holds the written WAL.)
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error."""
    with factory() as session, session.begin():
        yield session


def _alembic_config(engine: Engine) -> AlembicConfig:
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(_alembic_config(engine), revision)


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config(create_engine("sqlite://"))).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


_REVISION = re.compile(r'^(down_revision|revision) = "([^"]+)"', re.M)


def head_from_files() -> str | None:
    """The head revision read off the migration files (revision / down_revision lines),
    as every verb's gate: alembic's own ScriptDirectory costs half a second to import."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        for key, value in _REVISION.findall(path.read_text(encoding="utf-8")):
            (revisions if key == "revision" else parents).add(value)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else head_revision()


def stamped_revision(engine: Engine) -> str | None:
    """The database's revision from alembic's own table, without loading alembic."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def require_migrated(engine: Engine) -> None:
    current = stamped_revision(engine)
    head = head_from_files()
    if current != head:
        state = "尚未初始化" if current is None else f"版本 {current} 落后于 {head}"
        raise NotMigrated(f"数据库{state}，请先运行 govinfo db upgrade")
