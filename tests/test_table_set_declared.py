"""基本信息 「公开表样式」 (issue 17): the set rollup, fill, export and demo publish in when
--table-set is not given; --table-set wins and says so; an unknown name is an 错误 listing the
valid names; workbooks of one department declaring different sets are a finding."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook
from test_entry_unit import YUAN, unit_rows, write_book

from deptbudget.cli import main
from deptbudget.io.reader import read_workbook
from deptbudget.rules import validate


def book(tmp_path: Path, code: str, declared, name: str | None = None) -> Path:
    extra = (("公开表样式", declared),) if declared is not None else ()
    return write_book(tmp_path / (name or f"{code}.xlsx"), "元", unit_rows(code, YUAN), extra_info=extra)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def codes(findings, code):
    return [(f.ref.file, f.ref.sheet, f.ref.cell) for f in findings if f.code == code]


def test_declared_unit_set_is_used_by_export(tmp_path):
    src = book(tmp_path, "901001", "四川单位预算")
    r = run("export", src, "--out", tmp_path / "out", "--no-pdf", "--force")
    assert r.exit_code in (0, 1), r.output
    assert "公开表样式：四川单位预算" in r.output
    names = [p.name for p in (tmp_path / "out").iterdir()]
    assert any(n.endswith("单位预算公开表.xlsx") for n in names), names


def test_table_set_option_overrides_and_says_so(tmp_path):
    src = book(tmp_path, "901001", "四川单位预算")
    r = run("export", src, "--out", tmp_path / "out", "--no-pdf", "--force", "--table-set", "四川部门预算")
    assert r.exit_code in (0, 1), r.output
    assert "按 --table-set" in r.output and "四川单位预算" in r.output
    names = [p.name for p in (tmp_path / "out").iterdir()]
    assert any(n.endswith("部门预算公开表.xlsx") for n in names), names


def test_unknown_name_is_an_error_listing_the_names(tmp_path):
    src = book(tmp_path, "901001", "上海")
    found = validate(read_workbook(src).budget)
    assert codes(found, "STR-17") == [("901001.xlsx", "基本信息", "B11")]  # row 11: after 采购 (row 10)
    hit = next(f for f in found if f.code == "STR-17")
    assert "四川部门预算" in hit.params["names"] and "四川单位预算" in hit.params["names"]
    r = run("export", src, "--out", tmp_path / "out", "--no-pdf", "--force")
    assert r.exit_code == 2 and "四川部门预算" in r.output and "上海" in r.output
    r = run("export", src, "--out", tmp_path / "out2", "--no-pdf", "--force", "--table-set", "四川部门预算")
    assert r.exit_code in (0, 1), r.output  # --table-set decides


def test_blank_or_known_name_is_no_finding(tmp_path):
    for declared in (None, "四川部门预算"):
        found = validate(read_workbook(book(tmp_path, "901001", declared)).budget)
        assert not codes(found, "STR-17") and not codes(found, "STR-18")


def test_units_declaring_different_sets(tmp_path):
    """Two units of one department: 四川部门预算 and 四川单位预算 → STR-18 at the second's cell;
    the roll-up publishes in the default set and says why."""
    a = book(tmp_path, "901001", "四川部门预算")
    b = book(tmp_path, "901002", "四川单位预算")
    out = tmp_path / "汇总.xlsx"
    r = run("rollup", a, b, "--workbook", "-o", out)
    assert "各工作簿的「公开表样式」不同" in r.output and "按默认" in r.output
    from deptbudget.io.batch import collect

    c = collect([a, b], False, 1, False)
    assert codes(validate(c.budget), "STR-18") == [("901002.xlsx", "基本信息", "B11")]
    same = collect([a, book(tmp_path, "901002", "四川部门预算", "same.xlsx")], False, 1, False)
    assert not codes(validate(same.budget), "STR-18")


def test_units_declaring_the_unit_set_roll_up_as_the_department_set(tmp_path):
    a = book(tmp_path, "901001", "四川单位预算")
    b = book(tmp_path, "901002", "四川单位预算")
    r = run("rollup", a, b, "-o", tmp_path / "汇总.xlsx")
    assert r.exit_code in (0, 1), r.output
    assert "公开表样式：四川部门预算" in r.output


def test_templates_offer_the_row_with_a_dropdown(tmp_path):
    from deptbudget.commands.template import write_templates

    for path in write_templates(tmp_path):
        ws = load_workbook(path)["基本信息"]
        row = next(r for r in range(1, 40) if ws.cell(r, 1).value == "公开表样式")
        dv = [d for d in ws.data_validations.dataValidation if f"B{row}" in str(d.sqref)]
        assert dv and dv[0].formula1 == "=L_table_sets"
