"""A disclosure table set as data: which tables a publication has, how each is titled and
numbered, whose tables they are (部门 or 单位), which builder makes each table, its money
columns by meaning, its row structure, the unit of amounts and the empty-table wording.

The builders (rollup.tables, fill) read a table's definition and make it from the one tree of
totals; a set chooses how the tree is shown, never what it adds up to. Amounts stay 万元 in the
Table (exact); the set's unit (元: ×10000) and decimals are applied at presentation
(io.table_layout). No imports from the rest of the package, so template.spec can take its table
list from here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

# Row structures a builder knows (TableDef.rows):
UNITS = "units"  # 合计, the department, then per unit its subtotal and its 项 (or 款) rows (四川)
DEPT_BLOCK = "dept"  # 合计, the department, then one block of 项 rows for the publisher (四川 表3)
SUBTOTALS = "subtotals"  # 合计, then 类 / 款 / 项 rows, each 类 and 款 the subtotal of its rows (上海)
ALL_CLASSES = "classes"  # the 28 支出功能分类 类, all listed (四川 收支总表)
USED_CLASSES = "used"  # the 类 that carry figures (上海 收支总表)
TOTAL_ONLY = "total"  # one row: the publisher's total (上海 三公)

SCALES = {"万元": 1, "元": 10000}  # the tree's 万元 → the set's unit, exactly


@dataclass(frozen=True)
class TableDef:
    key: str  # t1, t1_1, ... the table's key (core.table.Table.key)
    number: str  # 表1-2
    title: str  # as the set prints it
    dated: bool = False  # title carries （YYYY 年度）
    builder: str = ""  # which builder makes it (rollup.tables.BUILDERS, fill.BUILDERS); "" = key
    columns: tuple[str, ...] = ()  # money columns by measure (rollup.tables.columns.MEASURES)
    rows: str = ""  # row structure (UNITS, SUBTOTALS, …); "" = the builder's own
    fund: str = ""  # scope: general | fund | soe | fiscal; "" = all money
    group: str = ""  # header text over the money columns

    @property
    def sheet(self) -> str:
        return sheet_name(self.number, self.title)

    @property
    def short(self) -> str:
        return self.sheet.partition(" ")[2]

    @property
    def make(self) -> str:
        return self.builder or self.key


_YEAR = re.compile(r"^\d{4}年(?!度)")


def sheet_name(number: str, title: str) -> str:
    """「表1 部门收支总表」: the number and the title (quotes and a leading 「2025年」 left out, at most
    24 characters of it, so the name stays within Excel's 31)."""
    plain = _YEAR.sub("", title).replace('"', "").replace("“", "").replace("”", "")
    return f"{number} {plain[:24]}"


@dataclass(frozen=True)
class Narration:
    """How a set's 情况说明 writes amounts: in `unit`, `decimals` places always shown (None: only the
    places an amount needs, as the seed writes 「37 万元」「109.8 万元」), thousands separated or not.
    The figure is the tree's 万元 × the unit's scale, exactly, rounded ROUND_HALF_UP to two places —
    the value the set's tables print (io.table_layout.shown_amount)."""

    unit: str = "万元"
    decimals: int | None = None
    thousands: bool = False

    @property
    def scale(self) -> int:
        return SCALES[self.unit]


@dataclass(frozen=True)
class TableSet:
    name: str  # 四川部门预算
    scope: str  # 部门 | 单位: whose tables — the department's roll-up or one unit's
    tables: tuple[TableDef, ...]
    money_unit: str = "万元"
    decimals: int = 2
    narration: Narration = Narration()  # the 情况说明's amounts; whose text it is follows `scope`
    empty_note: str = "本表无数据"
    publication: str = "部门预算"  # file names: 《<name><year>年<publication>公开表》
    counterpart: str = ""  # a 单位 set: the 部门 set its units roll up into (四川单位预算 → 四川部门预算)
    labels: dict = field(default_factory=dict)  # header text → this set's wording
    source: str = ""  # where the layout comes from
    dated_titles: bool = False  # titles begin with the year: 「2025年部门财务收支预算总表」
    subtitle_label: str = ""  # 「编制部门：」: the subtitle is this and the publisher's name
    unit_wording: str = "金额单位："  # printed before the unit: 「金额单位：万元」, 「单位：元」
    layout: str = "四川"  # the family of table layouts; the rules on shown tables know 四川's
    weight_total: str = "90"  # performance indicators carry weights adding up to 90 / 100, or 「无」

    def table(self, key: str) -> TableDef:
        return next(t for t in self.tables if t.key == key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(t.key for t in self.tables)

    @property
    def unit_label(self) -> str:
        return f"{self.unit_wording}{self.money_unit}"

    @property
    def scale(self) -> int:
        return SCALES[self.money_unit]

    def title(self, key: str, year) -> str:
        """The title as printed: the definition's, with the year in front where the set dates them."""
        t = self.table(key).title
        return f"{year}年{t}" if self.dated_titles and year else t

    def owner(self, department, units) -> tuple[str, str]:
        """(code, name) of whose tables these are: the department, or the set's one unit."""
        if self.scope == "单位":
            if len(units) != 1:
                raise ValueError(f"「{self.name}」是一个单位的公开表，此预算有 {len(units)} 个单位；"
                                 "请对单位工作簿使用，部门汇总请用部门预算样式")
            return units[0].code, units[0].name
        return department.code, department.name

    def subtitle(self, department, units=()) -> str:
        if self.subtitle_label:
            return f"{self.subtitle_label}{self.owner(department, units)[1]}"
        if self.scope == "单位":
            return f"单位：{self.owner(department, units)[1]}"
        return f"部门：{department.name}（部门）"

    def file_stem(self, department, units=()) -> str:
        return f"{self.owner(department, units)[1]}{department.year}年{self.publication}"

    def dress(self, table, department, units):
        """A table built for this set, with its header labels in this set's wording and — for a
        unit's set — the department's name and code in the body replaced by the unit's (the
        builders name the department where a 部门 set prints its own block). Amounts never change."""
        header = tuple(tuple(self.labels.get(h, h) for h in row) for row in table.header)
        rows = table.rows
        if self.scope == "单位":
            owner = self.owner(department, units)
            rows = tuple(replace(r, values=_relabel(r, department, owner)) for r in rows)
            header = tuple(tuple(owner[1] if h == department.name else h for h in row) for row in header)
        if header == table.header and rows == table.rows:
            return table
        return replace(table, header=header, rows=rows, meta=dict(table.meta))


def _relabel(row, department, owner: tuple[str, str]) -> tuple:
    """The department's name (and 「code-name」) as printed in a row → the unit's; its code too,
    on the rows the builder keyed by the department (a 类 code may look like a department code)."""
    code, name = owner
    if row.key[:1] == ("names",):  # names the department as such (上海 申报表's 主管部门): kept
        return row.values
    whole = f"{department.code}-{department.name}"
    keyed = bool(row.key) and row.key[-1] == department.code
    out = []
    for v in row.values:
        if v == department.name:
            v = name
        elif v == whole:
            v = f"{code}-{name}"
        elif keyed and v == department.code:
            v = code
        out.append(v)
    return tuple(out)
