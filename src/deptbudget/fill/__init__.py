"""The fill stage: 三公 tables (表3-3, 表4-1), performance tables (表6, 表7) and the 情况说明.

Pure functions of the roll-up tree (no Excel I/O): `fill_all(tree)` returns the four tables keyed
like template.spec.TABLES (a 上海 set: its 表9 and the 项目绩效目标申报表, performance_form);
`narrative.draft(tree)` drafts the 情况说明.
"""

from __future__ import annotations

from ..core.table import Table


def fill_all(tree, table_set=None) -> dict[str, Table]:
    """The 三公 and performance tables of `table_set` (default: 四川部门预算: 表3-3, 表4-1, 表6,
    表7), each made by the builder its definition names."""
    from ..tablesets import DEFAULT
    from .performance import table_6, table_7
    from .performance_form import shanghai_forms
    from .sangong import sangong_table

    ts = table_set or DEFAULT
    fills = {"sangong": sangong_table, "t6": table_6, "t7": table_7, "perf_form": shanghai_forms}
    return {d.key: fills[d.make](tree, d, ts) for d in ts.tables if d.make in fills}


SECTIONS = {"sangong": ("t3_3", "t4_1", "sh9"), "performance": ("t6", "t7", "sh10")}
