"""District roll-up straight from unit files of several departments."""

from dataclasses import replace

from click.testing import CliRunner
from openpyxl import load_workbook

from deptbudget.cli import main
from deptbudget.io.workbook_xlsx import build_workbook, save_workbook
from deptbudget.pipeline import unit_budgets


def _recode(ub, dept: str, name: str):
    code = dept + ub.units[0].code[3:]
    re = lambda items: tuple(replace(x, unit=code) for x in items)  # noqa: E731
    return replace(ub, department=replace(ub.department, code=dept, name=name),
                   units=(replace(ub.units[0], code=code),), incomes=re(ub.incomes), lines=re(ub.lines),
                   projects=tuple(replace(p, unit=code, lines=re(p.lines)) for p in ub.projects),
                   indicators=re(ub.indicators), prior=())


def test_unit_files_of_two_departments_roll_up_to_a_district(tmp_path, example):
    units = unit_budgets(example)
    for ub in units:
        save_workbook(build_workbook("单位", ub), tmp_path / "139" / f"{ub.units[0].code}.xlsx")
    other = [_recode(ub, "140", "测试局") for ub in units[:2]]
    for ub in other:
        save_workbook(build_workbook("单位", ub), tmp_path / "140" / f"{ub.units[0].code}.xlsx")
    out = tmp_path / "区汇总.xlsx"
    result = CliRunner().invoke(main, ["rollup", str(tmp_path / "139"), str(tmp_path / "140"),
                                       "--district", "达川区", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "139 达州市达川区人力资源和社会保障局" in result.output and "140 测试局" in result.output
    ws = load_workbook(out)["表1-2 部门支出总表"]
    names = [r[4] for r in ws.iter_rows(min_row=5, values_only=True)]
    assert "达州市达川区人力资源和社会保障局" in names and "测试局" in names
    total = next(r[5] for r in ws.iter_rows(min_row=5, values_only=True) if r[4] in ("合 计", "合计"))
    want = sum(l.amount for ub in units + other for l in ub.lines)
    assert abs(total - float(want)) < 1e-6


def test_district_skip_bad_leaves_the_bad_file_out_of_the_totals(tmp_path, example):
    units = unit_budgets(example)
    for ub in units:
        save_workbook(build_workbook("单位", ub), tmp_path / "139" / f"{ub.units[0].code}.xlsx")
    bad = tmp_path / "139" / f"{units[0].units[0].code}.xlsx"
    wb = load_workbook(bad)
    ws = wb["基本支出"]
    amount_col = next(c.column for c in ws[3] if c.value and str(c.value).startswith("金额"))
    ws.cell(4, amount_col).value = "一百"  # AMT-01: an 错误, so the file is skipped
    wb.save(bad)
    out = tmp_path / "区汇总.xlsx"
    result = CliRunner().invoke(main, ["rollup", str(tmp_path / "139"), "--district", "达川区", "--skip-bad",
                                       "--jobs", "1", "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    assert bad.name in result.output
    ws = load_workbook(out)["表1-2 部门支出总表"]
    total = next(r[5] for r in ws.iter_rows(min_row=5, values_only=True) if r[4] in ("合 计", "合计"))
    want = sum(l.amount for ub in units[1:] for l in ub.lines)
    assert abs(total - float(want)) < 1e-6


def test_parallel_reading_gives_the_same_workbook(tmp_path, example):
    """--jobs 2 (worker processes sending back Totals) and --jobs 1 write the same summary."""
    units = unit_budgets(example)
    for ub in units:
        save_workbook(build_workbook("单位", ub), tmp_path / "139" / f"{ub.units[0].code}.xlsx")
    for ub in (_recode(ub, "140", "测试局") for ub in units[:3]):
        save_workbook(build_workbook("单位", ub), tmp_path / "140" / f"{ub.units[0].code}.xlsx")
    books = {}
    for jobs in ("1", "2"):
        for district in ([], ["--district", "达川区"]):
            folders = [str(tmp_path / "139")] + ([str(tmp_path / "140")] if district else [])
            out = tmp_path / f"s{jobs}{len(district)}.xlsx"
            result = CliRunner().invoke(main, ["rollup", *folders, *district, "--jobs", jobs, "-o", str(out)])
            assert result.exit_code == 0, result.output
            wb = load_workbook(out)
            books[(jobs, bool(district))] = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb}
    for district in (False, True):
        assert books[("1", district)] == books[("2", district)]
