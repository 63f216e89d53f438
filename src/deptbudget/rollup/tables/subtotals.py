"""Row structure SUBTOTALS (上海): 合计, then every 类, 款 and 项 with its code and name, each 类
and 款 the subtotal of the rows under it — one list for the publisher, not by unit.

Codes print whole in one column (208, 20805, 2080505), names beside them. For 经济分类 the levels
are 类 (301) and 款 (30101). Row keys: ("total",), ("class", 类), ("kuan", 款), ("func", 项) for
功能分类; ("econ_class", 类), ("econ", 款) for 经济分类.
"""

from __future__ import annotations

from ...core.table import CLASS, DETAIL, KUAN, TOTAL, Col, Row
from ...tablesets import TableDef, TableSet
from ..names import Names
from ..tree import Tree
from .columns import grouped_columns
from .common import TOTAL_LABEL, blank, make_table, sums

SH_CODE = Col("code", 12)
SH_NAME = Col("text", 34)
SH_MONEY = Col("money", 17)  # 元 with two decimals: 999,999,999.00 fits
NO_ECON = "（未填经济分类）"
LEVELS = {  # by → ((code length, level, key word), …) from the top
    ("func",): ((3, CLASS, "class"), (5, KUAN, "kuan"), (7, DETAIL, "func")),
    ("econ",): ((3, CLASS, "econ_class"), (5, DETAIL, "econ")),
}


def subtotal_header(heading: str, columns: tuple[str, ...], group: str = ""):
    """(header rows, merges): 「功能分类科目」 over 科目编码 | 科目名称, then the money columns (under
    `group` when there is one)."""
    n = len(columns)
    if group:
        return (((heading, "", group) + ("",) * (n - 1)), ("科目编码", "科目名称") + tuple(columns)), \
            ((0, 0, 0, 1), (0, 2, 0, 1 + n))
    merges = ((0, 0, 0, 1),) + tuple((0, 2 + j, 1, 2 + j) for j in range(n))
    return ((heading, "") + tuple(columns), ("科目编码", "科目名称") + ("",) * n), merges


def subtotal_rows(tree: Tree, by: tuple[str, ...], columns, **scope) -> list[Row]:
    cells = {k[0]: v for k, v in grouped_columns(tree, by, columns, **scope).items()}
    width = len(columns)
    names = Names(tree)
    name_of = names.func if by == ("func",) else names.econ
    levels = LEVELS[by]
    rows = [Row((None, TOTAL_LABEL) + tuple(blank(x) for x in sums(cells.values(), width)), TOTAL, ("total",))]
    seen: set = set()
    for code in sorted(c for c in cells if c):
        for n, level, word in levels:
            part = code[:n] if n < levels[-1][0] else code
            if (word, part) in seen:
                continue
            seen.add((word, part))
            amounts = sums((v for c, v in cells.items() if c and c.startswith(part)), width) \
                if part != code else cells[code]
            rows.append(Row((part, name_of(part)) + tuple(blank(x) for x in amounts), level, (word, part)))
    if "" in cells:
        rows.append(Row((None, NO_ECON) + tuple(blank(x) for x in cells[""]), DETAIL, (levels[-1][2], "")))
    return rows


def subtotal_table(tree: Tree, d: TableDef, ts: TableSet, by: tuple[str, ...], heading: str, **scope):
    header, merges = subtotal_header(heading, d.columns, d.group)
    if d.fund:
        scope["fund"] = d.fund
    rows = subtotal_rows(tree, by, d.columns, **scope)
    cols = (SH_CODE, SH_NAME) + (SH_MONEY,) * len(d.columns)
    return make_table(d.key, tree, header, merges, cols, rows, ts=ts)
