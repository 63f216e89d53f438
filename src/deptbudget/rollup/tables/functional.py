"""The 功能分类 tables, by their definition (tablesets.TableDef: columns, rows, fund).

四川 (表1-2 部门支出总表, 表3, 表4, 表5): 合计 row, the department row, then for each unit its
subtotal row followed by one row per 功能分类 项 (类 | 款 | 项 | 单位代码 | 名称 | amounts)
(rows=UNITS); 表3 prints the whole department as one block, labelled with the department's name,
whose rows carry the department code (rows=DEPT_BLOCK).
上海 (收入/支出预算总表 and the fund tables): 合计, then each 类, 款 and 项 with its code and
name, 类 and 款 the subtotals of their rows, not by unit (rows=SUBTOTALS: see subtotals.py).
"""

from __future__ import annotations

from ...core.table import DETAIL, UNIT
from ...tablesets import DEPT_BLOCK, SUBTOTALS, TableDef, TableSet
from ..names import Names
from ..tree import Tree
from .columns import grouped_columns
from .common import (
    CODE,
    MONEY,
    NAME,
    UNIT_CODE,
    code_header,
    empty_rows,
    head_rows,
    make_table,
    money_row,
    split_func,
    sums,
    unit_heads,
)
from .subtotals import subtotal_table

NAME_COL = 4


def scope_of(d: TableDef) -> dict:
    return {"fund": d.fund} if d.fund else {}


def unit_blocks(tree: Tree, names_, **scope) -> tuple[list, list]:
    """Rows of the unit blocks and the department totals: (rows, dept amounts)."""
    cells = grouped_columns(tree, ("unit", "func"), names_, **scope)
    names = Names(tree)
    rows = []
    for code, mine, head in unit_heads(tree, cells, len(names_)):
        rows.append(head)
        for func, amounts in mine.items():
            rows.append(money_row(split_func(func) + (code, names.func(func)), amounts,
                                  DETAIL, ("func", func, code)))
    return rows, sums(cells.values(), len(names_))


def dept_block(tree: Tree, names_, **scope) -> tuple[list, list]:
    """One block for the whole department, labelled with the department's name (the seed writes
    「…本级」 here, a slip: 本级 is the department's own unit, not all of its units)."""
    code, name = tree.department.code, tree.department.name
    cells = grouped_columns(tree, ("func",), names_, **scope)
    total = sums(cells.values(), len(names_))
    if not cells:
        return [], total
    names = Names(tree)
    rows = [money_row((None,) * 4 + (name,), total, UNIT, ("unit", code))]
    for (func,), amounts in cells.items():
        rows.append(money_row(split_func(func) + (code, names.func(func)), amounts,
                              DETAIL, ("func", func, code)))
    return rows, total


def functional_table(tree: Tree, d: TableDef, ts: TableSet):
    if d.rows == SUBTOTALS:
        return subtotal_table(tree, d, ts, ("func",), "功能分类科目")
    cols = (CODE, CODE, CODE, UNIT_CODE, NAME) + (MONEY,) * len(d.columns)
    header, merges = code_header(("类", "款", "项"), d.columns, d.group)
    body = dept_block if d.rows == DEPT_BLOCK else unit_blocks
    rows, total = body(tree, d.columns, **scope_of(d))
    rows = head_rows(len(cols), NAME_COL, total) + rows if rows else empty_rows(len(cols), NAME_COL)
    return make_table(d.key, tree, header, merges, cols, rows, ts=ts)
