"""表3-3 一般公共预算“三公”经费支出预算表 and 表4-1 政府性基金预算“三公”经费支出预算表, plus the
figures the 三公 explanation of the 情况说明 needs.

The amounts come from the tree's economic lines: 30212 因公出国（境）费用, 30913/31013 公务用车购置费,
30231 公务用车运行维护费, 30217 公务接待费 (reference.codes.SANGONG), split by fund.
Rows by the definition (tablesets.TableDef.rows): UNITS as in the seed — 合计, the department
row (blank name), every unit, even one without 三公; TOTAL_ONLY (上海) — one row for the publisher,
with 机关运行经费 beside the 三公 when the definition lists it: the 一般公共预算 基本支出 公用经费
of the 行政 and 参公 units (UnitKind.runs_agency), from the same tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..core.model import Budget, SpendKind
from ..core.money import share
from ..core.table import DEPT, TOTAL, UNIT, Col, Row, Table
from ..reference.codes import SANGONG, sangong_item
from ..rollup.measures import SANGONG_FUNDS
from ..rollup.tree import ZERO, Tree
from ..tablesets import DEFAULT, TOTAL_ONLY
from .common import all_units, blank, make_table, prior

ABROAD, CAR_BUY, CAR_RUN, RECEPTION = SANGONG  # item names, in the table's column order
ITEMS = (ABROAD, CAR_BUY, CAR_RUN, RECEPTION)

HEADER = (
    ("单位编码", "单位名称（科目）", "当年财政拨款预算安排", "", "", "", "", ""),
    ("", "", "合计", "因公出国（境）费用", "公务用车购置及运行费", "", "", "公务接待费"),
    ("", "", "", "", "小计", "公务用车购置费", "公务用车运行费", ""),
)
MERGES = ((0, 0, 2, 0), (0, 1, 2, 1), (0, 2, 0, 7), (1, 2, 2, 2), (1, 3, 2, 3), (1, 4, 1, 6),
          (1, 7, 2, 7))
COLS = (Col("code", 10), Col("text", 34)) + (Col("money", 12),) * 6


def amounts_by_unit(tree: Tree, fund: str) -> dict[str, dict[str, Decimal]]:
    """{unit: {item: amount}} of the 三公 economic lines paid from `fund` (general/fund/soe)."""
    out: dict[str, dict[str, Decimal]] = {}
    for (unit, econ), v in tree.group(("unit", "econ"), fund=fund).items():
        item = sangong_item(econ)
        if item:
            cell = out.setdefault(unit, dict.fromkeys(ITEMS, ZERO))
            cell[item] += v
    return out


def row_amounts(items: dict[str, Decimal]) -> list[Decimal]:
    """合计, 出国, 车辆小计, 购置, 运行, 接待."""
    car = items[CAR_BUY] + items[CAR_RUN]
    return [sum(items.values(), ZERO), items[ABROAD], car, items[CAR_BUY], items[CAR_RUN],
            items[RECEPTION]]


def sangong_table(tree: Tree, d, ts) -> Table:
    by_unit = amounts_by_unit(tree, d.fund)
    total = dict.fromkeys(ITEMS, ZERO)
    for items in by_unit.values():
        for k, v in items.items():
            total[k] += v
    if d.rows == TOTAL_ONLY:
        return _total_table(tree, d, ts, total)
    money = tuple(blank(x) for x in row_amounts(total))
    rows = [Row((None, "合 计") + money, TOTAL, ("total",)),
            Row((None, None) + money, DEPT, ("dept",))]
    for code, name in all_units(tree, by_unit):
        items = by_unit.get(code, dict.fromkeys(ITEMS, ZERO))
        rows.append(Row((code, name) + tuple(blank(x) for x in row_amounts(items)), UNIT,
                        ("unit", code)))
    return make_table(d.key, tree, HEADER, MERGES, COLS, rows, ts=ts)


def table_3_3(tree: Tree) -> Table:
    """表3-3 of the default set (一般公共预算 三公)."""
    return sangong_table(tree, DEFAULT.table("t3_3"), DEFAULT)


def table_4_1(tree: Tree) -> Table:
    """表4-1 of the default set (政府性基金 三公)."""
    return sangong_table(tree, DEFAULT.table("t4_1"), DEFAULT)


AGENCY = "机关运行经费"
SH_HEADER = (
    ("“三公”经费", "", "", "", "", "", AGENCY),
    ("合计", "因公出国（境）费", "公务用车购置及运行费", "", "", "公务接待费", ""),
    ("", "", "小计", "购置费", "运行费", "", ""),
)
SH_MERGES = ((0, 0, 0, 5), (0, 6, 2, 6), (1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 1, 4), (1, 5, 2, 5))


def agency_costs(tree: Tree) -> Decimal:
    """机关运行经费: the 一般公共预算 基本支出 公用经费 of the 行政 and 参公 units."""
    units = frozenset(u.code for u in tree.units if u.kind is not None and u.kind.runs_agency)
    return tree.total(unit=units, fund="general", kind=SpendKind.PUBLIC) if units else ZERO


def _total_table(tree: Tree, d, ts, total: dict) -> Table:
    """One row: the 三公 of the publisher and, when the definition lists it, 机关运行经费."""
    agency = AGENCY in d.columns
    width = 6 + agency
    values = tuple(blank(x) for x in row_amounts(total)) + ((blank(agency_costs(tree)),) if agency else ())
    header = tuple(row[:width] for row in SH_HEADER)
    merges = SH_MERGES if agency else SH_MERGES[:1] + SH_MERGES[2:]
    cols = (Col("money", 15),) * width
    rows = [Row(values, TOTAL, ("total",))]
    return make_table(d.key, tree, header, merges, cols, rows, ts=ts)


# -- figures for the 情况说明 ------------------------------------------------------

@dataclass(frozen=True)
class ItemChange:
    item: str
    amount: Decimal
    prior: Decimal | None  # None: no prior-year figure given

    @property
    def change(self) -> Decimal | None:
        return None if self.prior is None else self.amount - self.prior

    @property
    def percent(self) -> Decimal | None:
        """Change as a percentage of the prior year (None when there is no prior or it is 0)."""
        return None if self.prior is None else share(self.amount - self.prior, self.prior)


@dataclass(frozen=True)
class SangongFigures:
    total: Decimal  # 财政拨款 三公 (一般公共预算 + 政府性基金)
    items: tuple[ItemChange, ...]
    vehicles: int | None  # 公务用车 count of all units (None when no unit says)
    dedicated: int | None  # 定向保障用车 (基本信息)

    def item(self, name: str) -> ItemChange:
        return next(i for i in self.items if i.item == name)

    @property
    def prior_total(self) -> Decimal | None:
        known = [i.prior for i in self.items if i.prior is not None]
        return sum(known, ZERO) if len(known) == len(self.items) else None


def figures(tree: Tree) -> SangongFigures:
    amounts = dict.fromkeys(ITEMS, ZERO)
    for fund in SANGONG_FUNDS:  # the 情况说明 figure: 表3-3 + 表4-1, as the rules read it
        for items in amounts_by_unit(tree, fund).values():
            for k, v in items.items():
                amounts[k] += v
    budget: Budget = tree.budget
    changes = tuple(ItemChange(k, amounts[k], prior(budget, k)) for k in ITEMS)
    counts = [u.vehicles for u in tree.units if u.vehicles is not None]
    return SangongFigures(sum(amounts.values(), ZERO), changes,
                          sum(counts) if counts else None, _int_fact(budget, "vehicles_dedicated"))


def _int_fact(budget: Budget, key: str) -> int | None:
    value = budget.facts.get(key)
    try:
        return int(Decimal(str(value).strip())) if value not in (None, "") else None
    except ArithmeticError:
        return None
