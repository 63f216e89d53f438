"""Lay out Table values on worksheets like the published tables, and write summary workbooks."""

from __future__ import annotations

import os
from decimal import Decimal

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..core.model import Budget
from ..core.money import round2
from ..core.table import CLASS, DEPT, KUAN, NOTE, TOTAL, UNIT, Table
from ..template import spec
from .atomic import atomic_path
from .xlsx_style import (
    BODY_FONT, BOLD_FONT, BORDER, CENTER, HEADER_FILL, HEADER_FONT, LEFT, MONEY_FORMAT, NOTE_FONT,
    RIGHT, TEXT_FORMAT, TITLE_FONT, page_setup, put,
)

BOLD_LEVELS = {TOTAL, DEPT, UNIT, CLASS, KUAN}
FIRST_HEADER_ROW = 4  # row 1 title, row 2 (blank or 年度), row 3 部门/金额单位


def render_table(ws: Worksheet, table: Table, rounded: bool = False) -> int:
    """Write `table` onto an empty sheet; returns the last row used. `rounded` writes amounts
    already rounded to 0.01 (the disclosure copy); otherwise exact values shown as 0.00."""
    width = table.width
    _title(ws, table, width)
    hr = FIRST_HEADER_ROW
    for i, header_row in enumerate(table.header):
        for j, text in enumerate(header_row):
            c = put(ws, hr + i, j + 1, text or None)
            c.font, c.alignment, c.border, c.fill = HEADER_FONT, CENTER, BORDER, HEADER_FILL
    for r1, c1, r2, c2 in table.merges:
        ws.merge_cells(start_row=hr + r1, start_column=c1 + 1, end_row=hr + r2, end_column=c2 + 1)
    body = hr + len(table.header)
    for i, row in enumerate(table.rows):
        _body_row(ws, body + i, row, table, rounded)
    last = body + len(table.rows) - 1
    for k, note in enumerate(table.notes):
        c = put(ws, last + 2 + k, 1, note)
        c.font = NOTE_FONT
    for j, col in enumerate(table.cols):
        ws.column_dimensions[get_column_letter(j + 1)].width = col.width
    ws.freeze_panes = ws.cell(row=body, column=1)
    page_setup(ws, f"{hr}:{body - 1}")
    return max(last, body - 1) + len(table.notes) + (1 if table.notes else 0)


def _title(ws: Worksheet, table: Table, width: int) -> None:
    c = put(ws, 1, 1, table.title)
    c.font, c.alignment = TITLE_FONT, CENTER
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.row_dimensions[1].height = 30
    number = put(ws, 2, 1, table.number)
    number.font = BODY_FONT
    if table.meta.get("year_label"):
        y = put(ws, 2, 2, table.meta["year_label"])
        y.alignment = CENTER
        ws.merge_cells(start_row=2, start_column=2, end_row=2, end_column=max(2, width - 1))
    put(ws, 3, 1, table.subtitle).font = BODY_FONT
    if width > 1:
        ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=max(1, width - 2))
    u = put(ws, 3, width, table.unit_label)
    u.font, u.alignment = BODY_FONT, RIGHT


def _body_row(ws: Worksheet, r: int, row, table: Table, rounded: bool) -> None:
    bold = row.level in BOLD_LEVELS
    for j, v in enumerate(row.values):
        kind = table.cols[j].kind
        if isinstance(v, Decimal) and rounded:
            v = round2(v)
        fmt = MONEY_FORMAT if kind == "money" else TEXT_FORMAT if kind == "code" else None
        if kind == "percent" and isinstance(v, Decimal):
            fmt = "0.00"
        c = put(ws, r, j + 1, v, fmt)
        c.border = BORDER
        c.font = BOLD_FONT if bold else BODY_FONT
        c.alignment = RIGHT if isinstance(v, (Decimal, int, float)) else (
            CENTER if kind == "code" else LEFT)
    if row.level == NOTE and not any(isinstance(v, (Decimal, int, float)) for v in row.values):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=table.width)


def replace_sheet(wb, name: str, index: int | None = None) -> Worksheet:
    """A fresh empty sheet called `name`, at the old one's position when it existed."""
    if name in wb.sheetnames:
        index = wb.sheetnames.index(name)
        del wb[name]
    return wb.create_sheet(name, index)


def write_tables_into(wb, tables: dict[str, Table], rounded: bool = False) -> None:
    """(Re)write the summary sheets of an openpyxl workbook, in the 目录 order."""
    for t in spec.TABLES:
        if t.key in tables:
            ws = replace_sheet(wb, t.sheet)
            render_table(ws, tables[t.key], rounded)


def write_summary(path: str | os.PathLike, tables: dict[str, Table], budget: Budget | None = None,
                  inputs=(), rounded: bool = False) -> None:
    """A new workbook holding just the summary tables (atomic write)."""
    wb = Workbook()
    wb.remove(wb.active)
    write_tables_into(wb, tables, rounded)
    if not wb.sheetnames:
        wb.create_sheet("汇总")
    with atomic_path(path, inputs) as tmp:
        wb.save(tmp)


def update_workbook(src: str | os.PathLike, out: str | os.PathLike, tables: dict[str, Table]) -> None:
    """Copy `src` to `out` with its summary sheets rewritten; input sheets untouched."""
    wb = load_workbook(src)
    write_tables_into(wb, tables)
    with atomic_path(out, [src] if os.fspath(src) != os.fspath(out) else []) as tmp:
        wb.save(tmp)
