"""AMT-25: a project's amount held against its own 成本指标 and 项目总额 — a slip between 元 and 万元 is
found by the ratio (ten thousand, within the written rounding), never by the size of the amount.

The workbook is test_rules_cases' base: unit 139001, project 「2024年测试项目」 (项目支出 row 4, amount
in column I, 项目总额 in column L), its cost indicator 「测试项目预算控制数 ≤ 30 万元」 on 项目绩效目标
row 7 (value in column G); the amounts and ratios below are worked out by hand."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st
from test_rules_cases import PROJECT, _in_yuan, addrow, base_grid, run_grid, setc, seti

from deptbudget.core.model import (
    Budget,
    Department,
    ExpenseLine,
    Income,
    Indicator,
    Project,
    ProjectCategory,
    Source,
    SpendKind,
    Unit,
)
from deptbudget.rules import validate
from deptbudget.rules.settings import Settings

P, IND = "项目支出", "项目绩效目标"
COST = "测试项目预算控制数"


def amt25(grid):
    return [f for f in run_grid(grid) if f.code == "AMT-25"]


def where(findings):
    return [(f.ref.sheet, f.ref.cell, tuple((r.sheet, r.cell) for r in f.refs)) for f in findings]


def cost(grid, name, value, measure="万元", nature="≤"):
    return addrow(grid, IND, {"unit": "139001", "project": PROJECT, "level1": "成本指标", "level2": "经济成本指标",
                              "level3": name, "nature": nature, "value": value, "measure": measure, "weight": 5})


def two_costs(amount: float):
    """设备购置成本 ≤ 80 万元 and 安装调试成本 ≤ 40 万元 (rows 10, 11, after the six base rows 4–9) in place of the control figure."""
    g = setc(base_grid(), P, 0, "amount", amount)
    seti(g, COST, "level1", "产出指标")
    seti(g, COST, "level2", "数量指标")
    seti(g, COST, "measure", "个")  # no longer a cost: rows 10 and 11 are the project's costs
    cost(g, "设备购置成本", "80")
    return cost(g, "安装调试成本", "40")


def test_sum_of_cost_indicators_ten_thousand_times():
    """1,200,000 entered where the costs add to 80 + 40 = 120 万元: 1,200,000 / 10,000 = 120."""
    found = amt25(two_costs(1200000.0))
    assert where(found) == [(P, "I4", ((IND, "G10"), (IND, "G11")))]
    assert found[0].params["amount"] == "1200000.00" and found[0].params["ref"] == "120.00"
    assert found[0].params["unit"] == "万元" and found[0].params["times"] == "一万倍"


def test_the_right_amount_passes():
    assert amt25(two_costs(120.0)) == []


def test_within_the_indicators_rounding():
    """3,309,840 元 typed as is; the cost written 330.98 万元 (3,309,840 / 10,000 = 330.984 rounds to
    330.98) or 331 万元 (rounds to 331): both within the written rounding."""
    for written in ("330.98", "331", "≤331"):  # the operator copied in with the value (「≤90万元」)
        g = setc(base_grid(), P, 0, "amount", 3309840.0)
        seti(g, COST, "value", written)
        found = amt25(g)
        assert where(found) == [(P, "I4", ((IND, "G7"),))], written
        assert found[0].params["basis"].count("≤") == 1


def test_outside_the_rounding_is_not_a_slip():
    """3,400,000 against 331 万元: 340 万元 ≠ 331 (ratio 10,272); 3,312,000 against 331: 331.2, within
    331's rounding (0.5) — but 3,350,000 (335) is not."""
    g = setc(base_grid(), P, 0, "amount", 3400000.0)
    seti(g, COST, "value", "331")
    assert amt25(g) == []
    g = setc(base_grid(), P, 0, "amount", 3350000.0)
    seti(g, COST, "value", "331")
    assert amt25(g) == []


def test_a_small_round_cost_does_not_widen_to_a_range():
    """「≤ 1 万元」 on a 9,800 entry: 0.98 is within 1's rounding (0.5) but more than 1 % from it."""
    g = setc(base_grid(), P, 0, "amount", 9800.0)
    seti(g, COST, "value", "1")
    assert amt25(g) == []
    g = setc(base_grid(), P, 0, "amount", 10000.0)
    seti(g, COST, "value", "1")
    assert len(amt25(g)) == 1


def test_a_large_amount_matching_its_costs_is_not_flagged():
    """257,000 万元 (25.7 亿元) with 「预算控制数 ≤ 257000 万元」: large, but the ratio is 1."""
    g = setc(base_grid(), P, 0, "amount", 257000.0)
    seti(g, COST, "value", "257000")
    assert amt25(g) == []


def test_a_cost_per_head_is_not_the_project_cost():
    """「人均成本 ≤ 0.5 万元/人」 on a 5,000 万元 project: 5000 / 10000 = 0.5, but per head."""
    g = setc(base_grid(), P, 0, "amount", 5000.0)
    seti(g, COST, "value", "0.5")
    seti(g, COST, "measure", "万元/人")
    assert amt25(g) == []


def test_a_cost_per_head_named_so_is_not_the_project_cost():
    """「人均补助成本 = 0.5 万元」 on a 5,000 万元 project for 10,000 people: per head, though no 「/人」."""
    g = setc(base_grid(), P, 0, "amount", 5000.0)
    seti(g, COST, "level3", "人均补助成本")
    seti(g, "人均补助成本", "value", "0.5")
    assert amt25(g) == []
    seti(g, "人均补助成本", "level3", "补助成本")  # the same figure as the project's cost: 5,000 = 0.5 × 10,000
    assert len(amt25(g)) == 1


