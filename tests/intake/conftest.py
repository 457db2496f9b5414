"""An office on a fresh database, filing mail through the real intake (no IMAP server)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from daemon.config import Settings, load_settings
from daemon.db import make_engine, session_factory, upgrade
from daemon.intake import route_learning
from daemon.intake.reader import Intake, ReadOptions
from daemon.mailbox.base import FetchedMessage
from tests.support.env import write_config


@dataclass
class Office:
    config: Path
    settings: Settings
    factory: sessionmaker[Session]
    file: Callable[[bytes, datetime], None]  # one message, arriving at the given time
    restart: Callable[[], None]  # a new Intake, as after a restart of the daemon


@pytest.fixture
def office(tmp_path: Path, database_url: str) -> Iterator[Office]:
    config = write_config(tmp_path, database_url)
    settings = load_settings(config)
    engine = make_engine(settings.database_url)
    upgrade(engine)
    factory = session_factory(engine)
    intakes = [Intake(settings, factory)]
    uids = itertools.count(1)

    def file(raw: bytes, when: datetime) -> None:
        intakes[-1].ingest(ReadOptions(name="office"), 1, FetchedMessage(next(uids), when, raw))

    def restart() -> None:
        intakes.append(Intake(settings, factory))

    yield Office(config, settings, factory, file, restart)
    route_learning.install(None)  # the model in force is process-wide
    engine.dispose()
