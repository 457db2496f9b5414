"""One consistent archive of the database and the store, and its restore into a new folder.

Consistency without stopping the daemon comes from the order of the two copies. The
database is copied first, as one snapshot: SQLite's online backup API (a reader that sees
one committed state while intake goes on writing), or ``pg_dump`` (one transaction).
The store is copied after it. Every file the database refers to was written to the store
*before* the commit that refers to it (daemon/storage.py), and a stored file is never
changed or removed, so every file the snapshot refers to is already there when the store
is copied; files that arrived meanwhile are unreferenced extras, which harm nothing.

The archive (``govinfo-backup-YYYYMMDDTHHMMSS.tar.gz``) holds ``database.sqlite3`` or
``database.pgdump``, ``store/…``, the config as it was (``config.toml``), and last
``manifest.json``: every member's sha256 and size, the database kind and the schema
revision. It is written under a temporary name and renamed when complete. Restore checks
every member against the manifest before it writes anything where it will stay.
The console's cookie key is left out: a restored console makes a new one.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

import tomli_w
from sqlalchemy import text
from sqlalchemy.engine import make_url

from daemon.config import Settings
from daemon.db import current_revision, make_engine
from daemon.timeutil import local, utcnow

ARCHIVE_PREFIX = "govinfo-backup-"
ARCHIVE_SUFFIX = ".tar.gz"
MANIFEST = "manifest.json"
FORMAT = 1
_LEFT_OUT = frozenset({"web-secret"})  # daemon/web/auth.py's SECRET_FILE
_CHUNK = 1 << 20


class BackupError(Exception):
    """The backup or the restore could not be made; the message is Chinese, for people."""


@dataclass(frozen=True)
class Summary:
    path: Path
    files: int
    bytes: int
    database: str


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_env(url: str) -> dict[str, str]:
    """libpq's environment for a SQLAlchemy URL: the password never on a command line."""
    parsed = make_url(url)
    env = {**os.environ}
    for key, value in (
        ("PGHOST", parsed.host),
        ("PGPORT", parsed.port),
        ("PGUSER", parsed.username),
        ("PGPASSWORD", parsed.password),
        ("PGDATABASE", parsed.database),
    ):
        if value is not None:
            env[key] = str(value)
    return env


def _snapshot_database(settings: Settings, folder: Path) -> tuple[str, Path]:
    url = settings.database_url
    if url.startswith("sqlite"):
        source = make_url(url).database
        if not source or source == ":memory:":
            raise BackupError("内存数据库无法备份")
        target = folder / "database.sqlite3"
        live, copy = sqlite3.connect(source, timeout=30), sqlite3.connect(target)
        try:
            live.backup(copy)  # one committed state, whatever intake writes meanwhile
        finally:
            copy.close()
            live.close()
        return "sqlite", target
    if url.startswith("postgresql"):
        target = folder / "database.pgdump"
        result = subprocess.run(
            [settings.backup.pg_dump, "--format=custom", "--no-owner", "--file", str(target)],
            env=_pg_env(url),
            capture_output=True,
            text=True,
            timeout=settings.backup.time_limit,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump 失败：{result.stderr.strip()[:300]}")
        return "postgresql", target
    raise BackupError(f"不支持备份此类数据库：{make_url(url).get_backend_name()}")


_OWNED_SEQUENCES = text(
    "SELECT t.relname, a.attname, s.oid::regclass::text FROM pg_class s"
    " JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass"
    " AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')"
    " JOIN pg_class t ON t.oid = d.refobjid"
    " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid"
    " WHERE s.relkind = 'S'"
)


def _realign_sequences(url: str) -> None:
    """pg_dump reads each sequence after its snapshot of the rows, so a backup taken while
    intake writes holds sequences ahead of its data: each is set back to follow its
    column's largest value, and the restored office numbers on from its own last row."""
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            quote = conn.dialect.identifier_preparer.quote
            for table, column, sequence in conn.execute(_OWNED_SEQUENCES).all():
                top = conn.execute(text(f"SELECT max({quote(column)}) FROM {quote(table)}")).scalar()
                conn.execute(text("SELECT setval(:sequence, :next, false)"),
                             {"sequence": sequence, "next": (top or 0) + 1})
    finally:
        engine.dispose()


def _store_files(root: Path) -> Iterator[tuple[Path, str]]:
    """(path, archive name) of every finished file in the store, in a stable order."""
    if not root.exists():
        return
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if (
            path.is_file()
            and not path.is_symlink()
            and not any(p.startswith(".") for p in relative.parts)
            and relative.as_posix() not in _LEFT_OUT
        ):
            yield path, f"store/{relative.as_posix()}"


def archive_name(now: datetime, tz: str) -> str:
    return f"{ARCHIVE_PREFIX}{local(now, tz):%Y%m%dT%H%M%S}{ARCHIVE_SUFFIX}"


def backup(settings: Settings, config_file: Path | None, out: Path, now: datetime | None = None) -> Summary:
    """Write one archive into ``out``, named for ``now``; its path and what it holds."""
    out.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.database_url)
    try:
        revision = current_revision(engine)
    finally:
        engine.dispose()
    now = now or utcnow()
    final = out / archive_name(now, settings.timezone)
    with tempfile.TemporaryDirectory(prefix="govinfo-backup-", dir=out) as scratch:
        kind, dump = _snapshot_database(settings, Path(scratch))
        config = [(config_file, "config.toml")] if config_file is not None else []
        members = [(dump, dump.name), *config, *_store_files(settings.storage_dir)]
        partial = Path(scratch) / "archive.partial"
        entries = []
        with tarfile.open(partial, "w:gz", compresslevel=settings.backup.compression) as tar:
            for path, name in members:
                try:
                    size, digest = path.stat().st_size, _sha256(path)
                    tar.add(path, arcname=name, recursive=False)
                except FileNotFoundError:
                    continue  # a document replaced meanwhile: the snapshot does not refer to it
                entries.append({"name": name, "sha256": digest, "size": size})
            manifest = json.dumps(
                {
                    "format": FORMAT,
                    "created_at": now.isoformat(),
                    "database": kind,
                    "revision": revision,
                    "files": entries,
                },
                ensure_ascii=False,
                indent=1,
            ).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(manifest), int(now.timestamp())
            tar.addfile(info, io.BytesIO(manifest))
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, final)
    return Summary(final, len(entries), sum(e["size"] for e in entries), kind)


