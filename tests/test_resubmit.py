"""The re-submission loop (issue 13 item 8): one unit corrects its workbook, and
`deptbudget rollup --replace UNIT.xlsx DEPT.xlsx -o NEW.xlsx` swaps its rows into the department
workbook and rebuilds the tables, keeping the department's own sheets and entries.

A three-unit department built here; expected figures worked out by hand.
"""

from __future__ import annotations

from dataclasses import replace

import openpyxl
import pytest
from click.testing import CliRunner
from dept250 import DEPT, PUB, UNITS, D, G, J, L, P

from deptbudget.cli import main
from deptbudget.core.model import (
    Budget,
    Income,
    Indicator,
    PriorYear,
    Project,
    ProjectCategory,
    Unit,
    UnitKind,
)


def projects(lines):
    return tuple(Project(l.unit, l.project, l.func_code, ProjectCategory.SPECIFIC, l.amount, l.source, "目标", (l,))
                 for l in lines if l.project)


LINES = (L("250001", "2120101", "30101", P, "60"), L("250001", "2120101", "30201", PUB, "8"),
         L("250002", "2120501", "30101", P, "25"), L("250002", "2120501", "", J, "40", project="道路保洁项目"),
         L("250003", "2120101", "30101", P, "30"))
INCOMES = (Income("250001", G, D(68)), Income("250002", G, D(65)), Income("250003", G, D(30)))
DEPT_INDICATORS = (Indicator("", "", "产出指标", "数量指标", "道路保洁面积", "≥", "120", "万平方米", D(90)),)
PRIOR = (PriorYear("", "收支总预算", D(150)), PriorYear("250002", "收支总预算", D(60)))

# 250002's corrected file: 基本支出 25 → 27.5, a new 30201 line of 2, the project 40 → 35.
FIXED = (L("250002", "2120501", "30101", P, "27.5"), L("250002", "2120501", "30201", PUB, "2"),
         L("250002", "2120501", "", J, "35", project="道路保洁项目"))


def department() -> Budget:
    return Budget(DEPT, UNITS, INCOMES, LINES, projects(LINES), dept_indicators=DEPT_INDICATORS, prior=PRIOR,
                  facts={"procurement_goods": D(10)})


def corrected(unit="250002", name="某区环境卫生管理所", lines=FIXED) -> Budget:
    lines = tuple(replace(l, unit=unit) if l.unit != unit else l for l in lines)
    return Budget(replace(DEPT, form="单位"), (Unit(unit, name, UnitKind.INSTITUTION),),
                  (Income(unit, G, D("64.5")),), lines, projects(lines),
                  prior=(PriorYear(unit, "收支总预算", D(62)),))


@pytest.fixture
def files(tmp_path):
    from deptbudget.io.workbook_xlsx import build_workbook, save_workbook
    from deptbudget.pipeline import all_tables

    b = department()
    dept = tmp_path / "部门.xlsx"
    wb = build_workbook("部门", b, all_tables(b))
    ws = wb.create_sheet("情况说明")
    ws["A1"] = "部门自己写的情况说明"
    wb["设置"]["D1"] = "部门的备注"
    save_workbook(wb, dept)
    unit = tmp_path / "250002-更正.xlsx"
    save_workbook(build_workbook("单位", corrected()), unit)
    return dept, unit


def read(path):
    from deptbudget.io.reader import read_workbook

    r = read_workbook(path)
    assert r.ok and not r.errors, [f.message for f in r.errors]
    return r.budget


def amounts(b, unit):
    return sorted((l.func_code, l.econ_code, l.kind.value, l.amount) for l in b.lines if l.unit == unit)


def test_replace_swaps_the_units_rows_and_keeps_the_departments_own(tmp_path, files):
    dept, unit = files
    before = dept.read_bytes()
    out = tmp_path / "新部门.xlsx"
    r = CliRunner().invoke(main, ["rollup", "--replace", str(unit), str(dept), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "已替换单位 250002" in r.output and "缺少的单位：无" in r.output
    assert dept.read_bytes() == before
    b = read(out)
    assert amounts(b, "250002") == [("2120501", "", "项目支出", D(35)), ("2120501", "30101", "人员经费", D("27.5")),
                                    ("2120501", "30201", "公用经费", D(2))]
    assert amounts(b, "250001") == [("2120101", "30101", "人员经费", D(60)), ("2120101", "30201", "公用经费", D(8))]
    assert amounts(b, "250003") == [("2120101", "30101", "人员经费", D(30))]
    assert sorted((i.unit, i.source.value, i.amount) for i in b.incomes) == [
        ("250001", "一般公共预算拨款收入", D(68)), ("250002", "一般公共预算拨款收入", D("64.5")),
        ("250003", "一般公共预算拨款收入", D(30))]
    assert sorted((p.unit, p.item, p.amount) for p in b.prior) == [("", "收支总预算", D(150)),
                                                                  ("250002", "收支总预算", D(62))]
    assert [(i.level3, i.weight) for i in b.dept_indicators] == [("道路保洁面积", D(90))]
    assert b.facts.own("procurement_goods") == D(10)
    wb = openpyxl.load_workbook(out)
    assert wb["情况说明"]["A1"].value == "部门自己写的情况说明" and wb["设置"]["D1"].value == "部门的备注"
    # 表1-2 rebuilt: 合计 = 60+8+27.5+2+35+30 = 162.5, 基本 127.5, 项目 35; 250002's row 2120501
    t12 = wb["表1-2 部门支出总表"]
    rows = {tuple(c.value for c in row[:5]): [c.value for c in row[5:8]] for row in t12.iter_rows()}
    assert [round(v, 2) for v in rows[(None, None, None, None, "合 计")]] == [162.5, 127.5, 35]
    assert [v and round(v, 2) for v in rows[("212", "05", "01", "250002", "城乡社区环境卫生")]] == [64.5, 29.5, 35]


def test_replace_names_an_unlisted_unit(tmp_path, files):
    from deptbudget.io.workbook_xlsx import build_workbook, save_workbook

    dept, _ = files
    new = tmp_path / "250004.xlsx"
    save_workbook(build_workbook("单位", corrected("250004", "某区园林绿化所")), new)
    out = tmp_path / "新部门.xlsx"
    r = CliRunner().invoke(main, ["rollup", "--replace", str(new), str(dept), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "MRG-08" in r.output and "未登记的新增单位：250004" in r.output
    assert sorted(u.code for u in read(out).units) == ["250001", "250002", "250003", "250004"]


def test_replace_never_writes_over_an_existing_file_or_its_input(tmp_path, files):
    dept, unit = files
    before = dept.read_bytes()
    r = CliRunner().invoke(main, ["rollup", "--replace", str(unit), str(dept), "-o", str(dept), "--overwrite"])
    assert r.exit_code == 2 and "与输入文件相同" in r.output
    out = tmp_path / "已有.xlsx"
    out.write_bytes(b"x")
    r = CliRunner().invoke(main, ["rollup", "--replace", str(unit), str(dept), "-o", str(out)])
    assert r.exit_code == 2 and out.read_bytes() == b"x" and dept.read_bytes() == before


def test_expected_units_name_the_missing_and_the_extra():
    from deptbudget.pipeline import expected_units

    got = Budget(DEPT, UNITS[:2] + (Unit("250009", "新单位", None),))
    found = sorted((f.code, f.severity.value, f.params["unit"]) for f in expected_units(department(), got))
    assert found == [("MRG-07", "警告", "250003"), ("MRG-08", "警告", "250009")]
    assert expected_units(department(), department()) == []
