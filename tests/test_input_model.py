"""What other table sets need from the input model (issue 17 item 4), each an optional input: old
workbooks read as before. The workbooks are written here cell by cell (test_entry_unit.write_book);
every expected figure is worked out by hand in the comments."""

from __future__ import annotations

from decimal import Decimal as D

from test_entry_unit import HEADERS, G, unit_rows, write_book

from deptbudget.core.model import SpendKind
from deptbudget.io.reader import read_workbook
from deptbudget.rollup.tree import build_tree
from deptbudget.rules import validate, validate_file

WAN = {"income": 100, "salary": 60, "office": 10, "project": 30, "prior": 90}


def where(findings, code):
    return [(f.ref.sheet, f.ref.cell) for f in findings if f.code == code]


# -- 人员经费/公用经费 per 基本支出 line ---------------------------------------------------------

def basic_with_override(tmp_path, override: str | None, name="k.xlsx"):
    rows = unit_rows("901001", WAN)
    rows["基本支出"] = [
        ("901001", "2080101", "30101", G, 50, None),  # 人员经费 by its code
        ("901001", "2080101", "30305", G, 10, override),  # 303: 人员经费 by code, 公用经费 when so given
        ("901001", "2080101", "30201", G, 10, None),
    ]
    headers = dict(HEADERS, 基本支出=HEADERS["基本支出"] + ("指定经费类型",))
    return write_book(tmp_path / name, "万元", rows, headers=headers)


def test_303_booked_as_public_spending(tmp_path):
    r = read_workbook(basic_with_override(tmp_path, "公用经费"))
    kinds = {l.econ_code: l.kind for l in r.budget.basic_lines}
    assert kinds == {"30101": SpendKind.PERSONNEL, "30305": SpendKind.PUBLIC, "30201": SpendKind.PUBLIC}
    tree = build_tree(r.budget)
    # 人员经费 50; 公用经费 10 (30305) + 10 (30201) = 20
    assert tree.total(kind=SpendKind.PERSONNEL) == D("50")
    assert tree.total(kind=SpendKind.PUBLIC) == D("20")
    _, found = validate_file(tmp_path / "k.xlsx")  # with the grid: the finding at the column's cell
    assert where(found, "STR-19") == [("基本支出", "F5")]  # row 5: the 30305 line, column F: 指定经费类型
    hit = next(f for f in found if f.code == "STR-19")
    assert hit.params["row"] == "5" and hit.params["econ"] == "30305"


def test_blank_or_same_kind_is_as_before(tmp_path):
    for override in (None, "人员经费"):
        r = read_workbook(basic_with_override(tmp_path, override))
        kinds = {l.econ_code: l.kind for l in r.budget.basic_lines}
        assert kinds["30305"] is SpendKind.PERSONNEL
        assert not where(validate(r.budget), "STR-19")


def test_other_kind_is_refused_at_its_cell(tmp_path):
    r = read_workbook(basic_with_override(tmp_path, "项目支出"))
    assert ("基本支出", "F5") in where(r.findings, "STR-08")
    assert "30305" not in {l.econ_code for l in r.budget.basic_lines}  # not counted, and said so


def test_old_workbook_without_the_column_reads_as_before(tmp_path):
    r = read_workbook(write_book(tmp_path / "old.xlsx", "万元", unit_rows("901001", WAN)))
    assert not r.errors
    assert {l.econ_code: l.kind for l in r.budget.basic_lines} == {"30101": SpendKind.PERSONNEL,
                                                                   "30201": SpendKind.PUBLIC}


def test_override_survives_a_written_workbook(tmp_path):
    """rollup --workbook writes the 指定经费类型 it read, so reading the result gives the same split."""
    from click.testing import CliRunner

    from deptbudget.cli import main

    src = basic_with_override(tmp_path, "公用经费")
    out = tmp_path / "部门.xlsx"
    r = CliRunner().invoke(main, ["rollup", str(src), "--workbook", "-o", str(out)])
    assert r.exit_code in (0, 1), r.output
    back = read_workbook(out).budget
    assert {l.econ_code: l.kind for l in back.basic_lines}["30305"] is SpendKind.PUBLIC


