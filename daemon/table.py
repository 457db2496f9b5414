"""Plain-text tables that line up with Chinese text in a terminal."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


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
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in r] for r in rows]
    widths = [max(width(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for row in cells:
        lines.append("  ".join(c + " " * (widths[i] - width(c)) for i, c in enumerate(row)).rstrip())
    return "\n".join(lines)
