"""A small roster for the scoring tests, with quotas and award counts small enough that a
dozen items can meet or miss them (which also proves the scorer reads the settings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from daemon.config import Settings, parse_settings

ROSTER = {
    "units": [
        {"name": "安定区", "kind": "county"},
        {"name": "通渭县", "kind": "county"},
        {"name": "陇西县", "kind": "county"},
        {"name": "办公室", "kind": "section", "class": 1},
        {"name": "固定资产投资科", "kind": "section", "class": 1},
        {"name": "价格科", "kind": "section", "class": 2},
        {"name": "工程咨询办", "kind": "section", "class": 4},
    ],
    "quotas": {
        "county_monthly_submissions": 1,
        "county_quarterly_adoptions": 1,
        "county_annual_submissions": 3,
        "county_annual_adoptions": 2,
        "section_annual": {"1": 3, "2": 2, "3": 1, "4": None},
    },
    "awards": {"sections": 2, "section_people": 4, "counties": 2, "county_people": 2},
}


@pytest.fixture(scope="session")
def settings() -> Settings:
    return parse_settings(ROSTER, Path("."))
