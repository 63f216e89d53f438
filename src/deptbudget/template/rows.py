"""An input sheet's data rows, read into values and findings. The usual cells (text, digit
codes, plain numbers) are read column by column (_KnownCells); a row with any other cell goes
through the column kinds' parsers one by one (_row_parser), which make the findings. Cell
references are made only where a finding or a model record needs one."""

from __future__ import annotations

from itertools import compress, count, repeat
from operator import is_, itemgetter, not_
from typing import TYPE_CHECKING

from ..core.model import CellRef
from ..core.text import MAX_CELL_TEXT
from ..io.grid import SheetGrid, col_letter, is_blank
from . import spec
from .cellcheck import (
    ENTRY_WAN,
    EntryUnit,
    check_length,
    finding,
    parse_amount,
    parse_code,
    parse_text,
    plain_amount,
)

if TYPE_CHECKING:
    from .reader import ReadState


class Record:
    """One data row of an input sheet: parsed values by column key, and where its cells are."""

    __slots__ = ("values", "cells", "row")

    def __init__(self, values: dict, cells: "Cells", row: int):
        self.values, self.cells, self.row = values, cells, row  # row: 1-based

    def ref(self, key: str) -> CellRef:
        return self.cells.ref(key, self.row)

    @property
    def row_ref(self) -> CellRef:
        r = self.row
        return CellRef(self.cells.file, self.cells.sheet, f"{r}:{r}")


class Cells:
    """Where one input sheet's columns are. A record's CellRefs are made only when used: most
    rows never need more than the amount's."""

    __slots__ = ("file", "sheet", "letters")

    def __init__(self, file: str, sheet: str, letters: dict[str, str]):
        self.file, self.sheet, self.letters = file, sheet, letters

    def ref(self, key: str, row: int) -> CellRef:
        return CellRef(self.file, self.sheet, f"{self.letters[key]}{row}")


class Rows:
    """An input sheet's data rows below the header: the usual ones read column by column into
    tuples of values (`known`, see _KnownCells), the others (`special`) one by one by record()."""

    def __init__(self, st: ReadState, sheet: SheetGrid, header_row: int, wanted: spec.InputSheet,
                 cols: dict[str, int]):
        # Entered columns in header order, as found; formula columns are never read.
        entered = [(k, wanted.col(k)) for k in cols if wanted.col(k).kind != "formula"]
        self.st, self.sheet, self.first = st, sheet, header_row + 1
        self.keys = tuple(key for key, _ in entered)
        self.idx = [cols[k] for k in self.keys]
        self.cells = Cells(st.grid.file, sheet.name, {k: col_letter(c) for k, c in cols.items()})
        self.parse = _row_parser(st, entered)
        self.uncached = sheet.uncached.rows_in(self.idx)
        self.known, self.odd = _KnownCells(entered, st.unit).read(sheet.rows[self.first:], self.idx)
        self.odd.update(r - self.first for r in self.uncached)
        # formulas reading another workbook (AMT-12), in the columns read: by row
        self.external: dict[int, list] = {}
        for (r, c), formula in sheet.external.items():
            if c in self.idx and r >= self.first:
                self.external.setdefault(r, []).append((c, formula))
        self.special = self.odd.union(r - self.first for r in sheet.hidden_rows).union(
            r - self.first for r in self.external)

    def records(self) -> list[Record]:
        keys, cells, first, special = self.keys, self.cells, self.first, self.special
        out = []
        for i, values in enumerate(self.known):
            if i not in special:
                out.append(Record(dict(zip(keys, values, strict=False)), cells, first + i + 1))
            elif (rec := self.record(i)) is not None:
                out.append(rec)
        return out

    def record(self, i: int) -> Record | None:
        """Data row i as a Record, with its findings; None for a blank row."""
        r = self.first + i
        if i in self.odd:
            raw = _raw_cells(self.sheet, r, self.idx, self.uncached)
            if raw is None:
                return None
        if r in self.sheet.hidden_rows:
            self.st.findings.append(finding("STR-31", self.st.ref(self.sheet.name, r), row=r + 1))
        for c, formula in self.external.get(r, ()):
            ref = CellRef(self.cells.file, self.cells.sheet, f"{col_letter(c)}{r + 1}")
            self.st.findings.append(finding("AMT-12", ref, formula=formula))
        if i in self.odd:
            values = self.parse(raw, lambda key: self.cells.ref(key, r + 1))
        else:
            values = dict(zip(self.keys, self.known[i], strict=False))
        return Record(values, self.cells, r + 1)

    def fields(self, *keys: str):
        """known row → the values of these columns, in this order; None if one is missing."""
        if not all(key in self.keys for key in keys):
            return None
        return itemgetter(*(self.keys.index(key) for key in keys))


def _raw_cells(sheet: SheetGrid, r: int, idx: list[int], uncached) -> list | None:
    """The cells of row r at idx, UNCACHED for a formula without a result; None for a blank row."""
    row = sheet.rows[r]
    n = len(row)
    raw = [row[c] if c < n else None for c in idx]
    if r in uncached:
        raw = [UNCACHED if (r, c) in sheet.uncached else v for v, c in zip(raw, idx, strict=False)]
    if not any(v is not None and v != "" and (type(v) is not str or v.strip()) for v in raw):
        return None
    return raw


def _picker(idx: list[int]):
    """row → the tuple of its cells at idx (all within the row)."""
    if len(idx) == 1:
        return lambda row, c=idx[0]: (row[c],)
    return itemgetter(*idx)


