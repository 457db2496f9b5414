"""A table of figures as data, before it is Word or Excel.

One function per document builds each ``Table`` (headers and typed cells); the Word
writer (``layout.OfficialDocument.table``) and the Excel writer (``spreadsheet``) both
consume it, so the two files cannot disagree. ``cell_text`` is how a cell reads in
Word, and how a test compares the spreadsheet with the document.

Column widths follow the content: a header is never broken (门户网站 stays on one line),
nor is a figure; only a column marked ``wrap`` (unit names) may break between characters
when the table would otherwise not fit the type area.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

Cell = str | int | float | None
_FIGURE = re.compile(r"[!-~]+")  # a run of ASCII: a figure, never broken


@dataclass(frozen=True)
class Column:
    header: str
    wrap: bool = False  # text that may break between characters when space is short
    left: bool = False  # names read from the left; figures and words are centred
    decimals: int = 0  # for numeric cells: how Excel shows them


@dataclass(frozen=True)
class Table:
    name: str  # the Excel sheet's name
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


def table(name: str, columns: Sequence[Column], rows: Sequence[Sequence[Cell]]) -> Table:
    out = Table(name, tuple(columns), tuple(tuple(r) for r in rows))
    for row in out.rows:
        if len(row) != len(out.columns):
            raise ValueError(f"row of {len(row)} cells for {len(out.columns)} columns in {name}")
    return out


def cell_text(value: Cell) -> str:
    """A cell as printed: nothing for None, a whole number without decimals, else one decimal."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.1f}"
    return str(value)


def em_width(text: str) -> float:
    """Width in ems: CJK and full-width characters one, the others (digits, Latin) half."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)


def display_width(text: str) -> int:
    """Width in terminal/Excel columns: CJK two, the others one."""
    return math.ceil(em_width(text) * 2)


def column_widths(tbl: Table, available: float, size: float, padding: float) -> list[float]:
    """Column widths (same unit as ``available``) that fit the content.

    ``size`` is the font size and ``padding`` the cell's left plus right margin, in that
    unit. Every column is at least as wide as its header and its widest unbreakable
    cell; a ``wrap`` column may shrink to half its longest text (two lines). What is
    left over goes to the columns in proportion to their natural width.
    """
    slack = 0.15 * size + padding  # rounding of the renderers' glyph advances

    def width(ems: float) -> float:
        return ems * size + slack

    texts = [[cell_text(row[i]) for row in tbl.rows] for i in range(len(tbl.columns))]
    natural = [width(max([em_width(c.header), *map(em_width, texts[i])]))
               for i, c in enumerate(tbl.columns)]
    least = []
    for i, column in enumerate(tbl.columns):
        if column.wrap:  # two lines at most, and never inside a figure such as 30/33
            cells = max((max([math.ceil(em_width(t) / 2), *map(em_width, _FIGURE.findall(t))])
                         for t in texts[i]), default=0.0)
        else:
            cells = max(map(em_width, texts[i]), default=0.0)
        least.append(width(max(em_width(column.header), cells)))
    if sum(natural) <= available:
        base = natural
    elif sum(least) <= available:
        # give the wrapping columns back what fits, the smallest need first: as many as
        # possible stay on one line
        base = list(least)
        spare = available - sum(least)
        for i in sorted(range(len(base)), key=lambda i: natural[i] - least[i]):
            grant = min(spare, natural[i] - base[i])
            base[i] += grant
            spare -= grant
    else:
        raise ValueError(f"table {tbl.name} needs {sum(least):.0f} of {available:.0f}: too many columns")
    extra = available - sum(base)
    total = sum(base)
    return [b + extra * b / total for b in base]
