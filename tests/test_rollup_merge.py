"""Multi-level roll-up: unit budgets → department; department budgets → district 汇总."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from deptbudget.core.model import Budget, CellRef, Department, ExpenseLine, Income, Source, SpendKind, Unit
from deptbudget.rollup.merge import MergeRefused, check_merge, merge_budgets, merge_departments
from deptbudget.rollup.tables import build_tables
from deptbudget.rollup.tree import build_tree

D = Decimal
DEPT = Department("139", "测试局", 2024, "DB-1.0", "单位")


def unit_budget(code: str, amount: str, file: str | None = None, dept: Department = DEPT) -> Budget:
    file = file or f"{code}.xlsx"
    ref = CellRef(file, "基本支出", "H5")
    d = replace(dept, ref=CellRef(file, "基本信息", "B3"))
    return Budget(d, (Unit(code, f"单位{code}", None, ref=CellRef(file, "单位信息", "A2")),),
                  (Income(code, Source.GENERAL, D(amount)),),
                  (ExpenseLine(code, "2080101", "30101", SpendKind.PERSONNEL, Source.GENERAL, D(amount), ref=ref),))


def test_units_merge_into_the_department():
    a, b = unit_budget("139001", "10.5"), unit_budget("139002", "2.25")
    merged = merge_budgets([b, a])
    assert [u.code for u in merged.units] == ["139001", "139002"]
    assert merged.department.form == "部门"
    t = build_tables(build_tree(merged))["t1_2"]
    assert t.find("total").values[5] == D("12.75")
    assert t.find("unit", "139002").values[5] == D("2.25")


def test_file_order_does_not_matter():
    a, b, c = unit_budget("139001", "1"), unit_budget("139002", "2"), unit_budget("139003", "3")
    assert merge_budgets([a, b, c]) == merge_budgets([c, a, b])


def test_department_workbook_and_unit_workbooks_give_the_same_tables():
    a, b = unit_budget("139001", "1.111111"), unit_budget("139002", "2")
    dept_book = Budget(replace(DEPT, form="部门"), a.units + b.units, a.incomes + b.incomes, a.lines + b.lines)
    assert build_tables(build_tree(merge_budgets([a, b]))) == build_tables(build_tree(dept_book))


def test_duplicate_unit_names_both_files():
    with pytest.raises(MergeRefused) as exc:
        merge_budgets([unit_budget("139001", "1", "甲.xlsx"), unit_budget("139001", "1", "乙.xlsx")])
    [f] = exc.value.findings
    assert f.code == "MRG-05" and "甲.xlsx" in f.message and "乙.xlsx" in f.message
    assert {f.ref.file, f.refs[0].file} == {"甲.xlsx", "乙.xlsx"}


def test_other_department_and_version_are_refused():
    other = replace(DEPT, code="140", name="别的局")
    old = replace(DEPT, template_version="DB-0.9")
    found = check_merge([unit_budget("139001", "1"), unit_budget("140001", "1", dept=other),
                         unit_budget("139002", "1", "旧.xlsx", dept=old)])
    assert sorted((f.code, f.ref.file) for f in found) == [("MRG-02", "140001.xlsx"), ("MRG-03", "旧.xlsx")]
    assert all(f.message for f in found)


def test_no_input_is_a_finding():
    assert [f.code for f in check_merge([])] == ["MRG-01"]


def test_district_rolls_departments_up_as_units():
    d139 = merge_budgets([unit_budget("139001", "1"), unit_budget("139002", "2")])
    other = replace(DEPT, code="140", name="别的局")
    d140 = merge_budgets([unit_budget("140001", "5", dept=other)])
    district = merge_departments([d140, d139], Department("", "达川区", 0))
    assert [(u.code, u.name) for u in district.units] == [("139", "测试局"), ("140", "别的局")]
    assert district.department.year == 2024 and district.department.template_version == "DB-1.0"
    t = build_tables(build_tree(district))["t1_2"]
    assert [r.key for r in t.rows] == [("total",), ("dept",), ("unit", "139"), ("func", "2080101", "139"),
                                      ("unit", "140"), ("func", "2080101", "140")]
    assert t.find("unit", "139").values[5] == D(3) and t.find("total").values[5] == D(8)


def test_district_refuses_the_same_department_twice():
    d = merge_budgets([unit_budget("139001", "1")])
    with pytest.raises(MergeRefused) as exc:
        merge_departments([d, d], Department("", "达川区", 2024))
    assert [f.code for f in exc.value.findings] == ["MRG-06"]
