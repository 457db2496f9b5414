"""`govinfo --version` and `--help` load none of the heavy libraries (issue 16 §3): every
verb module imports its work when it runs. Measured with the interpreter's own import log."""

from __future__ import annotations

import subprocess
import sys

import pytest

from daemon.paths import PROJECT_ROOT

HEAVY = ("matplotlib", "numpy", "docx", "pypdfium2", "starlette", "apscheduler", "sqlalchemy", "pydantic",
         "alembic", "argon2")


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_the_quick_answers_import_nothing_heavy(flag: str) -> None:
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "daemon.cli", flag],
                            capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "govinfo" in result.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()
                if line.startswith("import time:")}
    loaded = sorted(m for m in imported if m.split(".")[0] in HEAVY)
    assert loaded == [], f"{flag} imported {loaded[:10]}"


def test_help_lists_the_chinese_names_of_codes() -> None:
    result = subprocess.run([sys.executable, "-m", "daemon.cli", "adopt", "--help"], capture_output=True,
                            text=True, cwd=PROJECT_ROOT, timeout=60)
    assert result.returncode == 0
    assert "用法：" in result.stdout and "选项" in result.stdout
    assert "portal=委门户网站" in result.stdout and "中文名均可" in result.stdout


def test_the_gate_reads_the_same_head_as_alembic() -> None:
    from daemon.db import head_from_files, head_revision

    assert head_from_files() == head_revision()
