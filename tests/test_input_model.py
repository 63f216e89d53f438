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
