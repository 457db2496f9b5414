"""Plain-text tables that line up with Chinese text in a terminal."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import cache, lru_cache


@cache
def _char_width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


@lru_cache(maxsize=4096)  # a table's units, states and sections repeat on every row
def width(text: str) -> int:
    if text.isascii():
        return len(text)
    return sum(map(_char_width, text))


def clip(text: str, limit: int) -> str:
    """Cut to ``limit`` display columns, marking the cut with an ellipsis."""
    if width(text) <= limit:
        return text
    out, used = "", 0
    for char in text:
        if used + width(char) > limit - 1:
            break
        out, used = out + char, used + width(char)
    return out + "…"


def render(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(h) for h in headers], *(["" if v is None else str(v) for v in row] for row in rows)]
    sizes = [list(map(width, row)) for row in cells]
    widths = list(map(max, zip(*sizes, strict=True)))
    return "\n".join(
        "  ".join([c + " " * (w - s) for c, s, w in zip(row, size, widths, strict=True)]).rstrip()
        for row, size in zip(cells, sizes, strict=True)
    )
