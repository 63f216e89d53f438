"""The handlers on the stand-in for xlwings' Windows engine (tests/fake_desktop.py): what desktop
Excel does differently from the remote engine — no freeze_panes in xlwings, XlSheetVisibility
numbers, add-ins fetched by name, protected sheets and passwords, application switches, and the
number of calls that cross to Excel."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from fake_desktop import HIDDEN, VERY_HIDDEN, VISIBLE, Book

from deptbudget.core.findings import Finding, Severity
from deptbudget.core.model import CellRef
from deptbudget.excel import dispatch, handlers, results
from deptbudget.excel.book_io import Skipped, read_sheet
from deptbudget.excel.results import MARK_COLOR, MARKS_SHEET, RESULTS_SHEET
from deptbudget.io.workbook_xlsx import build_workbook, save_workbook
from deptbudget.pipeline import all_tables
from deptbudget.template import spec


@pytest.fixture(scope="module")
def dept(tmp_path_factory, example):
    path = tmp_path_factory.mktemp("win") / "部门预算工作簿.xlsx"
    save_workbook(build_workbook("部门", example, all_tables(example)), path)
    return path


@pytest.fixture(autouse=True)
def _log(monkeypatch, tmp_path):
    monkeypatch.setenv("DEPTBUDGET_LOG_DIR", str(tmp_path / "log"))


QUIET_BUTTONS = [b for b in dispatch.BUTTONS if b not in ("btnImportUdfs", "btnHelp", "btnRollupFolder")]


@pytest.mark.parametrize("button", QUIET_BUTTONS)
def test_no_button_says_a_feature_is_unsupported_and_excel_is_left_as_it_was(button, dept, tmp_path):
    book = Book(dept, fullname=str(tmp_path / dept.name))
    dispatch.run(button, book=book)
    messages = [m for m, _ in book.alerts]
    assert (messages or button == "btnSettings") and not any("不支持" in m or "意外错误" in m for m in messages), messages
    xl = book.app.api
    assert (xl.ScreenUpdating, xl.Calculation, xl.PrintCommunication) == (True, -4105, True)
    assert book.slow_page_setup == 0  # PageSetup only written with PrintCommunication off
    if any(name == "ScreenUpdating" for name, _ in xl.history):
        assert xl.history[0] == ("ScreenUpdating", False) and xl.history[-1] == ("PrintCommunication", True)


def test_summary_sheets_get_their_header_rows_frozen_through_the_window(dept):
    book = Book(dept)
    active = book.active
    dispatch.run("btnRollup", book=book)
    t1 = book.sheet(spec.TABLES[0].sheet)
    assert t1.frozen == 5  # 表1: title, number, unit line, two header rows
    assert book.active is active  # the user's sheet is active again


def test_visibility_as_each_engine_returns_it():
    from deptbudget.excel.book_io import is_visible

    assert [is_visible(v) for v in (VISIBLE, HIDDEN, VERY_HIDDEN, True, False)] == [True, False, False, True, False]


def test_a_very_hidden_input_sheet_is_read_as_hidden(dept):
    book = Book(dept)
    sheet = book.sheet(spec.PROJECTS.name)
    sheet._visible = VERY_HIDDEN
    assert read_sheet(sheet).visible is False


def test_password_protected_sheet_is_never_prompted_and_said_plainly(dept):
    book = Book(dept)
    projects = book.sheet(spec.PROJECTS.name)
    projects.protect(password="秘密", AllowFormattingColumns=True)
    own = dict(projects.protection)
    dispatch.run("btnValidateAll", book=book)  # an Unprotect() without password fails the test
    [(message, mode)] = book.alerts
    assert f"「{spec.PROJECTS.name}」设有密码保护" in message and "不支持" not in message
    assert projects.notes == {} and projects.colors == {} and projects.protection == own
    assert projects.password == "秘密"
    listed = book.sheet(RESULTS_SHEET).cells.values()
    assert "PRF-14" in listed  # every finding still listed


def test_marks_on_a_sheet_given_a_password_later_stay_recorded(dept):
    book = Book(dept)
    dispatch.run("btnValidateAll", book=book)
    projects = book.sheet(spec.PROJECTS.name)
    assert projects.notes
    projects.protect(password="pw")
    dispatch.run("btnClearMarks", book=book)
    assert "设有密码保护" in book.alerts[-1][0] and projects.notes
    kept = read_sheet(book.sheet(MARKS_SHEET)).rows
    assert {r[0] for r in kept[1:]} == {spec.PROJECTS.name}
    projects.password, projects.protection = None, None
    dispatch.run("btnClearMarks", book=book)
    assert projects.notes == {} and projects.colors == {}


def test_add_unit_writes_below_the_premade_rows_of_a_protected_sheet(dept):
    book = Book(dept)
    units = book.sheet(spec.UNITS.name)
    own = dict(units.protection)
    dispatch.run("btnAddUnit", book=book)
    assert "139006" in book.alerts[0][0]
    assert "139006" in units.cells.values() and units.protection == own


def test_add_unit_on_a_password_protected_sheet_says_what_to_do(dept):
    book = Book(dept)
    units = book.sheet(spec.UNITS.name)
    units.protect(password="pw")
    before = dict(units.cells)
    dispatch.run("btnAddUnit", book=book)
    assert "设有密码保护" in book.alerts[0][0] and "撤销工作表保护" in book.alerts[0][0]
    assert units.cells == before


def test_import_udfs_goes_into_the_addin_fetched_by_name(dept, monkeypatch):
    """Open add-ins are not enumerated in Workbooks; Workbooks("DeptBudget.xlam") finds them."""
    imported = []
    fake_xw = types.SimpleNamespace(import_udfs=lambda module, target: imported.append((module, target)))
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setitem(sys.modules, "xlwings", fake_xw)
    monkeypatch.setitem(sys.modules, "xlwings.udfs", types.ModuleType("xlwings.udfs"))
    book = Book(dept)
    dispatch.run("btnImportUdfs", book=book)
    assert "没有找到已打开的加载项" in book.alerts[0][0] and imported == []
    saved = []
    addin = types.SimpleNamespace(name="DeptBudget.xlam", api=types.SimpleNamespace(
        VBProject=types.SimpleNamespace(VBComponents=types.SimpleNamespace(Count=3)), Save=lambda: saved.append(1)))
    book.addins.append(addin)
    assert addin not in list(book.app.books)
    dispatch.run("btnImportUdfs", book=book)
    assert imported == [(handlers.UDF_MODULE, addin.api)] and saved == [1]
    assert book.alerts[-1][0].startswith("已导入部门预算函数")


def test_marking_300_findings_on_5000_lines_takes_a_bounded_number_of_calls(tmp_path, monkeypatch):
    """Colours go in one call per colour and ≤255-character union address; a note is one call
    per cell. Before: about 13 calls per marked cell."""
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1] / "benchmarks"))
    synth = pytest.importorskip("synth", reason="benchmarks/synth.py")
    path = Path(synth.make_department(5000, tmp_path, seed=3))
    book = Book(path)
    name = spec.BASIC.name
    severities = (Severity.ERROR, Severity.WARNING, Severity.INFO)
    findings = [Finding("BAL-01", severities[i % 3], CellRef(path.name, name, f"C{5 + i}"), "测试")
                for i in range(300)]
    book.crossings = 0
    marked = results.mark_cells(book, findings, skip := Skipped())
    assert marked == 300 and not skip.features
    sheet = book.sheet(name)
    assert sheet.colors[(5, 3)] == MARK_COLOR[Severity.ERROR].lower()
    assert sheet.colors[(6, 3)] == MARK_COLOR[Severity.WARNING].lower()
    assert len(sheet.notes) == 300
    # per cell: Range(1) + colour read(1) + note check(1) + AddComment(1); colours in a few calls
    assert book.crossings <= 4 * 300 + 80, book.crossings
    print(f"标记 300 个单元格：{book.crossings} 次跨进程调用")


def test_import_udfs_says_so_when_the_chinese_names_did_not_survive(dept, monkeypatch):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setitem(sys.modules, "xlwings", types.SimpleNamespace(import_udfs=lambda module, target: None))
    monkeypatch.setitem(sys.modules, "xlwings.udfs", types.ModuleType("xlwings.udfs"))
    saved = []
    for text, expect in (("Function ??????(...)", "非 Unicode 程序的语言"), ("Function 科目名称(...)", "已导入部门预算函数")):
        module = types.SimpleNamespace(CodeModule=types.SimpleNamespace(CountOfLines=1, Lines=lambda a, b, t=text: t))
        components = lambda name, m=module: m  # noqa: E731 — VBComponents("xlwings_udfs")
        components.Count = 2
        addin = types.SimpleNamespace(name="DeptBudget.xlam", api=types.SimpleNamespace(
            VBProject=types.SimpleNamespace(VBComponents=components), Save=lambda t=text: saved.append(t)))
        book = Book(dept)
        book.addins.append(addin)
        dispatch.run("btnImportUdfs", book=book)
        assert expect in book.alerts[-1][0]
    assert saved == ["Function 科目名称(...)"]


def test_a_workbook_on_onedrive_is_saved_and_exports_to_its_sync_folder(dept, tmp_path, monkeypatch):
    (tmp_path / "预算 2026").mkdir()
    monkeypatch.setenv("OneDrive", str(tmp_path))
    book = Book(dept, fullname="https://d.docs.live.net/4f3a2b/%E9%A2%84%E7%AE%97%202026/" + dept.name)
    dispatch.run("btnExportPdf", book=book)
    [(path, _)] = book.pdfs
    assert Path(path).parent == tmp_path / "预算 2026"
    monkeypatch.delenv("OneDrive")
    book = Book(dept, fullname="https://contoso-my.sharepoint.com/personal/li_contoso_cn/Documents/" + dept.name)
    dispatch.run("btnExportPdf", book=book)
    message = book.alerts[-1][0]
    assert "OneDrive" in message and "请先保存" not in message and not book.pdfs


def test_a_different_xlwings_in_python_stops_every_button_with_what_to_do(dept, monkeypatch):
    import xlwings

    monkeypatch.setattr(xlwings, "__version__", "0.30.0")
    book = Book(dept)
    before = {s.name: dict(s.cells) for s in book.sheet_list}
    dispatch.run("btnRollup", book=book, xlam="0.37.8")
    [(message, _)] = book.alerts
    assert "xlwings 0.37.8" in message and "xlwings 0.30.0" in message and "pip install xlwings==0.37.8" in message
    assert {s.name: dict(s.cells) for s in book.sheet_list} == before
    monkeypatch.setattr(xlwings, "__version__", "0.37.8")
    dispatch.run("btnRollup", book=book, xlam="0.37.8")
    assert book.alerts[-1][0].startswith("汇总完成")


def test_pyproject_pins_the_xlwings_the_addin_is_built_from():
    import tomllib

    import xlwings

    meta = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert f"xlwings=={xlwings.__version__}" in meta["project"]["dependencies"]


def test_writing_buttons_save_a_timestamped_copy_first_and_say_where(dept, tmp_path):
    import shutil

    path = tmp_path / "部门 预算.xlsx"
    shutil.copyfile(dept, path)
    book = Book(path)
    dispatch.run("btnRollup", book=book)
    [copy] = book.backups
    assert Path(copy).parent == tmp_path and Path(copy).name.startswith("部门 预算-备份-")
    assert Path(copy).suffix == ".xlsx" and Path(copy).read_bytes() == path.read_bytes()
    assert f"写入前已保存备份：{copy}" in book.alerts[0][0]
    dispatch.run("btnExportPdf", book=book)  # writes files, not into the workbook: no copy
    assert len(book.backups) == 1


def settings_rows(book, **values) -> dict[str, int]:
    """Rows 项目 | 值 appended to the book's 设置 sheet (the template has one without them)."""
    dispatch.run("btnSettings", book=book)
    settings = book.sheet(handlers.SETTINGS_SHEET)
    last = max(r for r, _ in settings.cells)
    rows = {}
    for i, (key, value) in enumerate(values.items(), last + 1):
        settings.cells[(i, 1)], settings.cells[(i, 2)] = key, value
        rows[key] = i
    return rows


def test_backup_folder_and_switch_from_the_settings_sheet(dept, tmp_path):
    book = Book(dept)
    rows = settings_rows(book, 备份文件夹=str(tmp_path / "备份"), 写入前备份="是")
    settings = book.sheet(handlers.SETTINGS_SHEET)
    dispatch.run("btnValidateAll", book=book)
    [copy] = book.backups
    assert Path(copy).parent == tmp_path / "备份" and Path(copy).is_file()
    settings.cells[(rows["写入前备份"], 2)] = "否"
    dispatch.run("btnClearMarks", book=book)
    assert len(book.backups) == 1 and "备份" not in book.alerts[-1][0]


def test_a_backup_that_cannot_be_saved_stops_before_writing(dept, tmp_path):
    book = Book(dept)
    blocker = tmp_path / "文件"
    blocker.write_text("x")
    settings_rows(book, 备份文件夹=str(blocker / "备份"))  # a folder inside a file: cannot be made
    before = {s.name: dict(s.cells) for s in book.sheet_list}
    dispatch.run("btnRollup", book=book)
    assert "无法保存备份" in book.alerts[-1][0]
    assert {s.name: dict(s.cells) for s in book.sheet_list} == before
