"""Content-addressed files under the storage folder: raw mail, attachments, documents.

A file is written to a temporary name and renamed into place, so a crash never leaves a
half-written file under a final name. Writing before the database commit is safe: an
orphan file is harmless and the next write of the same bytes finds it already there.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Store:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, kind: str, digest: str, suffix: str) -> Path:
        return self.root / kind / digest[:2] / f"{digest}{suffix}"

    def put(self, kind: str, data: bytes, suffix: str = "") -> str:
        digest = sha256_hex(data)
        path = self._path(kind, digest, suffix)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        return digest

    def get(self, kind: str, digest: str, suffix: str = "") -> bytes:
        return self._path(kind, digest, suffix).read_bytes()

    def has(self, kind: str, digest: str, suffix: str = "") -> bool:
        return self._path(kind, digest, suffix).exists()

    def put_raw_message(self, raw: bytes) -> str:
        return self.put("raw", raw, ".eml")

    def raw_message(self, digest: str) -> bytes:
        return self.get("raw", digest, ".eml")

    def put_attachment(self, data: bytes) -> str:
        return self.put("attachments", data)

    def attachment(self, digest: str) -> bytes:
        return self.get("attachments", digest)