def test_cost_written_in_yuan():
    """「≤ 300000 元」 = 30 万元; the amount 300,000 in the 万元 workbook is the 元 figure."""
    g = setc(base_grid(), P, 0, "amount", 300000.0)
    seti(g, COST, "value", "300000")
    seti(g, COST, "measure", "元")
    found = amt25(g)
    assert where(found) == [(P, "I4", ((IND, "G7"),))] and found[0].params["ref"] == "30.00"


def test_project_total_ten_thousand_times_smaller():
    """No cost in money (the control figure made a rate); 项目总额 300 against an amount of 3,000,000."""
    g = setc(base_grid(), P, 0, "amount", 3000000.0)
    seti(g, COST, "measure", "%")
    seti(g, COST, "value", "100")
    setc(g, P, 0, "total", 300.0)
    found = amt25(g)
    assert where(found) == [(P, "I4", ((P, "L4"),))] and found[0].params["ref"] == "300.00"
    setc(g, P, 0, "total", 900.0)  # a three-year project of 900 万元: not 10,000 times
    assert amt25(g) == []


def test_project_total_entered_in_yuan():
    """项目总额 300,000 (元) against the amount 30 万元: the amount is a ten-thousandth of it; the
    workbook is in 万元, so it is the total that is suspected."""
    g = setc(base_grid(), P, 0, "total", 300000.0)
    found = amt25(g)
    assert where(found) == [(P, "I4", ((P, "L4"),))]
    assert found[0].params["times"] == "万分之一" and "项目总额" in found[0].params["guess"]


def test_wan_typed_into_a_yuan_workbook():
    """金额单位 元, every amount ×10000 but the project's 30 (its 万元 figure); cost ≤ 30 万元."""
    g = _in_yuan(base_grid(), 160000.0)
    setc(g, P, 0, "amount", 30.0)
    found = amt25(g)
    assert where(found) == [(P, "I4", ((IND, "G7"),))]
    assert found[0].params["unit"] == "元" and found[0].params["amount"] == "30.00"
    assert found[0].params["times"] == "万分之一" and "300000.00 元" in found[0].params["guess"]
    g = _in_yuan(base_grid(), 160000.0)  # the project at 300,000 元 = 30 万元: right
    assert amt25(g) == []


# ------------------------------------------------------------------ properties (models, no workbook)

UNIT = "901001"
AMOUNTS = st.integers(1, 10 ** 10).map(lambda cents: D(cents) / 100)


def project_budget(amount: D, inds: list[tuple[str, str, str]], total: D | None = None) -> Budget:
    """One unit, one project of `amount` 万元 with cost indicators (name, value, measure)."""
    line = ExpenseLine(UNIT, "2089999", "", SpendKind.PROJECT, Source.GENERAL, amount, "示例项目")
    p = Project(UNIT, "示例项目", "2089999", ProjectCategory.SPECIFIC, amount, Source.GENERAL, "", (line,),
                total=total)
    indicators = tuple(Indicator(UNIT, "示例项目", "成本指标", "经济成本指标", n, "≤", v, m, None)
                       for n, v, m in inds)
    return Budget(Department("901", "测试局", 2025), (Unit(UNIT, "测试单位", None),),
                  (Income(UNIT, Source.GENERAL, amount),), (line,), (p,), indicators, facts={"money_unit": "万元"})


def amt25_codes(b: Budget) -> list:
    return [f for f in validate(b, settings=Settings(select=frozenset({"AMT-25"})))]


@settings(max_examples=60, deadline=None)
@given(AMOUNTS)
def test_the_tools_own_cost_rows_are_never_flagged(amount):
    """The draft's 经济成本指标 (fill.performance.cost_rows: 「…预算控制数 ≤ amount 万元」) on any amount."""
    from deptbudget.fill.performance import cost_rows
    from deptbudget.rollup.tree import build_tree

    b = project_budget(amount, [])
    rows = cost_rows(build_tree(b), [])
    b = project_budget(amount, [(r[2], r[4], r[5]) for r in rows if "示例" in r[2]], total=amount)
    assert len(b.indicators) == 1
    assert amt25_codes(b) == []


@settings(max_examples=80, deadline=None)
@given(AMOUNTS, st.integers(1000, 9999), st.integers(-8, 5))
def test_never_on_size_alone(amount, mantissa, exponent):
    """A cost whose ratio to the amount (from 1e-5 to 1e9) is not within 2 % of 10,000 or of 1/10,000 is
    never flagged, however large or small the amount."""
    cost_wan = (amount / D(mantissa).scaleb(exponent - 3)).quantize(D("0.000001"))  # 万元, 6 decimals
    if cost_wan <= 0:
        return
    ratio = amount / cost_wan  # as written (the 6 decimals move a tiny cost's ratio)
    if abs(ratio / 10000 - 1) < D("0.02") or abs(ratio * 10000 - 1) < D("0.02"):
        return
    assert amt25_codes(project_budget(amount, [("成本", str(cost_wan), "万元")])) == []


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 10 ** 8))
def test_an_amount_in_yuan_is_always_found(cents):
    """A project of c 万元 (2 decimals) entered as c × 10,000 while its cost says c 万元."""
    c = D(cents) / 100
    found = amt25_codes(project_budget(c * 10000, [("预算控制数", str(c), "万元")]))
    assert [f.code for f in found] == ["AMT-25"]
