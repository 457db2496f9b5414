"""One line per event, key=value, to stderr. No secrets and no message bodies go here."""

from __future__ import annotations

import logging
import sys
import unicodedata

_HIDDEN = ("Cc", "Cf", "Zl", "Zp")


def _escape(ch: str) -> str:
    if ch in '\\"':
        return "\\" + ch
    if ch == "\n":
        return "\\n"
    # CR and other controls (a value may come from a mail) would forge a log line
    return f"\\u{ord(ch):04x}" if unicodedata.category(ch) in _HIDDEN else ch


def kv(event: str, **fields: object) -> str:
    """Format an event line; values with spaces, quotes or controls are quoted and escaped."""
    parts = [f"event={event}"]
    for key, value in fields.items():
        text = "" if value is None else str(value)
        if not text or not text.isprintable() or any(c in text for c in ' ="'):
            text = '"' + "".join(map(_escape, text)) + '"'
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
