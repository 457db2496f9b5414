"""One poison message must not stop the mailbox (issue 13 §3), through the real intake.

A Dovecot inbox, `govinfo poll --once` in a child process, a real database: a PDF whose
Flate stream expands to gigabytes between ordinary mails, polled inside a memory limit
(a cgroup when root, else only the worker's own RLIMIT); a LibreOffice that hangs; and a
daemon killed in the middle of a batch.
"""

from __future__ import annotations

import json
import os
import signal
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select

from daemon.models import Message
from tests.support.env import dovecot_mailbox, govinfo, popen_govinfo, write_config
from tests.support.mails import NEWS_BODY, county_mail, docx_bytes
from tests.support.pdfs import Page, PdfSpec, pdf_bytes

CST = timezone(timedelta(hours=8))
START = datetime(2026, 11, 23, 9, 0, tzinfo=CST)
CGROUP_ROOT = Path("/sys/fs/cgroup/memory")
RTF = b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 SimSun;}}\\f0 county report\\par}"


def ordinary(n: int, attachment: tuple[str, bytes] | None = None) -> bytes:
    unit = "安定区"
    title = f"{unit}召开重点项目建设推进会（第{n}次）"
    if attachment is None:
        document = docx_bytes(title, f"{unit}发展改革局 张明", NEWS_BODY.format(unit=unit))
        attachment = (f"{title}.docx", document)
    return county_mail("anding.xxy1@example.org", f"【动态】{title}", "请审阅附件。",
                       sender_name="张明", message_id=f"<poison{n}.{uuid.uuid4().hex}@example.org>",
                       attachment=attachment)


def ledger(database_url: str) -> dict[int, Message]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return {row.uid: row for row in conn.execute(select(Message))}
    finally:
        engine.dispose()


@pytest.fixture
def make_config(tmp_path: Path, dovecot: Any, database_url: str) -> Callable[..., Path]:
    def make(parsing: dict[str, Any] | None = None, **mailbox: Any) -> Path:
        config = write_config(tmp_path, database_url, dovecot_mailbox(dovecot, **mailbox),
                              parsing=parsing or {})
        upgraded = govinfo(config, "db", "upgrade")
        assert upgraded.returncode == 0, upgraded.stderr
        return config

    return make


def _in_cgroup(limit_bytes: int) -> Callable[[], None] | None:
    """A preexec function moving the child into a fresh memory cgroup (cgroup v1, as root)."""
    if os.geteuid() != 0 or not (CGROUP_ROOT / "cgroup.procs").exists():
        return None
    group = CGROUP_ROOT / f"govinfo-test-{uuid.uuid4().hex[:8]}"
    try:
        group.mkdir()
        (group / "memory.limit_in_bytes").write_text(str(limit_bytes))
    except OSError:
        return None

    def enter() -> None:
        (group / "cgroup.procs").write_text(str(os.getpid()))

    enter.group = group  # type: ignore[attr-defined]
    return enter


def poll_limited(config: Path, limit_bytes: int) -> tuple[int, str]:
    import subprocess
    import sys

    enter = _in_cgroup(limit_bytes)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "daemon.cli", "--config", str(config), "poll", "--once"],
            capture_output=True, text=True, timeout=600, preexec_fn=enter,
            env={**os.environ, "GOVINFO_TEST_IMAP_PASSWORD": "secret"},
        )
    finally:
        if enter is not None:
            group: Path = enter.group  # type: ignore[attr-defined]
            for _ in range(50):
                try:
                    group.rmdir()
                    break
                except OSError:
                    time.sleep(0.1)
    return proc.returncode, proc.stdout + proc.stderr


