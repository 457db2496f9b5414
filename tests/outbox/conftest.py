"""An environment for outbox tests: config on an SMTP trap (and Dovecot), a migrated DB."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from daemon.config import Settings, load_settings
from daemon.db import make_engine, session_factory, upgrade
from daemon.models import Outbound
from daemon.storage import Store
from tests.servers import SmtpTrap
from tests.support.env import dovecot_mailbox, write_config

SMTP_PASSWORD_ENV = "GOVINFO_TEST_SMTP_PASSWORD"
OFFICE = "dxsfgw@126.com"


@dataclass
class OutboxEnv:
    config: Path
    settings: Settings
    factory: sessionmaker[Session]
    store: Store

    def rows(self) -> list[Outbound]:
        with self.factory() as session:
            return list(session.scalars(select(Outbound).order_by(Outbound.id)))


def smtp_section(trap: SmtpTrap, **extra: Any) -> dict[str, Any]:
    section: dict[str, Any] = {
        "host": trap.host,
        "port": trap.port,
        "tls": trap.tls,
        "from": f"定西市发展改革委办公室 <{OFFICE}>",
        "timeout": 10,
    }
    if trap.username is not None:
        section.update(username=trap.username, password_env=SMTP_PASSWORD_ENV)
    if trap.cert is not None:
        section["ca_file"] = str(trap.cert.ca_file)
    section.update(extra)
    return section


MakeEnv = Callable[..., OutboxEnv]


@pytest.fixture
def outbox_env(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> MakeEnv:
    """``make(trap, dovecot=None, outbox={...}, smtp={...})`` -> a ready OutboxEnv."""

    def make(
        trap: SmtpTrap,
        *,
        dovecot: Any = None,
        outbox: dict[str, Any] | None = None,
        smtp: dict[str, Any] | None = None,
    ) -> OutboxEnv:
        if trap.password is not None:
            monkeypatch.setenv(SMTP_PASSWORD_ENV, trap.password)
        config = write_config(
            tmp_path,
            database_url,
            dovecot_mailbox(dovecot) if dovecot is not None else None,
            smtp=smtp_section(trap, **(smtp or {})),
            # fast retries: the tests wait for them in real time
            outbox={"retry_base_seconds": 1, "retry_max_seconds": 4, **(outbox or {})},
        )
        settings = load_settings(config)
        engine = make_engine(settings.database_url)
        upgrade(engine)
        return OutboxEnv(config, settings, session_factory(engine), Store(settings.storage_dir))

    return make
