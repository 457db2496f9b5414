"""The `govinfo` verbs, one module per area; each module has ``register(verbs)``.

cli.py discovers the modules here, so an area adds its verbs without touching the others.
A verb is an adapter over daemon/actions: argparse's values → the action → its message
printed, its refusal on stderr with exit 1 (2 for a value that makes no sense).
Shared here: the App (settings and database opened on first use), ``run_action``, and the
two failures of the CLI's own (a file it cannot read, bad usage).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from daemon.actions.base import Actor, Done
from daemon.actions.common import OFFICE
from daemon.config import Settings, config_path, load_settings
from daemon.db import make_engine, require_migrated, session_factory, transaction


class Failure(Exception):
    """The operation failed: exit 1 with this Chinese message."""


class Usage(Exception):
    """Bad usage: exit 2 with this Chinese message."""


class App:
    """Settings and database handles, opened on first use."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._settings: Settings | None = None
        self._factory: sessionmaker[Session] | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(config_path(self.args.config))
        return self._settings

    def factory(self) -> sessionmaker[Session]:
        """Sessions on the configured database, which must be fully migrated."""
        if self._factory is None:
            engine = make_engine(self.settings.database_url)
            require_migrated(engine)
            self._factory = session_factory(engine)
        return self._factory

    def close(self) -> None:
        """Close the database's connections (a verb run in-process leaves none open)."""
        if self._factory is not None:
            bind = self._factory.kw.get("bind")
            if bind is not None:
                bind.dispose()

    @property
    def tz(self) -> str:
        return self.settings.timezone

    @property
    def actor(self) -> Actor:
        """The operator, acting as the office under ``--by`` (default 办公室)."""
        return Actor(getattr(self.args, "by", None) or OFFICE, "office")


def run_action(app: App, action: Callable[..., Done], **kwargs: Any) -> int:
    """One action in one transaction, as the operator; prints what it did."""
    with transaction(app.factory()) as session:
        done = action(session, app.settings, app.actor, **kwargs)
    print(done.message)
    return 0


def add_by(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", default=OFFICE, help=f"操作人，记入处理记录（默认“{OFFICE}”）")


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def progress(label: str) -> Callable[[int, int], None] | None:
    """A progress counter on stderr when it is a terminal; None otherwise."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        end = "\n" if done == total else ""
        sys.stderr.write(f"\r{label}：{done}/{total}{end}")
        sys.stderr.flush()

    return show


def parse_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{value}") from exc
