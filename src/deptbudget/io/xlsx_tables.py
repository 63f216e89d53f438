"""Lay out Table values on openpyxl worksheets like the published tables: tables rewritten inside
an existing workbook (fill, --workbook, --replace). New workbooks of tables: io.xlsx_fast."""

from __future__ import annotations

import os
from copy import copy

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..core.table import Table
from ..template import spec
from . import table_layout
from .atomic import atomic_path
from .table_layout import table_sheets
from .xlsx_style import (
    BODY_FONT,
    BOLD_FONT,
    BORDER,
    CENTER,
    HEADER_FILL,
    HEADER_FONT,
    LEFT,
    NOTE_FONT,
    RIGHT,
    TITLE_FONT,
    page_setup,
    put,
)

FIRST_HEADER_ROW = table_layout.FIRST_HEADER_ROW  # row 1 title, row 2 (blank or 年度), row 3 部门/金额单位
BOLD_LEVELS = table_layout.BOLD_LEVELS

# Style role (table_layout.Style.role) → font, border, fill.
_ROLE = {
    "title": (TITLE_FONT, None, None), "number": (BODY_FONT, None, None), "year": (None, None, None),
    "subtitle": (BODY_FONT, None, None), "unit": (BODY_FONT, None, None),
    "header": (HEADER_FONT, BORDER, HEADER_FILL), "body": (BODY_FONT, BORDER, None),
    "bold": (BOLD_FONT, BORDER, None), "note": (NOTE_FONT, None, None),
}
_ALIGN = {"center": CENTER, "left": LEFT, "right": RIGHT}


def render_table(ws: Worksheet, table: Table, rounded: bool = False) -> int:
    """Write `table` onto an empty sheet (layout: io.table_layout); returns the last row used.
    `rounded` writes amounts already rounded to 0.01 (the disclosure copy); otherwise exact
    values shown as 0.00."""
    lay = table_layout.layout(table, rounded)
    cache = _style_cache(ws)
    for (r, c), style in lay.styles.items():
        cell = put(ws, r, c, lay.value(r, c), style.fmt)
        key = (style, cell.quotePrefix)
        if key in cache:  # copy the style indexes of an earlier cell that looks the same
            cell._style = copy(cache[key])
            continue
        font, border, fill = _ROLE[style.role]
        if font is not None:
            cell.font = font
        if border is not None:
            cell.border = border
        if fill is not None:
            cell.fill = fill
        if style.align:
            cell.alignment = _ALIGN[style.align]
        cache[key] = copy(cell._style)
    for r1, c1, r2, c2 in lay.merges:
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    ws.row_dimensions[1].height = table_layout.TITLE_HEIGHT
    for j, w in enumerate(lay.widths):
        ws.column_dimensions[get_column_letter(j + 1)].width = w
    ws.freeze_panes = ws.cell(row=lay.body, column=1)
    page_setup(ws, lay.title_rows)
    return lay.last


def _style_cache(ws: Worksheet) -> dict:
    """Per-workbook styles already built, by (Style, quote prefix). Setting font, border and
    alignment cell by cell hashes every style object each time, which dominated the writing of
    large summaries; copying the resulting style indexes gives the same cells."""
    wb = ws.parent
    if not hasattr(wb, "_deptbudget_styles"):
        wb._deptbudget_styles = {}
    return wb._deptbudget_styles


def replace_sheet(wb, name: str, index: int | None = None) -> Worksheet:
    """A fresh empty sheet called `name`, at the old one's position when it existed."""
    if name in wb.sheetnames:
        index = wb.sheetnames.index(name)
        del wb[name]
    return wb.create_sheet(name, index)


def write_tables_into(wb, tables: dict[str, Table], rounded: bool = False) -> None:
    """(Re)write the summary sheets of an openpyxl workbook, in the 目录 order."""
    for name, table in table_sheets(tables):
        render_table(replace_sheet(wb, name), table, rounded)


def update_workbook(src: str | os.PathLike, out: str | os.PathLike, tables: dict[str, Table]) -> None:
    """Copy `src` to `out` with its summary sheets rewritten; input sheets untouched (every sheet
    kept, or refused: workbook_xlsx.load_copy)."""
    from .workbook_xlsx import check_kept, load_copy

    wb, listed = load_copy(src, "部门工作簿副本")
    write_tables_into(wb, tables)
    check_kept(listed, wb, os.path.basename(os.fspath(src)), "部门工作簿副本", {t.sheet for t in spec.TABLES})
    with atomic_path(out, [src]) as tmp:  # the input is never the output
        wb.save(tmp)
