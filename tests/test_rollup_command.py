"""deptbudget rollup / export-lines on real workbook files (built from the embedded example)."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from deptbudget.cli import main


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> Path:
    """units/ (five unit workbooks, a lock file and a text file) and dept.xlsx."""
    from deptbudget.example import load_example
    from deptbudget.io.workbook_xlsx import build_workbook, save_workbook
    from deptbudget.pipeline import unit_budgets

    root = tmp_path_factory.mktemp("books")
    budget = load_example()
    for ub in unit_budgets(budget):
        save_workbook(build_workbook("单位", ub), root / "units" / f"{ub.units[0].code}.xlsx")
    (root / "units" / "~$139001.xlsx").write_bytes(b"lock")
    (root / "units" / "说明.txt").write_text("not a workbook", encoding="utf-8")
    save_workbook(build_workbook("部门", budget), root / "dept.xlsx")
    other = as_department(budget, "140", "别的局")
    save_workbook(build_workbook("单位", unit_budgets(other)[0]), root / "other" / "140.xlsx")
    save_workbook(build_workbook("部门", other), root / "dept140.xlsx")
    return root


def as_department(budget, code: str, name: str):
    """The same budget as if it belonged to another department (unit codes re-prefixed)."""
    move = lambda u: code + u[3:] if u else u  # noqa: E731
    rekey = lambda items: tuple(replace(x, unit=move(x.unit)) for x in items)  # noqa: E731
    return replace(budget, department=replace(budget.department, code=code, name=name),
                   units=tuple(replace(u, code=move(u.code)) for u in budget.units),
                   incomes=rekey(budget.incomes), lines=rekey(budget.lines), projects=rekey(budget.projects),
                   indicators=rekey(budget.indicators), prior=rekey(budget.prior))


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    return result.exit_code, result.output


def hashes(root: Path) -> dict:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def cells(path: Path) -> dict:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in wb.worksheets}


@pytest.fixture
def work(books, tmp_path) -> Path:
    """A private copy of the books (tests may add bad files)."""
    shutil.copytree(books, tmp_path / "in")
    return tmp_path / "in"


def test_folder_of_units_equals_department_workbook(work, tmp_path):
    before = hashes(work)
    code, out = run("rollup", work / "units", "-o", tmp_path / "a.xlsx")
    assert code == 0, out
    assert "5 个单位" in out and "支出总计 8,022.01 万元" in out
    code, out = run("rollup", work / "dept.xlsx", "-o", tmp_path / "b.xlsx")
    assert code == 0, out
    a, b = cells(tmp_path / "a.xlsx"), cells(tmp_path / "b.xlsx")
    assert list(a) == list(b) and len(a) == 10
    assert a == b
    assert hashes(work) == before


def test_tables_match_the_model_roll_up(work, tmp_path):
    code, out = run("rollup", work / "units", "--json", "-o", tmp_path / "s.xlsx")
    data = json.loads(out)
    assert code == 0 and data["ok"] and data["output"]
    assert [u["code"] for u in data["units"]] == ["139001", "139002", "139003", "139004", "139005"]
    assert data["totals"]["支出总计"] == data["totals"]["收入总计"] == "8022.0141"  # exact 元 sums
    assert len(data["inputs"]) == 5  # the lock file and the text file are ignored


def test_parallel_reading_gives_the_same_result(work, tmp_path):
    _, one = run("rollup", work / "units", "--json", "-o", tmp_path / "1.xlsx")
    _, many = run("rollup", work / "units", "--json", "-j", "3", "-o", tmp_path / "3.xlsx")
    strip = lambda d: {k: v for k, v in json.loads(d).items() if k not in ("seconds", "output")}  # noqa: E731
    assert strip(one) == strip(many)
    assert cells(tmp_path / "1.xlsx") == cells(tmp_path / "3.xlsx")


def test_unreadable_file_exit_2_and_no_output(work, tmp_path):
    (work / "units" / "坏文件.xlsx").write_bytes(b"this is not a zip")
    before = hashes(work)
    code, out = run("rollup", work / "units", "-o", tmp_path / "s.xlsx")
    assert code == 2 and "坏文件.xlsx" in out
    assert not (tmp_path / "s.xlsx").exists() and not list(tmp_path.glob(".~deptbudget-*"))
    assert hashes(work) == before


def test_skip_bad_carries_on(work, tmp_path):
    (work / "units" / "坏文件.xlsx").write_bytes(b"this is not a zip")
    code, out = run("rollup", work / "units", "--skip-bad", "--json", "-o", tmp_path / "s.xlsx")
    data = json.loads(out)
    assert code == 0 and data["skipped"] == ["坏文件.xlsx"] and len(data["units"]) == 5
    assert (tmp_path / "s.xlsx").exists()


def test_duplicate_unit_names_both_files(work, tmp_path):
    shutil.copy(work / "units" / "139002.xlsx", work / "units" / "副本.xlsx")
    before = hashes(work)
    code, out = run("rollup", work / "units", "-o", tmp_path / "s.xlsx")
    assert code == 1 and "MRG-05" in out and "139002.xlsx" in out and "副本.xlsx" in out
    assert not (tmp_path / "s.xlsx").exists()
    assert hashes(work) == before


def test_other_department_is_refused(work, tmp_path):
    code, out = run("rollup", work / "units", work / "other", "--json", "-o", tmp_path / "s.xlsx")
    data = json.loads(out)
    assert code == 1 and [f["code"] for f in data["findings"]] == ["MRG-02"]
    assert data["findings"][0]["file"] == "140.xlsx" and "140.xlsx" in data["findings"][0]["message"]
    assert not (tmp_path / "s.xlsx").exists()


def test_other_template_version_is_refused(work, tmp_path):
    from openpyxl import load_workbook

    path = work / "units" / "139003.xlsx"
    wb = load_workbook(path)
    ws = wb["基本信息"]
    row = next(r for r in ws.iter_rows() if r[0].value == "模板版本")
    row[1].value = "DB-0.1"
    wb.save(path)
    code, out = run("rollup", work / "units", "-o", tmp_path / "s.xlsx")
    assert code != 0 and "139003.xlsx" in out
    assert not (tmp_path / "s.xlsx").exists()


def test_failure_keeps_an_earlier_output(work, tmp_path):
    target = tmp_path / "s.xlsx"
    target.write_bytes(b"earlier")
    (work / "units" / "坏文件.xlsx").write_bytes(b"broken")
    assert run("rollup", work / "units", "-o", target)[0] == 2
    assert target.read_bytes() == b"earlier"


def test_missing_input_is_exit_2(tmp_path):
    code, out = run("rollup", tmp_path / "没有这个文件夹", "-o", tmp_path / "s.xlsx")
    assert code == 2 and "没有这个文件夹" in out and "Traceback" not in out


def test_district_rolls_up_departments(work, tmp_path):
    code, out = run("rollup", work / "dept.xlsx", work / "dept140.xlsx", "--district", "达川区",
                    "--json", "-o", tmp_path / "d.xlsx")
    data = json.loads(out)
    assert code == 0, out
    assert [u["code"] for u in data["units"]] == ["139", "140"]
    assert data["totals"]["支出总计"] == "16044.0282"
    code, _ = run("rollup", work / "dept.xlsx", work / "dept140.xlsx", "-o", tmp_path / "e.xlsx")
    assert code == 1  # without --district, two departments are refused


def test_export_lines_csv_is_exact(work, tmp_path):
    before = hashes(work)
    code, out = run("export-lines", work / "units", "-o", tmp_path / "lines.csv")
    assert code == 0, out
    with open(tmp_path / "lines.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 144
    assert sum(Decimal(r["金额"]) for r in rows) == Decimal("8022.0141")
    first = rows[0]
    assert (first["单位编码"], first["功能分类编码"], first["类"], first["款"], first["经济分类编码"]) == (
        "139001", "2080101", "208", "20801", "30101")
    assert first["经费类型"] == "人员经费" and first["文件"] == "139001.xlsx" and first["单元格"]
    assert hashes(work) == before


def test_export_lines_parquet(work, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    code, out = run("export-lines", work / "dept.xlsx", "-o", tmp_path / "lines.parquet")
    assert code == 0, out
    table = pq.read_table(tmp_path / "lines.parquet")
    assert table.num_rows == 144
    assert sum(table.column("金额").to_pylist()) == Decimal("8022.0141")


def test_export_lines_rejects_other_formats(work, tmp_path):
    code, out = run("export-lines", work / "units", "-o", tmp_path / "lines.xlsx")
    assert code == 2 and ".csv" in out


def test_command_module_imports_lazily():
    code = ("import sys, deptbudget.commands.rollup; "
            "print([m for m in ('openpyxl', 'pandas', 'rich', 'pyarrow') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_summary_rollup_does_not_read_the_performance_sheet(books, tmp_path):
    """表1–表5 do not use 项目绩效目标: an error there blocks `rollup --workbook` (which writes 表6/表7)
    and `validate`, not the summary tables."""
    from openpyxl import load_workbook

    units = tmp_path / "units"
    shutil.copytree(books / "units", units)
    target = sorted(units.glob("1*.xlsx"))[0]
    wb = load_workbook(target)
    ws = wb["项目绩效目标"]
    weight = next(c.column for c in ws[3] if c.value and str(c.value).startswith("权重"))
    ws.cell(4, weight).value = "十分"  # not a number: 错误 AMT-01
    wb.save(target)
    code, out = run("rollup", units, "--jobs", "1", "-o", tmp_path / "s.xlsx")
    assert code == 0, out
    code, out = run("rollup", units, "--workbook", "--jobs", "1", "-o", tmp_path / "w.xlsx")
    assert code == 1 and "项目绩效目标" in out and "AMT-01" in out
    code, out = run("validate", target)
    assert code == 1 and "AMT-01" in out


_MARKS: list[Path] = []


def _slow_read(path, compacted=False):
    """Stands in for batch.read_one in the forked workers: leaves a mark per file read."""
    import time

    (_MARKS[0] / Path(path).name).touch()
    time.sleep(0.02)
    return path


def test_stopping_a_parallel_read_cancels_the_queued_files(tmp_path, monkeypatch):
    """Ctrl-C (or a caller that stops early) must not wait for every queued file to be read."""
    from deptbudget.io import batch

    marks = tmp_path / "read"
    marks.mkdir()
    monkeypatch.setattr(sys.modules[__name__], "_MARKS", [marks])
    monkeypatch.setattr(batch, "read_one", _slow_read)
    files = [tmp_path / f"{i:03d}.xlsx" for i in range(200)]
    reading = batch.read_iter(files, 2, False)
    assert next(reading) == files[0]
    reading.close()  # as a KeyboardInterrupt would: the generator exits with an exception
    assert len(list(marks.iterdir())) < 100
