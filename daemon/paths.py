"""Where the files that ship with govinfo are: migrations, templates, the example config
and the demo inbox.

A wheel carries them in daemon/bundled/ (setup.py's build step), found through
importlib.resources; in the repository, and so in an editable install, they are the
top-level originals beside daemon/.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def shipped(name: str) -> Path:
    bundled = Path(str(files("daemon") / "bundled" / name))
    return bundled if bundled.exists() else PROJECT_ROOT / name


EXAMPLE_CONFIG = shipped("config.example.toml")
DEMO_INBOX = shipped("examples/demo-inbox")
TEMPLATES = shipped("templates")
MIGRATIONS = shipped("migrations")
