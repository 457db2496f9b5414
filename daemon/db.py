"""Engine, sessions and the migration gate."""

from __future__ import annotations

import errno
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from daemon.paths import MIGRATIONS

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

# alembic is imported inside the functions that need it: a verb that only checks the
# database's revision should not pay for loading alembic's migration machinery


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
    cfg.set_main_option("script_location", str(MIGRATIONS))
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
    for path in (MIGRATIONS / "versions").glob("*.py"):
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


# What the drivers say (sqlite3, psycopg), lower-cased, and what the operator reads.
_CAUSES = (
    ("file is not a database", "文件已损坏或不是 SQLite 数据库"),
    ("malformed", "数据库文件已损坏"),
    ("disk is full", "磁盘空间已满"),
    ("disk i/o error", "磁盘读写错误"),
    ("unable to open database file", "无法打开数据库文件（目录不存在或没有权限）"),
    ("readonly database", "数据库文件只读，无法写入"),
    ("database is locked", "数据库被其他进程锁定"),
    ("connection refused", "无法连接数据库服务器（连接被拒绝）"),
    ("password authentication failed", "数据库用户名或密码错误"),
    ("timeout", "连接数据库服务器超时"),
    ("timed out", "连接数据库服务器超时"),
    ("could not translate host name", "无法解析数据库服务器的主机名"),
    ("name or service not known", "无法解析数据库服务器的主机名"),
    ("does not exist", "数据库不存在"),
)
_DISK_FULL = (errno.ENOSPC, errno.EDQUOT)
_NEARLY_FULL = 1 << 20  # bytes free under which a failing SQLite write is a full disk


def shown_url(url: str) -> str:
    """The database as the operator names it: a SQLite path, or the URL without password."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return "（无法解析的数据库地址）"
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.render_as_string(hide_password=True)


def unusable(url: str, exc: BaseException) -> tuple[str, str] | None:
    """(Chinese line, precise error) when ``exc`` says the database cannot be used:
    corrupt, unreachable, full or locked. None for every other exception (a bug keeps
    its traceback)."""
    if isinstance(exc, OSError) and exc.errno in _DISK_FULL:
        return f"磁盘空间已满，无法写入 {exc.filename or shown_url(url)}", f"{type(exc).__name__}: {exc}"
    if not isinstance(exc, OperationalError | InterfaceError) and type(exc) is not DatabaseError:
        return None
    original = getattr(exc, "orig", None) or exc
    detail = f"{type(original).__name__}: {original}".strip()
    lowered = detail.lower()
    cause = next((text for needle, text in _CAUSES if needle in lowered),
                 f"数据库错误（{type(original).__name__}）")
    if _disk_full_under(url):  # SQLite reports a full disk as full or as an I/O error
        cause = "磁盘空间已满"
    return f"数据库 {shown_url(url)} 无法使用：{cause}", detail


def _disk_full_under(url: str) -> bool:
    """The SQLite file's folder has (almost) no space left."""
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() != "sqlite" or not parsed.database:
            return False
        return shutil.disk_usage(Path(parsed.database).parent).free < _NEARLY_FULL
    except (ArgumentError, OSError):
        return False
