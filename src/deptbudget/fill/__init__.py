"""The fill stage: 三公 tables (表3-3, 表4-1), performance tables (表6, 表7) and the 情况说明.

Pure functions of the roll-up tree (no Excel I/O): `fill_all(tree)` returns the four tables keyed
like template.spec.TABLES; `narrative.draft(tree)` drafts the 情况说明.
"""

from __future__ import annotations

from ..core.table import Table


def fill_all(tree) -> dict[str, Table]:
    from .performance import table_6, table_7
    from .sangong import table_3_3, table_4_1

    return {"t3_3": table_3_3(tree), "t4_1": table_4_1(tree), "t6": table_6(tree), "t7": table_7(tree)}


SECTIONS = {"sangong": ("t3_3", "t4_1"), "performance": ("t6", "t7")}
