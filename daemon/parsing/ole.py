"""Sniff OLE2 compound files: Word .doc, Kingsoft .wps (same format), MS Works .wps,
and the OLE wrapper Office uses for password-protected .docx/.xlsx."""

from __future__ import annotations

import io
import struct

import olefile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FIB_ENCRYPTED = 0x0100  # fEncrypted in the Word FIB flags at offset 0x0A


def kind(data: bytes) -> str:
    """One of: word, works, encrypted, other, unreadable."""
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            if ole.exists("EncryptedPackage"):
                return "encrypted"
            if ole.exists("WordDocument"):
                fib = ole.openstream("WordDocument").read(12)
                if len(fib) == 12 and struct.unpack_from("<H", fib, 10)[0] & _FIB_ENCRYPTED:
                    return "encrypted"
                return "word"
            # Works 2000-8 keep the text in CONTENTS, Works 4 for Windows in MN0
            if ole.exists("CONTENTS") or ole.exists("MN0"):
                return "works"
            return "other"
    except Exception:  # olefile raises OSError and assorted errors on damaged files
        return "unreadable"
