"""Test support for the ribbon handlers on xlwings' remote engine.

- `snapshot(path)`: an .xlsx as the JSON an xlwings client sends (values from A1, per sheet);
- `remote_book(path)`: `xw.Book(json=snapshot)` on the remote engine;
- `replay(actions, path)`: the actions a handler emitted, applied to an openpyxl copy of the
  same file, as Excel would apply them — so tests compare workbooks cell by cell.
"""

from __future__ import annotations

import importlib
import os

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # before xlwings is imported
import xlwings as xw  # noqa: E402
from openpyxl import load_workbook  # noqa: E402
from openpyxl.cell.cell import MergedCell  # noqa: E402
from openpyxl.comments import Comment  # noqa: E402
from openpyxl.styles import PatternFill  # noqa: E402

from deptbudget.io.read import read_grid  # noqa: E402

WRITES = {"setValues", "rangeMerge", "setRangeColor", "setNumberFormat", "setFontProperty", "addNote",
          "deleteNote", "setBorderProperty", "setColumnWidth", "setWrapText", "freezePaneAtRange",
          "setSheetVisibility", "addSheet", "sheetDelete", "sheetClear", "setHorizontalAlignment"}


def ensure_remote_engine() -> None:
    if "remote" not in xw.engines.engines_by_name:
        remote = importlib.import_module("xlwings.pro._xlremote")
        xw.engines.add(xw.Engine(impl=remote.engine))


def snapshot(path, client: str = "Microsoft Office Scripts", active: int = 0) -> dict:
    grid = read_grid(path)
    notes = _notes(path) if client == "Office.js" else {}
    sheets = []
    for s in grid.sheets.values():
        values = [["" if v is None else v for v in row] for row in s.rows] or [[]]
        entry = {"name": s.name, "values": values, "pictures": [], "tables": [],
                 "visibility": "Visible" if s.visible else "Hidden"}
        if client == "Office.js":
            entry["notes"] = [{"address": a} for a in notes.get(s.name, [])]
        sheets.append(entry)
    return {"client": client, "version": xw.__version__,
            "book": {"name": os.path.basename(path), "active_sheet_index": active, "selection": "A1"},
            "names": [], "sheets": sheets}


def _notes(path) -> dict[str, list[str]]:
    """Cells with a note, per sheet (Office.js sends which cells have one, not the text)."""
    wb = load_workbook(path)
    return {ws.title: [c.coordinate for row in ws.iter_rows() for c in row if c.comment] for ws in wb}


def remote_book(path, **kw):
    ensure_remote_engine()
    return xw.Book(json=snapshot(path, **kw))


def actions(book) -> list[dict]:
    return book.json()["actions"]


def alerts(book) -> list[str]:
    return [a["args"][0] for a in actions(book) if a["func"] == "alert"]


def replay(acts: list[dict], path):
    """An openpyxl copy of `path` with the actions applied (values, sheets, merges, notes…)."""
    wb = load_workbook(path)
    for a in acts:
        _apply(wb, a)
    return wb


def _apply(wb, a: dict) -> None:
    f, pos = a["func"], a["sheet_position"]
    ws = wb.worksheets[pos] if pos is not None and f != "addSheet" else None
    if f == "addSheet":
        ix, name = a["args"]
        wb.create_sheet(name, ix)
    elif f == "sheetDelete":
        wb.remove(ws)
    elif f == "sheetClear":
        ix, title = wb.worksheets.index(ws), ws.title
        wb.remove(ws)
        wb.create_sheet(title, ix)
    elif f == "setValues":
        for i, row in enumerate(a["values"]):
            for j, v in enumerate(row):
                _set(ws.cell(row=a["start_row"] + 1 + i, column=a["start_column"] + 1 + j), v)
    elif f == "rangeMerge":
        r, c = a["start_row"] + 1, a["start_column"] + 1
        ws.merge_cells(start_row=r, start_column=c, end_row=r + a["row_count"] - 1,
                       end_column=c + a["column_count"] - 1)
    elif f == "setRangeColor":
        color = a["args"][0]
        for cell in _cells(ws, a):
            cell.fill = PatternFill("solid", fgColor=color.lstrip("#").upper()) if color else PatternFill()
    elif f == "addNote":
        ws[a["args"][0].replace("$", "")].comment = Comment(a["args"][1], "deptbudget")
    elif f == "deleteNote":
        ws[a["args"][0].replace("$", "")].comment = None
    elif f == "setSheetVisibility":
        ws.sheet_state = "visible" if a["args"][0] == "Visible" else "hidden"
    elif f == "setNumberFormat":
        for cell in _cells(ws, a):
            cell.number_format = a["args"][0]


def _cells(ws, a):
    for r in range(a["start_row"] + 1, a["start_row"] + 1 + a["row_count"]):
        for c in range(a["start_column"] + 1, a["start_column"] + 1 + a["column_count"]):
            cell = ws.cell(row=r, column=c)
            if not isinstance(cell, MergedCell):
                yield cell


def _set(cell, v) -> None:
    if v == "":
        v = None
    if isinstance(cell, MergedCell):
        assert v is None, f"value written into a merged cell {cell.coordinate}"
        return
    if isinstance(v, str) and v.startswith("'"):
        cell.value = v[1:]
        cell.data_type = "s"
    else:
        cell.value = v


def sheet_values(ws) -> list[list]:
    """Cell values from A1 to the last used cell (trailing empty rows/columns dropped)."""
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    while rows and all(v in (None, "") for v in rows[-1]):
        rows.pop()
    width = max((max((j + 1 for j, v in enumerate(r) if v not in (None, "")), default=0) for r in rows), default=0)
    return [[None if v == "" else v for v in r[:width]] + [None] * (width - len(r[:width])) for r in rows]


def write_counts(acts) -> dict[str, int]:
    out: dict[str, int] = {}
    for a in acts:
        if a["func"] in WRITES:
            out[a["func"]] = out.get(a["func"], 0) + 1
    return out
