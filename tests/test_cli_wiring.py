"""The real `govinfo` in a child process, for what only a process shows: the entry point,
exit statuses, stdout and stderr kept apart, and no log noise in what a person reads.
Everything else runs the CLI in-process (tests/support/env.govinfo)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.support.env import govinfo_process, write_config


def test_exit_statuses_and_streams(tmp_path: Path, database_url: str) -> None:
    config = write_config(tmp_path, database_url)
    unmigrated = govinfo_process(config, "items", "list")
    assert unmigrated.returncode == 1 and "govinfo db upgrade" in unmigrated.stderr
    assert govinfo_process(config, "db", "upgrade").returncode == 0

    listed = govinfo_process(config, "items", "list", "--json", "--state", "已分解")
    assert listed.returncode == 0 and json.loads(listed.stdout) == []
    assert "alembic" not in listed.stderr and "Context impl" not in listed.stderr

    usage = govinfo_process(config, "adopt", "2026-0001", "--outlet", "某报", "--date", "2026-01-01")
    assert usage.returncode == 2 and usage.stdout == ""
    assert "用法错误" in usage.stderr and "portal（委门户网站）" in usage.stderr

    refused = govinfo_process(config, "return", "2026-0001", "--reason", "无关")
    assert refused.returncode == 1 and refused.stdout == ""
    assert "没有编号为 2026-0001 的信息" in refused.stderr

    roster = govinfo_process(config, "roster", "check", "--json")
    assert roster.returncode == 0 and json.loads(roster.stdout) == []


def test_a_reader_that_goes_away_ends_the_verb_quietly(tmp_path: Path, database_url: str) -> None:
    # `govinfo items list | head`: head exits, the next write meets a closed pipe
    config = write_config(tmp_path, database_url)
    assert govinfo_process(config, "db", "upgrade").returncode == 0
    # (argparse itself drops a failed write of --help and exits 0)
    for args, code in ((["--help"], 0), (["--config", str(config), "items", "list"], 141)):
        read, write = os.pipe()
        os.close(read)
        try:
            done = subprocess.run([sys.executable, "-m", "daemon.cli", *args], stdout=write,
                                  stderr=subprocess.PIPE, text=True, timeout=60)
        finally:
            os.close(write)
        assert done.returncode == code, (args, done.stderr)
        assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
