"""`deptbudget validate` / `deptbudget rules`: exit codes, JSON, the annotated copy."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from test_rules_cases import base_budget

from deptbudget.cli import main
from deptbudget.io.workbook_xlsx import build_workbook, save_workbook


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    import dataclasses


    d = tmp_path_factory.mktemp("books")
    good = d / "好.xlsx"
    save_workbook(build_workbook("部门", base_budget()), good)
    b = base_budget()
    inds = tuple(dataclasses.replace(i, value="1000") if i.level3 == "完成及时率" else i for i in b.indicators)
    bad = d / "错.xlsx"
    save_workbook(build_workbook("部门", dataclasses.replace(b, indicators=inds)), bad)
    junk = d / "坏.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    return good, bad, junk


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_exit_codes(books):
    good, bad, junk = books
    r = run("validate", good)
    assert r.exit_code == 0, r.output
    assert "错误 0 条" in r.output
    r = run("validate", bad)
    assert r.exit_code == 1 and "【错误】" in r.output and "PRF-08" in r.output
    r = run("validate", junk)
    assert r.exit_code == 2 and "READ-01" in r.output and "Traceback" not in r.output
    r = run("validate", junk.parent / "没有这个文件.xlsx")
    assert r.exit_code == 2 and "文件不存在" in r.output


def test_json_output(books):
    _, bad, _ = books
    r = run("validate", bad, "--json")
    data = json.loads(r.output)
    f = next(x for x in data if x["code"] == "PRF-08")
    assert f["severity"] == "错误" and f["file"] == "错.xlsx" and f["sheet"] == "项目绩效目标"
    assert f["cell"].startswith("G") and f["params"]["value"] == "1000" and "1000%" in f["message"]
    assert {"code", "severity", "file", "sheet", "cell", "message", "params"} <= set(f)


def test_select_ignore_options(books):
    _, bad, _ = books
    r = run("validate", bad, "--json", "--ignore", "PRF-08,PRF-10")
    assert "PRF-08" not in {x["code"] for x in json.loads(r.output)}
    assert r.exit_code == 0
    r = run("validate", bad, "--json", "--select", "PRF")
    assert {x["code"][:3] for x in json.loads(r.output)} == {"PRF"}


def test_config_errors_exit_2(books, tmp_path):
    good, _, _ = books
    cfg = tmp_path / "c.toml"
    cfg.write_text("weight_total = 'abc'\n", encoding="utf-8")
    r = run("validate", good, "--config", cfg)
    assert r.exit_code == 2 and "设置有误" in r.output


def test_annotate(books, tmp_path):
    _, bad, _ = books
    out = tmp_path / "标注.xlsx"
    r = run("validate", bad, "--annotate", out)
    assert r.exit_code == 1 and out.exists()
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "校验结果"
    ws = wb["校验结果"]
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    prf = next(r for r in rows if r[2] == "PRF-08")
    assert prf[1] == "错误" and prf[4] == "项目绩效目标"
    link_cell = next(c for c in ws["F"] if c.value == prf[5])
    assert link_cell.hyperlink.target == f"#'项目绩效目标'!{prf[5]}" or link_cell.hyperlink.location
    target = wb["项目绩效目标"][prf[5]]
    assert target.comment.author == "deptbudget校验" and "PRF-08" in target.comment.text
    assert target.fill.fgColor.rgb.endswith("FFC7CE")
    marks = wb["_校验标记"]
    assert marks.sheet_state == "hidden"
    rows = {(r[0], r[1]): r for r in marks.iter_rows(min_row=2, values_only=True)}
    # the add-in's record format (excel/results.py), so 清除校验标记 undoes a CLI annotation too
    from deptbudget.excel.results import MARKS_HEADER
    assert tuple(c.value for c in marks[1]) == MARKS_HEADER
    assert rows[("项目绩效目标", prf[5])][2] == "#FFF9E5" and rows[("项目绩效目标", prf[5])][3] == "是"
    # the input is untouched
    assert "校验结果" not in load_workbook(bad).sheetnames


def test_annotate_twice_and_clear(books, tmp_path):
    from deptbudget.io.annotate import clear_marks

    _, bad, _ = books
    first, second = tmp_path / "一.xlsx", tmp_path / "二.xlsx"
    assert run("validate", bad, "--annotate", first).exit_code == 1
    assert run("validate", first, "--annotate", second).exit_code == 1
    wb = load_workbook(second)
    assert wb.sheetnames.count("校验结果") == 1
    assert clear_marks(wb) > 0
    assert "校验结果" not in wb.sheetnames and "_校验标记" not in wb.sheetnames
    original = load_workbook(bad)
    for name in ("项目绩效目标", "基本支出"):
        ws, ws0 = wb[name], original[name]
        assert not any(c.comment and c.comment.author == "deptbudget校验" for row in ws.iter_rows() for c in row)
        for row, row0 in zip(ws.iter_rows(), ws0.iter_rows(), strict=False):
            for c, c0 in zip(row, row0, strict=False):
                assert (c.fill.fill_type, str(c.fill.fgColor.rgb)[-6:]) == (c0.fill.fill_type, str(c0.fill.fgColor.rgb)[-6:]), c.coordinate


def test_annotate_refuses_to_overwrite_input(books):
    _, bad, _ = books
    r = run("validate", bad, "--annotate", bad)
    assert r.exit_code == 2 and "拒绝覆盖" in r.output


def test_rules_listing():
    r = run("rules")
    assert r.exit_code == 0 and "PRF-11" in r.output and "共" in r.output
    r = run("rules", "--code", "prf-11")
    assert "反例：" in r.output and "正例：" in r.output and "7 万元" in r.output
    assert run("rules", "--code", "NOPE-1").exit_code == 2


def test_cli_module_imports_lazily():
    import subprocess
    import sys

    code = ("import sys, deptbudget.commands.validate as v; "
            "bad = [m for m in ('openpyxl', 'pandas', 'deptbudget.rules.performance') if m in sys.modules]; "
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip()
    assert out == "[]"
