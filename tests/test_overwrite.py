"""Every command that writes files refuses an existing output unless --overwrite is given, and never
writes over one of its inputs, --overwrite or not (issue 13 item 8)."""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pytest
from click.testing import CliRunner

from deptbudget.cli import main
from deptbudget.core.model import Budget, Department, ExpenseLine, Income, Source, SpendKind, Unit, UnitKind

D = Decimal


def _budget() -> Budget:
    dept = Department("250", "某区城市管理局", 2025, "DB-1.0")
    units = (Unit("250001", "某区城市管理局", UnitKind.ADMIN), Unit("250002", "某区环境卫生管理所", UnitKind.INSTITUTION))
    lines = (ExpenseLine("250001", "2120101", "30101", SpendKind.PERSONNEL, Source.GENERAL, D(60)),
             ExpenseLine("250002", "2120501", "30201", SpendKind.PUBLIC, Source.GENERAL, D(15)))
    incomes = (Income("250001", Source.GENERAL, D(60)), Income("250002", Source.GENERAL, D(15)))
    return Budget(dept, units, incomes, lines)


@pytest.fixture
def dept(tmp_path):
    from deptbudget.io.workbook_xlsx import build_workbook, save_workbook
    from deptbudget.pipeline import all_tables

    b = _budget()
    path = tmp_path / "部门.xlsx"
    save_workbook(build_workbook("部门", b, all_tables(b)), path)
    return path


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# command → (arguments with {in} and {out}, the output file the command writes)
CASES = {
    "rollup": (["rollup", "{in}", "-o", "{out}"], "汇总.xlsx"),
    "rollup --workbook": (["rollup", "--workbook", "{in}", "-o", "{out}"], "汇总.xlsx"),
    "export-lines": (["export-lines", "{in}", "-o", "{out}"], "lines.csv"),
    "fill": (["fill", "sangong", "{in}", "-o", "{out}"], "已填制.xlsx"),
    "validate --annotate": (["validate", "{in}", "--annotate", "{out}"], "标注.xlsx"),
}


def _args(case, src, out):
    return [a.replace("{in}", str(src)).replace("{out}", str(out)) for a in CASES[case][0]]


@pytest.mark.parametrize("case", CASES)
def test_existing_output_refused_then_written_with_overwrite(tmp_path, dept, case):
    out = tmp_path / CASES[case][1]
    out.write_bytes(b"an officer's edited output")
    before = sha(out)
    r = run(*_args(case, dept, out))
    assert r.exit_code == 2, r.output
    assert "已存在" in r.output and "--overwrite" in r.output
    assert sha(out) == before
    r = run(*_args(case, dept, out), "--overwrite")
    assert r.exit_code in (0, 1), r.output  # 1: validate's own findings
    assert sha(out) != before and out.stat().st_size > 100


@pytest.mark.parametrize("case", ["rollup", "rollup --workbook", "fill", "validate --annotate"])
def test_an_input_is_never_the_output_even_with_overwrite(dept, case):
    before = sha(dept)
    r = run(*_args(case, dept, dept), "--overwrite")
    assert r.exit_code == 2, r.output
    assert "与输入文件相同" in r.output
    assert sha(dept) == before


def test_fill_narrative_checks_both_files_before_writing_either(tmp_path, dept):
    out = tmp_path / "已填制.xlsx"
    docx = tmp_path / "已填制-情况说明.docx"
    docx.write_bytes(b"edited")
    r = run("fill", "narrative", dept, "-o", out)
    assert r.exit_code == 2 and docx.name in r.output
    assert not out.exists() and docx.read_bytes() == b"edited"


def test_export_refuses_before_writing_any_file_of_the_package(tmp_path, dept):
    from deptbudget.io.export import package_names

    out_dir = tmp_path / "公开材料"
    out_dir.mkdir()
    xlsx, docx = package_names(_budget(), out_dir, pdf=False)
    docx.write_bytes(b"edited")
    r = run("export", dept, "--out", out_dir, "--no-pdf", "--force")
    assert r.exit_code == 2, r.output
    assert not xlsx.exists() and docx.read_bytes() == b"edited"
    r = run("export", dept, "--out", out_dir, "--no-pdf", "--overwrite", "--force")
    assert r.exit_code in (0, 1), r.output
    assert xlsx.exists() and docx.read_bytes() != b"edited"


def test_template_and_demo_refuse_existing_files(tmp_path):
    (tmp_path / "t").mkdir()
    unit = tmp_path / "t" / "单位预算录入表.xlsx"
    unit.write_bytes(b"x")
    r = run("template", "--form", "all", "--out", tmp_path / "t")
    assert r.exit_code == 2 and not (tmp_path / "t" / "部门预算工作簿.xlsx").exists()
    assert unit.read_bytes() == b"x"
    r = run("template", "--form", "all", "--out", tmp_path / "t", "--overwrite")
    assert r.exit_code == 0 and unit.stat().st_size > 1000
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "笔记.txt").write_text("mine", encoding="utf-8")
    r = run("demo", "--out", tmp_path / "d")
    assert r.exit_code == 2 and "--overwrite" in r.output
    assert sorted(p.name for p in (tmp_path / "d").rglob("*")) == ["笔记.txt"]
