"""Write a department workbook with some units' rows swapped for their corrected submissions.

The department's workbook is copied whole (load_copy: every sheet kept — 设置, 情况说明, 整体绩效,
its own 基本信息 and 上年数); in the unit-keyed input sheets the rows of the replaced units are
dropped and the corrected rows appended, the replaced units' 基本信息 columns are rewritten, and the
summary tables are rewritten from the new budget. Rows of the other units keep their values.
"""

from __future__ import annotations

import os
from copy import copy

from openpyxl.formula.translate import Translator

from ..core.model import Budget
from ..template import spec
from .atomic import atomic_path
from .grid import is_blank
from .workbook_xlsx import _rows_for, check_kept, declared_unit, fact_as_written, load_copy
from .xlsx_tables import write_tables_into

UNIT_SHEETS = (spec.UNITS, spec.INCOME, spec.BASIC, spec.PROJECTS, spec.INDICATORS, spec.PRIOR)
HEADER_SCAN = 30


def write_resubmitted(dept_path, out, new_units: Budget, replaced: set[str], tables: dict, inputs=()) -> None:
    """Copy `dept_path` to `out` with the rows of `replaced` units taken from `new_units` (a budget of
    those units only) and the summary tables `tables`."""
    wb, listed = load_copy(dept_path, "部门工作簿副本")
    unit = declared_unit(wb)  # the corrected rows are written in the department workbook's 金额单位
    for sheet in UNIT_SHEETS:
        if sheet.name in wb.sheetnames:
            rows = [dict(r, unit=r.get("unit") or _only(new_units)) for r in _rows_for(sheet, new_units, unit)]
            _swap_rows(wb[sheet.name], sheet, replaced, rows)
    if spec.INFO_SHEET in wb.sheetnames:
        _swap_fact_columns(wb[spec.INFO_SHEET], new_units, replaced, unit)
    write_tables_into(wb, tables)
    check_kept(listed, wb, os.path.basename(os.fspath(dept_path)), "部门工作簿副本", {t.sheet for t in spec.TABLES})
    with atomic_path(out, [dept_path, *inputs]) as tmp:
        wb.save(tmp)


def _only(b: Budget) -> str:
    return b.units[0].code if len(b.units) == 1 else ""


def _header(ws, sheet: spec.InputSheet) -> tuple[int, dict[str, int]]:
    """1-based header row and column key → 1-based column, found by header text."""
    names = {c.header: c.key for c in sheet.columns}
    for r in range(1, min(ws.max_row, HEADER_SCAN) + 1):
        cols = {}
        for c in range(1, ws.max_column + 1):
            key = names.get(str(ws.cell(r, c).value or "").strip())
            if key and key not in cols:
                cols[key] = c
        if "unit" in cols and len(cols) >= 2:
            return r, cols
    raise ValueError(f"工作表「{ws.title}」没有找到表头")


def _swap_rows(ws, sheet: spec.InputSheet, replaced: set[str], new_rows: list[dict]) -> None:
    hr, cols = _header(ws, sheet)
    entered = {k: c for k, c in cols.items() if sheet.col(k).kind != "formula"}
    old = []
    for r in range(hr + 1, ws.max_row + 1):
        values = {k: ws.cell(r, c).value for k, c in entered.items()}
        if any(not is_blank(v) for v in values.values()):
            old.append(values)
    unit_text = lambda v: str(v).strip() if v is not None else ""  # noqa: E731
    kept = [v for v in old if unit_text(v.get("unit")) not in replaced]
    rows = kept + [{k: r.get(k) for k in entered} for r in new_rows]
    last_old = hr + len(old)
    for i, values in enumerate(rows):
        r = hr + 1 + i
        _ensure_row(ws, sheet, cols, r)
        for k, c in entered.items():
            ws.cell(r, c).value = values.get(k)
    for r in range(hr + 1 + len(rows), last_old + 1):
        for c in entered.values():
            ws.cell(r, c).value = None
    _grow_table(ws, sheet, hr + len(rows))


def _ensure_row(ws, sheet: spec.InputSheet, cols: dict, r: int) -> None:
    """A row below the formatted ones gets the row above's styles and formulas (moved down)."""
    above = r - 1
    for k, c in cols.items():
        cell = ws.cell(r, c)
        if cell.has_style or ws.cell(above, c).value is None and not ws.cell(above, c).has_style:
            continue
        src = ws.cell(above, c)
        cell._style = copy(src._style)
        if sheet.col(k).kind == "formula" and isinstance(src.value, str) and src.value.startswith("="):
            cell.value = Translator(src.value, origin=src.coordinate).translate_formula(cell.coordinate)


def _grow_table(ws, sheet: spec.InputSheet, last: int) -> None:
    table = ws.tables.get(sheet.table) if hasattr(ws.tables, "get") else None
    if table is None:
        return
    start, _, end = table.ref.partition(":")
    col = "".join(ch for ch in end if ch.isalpha())
    row = int("".join(ch for ch in end if ch.isdigit()) or 0)
    if last > row:
        table.ref = f"{start}:{col}{last}"


def _swap_fact_columns(ws, new_units: Budget, replaced: set[str], unit: str) -> None:
    """The replaced units' 基本信息 columns (headed by the unit code) get the corrected facts."""
    label_rows = {str(ws.cell(r, 1).value or "").strip(): r for r in range(1, min(ws.max_row, 60) + 1)}
    rows = {key: label_rows[label] for label, key, _ in spec.INFO_KEYS
            if key in spec.FACT_KINDS and label in label_rows}
    if not rows:
        return
    head = min(rows.values()) - 1
    columns = {str(ws.cell(head, c).value or "").strip(): c for c in range(3, ws.max_column + 2)}
    for code in sorted(replaced):
        facts = {f.key: fact_as_written(unit, f.key, f.value) for f in new_units.facts.records if f.unit == code}
        col = columns.get(code)
        if col is None:
            if not facts:
                continue
            col = max([c for t, c in columns.items() if t] + [2]) + 1
            columns[code] = col
            ws.cell(head, col).value = code
            ws.cell(head, col)._style = copy(ws.cell(head, 2)._style)
        for key, r in rows.items():
            ws.cell(r, col).value = facts.get(key)
