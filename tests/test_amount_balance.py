"""AMT-26: a unit's income and spending differ by exactly what one line typed in the wrong unit (元 in a
万元 workbook, 万元 in a 元 workbook) makes — found whatever the number of lines or their size.

The workbook is test_rules_cases' base: unit 139001, income 110 (收入 C4), 基本支出 60 / 16 / 4 (H4–H6),
project 「2024年测试项目」 30 (项目支出 I4) with its cost 「≤ 30 万元」; the figures below are by hand."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from test_rules_cases import PROJECT, _in_yuan, addrow, base_grid, run_grid, setc, seti

from deptbudget.core.model import Budget, Department, ExpenseLine, Income, Source, SpendKind, Unit
from deptbudget.rules import validate
from deptbudget.rules.settings import Settings

INC, B, P = "收入", "基本支出", "项目支出"


def amt26(grid):
    return [(f.ref.sheet, f.ref.cell, f.params["fixed"]) for f in run_grid(grid) if f.code == "AMT-26"]


def only_the_project(grid, entered: float, income: float = 30.0):
    """No 基本支出 (the three rows emptied), the project alone, its cost a rate (no AMT-25), its 年度目标
    without an amount (no AMT-21)."""
    for i in range(3):
        for key in ("unit", "func_code", "econ_code", "source", "amount"):
            setc(grid, B, i, key, None)
    seti(grid, "测试项目预算控制数", "measure", "%")
    seti(grid, "测试项目预算控制数", "value", "100")
    setc(grid, INC, 0, "amount", income)
    setc(grid, P, 0, "goal", "用于测试")
    return setc(grid, P, 0, "amount", entered)


def test_a_unit_whose_only_line_is_a_project_in_yuan():
    """Income 30, the project typed 300,000 (元): 300,000 / 10,000 = 30 = income. AMT-20 needs three
    lines and does not see it."""
    g = only_the_project(base_grid(), 300000.0)
    found = run_grid(g)
    assert [(f.code, f.ref.sheet, f.ref.cell) for f in found if f.code.startswith("AMT")] == [("AMT-26", P, "I4")]
    assert amt26(g) == [(P, "I4", "30.00")]


def test_the_right_figure_passes():
    assert amt26(only_the_project(base_grid(), 30.0)) == []


def test_a_basic_line_in_yuan():
    """办公费 160,000 (元): spending 60 + 160,000 + 4 + 30 = 160,094; with 16 it is 110 = income."""
    assert amt26(setc(base_grid(), B, 1, "amount", 160000.0)) == [(B, "H5", "16.00")]


def test_income_typed_in_yuan():
    """收入 1,100,000 against spending 110: the income row is the slip."""
    assert amt26(setc(base_grid(), INC, 0, "amount", 1100000.0)) == [(INC, "C4", "110.00")]


def test_income_short_by_a_line_is_not_a_unit_slip():
    """Income 80 = spending 110 less the project's 30: one income row missing, not a line ×10,000."""
    assert amt26(setc(base_grid(), INC, 0, "amount", 80.0)) == []


def test_a_difference_that_is_no_ten_thousand_fold():
    """Income 110, 办公费 16 typed 1,600 (×100): 1,600 / 10,000 = 0.16 gives 94.16 ≠ 110."""
    assert amt26(setc(base_grid(), B, 1, "amount", 1600.0)) == []


def test_wan_typed_into_a_yuan_workbook():
    """金额单位 元: 600,000 / 160,000 / 40,000 and income 1,100,000 元, the project typed 30 (its 万元
    figure): 30 元 = 0.003 万元; as 万元 it is 30 and the unit balances at 110 万元."""
    g = _in_yuan(base_grid(), 160000.0)
    setc(g, P, 0, "amount", 30.0)
    assert amt26(g) == [(P, "I4", "30.00")]
    assert amt26(_in_yuan(base_grid(), 160000.0)) == []


def test_a_project_of_two_rows_typed_in_yuan():
    """The project split 20 + 10 (rows 4 and 5), both typed in 元: 200,000 + 100,000. No single row
    explains the gap (80 + 20 + 100,000 ≠ 110); the project as a whole does (80 + 30 = 110), reported
    on its first row."""
    g = setc(base_grid(), P, 0, "amount", 200000.0)
    addrow(g, P, {"unit": "139001", "project": PROJECT, "category": "特定目标类", "func_code": "2080102",
                  "source": "一般公共预算拨款收入", "amount": 100000.0})
    found = [f for f in run_grid(g) if f.code == "AMT-26"]
    assert [(f.ref.sheet, f.ref.cell, f.params["fixed"]) for f in found] == [(P, "I4", "30.00")]
    assert "2 行" in found[0].params["what"]


def test_a_large_balanced_unit_is_not_flagged():
    """A 257,000 万元 fund project with income to match: balanced, nothing to report."""
    g = setc(base_grid(), P, 0, "amount", 257000.0)
    assert amt26(setc(g, INC, 0, "amount", 257080.0)) == []


# ------------------------------------------------------------------ properties (models, no workbook)

UNIT = "901001"
LINES = st.lists(st.integers(1, 10 ** 9).map(lambda c: D(c) / 100), min_size=1, max_size=30)


def unit_budget(amounts: list[D], income: D) -> Budget:
    lines = tuple(ExpenseLine(UNIT, "2010301", "30201", SpendKind.PUBLIC, Source.GENERAL, a) for a in amounts)
    return Budget(Department("901", "测试局", 2025), (Unit(UNIT, "测试单位", None),),
                  (Income(UNIT, Source.GENERAL, income),), lines, facts={"money_unit": "万元"})


def amt26_findings(b: Budget) -> list:
    return validate(b, settings=Settings(select=frozenset({"AMT-26"})))


@settings(max_examples=60, deadline=None)
@given(LINES, st.data())
def test_a_planted_yuan_line_is_found_and_only_it(amounts, data):
    """Any unit that balances is clean; the same unit with one line ×10,000 (income untouched) gets
    AMT-26 on that line, with the line's own figure as the corrected one — unless the line is so small
    (within twice the rounding of the unit's figures) that income missing it would look the same."""
    income = sum(amounts, D(0))
    assert amt26_findings(unit_budget(amounts, income)) == []
    i = data.draw(st.integers(0, len(amounts) - 1))
    # a line no larger than the rounding of the unit's figures cannot be told from one missing in the income
    assume(amounts[i] > D("0.01") * (len(amounts) + 2))
    slipped = amounts[:i] + [amounts[i] * 10000] + amounts[i + 1:]
    found = amt26_findings(unit_budget(slipped, income))
    assert [(f.params["amount"], f.params["fixed"]) for f in found] == \
        [(f"{amounts[i] * 10000:.2f}", f"{amounts[i]:.2f}")]
