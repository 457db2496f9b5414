"""Packaging beyond pyproject.toml: the wheel carries the files that live beside daemon/.

migrations/, templates/, examples/demo-inbox/ and config.example.toml stay at the top of
the repository, where the design card puts them. build_py copies them into daemon/bundled/
of the built package, so a wheel installed into any site-packages has them, and
daemon/paths.py finds them there through importlib.resources. An editable install reads
the top-level originals, so nothing is copied for it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = ("migrations", "templates", "examples/demo-inbox", "config.example.toml")


class BuildWithShippedFiles(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        bundled = Path(self.build_lib) / "daemon" / "bundled"
        for name in SHIPPED:
            source, target = ROOT / name, bundled / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.rmtree(target, ignore_errors=True)
                shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copy2(source, target)


setup(cmdclass={"build_py": BuildWithShippedFiles})
