"""Backups: one consistent archive of a running daemon, restored into a new folder.

The archive taken while mail is still arriving must restore to an office that is a
consistent prefix of the live one (every item it lists has its verdicts and its stored
files) and that, polled once, reaches exactly the live office's state. The archive taken
once intake is idle must restore to the same office outright: the same ``items list``,
``messages list`` and ``score``, and every stored file with the same hash.
"""

from __future__ import annotations

import hashlib
import json
import os
import tarfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bench.soak import Daemon
from daemon import jobs
from daemon.backup import ARCHIVE_PREFIX, BackupError, restore
from daemon.config import load_settings
from daemon.db import make_engine, session_factory
from tests.conftest import TEST_DATABASE_ENV, _postgresql_database
from tests.servers import Dovecot
from tests.support.env import dovecot_mailbox, govinfo, write_config
from tests.test_graceful_stop import filed_count
from tests.test_intake_imap import CST, county_batch, fill, ledger_count, wait_for

TOTAL = 120


def _fresh_database(tmp_path: Path, name: str) -> Iterator[str]:
    server = os.environ.get(TEST_DATABASE_ENV, "").strip()
    if server:
        yield from _postgresql_database(server)
    else:
        yield f"sqlite:///{tmp_path / name}"


@pytest.fixture
def spare_databases(tmp_path: Path) -> Iterator[list[str]]:
    """Two more empty databases of the test's kind, for PostgreSQL restores."""
    first, second = _fresh_database(tmp_path, "a.sqlite3"), _fresh_database(tmp_path, "b.sqlite3")
    urls = [next(first), next(second)]
    yield urls
    for generator in (first, second):
        next(generator, None)