class _KnownCells:
    """The fast path of records(): the usual cells (see _plain), read column by column. Text is
    stripped; code and number cells are looked up among the values of that column already read
    (a department workbook repeats the same units, codes and amounts on thousands of rows).
    Only text and floats are kept as keys: 1, 1.0 and True are equal as dict keys but do not
    read alike, nor do 0.0 and -0.0 (Decimal('0.0'), Decimal('-0.0'))."""

    def __init__(self, entered: list[tuple[str, spec.Column]], unit: EntryUnit = ENTRY_WAN):
        self.kinds = [col.kind for _, col in entered]
        self.unit = unit  # amounts are entered in it and kept as 万元 (one conversion per distinct value)
        self.seen: list[dict] = [{} for _ in entered]
        # A blank required text or code is STR-07 (a required amount is never blank when read
        # here). One such column tells that a row read here is not blank.
        self.str07 = [_str07(key, col) for key, col in entered]

    def read(self, body: list[list], idx: list[int]) -> tuple[list, set[int]]:
        """The values of each row (in `idx` order), and the rows (positions in body) left to the
        general parse: unusual cells may make findings."""
        if not any(self.str07):
            return [None] * len(body), set(range(len(body)))
        width = max(idx) + 1
        if min(map(len, body), default=width) < width:  # a short row is read by the general parse
            body = [row if len(row) >= width else [None] * width for row in body]
        odd: set[int] = set()
        columns = []
        for i, column in enumerate(zip(*map(_picker(idx), body), strict=False)):
            values = self._column(i, column)
            for p in list(compress(count(), map(is_, values, repeat(None)))):
                values[p] = self._first_seen(i, column[p])
                if values[p] is None:
                    odd.add(p)
            if self.str07[i] and self.kinds[i] != "money":
                odd.update(compress(count(), map(not_, values)))
            columns.append(values)
        return list(zip(*columns, strict=False)), odd

    def _column(self, i: int, column: tuple) -> list:
        """Each cell's value if usual and known (text always is), else None."""
        kind, seen = self.kinds[i], self.seen[i]
        usual = str if kind in ("text", "code") else float
        if all(map(is_, map(type, column), repeat(usual))):
            if kind == "text":
                if max(map(len, column), default=0) > MAX_CELL_TEXT:  # STR-46: left to the parse
                    return [None if len(v) > MAX_CELL_TEXT else v.strip() for v in column]
                return list(map(str.strip, column))
            for v in dict.fromkeys(column):  # each new value once
                if v not in seen:
                    self._first_seen(i, v)
            return list(map(seen.get, column))
        if kind == "text":
            return [_plain(kind, v, self.unit) for v in column]
        return [seen.get(v) if type(v) is usual else None for v in column]

    def _first_seen(self, i: int, v):
        """A cell not known when its column was looked up: perhaps seen further up since."""
        seen, t = self.seen[i], type(v)
        value = seen.get(v) if t is str or t is float else None  # the types kept as keys
        if value is None:
            value = _plain(self.kinds[i], v, self.unit)
            if value is not None and (t is str or t is float and v != 0):
                seen[v] = value
        return value


def _plain(kind: str, v, unit: EntryUnit = ENTRY_WAN):
    """A usual cell's value, as the column kind's parser reads it without a finding (but for
    STR-07 of a blank text or code): text, digit-only or empty codes, plain numbers (an amount
    in `unit` as 万元). None: let the parser decide."""
    t = type(v)
    if kind == "text":
        return v.strip() if t is str and len(v) <= MAX_CELL_TEXT else None
    if kind == "code":
        return v if t is str and (v.isascii() and v.isdigit() or not v) else None
    if t is not float and t is not int:
        return None
    return plain_amount(v, unit) if kind == "money" else plain_amount(v)


def _str07(key: str, col: spec.Column) -> bool:
    """Whether a blank cell of this column is a finding (STR-07): a required text, code or amount."""
    return col.required and (col.kind in ("text", "code") and key != "unit" or col.kind == "money")


UNCACHED = type("Uncached", (), {"__repr__": lambda self: "（公式无结果）"})()


def _row_parser(st: ReadState, entered: list[tuple[str, spec.Column]]):
    """raw values (in `entered` order) → {key: parsed value}, findings in column order.

    The usual cells (see _plain) are read directly; anything else goes to the column kind's
    parser, which makes the findings."""
    steps = [(key, col, col.kind, _CELL_PARSERS[col.kind], _str07(key, col)) for key, col in entered]

    def parse(raw: list, ref) -> dict:
        """`ref(key)`: the CellRef of the row's cell in that column."""
        vals = {}
        for (key, col, kind, cell, required), v in zip(steps, raw, strict=False):
            if v is UNCACHED:
                st.findings.append(finding("AMT-11", ref(key)))
                vals[key] = None if kind in ("money", "int", "decimal") else ""
                continue
            value = _plain(kind, v, st.unit)
            if value is None:
                value = cell(st, key, v, ref)
            vals[key] = value
            if required and (value is None if kind == "money" else not value) and (kind != "money" or is_blank(v)):
                st.findings.append(finding("STR-07", ref(key), column=col.header))
        return vals

    return parse


def _text_cell(st, key, v, ref):
    text = parse_text(v)
    check_length(text, ref(key), st.findings)
    return text


def _code_cell(st, key, v, ref):
    scheme = "经济分类" if key == "econ_code" else "功能分类" if key == "func_code" else "单位"
    return parse_code(v, ref(key), scheme, st.findings)


def _money_cell(st, key, v, ref):
    return None if is_blank(v) else parse_amount(v, ref(key), st.findings, st.grid.typed, st.unit)


def _number_cell(st, key, v, ref):
    return None if is_blank(v) else parse_amount(v, ref(key), st.findings, False)


_CELL_PARSERS = {"text": _text_cell, "code": _code_cell, "money": _money_cell, "int": _number_cell,
                 "decimal": _number_cell}
