"""表7 and the 「本级」 labels on departments that are not the example (issue 13 item 7).

- with no department indicators entered, 表7 prints one marked placeholder row, no generated cost rows,
  and validate gives PRF-21 (警告);
- the control-figure indicator is 财政拨款 only (事业收入 and 其他 left out);
- 「本级」 names only the department's own unit; the department's totals carry its name.
Expected cells are worked out by hand.
"""

from __future__ import annotations

from dataclasses import replace

from dept250 import DEPT, PUB, UNITS, D, G, J, L, P

from deptbudget.core.findings import Severity
from deptbudget.core.model import (
    Budget,
    Income,
    Indicator,
    Project,
    ProjectCategory,
    Source,
    Unit,
    UnitKind,
)
from deptbudget.fill.performance import NO_INDICATORS, own_unit, table_6, table_7
from deptbudget.rollup.tables import build_tables
from deptbudget.rollup.tree import build_tree

LINES = (
    L("250001", "2120101", "30101", P, "60"), L("250001", "2120101", "30201", PUB, "8"),
    L("250001", "2120102", "", J, "20", project="2025年数字城管项目"),
    L("250002", "2120501", "30101", P, "25", Source.BUSINESS),
    L("250002", "2120501", "", J, "40", project="2025年道路保洁项目"),
    L("250002", "2120501", "", J, "10", Source.BUSINESS, project="2025年垃圾清运项目"),
    L("250003", "2120101", "30101", P, "30"),
    L("250003", "2120804", "", J, "12", Source.FUND, project="农村道路项目"),
    L("250003", "2120102", "", J, "5", Source.CARRY_GENERAL, project="执法车辆项目"),
)
# income = spending by source: 一般公共预算 60+8+20+40+30 = 158, 事业收入 25+10 = 35, 政府性基金 12,
# 上年结转（一般公共预算）5: 资金总额 210, 财政拨款 158+12+5 = 175, 其他资金 35.
INCOMES = (Income("250001", G, D(88)), Income("250002", G, D(40)), Income("250002", Source.BUSINESS, D(35)),
           Income("250003", G, D(30)), Income("250003", Source.FUND, D(12)),
           Income("250003", Source.CARRY_GENERAL, D(5)))
PROJECTS = tuple(Project(l.unit, l.project, l.func_code, ProjectCategory.SPECIFIC, l.amount, l.source, "目标", (l,))
                 for l in LINES if l.project)
ENTERED = (Indicator("", "", "产出指标", "数量指标", "道路保洁面积", "≥", "120", "万平方米", D(30)),
           Indicator("", "", "满意度指标", "服务对象满意度指标", "市民满意度", "≥", "90", "%", D(20)))


def budget(units=UNITS, indicators=ENTERED) -> Budget:
    return Budget(DEPT, units, INCOMES, LINES, PROJECTS, dept_indicators=indicators)


def rows_of(t, kind):
    return [r.values for r in t.rows if r.key[0] == kind]


def test_control_figure_is_fiscal_only_and_entered_indicators_come_first():
    t = table_7(build_tree(budget()))
    assert t.find("budget").values[1::2][:3] == (D(210), D(175), D(35))
    assert [v[3] for v in rows_of(t, "indicator")] == ["道路保洁面积", "市民满意度"]
    cost = rows_of(t, "cost")
    # entered order of units then projects: 250001 数字城管 20, 250002 道路保洁 40, 垃圾清运 10, 250003 农村道路 12, 执法车辆 5
    assert [(v[3], v[5]) for v in cost] == [
        ("数字城管项目预算控制数", "20"), ("道路保洁项目预算控制数", "40"), ("垃圾清运项目预算控制数", "10"),
        ("农村道路项目预算控制数", "12"), ("执法车辆项目预算控制数", "5"),
        ("2025年部门预算本级财政预算控制数", "175")]
    assert t.find("no_indicators") is None


def test_no_department_indicators_no_cost_only_rows_and_a_warning():
    from deptbudget.rules import validate

    b = budget(indicators=())
    t = table_7(build_tree(b))
    assert rows_of(t, "cost") == [] and rows_of(t, "indicator") == []
    assert t.find("no_indicators").values == (None, None, None, NO_INDICATORS, None, None, None, None)
    found = [(f.code, f.severity, f.ref.sheet) for f in validate(b) if f.code == "PRF-21"]
    assert found == [("PRF-21", Severity.WARNING, "整体绩效指标")]
    assert not [f for f in validate(budget()) if f.code == "PRF-21"]
    # a unit's own workbook has no 表7 to fill: no warning there
    unit_form = replace(b, department=replace(DEPT, form="单位"))
    assert not [f for f in validate(unit_form) if f.code == "PRF-21"]


def test_benji_only_for_the_departments_own_unit():
    tree = build_tree(budget())
    assert own_unit(tree) == "250001"
    goal = table_7(tree).find("goal").values[1]
    assert goal.startswith("2025 年，某区城市管理局本级及下属 2 个单位共计使用预算资金 210 万元")
    assert "本级数字城管项目 20 万元" in goal and "环境卫生管理所道路保洁项目 40 万元" in goal
    # totals carry the department's name
    assert table_6(tree).rows[0].values[:3] == ("250-某区城市管理局", None, D(87))
    t3 = build_tables(tree)["t3"]
    assert t3.find("unit", "250").values[4] == "某区城市管理局"


def test_no_own_unit_no_benji():
    units = (Unit("250002", "某区环境卫生管理所", UnitKind.INSTITUTION),
             Unit("250001", "某区城市管理监察中心", UnitKind.INSTITUTION),
             Unit("250003", "某区城市管理执法大队", UnitKind.CIVIL_SERVICE))
    tree = build_tree(budget(units))
    assert own_unit(tree) == ""  # 250001 is an 事业单位 with another name: not the department's office
    t = table_7(tree)
    goal = t.find("goal").values[1]
    assert goal.startswith("2025 年，某区城市管理局所属 3 个单位共计使用预算资金 210 万元")
    assert "本级" not in goal.replace("本级财政", "")
    assert all("本级" not in str(v) for r in table_6(tree).rows for v in r.values)


def test_how_the_own_unit_is_told():
    def own(*units):
        return own_unit(build_tree(Budget(DEPT, units)))

    assert own(Unit("250009", "某区城市管理局本级", UnitKind.ADMIN), Unit("250001", "甲", UnitKind.ADMIN)) == "250009"
    assert own(Unit("250005", "某区城市管理局（本级）", None)) == "250005"
    assert own(Unit("250005", "某区城市管理局机关", UnitKind.ADMIN)) == "250005"
    assert own(Unit("250001", "区城管局", UnitKind.ADMIN), Unit("250002", "乙", UnitKind.ADMIN)) == "250001"
    assert own(Unit("250001", "区城管局", UnitKind.CIVIL_SERVICE)) == "250001"
    assert own(Unit("250001", "区城管服务中心", UnitKind.INSTITUTION)) == ""
    assert own(Unit("250002", "区城管局", UnitKind.ADMIN)) == ""  # neither the name nor 001
