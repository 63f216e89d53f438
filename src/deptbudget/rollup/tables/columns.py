"""Money columns by meaning: the measure each column name of a table set stands for.

A TableDef names its money columns (「合计」, 「基本支出」 …); each name is a filter on the tree's
cells (rollup.tree.matches). A column the model has no spending for (上缴上级支出, 经营支出,
对附属单位补助支出: the input model does not record them) is EMPTY: shown blank, never invented.
"""

from __future__ import annotations

from ...core.model import Source, SpendKind
from ..tree import ZERO, Tree

EMPTY = None
FISCAL_CURRENT = frozenset({Source.GENERAL, Source.FUND, Source.SOE})

MEASURES: dict[str, dict | None] = {
    "合计": {},
    "基本支出": {"basic": True},
    "项目支出": {"basic": False},
    "人员经费": {"kind": SpendKind.PERSONNEL},
    "公用经费": {"kind": SpendKind.PUBLIC},
    "当年财政拨款安排": {"carry": False},
    "上年结转安排": {"carry": True},
    # 收入 by 功能分类: what each line is paid from (收 = 支 by source in a budget)
    "财政拨款收入": {"source": FISCAL_CURRENT},
    "事业收入": {"source": Source.BUSINESS},
    "事业单位经营收入": {"source": Source.OPERATING},
    "其他收入": {"source": Source.OTHER},
    "上年结转": {"carry": True},
    # by fund
    "一般公共预算": {"fund": "general"},
    "政府性基金": {"fund": "fund"},
    "国有资本经营预算": {"fund": "soe"},
    # spending the input model does not record
    "上缴上级支出": EMPTY,
    "经营支出": EMPTY,
    "对附属单位补助支出": EMPTY,
}


def measures(names) -> tuple[dict | None, ...]:
    """The filters of the named columns; an unknown name is a definition error."""
    try:
        return tuple(MEASURES[n] for n in names)
    except KeyError as exc:
        raise ValueError(f"公开表样式定义了未知的金额栏「{exc.args[0]}」") from None


def grouped_columns(tree: Tree, by: tuple[str, ...], names, **scope) -> dict[tuple, list]:
    """{key: [amount per named column]} (ZERO in an EMPTY column), keys sorted."""
    wanted = measures(names)
    real = tuple(m for m in wanted if m is not EMPTY)
    cells = tree.group_many(by, real, **scope) if real else {}
    if len(real) == len(wanted):
        return cells
    out = {}
    for key, amounts in cells.items():
        it = iter(amounts)
        out[key] = [ZERO if m is EMPTY else next(it) for m in wanted]
    return out
