"""The department summary tables, built from the one tree of totals.

`build_tables(tree)` returns every roll-up table keyed like template.spec.TABLES
(t1, t1_1, t1_2, t2, t2_1, t3, t3_1, t3_2, t4, t5); 表3-3/表4-1/表6/表7 are filled elsewhere.
"""

from __future__ import annotations

from ...core.table import Table
from ...tablesets import DEFAULT, TableSet
from ..tree import Tree
from .economic import table_2_1, table_3_1
from .functional import table_1_2, table_3, table_4, table_5
from .projects import table_3_2
from .summary import table_1, table_1_1, table_2

BUILDERS = {
    "t1": table_1, "t1_1": table_1_1, "t1_2": table_1_2, "t2": table_2, "t2_1": table_2_1,
    "t3": table_3, "t3_1": table_3_1, "t3_2": table_3_2, "t4": table_4, "t5": table_5,
}


def build_tables(tree: Tree, table_set: TableSet | None = None) -> dict[str, Table]:
    """The roll-up tables of `table_set` (default: 四川部门预算), dressed for it."""
    ts = table_set or DEFAULT
    return {key: ts.present(build(tree), DEFAULT, tree.department, tree.units)
            for key, build in BUILDERS.items() if key in ts.keys}
