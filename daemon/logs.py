"""One line per event, key=value, to stderr. No secrets and no message bodies go here."""

from __future__ import annotations

import logging
import sys


def kv(event: str, **fields: object) -> str:
    """Format an event line; values with spaces or quotes are quoted."""
    parts = [f"event={event}"]
    for key, value in fields.items():
        text = "" if value is None else str(value)
        if not text or any(c in text for c in ' ="\n'):
            text = '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
        parts.append(f"{key}={text}")
    return " ".join(parts)


def setup(level: str = "INFO") -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        logging.Formatter("ts=%(asctime)s level=%(levelname)s logger=%(name)s %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # imapclient logs protocol lines at DEBUG, which would include the LOGIN command.
    logging.getLogger("imapclient").setLevel(logging.WARNING)
    # alembic's "Context impl SQLiteImpl." on every verb that opens the database: not news
    logging.getLogger("alembic").setLevel(logging.WARNING)
