"""The 功能分类 tables: 表1-2 部门支出总表, 表3 一般公共预算支出预算表, 表4 政府性基金预算支出预算表,
表5 国有资本经营预算支出预算表.

Layout (the seed's): 合计 row, the department row, then for each unit its subtotal row followed
by one row per 功能分类 项 (类 | 款 | 项 | 单位代码 | 名称 | amounts). 表3 prints the whole
department as one block, labelled with the department's name, whose rows carry the department code.
"""

from __future__ import annotations

from ...core.table import DETAIL, UNIT
from ..names import Names
from ..tree import Tree
from .common import (
    CODE,
    MONEY,
    NAME,
    UNIT_CODE,
    code_header,
    empty_rows,
    grouped,
    head_rows,
    make_table,
    money_row,
    split_func,
    sums,
    unit_heads,
)

BASIC_PROJECT = ({}, {"basic": True}, {"basic": False})
CURRENT_CARRY = ({}, {"carry": False}, {"carry": True})
COLS = (CODE, CODE, CODE, UNIT_CODE, NAME, MONEY, MONEY, MONEY)
NAME_COL = 4


def unit_blocks(tree: Tree, measures, **scope) -> list:
    """Rows of the unit blocks and the department totals: (rows, dept amounts)."""
    cells = grouped(tree, ("unit", "func"), measures, **scope)
    names = Names(tree)
    rows = []
    for code, mine, head in unit_heads(tree, cells, len(measures)):
        rows.append(head)
        for func, amounts in mine.items():
            rows.append(money_row(split_func(func) + (code, names.func(func)), amounts,
                                  DETAIL, ("func", func, code)))
    return rows, sums(cells.values(), len(measures))


def dept_block(tree: Tree, measures, **scope) -> list:
    """One block for the whole department, labelled with the department's name (the seed writes
    「…本级」 here, a slip: 本级 is the department's own unit, not all of its units)."""
    code, name = tree.department.code, tree.department.name
    cells = grouped(tree, ("func",), measures, **scope)
    total = sums(cells.values(), len(measures))
    if not cells:
        return [], total
    names = Names(tree)
    rows = [money_row((None,) * 4 + (name,), total, UNIT, ("unit", code))]
    for (func,), amounts in cells.items():
        rows.append(money_row(split_func(func) + (code, names.func(func)), amounts,
                              DETAIL, ("func", func, code)))
    return rows, total


def _table(key, tree, header_args, body):
    header, merges = code_header(("类", "款", "项"), *header_args)
    rows, total = body
    rows = head_rows(len(COLS), NAME_COL, total) + rows if rows else empty_rows(len(COLS), NAME_COL)
    return make_table(key, tree, header, merges, COLS, rows)


def table_1_2(tree: Tree):
    return _table("t1_2", tree, (("合计", "基本支出", "项目支出"),),
                  unit_blocks(tree, BASIC_PROJECT))


def table_3(tree: Tree):
    return _table("t3", tree, (("合计", "当年财政拨款安排", "上年结转安排"),),
                  dept_block(tree, CURRENT_CARRY, fund="general"))


def table_4(tree: Tree):
    return _table("t4", tree, (("合计", "基本支出", "项目支出"), "本年政府性基金预算支出"),
                  unit_blocks(tree, BASIC_PROJECT, fund="fund"))


def table_5(tree: Tree):
    return _table("t5", tree, (("合计", "基本支出", "项目支出"), "本年国有资本经营预算支出"),
                  unit_blocks(tree, BASIC_PROJECT, fund="soe"))
