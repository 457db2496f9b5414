"""`govinfo init` and the console's address from the environment (issue 16, section 5).
The wheel itself is built, installed and run by scripts/install-check.sh."""

from __future__ import annotations

import stat
import tomllib
from pathlib import Path

import pytest

from daemon.cli import main
from daemon.config import ConfigError, load_settings, with_environment


def test_init_writes_a_starter_that_is_a_working_config(tmp_path: Path, capsys) -> None:
    site = tmp_path / "govinfo"
    assert main(["init", str(site)]) == 0
    out = capsys.readouterr().out
    config = site / "config.toml"
    text = config.read_text(encoding="utf-8")
    assert text.startswith("# govinfo 配置")
    assert "授权码放在同目录的 govinfo.env 中" in text
    settings = load_settings(config)
    assert settings.storage_dir.is_dir() and (site / "var").is_dir()
    assert stat.S_IMODE((site / "var").stat().st_mode) == 0o700
    secrets = site / "govinfo.env"
    assert stat.S_IMODE(secrets.stat().st_mode) == 0o600
    assert "# GOVINFO_IMAP_PASSWORD=" in secrets.read_text(encoding="utf-8")
    assert f"govinfo --config {config} db upgrade" in out
    assert main(["--config", str(config), "db", "upgrade"]) == 0
    assert (site / "var" / "govinfo.sqlite3").is_file()

    config.write_text(text + "\n# 办公室的修改\n", encoding="utf-8")
    assert main(["init", str(site)]) == 1  # nothing is overwritten
    assert "已存在，未覆盖" in capsys.readouterr().err
    assert config.read_text(encoding="utf-8").endswith("# 办公室的修改\n")


def test_init_sets_since_to_today(tmp_path: Path, capsys) -> None:
    from daemon.timeutil import local, utcnow

    assert main(["init", str(tmp_path / "site")]) == 0
    data = tomllib.loads((tmp_path / "site" / "config.toml").read_text(encoding="utf-8"))
    assert data["mailboxes"][0]["since"] == local(utcnow(), "Asia/Shanghai").date().isoformat()


def test_the_console_address_from_the_environment() -> None:
    data = {"web": {"bind": "127.0.0.1", "port": 8080}}
    assert with_environment(data, {}) == data
    assert with_environment(data, {"GOVINFO_WEB_BIND": "0.0.0.0", "GOVINFO_WEB_PORT": "9090"})["web"] == {
        "bind": "0.0.0.0", "port": 9090}
    assert with_environment({}, {"GOVINFO_WEB_BIND": "0.0.0.0"}) == {"web": {"bind": "0.0.0.0"}}
    with pytest.raises(ConfigError) as caught:
        with_environment(data, {"GOVINFO_WEB_PORT": "http"})
    assert caught.value.key == "环境变量 GOVINFO_WEB_PORT"


def test_the_readme_links_only_to_files_a_clone_has() -> None:
    import re

    from daemon.paths import PROJECT_ROOT

    for page in (PROJECT_ROOT / "README.md", *(PROJECT_ROOT / "docs").glob("*.md")):
        text = page.read_text(encoding="utf-8")
        assert "../shared" not in text
        for target in re.findall(r"\]\(([^)#]+)\)", text):
            if "://" not in target:
                assert (page.parent / target).exists(), (page.name, target)
