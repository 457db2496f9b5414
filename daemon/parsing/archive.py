"""Zip containers (.zip, .docx) opened behind zip-bomb and encryption guards."""

from __future__ import annotations

import io
import zipfile

from daemon.config import ParsingSettings

# The compression-ratio cap only applies past this size: small XML parts of an ordinary
# .docx compress better than 100:1 and are harmless.
_RATIO_FLOOR = 1024 * 1024


class Refused(Exception):
    """The container is not read; status is an Attachment status, the message the note."""

    def __init__(self, status: str, note: str) -> None:
        super().__init__(note)
        self.status = status
        self.note = note


def is_zip(data: bytes) -> bool:
    return data[:4] in (b"PK\x03\x04", b"PK\x05\x06")


def open_zip(data: bytes, settings: ParsingSettings) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise Refused("unreadable", f"bad zip: {exc}") from exc
    if len(members) > settings.max_archive_members:
        raise Refused("unreadable", f"zip guard: {len(members)} members")
    if any(m.flag_bits & 0x1 for m in members):
        raise Refused("encrypted", "zip members are encrypted")
    total = sum(m.file_size for m in members)
    if total > settings.max_uncompressed_bytes:
        raise Refused("unreadable", f"zip guard: {total} bytes uncompressed")
    for m in members:
        if m.file_size > _RATIO_FLOOR and m.file_size > settings.max_compression_ratio * max(
            m.compress_size, 1
        ):
            raise Refused("unreadable", f"zip guard: compression ratio of {m.filename!r}")
    return archive


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Read at most the declared size: a member that inflates past it is refused, so a
    forged size field cannot bypass the guards above."""
    try:
        with archive.open(info) as stream:
            data = stream.read(info.file_size + 1)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, OSError,
            EOFError) as exc:  # zipfile raises these for damaged or exotic members
        raise Refused("unreadable", f"zip member {info.filename!r}: {exc}") from exc
    if len(data) > info.file_size:
        raise Refused("unreadable", f"zip guard: {info.filename!r} larger than declared")
    return data
