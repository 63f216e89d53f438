"""科目名称 in the published tables for codes outside the built-in list (issue 13 item 5).

A three-unit department (not the example) spends on 2129901 其他城乡社区支出 and 2120804 农村基础设施建设支出
(政府性基金), which the built-in partial list lacks, and on 经济分类 30288 (also absent). Names come from the
code list of the budget year (an imported one when there is one), else from the workbook's own 科目名称
column; a code nobody names prints 「（名称未知，请导入科目表）」 and validate gives COD-12 (错误).
Expected cells are written out by hand.
"""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from deptbudget.core.findings import Severity
from deptbudget.core.model import (
    Budget,
    Department,
    ExpenseLine,
    Income,
    Project,
    ProjectCategory,
    Source,
    SpendKind,
    Unit,
    UnitKind,
)
from deptbudget.reference import codes as C
from deptbudget.rollup.tables import build_tables
from deptbudget.rollup.tree import build_tree
from deptbudget.template import spec

D = Decimal
P, PUB, J = SpendKind.PERSONNEL, SpendKind.PUBLIC, SpendKind.PROJECT
G, F = Source.GENERAL, Source.FUND
UNKNOWN = "（名称未知，请导入科目表）"
DEPT = Department("250", "某区城市管理局", 2025, "DB-1.0")
UNITS = (Unit("250001", "某区城市管理局", UnitKind.ADMIN),
         Unit("250002", "某区环境卫生管理所", UnitKind.INSTITUTION),
         Unit("250003", "某区城市管理执法大队", UnitKind.CIVIL_SERVICE))


def L(unit, func, econ, kind, amount, source=G, project=""):
    return ExpenseLine(unit, func, econ, kind, source, D(amount), project)


LINES = (
    L("250001", "2120101", "30101", P, "100"),
    L("250001", "2129901", "30201", PUB, "20"),
    L("250001", "2129901", "30288", PUB, "1.5"),
    L("250002", "2120501", "", J, "50", project="道路保洁项目"),
    L("250002", "2129901", "", J, "30", project="市容整治项目"),
    L("250003", "2120101", "30101", P, "40"),
    L("250003", "2120804", "", J, "12", source=F, project="农村道路项目"),
)
INCOMES = (Income("250001", G, D("121.5")), Income("250002", G, D(80)), Income("250003", G, D(40)),
           Income("250003", F, D(12)))
PROJECTS = tuple(Project(l.unit, l.project, l.func_code, ProjectCategory.SPECIFIC, l.amount, l.source, "年度目标",
                         (l,)) for l in LINES if l.project)


def budget(facts=None) -> Budget:
    return Budget(DEPT, UNITS, INCOMES, LINES, PROJECTS, facts=dict(facts or {}))


@pytest.fixture(autouse=True)
def own_home(tmp_path, monkeypatch):
    """No imported code list unless a test imports one."""
    monkeypatch.setenv("DEPTBUDGET_HOME", str(tmp_path / "home"))
    C.clear_cache()
    yield
    C.clear_cache()


def names_by_row(t, col):
    return {r.key: r.values[col] for r in t.rows}


def test_no_list_no_name_prints_the_marker_never_a_blank():
    t = build_tables(build_tree(budget()))
    t12 = names_by_row(t["t1_2"], 4)
    assert t12[("func", "2129901", "250001")] == UNKNOWN
    assert t12[("func", "2129901", "250002")] == UNKNOWN
    assert t12[("func", "2120101", "250001")] == "行政运行"
    assert t12[("func", "2120804", "250003")] == UNKNOWN
    # 表1-2 amounts of the nameless rows: 合计 | 基本 | 项目
    row = t["t1_2"].find("func", "2129901", "250001")
    assert row.values[5:] == (D("21.5"), D("21.5"), None)
    assert names_by_row(t["t3"], 4)[("func", "2129901", "250")] == UNKNOWN
    assert t["t3"].find("func", "2129901", "250").values[5:] == (D("51.5"), D("51.5"), None)
    assert names_by_row(t["t3_2"], 4)[("func", "2129901", "250002")] == UNKNOWN
    assert names_by_row(t["t4"], 4)[("func", "2120804", "250003")] == UNKNOWN
    assert t["t4"].find("func", "2120804", "250003").values[5:] == (D(12), None, D(12))
    # 经济分类: the 款 row is nameless, its 类 row is named
    t31 = names_by_row(t["t3_1"], 3)
    assert t31[("econ", "30288", "250001")] == UNKNOWN
    assert t31[("econ_class", "302", "250001")] == "商品和服务支出"
    for table in t.values():
        for r in table.rows:
            if r.key[0] in ("func", "econ", "econ_class"):
                assert r.values[3 if table.key in ("t3_1", "t2_1") else 4], (table.key, r.key)


def _import(tmp_path, year="2025"):
    from deptbudget.reference.importer import import_file

    src = tmp_path / f"{year}年政府收支分类科目.csv"
    src.write_text("科目编码,科目名称\n212,城乡社区支出\n21201,城乡社区管理事务\n2120101,行政运行\n"
                   "21205,城乡社区环境卫生\n2120501,城乡社区环境卫生\n21208,国有土地使用权出让收入安排的支出\n"
                   "2120804,农村基础设施建设支出\n21299,其他城乡社区支出\n2129901,其他城乡社区支出\n"
                   "301,工资福利支出\n30101,基本工资\n302,商品和服务支出\n30201,办公费\n30288,测试导入经济科目\n",
                   encoding="utf-8")
    import_file(src, year=year)


