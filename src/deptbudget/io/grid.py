"""Grid: a snapshot of a workbook's sheets as plain 2-D values anchored at A1.

Whatever the engine (calamine, openpyxl, xlwings, CSV), a sheet is read in one block call and
becomes a SheetGrid; the reader never touches the engine again.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SheetGrid:
    name: str
    rows: list[list]  # rows[0][0] is A1; empty cells are "" or None
    visible: bool = True
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # 0-based (r1, c1, r2, c2)
    hidden_rows: set[int] = field(default_factory=set)  # 0-based, where the engine tells
    uncached: set[tuple[int, int]] = field(default_factory=set)  # 0-based formula cells saved without a result

    def cell(self, r: int, c: int):
        if 0 <= r < len(self.rows):
            row = self.rows[r]
            if 0 <= c < len(row):
                return row[c]
        return None


@dataclass
class Grid:
    file: str  # the name shown to the user (file name, not a full path)
    sheets: dict[str, SheetGrid]
    path: str = ""
    defined_names: dict[str, str] = field(default_factory=dict)
    typed: bool = True  # False for CSV: every value is text

    def sheet(self, name: str) -> SheetGrid | None:
        return self.sheets.get(name)


def col_letter(c: int) -> str:
    """0-based column index → Excel letters (0 → A, 26 → AA)."""
    s = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        s = chr(65 + rem) + s
    return s


def a1(r: int, c: int) -> str:
    """0-based (row, col) → "B3"."""
    return f"{col_letter(c)}{r + 1}"


def is_blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())
