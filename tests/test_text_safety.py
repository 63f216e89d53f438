"""Control characters (Excel's _x0001_ escapes) and literal _xHHHH_ text are written exactly by
the .xlsx writers, dropped from .docx (Word cannot hold them), kept in CSV / Parquet."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from deptbudget.cli import main
from deptbudget.core.text import ooxml_text, xml_safe
from deptbudget.io.xlsx_style import put

BAD = Path(__file__).parent / "corpus" / "bad"
CASE = BAD / "control_chars.xlsx"
UNIT_NAME = "达州市达川区人力资源和社会保障局\x01"  # 单位信息 B4 of the corpus case
GOAL = "年度目标\x0b第二段\x07"  # 项目支出 J4


@pytest.mark.parametrize("text,escaped", [
    ("a\x01b", "a_x0001_b"), ("\x1f", "_x001F_"), ("tab\tnew\nline\r", "tab\tnew\nline\r"),
    ("_x0041_", "_x005F_x0041_"), ("_x00zz_", "_x00zz_"), ("普通文字", "普通文字"),
])
def test_ooxml_text(text, escaped):
    assert ooxml_text(text) == escaped


def test_xml_safe_drops_only_illegal_characters():
    assert xml_safe("a\x00b\x0bc\td\ne") == "abc\td\ne"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40), min_size=1, max_size=8))
def test_any_text_comes_back_exactly(tmp_path_factory, texts):
    """What put() writes is read back (by calamine, as by Excel) as the very same text."""
    wb = Workbook()
    ws = wb.active
    for i, t in enumerate(texts, start=1):
        put(ws, i, 1, t)
    f = tmp_path_factory.mktemp("t") / "t.xlsx"
    wb.save(f)
    rows = CalamineWorkbook.from_path(str(f)).get_sheet_by_name(ws.title).to_python(skip_empty_area=False)
    back = [(r[0] if r else "") for r in rows]
    back += [""] * (len(texts) - len(back))
    assert back == texts


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def cell(path: Path, sheet: str, row: int, col: int):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()[row][col]


def test_input_really_has_the_characters():
    assert cell(CASE, "单位信息", 3, 1) == UNIT_NAME and cell(CASE, "项目支出", 3, 9) == GOAL


@pytest.mark.parametrize("args,out", [
    (["rollup", CASE, "--workbook", "-o", "{o}/汇总.xlsx"], "汇总.xlsx"),
    (["fill", "all", CASE, "-o", "{o}/填制.xlsx"], "填制.xlsx"),
    (["validate", CASE, "--annotate", "{o}/标注.xlsx"], "标注.xlsx"),
])
def test_workbook_copies_keep_the_text_exactly(tmp_path, args, out):
    r = run(*[str(a).replace("{o}", str(tmp_path)) for a in args])
    assert r.exit_code in (0, 1) and "Traceback" not in r.output, r.output
    assert cell(tmp_path / out, "单位信息", 3, 1) == UNIT_NAME
    assert cell(tmp_path / out, "项目支出", 3, 9) == GOAL


def test_summary_tables_and_disclosure_package(tmp_path):
    r = run("rollup", CASE, "-o", tmp_path / "汇总.xlsx")
    assert r.exit_code == 0, r.output
    r = run("export", CASE, "--out", tmp_path / "公开", "--no-pdf", "--force")  # the seed keeps its 错误
    assert r.exit_code == 0, r.output
    import docx

    (doc,) = (tmp_path / "公开").glob("*.docx")
    text = "\n".join(p.text for p in docx.Document(doc).paragraphs)
    assert "达州市达川区人力资源和社会保障局" in text
    assert not any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text)


def test_lines_keep_the_characters(tmp_path):
    r = run("export-lines", CASE, "-o", tmp_path / "l.csv", "--json")
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["rows"] > 0
    with open(tmp_path / "l.csv", encoding="utf-8-sig", newline="") as fh:
        names = {row["单位名称"] for row in csv.DictReader(fh)}
    assert names == {UNIT_NAME}


@pytest.mark.parametrize("text", ["#NUM!", "#NAME?", "#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NULL!"])
def test_error_code_text_stays_text(tmp_path, text):
    """Text that spells an Excel error (a user's 「#N/A」 in a name) is written as text, not an error value."""
    wb = Workbook()
    put(wb.active, 1, 1, text)
    f = tmp_path / "e.xlsx"
    wb.save(f)
    assert CalamineWorkbook.from_path(str(f)).get_sheet_by_name(wb.active.title).to_python()[0][0] == text
