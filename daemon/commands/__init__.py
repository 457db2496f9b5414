"""The `govinfo` verbs, one module per area; each module has ``register(verbs)``.

cli.py discovers the modules here, so an area adds its verbs without touching the others.
Shared here: the App (settings and database opened on first use) and the two failures.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from daemon.config import Settings, config_path, load_settings
from daemon.db import make_engine, require_migrated, session_factory
from daemon.logs import kv
from daemon.models import Item

log = logging.getLogger("govinfo")


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
            warn_readable_secrets(self._settings)
        return self._settings

    def factory(self) -> sessionmaker[Session]:
        """Sessions on the configured database, which must be fully migrated."""
        if self._factory is None:
            engine = make_engine(self.settings.database_url)
            require_migrated(engine)
            self._factory = session_factory(engine)
        return self._factory

    @property
    def has_settings(self) -> bool:
        return self._settings is not None

    @property
    def tz(self) -> str:
        return self.settings.timezone


def warn_readable_secrets(settings: Settings) -> None:
    """On stderr for the operator, and in the log: a password file others can read."""
    for key, path, mode in settings.readable_secret_files():
        print(f"警告：{key} 指定的文件 {path} 可被同组或其他用户读取（权限 {mode:04o}），"
              f"请执行 chmod 600 {path}", file=sys.stderr)
        log.warning(kv("secret_file_readable", key=key, path=path, mode=f"{mode:04o}"))


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


def find_item(session: Session, ref: str) -> Item:
    """An item by its number (2026-0001); a bare sequence number means the latest year."""
    match = re.fullmatch(r"(\d{4})-(\d+)", ref.strip())
    if match:
        query = select(Item).where(Item.year == int(match[1]), Item.seq == int(match[2]))
    elif ref.strip().isdigit():
        query = select(Item).where(Item.seq == int(ref)).order_by(Item.year.desc()).limit(1)
    else:
        raise Usage(f"信息编号格式应为 2026-0001：{ref}")
    item = session.execute(query).scalar_one_or_none()
    if item is None:
        raise Failure(f"没有编号为 {ref} 的信息")
    return item
