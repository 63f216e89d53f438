"""The summary tables as the workbook shows them (a department may have typed or edited them).

A 表 sheet's body rows are read from the Grid and aligned, row by row, with the table recomputed
from the input sheets (same layout: template.spec / rollup). Aligned rows carry the recomputed
row's key and level, so rules can ask "the 合计 of unit 139001 in 表1-2 as shown" and point at the
cell that shows it.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from ..core.model import CellRef
from ..core.money import MoneyError, money
from ..core.table import Table
from ..io.grid import Grid, SheetGrid, a1, is_blank
from ..tablesets import foreign_sheets
from ..template import spec

HEADER_SCAN = 15


@dataclass
class ShownRow:
    r: int  # 0-based sheet row
    labels: tuple[str, ...]  # normalized text of the non-money columns
    values: tuple  # Decimal | None per money column (None: blank), or the raw text when not a number
    raw: tuple
    key: tuple = ()  # the recomputed row's key, when aligned
    level: str = ""


@dataclass
class ShownTable:
    key: str
    sheet: str
    file: str
    money_cols: tuple[int, ...]  # column indexes of amounts
    rows: list[ShownRow] = field(default_factory=list)
    expected: Table | None = None
    unit: str = "万元"  # the unit the sheet prints its amounts in
    _first_by_key: dict | None = field(default=None, init=False, repr=False, compare=False)

    def ref(self, row: ShownRow, j: int | None = None) -> CellRef:
        """Cell of money column j (index into money_cols), or the whole row."""
        if j is None:
            return CellRef(self.file, self.sheet, f"A{row.r + 1}")
        return CellRef(self.file, self.sheet, a1(row.r, self.money_cols[j]))

    def by_key(self, *key) -> ShownRow | None:
        """The first row aligned with `key` (rows and keys are final once read_shown returns)."""
        if self._first_by_key is None:
            self._first_by_key = {}
            for r in self.rows:
                self._first_by_key.setdefault(r.key, r)
        return self._first_by_key.get(key)

    def amount(self, row: ShownRow | None, j: int) -> Decimal:
        """Money column j of a row (blank or non-number = 0)."""
        if row is None or j >= len(row.values):
            return Decimal(0)
        v = row.values[j]
        return v if isinstance(v, Decimal) else Decimal(0)


def norm(v) -> str:
    if type(v) is str:
        return _norm_text(v)
    if is_blank(v):
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return unicodedata.normalize("NFKC", str(v)).replace(" ", "").replace("\u3000", "").strip()


@lru_cache(maxsize=1 << 15)  # table labels repeat (科目 names, codes) across rows and tables
def _norm_text(v: str) -> str:
    if not v.strip():
        return ""
    return unicodedata.normalize("NFKC", v).replace(" ", "").replace("\u3000", "").strip()


def as_amount(v):
    """Decimal for a number or numeric text ('8,022.01'), None for blank, the text otherwise."""
    if is_blank(v):
        return None
    if isinstance(v, bool):
        return str(v)
    try:
        return money(v)
    except MoneyError:
        return str(v).strip()


def find_sheet(grid: Grid, key: str) -> SheetGrid | None:
    t = spec.TABLE_BY_KEY[key]
    sheet = grid.sheet(t.sheet)
    if sheet is not None:
        return sheet
    number = norm(t.number)
    foreign = foreign_sheets(grid.sheets)  # another set's tables (上海 表1 …) are not these
    for s in grid.sheets.values():  # renamed: "表1-2" alone, or "表1-2部门支出总表（修改）"
        if s.name in foreign:
            continue
        n = norm(s.name)
        if (n == number or (n.startswith(number) and not n[len(number):][:1].isdigit()
                            and not n[len(number):].startswith("-"))) and not _shanghai(s):
            return s
    return None


def _shanghai(sheet: SheetGrid) -> bool:
    """A sheet named 「表1」 that holds a 上海 table (its title in the top rows) is not 四川's 表1."""
    from .shown_sh_read import title_of

    return title_of(sheet) is not None


def header_end(sheet: SheetGrid, expected: Table) -> int | None:
    """Index of the first body row: after the row matching the expected last header row."""
    want = [norm(x) for x in expected.header[-1] if norm(x)]
    for r, row in enumerate(sheet.rows[:HEADER_SCAN]):
        got = [norm(v) for v in row if norm(v)]
        if want and got[:len(want)] == want[:len(got)] and len(got) >= min(len(want), 2):
            return r + 1
    return None


def read_shown(grid: Grid, expected: Table) -> ShownTable | None:
    sheet = find_sheet(grid, expected.key)
    if sheet is None:
        return None
    money_cols = tuple(j for j, c in enumerate(expected.cols) if c.kind == "money")
    shown = ShownTable(expected.key, sheet.name, grid.file, money_cols, expected=expected)
    start = header_end(sheet, expected)
    if start is None:
        return shown
    for r in range(start, len(sheet.rows)):
        raw = tuple(sheet.cell(r, j) for j in range(expected.width))
        if all(is_blank(v) for v in raw):
            continue
        values = tuple(as_amount(raw[j]) for j in money_cols)
        labels = tuple(norm(raw[j]) for j in range(expected.width) if j not in money_cols)
        if not any(isinstance(v, Decimal) for v in values) and sum(1 for x in labels if x) <= 1 \
                and any(x in (labels[0] if labels else "") for x in ("本表", "注", "其中")):
            continue  # a note under the table
        shown.rows.append(ShownRow(r, labels, values, raw))
    _align(shown, expected)
    return shown


def signature(expected: Table, values: tuple) -> tuple[str, ...]:
    return tuple(norm(v) for j, v in enumerate(values) if expected.cols[j].kind != "money")


def _align(shown: ShownTable, expected: Table) -> None:
    want = [signature(expected, r.values) for r in expected.rows]
    got = [r.labels for r in shown.rows]
    if want == got:  # the usual case, the table as written: one block, no diff to compute
        blocks = [(0, 0, len(want))]
    else:
        blocks = difflib.SequenceMatcher(None, want, got, autojunk=False).get_matching_blocks()
    for a, b, n in blocks:
        for k in range(n):
            shown.rows[b + k].key = expected.rows[a + k].key
            shown.rows[b + k].level = expected.rows[a + k].level


def read_tables(grid: Grid | None, expected: dict[str, Table]) -> dict[str, ShownTable]:
    """The summary sheets present in the workbook, aligned with the recomputed tables."""
    if grid is None:
        return {}
    out = {}
    for key, table in expected.items():
        shown = read_shown(grid, table)
        if shown is not None:
            out[key] = shown
    return out


def present_table_sheets(grid: Grid | None) -> dict[str, str]:
    """key → sheet name of every disclosure table sheet in the workbook (any of the 14)."""
    if grid is None:
        return {}
    out = {}
    for t in spec.TABLES:
        s = find_sheet(grid, t.key)
        if s is not None:
            out[t.key] = s.name
    return out
