"""A govinfo config for a test: the example roster, a test database, a Dovecot mailbox."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
import tomllib
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import tomli_w

from daemon.cli import main
from daemon.paths import EXAMPLE_CONFIG, PROJECT_ROOT

IMAP_PASSWORD_ENV = "GOVINFO_TEST_IMAP_PASSWORD"


def example_config() -> dict[str, Any]:
    return tomllib.loads(EXAMPLE_CONFIG.read_text(encoding="utf-8"))


def write_config(
    directory: Path,
    database_url: str,
    mailbox: dict[str, Any] | None = None,
    **overrides: Any,
) -> Path:
    """Write config.toml in ``directory``; ``mailbox`` replaces the 126.com mailbox."""
    data = example_config()
    data["database"] = {"url": database_url}
    data["storage"] = {"dir": "store"}
    data["mailboxes"] = [mailbox] if mailbox else []
    # Never the example's smtp.126.com: test traffic stays on 127.0.0.1. Port 1 refuses at
    # once; tests that deliver pass smtp= pointing at their own trap.
    data["smtp"] = {**data["smtp"], "host": "127.0.0.1", "port": 1, "tls": "none"}
    data.update(overrides)
    path = directory / "config.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def dovecot_mailbox(server: Any, **settings: Any) -> dict[str, Any]:
    os.environ[IMAP_PASSWORD_ENV] = "secret"
    box = {
        "name": "office",
        "host": server.host,
        "port": server.port,
        "tls": "none",
        "username": "office",
        "password_env": IMAP_PASSWORD_ENV,
        "folder": "INBOX",
        "poll_interval": 1.0,
    }
    box.update(settings)
    return box


def govinfo(config: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the `govinfo` command in this process: its parser, its verb, its exit status, what
    it prints to stdout and stderr (logs included), as a child process would give them.

    In-process saves a Python start per call (a second of CPU); ``govinfo_process`` keeps
    the child process for the few tests that prove the wiring.
    """
    out, err = io.StringIO(), io.StringIO()
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    os.environ[IMAP_PASSWORD_ENV] = "secret"
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = main(["--config", str(config), *args])
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    return subprocess.CompletedProcess(["govinfo", *args], code, out.getvalue(), err.getvalue())


def govinfo_process(config: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the real command in a child process, as the operator would."""
    return subprocess.run(
        [sys.executable, "-m", "daemon.cli", "--config", str(config), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=PROJECT_ROOT,
        env={**os.environ, "GOVINFO_TEST_IMAP_PASSWORD": "secret"},
    )


def popen_govinfo(config: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "daemon.cli", "--config", str(config), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, "GOVINFO_TEST_IMAP_PASSWORD": "secret"},
    )
