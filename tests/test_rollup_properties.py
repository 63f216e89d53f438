"""Invariants of the roll-up tables over random unit sets (hypothesis)."""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deptbudget.core.model import Budget, Department, ExpenseLine, Income, Project, Source, SpendKind, Unit
from deptbudget.core.table import CLASS, DEPT, DETAIL, KUAN, NOTE, TOTAL, UNIT
from deptbudget.rollup.tables import build_tables
from deptbudget.rollup.tree import build_tree

ZERO = Decimal(0)
FUNCS = ("2080101", "2080102", "2080505", "2101101", "2130101", "2210201")
BASIC_ECON = {"30101": SpendKind.PERSONNEL, "30108": SpendKind.PERSONNEL, "30305": SpendKind.PERSONNEL,
              "30201": SpendKind.PUBLIC, "30217": SpendKind.PUBLIC, "31002": SpendKind.PUBLIC}
PROJECT_ECON = ("", "30201", "30227")
PROJECTS = ("甲项目", "乙项目", "丙项目")
DEPARTMENT = Department("139", "测试部门", 2024, "DB-1.0")
amounts = st.decimals(min_value=0, max_value=100000, places=6, allow_nan=False, allow_infinity=False)


@st.composite
def line(draw, unit: str) -> ExpenseLine:
    func = draw(st.sampled_from(FUNCS))
    source = draw(st.sampled_from(list(Source)))
    if draw(st.booleans()):
        econ = draw(st.sampled_from(sorted(BASIC_ECON)))
        return ExpenseLine(unit, func, econ, BASIC_ECON[econ], source, draw(amounts))
    return ExpenseLine(unit, func, draw(st.sampled_from(PROJECT_ECON)), SpendKind.PROJECT, source,
                       draw(amounts), project=draw(st.sampled_from(PROJECTS)))


@st.composite
def budgets(draw) -> Budget:
    codes = draw(st.lists(st.sampled_from([f"139{i:03d}" for i in range(1, 8)]), min_size=1,
                          max_size=5, unique=True))
    units = tuple(Unit(c, f"单位{c}", None) for c in codes)
    lines = tuple(l for c in codes for l in draw(st.lists(line(c), max_size=8)))
    incomes = tuple(Income(c, draw(st.sampled_from(list(Source))), draw(amounts))
                    for c in codes for _ in range(draw(st.integers(0, 3))))
    projects = tuple(Project(c, p, FUNCS[0], None, ZERO, Source.GENERAL) for c in codes for p in PROJECTS)
    return Budget(DEPARTMENT, units, incomes, lines, projects)


def money(row, table) -> list:
    return [v or ZERO for v, c in zip(row.values, table.cols, strict=False) if c.kind == "money"]


def add(a, b):
    return [x + y for x, y in zip(a, b, strict=False)]


def check_blocks(table, units_are_leaves: bool = False) -> None:
    """合计 = department row = Σ unit rows; each unit row = Σ its detail rows; each 类/项 subtotal
    row = Σ the detail rows under it."""
    rows = table.rows
    if len(rows) == 1:
        assert rows[0].level == TOTAL and not any(money(rows[0], table))
        return
    total, dept = rows[0], rows[1]
    assert (total.level, dept.level) == (TOTAL, DEPT)
    assert money(total, table) == money(dept, table)
    width = len(money(total, table))
    unit_row, unit_sum, sub, sub_sum = None, None, None, None
    acc_units = [ZERO] * width
    for row in rows[2:] + (None,):
        if row is None or row.level in (UNIT, CLASS, KUAN, NOTE):
            if sub is not None:
                assert money(sub, table) == sub_sum, sub.key
                sub = None
        if row is None or row.level == UNIT:
            if unit_sum is not None and not units_are_leaves:
                assert money(unit_row, table) == unit_sum, unit_row.key
            if row is None:
                break
            unit_row, unit_sum = row, [ZERO] * width
            acc_units = add(acc_units, money(row, table))
        elif row.level in (CLASS, KUAN):
            sub, sub_sum = row, [ZERO] * width
        else:
            assert row.level in (DETAIL, NOTE)
            unit_sum = add(unit_sum, money(row, table))
            if sub is not None:
                sub_sum = add(sub_sum, money(row, table))
    assert acc_units == money(dept, table)


