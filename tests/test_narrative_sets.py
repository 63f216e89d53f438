"""The 情况说明 follows the table set: whose text it is (本部门/本单位: 部门预算… or 单位预算…) and the
unit its amounts are written in (四川: 万元 as the seed; 上海: 元 with two decimals, as its tables).
The narrative rules read a text in 元 to the cent, and PRF-13 names the set's unit.

Figures worked out by hand from the lines below (万元):
  2080101 人员 120.5 + 公用 10.253456 + 项目 20 (信息化建设项目) = 150.753456; 2210201 人员 9.2
  total 159.953456 = 1,599,534.56 元; 基本 139.953456 = 1,399,534.56 元; 项目 20 = 200,000.00 元
  人员 129.7 = 1,297,000.00 元; 公用 10.253456 = 102,534.56 元
  shares: 项目 20 / 159.953456 = 12.5036% → 12.5%, 基本 87.4964% → 87.5%;
          类 221 9.2 / 159.953456 = 5.7517% → 5.75%, 类 208 94.2483% → 94.25%
  上年 一般公共预算当年拨款 150: +9.953456 = 99,534.56 元, 9.953456 / 150 = 6.6356% → 6.64%
"""

from __future__ import annotations

import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from deptbudget.core.findings import Severity
from deptbudget.core.model import (
    Budget,
    Department,
    ExpenseLine,
    Income,
    Indicator,
    PriorYear,
    Project,
    ProjectCategory,
    Source,
    SpendKind,
    Unit,
    UnitKind,
)
from deptbudget.fill.narrative import draft
from deptbudget.pipeline import unit_budgets
from deptbudget.rollup.tree import build_tree
from deptbudget.rules import validate
from deptbudget.rules.settings import Settings
from deptbudget.tablesets import SETS, SHANGHAI_DEPT, SHANGHAI_UNIT, SICHUAN_DEPT, SICHUAN_UNIT

sys.path.insert(0, str(Path(__file__).parent))
from test_narrative_draft_props import budgets, filled_in, imported_code_list  # noqa: E402,F401

P, B, J = SpendKind.PERSONNEL, SpendKind.PUBLIC, SpendKind.PROJECT
G = Source.GENERAL


def one_unit(prior: bool = True, facts=None) -> Budget:
    unit = Unit("901002", "测试局信息中心", UnitKind.INSTITUTION)
    project = ExpenseLine("901002", "2080101", "31002", J, G, Decimal("20"), "信息化建设项目")
    lines = (ExpenseLine("901002", "2080101", "30101", P, G, Decimal("120.5")),
             ExpenseLine("901002", "2080101", "30201", B, G, Decimal("10.253456")),
             ExpenseLine("901002", "2210201", "30113", P, G, Decimal("9.2")), project)
    return Budget(Department("901", "测试局", 2024), (unit,), (Income("901002", G, Decimal("159.953456")),), lines,
                  (Project("901002", "信息化建设项目", "2080101", ProjectCategory.SPECIFIC, Decimal("20"), G,
                           lines=(project,)),),
                  prior=(PriorYear("", "一般公共预算当年拨款", Decimal("150")),) if prior else (),
                  facts=facts or {})


def nar(b: Budget, text: str) -> list[tuple[str, str, Severity]]:
    found = validate(replace(b, narrative=text), settings=Settings(select=frozenset({"NAR"})))
    return [(f.code, f.ref.cell, f.severity) for f in found if f.severity is not Severity.INFO]


def line_of(text: str, piece: str) -> str:
    """The 情况说明 cell (A<n>) of the line holding `piece`."""
    return f"A{next(i for i, line in enumerate(text.split(chr(10)), 1) if piece in line)}"


# -- whose text ------------------------------------------------------------------------------------
def test_a_unit_budget_speaks_of_the_unit_with_its_own_figures():
    text = draft(build_tree(one_unit()), SICHUAN_UNIT).text()
    lines = text.split("\n")
    assert lines[0] == "测试局信息中心 2024 年单位预算情况说明"
    assert "第二部分 测试局信息中心 2024 年单位预算情况说明" in lines
    assert "二、单位预算单位构成" in lines
    assert "测试局信息中心为事业单位。2024 年测试局信息中心单位预算只包含测试局信息中心本级。" in lines
    assert "测试局信息中心将单位所有收入和支出均纳入单位预算管理。" in text
    assert "测试局信息中心 2024 年收支总预算 159.95 万元" in text
    assert "基本支出 139.95 万元，占支出预算 87.5%；项目支出 20 万元，占支出预算 12.5%。" in text
    assert "人员经费 129.7 万元" in text and "公用经费 10.25 万元" in text
    assert "2024 年单位预算未安排车辆" in text
    assert "测试局信息中心为事业单位，2024 年不涉及机关运行经费" in text
    assert "〔请填写单位主要职能" in text and "指单位用财政拨款安排的" in text
    assert "部门" not in text  # no 部门预算, 部门汇总, 本部门, 部门所有收入


