"""Grid: a snapshot of a workbook's sheets as plain 2-D values anchored at A1.

Whatever the engine (calamine, openpyxl, xlwings, CSV), a sheet is read in one block call and
becomes a SheetGrid; the reader never touches the engine again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class SheetGrid:
    name: str
    rows: list[list]  # rows[0][0] is A1; empty cells are "" or None
    visible: bool = True
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # 0-based (r1, c1, r2, c2)
    hidden_rows: set[int] = field(default_factory=set)  # 0-based, where the engine tells
    uncached: "UncachedCells" = field(default_factory=lambda: UncachedCells())  # formulas saved without a result
    external: dict = field(default_factory=dict)  # (row, col) → formula reading another workbook

    def cell(self, r: int, c: int):
        if 0 <= r < len(self.rows):
            row = self.rows[r]
            if 0 <= c < len(row):
                return row[c]
        return None


class UncachedCells:
    """Formula cells saved without a result, 0-based (row, col). Kept as the A1 parts found in
    the XML, by column: a workbook never opened in Excel has a result-less formula in every
    name cell, and the reader only asks about the columns it reads."""

    def __init__(self, cells=()):
        self._by_col: dict[int, set[int]] = {}
        self._refs: dict[bytes, list[bytes]] = {}  # column letters → row digits, not yet converted
        self._finder = None  # columns (or None: all) → their cells, searched when first asked about
        self._asked: set[int] = set()
        self.update(cells)

    def defer(self, finder) -> None:
        """Cells still to be searched for, by `finder(cols)`, for the columns asked about."""
        self._finder = finder

    def _ask(self, cols=None) -> None:
        if self._finder is None:
            return
        if cols is None:
            self.update(self._finder(None))
            self._finder = None
            return
        new = set(cols) - self._asked
        if new:
            self._asked |= new
            self.update(self._finder(new))

    def update(self, cells) -> None:
        for r, c in cells:
            self._by_col.setdefault(c, set()).add(r)

    def add_refs(self, refs) -> None:
        """(b"C", b"5") pairs as found in the XML."""
        for letters, digits in refs:
            self._refs.setdefault(letters, []).append(digits)

    def rows_in(self, cols) -> set[int]:
        """Rows with such a cell in one of the columns."""
        self._ask(cols)
        self._convert(set(cols))
        return {r for c in cols for r in self._by_col.get(c, ())}

    def _convert(self, cols=None) -> None:
        """Turn the found A1 parts into positions: those of `cols` only (cheap when none of them
        has any), or all."""
        for letters in [l for l in self._refs if cols is None or col_number(l) - 1 in cols]:
            rows = self._by_col.setdefault(col_number(letters) - 1, set())
            rows.update(int(d) - 1 for d in self._refs.pop(letters))

    def __contains__(self, cell) -> bool:
        r, c = cell
        self._ask((c,))
        self._convert({c})
        return r in self._by_col.get(c, ())

    def __iter__(self):
        self._ask()
        self._convert()
        return iter(sorted((r, c) for c, rows in self._by_col.items() for r in rows))

    def __len__(self) -> int:
        self._ask()
        self._convert()
        return sum(len(v) for v in self._by_col.values())

    def __bool__(self) -> bool:
        self._ask()
        return bool(self._by_col or self._refs)

    def __eq__(self, other) -> bool:
        return set(self) == set(other)



def col_number(letters: bytes | str) -> int:
    """Excel column letters → 1-based number (A → 1, AA → 27)."""
    n = 0
    for ch in letters.encode() if isinstance(letters, str) else letters:
        n = n * 26 + ch - 64
    return n


@dataclass
class Grid:
    file: str  # the name shown to the user (file name, not a full path)
    sheets: dict[str, SheetGrid]  # or io.pending.PendingSheets: the same, with sheets still being read
    path: str = ""
    defined_names: dict[str, str] = field(default_factory=dict)
    typed: bool = True  # False for CSV: every value is text
    # sheet name → {(row, col): format code} of cells whose number format shows nothing (「;;;」);
    # None when no style hides anything (io.xlsx_formats.format_finder)
    hidden_by_format: "Callable[[str], dict[tuple[int, int], str]] | None" = None

    def sheet(self, name: str) -> SheetGrid | None:
        return self.sheets.get(name)

    def finish(self) -> None:
        """Wait for sheets still being read in worker threads (io.pending); raises ReadError
        for one that failed."""
        finish_all = getattr(self.sheets, "finish_all", None)
        if finish_all is not None:
            finish_all()


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
