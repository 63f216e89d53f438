"""The department's prior year (上年数), item by item, from its units' figures.

A department's prior-year figure of an item is the sum of its units' figures. A figure the
department typed itself (a 上年数 row without a unit code in a department workbook) stands instead
of the sum. When some units gave a figure and others did not, there is no department figure: a
比上年 change computed from a partial sum would be wrong (rules.prior names the units).
One level up (district) each department is a unit whose figure is the department's.
The same holds for the figures of one 功能分类 科目 and for 上年执行数 (PriorYear.func_code, .executed):
the items below are the whole-item 上年预算数; prior_detail gives the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from ..core.model import Budget, CellRef, PriorYear

ZERO = Decimal(0)


@dataclass(frozen=True)
class PriorItem:
    item: str
    units: dict[str, Decimal] = field(default_factory=dict)  # unit → its figure, units that gave one
    missing: tuple[str, ...] = ()  # units that gave none while others did
    own: Decimal | None = None  # the department's own figure
    own_ref: CellRef | None = None
    unit_ref: CellRef | None = None  # the first unit row (by unit code)

    @property
    def units_sum(self) -> Decimal | None:
        """The units' figures summed; None when no unit gave one or some lack it."""
        return sum(self.units.values(), ZERO) if self.units and not self.missing else None

    @property
    def amount(self) -> Decimal | None:
        """The department's figure: its own, else the complete sum of its units'."""
        return self.own if self.own is not None else self.units_sum

    @property
    def ref(self) -> CellRef | None:
        return self.own_ref or self.unit_ref


# 机关运行经费 is the 行政/参公 units' (a 事业单位 has none), so only they need to give it.
AGENCY_ONLY = frozenset({"机关运行经费"})


def prior_items(budget: Budget) -> dict[str, PriorItem]:
    """Every item of 上年数 (its whole 上年预算数), in the order first given; only rows of the
    budget's units count."""
    return _items(budget, [p for p in budget.prior if not p.func_code and not p.executed])


def prior_detail(budget: Budget, executed: bool = False) -> dict[tuple[str, str], PriorItem]:
    """(item, 功能分类 code) → its PriorItem: the rows given per 科目 (code '': the whole item), of
    上年执行数 when `executed`. A department's figure is its own, else the units' sum; for one 科目 a
    unit without a row has none of it (0), for a whole item it is missing as in prior_items."""
    groups: dict[tuple[str, str], list[PriorYear]] = {}
    for p in budget.prior:
        if p.executed == executed and (p.func_code or executed):
            groups.setdefault((p.item, p.func_code), []).append(p)
    out = {}
    for (item, code), rows in sorted(groups.items()):
        found = _items(budget, rows).get(item)
        if found is not None:
            out[(item, code)] = replace(found, missing=()) if code else found
    return out


def _items(budget: Budget, prior) -> dict[str, PriorItem]:
    known = {u.code for u in budget.units}
    agency = {u.code for u in budget.units if u.kind is None or u.kind.runs_agency}
    own: dict[str, list[PriorYear]] = {}
    by_unit: dict[str, dict[str, list[PriorYear]]] = {}
    for p in prior:
        if p.unit == "":
            own.setdefault(p.item, []).append(p)
            by_unit.setdefault(p.item, {})
        elif p.unit in known:
            by_unit.setdefault(p.item, {}).setdefault(p.unit, []).append(p)
    out = {}
    for item, rows in by_unit.items():
        units = {u: sum((p.amount for p in rows[u]), ZERO) for u in sorted(rows)}
        expected = agency if item in AGENCY_ONLY else known
        missing = tuple(c for c in sorted(expected) if c not in units) if units else ()
        mine = own.get(item)
        first = rows[min(rows)][0].ref if rows else None
        out[item] = PriorItem(item, units, missing, sum((p.amount for p in mine), ZERO) if mine else None,
                              mine[0].ref if mine else None, first)
    return out


def department_prior(budget: Budget, item: str) -> Decimal | None:
    found = prior_items(budget).get(item)
    return None if found is None else found.amount


def department_priors(budget: Budget) -> dict[str, Decimal]:
    """item → the department's figure, for the items that have one."""
    return {k: v.amount for k, v in prior_items(budget).items() if v.amount is not None}


def unit_prior(budget: Budget, item: str, unit: str) -> Decimal | None:
    found = [p.amount for p in budget.prior
             if p.item == item and p.unit == unit and not p.func_code and not p.executed]
    return sum(found, ZERO) if found else None


def as_unit_prior(budget: Budget, code: str) -> tuple[PriorYear, ...]:
    """A department's figures as the rows of one unit `code` (the district level): whole items,
    per 科目 and 上年执行数."""
    nowhere = CellRef("", "", "")
    whole = tuple(PriorYear(code, k, v.amount, v.ref or nowhere)
                  for k, v in prior_items(budget).items() if v.amount is not None)
    return whole + tuple(PriorYear(code, item, v.amount, v.ref or nowhere, func, executed)
                         for executed in (False, True)
                         for (item, func), v in prior_detail(budget, executed).items() if v.amount is not None)
