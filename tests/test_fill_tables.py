"""表3-3/表4-1 and 表6/表7 from the example and from minimal budgets built here."""

from __future__ import annotations

from decimal import Decimal

import pytest

from deptbudget.core.model import (
    Budget,
    Department,
    ExpenseLine,
    Indicator,
    PriorYear,
    Project,
    ProjectCategory,
    Source,
    SpendKind,
    Unit,
    UnitKind,
)
from deptbudget.core.money import round2
from deptbudget.fill import fill_all, sangong
from deptbudget.fill.indicator_library import LIBRARY, cost_indicator, prefill_cost
from deptbudget.fill.performance import table_6, table_7
from deptbudget.rollup.tree import build_tree

D = Decimal


@pytest.fixture(scope="module")
def tree():
    from deptbudget.example import load_example

    return build_tree(load_example())


def amounts(row):
    return [None if v is None else D(v) for v in row.values[2:]]


def test_3_3_reproduces_the_seed(tree):
    t = sangong.table_3_3(tree)
    # 合计, 出国, 车辆小计, 购置, 运行, 接待
    assert amounts(t.find("total")) == [D("7.30"), None, D("4.00"), None, D("4.00"), D("3.30")]
    assert t.find("dept").values[2:] == t.find("total").values[2:]
    assert t.find("unit", "139001").values[2] == D("7.00")
    assert t.find("unit", "139003").values[2] == D("0.05")
    assert t.find("unit", "139005").values[2] == D("0.25")
    for empty in ("139002", "139004"):  # present, all blank
        assert t.find("unit", empty).values[2:] == (None,) * 6
    assert [r.key for r in t.rows][2:] == [("unit", f"13900{i}") for i in range(1, 6)]
    assert t.width == len(t.header[0]) == 8


def test_4_1_is_empty_but_lists_units(tree):
    t = sangong.table_4_1(tree)
    assert t.notes == ("本表无数据",)
    assert len([r for r in t.rows if r.key[0] == "unit"]) == 5


def minimal(lines, prior=()):
    dept = Department("901", "测试局", 2025)
    units = (Unit("901001", "测试局", UnitKind.ADMIN, vehicles=2), Unit("901002", "测试中心", None))
    return Budget(dept, units, lines=tuple(lines), prior=tuple(prior), facts={"vehicles_dedicated": "1"})


def line(unit, econ, amount, source=Source.GENERAL):
    return ExpenseLine(unit, "2080101", econ, SpendKind.PUBLIC, source, D(amount))


def test_sangong_split_by_fund_and_items():
    b = minimal([line("901001", "30212", "1.5"), line("901001", "31013", "20"),
                 line("901002", "30231", "2"), line("901002", "30217", "0.4", Source.FUND),
                 line("901002", "30201", "9")],
                prior=[PriorYear("", "公务接待费", D("0.5")), PriorYear("", "公务用车运行费", D("2"))])
    tree = build_tree(b)
    t = sangong.table_3_3(tree)
    assert amounts(t.find("total")) == [D("23.5"), D("1.5"), D("22"), D("20"), D("2"), None]
    assert amounts(t.find("unit", "901002")) == [D("2"), None, D("2"), None, D("2"), None]
    f = sangong.table_4_1(tree)
    assert amounts(f.find("unit", "901002")) == [D("0.4"), None, None, None, None, D("0.4")]
    fig = sangong.figures(tree)
    assert fig.total == D("23.9") and fig.vehicles == 2 and fig.dedicated == 1
    rec = fig.item("公务接待费")
    assert rec.change == D("-0.1") and round(rec.percent, 2) == D("-20.00")
    assert fig.item("因公出国（境）费").prior is None and fig.prior_total is None


def test_6_reproduces_all_projects_and_indicators(tree):
    t = table_6(tree)
    projects = [r for r in t.rows if r.key[0] == "project"]
    assert len(projects) == 22
    # the department's total carries its name: the seed's 「…本级」 here is its slip (本级 = its own unit)
    assert t.rows[0].values[:2] == ("139-达州市达川区人力资源和社会保障局", None)
    assert round2(t.rows[0].values[2]) == D("5624.12")
    assert sum((r.values[2] for r in projects), D(0)) == t.rows[0].values[2]
    # every indicator as entered, including the seed's own mistakes
    body = [r for r in t.rows if r.key[0] in ("project", "indicator")]
    assert len(body) == len(tree.budget.indicators) == 191
    監察 = [r for r in body if r.values[6] == "处理案件及时率" and r.values[8] == "1000"]
    assert 監察, "the seed's 1000 % is kept for the validator to flag"
    first = t.find("project", "139002", "2024年度个人权益记录项目")
    assert first.values[0] == "139002-达州市达川区社会保险事业管理局" and first.values[2] == D("3.00")
    assert t.meta["year_label"] == "（2024 年度）"
    assert (0, 0, 0, 0) not in t.meta["body_merges"]


