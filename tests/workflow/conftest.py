"""An office per test: Dovecot inbox, config from the example roster, migrated database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.workflow.office import Office, make_office


@pytest.fixture
def office(tmp_path: Path, dovecot: Any, database_url: str) -> Office:
    return make_office(tmp_path, dovecot, database_url)
