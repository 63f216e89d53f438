"""export-lines: text a spreadsheet would run as a formula is escaped in CSV (leading '), kept as
it is in Parquet; amounts stay numbers."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from deptbudget.cli import main
from deptbudget.io.csv_safe import csv_cell, csv_rows

BASE = Path(__file__).parent / "corpus" / "bad" / "base.xlsx"
UNIT_NAME = '=HYPERLINK("http://evil.example","点我")'
DEPT_NAME = "@SUM(A1:A9)"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("csv")
    wb = load_workbook(BASE)
    for sheet, cell, text in (("单位信息", "B4", UNIT_NAME), ("基本信息", "B6", DEPT_NAME)):
        wb[sheet][cell].value = text
        wb[sheet][cell].data_type = "s"
    wb.save(d / "单位.xlsx")
    return d / "单位.xlsx"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1+2", "@A1", "\t=1", "\r=1", "-"])
def test_formula_starts_are_escaped(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["达川区", "1+1", "'=已转义", "", 12, Decimal("-3.5"), None, "a=b"])
def test_other_values_are_left_alone(value):
    assert csv_cell(value) == value


def test_number_columns_are_never_escaped():
    rows = list(csv_rows([("-2+3", "-12.5", "=x")], numbers=(1,)))
    assert rows == [("'-2+3", "-12.5", "'=x")]


def _invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _amount_rows(path: Path) -> int:
    """Expenditure lines counted independently: rows of 基本支出 / 项目支出 with an amount (column H / I)."""
    wb = load_workbook(path, read_only=True)
    return sum(1 for sheet, col in (("基本支出", 7), ("项目支出", 8))
               for row in wb[sheet].iter_rows(min_row=4, values_only=True) if row[col] not in (None, ""))


def test_csv_export_escapes_names(hostile, tmp_path):
    out = tmp_path / "lines.csv"
    r = _invoke("export-lines", hostile, "-o", out)
    assert r.exit_code == 0, r.output
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == _amount_rows(hostile)
    assert {row["单位名称"] for row in rows} == {"'" + UNIT_NAME}
    assert {row["部门名称"] for row in rows} == {"'" + DEPT_NAME}
    first = rows[0]
    assert first["金额"] == "253.36" and first["单元格"] == "H4"  # amounts: plain numbers
    cells = [v for row in rows for v in row.values()]
    assert not [v for v in cells if v and v[0] in "=+-@\t\r"], "unescaped formula text in the CSV"


def test_parquet_keeps_text_as_read(hostile, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "lines.parquet"
    r = _invoke("export-lines", hostile, "-o", out)
    assert r.exit_code == 0, r.output
    t = pq.read_table(out).to_pydict()
    assert set(t["单位名称"]) == {UNIT_NAME} and set(t["部门名称"]) == {DEPT_NAME}
    assert t["金额"][0] == Decimal("253.36")
