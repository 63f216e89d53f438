"""Table sets (issue 17): 四川单位预算 dresses the same tables for one unit; amounts never change.

The budget is built here: 示范市教育局 (512) with one unit, 示范市第三中学 (512003). Expected titles,
labels and figures are written out by hand from the data below.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from deptbudget.core.model import Budget, Department, ExpenseLine, Income, Source, SpendKind, Unit, UnitKind
from deptbudget.pipeline import all_tables
from deptbudget.tablesets import SETS, get

DEPT, UNIT = "示范市教育局", "示范市第三中学"
G = Source.GENERAL


def line(econ, kind, amount, project=""):
    return ExpenseLine("512003", "2050203", econ, kind, G, D(amount), project)


def one_unit_budget() -> Budget:
    return Budget(
        Department("512", DEPT, 2025, form="单位"),
        units=(Unit("512003", UNIT, UnitKind.INSTITUTION),),
        incomes=(Income("512003", G, D("170.25")),),
        lines=(line("30101", SpendKind.PERSONNEL, "120.5"), line("30201", SpendKind.PUBLIC, "8.25"),
               line("30217", SpendKind.PUBLIC, "1.5"), line("31005", SpendKind.PROJECT, "40", "校舍维修项目")),
    )


UNIT_TITLES = {  # number → title of 四川单位预算, by hand
    "t1": ("表1", "单位收支总表"), "t1_1": ("表1-1", "单位收入总表"), "t1_2": ("表1-2", "单位支出总表"),
    "t2": ("表2", "财政拨款收支预算总表"), "t2_1": ("表2-1", "财政拨款支出预算表（部门经济分类科目）"),
    "t3": ("表3", "一般公共预算支出预算表"), "t3_1": ("表3-1", "一般公共预算基本支出预算表"),
    "t3_2": ("表3-2", "一般公共预算项目支出预算表"), "t3_3": ("表3-3", "一般公共预算“三公”经费支出预算表"),
    "t4": ("表4", "政府性基金预算支出预算表"), "t4_1": ("表4-1", "政府性基金预算“三公”经费支出预算表"),
    "t5": ("表5", "国有资本经营预算支出预算表"), "t6": ("表6", "单位预算项目绩效目标表"),
    "t7": ("表7", "单位整体支出绩效目标表"),
}


@pytest.fixture(scope="module")
def both():
    b = one_unit_budget()
    return all_tables(b), all_tables(b, get("四川单位预算"))


def test_unit_set_titles_and_subtitle(both):
    _, unit = both
    assert set(unit) == set(UNIT_TITLES)
    for key, (number, title) in UNIT_TITLES.items():
        t = unit[key]
        assert (t.number, t.title) == (number, title)
        assert t.subtitle == f"单位：{UNIT}"
        assert t.unit_label == "金额单位：万元"


def test_dept_set_unchanged_wording(both):
    dept, _ = both
    assert dept["t1"].title == "部门收支总表" and dept["t6"].title == "部门预算项目绩效目标表"
    assert dept["t1"].subtitle == f"部门：{DEPT}（部门）"


def test_unit_labels_in_the_body(both):
    dept, unit = both
    # 表3 prints one block for the publisher: the department's name/code, or the unit's
    assert dept["t3"].find("unit", "512").values[3:5] == (None, DEPT)
    assert unit["t3"].find("unit", "512").values[3:5] == (None, UNIT)
    assert unit["t3"].find("func", "2050203", "512").values[:4] == ("205", "02", "03", "512003")
    # 表6: the publisher's row carries 「code-name」 and the project total 40
    assert dept["t6"].find("dept").values[:3] == ("512-" + DEPT, None, D("40"))
    assert unit["t6"].find("dept").values[:3] == ("512003-" + UNIT, None, D("40"))
    # 表7 names its publisher in the header
    assert unit["t7"].header[0][:2] == ("单位名称", UNIT)
    assert dept["t7"].header[0][:2] == ("部门名称", DEPT)
    for t in unit.values():  # never the department's title wording
        assert "部门预算公开表" not in t.title and "（部门）" not in t.subtitle


def test_amounts_equal_the_department_sets(both):
    dept, unit = both
    for key in dept:
        assert list(unit[key].money_cells()) == list(dept[key].money_cells()), key
        assert [r.key for r in unit[key].rows] == [r.key for r in dept[key].rows], key
    # by hand: 收入总计 170.25; 基本支出 130.25 (人员 120.5, 公用 9.75); 三公 = 公务接待 1.5
    assert unit["t1"].find("grand_total").values[1] == D("170.25")
    assert unit["t3_1"].find("total").values[4:7] == (D("130.25"), D("120.5"), D("9.75"))
    t33 = unit["t3_3"].find("unit", "512003").values
    assert (t33[2], t33[7]) == (D("1.5"), D("1.5"))


def test_unit_set_refuses_several_units():
    b = one_unit_budget()
    two = Budget(b.department, units=b.units + (Unit("512004", "示范市第四中学", b.units[0].kind),),
                 incomes=b.incomes, lines=b.lines)
    with pytest.raises(ValueError, match="2 个单位"):
        all_tables(two, get("四川单位预算"))
    assert all_tables(two)["t1"].subtitle == f"部门：{DEPT}（部门）"


def test_set_lookup():
    assert get(None) is get("四川部门预算") is SETS["四川部门预算"]
    with pytest.raises(ValueError, match="没有名为「北京部门预算」的公开表样式"):
        get("北京部门预算")


# -- the command line -------------------------------------------------------------------------------

def run_cli(*args):
    from click.testing import CliRunner

    from deptbudget.cli import main

    return CliRunner().invoke(main, list(args))


def test_table_sets_command_lists_the_sets():
    r = run_cli("table-sets", "--tables")
    assert r.exit_code == 0
    assert "四川部门预算（默认）" in r.output and "四川单位预算" in r.output
    assert "    表1 单位收支总表" in r.output and "    表7 部门整体支出绩效目标表" in r.output


def test_export_with_the_unit_set(tmp_path):
    from openpyxl import load_workbook

    from deptbudget.io.workbook_xlsx import build_workbook, save_workbook

    src = tmp_path / "三中.xlsx"
    save_workbook(build_workbook("单位", one_unit_budget()), src)
    out = tmp_path / "公开"
    r = run_cli("export", str(src), "--out", str(out), "--no-pdf", "--force", "--table-set", "四川单位预算")
    assert r.exit_code == 0, r.output
    book = out / f"{UNIT}2025年单位预算公开表.xlsx"
    wb = load_workbook(book)
    assert wb.sheetnames[0] == "表1 单位收支总表" and wb.sheetnames[12] == "表6 单位预算项目绩效目标表"
    ws = wb["表1 单位收支总表"]
    assert (ws["A1"].value, ws["A2"].value, ws["A3"].value) == ("单位收支总表", "表1", f"单位：{UNIT}")
    assert not any(p.name.startswith(DEPT) for p in out.iterdir())


def test_unknown_set_and_unit_set_on_a_department_are_refused(tmp_path):
    from deptbudget.io.workbook_xlsx import build_workbook, save_workbook

    b = one_unit_budget()
    two = Budget(Department("512", DEPT, 2025), units=b.units + (Unit("512004", "示范市第四中学", b.units[0].kind),),
                 incomes=b.incomes, lines=b.lines)
    src = tmp_path / "部门.xlsx"
    save_workbook(build_workbook("部门", two), src)
    r = run_cli("export", str(src), "--out", str(tmp_path / "o"), "--no-pdf", "--force", "--table-set", "四川单位预算")
    assert r.exit_code == 2 and "2 个单位" in r.output
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())
    r = run_cli("export", str(src), "--table-set", "上海")
    assert r.exit_code == 2 and "没有名为「上海」的公开表样式" in r.output
