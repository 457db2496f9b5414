"""A migrated database and its settings, with the example roster; no mailbox."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from daemon.config import Settings, load_settings
from daemon.db import make_engine, session_factory, upgrade
from daemon.storage import Store
from tests.support.env import write_config


@dataclass
class Office:
    config: Path
    settings: Settings
    factory: sessionmaker[Session]

    @property
    def store(self) -> Store:
        return Store(self.settings.storage_dir)


@pytest.fixture
def office(tmp_path: Path, database_url: str) -> Iterator[Office]:
    config = write_config(tmp_path, database_url)
    settings = load_settings(config)
    engine = make_engine(settings.database_url)
    upgrade(engine)
    yield Office(config, settings, session_factory(engine))
    engine.dispose()
