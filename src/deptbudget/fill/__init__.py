"""The fill stage: 三公 tables (表3-3, 表4-1), performance tables (表6, 表7) and the 情况说明.

Pure functions of the roll-up tree (no Excel I/O): `fill_all(tree)` returns the four tables keyed
like template.spec.TABLES; `narrative.draft(tree)` drafts the 情况说明.
"""

from __future__ import annotations

from ..core.table import Table


def fill_all(tree, table_set=None) -> dict[str, Table]:
    """表3-3, 表4-1, 表6, 表7 of `table_set` (default: 四川部门预算), dressed for it."""
    from ..tablesets import DEFAULT
    from .performance import table_6, table_7
    from .sangong import table_3_3, table_4_1

    ts = table_set or DEFAULT
    fills = {"t3_3": table_3_3, "t4_1": table_4_1, "t6": table_6, "t7": table_7}
    return {k: ts.present(f(tree), DEFAULT, tree.department, tree.units)
            for k, f in fills.items() if k in ts.keys}


SECTIONS = {"sangong": ("t3_3", "t4_1"), "performance": ("t6", "t7")}
