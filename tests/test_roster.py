"""The roster check names every missing person and address."""

from __future__ import annotations

import json

from tests.support.env import example_config, govinfo, write_config

NO_DATABASE = "sqlite:///unused.sqlite3"  # the roster check reads only the config


def test_example_roster_is_complete(tmp_path):
    config = write_config(tmp_path, NO_DATABASE)
    result = govinfo(config, "roster", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "28 个单位" in result.stdout


def test_missing_officer_address_and_leader_are_reported(tmp_path):
    data = example_config()
    anding = next(u for u in data["units"] if u["name"] == "安定区")
    anding["people"] = [p for p in anding["people"] if p["role"] != "supervising_leader"]
    del anding["people"][0]["email"]
    pricing = next(u for u in data["units"] if u["name"] == "价格科")
    pricing["people"] = [p for p in pricing["people"] if p["role"] != "info_officer"]
    data["leaders"] = [p for p in data["leaders"] if p["role"] != "principal_leader"]
    config = write_config(tmp_path, NO_DATABASE, **{k: v for k, v in data.items()
                                                      if k in ("units", "leaders")})
    result = govinfo(config, "roster", "check", "--json")
    assert result.returncode == 1
    problems = {(p["unit"], p["role"]) for p in json.loads(result.stdout)}
    assert problems == {
        ("安定区", "supervising_leader"),
        ("安定区", "info_officer"),
        ("价格科", "info_officer"),
        ("委领导", "principal_leader"),
    }
    assert "名册不完整：4 处" in result.stderr
