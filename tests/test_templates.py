"""The committed templates are what the generator makes now; they open in LibreOffice and their
formulas recalculate there to the expected values."""

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from workbook_fingerprint import fingerprint

from deptbudget.commands.template import FILES, write_templates
from deptbudget.io.reader import read_workbook
from deptbudget.io.workbook_xlsx import CHECK_SHEET, build_workbook, save_workbook
from deptbudget.template import spec

ROOT = Path(__file__).resolve().parents[1]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_lo = pytest.mark.skipif(SOFFICE is None, reason="需要 LibreOffice（soffice）：apt-get install libreoffice-calc-nogui")


def test_committed_templates_are_current(tmp_path):
    for path in write_templates(tmp_path):
        committed = ROOT / "workbook_templates" / path.name
        assert committed.exists(), f"{committed} missing: run `deptbudget template --out workbook_templates`"
        assert fingerprint(committed) == fingerprint(path), (
            f"{path.name} differs from the generator: run `deptbudget template --out workbook_templates`")


def test_template_layout():
    wb = load_workbook(ROOT / "workbook_templates" / FILES["部门"])
    for sheet in spec.INPUT_SHEETS:
        ws = wb[sheet.name]
        assert [c.value for c in ws[3]][: len(sheet.columns)] == [c.header for c in sheet.columns]
        assert ws.freeze_panes == "A4" and sheet.table in ws.tables
        assert ws.page_setup.orientation == "landscape" and ws.print_title_rows in ("3:3", "$3:$3")
    for t in spec.TABLES[:8]:
        assert t.sheet in wb.sheetnames
    assert wb[spec.FUNC_LIST_SHEET].sheet_state == "hidden"
    info = wb[spec.INFO_SHEET]
    assert any(row[1].value == spec.TEMPLATE_VERSION for row in info.iter_rows(min_row=4, max_col=2))
    unit = load_workbook(ROOT / "workbook_templates" / FILES["单位"])
    assert not any(s.startswith("表") for s in unit.sheetnames)


def test_example_round_trips_through_the_workbook(tmp_path, example):
    path = tmp_path / "dept.xlsx"
    save_workbook(build_workbook("部门", example), path)
    read = read_workbook(path)
    assert read.ok and read.findings == []
    strip = lambda items: [(x.unit, x.func_code, x.econ_code, x.kind, x.source, x.amount) for x in items]  # noqa: E731
    assert strip(read.budget.lines) == strip(example.lines)
    assert [(p.name, p.amount, p.goal) for p in read.budget.projects] == [(p.name, p.amount, p.goal) for p in example.projects]
    assert len(read.budget.indicators) == len(example.indicators) == 191


def _convert(src: Path, out_dir: Path, fmt: str) -> Path:
    profile = out_dir / "lo-profile"
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
                    "--outdir", str(out_dir), str(src)], check=True, capture_output=True, timeout=180)
    return out_dir / (src.stem + "." + fmt.split(":")[0])


@needs_lo
def test_templates_convert_to_pdf(tmp_path):
    for name in FILES.values():
        pdf = _convert(ROOT / "workbook_templates" / name, tmp_path, "pdf")
        assert pdf.exists() and pdf.stat().st_size > 1000


@needs_lo
def test_formulas_recalculate_in_libreoffice(tmp_path, example):
    src = tmp_path / "example.xlsx"
    save_workbook(build_workbook("部门", example), src)
    out_dir = tmp_path / "recalc"
    out_dir.mkdir()
    recalculated = _convert(src, out_dir, "xlsx:Calc MS Excel 2007 XML")
    wb = load_workbook(recalculated, data_only=True)
    check = {row[0].value: row for row in wb[CHECK_SHEET].iter_rows(min_row=4) if row[0].value}
    from deptbudget.rollup.tree import build_tree

    tree = build_tree(example)
    for unit in example.units:
        row = check[unit.code]
        assert Decimal(str(round(row[2].value, 6))) == tree.total(unit=unit.code)
        assert Decimal(str(round(row[3].value, 6))) == tree.total(unit=unit.code, basic=True)
    assert Decimal(str(round(check["合计"][2].value, 6))) == tree.total()
    basic = wb[spec.BASIC.name]
    names = {r[1].value: r[2].value for r in basic.iter_rows(min_row=4) if r[1].value}
    assert names["2080101"] == "行政运行" and names["2210201"] == "住房公积金"
    kinds = {r[3].value: r[5].value for r in basic.iter_rows(min_row=4) if r[3].value}
    assert kinds["30101"] == "人员经费" and kinds["30201"] == "公用经费"
