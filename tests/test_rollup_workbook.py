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
