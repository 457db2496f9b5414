""".doc, .wps and .pdf versions of generated .docx files, made by LibreOffice once and
cached by content in a temporary folder (a .wps from WPS Office is a Word 97 file)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path

CACHE = Path(tempfile.gettempdir()) / "govinfo-fidelity-cache"
_TARGET = {"doc": "doc", "wps": "doc", "pdf": "pdf"}


def _key(data: bytes, target: str) -> Path:
    return CACHE / f"{hashlib.sha256(data).hexdigest()[:32]}.{target}"


def convert(jobs: list[tuple[bytes, str]], soffice: str = "soffice") -> list[bytes]:
    """The converted bytes of each (docx bytes, kind) in ``jobs``; one soffice run per target."""
    CACHE.mkdir(parents=True, exist_ok=True)
    for target in sorted({_TARGET[kind] for _, kind in jobs}):
        missing = {_key(data, target): data for data, kind in jobs
                   if _TARGET[kind] == target and not _key(data, target).exists()}
        if not missing:
            continue
        with tempfile.TemporaryDirectory(prefix="govinfo-fidelity-") as work:
            root = Path(work)
            (root / "in").mkdir()
            for path, data in missing.items():
                (root / "in" / f"{path.stem}.docx").write_bytes(data)
            subprocess.run(
                [soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{root}/profile",
                 "--convert-to", target, "--outdir", str(root / "out"),
                 *sorted(str(p) for p in (root / "in").iterdir())],
                check=True, capture_output=True, timeout=900,
            )
            for path in missing:
                shutil.move(root / "out" / f"{path.stem}.{target}", path)
    return [_key(data, _TARGET[kind]).read_bytes() for data, kind in jobs]