def oracle(budget: Budget, pred) -> Decimal:
    return sum((l.amount for l in budget.lines if pred(l)), ZERO)


settings.register_profile("rollup", max_examples=60, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("rollup")


@given(budgets())
def test_department_total_is_the_sum_over_units(budget):
    tables = build_tables(build_tree(budget))
    check_blocks(tables["t1_1"], units_are_leaves=True)
    for key in ("t1_2", "t2_1", "t3", "t3_1", "t3_2", "t4", "t5"):
        check_blocks(tables[key])
    general = lambda l: l.source.fund_type == "general"  # noqa: E731
    assert money(tables["t1_2"].rows[0], tables["t1_2"])[0] == oracle(budget, lambda l: True)
    assert money(tables["t3"].rows[0], tables["t3"])[0] == oracle(budget, general)
    assert money(tables["t3_1"].rows[0], tables["t3_1"])[0] == oracle(
        budget, lambda l: general(l) and l.kind.is_basic)
    assert money(tables["t3_2"].rows[0], tables["t3_2"])[0] == oracle(
        budget, lambda l: general(l) and not l.kind.is_basic)
    assert money(tables["t2_1"].rows[0], tables["t2_1"])[0] == oracle(budget, lambda l: l.source.is_fiscal)
    t1 = tables["t1"]
    classes = sum((r.values[3] or ZERO for r in t1.rows if r.key[0] == "class"), ZERO)
    assert classes == (t1.find("year_total").values[3] or ZERO) == oracle(budget, lambda l: True)
    t2 = tables["t2"]
    assert sum((r.values[3] or ZERO for r in t2.rows[1:]), ZERO) == (t2.rows[0].values[3] or ZERO)


@given(budgets(), st.randoms(use_true_random=False))
def test_independent_of_unit_and_line_order(budget, rnd: random.Random):
    shuffled = replace(budget, units=tuple(rnd.sample(budget.units, len(budget.units))),
                       lines=tuple(rnd.sample(budget.lines, len(budget.lines))),
                       incomes=tuple(rnd.sample(budget.incomes, len(budget.incomes))))
    assert build_tables(build_tree(shuffled)) == build_tables(build_tree(budget))


@given(budgets(), st.data())
def test_splitting_a_line_changes_nothing(budget, data):
    if not budget.lines:
        return
    i = data.draw(st.integers(0, len(budget.lines) - 1))
    old = budget.lines[i]
    part = data.draw(st.decimals(min_value=0, max_value=old.amount, places=6))
    split = (replace(old, amount=part), replace(old, amount=old.amount - part))
    changed = replace(budget, lines=budget.lines[:i] + split + budget.lines[i + 1:])
    assert build_tables(build_tree(changed)) == build_tables(build_tree(budget))


@given(budgets())
def test_income_equals_spending_when_inputs_balance(budget):
    incomes = {}
    for l in budget.lines:
        incomes[(l.unit, l.source)] = incomes.get((l.unit, l.source), ZERO) + l.amount
    balanced = replace(budget, incomes=tuple(Income(u, s, a) for (u, s), a in incomes.items()))
    tables = build_tables(build_tree(balanced))
    grand = tables["t1"].find("grand_total").values
    assert grand[1] == grand[3]
    t2 = tables["t2"]
    current, carry = t2.rows[0].values[1] or ZERO, t2.rows[4].values[1] or ZERO
    assert current + carry == (t2.rows[0].values[3] or ZERO)
    t1_1 = tables["t1_1"]
    assert (t1_1.rows[0].values[5] or ZERO) == (tables["t1_2"].rows[0].values[5] or ZERO)
