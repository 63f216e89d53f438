"""The disclosure package of the example: values-only xlsx, PDF with every table, docx that
LibreOffice opens; and the fill / export commands (the input is never modified)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from deptbudget.cli import main
from deptbudget.template import spec

NEED_LO = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                             reason="需要 LibreOffice（soffice）和 poppler-utils（pdftotext/pdftoppm）")


@pytest.fixture(scope="module")
def example():
    from deptbudget.example import load_example
    from deptbudget.fill.narrative import draft
    from deptbudget.pipeline import all_tables
    from deptbudget.rollup.tree import build_tree

    budget = load_example()
    return budget, all_tables(budget), draft(build_tree(budget))


@pytest.fixture(scope="module")
def package(example, tmp_path_factory):
    from deptbudget.io.export import export_package

    budget, tables, narrative = example
    out = tmp_path_factory.mktemp("pkg")
    has_lo = shutil.which("soffice") is not None
    # the example has 错误 (the published document's own slips, the draft's 〔请…〕): forced
    files = export_package(budget, tables, narrative, out, pdf=has_lo, force=True)
    return {p.suffix: p for p in files}


def test_xlsx_holds_only_the_tables_as_values(package):
    wb = load_workbook(package[".xlsx"])
    assert wb.sheetnames == [t.sheet for t in spec.TABLES]
    assert all(ws.sheet_state == "visible" for ws in wb.worksheets)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", f"{ws.title}!{c.coordinate} holds a formula"
                if isinstance(c.value, float):  # amounts rounded to 0.01
                    assert abs(c.value * 100 - round(c.value * 100)) < 1e-6
    t1 = wb[spec.TABLES[0].sheet]
    assert t1["A1"].value == "部门收支总表" and t1.page_setup.orientation == "landscape"
    assert t1.cell(row=3, column=t1.max_column).value == "金额单位：万元"
    t33 = wb["表3-3 一般公共预算三公经费支出预算表"]
    values = [c.value for row in t33.iter_rows() for c in row]
    assert 7.3 in values and "139002" in values


def test_xlsx_merges_project_blocks_of_table_6(package):
    ws = load_workbook(package[".xlsx"])["表6 部门预算项目绩效目标表"]
    merged = [str(r) for r in ws.merged_cells.ranges]
    assert any(r.startswith("A6:") for r in merged)  # first unit's name over its rows


@NEED_LO
def test_pdf_has_every_table_title_and_chinese_text(package, tmp_path):
    pdf = package[".pdf"]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(next(l.split()[-1] for l in info.splitlines() if l.startswith("Pages:")))
    assert 20 <= pages <= 60, pages
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    flat = text.replace(" ", "")
    for t in spec.TABLES:
        assert t.title.replace(" ", "") in flat, t.title
        assert t.number in flat
    assert "达州市达川区人力资源和社会保障局" in flat and "8,022.01" in flat
    assert f"第1页，共{pages}页" in flat  # page footer
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "CJK" in fonts  # Chinese glyphs embedded, not tofu
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "p")],
                   check=True)
    assert len(list(tmp_path.glob("p-*.png"))) == 2


@NEED_LO
def test_docx_opens_in_libreoffice(package, tmp_path):
    from deptbudget.io.libreoffice import convert

    pdf = convert(package[".docx"], "pdf", tmp_path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "收支预算情况说明" in text and "名词解释" in text


def test_docx_content(package):
    from docx import Document

    doc = Document(package[".docx"])
    texts = [p.text for p in doc.paragraphs]
    assert texts[0].endswith("情况说明")
    assert any("2397.89 万元" in t or "2397.88 万元" in t for t in texts)  # see test_narrative


def test_missing_libreoffice_is_a_chinese_error(monkeypatch):
    from deptbudget.io import libreoffice

    monkeypatch.setattr(libreoffice, "find_soffice", lambda: None)
    with pytest.raises(libreoffice.LibreOfficeError, match="未找到 LibreOffice"):
        libreoffice.require_soffice()


def test_export_without_libreoffice_warns_and_writes_the_rest(example, tmp_path, monkeypatch):
    from deptbudget.io import export, libreoffice

    monkeypatch.setattr(libreoffice, "find_soffice", lambda: None)
    warned = []
    files = export.export_package(*example, tmp_path, warn=warned.append, force=True)
    assert {p.suffix for p in files} == {".xlsx", ".docx"} and "LibreOffice" in warned[0]


# -- commands ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def workbook(example, tmp_path_factory):
    from deptbudget.io.workbook_xlsx import build_workbook, save_workbook

    budget, tables, _ = example
    path = tmp_path_factory.mktemp("wb") / "部门.xlsx"
    save_workbook(build_workbook("部门", budget, tables), path)
    return path


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_fill_all_writes_a_copy(workbook, tmp_path):
    before = digest(workbook)
    out = tmp_path / "filled.xlsx"
    r = CliRunner().invoke(main, ["fill", "all", str(workbook), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert digest(workbook) == before
    wb = load_workbook(out)
    assert spec.NARRATIVE_SHEET in wb.sheetnames and spec.INFO_SHEET in wb.sheetnames
    assert wb["表3-3 一般公共预算三公经费支出预算表"]["C7"].value == Decimal("7.30") or \
        wb["表3-3 一般公共预算三公经费支出预算表"]["C7"].value == 7.3
    assert (tmp_path / "filled-情况说明.docx").is_file()


def test_fill_refuses_to_overwrite_the_input(workbook):
    r = CliRunner().invoke(main, ["fill", "sangong", str(workbook), "-o", str(workbook)])
    assert r.exit_code == 2 and "拒绝覆盖" in r.output


def test_fill_narrative_keeps_the_departments_own_text(workbook, tmp_path):
    src = tmp_path / "own.xlsx"
    wb = load_workbook(workbook)
    ws = wb.create_sheet(spec.NARRATIVE_SHEET)
    ws["A1"] = "一、收支预算情况说明"
    ws["A2"] = "2023 年，本部门未安排政府采购预算。"
    wb.save(src)
    out = tmp_path / "o.xlsx"
    r = CliRunner().invoke(main, ["fill", "narrative", str(src), "-o", str(out)])
    assert r.exit_code == 0, r.output
    wb = load_workbook(out)
    assert wb[spec.NARRATIVE_SHEET]["A2"].value == "2023 年，本部门未安排政府采购预算。"
    assert "情况说明（草稿）" in wb.sheetnames
    assert "NAR-04" in r.output and "2023 年" in r.output  # the catalog's year rule


def test_unreadable_workbook_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    for args in (["fill", "all", str(bad)], ["export", str(bad), "--out", str(tmp_path / "o")]):
        r = CliRunner().invoke(main, args)
        assert r.exit_code == 2 and "Traceback" not in r.output
