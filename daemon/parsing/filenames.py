"""Attachment names that are safe to show and to store: a bare basename, nothing else."""

from __future__ import annotations

import unicodedata

DEFAULT_NAME = "attachment"


def sanitise(name: str | None, max_length: int, fallback: str = DEFAULT_NAME) -> str:
    text = unicodedata.normalize("NFC", name or "")
    # control, format (bidi overrides that disguise an extension) and unassigned characters
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Cn", "Cs", "Zl", "Zp") else ch
        for ch in text
    )
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = text.replace(":", "_").strip(" .")
    if not text:
        text = fallback
    if len(text) > max_length:
        stem, dot, ext = text.rpartition(".")
        if dot and 0 < len(ext) <= 10:
            text = stem[: max_length - len(ext) - 1].rstrip(" .") + "." + ext
        else:
            text = text[:max_length]
    return text


DOCUMENT_SUFFIXES = (".doc", ".docx", ".wps", ".wpt", ".dot", ".rtf", ".odt", ".pdf", ".txt")


def is_document_name(name: str) -> bool:
    """A name that says the file holds an article (whatever the bytes turn out to be)."""
    return name.lower().endswith(DOCUMENT_SUFFIXES)
