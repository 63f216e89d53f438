"""The desktop-only parts of the ribbon handlers, on an in-memory stand-in for desktop Excel:
cell marks of 校验 and their exact removal, file outputs, new workbook, folder roll-up."""

from __future__ import annotations

import copy
import re

import pytest
from fake_desktop import Book
from openpyxl import load_workbook

from deptbudget.core.findings import Severity
from deptbudget.excel import dispatch, handlers, steps
from deptbudget.excel.results import MARK_COLOR, MARKS_SHEET, RESULTS_SHEET
from deptbudget.io.workbook_xlsx import build_workbook, save_workbook
from deptbudget.pipeline import all_tables, unit_budgets
from deptbudget.template import spec


@pytest.fixture(scope="module")
def dept(tmp_path_factory, example):
    path = tmp_path_factory.mktemp("desk") / "部门预算工作簿.xlsx"
    save_workbook(build_workbook("部门", example, all_tables(example)), path)
    return path


@pytest.fixture(autouse=True)
def _log(monkeypatch, tmp_path):
    monkeypatch.setenv("DEPTBUDGET_LOG_DIR", str(tmp_path / "log"))


def state(book):
    return [(s.name, dict(s.cells), dict(s.colors), dict(s.notes), s.visible) for s in book.sheet_list]


def test_validate_marks_cells_and_clear_puts_back_exactly(dept):
    book = Book(dept)
    projects = book.sheet(spec.PROJECTS.name)
    projects.colors[(9, 10)] = "#00ff00"  # the user's own colour on a flagged cell (J9)
    projects.notes[(11, 10)] = "我们自己的批注"  # and the user's own note on another (J11)
    book.sheet(spec.INCOME.name).colors[(1, 1)] = "#123456"  # an unflagged cell
    before = copy.deepcopy(state(book))

    dispatch.run("btnValidateAll", book=book)
    [(message, mode)] = book.alerts
    assert re.match(r"校验完成：错误 \d+ 项，警告 \d+ 项，提示 \d+ 项，详见「校验结果」。已在 \d+ 个单元格上加了底色/批注", message)
    assert mode == "info"
    assert projects.colors[(9, 10)] == MARK_COLOR[Severity.ERROR].lower()
    assert "PRF-14" in projects.notes[(9, 10)]
    assert projects.notes[(11, 10)] == "我们自己的批注"  # never overwritten
    marks = book.sheet(MARKS_SHEET)
    assert marks._visible == 0 and marks.cells[(1, 1)] == "工作表"

    dispatch.run("btnValidateAll", book=book)  # again: the first marks are undone first
    dispatch.run("btnClearMarks", book=book)
    assert state(book) == before
    assert book.alerts[-1][0].startswith("已清除校验标记：恢复了")


def test_protected_input_sheets_are_marked_and_protected_again_with_their_own_flags(dept):
    book = Book(dept)
    projects = book.sheet(spec.PROJECTS.name)
    assert projects.protection is not None  # the template protects its input sheets
    projects.protect(AllowFormattingColumns=True, AllowFiltering=True, DrawingObjects=False, Scenarios=False)
    own = dict(projects.protection)
    dispatch.run("btnValidateAll", book=book)
    assert "PRF-14" in projects.notes[(9, 10)] and projects.protection == own
    dispatch.run("btnClearMarks", book=book)
    assert projects.notes == {} and projects.colors == {} and projects.protection == own


def test_clear_without_marks_says_so(dept):
    book = Book(dept)
    dispatch.run("btnClearMarks", book=book)
    [(message, mode)] = book.alerts
    assert message.startswith("没有找到校验标记，无需清除。") and mode == "info"


def test_rollup_on_desktop_writes_only_summary_sheets(dept):
    from deptbudget.rollup.tables import build_tables  # noqa: F401 — the keys it makes

    book = Book(dept)
    before = {s.name: dict(s.cells) for s in book.sheet_list}
    dispatch.run("btnRollup", book=book)
    assert book.alerts[0][0].startswith("汇总完成")
    written = [name for _, name in book.calls]
    assert len(written) == len(set(written)) == 10  # one value write per summary sheet
    statuses = book.app.statuses
    assert "正在写入表1-2 部门支出总表…（3/10）" in statuses and statuses[-1] is False  # handed back to Excel
    assert all(name.startswith("表") for name in written)
    for s in book.sheet_list:
        if s.name not in written:
            assert s.cells == before[s.name], s.name