def test_a_unit_set_refuses_a_budget_of_several_units():
    two = replace(one_unit(), units=one_unit().units + (Unit("901003", "测试局服务中心", UnitKind.INSTITUTION),))
    with pytest.raises(ValueError, match="单位"):
        draft(build_tree(two), SICHUAN_UNIT)


def test_the_sichuan_department_set_is_the_default_text():
    tree = build_tree(one_unit())
    assert draft(tree, SICHUAN_DEPT).text() == draft(tree).text()
    assert "部门汇总 2024 年收支总预算 159.95 万元" in draft(tree).text()


# -- the set's unit --------------------------------------------------------------------------------
def test_a_shanghai_text_writes_yuan_with_two_decimals():
    text = draft(build_tree(one_unit()), SHANGHAI_UNIT).text()
    assert text.split("\n")[0] == "测试局信息中心 2024 年单位预算情况说明"
    assert "测试局信息中心 2024 年收支总预算 1,599,534.56 元" in text
    assert "基本支出 1,399,534.56 元，占支出预算 87.5%；项目支出 200,000.00 元，占支出预算 12.5%。" in text
    assert "社会保障和就业支出 1,507,534.56 元，占 94.25%；住房保障支出 92,000.00 元，占 5.75%。" in text
    assert "一般公共预算当年拨款 1,599,534.56 元，比 2023 年预算数增加 99,534.56 元，增长 6.64%" in text
    assert "人员经费 1,297,000.00 元" in text and "公用经费 102,534.56 元" in text
    assert "，含信息化建设项目 200,000.00 元。" in text
    assert "万元 " not in text.replace("200 万元以上", "")  # every amount in 元 (the 200 万元 threshold is a rule's)


def test_a_shanghai_department_text_is_the_departments_in_yuan():
    text = draft(build_tree(one_unit()), SHANGHAI_DEPT).text()
    assert text.split("\n")[0] == "测试局 2024 年部门汇总预算情况说明"
    assert "测试局部门汇总 2024 年支出预算 1,599,534.56 元" in text
    assert "二、部门预算单位构成" in text


@pytest.mark.parametrize("ts", [SHANGHAI_UNIT, SHANGHAI_DEPT])
def test_the_draft_in_yuan_passes_and_a_slip_of_one_yuan_is_an_error(ts):
    b = one_unit()
    text = filled_in(draft(build_tree(b), ts).text())
    assert nar(b, text) == []
    # 1 元 = 0.0001 万元: invisible at 万元's two decimals, an 错误 at 元's
    slip = text.replace("基本支出 1,399,534.56 元", "基本支出 1,399,535.56 元", 1)
    assert nar(b, slip) == [("NAR-01", line_of(slip, "基本支出 1,399,535.56 元"), Severity.ERROR)]
    change = text.replace("增加 99,534.56 元", "增加 99,534.06 元")
    assert ("NAR-12", line_of(change, "增加 99,534.06 元"), Severity.ERROR) in nar(b, change)
    item = text.replace("预算数为 92,000.00 元", "预算数为 92,000.50 元")
    assert nar(b, item) == [("NAR-06", line_of(item, "92,000.50 元"), Severity.ERROR)]
    public = text.replace("公用经费 102,534.56 元", "公用经费 102,534.86 元")
    assert nar(b, public) == [("NAR-01", line_of(public, "102,534.86 元"), Severity.ERROR)]


def test_a_yuan_slip_within_rounding_of_its_parts_is_a_note():
    """One line and its total, each rounded to the cent of 元: up to 0.01 元 is 尾差 (提示), not 错误."""
    b = one_unit()
    text = filled_in(draft(build_tree(b), SHANGHAI_UNIT).text())
    slip = text.replace("公用经费 102,534.56 元", "公用经费 102,534.57 元")
    found = validate(replace(b, narrative=slip), settings=Settings(select=frozenset({"NAR-01"})))
    assert [(f.code, f.severity, f.params["diff"], f.params["unit"]) for f in found] == \
        [("NAR-01", Severity.INFO, "0.01", "元")]