def _json(config: Path, *args: str) -> Any:
    result = govinfo(config, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _office(config: Path) -> dict[str, Any]:
    return {
        "items": _json(config, "items", "list"),
        "messages": _json(config, "messages", "list"),
        "score": _json(config, "score", "--period", "2026"),
    }


def _without_attempts(office: dict[str, Any], ids: set[int]) -> dict[str, Any]:
    messages = [{k: v for k, v in m.items() if k != "attempts" or m["id"] not in ids}
                for m in office["messages"]]
    return {**office, "messages": messages}


def _hashes(store: Path) -> dict[str, str]:
    return {
        p.relative_to(store).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in store.rglob("*")
        if p.is_file() and p.name != "web-secret" and not p.name.startswith(".")
    }


def _backup(config: Path, out: Path) -> Path:
    result = govinfo(config, "backup", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "已备份" in result.stdout
    archives = sorted(out.glob(f"{ARCHIVE_PREFIX}*"))
    assert len(archives) == 1
    return archives[0]


def _restore(config: Path, archive: Path, into: Path, url: str) -> Path:
    extra = ["--database-url", url] if url.startswith("postgresql") else []
    result = govinfo(config, "restore", str(archive), "--into", str(into), *extra)
    assert result.returncode == 0, result.stderr
    assert "均与清单校验一致" in result.stdout
    return into / "config.toml"


def test_backup_of_a_running_daemon_restores_the_same_office(
    tmp_path: Path, dovecot: Dovecot, database_url: str, spare_databases: list[str]
) -> None:
    config = write_config(tmp_path, database_url, dovecot_mailbox(dovecot, batch_size=10))
    assert govinfo(config, "db", "upgrade").returncode == 0
    mails = county_batch(TOTAL, datetime(2026, 11, 2, 8, 0, tzinfo=CST))
    fill(dovecot, mails[:40])
    daemon = Daemon(config, tmp_path / "daemon.log", "run")
    try:
        wait_for(lambda: ledger_count(database_url) >= 15, 300)
        fill(dovecot, mails[40:])  # mail keeps arriving while the archive is written
        during = _backup(config, tmp_path / "during")
        # every row filed, not only written (a batch's rows are in progress until filed)
        wait_for(lambda: filed_count(database_url) == TOTAL, 900)  # a loaded machine
        after = _backup(config, tmp_path / "after")
    finally:
        assert daemon.stop(timeout=60) == 0, (tmp_path / "daemon.log").read_text("utf-8")
    live = _office(config)
    live_files = _hashes(tmp_path / "store")
    with tarfile.open(during) as tar:
        snapshot = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
    assert snapshot["database"] == ("postgresql" if database_url.startswith("postgresql") else "sqlite")

    # idle: the same office, file for file
    restored = _restore(config, after, tmp_path / "restored-after", spare_databases[1])
    assert _office(restored) == live
    assert _hashes(tmp_path / "restored-after" / "store") == live_files

    # mid-intake: a consistent prefix, which one poll brings to the live office's state
    restored = _restore(config, during, tmp_path / "restored-during", spare_databases[0])
    early = _office(restored)
    assert 15 <= len(early["messages"]) < TOTAL, "the backup must land in the middle of intake"
    assert early["items"] == live["items"][: len(early["items"])]
    ids = [m["id"] for m in early["messages"]]
    assert ids == [m["id"] for m in live["messages"]][: len(ids)]
    # rows of a batch caught in progress are read again by the next poll; the rest as live
    live_rows = {m["id"]: m for m in live["messages"]}
    settled = [m for m in early["messages"] if m["disposition"] != "in_progress"]
    assert settled and all(live_rows[m["id"]] == m for m in settled)
    files = _hashes(tmp_path / "restored-during" / "store")
    assert all(live_files[name] == digest for name, digest in files.items())
    for message in early["messages"]:  # every raw mail the snapshot refers to is in it
        assert f"raw/{message['sha256'][:2]}/{message['sha256']}.eml" in files
    for item in early["items"]:
        for attachment in _json(restored, "items", "show", item["number"])["attachments"]:
            assert f"attachments/{attachment['sha256'][:2]}/{attachment['sha256']}" in files
    assert govinfo(restored, "poll", "--once").returncode == 0
    # a row caught in progress is recovered as after a crash: claimed (one attempt), then filed
    recovered = {m["id"] for m in early["messages"] if m["disposition"] == "in_progress"}
    after_poll = _office(restored)
    assert all(m["attempts"] == 1 for m in after_poll["messages"] if m["id"] in recovered)
    assert _without_attempts(after_poll, recovered) == _without_attempts(live, recovered)


def test_restore_checks_every_file_and_wants_a_new_folder(tmp_path: Path, database_url: str) -> None:
    config = write_config(tmp_path, database_url)
    assert govinfo(config, "db", "upgrade").returncode == 0
    (tmp_path / "store" / "raw" / "ab").mkdir(parents=True)
    (tmp_path / "store" / "raw" / "ab" / "ab12.eml").write_bytes(b"Subject: x\r\n\r\nbody")
    archive = _backup(config, tmp_path / "out")

    used = tmp_path / "used"
    used.mkdir()
    (used / "keep.txt").write_text("x")
    result = govinfo(config, "restore", str(archive), "--into", str(used))
    assert result.returncode == 1 and "不是空的" in result.stderr

    # one byte of one stored mail changed: refused, and nothing left in the new folder
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name.endswith("ab12.eml"):
                data = data.replace(b"body", b"bodY")
            member.size = len(data)
            target.addfile(member, __import__("io").BytesIO(data))
    with pytest.raises(BackupError, match="校验值与清单不符"):
        restore(tampered, tmp_path / "new", load_settings(config))
    assert not (tmp_path / "new").exists()


def test_the_scheduled_backup_keeps_the_last_n(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write_config(tmp_path, database_url, backup={"dir": "backups", "keep": 2})
    assert govinfo(config, "db", "upgrade").returncode == 0
    settings = load_settings(config)
    engine = make_engine(settings.database_url)
    day = [datetime(2026, 11, 2, 18, 30, tzinfo=UTC)]
    monkeypatch.setattr(jobs, "_runtime", jobs.Runtime(settings, session_factory(engine), lambda: day[0]))
    try:
        made = []
        for _ in range(4):
            assert jobs.backup() is True
            assert jobs.backup() is False  # once a night, however often it fires
            made.append(day[0])
            day[0] += timedelta(days=1)
    finally:
        engine.dispose()
    kept = sorted(p.name for p in (tmp_path / "backups").iterdir())
    assert kept == [f"{ARCHIVE_PREFIX}{d + timedelta(hours=8):%Y%m%dT%H%M%S}.tar.gz" for d in made[-2:]]
