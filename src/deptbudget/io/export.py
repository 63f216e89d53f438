"""The disclosure package: what the office publishes.

- 《…部门预算公开表.xlsx》: just the 14 disclosure tables, values only (rounded to 0.01, no
  formulas, no input or hidden sheets), titled and formatted like the seed, print-ready.
- the same tables as PDF (LibreOffice headless; the add-in uses Excel's own export);
- 《…情况说明.docx》.
"""

from __future__ import annotations

import os
import tempfile
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment

from ..core.model import Budget
from ..core.table import Table
from ..template import spec
from .atomic import atomic_path
from .xlsx_style import MONEY_FORMAT
from .xlsx_tables import FIRST_HEADER_ROW, render_table

CHAR_PT = 10  # body font size
WRAP_TOP = Alignment(horizontal="left", vertical="center", wrap_text=True)


def file_stem(budget: Budget) -> str:
    d = budget.department
    return f"{d.name}{d.year}年部门预算"


def body_start(table: Table) -> int:
    return FIRST_HEADER_ROW + len(table.header)


def apply_layout(ws, table: Table) -> None:
    """What render_table leaves to the table: body merges, the 表7 money cells, row heights."""
    first = body_start(table)
    merges = table.meta.get("body_merges", ())
    for r1, c1, r2, c2 in merges:
        if (r1, c1) != (r2, c2):
            ws.merge_cells(start_row=first + r1, start_column=c1 + 1, end_row=first + r2, end_column=c2 + 1)
    for i, row in enumerate(table.rows):
        for j, v in enumerate(row.values):
            if isinstance(v, Decimal) and table.cols[j].kind != "money":
                ws.cell(row=first + i, column=j + 1).number_format = (
                    MONEY_FORMAT if row.key and row.key[0] == "budget" else "General")
    fit_rows(ws, table, first, merges)


def _widths(table: Table, merges) -> dict[tuple[int, int], float]:
    """Width (character units) available to each body cell, merged blocks included."""
    out = {}
    for r1, c1, r2, c2 in merges:
        out[(r1, c1)] = sum(table.cols[c].width for c in range(c1, c2 + 1))
    return out


def fit_rows(ws, table: Table, first: int, merges=()) -> None:
    """Row heights for wrapped text (merged cells do not grow by themselves)."""
    widths = _widths(table, merges)
    covered = {(r, c) for r1, c1, r2, c2 in merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)
               if (r, c) != (r1, c1) and r1 == r2}
    for i, row in enumerate(table.rows):
        lines = 1
        for j, v in enumerate(row.values):
            if not isinstance(v, str) or (i, j) in covered:
                continue
            width = widths.get((i, j), table.cols[j].width)
            if any(r1 == i and c1 == j and r2 > r1 for r1, c1, r2, c2 in merges):
                continue  # a vertical block spreads over its rows
            lines = max(lines, text_lines(v, width))
        ws.row_dimensions[first + i].height = max(15.0, lines * CHAR_PT * 1.35 + 3)


def text_lines(text: str, width: float) -> int:
    """Lines a text wraps to in a column `width` units wide (a CJK character ≈ 1.8 units)."""
    units = sum(1.8 if ord(ch) > 0x2E80 else 1.0 for ch in text)
    return max(1, -(-int(units + 0.5) // max(1, int(width - 1))))


def disclosure_workbook(tables: dict[str, Table]) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    for t in spec.TABLES:
        if t.key in tables:
            ws = wb.create_sheet(t.sheet)
            render_table(ws, tables[t.key], rounded=True)
            apply_layout(ws, tables[t.key])
            ws.freeze_panes = None
            ws.oddFooter.center.text = f"{t.number}  第 &P 页，共 &N 页"
            ws.oddFooter.center.size = 9
    return wb


def write_disclosure_xlsx(tables: dict[str, Table], path: str | os.PathLike, inputs=()) -> Path:
    wb = disclosure_workbook(tables)
    with atomic_path(path, inputs) as tmp:
        wb.save(tmp)
    return Path(path)


def export_package(budget: Budget, tables: dict[str, Table], narrative, out_dir: str | os.PathLike,
                   pdf: bool = True, warn=None, inputs=()) -> list[Path]:
    """Write the .xlsx, the PDF and the 情况说明 .docx into out_dir; returns the files written.
    Without LibreOffice the PDF is skipped and `warn(reason)` is called (raises when warn is None)."""
    from .docx_out import write_docx

    out_dir = Path(out_dir)
    stem = file_stem(budget)
    xlsx = write_disclosure_xlsx(tables, out_dir / f"{stem}公开表.xlsx", inputs)
    files = [xlsx]
    if pdf:
        from .libreoffice import LibreOfficeError, to_pdf

        try:
            files.append(to_pdf(xlsx, out_dir / f"{stem}公开表.pdf"))
        except LibreOfficeError as exc:
            if warn is None:
                raise
            warn(exc.reason)
    if narrative is not None:
        docx = out_dir / f"{stem}情况说明.docx"
        write_docx(narrative, docx, inputs)
        files.append(docx)
    return files
