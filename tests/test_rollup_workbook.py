"""Roll-up inside a department workbook: only the summary sheets are written."""

import hashlib

from click.testing import CliRunner
from openpyxl import load_workbook

from deptbudget.cli import main
from deptbudget.io.workbook_xlsx import build_workbook, save_workbook
from deptbudget.template import spec


def cells(ws):
    return [(c.coordinate, c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def test_workbook_rollup_rewrites_only_summary_sheets(tmp_path, example):
    src = tmp_path / "部门.xlsx"
    save_workbook(build_workbook("部门", example), src)
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    out = tmp_path / "汇总后.xlsx"
    result = CliRunner().invoke(main, ["rollup", str(src), "-o", str(out), "--workbook"])
    assert result.exit_code == 0, result.output
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before
    old, new = load_workbook(src), load_workbook(out)
    for sheet in spec.INPUT_SHEETS:
        assert cells(old[sheet.name]) == cells(new[sheet.name]), sheet.name
    for t in spec.TABLES:
        assert t.sheet in new.sheetnames
    t12 = new[spec.TABLE_BY_KEY["t1_2"].sheet]
    assert any(row[4].value == "合 计" or row[4].value == "合计" for row in t12.iter_rows(min_row=5, max_row=9))


def _rename(budget, unit: str, old: str, new: str):
    from dataclasses import replace

    def fix(x):
        return replace(x, project=new) if getattr(x, "unit", None) == unit and x.project == old else x

    projects = tuple(replace(p, name=new, lines=tuple(fix(l) for l in p.lines)) if (p.unit, p.name) == (unit, old)
                     else p for p in budget.projects)
    return replace(budget, projects=projects, lines=tuple(fix(l) for l in budget.lines),
                   indicators=tuple(fix(i) for i in budget.indicators))


def test_two_units_with_a_project_of_the_same_name_check_clean(tmp_path, example):
    """表6 has one block per unit's project; XT-13 pairs every block of a name, not just the first."""
    from deptbudget.pipeline import all_tables
    from deptbudget.rules import validate_file

    other = next(p for p in example.projects if p.unit == "139002")
    budget = _rename(example, "139002", other.name, "2024年基层调解平台项目")  # 139001 has one too
    path = tmp_path / "同名项目.xlsx"
    save_workbook(build_workbook("部门", budget, all_tables(budget)), path)
    codes = [f.code for f in validate_file(path)[1]]
    assert "XT-13" not in codes
    wb = load_workbook(path)
    ws = wb[spec.TABLE_BY_KEY["t6"].sheet]
    hit = [(r, c) for r, row in enumerate(ws.iter_rows(values_only=True), 1) for c, v in enumerate(row, 1)
           if v == "2024年基层调解平台项目"]
    assert len(hit) == 2  # one block per unit
    r, c = hit[1]
    amount_col = next(cc for cc in range(c + 1, ws.max_column + 1) if isinstance(ws.cell(r, cc).value, (int, float)))
    ws.cell(r, amount_col).value = 999.99
    wb.save(path)
    assert [f.code for f in validate_file(path)[1]].count("XT-13") == 1
