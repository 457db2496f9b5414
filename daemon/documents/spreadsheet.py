"""Excel workbooks (openpyxl): one sheet per ``Table``, as Chinese offices exchange figures.

Each sheet has the Chinese headers in a bold, shaded, frozen first row, column widths set
from the content, and number formats on the figures; text stays text (a progress ``5/4``
is never read as a date). ``workbook_bytes`` is rows in, .xlsx bytes out: the documents
and the console's exports (``exports``) both call it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from daemon.documents.tables import Table, display_width

SHEET_NAME_LIMIT = 31  # Excel's
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FONT = Font(name="黑体", bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
BODY_FONT = Font(name="仿宋_GB2312")
MAX_WIDTH = 60


def sheet_names(tables: Sequence[Table]) -> list[str]:
    """Valid, distinct sheet names: Excel forbids []:*?/\\ and more than 31 characters."""
    names: list[str] = []
    for tbl in tables:
        base = _FORBIDDEN.sub("", tbl.name).strip() or "表"
        name, n = base[:SHEET_NAME_LIMIT], 1
        while name in names:
            n += 1
            suffix = f"（{n}）"
            name = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix
        names.append(name)
    return names


def workbook_bytes(tables: Sequence[Table]) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for tbl, name in zip(tables, sheet_names(tables), strict=True):
        sheet = book.create_sheet(name)
        sheet.append(tbl.headers)
        for cell in sheet[1]:
            cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, _BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center")
        for row in tbl.rows:
            sheet.append(list(row))
        for column_index, column in enumerate(tbl.columns, start=1):
            number_format = "0" if column.decimals == 0 else "0." + "0" * column.decimals
            widest = display_width(column.header)
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column_index, max_col=column_index):
                cell.font, cell.border = BODY_FONT, _BORDER
                if isinstance(cell.value, bool) or not isinstance(cell.value, int | float):
                    cell.number_format = "@"  # text
                    cell.alignment = Alignment(horizontal="left" if column.left else "center",
                                               vertical="center", wrap_text=column.wrap)
                else:
                    cell.number_format = number_format
                    cell.alignment = Alignment(horizontal="right", vertical="center")
                widest = max(widest, display_width("" if cell.value is None else str(cell.value)))
            sheet.column_dimensions[get_column_letter(column_index)].width = min(widest + 2, MAX_WIDTH)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
