"""What the published income items and 三公 figures mean: one definition that 表1/表2, the drafted
情况说明 and the narrative rules all read.

表1 lists six current income items and one 上年结转 line for every kind of carried-over money;
表2 lists the three 财政拨款 items and the 财政拨款 上年结转. So 「一般公共预算拨款收入」 is the current
year's money only — 上年结转（一般公共预算） is part of 「上年结转」, never of 一般公共预算拨款收入.
"""

from __future__ import annotations

from decimal import Decimal

from ..core.model import Source
from .tree import ZERO, Tree

CURRENT = (Source.GENERAL, Source.FUND, Source.SOE, Source.BUSINESS, Source.OPERATING, Source.OTHER)
FISCAL_CURRENT = CURRENT[:3]
CARRY = frozenset(s for s in Source if s.is_carryover)
FISCAL_CARRY = (Source.CARRY_GENERAL, Source.CARRY_FUND, Source.CARRY_SOE)
CARRY_LABEL = "上年结转"

# 三公 figures of the 情况说明 are those of 表3-3 (一般公共预算) and 表4-1 (政府性基金).
SANGONG_FUNDS = ("general", "fund")
SANGONG_SOURCES = frozenset(s for s in Source if s.fund_type in SANGONG_FUNDS)


def carried(tree: Tree, fiscal: bool = False) -> Decimal:
    """上年结转 as 表1 (all carried-over money) or 表2 (财政拨款 only, fiscal=True) shows it."""
    return sum((tree.income_total(source=s) for s in (FISCAL_CARRY if fiscal else CARRY)), ZERO)


def income_items(tree: Tree, fiscal: bool = False) -> list[tuple[str, Decimal]]:
    """(label, amount) of the income items 表1 (or 表2 with fiscal=True) prints, in its order:
    the current items, then 上年结转."""
    current = FISCAL_CURRENT if fiscal else CURRENT
    return [(s.value, tree.income_total(source=s)) for s in current] + [(CARRY_LABEL, carried(tree, fiscal))]
