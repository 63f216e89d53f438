"""表3-2 一般公共预算项目支出预算表.

Layout (the seed's): 合计 row, the department row, then for each unit its subtotal row, and for
each 功能分类 项 a subtotal row (the 项 name) followed by its projects in the order entered
(类 | 款 | 项 | 单位代码 | 项目名称 | 金额).
"""

from __future__ import annotations

from ...core.table import DETAIL, KUAN
from ..names import Names
from ..tree import Tree
from .common import (
    CODE,
    MONEY,
    NAME,
    UNIT_CODE,
    empty_rows,
    grouped,
    head_rows,
    make_table,
    money_row,
    split_func,
    sums,
    unit_heads,
)

COLS = (CODE, CODE, CODE, UNIT_CODE, NAME, MONEY)
NAME_COL = 4
NO_NAME = "（未注明项目名称）"
HEADER = (
    ("科目编码", "", "", "单位代码", "单位名称（科目）", "金额"),
    ("类", "款", "项", "", "", ""),
)
MERGES = ((0, 0, 0, 2), (0, 3, 1, 3), (0, 4, 1, 4), (0, 5, 1, 5))
SCOPE = {"fund": "general", "basic": False}


def table_3_2(tree: Tree, d, ts):
    cells = grouped(tree, ("unit", "func"), ({},), **SCOPE)
    names = Names(tree)
    rows = []
    for code, mine, head in unit_heads(tree, cells, 1):
        rows.append(head)
        seen: set = set()
        for func, amounts in mine.items():
            rows.append(money_row((None,) * 4 + (names.func(func),), amounts, KUAN,
                                  ("func", func, code)))
            rows += _project_rows(tree, code, func, seen)
    total = sums(cells.values(), 1)
    rows = head_rows(len(COLS), NAME_COL, total) + rows if rows else empty_rows(len(COLS), NAME_COL)
    return make_table(d.key, tree, HEADER, MERGES, COLS, rows, ts=ts)


def _project_rows(tree: Tree, unit: str, func: str, seen: set) -> list:
    rows = []
    for name, amount in tree.project_totals(unit, func, fund="general").items():
        key = ("project", unit, name) if name not in seen else ("project", unit, name, func)
        seen.add(name)
        rows.append(money_row(split_func(func) + (unit, name or NO_NAME), [amount], DETAIL, key))
    return rows
