"""The publishing gate: no publishable package while validation finds 错误; --force writes it marked
「未通过校验」 in every file (document properties, header and footer; the PDF through the xlsx)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from decimal import Decimal

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from deptbudget.cli import main
from deptbudget.core.model import Budget, Department, ExpenseLine, Income, Source, SpendKind, Unit, UnitKind
from deptbudget.core.placeholder import PATTERN
from deptbudget.fill.narrative import draft
from deptbudget.io.export import NotPublishable, export_package
from deptbudget.pipeline import all_tables
from deptbudget.rollup.tree import build_tree

D = Decimal
U1, U2 = "901001", "901002"


def clean_budget() -> Budget:
    """Two units, balanced, every code named, the 情况说明 drafted and its 〔请…〕 filled in: no 错误."""
    lines = (ExpenseLine(U1, "2080101", "30101", SpendKind.PERSONNEL, Source.GENERAL, D("100")),
             ExpenseLine(U1, "2080101", "30201", SpendKind.PUBLIC, Source.GENERAL, D("20")),
             ExpenseLine(U2, "2101101", "30101", SpendKind.PERSONNEL, Source.BUSINESS, D("50")),
             ExpenseLine(U2, "2101101", "30201", SpendKind.PUBLIC, Source.CARRY_GENERAL, D("5")))
    incomes = (Income(U1, Source.GENERAL, D("120")), Income(U2, Source.BUSINESS, D("50")),
               Income(U2, Source.CARRY_GENERAL, D("5")))
    b = Budget(Department("901", "某区测试局", 2025),
               (Unit(U1, "某区测试局", UnitKind.ADMIN), Unit(U2, "某区测试局信息中心", UnitKind.INSTITUTION)), incomes, lines)
    return replace(b, narrative=PATTERN.sub("按职责开展工作", draft(build_tree(b)).text()))


def with_errors(b: Budget, n: int) -> Budget:
    """n 错误 of the placeholder rule (NAR-09): a 情况说明 with n lines still to fill in."""
    return replace(b, narrative=b.narrative + "".join(f"\n补充说明{k}：〔请填写增减原因〕" for k in range(n)))


def package(b: Budget, out, **kw):
    from deptbudget.fill.narrative import from_text

    return export_package(b, all_tables(b), from_text(b.narrative), out, pdf=False, **kw)


def test_a_budget_without_errors_is_published_unmarked(tmp_path):
    files = package(clean_budget(), tmp_path)
    assert sorted(p.suffix for p in files) == [".docx", ".xlsx"]
    wb = load_workbook(files[0])
    assert wb.properties.keywords != "未通过校验" and not list(wb.custom_doc_props)
    assert all("未通过校验" not in (ws.oddHeader.center.text or "") for ws in wb.worksheets)


def test_errors_stop_the_package_and_are_listed(tmp_path):
    with pytest.raises(NotPublishable) as caught:
        package(with_errors(clean_budget(), 3), tmp_path / "out", workbook="部门.xlsx")
    assert not (tmp_path / "out").exists()  # nothing written, not even the folder
    exc = caught.value
    assert [f.code for f in exc.errors] == ["NAR-09"] * 3
    lines = exc.reason.splitlines()
    assert "尚有 3 条错误" in lines[0] and "--force" in lines[0]
    assert len(lines) == 4 and all(l.strip().startswith("NAR-09") and "情况说明" in l for l in lines[1:])


def test_more_than_twenty_errors_are_counted_not_listed(tmp_path):
    with pytest.raises(NotPublishable) as caught:
        package(with_errors(clean_budget(), 23), tmp_path, workbook="部门.xlsx")
    lines = caught.value.reason.splitlines()
    assert len(lines) == 1 + 20 + 1 and "另有 3 条" in lines[-1] and "deptbudget validate 部门.xlsx" in lines[-1]


def test_force_marks_every_file(tmp_path):
    from docx import Document

    notes = []
    files = package(with_errors(clean_budget(), 2), tmp_path, force=True, forced=notes.append)
    assert len(notes) == 1 and "2 条错误" in notes[0]
    xlsx = next(p for p in files if p.suffix == ".xlsx")
    wb = load_workbook(xlsx)
    assert wb.properties.keywords == "未通过校验" and "2 条错误" in wb.properties.description
    assert [p.name for p in wb.custom_doc_props] == ["校验状态"]
    for ws in wb.worksheets:  # visible on every printed page
        assert ws.oddHeader.center.text.startswith("未通过校验") and ws.oddFooter.left.text == "未通过校验"
    doc = Document(next(p for p in files if p.suffix == ".docx"))
    assert doc.core_properties.keywords == "未通过校验"
    section = doc.sections[0]
    assert section.header.paragraphs[0].text.startswith("未通过校验")
    assert section.footer.paragraphs[0].text.startswith("未通过校验")


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None, reason="需要 LibreOffice 和 poppler-utils")
def test_forced_pdf_says_so_on_every_page(tmp_path):
    b = with_errors(clean_budget(), 1)
    files = export_package(b, all_tables(b), None, tmp_path, pdf=True, force=True)
    pdf = next(p for p in files if p.suffix == ".pdf")
    pages = int(next(l.split()[-1] for l in subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True)
                     .stdout.splitlines() if l.startswith("Pages:")))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert text.count("未通过校验：尚有 1 条错误") == pages  # the header of each page
    # and drawn, not only in the text layer: header and footer have room of their own
    wb = load_workbook(next(p for p in files if p.suffix == ".xlsx"))
    m = wb.worksheets[0].page_margins
    assert m.header < m.top and m.footer < m.bottom


def test_a_fresh_draft_is_checked_too(tmp_path):
    """Exporting a workbook without a 情况说明 publishes a fresh draft: its 〔请…〕 stop the package."""
    b = replace(clean_budget(), narrative="")
    with pytest.raises(NotPublishable) as caught:
        export_package(b, all_tables(b), draft(build_tree(b)), tmp_path, pdf=False)
    assert {f.code for f in caught.value.errors} == {"NAR-09"}


# -- the command -------------------------------------------------------------------------------
@pytest.fixture
def workbooks(tmp_path):
    from deptbudget.io.narrative_sheet import write_narrative_sheet
    from deptbudget.io.workbook_xlsx import build_workbook, save_workbook

    out = {}
    for name, b in (("clean", clean_budget()), ("bad", with_errors(clean_budget(), 2))):
        wb = build_workbook("部门", b, all_tables(b))
        from deptbudget.fill.narrative import from_text

        write_narrative_sheet(wb, from_text(b.narrative))
        out[name] = tmp_path / f"{name}.xlsx"
        save_workbook(wb, out[name])
    return out


def test_export_refuses_then_forces(workbooks, tmp_path):
    r = CliRunner().invoke(main, ["export", str(workbooks["bad"]), "--out", str(tmp_path / "a"), "--no-pdf"])
    assert r.exit_code == 1, r.output
    assert "尚有 2 条错误" in r.output and r.output.count("NAR-09") == 2 and not (tmp_path / "a").exists()
    r = CliRunner().invoke(main, ["export", str(workbooks["bad"]), "--out", str(tmp_path / "b"), "--no-pdf", "--force"])
    assert r.exit_code == 0, r.output
    assert "未通过校验" in r.output and len(list((tmp_path / "b").iterdir())) == 2
    r = CliRunner().invoke(main, ["export", str(workbooks["clean"]), "--out", str(tmp_path / "c"), "--no-pdf"])
    assert r.exit_code == 0, r.output
    assert "未通过校验" not in r.output and len(list((tmp_path / "c").iterdir())) == 2


# -- rollup and fill end with what is still open -----------------------------------------------
def _validate_counts(path) -> tuple[int, int]:
    """(错误, 警告) as `deptbudget validate` reports them."""
    import re

    r = CliRunner().invoke(main, ["validate", str(path)])
    m = re.search(r"错误 (\d+) 条，警告 (\d+) 条", r.output)
    return int(m.group(1)), int(m.group(2))


def test_rollup_and_fill_end_with_the_open_findings(tmp_path):
    from deptbudget.io.workbook_xlsx import build_workbook, save_workbook
    from deptbudget.pipeline import unit_budgets

    units = tmp_path / "units"
    for ub in unit_budgets(with_errors(clean_budget(), 0)):
        save_workbook(build_workbook("单位", ub), units / f"{ub.units[0].code}.xlsx")
    dept = tmp_path / "部门.xlsx"
    r = CliRunner().invoke(main, ["rollup", str(units), "--workbook", "-o", str(dept)])
    assert r.exit_code == 0, r.output
    errors, warnings = _validate_counts(dept)
    assert errors + warnings > 0  # no 情况说明 and no 表7 indicators yet
    last = r.output.strip().splitlines()[-1]
    assert last == f"尚有错误 {errors} 条、警告 {warnings} 条，运行 deptbudget validate {dept} 查看。"

    filled = tmp_path / "已填制.xlsx"
    r = CliRunner().invoke(main, ["fill", "all", str(dept), "-o", str(filled)])
    assert r.exit_code == 0, r.output
    errors, warnings = _validate_counts(filled)
    assert errors >= 2  # the draft's 〔请填写…职能〕〔请填写…重点工作〕 are open
    assert r.output.strip().splitlines()[-1] == f"尚有错误 {errors} 条、警告 {warnings} 条，运行 deptbudget validate {filled} 查看。"

    r = CliRunner().invoke(main, ["rollup", str(units), "-o", str(tmp_path / "汇总.xlsx")])
    assert r.exit_code == 0 and "--workbook" in r.output.strip().splitlines()[-1]
