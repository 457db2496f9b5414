"""Shared fixtures: throwaway IMAP/SMTP servers and a fresh database per test.

Fixtures
- ``dovecot``: a started :class:`~tests.servers.Dovecot` (plain IMAP, user ``office`` /
  ``secret``), new for every test.
- ``dovecot_factory(users=None, tls=False)``: more servers, or one with a TLS listener.
- ``smtp_server``: a started :class:`~tests.servers.SmtpTrap` (no auth, no TLS).
- ``smtp_factory(username=None, password=None, tls="none")``: other SMTP traps.
- ``database_url``: a SQLAlchemy URL of an empty database of its own: SQLite in
  ``tmp_path``, or a new PostgreSQL database when ``GOVINFO_TEST_DATABASE_URL`` is set.

Tests that use ``database_url`` are marked ``db`` and those that use Dovecot ``imap``
automatically, so ``pytest -m db`` (run again against PostgreSQL by scripts/test.sh)
picks up every database test without anyone remembering the marker.

When Dovecot is missing the IMAP tests are skipped, unless ``GOVINFO_REQUIRE_SERVERS=1``
(CI installs the servers, so a missing one there is a broken setup, not a reason to skip).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from tests.servers import Dovecot, DovecotFactory, SmtpFactory, SmtpTrap
from tests.servers.smtp import SmtpTls

REQUIRE_SERVERS_ENV = "GOVINFO_REQUIRE_SERVERS"
TEST_DATABASE_ENV = "GOVINFO_TEST_DATABASE_URL"

_IMAP_FIXTURES = {"dovecot", "dovecot_factory"}
_DB_FIXTURES = {"database_url"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # tryfirst: the markers must be on the items before ``-m`` deselects by them
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & _DB_FIXTURES:
            item.add_marker(pytest.mark.db)
        if names & _IMAP_FIXTURES:
            item.add_marker(pytest.mark.imap)


def _servers_required() -> bool:
    return os.environ.get(REQUIRE_SERVERS_ENV, "") not in ("", "0")


def _need_dovecot() -> None:
    if Dovecot.is_available():
        return
    reason = "Dovecot 未安装（需要 Debian 软件包 dovecot-imapd）"
    if _servers_required():
        pytest.fail(f"{reason}，而 {REQUIRE_SERVERS_ENV}=1 要求测试服务器必须可用", pytrace=False)
    pytest.skip(reason)


# -- IMAP ------------------------------------------------------------------------------

@pytest.fixture
def dovecot_factory() -> Iterator[DovecotFactory]:
    """Make started Dovecot servers; all are stopped and deleted after the test."""
    _need_dovecot()
    servers: list[Dovecot] = []

    def make(users: Mapping[str, str] | None = None, *, tls: bool = False) -> Dovecot:
        server = Dovecot(users, tls=tls)
        servers.append(server)  # registered before start so a failed start is cleaned too
        return server.start()

    try:
        yield make
    finally:
        for server in servers:
            server.close()


@pytest.fixture
def dovecot(dovecot_factory: DovecotFactory) -> Dovecot:
    """A fresh Dovecot for this test: plain IMAP on 127.0.0.1, user office / secret."""
    return dovecot_factory()


# -- SMTP ------------------------------------------------------------------------------

@pytest.fixture
def smtp_factory() -> Iterator[SmtpFactory]:
    traps: list[SmtpTrap] = []

    def make(
        *, username: str | None = None, password: str | None = None, tls: SmtpTls = "none"
    ) -> SmtpTrap:
        trap = SmtpTrap(username=username, password=password, tls=tls)
        traps.append(trap)
        return trap.start()

    try:
        yield make
    finally:
        for trap in traps:
            trap.stop()


@pytest.fixture
def smtp_server(smtp_factory: SmtpFactory) -> SmtpTrap:
    """A fresh SMTP trap: accepts everything, no AUTH, no TLS."""
    return smtp_factory()


# -- database --------------------------------------------------------------------------


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database that belongs to this test alone."""
    server_url = os.environ.get(TEST_DATABASE_ENV, "").strip()
    if not server_url:
        yield f"sqlite:///{tmp_path / 'govinfo.sqlite3'}"
        return
    yield from _postgresql_database(server_url)


def _postgresql_database(server_url: str) -> Iterator[str]:
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    base = make_url(server_url)
    name = f"govinfo_test_{uuid.uuid4().hex[:16]}"
    # CREATE/DROP DATABASE cannot run inside a transaction block
    admin = create_engine(base, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0')
        try:
            yield base.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                # FORCE (PostgreSQL 13+) ends sessions a test left open instead of failing
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()
