"""Where a Table's values go on a sheet, laid out like the published tables — engine-free.

One pure function builds the sheet block (values from A1), the merges and a named style per
cell; the openpyxl writer (xlsx_tables.render_table) and the live-workbook writer
(excel.book_io) both draw from it, so a table looks the same in a file and in open Excel:
row 1 title, row 2 表号 (and 年度), row 3 部门 … 金额单位, header rows from row 4, then the body,
then the notes under a blank row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from ..core.money import round2
from ..core.table import CLASS, DEPT, KUAN, NOTE, TOTAL, UNIT, Table
from ..tablesets import sheet_name
from ..template import spec

BOLD_LEVELS = {TOTAL, DEPT, UNIT, CLASS, KUAN}
FIRST_HEADER_ROW = 4  # row 1 title, row 2 (blank or 年度), row 3 部门/金额单位
MONEY_FORMAT = "#,##0.00"
TEXT_FORMAT = "@"
PERCENT_FORMAT = "0.00"
TITLE_HEIGHT = 30


def table_sheets(tables: dict[str, Table]) -> list[tuple[str, Table]]:
    """(sheet name, table) in the 目录 order: the 14 of the department workbook under their sheet
    names, then any other set's tables (上海 …) under 「表N <title>」 in the order given."""
    out = [(t.sheet, tables[t.key]) for t in spec.TABLES if t.key in tables]
    return out + [(sheet_name(t.number, t.title), t) for k, t in tables.items() if k not in spec.TABLE_BY_KEY]


class Style(NamedTuple):
    """A cell's look by name; each writer maps roles to its engine's fonts, borders and fills.
    A tuple: made for every cell, compared and hashed by the writers' format caches.

    role: title | number | year | subtitle | unit | header | body | bold | note."""

    role: str
    fmt: str | None = None
    align: str = ""  # center | left | right | "" (leave as is)


@dataclass
class Layout:
    rows: list[list]  # sheet rows from row 1, each `width` long; None = empty
    width: int
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # 1-based (r1, c1, r2, c2)
    styles: dict[tuple[int, int], Style] = field(default_factory=dict)  # 1-based (row, col)
    widths: list[float] = field(default_factory=list)
    header: tuple[int, int] = (FIRST_HEADER_ROW, FIRST_HEADER_ROW)  # first, last header row
    body: int = FIRST_HEADER_ROW + 1  # first body row
    body_rows: int = 0
    bold_rows: list[int] = field(default_factory=list)  # 1-based body rows shown bold
    row_levels: dict[int, str] = field(default_factory=dict)  # 1-based body row → core.table level
    last: int = 0  # last row used (notes included)
    breaks: list[int] = field(default_factory=list)  # 1-based rows a printed page ends after

    def put(self, r: int, c: int, value, style: Style) -> None:
        while len(self.rows) < r:
            self.rows.append([None] * self.width)
        self.rows[r - 1][c - 1] = value
        self.styles[(r, c)] = style

    def put_row(self, r: int, values: list, styles: list) -> None:
        """Row r: `values` (width long) from column 1, the first len(styles) cells styled."""
        while len(self.rows) < r:
            self.rows.append([None] * self.width)
        self.rows[r - 1] = values
        self.styles.update(zip([(r, c) for c in range(1, len(styles) + 1)], styles, strict=True))

    def value(self, r: int, c: int):
        return self.rows[r - 1][c - 1]

    @property
    def title_rows(self) -> str:
        """Rows repeated on every printed page, e.g. "4:5"."""
        return f"{self.header[0]}:{self.header[1]}"


def money_format(decimals: int = 2) -> str:
    """#,##0.00 for two places (the published tables' look), #,##0 for none."""
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def shown_amount(v: Decimal, table: Table, rounded: bool) -> Decimal:
    """A money cell as the table's set shows it: the tree's 万元 × the set's scale (元: 10000),
    exactly, then — for the disclosure copy — rounded ROUND_HALF_UP to the set's decimals."""
    if table.scale != 1:
        v = v * table.scale
    if rounded:
        v = round2(v) if table.decimals == 2 else v.quantize(Decimal(1).scaleb(-table.decimals), ROUND_HALF_UP)
    return v