def test_export_xlsx_next_to_the_workbook(tmp_path):
    from test_publish_gate import clean_budget

    from deptbudget.fill.narrative import from_text
    from deptbudget.io.narrative_sheet import write_narrative_sheet

    b = clean_budget()  # no 错误: published
    wb = build_workbook("部门", b, all_tables(b))
    write_narrative_sheet(wb, from_text(b.narrative))
    save_workbook(wb, tmp_path / "部门.xlsx")
    book = Book(tmp_path / "部门.xlsx", fullname=str(tmp_path / "部门.xlsx"))
    dispatch.run("btnExportXlsx", book=book)
    [(message, mode)] = book.alerts
    assert mode == "info" and message.startswith("已导出")
    xlsx = next(tmp_path.glob("*公开表.xlsx"))
    assert [t.sheet for t in spec.TABLES] == load_workbook(xlsx).sheetnames
    assert next(tmp_path.glob("*情况说明.docx"))


def test_export_xlsx_refuses_while_errors_remain(dept, tmp_path):
    book = Book(dept, fullname=str(tmp_path / dept.name))
    dispatch.run("btnExportXlsx", book=book)
    [(message, mode)] = book.alerts
    assert mode == "info" and message.startswith("未导出公开材料：尚有") and "PRF-08" in message
    assert not list(tmp_path.glob("*公开表.xlsx"))


def test_export_pdf_uses_excels_own_export(dept, tmp_path):
    book = Book(dept, fullname=str(tmp_path / dept.name))
    dispatch.run("btnExportPdf", book=book)
    [(path, include)] = book.pdfs
    assert include == [t.sheet for t in spec.TABLES] and path.endswith("-公开表.pdf")
    assert book.alerts[0][0].startswith("已导出 PDF（14 张公开表）")


def test_export_pdf_without_tables_says_what_to_do(tmp_path, example):
    path = tmp_path / "无表.xlsx"
    save_workbook(build_workbook("部门", example), path)
    book = Book(path)
    dispatch.run("btnExportPdf", book=book)
    assert "请先点「汇总单位表」" in book.alerts[0][0] and not book.pdfs


def test_unsaved_workbook_asks_to_save_first(dept):
    book = Book(dept, fullname="工作簿1")
    dispatch.run("btnExportXlsx", book=book)
    assert "请先保存工作簿" in book.alerts[0][0]


def test_new_workbook_is_created_beside_and_opened(dept, tmp_path):
    book = Book(dept, fullname=str(tmp_path / dept.name))
    dispatch.run("btnNewWorkbook", book=book)
    dispatch.run("btnNewWorkbook", book=book)
    assert book.opened == [str(tmp_path / "部门预算工作簿.xlsx"), str(tmp_path / "部门预算工作簿(2).xlsx")]
    wb = load_workbook(book.opened[0])
    assert spec.UNITS.name in wb.sheetnames and spec.INFO_SHEET in wb.sheetnames


def test_rollup_folder_picks_a_folder(dept, tmp_path, example, monkeypatch):
    folder = tmp_path / "各单位"
    for ub in unit_budgets(example)[:2]:
        save_workbook(build_workbook("单位", ub), folder / f"{ub.units[0].code}.xlsx")
    book = Book(dept)
    monkeypatch.setattr(steps, "pick_folder", lambda book, title: None)
    dispatch.run("btnRollupFolder", book=book)
    assert book.alerts == [] and book.calls == []  # cancelled: nothing happens
    monkeypatch.setattr(steps, "pick_folder", lambda book, title: folder)
    dispatch.run("btnRollupFolder", book=book)
    assert book.alerts[0][0].startswith("从 2 个工作簿汇总完成")
    assert f'deptbudget rollup "{folder}" --workbook' in book.alerts[0][0]  # what the fill buttons act on
    t1 = book.sheet(spec.TABLES[0].sheet)
    assert t1.cells[(1, 1)] == "部门收支总表"


def test_rollup_folder_with_a_bad_workbook_lists_it(dept, tmp_path, example, monkeypatch):
    folder = tmp_path / "各单位"
    [ub] = unit_budgets(example)[:1]
    save_workbook(build_workbook("单位", ub), folder / "139001.xlsx")
    (folder / "坏文件.xlsx").write_bytes(b"not a workbook")
    book = Book(dept)
    monkeypatch.setattr(steps, "pick_folder", lambda book, title: folder)
    dispatch.run("btnRollupFolder", book=book)
    assert "未执行" in book.alerts[0][0]
    results = book.sheet(RESULTS_SHEET).cells
    assert any(v == "坏文件.xlsx" for v in results.values())
    assert handlers.RESULTS_SHEET == RESULTS_SHEET
