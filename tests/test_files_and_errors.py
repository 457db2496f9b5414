"""Files the office alone may read, and a database that cannot be used (issue 13, section 8).

Before: the SQLite file was created 0644 while raw mail was 0600; a corrupt SQLite file,
an unreachable PostgreSQL or a full disk under the database made every verb print a
raw traceback.
"""

from __future__ import annotations

import os
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.outbox.hostile import Govinfo
from tests.support.env import dovecot_mailbox, write_config
from tests.support.mails import NEWS_BODY, county_mail, docx_bytes

CST = timezone(timedelta(hours=8))
WHEN = datetime(2026, 11, 20, 9, 0, tzinfo=CST)
ANDING = "anding.xxy1@example.org"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def person_lines(err: str) -> list[str]:
    """What the operator reads on stderr, the key=value log lines left out."""
    return [line for line in err.splitlines() if line.strip() and not line.startswith("ts=")]


def test_database_store_and_documents_are_the_office_s_alone(
    tmp_path: Path, dovecot: Any, capsys: pytest.CaptureFixture[str]
):
    config = write_config(tmp_path, f"sqlite:///{tmp_path / 'var' / 'govinfo.sqlite3'}",
                          dovecot_mailbox(dovecot))
    gi = Govinfo(config, capsys)
    title = "安定区召开重点项目建设推进会"
    dovecot.append(county_mail(ANDING, f"【动态】{title}", sender_name="张明",
                               attachment=(f"{title}.docx", docx_bytes(title, "安定区发展改革局 张明",
                                                                         NEWS_BODY.format(unit="安定区")))),
                   WHEN)
    before = os.umask(0o022)
    os.umask(before)
    gi("db", "upgrade")
    gi("poll", "--once")
    gi("report", "monthly", "--period", "2026-11")
    assert os.umask(before) == before  # main() gives the caller its umask back

    database = tmp_path / "var" / "govinfo.sqlite3"
    assert mode(database) == 0o600 and mode(database.parent) == 0o700
    store = tmp_path / "store"
    files = [p for p in store.rglob("*") if p.is_file()]
    folders = [p for p in store.rglob("*") if p.is_dir()]
    kinds = {p.relative_to(store).parts[0] for p in files}
    assert {"raw", "attachments", "documents"} <= kinds, kinds
    assert {oct(mode(p)) for p in files} == {oct(0o600)}
    assert {oct(mode(p)) for p in [store, *folders]} == {oct(0o700)}


def test_a_password_file_others_can_read_is_warned_about(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    secret = tmp_path / "smtp-password"
    secret.write_text("authcode\n", encoding="utf-8")
    secret.chmod(0o644)
    config = write_config(tmp_path, f"sqlite:///{tmp_path / 'govinfo.sqlite3'}",
                          smtp={"host": "127.0.0.1", "port": 1, "tls": "none",
                                "username": "dxsfgw@126.com", "password_file": str(secret)})
    gi = Govinfo(config, capsys)
    code, _, err = gi.run("db", "upgrade")
    assert code == 0
    [warning] = person_lines(err)[:1]
    assert "smtp.password_file" in warning and str(secret) in warning and "chmod 600" in warning
    assert "event=secret_file_readable" in err and "mode=0644" in err
    assert "authcode" not in err  # the secret itself never

    secret.chmod(0o600)
    code, _, err = gi.run("messages", "list")
    assert code == 0 and "secret_file_readable" not in err and "警告" not in err


def test_a_corrupt_sqlite_file_is_one_chinese_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    database = tmp_path / "govinfo.sqlite3"
    database.write_bytes(b"this is not a database, it is a note someone saved here\n" * 200)
    gi = Govinfo(write_config(tmp_path, f"sqlite:///{database}"), capsys)
    for verb in (["items", "list"], ["messages", "list"], ["db", "upgrade"], ["poll", "--once"]):
        code, out, err = gi.run(*verb)
        assert code == 1, verb
        assert person_lines(err) == [f"数据库 {database} 无法使用：文件已损坏或不是 SQLite 数据库"], verb
        assert "Traceback" not in out + err
        assert "event=database_unusable" in err and "file is not a database" in err


def test_an_unreachable_postgresql_is_one_line_without_the_password(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    url = "postgresql+psycopg://govinfo:s3cret-pw@127.0.0.1:1/govinfo"
    gi = Govinfo(write_config(tmp_path, url), capsys)
    code, out, err = gi.run("items", "list")
    assert code == 1
    shown = "postgresql+psycopg://govinfo:***@127.0.0.1:1/govinfo"
    assert person_lines(err) == [f"数据库 {shown} 无法使用：无法连接数据库服务器（连接被拒绝）"]
    assert "s3cret-pw" not in out + err and "Traceback" not in out + err


@pytest.fixture
def small_disk() -> Iterator[Path]:
    """A 4 MiB tmpfs: a real full disk, when this test runs as root."""
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a small tmpfs")
    mount = Path(tempfile.mkdtemp(prefix="govinfo-full-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        # lazily: the verbs' SQLite connections may still hold the file in this process
        subprocess.run(["umount", "-l", str(mount)], check=True)
        mount.rmdir()


def fill(disk: Path) -> None:
    fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:  # ENOSPC: full
        pass
    finally:
        os.close(fd)


def test_a_full_disk_under_the_database_is_one_line_and_loses_no_mail(
    tmp_path: Path, dovecot: Any, small_disk: Path, capsys: pytest.CaptureFixture[str]
):
    database = small_disk / "govinfo.sqlite3"
    config = write_config(tmp_path, f"sqlite:///{database}", dovecot_mailbox(dovecot))
    gi = Govinfo(config, capsys)
    gi("db", "upgrade")
    fill(small_disk)
    dovecot.append(county_mail(ANDING, "【动态】磁盘满时收到的一篇", NEWS_BODY.format(unit="安定区"),
                               message_id="<full@example.org>"), WHEN)
    code, out, err = gi.run("poll", "--once")
    assert code == 1
    assert person_lines(err)[-1] == f"数据库 {database} 无法使用：磁盘空间已满"
    assert "Traceback" not in out + err and "event=database_unusable" in err

    (small_disk / "filler").unlink()  # the operator frees space; the next poll files the mail
    gi("poll", "--once")
    [message] = gi.json("messages", "list")
    assert message["disposition"] == "filed"