# -- 上年数 per fund and per 功能科目, 上年执行数 ------------------------------------------------

PRIOR_HEADERS = dict(HEADERS, 上年数=HEADERS["上年数"] + ("备注", "功能分类科目编码", "口径"))


def prior_book(tmp_path, code: str, prior_rows) -> object:
    rows = unit_rows(code, WAN)
    rows["上年数"] = prior_rows
    return write_book(tmp_path / f"{code}.xlsx", "万元", rows, headers=PRIOR_HEADERS)


def test_prior_per_function_and_fund_summed_over_units(tmp_path):
    from deptbudget.io.batch import collect
    from deptbudget.rollup.prior import department_prior, prior_detail

    one = prior_book(tmp_path, "901001", [
        ("901001", "收支总预算", 90, None, None, None),
        ("901001", "一般公共预算当年拨款", 50, None, "2080101", None),
        ("901001", "一般公共预算当年拨款", 20, None, "2080199", None),
        ("901001", "一般公共预算当年拨款", 65, None, "20801", "上年执行数"),
        ("901001", "政府性基金预算当年拨款", 12.5, None, None, None),
    ])
    two = prior_book(tmp_path, "901002", [
        ("901002", "收支总预算", 40, None, None, None),
        ("901002", "一般公共预算当年拨款", 30, None, "2080101", None),
        ("901002", "政府性基金预算当年拨款", 7.5, None, None, None),
    ])
    b = collect([one, two], False, 1, False).budget
    assert department_prior(b, "收支总预算") == D("130")  # 90 + 40: the per-科目 rows do not add to it
    assert department_prior(b, "政府性基金预算当年拨款") == D("20")  # 12.5 + 7.5
    detail = {k: v.amount for k, v in prior_detail(b).items()}
    # 2080101: 50 + 30; 2080199: 20 (901002 has none of it: 0)
    assert detail == {("一般公共预算当年拨款", "2080101"): D("80"), ("一般公共预算当年拨款", "2080199"): D("20")}
    executed = {k: v.amount for k, v in prior_detail(b, executed=True).items()}
    assert executed == {("一般公共预算当年拨款", "20801"): D("65")}


def test_prior_basis_other_than_the_two_is_refused(tmp_path):
    r = read_workbook(prior_book(tmp_path, "901001", [("901001", "收支总预算", 90, None, None, "决算数")]))
    assert ("上年数", "F4") in where(r.findings, "STR-08")
    assert not r.budget.prior


def test_prior_detail_survives_a_written_workbook(tmp_path):
    from click.testing import CliRunner

    from deptbudget.cli import main

    src = prior_book(tmp_path, "901001", [
        ("901001", "收支总预算", 90, None, None, None),
        ("901001", "一般公共预算当年拨款", 50, None, "2080101", "上年执行数")])
    out = tmp_path / "部门.xlsx"
    r = CliRunner().invoke(main, ["rollup", str(src), "--workbook", "-o", str(out)])
    assert r.exit_code in (0, 1), r.output
    back = read_workbook(out).budget
    assert {(p.item, p.amount, p.func_code, p.executed) for p in back.prior} == {
        ("收支总预算", D("90"), "", False), ("一般公共预算当年拨款", D("50"), "2080101", True)}


def test_district_lifts_prior_detail(tmp_path):
    from deptbudget.io.batch import collect
    from deptbudget.rollup.prior import as_unit_prior

    one = prior_book(tmp_path, "901001", [("901001", "一般公共预算当年拨款", 50, None, "2080101", None)])
    two = prior_book(tmp_path, "901002", [("901002", "一般公共预算当年拨款", 30, None, "2080101", None)])
    b = collect([one, two], False, 1, False).budget
    assert {(p.unit, p.item, p.amount, p.func_code) for p in as_unit_prior(b, "901")} == {
        ("901", "一般公共预算当年拨款", D("80"), "2080101")}