def layout(table: Table, rounded: bool = False, body_merges: bool = False) -> Layout:
    """The sheet block of `table`. `rounded` puts amounts already rounded to the set's decimals
    (the disclosure copy); otherwise exact values, shown as 0.00 by the number format. Money
    columns are shown in the table's unit (Table.scale: 元 = 万元 × 10000, exact).
    `body_merges` also merges the body blocks a table asks for (meta["body_merges"], 表6/表7),
    emptying the covered cells as a merge does (what io.export.apply_layout adds to a file)."""
    width = table.width
    lay = Layout([], width, widths=[c.width for c in table.cols])
    _title(lay, table, width)
    hr = FIRST_HEADER_ROW
    for i, header_row in enumerate(table.header):
        for j, text in enumerate(header_row):
            lay.put(hr + i, j + 1, text or None, Style("header", align="center"))
    lay.merges += [(hr + r1, c1 + 1, hr + r2, c2 + 1) for r1, c1, r2, c2 in table.merges]
    body = hr + len(table.header)
    lay.header, lay.body, lay.body_rows = (hr, body - 1), body, len(table.rows)
    lay.breaks = [body + i for i in table.meta.get("page_breaks", ())]  # 上海 申报表: a page per form
    kinds = [c.kind for c in table.cols]
    looks = {"kinds": kinds, True: [{} for _ in kinds], False: [{} for _ in kinds]}  # bold → column → type → Style
    for i, row in enumerate(table.rows):
        _body_row(lay, body + i, row, table, rounded, looks)
    last = body + len(table.rows) - 1
    for k, note in enumerate(table.notes):
        lay.put(last + 2 + k, 1, note, Style("note"))
    lay.last = max(last, body - 1) + len(table.notes) + (1 if table.notes else 0)
    while len(lay.rows) < lay.last:
        lay.rows.append([None] * width)
    if body_merges:
        _merge_body(lay, table)
    return lay


def _merge_body(lay: Layout, table: Table) -> None:
    for r1, c1, r2, c2 in table.meta.get("body_merges", ()):
        if (r1, c1) == (r2, c2):
            continue
        lay.merges.append((lay.body + r1, c1 + 1, lay.body + r2, c2 + 1))
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1):
                    lay.rows[lay.body + r - 1][c] = None


def _title(lay: Layout, table: Table, width: int) -> None:
    lay.put(1, 1, table.title, Style("title", align="center"))
    lay.merges.append((1, 1, 1, width))
    lay.put(2, 1, table.number, Style("number"))
    if table.meta.get("year_label"):
        lay.put(2, 2, table.meta["year_label"], Style("year", align="center"))
        lay.merges.append((2, 2, 2, max(2, width - 1)))
    lay.put(3, 1, table.subtitle, Style("subtitle"))
    if width > 1:
        lay.merges.append((3, 1, 3, max(1, width - 2)))
    lay.put(3, width, table.unit_label, Style("unit", align="right"))


def _body_row(lay: Layout, r: int, row, table: Table, rounded: bool, looks: dict) -> None:
    bold = row.level in BOLD_LEVELS
    lay.row_levels[r] = row.level
    if bold:
        lay.bold_rows.append(r)
    values = list(row.values)
    values += [None] * (lay.width - len(values))
    kinds, mine = looks["kinds"], looks[bold]  # a table has a handful of looks: made once each
    changes = rounded or table.scale != 1  # else every amount is shown as it is
    styles = []
    for j, v in enumerate(row.values):
        kind = kinds[j]
        if changes and isinstance(v, Decimal) and (kind == "money" or rounded):
            v = values[j] = shown_amount(v, table, rounded) if kind == "money" else round2(v)
        look = mine[j].get(type(v))
        if look is None:
            look = mine[j][type(v)] = _look(bold, kind, v, table.decimals)
        styles.append(look)
    lay.put_row(r, values, styles)
    if row.level == NOTE and not any(isinstance(v, (Decimal, int, float)) for v in row.values):
        lay.merges.append((r, 1, r, table.width))


def _look(bold: bool, kind: str, v, decimals: int) -> Style:
    """A body cell's style: bold on total and subtotal rows; money in the set's decimals, codes as
    text, a Decimal percent with two places; numbers right, codes centred, other text left."""
    fmt = (MONEY_FORMAT if decimals == 2 else money_format(decimals)) if kind == "money" else \
        TEXT_FORMAT if kind == "code" else None
    if kind == "percent" and isinstance(v, Decimal):
        fmt = PERCENT_FORMAT
    align = "right" if isinstance(v, (Decimal, int, float)) else ("center" if kind == "code" else "left")
    return Style("bold" if bold else "body", fmt, align)