def test_flate_bomb_between_ordinary_mails_is_quarantined_and_the_rest_filed(
    make_config: Callable[..., Path], dovecot: Any, database_url: str
) -> None:
    bomb = pdf_bytes(PdfSpec([Page(["炸弹"])], bomb_bytes=2_000_000_000))
    assert len(bomb) < 3_000_000
    mails = [ordinary(1), ordinary(2, ("炸弹.pdf", bomb)), ordinary(3), ordinary(4)]
    uids = [dovecot.append(raw, START + timedelta(minutes=i)) for i, raw in enumerate(mails)]
    # the stream cap lifted: the worker's memory cap is what must hold here
    config = make_config({"max_pdf_stream_bytes": 2**40, "worker_memory_mb": 768})
    outputs = []
    for _ in range(2):
        _, output = poll_limited(config, 1536 * 1024 * 1024)
        outputs.append(output)
        rows = ledger(database_url)
        if rows and all(r.disposition in ("filed", "quarantined") for r in rows.values()) \
                and len(rows) == len(uids):
            break
    rows = ledger(database_url)
    assert [rows[uid].disposition for uid in uids] == ["filed", "quarantined", "filed", "filed"], outputs
    assert rows[uids[1]].reason.startswith("内存超限"), rows[uids[1]].reason
    assert rows[uids[1]].sha256  # the raw copy is kept
    listed = json.loads(govinfo(config, "messages", "list", "--json").stdout)
    assert [m["disposition"] for m in listed] == ["filed", "quarantined", "filed", "filed"]


def _hanging_soffice(directory: Path, marker: str) -> Path:
    """A LibreOffice that never finishes: a launcher with a child, as soffice → soffice.bin."""
    script = directory / "soffice-hangs"
    script.write_text(f"#!/bin/sh\nsleep {marker} &\nwait\n")
    script.chmod(0o755)
    return script


def _alive_with(marker: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            except OSError:
                continue
            if marker.encode() in cmdline and b"sleep" in cmdline:
                found.append(int(entry))
    return found


def test_a_hung_conversion_is_killed_whole_and_its_message_quarantined(
    make_config: Callable[..., Path], dovecot: Any, database_url: str, tmp_path: Path
) -> None:
    marker = f"{300 + os.getpid() % 1000}.{uuid.uuid4().int % 10**6:06d}"
    soffice = _hanging_soffice(tmp_path, marker)
    uids = [dovecot.append(raw, START + timedelta(minutes=i))
            for i, raw in enumerate([ordinary(1), ordinary(2, ("信息.rtf", RTF)), ordinary(3)])]
    config = make_config({"soffice": str(soffice), "converter_timeout": 600}, message_time_limit=4)
    started = time.monotonic()
    result = govinfo(config, "poll", "--once", timeout=300)
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 120
    rows = ledger(database_url)
    assert [rows[uid].disposition for uid in uids] == ["filed", "quarantined", "filed"]
    assert rows[uids[1]].reason.startswith("超时")
    assert _alive_with(marker) == []  # no orphaned "soffice.bin"
    assert not list((tmp_path / "store" / "tmp").glob("govinfo-soffice-*"))


@pytest.mark.office
def test_a_daemon_killed_mid_batch_leaves_nothing_unread(
    make_config: Callable[..., Path], dovecot: Any, database_url: str, tmp_path: Path
) -> None:
    marker = f"{300 + os.getpid() % 1000}.{uuid.uuid4().int % 10**6:06d}"
    uids = [dovecot.append(raw, START + timedelta(minutes=i))
            for i, raw in enumerate([ordinary(1, ("信息.rtf", RTF)), ordinary(2), ordinary(3)])]
    config = make_config({"soffice": str(_hanging_soffice(tmp_path, marker))})
    daemon = popen_govinfo(config, "poll", "--once")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not _alive_with(marker):
        time.sleep(0.2)
    assert _alive_with(marker), "the conversion never started"
    assert {r.disposition for r in ledger(database_url).values()} == {"in_progress"}
    daemon.send_signal(signal.SIGKILL)
    daemon.communicate()
    for _ in range(50):  # the worker follows its parent (PR_SET_PDEATHSIG), soffice with it
        if not _alive_with(marker):
            break
        time.sleep(0.1)
    assert _alive_with(marker) == []

    config = make_config({})  # a working LibreOffice again
    result = govinfo(config, "poll", "--once", timeout=300)
    assert result.returncode == 0, result.stderr
    assert "中断后重读 3" in result.stdout
    assert [ledger(database_url)[uid].disposition for uid in uids] == ["filed"] * 3
