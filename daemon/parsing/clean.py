"""The last step of parsing: text that every database and mail library accepts.

Undecodable header bytes survive as lone surrogates, and some mail carries NUL characters;
PostgreSQL refuses NUL in text, and UTF-8 encoders refuse lone surrogates. Cleaning here,
once, spares every consumer (database, templates, outbound mail) from guarding itself.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import Any, TypeVar

_SURROGATES = re.compile("[\ud800-\udfff]+")
T = TypeVar("T")


def clean_text(text: str) -> str:
    if "\x00" in text:
        text = text.replace("\x00", "")
    return _SURROGATES.sub("\ufffd", text)


# Control characters that end a line; on one line they become a space, the rest vanish.
_BREAKS = frozenset("\t\n\v\f\r\x1c\x1d\x1e\x85\u2028\u2029")


def clean_line(text: str) -> str:
    """A header value as one line of plain text.

    A decoded header can hold anything its encoded words spell: CR/LF (a header injected
    into our outbound mail), C0/C1 controls, and format characters such as the bidi
    overrides U+202A-U+202E and isolates U+2066-U+2069 that show a name reversed. A run
    of line breaks becomes one space; other control (Cc) and format (Cf) characters are
    dropped.
    """
    if text.isprintable():
        return text
    out: list[str] = []
    for ch in text:
        if ch in _BREAKS:
            if not out or out[-1] != "\n":
                out.append("\n")  # a marker, made a space below: runs collapse to one
        elif unicodedata.category(ch) not in ("Cc", "Cf"):
            out.append(ch)
    return "".join(out).replace("\n", " ")


def clean(value: T) -> T:
    """A copy of ``value`` with every string in it cleaned (dataclasses, tuples, lists)."""
    return _clean(value)  # type: ignore[no-any-return]


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, tuple):
        return tuple(_clean(v) for v in value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _clean(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if isinstance(getattr(value, f.name), str | tuple | list) or dataclasses.is_dataclass(
                getattr(value, f.name)
            )
        }
        return dataclasses.replace(value, **changes)
    return value
