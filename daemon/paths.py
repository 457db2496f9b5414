"""Files that ship beside the package in the source tree (and in the Docker image)."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_CONFIG = PROJECT_ROOT / "config.example.toml"
DEMO_INBOX = PROJECT_ROOT / "examples" / "demo-inbox"
TEMPLATES = PROJECT_ROOT / "templates"