def test_a_yuan_text_is_read_against_the_tables_not_as_wan():
    """The same figure written in 万元 and in 元 agrees; 1,599,534.56 元 written as 1,599,534.56 万元 does not."""
    b = one_unit(prior=False)
    ok = ("测试局信息中心 2024 年单位预算情况说明\n一、收支预算情况说明\n测试局信息中心 2024 年支出预算 {}，其中：基本支出 {}。\n"
          "六、政府性基金预算支出情况说明\n测试局信息中心没有使用政府性基金预算拨款安排的支出。\n"
          "七、国有资本经营预算情况说明\n测试局信息中心没有使用国有资本经营预算拨款安排的支出。")
    assert nar(b, ok.format("1,599,534.56 元", "1,399,534.56 元")) == []
    assert nar(b, ok.format("159.95 万元", "139.95 万元")) == []
    assert [c for c, _, _ in nar(b, ok.format("1,599,534.56 万元", "1,399,534.56 万元"))] == ["NAR-01", "NAR-01"]


# -- every set's own draft passes the narrative rules (random budgets) -------------------------------
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(budgets())
def test_the_draft_of_each_set_passes_the_narrative_rules(b):
    for ts in SETS.values():
        for one in ([b] if ts.scope == "部门" else unit_budgets(b)[:2]):
            text = draft(build_tree(one), ts).text()
            assert nar(one, filled_in(text)) == [], (ts.name, text)


# -- PRF-13: the cost indicator's unit against the set's --------------------------------------------
def _cost(value: str, measure: str, table_set: str = "") -> set[str]:
    b = one_unit(facts={"table_set": table_set} if table_set else None)
    ind = Indicator("901002", "信息化建设项目", "产出指标", "成本指标", "项目预算控制数", "≤", value, measure, None)
    found = validate(replace(b, indicators=(ind,)), settings=Settings(select=frozenset({"PRF-13"})))
    return {(f.code, f.params["unit"], f.params["amount"]) for f in found}


def test_prf13_names_the_sets_unit():
    assert _cost("200000", "元") == {("PRF-13", "万元", "20.00")}  # 四川 (default): tables in 万元
    assert _cost("20", "万元") == set()
    assert _cost("200000", "元", "上海单位预算") == set()  # 上海: tables in 元
    assert _cost("20", "万元", "上海单位预算") == {("PRF-13", "元", "200000.00")}
    assert _cost("200000", "元", "四川单位预算") == {("PRF-13", "万元", "20.00")}


@pytest.mark.parametrize("declared, ts, tables", [("", SICHUAN_UNIT, "表3-3/表4-1"), ("上海单位预算", SHANGHAI_UNIT, "表9")])
def test_a_sangong_slip_names_the_sets_own_sangong_table(declared, ts, tables):
    """公务接待费 0.33 万元 = 3,300.00 元; the finding points at the set's 三公 table."""
    b = one_unit(facts={"table_set": declared} if declared else None)
    b = replace(b, lines=b.lines + (ExpenseLine("901002", "2080101", "30217", B, G, Decimal("0.33")),),
                incomes=(Income("901002", G, Decimal("160.283456")),))
    text = filled_in(draft(build_tree(b), ts).text())
    written = "预算数 3,300.00 元" if ts is SHANGHAI_UNIT else "预算数 0.33 万元"
    assert written in text
    slip = text.replace(written, written.replace("3,300.00", "5,300.00").replace("0.33", "0.53"))
    found = validate(replace(b, narrative=slip), settings=Settings(select=frozenset({"NAR-01"})))
    assert [(f.code, f.severity, f.params["source"]) for f in found] == \
        [("NAR-01", Severity.ERROR, f"{tables}「因公出国（境）费」+「公务用车购置费」+「公务用车运行费」+「公务接待费」")]


def test_a_procurement_total_in_yuan_is_checked_to_the_cent():
    """货物 1.5 + 服务 0.25 万元 = 17,500.00 元 (基本信息); 17,501.00 元 is 1 元 off."""
    b = one_unit(facts={"procurement_goods": "1.5", "procurement_services": "0.25"})
    text = filled_in(draft(build_tree(b), SHANGHAI_UNIT).text())
    assert "安排政府采购预算 17,500.00 元，其中：政府采购货物预算 15,000.00 元、政府采购服务预算 2,500.00 元。" in text
    assert nar(b, text) == []
    slip = text.replace("政府采购预算 17,500.00 元", "政府采购预算 17,501.00 元")
    assert nar(b, slip) == [("NAR-10", line_of(slip, "17,501.00 元"), Severity.ERROR)]
    parts = slip.replace("17,501.00 元，其中：", "17,501.00 元，其中：政府采购工程预算 0 元、")
    assert [c for c, _, _ in nar(b, parts)] == ["NAR-10"]  # 15,000 + 0 + 2,500 ≠ 17,501
