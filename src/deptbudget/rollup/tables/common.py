"""Shared pieces of the table builders: cells, headers, the unit-block layout."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from ...core.table import DEPT, TOTAL, UNIT, Col, Row, Table
from ...tablesets import DEFAULT as SET
from ...tablesets import TableSet
from ..tree import ZERO, Tree

EMPTY_NOTE = SET.empty_note
TOTAL_LABEL = "合 计"

CODE = Col("code", 5)
UNIT_CODE = Col("code", 9)
NAME = Col("text", 36)
MONEY = Col("money", 14)


def blank(x: Decimal) -> Decimal | None:
    """The seed leaves zero cells blank."""
    return None if x == 0 else x


def subtitle(tree: Tree) -> str:
    return SET.subtitle(tree.department, tree.units)


def split_func(code: str) -> tuple[str, str, str]:
    """功能分类 项 code → 类, 款, 项 as printed: 2080101 → 208, 01, 01."""
    return code[:3], code[3:5], code[5:7]


def make_table(key, tree, header, merges, cols, rows, notes=(), ts: TableSet | None = None, **meta) -> Table:
    """The table `key` of the set `ts` (default 四川部门预算): its title, number, subtitle, unit
    wording and scale, the empty-table note when no amount is shown, then `ts.dress`."""
    ts = ts or SET
    spec = ts.table(key)
    rows, notes = tuple(rows), tuple(notes)
    if not any(isinstance(v, Decimal) and v != 0 for r in rows for v in r.values):
        notes = (ts.empty_note,) + notes
    dept, year = tree.department, tree.department.year
    t = Table(key=key, title=ts.title(key, year), number=spec.number, subtitle=ts.subtitle(dept, tree.units),
              header=tuple(tuple(h) for h in header), merges=tuple(merges), cols=tuple(cols),
              rows=rows, notes=notes, unit_label=ts.unit_label, scale=ts.scale, decimals=ts.decimals)
    if spec.dated and year:
        t.meta["year_label"] = f"（{year} 年度）"
    t.meta.update(meta)
    return ts.dress(t, dept, tree.units)


def code_header(codes: tuple[str, ...], money: tuple[str, ...], group: str = ""):
    """Header of the 科目编码 tables: 项 目 | [group over] money columns / 科目编码 | 单位代码 |
    单位名称（科目） / 类 款 [项]. Returns (header rows, merges)."""
    n, m = len(codes), len(money)
    width = n + 2 + m
    r0, r1, r2 = [""] * width, [""] * width, [""] * width
    r0[0], r1[0], r1[n], r1[n + 1] = "项 目", "科目编码", "单位代码", "单位名称（科目）"
    r2[:n] = codes
    merges = [(0, 0, 0, n + 1), (1, 0, 1, n - 1), (1, n, 2, n), (1, n + 1, 2, n + 1)]
    if group:
        r0[n + 2] = group
        merges.append((0, n + 2, 0, width - 1))
        for j, text in enumerate(money):
            r1[n + 2 + j] = text
            merges.append((1, n + 2 + j, 2, n + 2 + j))
    else:
        for j, text in enumerate(money):
            r0[n + 2 + j] = text
            merges.append((0, n + 2 + j, 2, n + 2 + j))
    return (tuple(r0), tuple(r1), tuple(r2)), tuple(merges)


def grouped(tree: Tree, by: tuple[str, ...], measures: tuple[dict, ...], **scope) -> dict[tuple, list]:
    """{key: [amount per measure]}; keys sorted."""
    return tree.group_many(by, measures, **scope)


def sums(values, width: int) -> list:
    """Column totals of rows of `width` amounts (ZERO for no rows)."""
    columns = list(zip(*values, strict=True))
    return [sum(c, ZERO) for c in columns] if columns else [ZERO] * width


def head_rows(width: int, name_col: int, amounts: list) -> list[Row]:
    """The 合计 row and the department row (blank name, as the seed prints it)."""
    pad = (None,) * name_col
    money = tuple(blank(x) for x in amounts)
    total = Row(pad + (TOTAL_LABEL,) + money, TOTAL, ("total",))
    dept = Row(pad + (None,) + money, DEPT, ("dept",))
    return [total, dept]


def money_row(prefix: tuple, amounts: list, level: str, key: tuple) -> Row:
    return Row(tuple(prefix) + tuple([None if x == 0 else x for x in amounts]), level, key)  # blank()


def empty_rows(width: int, name_col: int) -> list[Row]:
    """An empty table keeps its 合计 row (blank amounts)."""
    return [Row((None,) * name_col + (TOTAL_LABEL,) + (None,) * (width - name_col - 1),
                TOTAL, ("total",))]


def units_in(tree: Tree, codes) -> list[tuple[str, str]]:
    """(code, name) of the units having figures, by code; a code missing from the unit list
    still gets its block (so the blocks always add up to the department)."""
    names = {u.code: u.name for u in tree.units}
    return [(c, names.get(c) or f"（未登记单位 {c}）") for c in sorted(set(codes))]


def unit_heads(tree: Tree, cells: dict[tuple, list], width: int):
    """For each unit with figures, by code: (code, {code: amounts}, the unit's block row), from
    cells grouped by (unit, code)."""
    units = by_unit(cells)
    for code, name in units_in(tree, units):
        mine = units[code]
        if mine:
            yield code, mine, money_row((None,) * 4 + (name,), sums(mine.values(), width), UNIT, ("unit", code))


def by_unit(cells: dict[tuple, list]) -> dict[str, dict]:
    """{(unit, code): amounts} → {unit: {code: amounts}} (one pass, keeps the code order)."""
    out: dict[str, dict] = defaultdict(dict)
    for (unit, code), v in cells.items():
        out[unit][code] = v
    return out
