"""A disclosure table set as data: which tables a publication has, how each is titled and
numbered, whose tables they are (部门 or 单位), the unit of amounts and the empty-table wording.

The builders (rollup.tables, fill) make every table once, from the one tree of totals, dressed
for the default set; `TableSet.present` dresses a built table for another set. A set chooses
how the tree is shown, never what it adds up to: amounts and rows are the same in every set.
No imports from the rest of the package, so template.spec can take its table list from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class TableDef:
    key: str  # t1, t1_1, ... the builder's key (core.table.Table.key)
    number: str  # 表1-2
    title: str  # as the set prints it
    dated: bool = False  # title carries （YYYY 年度）

    @property
    def sheet(self) -> str:
        return f"{self.number} {self.short}"

    @property
    def short(self) -> str:
        return self.title.replace('"', "").replace("“", "").replace("”", "")[:24]


@dataclass(frozen=True)
class TableSet:
    name: str  # 四川部门预算
    scope: str  # 部门 | 单位: whose tables — the department's roll-up or one unit's
    tables: tuple[TableDef, ...]
    money_unit: str = "万元"
    decimals: int = 2
    empty_note: str = "本表无数据"
    publication: str = "部门预算"  # file names: 《<name><year>年<publication>公开表》
    labels: dict = field(default_factory=dict)  # header text → this set's wording
    source: str = ""  # where the layout comes from

    def table(self, key: str) -> TableDef:
        return next(t for t in self.tables if t.key == key)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(t.key for t in self.tables)

    @property
    def unit_label(self) -> str:
        return f"金额单位：{self.money_unit}"

    def owner(self, department, units) -> tuple[str, str]:
        """(code, name) of whose tables these are: the department, or the set's one unit."""
        if self.scope == "单位":
            if len(units) != 1:
                raise ValueError(f"「{self.name}」是一个单位的公开表，此预算有 {len(units)} 个单位；"
                                 "请对单位工作簿使用，部门汇总请用部门预算样式")
            return units[0].code, units[0].name
        return department.code, department.name

    def subtitle(self, department, units=()) -> str:
        if self.scope == "单位":
            return f"单位：{self.owner(department, units)[1]}"
        return f"部门：{department.name}（部门）"

    def file_stem(self, department, units=()) -> str:
        return f"{self.owner(department, units)[1]}{department.year}年{self.publication}"

    def present(self, table, base: "TableSet", department, units):
        """`table` (built for the set `base`) dressed for this set: title, number, subtitle, unit
        wording, the empty-table note, header labels, and — for a unit's set — the department's
        name and code in the body replaced by the unit's. Amounts and rows stay as built."""
        if self is base:
            return table
        own = self.table(table.key)
        notes = table.notes
        if notes and notes[0] == base.empty_note:
            notes = (self.empty_note,) + notes[1:]
        header = tuple(tuple(self.labels.get(h, h) for h in row) for row in table.header)
        rows = table.rows
        if self.scope == "单位" and base.scope == "部门":
            owner = self.owner(department, units)
            rows = tuple(replace(r, values=_relabel(r, department, owner)) for r in rows)
            header = tuple(tuple(owner[1] if h == department.name else h for h in row) for row in header)
        return replace(table, title=own.title, number=own.number, subtitle=self.subtitle(department, units),
                       unit_label=self.unit_label, notes=notes, header=header, rows=rows,
                       meta=dict(table.meta))


def _relabel(row, department, owner: tuple[str, str]) -> tuple:
    """The department's name (and 「code-name」) as printed in a row → the unit's; its code too,
    on the rows the builder keyed by the department (a 类 code may look like a department code)."""
    code, name = owner
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