def test_imported_list_of_the_year_names_every_row(tmp_path):
    _import(tmp_path)
    t = build_tables(build_tree(budget()))
    assert t["t1_2"].find("func", "2129901", "250001").values[4] == "其他城乡社区支出"
    assert t["t3"].find("func", "2129901", "250").values[4] == "其他城乡社区支出"
    assert t["t3_2"].find("func", "2129901", "250002").values[4] == "其他城乡社区支出"
    assert t["t4"].find("func", "2120804", "250003").values[4] == "农村基础设施建设支出"
    assert t["t3_1"].find("econ", "30288", "250001").values[3] == "测试导入经济科目"


def test_a_list_of_another_year_is_not_used(tmp_path):
    _import(tmp_path, year="2024")
    t = build_tables(build_tree(budget()))
    assert t["t1_2"].find("func", "2129901", "250001").values[4] == UNKNOWN


def test_the_workbooks_own_name_is_printed():
    facts = {C.NAME_FACT + "2129901": "其他城乡社区支出（单位填写）"}
    t = build_tables(build_tree(budget(facts)))
    assert t["t1_2"].find("func", "2129901", "250002").values[4] == "其他城乡社区支出（单位填写）"
    assert t["t4"].find("func", "2120804", "250003").values[4] == UNKNOWN


# -- through files: unit workbooks → roll-up → department workbook → validate ----------------

def _unit_files(tmp_path, typed: dict[str, str]):
    """One workbook per unit; `typed` puts a name as text in the 功能分类科目名称 cell of every line
    with that code (what a unit does when the template's lookup shows 「（未知科目）」)."""
    from deptbudget.io.workbook_xlsx import build_workbook, save_workbook
    from deptbudget.pipeline import unit_budgets

    files = []
    for ub in unit_budgets(budget()):
        path = tmp_path / f"{ub.units[0].code}.xlsx"
        save_workbook(build_workbook("单位", ub), path)
        wb = openpyxl.load_workbook(path)
        for sheet in (spec.BASIC, spec.PROJECTS):
            ws = wb[sheet.name]
            code_col, name_col = sheet.index("func_code") + 1, sheet.index("func_name") + 1
            for r in range(4, ws.max_row + 1):
                code = ws.cell(r, code_col).value
                if code in typed:
                    ws.cell(r, name_col).value = typed[code]
        wb.save(path)
        files.append(path)
    return files


def test_a_typed_name_survives_rollup_and_the_rebuilt_department_workbook(tmp_path):
    from deptbudget.io.batch import collect
    from deptbudget.io.reader import read_workbook
    from deptbudget.io.workbook_xlsx import build_workbook, save_workbook
    from deptbudget.pipeline import all_tables
    from deptbudget.rules import validate_file

    files = _unit_files(tmp_path, {"2129901": "其他城乡社区支出"})
    c = collect([str(f) for f in files], skip_bad=False, jobs=1, progress=False)
    assert c.exit_code == 0
    t = build_tables(build_tree(c.budget))
    assert t["t1_2"].find("func", "2129901", "250001").values[4] == "其他城乡社区支出"
    assert t["t3_2"].find("func", "2129901", "250002").values[4] == "其他城乡社区支出"
    assert t["t4"].find("func", "2120804", "250003").values[4] == UNKNOWN  # nobody typed it
    dept = tmp_path / "部门.xlsx"
    save_workbook(build_workbook("部门", c.budget, all_tables(c.budget)), dept)
    again = read_workbook(dept)
    assert C.workbook_name(again.budget.facts, "2129901") == "其他城乡社区支出"
    _, found = validate_file(dept)
    by_code = {(f.code, f.params.get("code")) for f in found}
    assert ("COD-02", "2129901") in by_code and ("COD-12", "2129901") not in by_code
    cod12 = [f for f in found if f.code == "COD-12"]
    assert {(f.params["code"], f.severity) for f in cod12} == {("2120804", Severity.ERROR), ("30288", Severity.ERROR)}


def test_validate_gives_an_error_at_the_first_line_of_a_nameless_code(tmp_path):
    from deptbudget.rules import validate_file

    files = _unit_files(tmp_path, {})
    _, found = validate_file(files[0])  # 250001: 2129901 on 基本支出 rows 5 and 6, 30288 on row 6
    cod12 = sorted((f.code, f.severity, f.ref.sheet, f.ref.cell, f.params["code"]) for f in found if f.code == "COD-12")
    func_col = chr(ord("A") + spec.BASIC.index("func_code"))
    econ_col = chr(ord("A") + spec.BASIC.index("econ_code"))
    assert cod12 == [("COD-12", Severity.ERROR, "基本支出", f"{func_col}5", "2129901"),
                     ("COD-12", Severity.ERROR, "基本支出", f"{econ_col}6", "30288")]
    assert not [f for f in found if f.code in ("COD-02", "COD-04")]


def test_with_the_imported_list_validate_has_no_name_finding(tmp_path):
    from deptbudget.rules import validate_file

    _import(tmp_path)
    files = _unit_files(tmp_path, {})
    _, found = validate_file(files[0])
    assert not [f for f in found if f.code in ("COD-02", "COD-04", "COD-12")]