# -- a project's 实施周期, 项目总额, 主管部门, 实施单位 -------------------------------------------

PROJECT_HEADERS = dict(HEADERS, 项目支出=HEADERS["项目支出"] + ("实施周期", "项目总额", "主管部门", "实施单位"))


def test_project_details_on_its_first_row(tmp_path):
    from test_entry_unit import YUAN

    rows = unit_rows("901001", YUAN)  # 元: 项目总额 1,800,000 元 = 180 万元
    rows["项目支出"] = [
        ("901001", "项目901001", "特定目标类", "2080199", "30227", G, 622222.22, "年度目标",
         "2024—2026年", 1800000, "测试主管局", "测试实施中心"),
        ("901001", "项目901001", "特定目标类", "2080199", "30201", G, 100000, None, None, None, None, None),
    ]
    r = read_workbook(write_book(tmp_path / "p.xlsx", "元", rows, headers=PROJECT_HEADERS))
    (p,) = r.budget.projects
    assert (p.period, p.total, p.supervisor, p.implementer) == ("2024—2026年", D("180"), "测试主管局", "测试实施中心")
    assert p.amount == D("72.222222")  # 622222.22 + 100000 = 722222.22 元
    out = tmp_path / "部门.xlsx"
    from click.testing import CliRunner

    from deptbudget.cli import main

    res = CliRunner().invoke(main, ["rollup", str(tmp_path / "p.xlsx"), "--workbook", "-o", str(out)])
    assert res.exit_code in (0, 1), res.output
    (back,) = read_workbook(out).budget.projects  # written in 元 (the workbook declared 元), read back
    assert (back.period, back.total, back.supervisor, back.implementer) == (
        "2024—2026年", D("180"), "测试主管局", "测试实施中心")


def test_old_project_sheet_has_no_details(tmp_path):
    r = read_workbook(write_book(tmp_path / "old.xlsx", "万元", unit_rows("901001", WAN)))
    (p,) = r.budget.projects
    assert (p.period, p.total, p.supervisor, p.implementer) == ("", None, "", "")
    assert not r.errors


# -- 中小企业预留 -----------------------------------------------------------------------------

def sme_book(tmp_path, code, unit_label, goods, services, sme):
    extra = (("政府采购预算（货物）", goods), ("政府采购预算中预留中小企业金额", sme))
    rows = unit_rows(code, WAN) | {"procurement": services}  # write_book's 政府采购预算（服务） row
    return write_book(tmp_path / f"{code}.xlsx", unit_label, rows, extra_info=extra)


def test_sme_reserve_summed_over_units_in_their_units(tmp_path):
    """901001 in 元: 货物 200000, 预留 150000 (= 20, 15 万元); 901002 in 万元: 服务 10, 预留 9."""
    from deptbudget.io.batch import collect

    one = sme_book(tmp_path, "901001", "元", 200000, None, 150000)
    two = sme_book(tmp_path, "901002", "万元", None, 10, 9)
    b = collect([one, two], False, 1, False).budget
    assert b.facts["procurement_sme"] == D("24")  # 15 + 9
    assert not [f for f in validate(b) if f.code == "FCT-04"]  # 24 ≤ 20 + 10


def test_sme_reserve_above_procurement_is_flagged(tmp_path):
    r = read_workbook(sme_book(tmp_path, "901001", "万元", 20, 10, 40))
    found = validate(r.budget)
    assert where(found, "FCT-04") == [("基本信息", "B12")]  # the 预留 row written after 货物 (row 11)
    assert [f.params for f in found if f.code == "FCT-04"] == [{"sme": "40.00", "total": "30.00"}]
