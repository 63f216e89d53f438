"""Input workbooks in 元 (issue 17 item 3): 基本信息 「金额单位」 元 is converted exactly on reading
(÷ 10000, Decimal, no rounding), each workbook by its own declaration; anything but 万元/元 is
STR-10; what the tool writes back into an input workbook is in that workbook's unit.

The workbooks are written here cell by cell with openpyxl (not by the project's writer); every
expected 万元 figure is the 元 figure with the decimal point moved four places, by hand.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from deptbudget.cli import main
from deptbudget.io.batch import collect
from deptbudget.io.reader import read_workbook
from deptbudget.rollup.tree import build_tree
from deptbudget.rules import validate

HEADERS = {
    "单位信息": ("单位编码", "单位名称", "单位类型"),
    "收入": ("单位编码", "收入类别", "金额"),
    "基本支出": ("单位编码", "功能分类科目编码", "经济分类科目编码", "资金来源", "金额"),
    "项目支出": ("单位编码", "项目名称", "项目类别", "功能分类科目编码", "经济分类科目编码", "资金来源", "金额", "年度目标"),
    "项目绩效目标": ("单位编码", "项目名称", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重"),
    "上年数": ("单位编码", "项目", "金额"),
}
G = "一般公共预算拨款收入"


def unit_rows(code: str, amounts: dict) -> dict:
    """One unit's rows; `amounts` as the cells hold them (in the workbook's unit)."""
    a = amounts
    return {
        "单位信息": [(code, f"测试单位{code}", "行政单位")],
        "收入": [(code, G, a["income"])],
        "基本支出": [(code, "2080101", "30101", G, a["salary"]), (code, "2080101", "30201", G, a["office"])],
        "项目支出": [(code, f"项目{code}", "特定目标类", "2080199", "30227", G, a["project"], "年度目标")],
        "项目绩效目标": [(code, f"项目{code}", "产出指标", "数量指标", "完成数", "≥", "1", "项", 100)],
        "上年数": [(code, "收支总预算", a["prior"])],
    }


def write_book(path: Path, unit_label, rows: dict, form: str = "单位", extra_info=(), headers=None) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "基本信息"
    info = [("预算年度", 2025), ("部门编码", "901"), ("部门名称", "测试部门"), ("工作簿类型", form),
            ("模板版本", "DB-1.0"), ("金额单位", unit_label), ("政府采购预算（服务）", rows.get("procurement")),
            *extra_info]
    for r, (label, value) in enumerate(info, start=4):
        ws.cell(r, 1, label)
        ws.cell(r, 2, value)
    for name, heads in (headers or HEADERS).items():
        sheet = wb.create_sheet(name)
        for j, h in enumerate(heads, start=1):
            sheet.cell(3, j, h)
        for i, values in enumerate(rows.get(name, ()), start=4):
            for j, v in enumerate(values, start=1):
                sheet.cell(i, j, v)
    wb.save(path)
    return path


# 元 figures and the same money in 万元, by hand
YUAN = {"income": 1234567.89, "salary": 600000, "office": 12345.67, "project": 622222.22, "prior": 1000000.5}
WAN = {"income": D("123.456789"), "salary": D("60"), "office": D("1.234567"), "project": D("62.222222"),
       "prior": D("100.00005")}


def codes(findings, code):
    return [f for f in findings if f.code == code]


def test_yuan_workbook_is_read_as_wan_exactly(tmp_path):
    path = write_book(tmp_path / "901001.xlsx", "元", unit_rows("901001", YUAN) | {"procurement": 50000})
    r = read_workbook(path)
    b = r.budget
    assert [i.amount for i in b.incomes] == [WAN["income"]]
    assert sorted(l.amount for l in b.lines) == sorted([WAN["salary"], WAN["office"], WAN["project"]])
    assert b.projects[0].amount == WAN["project"]
    assert [p.amount for p in b.prior] == [WAN["prior"]]
    assert b.facts["procurement_services"] == D("5")
    assert all(isinstance(l.amount, D) for l in b.lines)
    found = r.findings + validate(b)
    assert not codes(found, "STR-10") and not codes(found, "AMT-06") and not codes(found, "AMT-20")


def test_same_money_in_wan_reads_the_same(tmp_path):
    wan = {k: float(v) for k, v in WAN.items()}
    a = read_workbook(write_book(tmp_path / "a.xlsx", "元", unit_rows("901001", YUAN))).budget
    b = read_workbook(write_book(tmp_path / "b.xlsx", "万元", unit_rows("901001", wan))).budget
    c = read_workbook(write_book(tmp_path / "c.xlsx", None, unit_rows("901001", wan))).budget  # blank = 万元
    assert [l.amount for l in a.lines] == [l.amount for l in b.lines] == [l.amount for l in c.lines]
    assert [i.amount for i in a.incomes] == [i.amount for i in b.incomes]


def test_text_and_full_width_amounts_in_yuan(tmp_path):
    """A 元 amount typed as text is read like a number (AMT-02 as in any workbook), then converted."""
    rows = unit_rows("901001", YUAN)
    rows["基本支出"][1] = ("901001", "2080101", "30201", G, "12,345.67")
    r = read_workbook(write_book(tmp_path / "t.xlsx", "元", rows))
    assert D("1.234567") in [l.amount for l in r.budget.lines]
    assert codes(r.findings, "AMT-04")


def test_department_of_yuan_and_wan_units_sums_right(tmp_path):
    """Unit 901001 in 元, unit 901002 in 万元: each converted by its own declaration."""
    one = write_book(tmp_path / "901001.xlsx", "元", unit_rows("901001", YUAN) | {"procurement": 50000})
    two_amounts = {"income": 80.5, "salary": 50, "office": 10.5, "project": 20, "prior": 70}
    two = write_book(tmp_path / "901002.xlsx", "万元", unit_rows("901002", two_amounts) | {"procurement": 3})
    c = collect([one, two], False, 1, False)
    b = c.budget
    tree = build_tree(b)
    # 123.456789 + 80.5 ; 60 + 1.234567 + 62.222222 + 50 + 10.5 + 20
    assert sum(i.amount for i in b.incomes) == D("203.956789")
    assert tree.total() == D("203.956789")
    assert b.facts["procurement_services"] == D("8")  # 5 + 3
    from deptbudget.rollup.prior import department_prior

    assert department_prior(b, "收支总预算") == D("170.00005")  # 100.00005 + 70
    assert not any(f.code == "STR-10" for f in c.findings)


@pytest.mark.parametrize("label", ["千元", "亿元", "万圆", "元/万元"])
def test_any_other_unit_is_an_error_at_its_cell(tmp_path, label):
    r = read_workbook(write_book(tmp_path / "x.xlsx", label, unit_rows("901001", YUAN)))
    hits = codes(validate(r.budget), "STR-10")
    assert [(f.ref.sheet, f.ref.cell) for f in hits] == [("基本信息", "B9")]  # row 9: 金额单位
    assert hits[0].params["unit"] == label


@pytest.mark.parametrize("label", ["元", " 元 ", "万元", "万 元"])
def test_accepted_units(tmp_path, label):
    r = read_workbook(write_book(tmp_path / "x.xlsx", label, unit_rows("901001", YUAN)))
    assert not codes(validate(r.budget), "STR-10")


def test_yuan_limits_are_the_same_money(tmp_path):
    """元 keeps 分 (2 decimals, AMT-06 beyond) and takes 2e10 元 (= 2e6 万元, under the 1e10 万元 limit)."""
    rows = unit_rows("901001", YUAN)
    rows["基本支出"][0] = ("901001", "2080101", "30101", G, 600000.123)
    rows["基本支出"][1] = ("901001", "2080101", "30201", G, 2e10)
    r = read_workbook(write_book(tmp_path / "x.xlsx", "元", rows))
    six = codes(r.findings, "AMT-06")
    assert [(f.ref.cell, f.params["unit"], f.params["limit"]) for f in six] == [("E4", "元", 2)]
    assert not codes(r.findings, "AMT-10")
    assert sorted(l.amount for l in r.budget.basic_lines) == [D("60.0000123"), D("2000000")]


def test_magnitude_rules_judge_by_the_declared_unit(tmp_path):
    """The same 万元 figures in the model: AMT-20 (元 typed into 万元) only for the 万元 workbook;
    in a 元 workbook a line a thousandth of the rest while the unit does not balance is AMT-24."""
    big = {"income": 1, "salary": 20, "office": 30, "project": 350000, "prior": 1}
    wan = read_workbook(write_book(tmp_path / "w.xlsx", "万元", unit_rows("901001", big))).budget
    yuan_big = {k: v * 10000 for k, v in big.items()}
    yuan = read_workbook(write_book(tmp_path / "y.xlsx", "元", unit_rows("901001", yuan_big))).budget
    assert [l.amount for l in wan.lines] == [l.amount for l in yuan.lines]
    assert codes(validate(wan), "AMT-20") and not codes(validate(yuan), "AMT-20")
    # 元: 200000, 300000, 项目 3.5 (meant 3.5 万元); income 535000 ≠ 500003.5
    slip = {"income": 535000, "salary": 200000, "office": 300000, "project": 3.5, "prior": 500000}
    r = read_workbook(write_book(tmp_path / "s.xlsx", "元", unit_rows("901001", slip)))
    hits = codes(validate(r.budget), "AMT-24")
    assert [(f.ref.sheet, f.ref.cell) for f in hits] == [("项目支出", "G4")]
    assert hits[0].params["as_yuan"] == "35000.00"
    fixed = dict(slip, project=35000)
    r = read_workbook(write_book(tmp_path / "f.xlsx", "元", unit_rows("901001", fixed)))
    assert not codes(validate(r.budget), "AMT-24")


def _cells(path: Path, sheet: str, column: str) -> list:
    ws = load_workbook(path)[sheet]
    head = next(r for r in ws.iter_rows(max_row=10) if any(c.value == column for c in r))
    j = next(c.column for c in head if c.value == column)
    return [ws.cell(r, j).value for r in range(head[0].row + 1, ws.max_row + 1) if ws.cell(r, j).value is not None]


def _info(path: Path, label: str):
    ws = load_workbook(path)["基本信息"]
    return next(ws.cell(r, 2).value for r in range(1, 60) if ws.cell(r, 1).value == label)


def test_rollup_workbook_writes_in_the_units_declared_unit(tmp_path):
    """All units in 元 → the department workbook declares 元 and holds 元; mixed → 万元 and 万元."""
    one = write_book(tmp_path / "901001.xlsx", "元", unit_rows("901001", YUAN) | {"procurement": 50000})
    two = write_book(tmp_path / "901002.xlsx", "元", unit_rows("901002", YUAN))
    out = tmp_path / "部门.xlsx"
    r = CliRunner().invoke(main, ["rollup", str(one), str(two), "--workbook", "-o", str(out)])
    assert r.exit_code in (0, 1), r.output
    assert _info(out, "金额单位") == "元"
    assert sorted(D(str(v)) for v in _cells(out, "收入", "金额")) == [D("1234567.89")] * 2
    assert D(str(_cells(out, "基本信息", "901001")[0])) == D("50000")  # the unit's fact column, in 元
    back = read_workbook(out).budget
    assert sum(i.amount for i in back.incomes) == 2 * WAN["income"]

    wan = write_book(tmp_path / "901003.xlsx", "万元",
                     unit_rows("901003", {"income": 1, "salary": 0.5, "office": 0.25, "project": 0.25, "prior": 1}))
    out2 = tmp_path / "部门2.xlsx"
    r = CliRunner().invoke(main, ["rollup", str(one), str(wan), "--workbook", "-o", str(out2)])
    assert r.exit_code in (0, 1), r.output
    assert _info(out2, "金额单位") == "万元"
    assert sorted(D(str(v)) for v in _cells(out2, "收入", "金额")) == [D("1"), WAN["income"]]


def test_resubmission_into_a_yuan_department_workbook_is_in_yuan(tmp_path):
    """--replace-units writes the corrected unit's rows in the department workbook's unit (元),
    whatever the unit workbook was entered in (here 万元)."""
    rows = unit_rows("901001", YUAN)
    rows2 = unit_rows("901002", YUAN)
    dept_rows = {k: rows[k] + rows2[k] for k in HEADERS}
    dept = write_book(tmp_path / "部门.xlsx", "元", dept_rows, form="部门")
    fixed = write_book(tmp_path / "901002.xlsx", "万元",
                       unit_rows("901002", {"income": 2, "salary": 1, "office": 0.5, "project": 0.5, "prior": 1}))
    out = tmp_path / "部门-更正.xlsx"
    r = CliRunner().invoke(main, ["rollup", str(dept), "--replace", str(fixed), "-o", str(out)])
    assert r.exit_code in (0, 1), r.output
    assert sorted(D(str(v)) for v in _cells(out, "收入", "金额")) == [D("20000"), D("1234567.89")]
    back = read_workbook(out).budget
    assert sum(i.amount for i in back.incomes) == WAN["income"] + 2


def test_cost_indicators_judged_against_the_converted_amount(tmp_path):
    """Project 300000 元 = 30 万元. 「预算控制数 ≤ 30 万元」 is right (no PRF-11/12/13); 「≤ 300000 元」
    is the same money in another unit (PRF-13 only); 「≤ 25 万元」 is below the project (PRF-12)."""
    def found(value, measure):
        rows = unit_rows("901001", dict(YUAN, project=300000))
        rows["项目绩效目标"] = [("901001", "项目901001", "成本指标", "经济成本指标", "项目预算控制数", "≤",
                           value, measure, 100)]
        r = read_workbook(write_book(tmp_path / f"c{value}.xlsx", "元", rows))
        return {f.code for f in validate(r.budget)} & {"PRF-11", "PRF-12", "PRF-13"}

    assert found("30", "万元") == set()
    assert found("300000", "元") == {"PRF-13"}
    assert found("25", "万元") == {"PRF-12"}