def prune(out: Path, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` archives in ``out``; what was removed."""
    archives = sorted(p for p in out.glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}") if p.is_file())
    doomed = archives[: max(0, len(archives) - keep)]
    for path in doomed:
        path.unlink()
    return doomed


# -- restore ----------------------------------------------------------------------------


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"备份文件中有不安全的路径：{name}")
    return path


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        member = tar.getmember(MANIFEST)
        handle = tar.extractfile(member)
        assert handle is not None
        manifest = json.loads(handle.read().decode("utf-8"))
    except (KeyError, ValueError, AssertionError) as exc:
        raise BackupError("备份文件缺少有效的清单（manifest.json），可能不完整") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份文件格式 {manifest.get('format')} 不受支持")
    return manifest


def _restored_config(original: bytes | None, database_url: str) -> str:
    data = tomllib.loads(original.decode("utf-8")) if original else {}
    data["database"] = {**data.get("database", {}), "url": database_url}
    data["storage"] = {**data.get("storage", {}), "dir": "store"}
    return tomli_w.dumps(data)


def restore(
    archive: Path, into: Path, settings: Settings | None = None, database_url: str | None = None
) -> Summary:
    """Unpack ``archive`` into the new folder ``into``: ``store/``, the database and a
    ``config.toml`` pointing at both. A PostgreSQL dump needs ``database_url``, an empty
    database to restore into; a SQLite database becomes ``into/govinfo.sqlite3``."""
    if into.exists() and any(into.iterdir()):
        raise BackupError(f"目标文件夹不是空的：{into}（请指定一个新的文件夹）")
    try:
        tar = tarfile.open(archive, "r:*")  # noqa: SIM115 - closed by the with below
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"无法读取备份文件：{archive}") from exc
    with tar, tempfile.TemporaryDirectory(prefix="govinfo-restore-") as scratch:
        manifest = _read_manifest(tar)
        wanted = {e["name"]: e for e in manifest["files"]}
        staging = Path(scratch)
        seen = set()
        for member in tar:
            if member.name == MANIFEST:
                continue
            if member.name not in wanted or not member.isfile():
                raise BackupError(f"备份文件中有清单之外的内容：{member.name}")
            target = staging / _safe_name(member.name)
            target.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            assert source is not None
            with target.open("wb") as handle:
                shutil.copyfileobj(source, handle, _CHUNK)
            if _sha256(target) != wanted[member.name]["sha256"]:
                raise BackupError(f"备份文件已损坏：{member.name} 的校验值与清单不符")
            seen.add(member.name)
        missing = set(wanted) - seen
        if missing:
            raise BackupError(f"备份文件不完整，缺少 {len(missing)} 个文件（如 {sorted(missing)[0]}）")
        kind = manifest["database"]
        into.mkdir(parents=True, exist_ok=True)
        if kind == "sqlite":
            database = into / "govinfo.sqlite3"
            shutil.move(staging / "database.sqlite3", database)
            url = f"sqlite:///{database}"
        else:
            if not database_url:
                raise BackupError("这是 PostgreSQL 备份：请用 --database-url 指定一个空数据库")
            pg_restore = settings.backup.pg_restore if settings else "pg_restore"
            result = subprocess.run(
                [
                    pg_restore,
                    "--no-owner",
                    "--exit-on-error",
                    "--dbname",
                    make_url(database_url).database or "",
                    str(staging / "database.pgdump"),
                ],
                env=_pg_env(database_url),
                capture_output=True,
                text=True,
            )
            if result.returncode != 0:
                raise BackupError(f"pg_restore 失败：{result.stderr.strip()[:300]}")
            _realign_sequences(database_url)
            url = database_url
        if (staging / "store").exists():
            shutil.move(staging / "store", into / "store")
        else:
            (into / "store").mkdir()
        kept = staging / "config.toml"
        config = _restored_config(kept.read_bytes() if kept.exists() else None, url)
        (into / "config.toml").write_text(config, encoding="utf-8")
    return Summary(into, len(wanted), sum(e["size"] for e in wanted.values()), kind)