def test_7_budget_goal_tasks_and_cost_rows(tree):
    t = table_7(tree)
    budget = t.find("budget").values
    assert round2(budget[1]) == round2(budget[3]) == D("8022.01") and budget[5] == D("0")
    goal = t.find("goal").values[1]
    assert "8022.01 万元" in goal and "村社干部养老保险项目 3500 万元" in goal
    assert goal.endswith("贡献人社力量！")  # the user's text kept
    assert len([r for r in t.rows if r.key[0] == "task"]) == 16  # the user's tasks
    cost = [r.values for r in t.rows if r.key[0] == "cost"]
    assert len(cost) == 23  # 22 projects + the control figure
    projects = {(p.unit, p.name): p.amount for p in tree.budget.projects}
    assert sorted(D(v[5]) for v in cost[:-1]) == sorted(round2(a) for a in projects.values())
    assert cost[-1][3] == "2024年部门预算本级财政预算控制数" and cost[-1][5] == "8022.01"
    entered = [r for r in t.rows if r.key[0] == "indicator"]
    kept = [i for i in tree.budget.dept_indicators if i.level2 != "经济成本指标"]
    assert [r.values[3] for r in entered] == [i.level3 for i in kept]


def test_7_drafts_tasks_when_none_entered():
    p = Project("901001", "2025年就业培训项目", "2080102", ProjectCategory.SPECIFIC, D("12"),
                Source.GENERAL, "开展培训")
    l = ExpenseLine("901001", "2080102", "", SpendKind.PROJECT, Source.GENERAL, D("12"), p.name)
    b = minimal([l, line("901001", "30201", "3")])
    entered = Indicator("", "", "产出指标", "数量指标", "培训人次", "≥", "100", "人次", D(90))
    b = Budget(b.department, b.units, lines=b.lines, projects=(p,), dept_indicators=(entered,))
    t = table_7(build_tree(b))
    names = [r.values[1] for r in t.rows if r.key[0] == "task"]
    assert names == ["公用经费支出", "就业培训工作"]
    cost = [r.values for r in t.rows if r.key[0] == "cost"]
    assert cost[0][3:6] == ("就业培训项目预算控制数", "≤", "12")
    assert cost[-1][5] == "15"


def test_fill_all_keys(tree):
    assert set(fill_all(tree)) == {"t3_3", "t4_1", "t6", "t7"}


def test_indicator_library_and_cost_prefill():
    names = {e.level3 for e in LIBRARY}
    assert {"发放及时率", "准确率", "覆盖率", "服务对象满意度"} <= names
    assert any("预算控制数" in n for n in names)
    p = Project("901001", "2025年度就业培训项目", "2080102", None, D("12.345"), Source.GENERAL)
    c = cost_indicator(p)
    assert (c.level1, c.level2, c.level3, c.nature, c.value, c.measure) == (
        "成本指标", "经济成本指标", "就业培训项目预算控制数", "≤", "12.35", "万元")
    assert prefill_cost(p, ())[0] == c
    own = Indicator("901001", p.name, "成本指标", "经济成本指标", "x", "≤", "1", "万元", None)
    assert prefill_cost(p, (own,)) == (own,)


def test_6_body_merges_cover_each_project_block(tree):
    t = table_6(tree)
    rows = t.rows
    for r1, c1, r2, _c2 in t.meta["body_merges"]:
        assert rows[r1].values[c1] is not None  # the merged block shows its first row's value
        assert all(rows[r].values[c1] is None for r in range(r1 + 1, r2 + 1))
        assert r1 >= 1  # never the department row


def test_workbook_has_the_indicator_library_sheet():
    from deptbudget.io.workbook_xlsx import LIBRARY_SHEET, build_workbook
    from deptbudget.template import spec

    wb = build_workbook("单位")
    ws = wb[LIBRARY_SHEET]
    names = [ws.cell(row=r, column=3).value for r in range(4, 4 + len(LIBRARY))]
    assert names == [e.level3 for e in LIBRARY]
    lists = [dv.formula1 for dv in wb[spec.INDICATORS.name].data_validations.dataValidation]
    assert "=L_indicator_names" in lists and "=L_level1" in lists and "=L_natures" in lists
