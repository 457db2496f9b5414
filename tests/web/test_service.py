"""`govinfo run` serves the console beside intake, and stops it with the rest on SIGTERM."""

from __future__ import annotations

import signal
import socket
import urllib.request
from pathlib import Path
from typing import Any

from tests.support.env import popen_govinfo
from tests.web.support import wait_for_port
from tests.workflow.office import make_office


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_run_hosts_the_console_and_stops_it_cleanly(tmp_path: Path, dovecot: Any, database_url: str) -> None:
    port = free_port()
    office = make_office(tmp_path, dovecot, database_url, web={"port": port})
    daemon = popen_govinfo(office.config, "run")
    try:
        wait_for_port(port, daemon)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=10) as page:
            assert page.status == 200 and "登录" in page.read().decode()
    finally:
        daemon.send_signal(signal.SIGTERM)
        _, err = daemon.communicate(timeout=30)
    assert daemon.returncode == 0, err[-2000:]
    assert "event=web_stop" in err and "event=daemon_stop" in err
    # the cookie key was made once, readable by the daemon's user only
    assert (tmp_path / "store" / "web-secret").stat().st_mode & 0o077 == 0
