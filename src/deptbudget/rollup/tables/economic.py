"""The 经济分类 tables: 表3-1 一般公共预算基本支出预算表 and 表2-1 财政拨款支出预算表（部门经济分类科目）.

The basic-expenditure table follows its definition: columns (合计, 人员经费, 公用经费), fund, and
rows UNITS (四川, below) or SUBTOTALS (上海: 合计, 类, 款 — subtotals.py).

Layout (the seed's 表3-1): 合计 row, the department row, then for each unit its subtotal row
(单位代码 in its column), each 经济分类 类 subtotal row (类 code in the 单位代码 column, as the
seed prints it) followed by its 款 rows (类 | 款 | 款 code | name). Project money without an
economic breakdown is never given invented codes: 表2-1 shows it on a visible row
「项目支出未细化到经济分类」 in the unit's block, and says so in a note.
"""

from __future__ import annotations

from ...core.model import SpendKind
from ...core.money import fmt
from ...core.table import CLASS, DETAIL, NOTE, UNIT
from ...tablesets import SUBTOTALS, TableDef, TableSet
from ..names import Names
from ..tree import Tree
from .columns import measures
from .common import (
    CODE,
    MONEY,
    NAME,
    UNIT_CODE,
    by_unit,
    code_header,
    empty_rows,
    grouped,
    head_rows,
    make_table,
    money_row,
    sums,
    units_in,
)

UNREFINED = "项目支出未细化到经济分类"
NAME_COL = 3
PERSONNEL_PUBLIC = ({}, {"kind": SpendKind.PERSONNEL}, {"kind": SpendKind.PUBLIC})
WITH_PROJECT = PERSONNEL_PUBLIC + ({"kind": SpendKind.PROJECT},)


def econ_blocks(tree: Tree, measures, **scope):
    """(rows, department amounts, unrefined amount) of the unit blocks."""
    cells = grouped(tree, ("unit", "econ"), measures, **scope)
    width = len(measures)
    rows, unrefined = [], 0
    names = Names(tree)
    units = by_unit(cells)
    for code, name in units_in(tree, units):
        mine = units[code]
        if not mine:
            continue
        rows.append(money_row((None, None, code, name), sums(mine.values(), width),
                              UNIT, ("unit", code)))
        rows += _class_rows(code, {e: v for e, v in mine.items() if e}, width, names)
        if "" in mine:
            unrefined += mine[""][0]
            rows.append(money_row((None, None, None, UNREFINED), mine[""], NOTE,
                                  ("unrefined", code)))
    return rows, sums(cells.values(), width), unrefined


def _class_rows(unit: str, cells: dict, width: int, names: Names) -> list:
    rows = []
    for cls in sorted({e[:3] for e in cells}):
        mine = {e: v for e, v in cells.items() if e[:3] == cls}
        rows.append(money_row((None, None, cls, names.econ(cls)), sums(mine.values(), width),
                              CLASS, ("econ_class", cls, unit)))
        for econ, amounts in mine.items():
            rows.append(money_row((econ[:3], econ[3:5], econ, names.econ(econ)), amounts,
                                  DETAIL, ("econ", econ, unit)))
    return rows


def basic_economic(tree: Tree, d: TableDef, ts: TableSet):
    """基本支出 by 经济分类 (表3-1; 上海 一般公共预算基本支出部门预算经济分类预算表)."""
    scope = {"fund": d.fund or None, "basic": True}
    if d.rows == SUBTOTALS:
        from .subtotals import subtotal_table

        return subtotal_table(tree, d, ts, ("econ",), "经济分类科目", basic=True)
    cols = (CODE, CODE, UNIT_CODE, NAME) + (MONEY,) * len(d.columns)
    header, merges = code_header(("类", "款"), d.columns, d.group)
    rows, total, _ = econ_blocks(tree, measures(d.columns), **scope)
    rows = head_rows(len(cols), NAME_COL, total) + rows if rows else empty_rows(len(cols), NAME_COL)
    return make_table(d.key, tree, header, merges, cols, rows, ts=ts)


T2_1_HEADER = (
    ("项 目", "", "", "", "合计", "基本支出", "", "项目支出"),
    ("科目编码", "", "单位代码", "单位名称（科目）", "", "人员经费", "公用经费", ""),
    ("类", "款", "", "", "", "", "", ""),
)
T2_1_MERGES = ((0, 0, 0, 3), (0, 4, 2, 4), (0, 5, 0, 6), (0, 7, 2, 7), (1, 0, 1, 1),
               (1, 2, 2, 2), (1, 3, 2, 3), (1, 5, 2, 5), (1, 6, 2, 6))


def table_2_1(tree: Tree, d: TableDef, ts: TableSet):
    cols = (CODE, CODE, UNIT_CODE, NAME, MONEY, MONEY, MONEY, MONEY)
    rows, total, unrefined = econ_blocks(tree, WITH_PROJECT, fund="fiscal")
    rows = head_rows(len(cols), NAME_COL, total) + rows if rows else empty_rows(len(cols), NAME_COL)
    notes = (f"其中项目支出 {fmt(unrefined)} 万元未细化到经济分类，见「{UNREFINED}」行。",) if unrefined else ()
    return make_table(d.key, tree, T2_1_HEADER, T2_1_MERGES, cols, rows, notes, ts=ts)
