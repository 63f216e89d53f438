"""The disclosure tables the roll-up makes, built from the one tree of totals by their definition.

`build_tables(tree, table_set)` returns, in the set's order, every table of the set a roll-up
builder makes (keyed like the set: t1 … for 四川, sh1 … for 上海); 三公 and performance tables are
filled elsewhere (fill.fill_all). Each TableDef names its builder (`TableDef.make`).
"""

from __future__ import annotations

from ...core.table import Table
from ...tablesets import DEFAULT, TableSet
from ..tree import Tree
from .economic import basic_economic, table_2_1
from .functional import functional_table
from .projects import table_3_2
from .summary import grouped_income, table_1, table_1_1, table_2

BUILDERS = {
    "t1": table_1, "t1_1": table_1_1, "t2": table_2, "t2_1": table_2_1, "t3_2": table_3_2,
    "functional": functional_table, "basic_economic": basic_economic, "grouped_income": grouped_income,
}


def build_tables(tree: Tree, table_set: TableSet | None = None) -> dict[str, Table]:
    """The roll-up tables of `table_set` (default: 四川部门预算)."""
    ts = table_set or DEFAULT
    return {d.key: BUILDERS[d.make](tree, d, ts) for d in ts.tables if d.make in BUILDERS}
