"""The `govinfo` verbs, one module per area; each module has ``register(verbs)``.

cli.py discovers the modules here, so an area adds its verbs without touching the others.
A verb is an adapter over daemon/actions: argparse's values → the action → its message
printed, its refusal on stderr with exit 1 (2 for a value that makes no sense).
Shared here: the App (settings and database opened on first use), ``run_action``, and the
two failures of the CLI's own (a file it cannot read, bad usage).

Building the parser imports every verb module, so `govinfo --help` answers only as fast
as they import: at module level a verb module imports argparse, daemon.labels and this
package, nothing more. The database, the settings (pydantic) and the actions load inside
the verb that runs.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from daemon.actions.base import OFFICE, Actor, Done
from daemon.logs import kv

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from daemon.config import Settings

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
        from daemon.config import config_path, load_settings

        if self._settings is None:
            self._settings = load_settings(config_path(self.args.config))
            warn_readable_secrets(self._settings)
        return self._settings

    def factory(self) -> sessionmaker[Session]:
        """Sessions on the configured database, which must be fully migrated."""
        from daemon.db import make_engine, require_migrated, session_factory

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
    def has_settings(self) -> bool:
        return self._settings is not None

    @property
    def tz(self) -> str:
        return self.settings.timezone

    @property
    def actor(self) -> Actor:
        """The operator, acting as the office under ``--by`` (default 办公室)."""
        return Actor(getattr(self.args, "by", None) or OFFICE, "office")


def action(name: str) -> Callable[..., Any]:
    """``"chain.route"`` → daemon.actions.chain.route, imported when the verb runs."""
    module, _, function = name.rpartition(".")
    return getattr(importlib.import_module(f"daemon.actions.{module}"), function)


def run_action(app: App, name: str, **kwargs: Any) -> int:
    """The action ``name`` (see ``action``) in one transaction, as the operator; prints what it did."""
    from daemon.db import transaction

    with transaction(app.factory()) as session:
        done: Done = action(name)(session, app.settings, app.actor, **kwargs)
    print(done.message)
    return 0


def add_by(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", default=OFFICE, help=f"操作人，记入处理记录（默认“{OFFICE}”）")


def warn_readable_secrets(settings: Settings) -> None:
    """On stderr for the operator, and in the log: a password file others can read."""
    for key, path, mode in settings.readable_secret_files():
        print(f"警告：{key} 指定的文件 {path} 可被同组或其他用户读取（权限 {mode:04o}），"
              f"请执行 chmod 600 {path}", file=sys.stderr)
        log.warning(kv("secret_file_readable", key=key, path=path, mode=f"{mode:04o}"))


def print_json(data: Any) -> None:
    # indented for a person at a terminal; one line for a script, through the C encoder
    # (indent makes json fall back to pure Python: 2 s of 10,000 items' 3)
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent))
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


def codes(table: dict[str, str]) -> Callable[[str], str]:
    """An argparse type taking a code or its Chinese name (``portal`` or 委门户网站 / 门户网站)."""

    def parse(value: str) -> str:
        text = value.strip()
        if text in table:
            return text
        for code, name in table.items():
            if text in (name, name.strip("《》"), name.removeprefix("委")):
                return code
        raise argparse.ArgumentTypeError(
            f"无效的取值：{value}（可选：{'、'.join(f'{k}（{v}）' for k, v in table.items())}）")

    return parse


def choices_help(table: dict[str, str], text: str = "") -> str:
    """``--help`` naming each code with its Chinese name."""
    listed = "、".join(f"{k}={v}" for k, v in table.items())
    return f"{text}（{listed}；代码或中文名均可）" if text else f"{listed}（代码或中文名均可）"
