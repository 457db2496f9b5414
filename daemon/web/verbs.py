"""Run a `govinfo` verb for the console, exactly as the command line would.

The console's actions are the CLI's verbs: the same argument parser checks the values
(outlets, dates, states) and the same command function applies the rules, writes the
audit trail and the outbox in one transaction. What the verb prints to a person becomes
the message the page shows; a Failure or Usage becomes the error it shows.

Verbs print to stdout, so one runs at a time with stdout captured; the office's clicks
are few, and a verb's transaction is short.
"""

from __future__ import annotations

import argparse
import io
import logging
import threading
from contextlib import redirect_stdout

from sqlalchemy.orm import Session, sessionmaker

from daemon.commands import App, Failure, Usage
from daemon.config import Settings
from daemon.logs import kv

log = logging.getLogger(__name__)

_lock = threading.Lock()
_parser: argparse.ArgumentParser | None = None


class VerbFailed(Exception):
    """The verb refused; the message is its Chinese explanation."""


class ConsoleApp(App):
    """The CLI's App over the console's already-loaded settings and database."""

    def __init__(self, args: argparse.Namespace, settings: Settings,
                 factory: sessionmaker[Session]) -> None:
        super().__init__(args)
        self._settings = settings
        self._factory = factory


def run_verb(settings: Settings, factory: sessionmaker[Session], argv: list[str], *, user: str) -> str:
    """Run ``govinfo ARGV``; returns what it printed, or raises VerbFailed with its message.

    Values a person typed go in ``--option=value`` form, so a reason starting with "-" is
    not taken for an option.
    """
    global _parser
    from daemon.cli import build_parser  # cli imports every verb module, this one's users included

    with _lock:
        if _parser is None:
            _parser = build_parser()
        out = io.StringIO()
        try:
            args = _parser.parse_args(argv)
            with redirect_stdout(out):
                args.func(ConsoleApp(args, settings, factory))
        except (Failure, Usage) as exc:
            log.info(kv("web_verb", verb=argv[0], user=user, outcome="refused"))
            printed = out.getvalue().strip()
            raise VerbFailed("\n".join(filter(None, [printed, str(exc)]))) from exc
    log.info(kv("web_verb", verb=argv[0], user=user, outcome="done"))
    return out.getvalue().strip()
