"""The Excel add-in: DeptBudget.xlam built on any OS from xlwings' own template, its VBA,
its ribbon, the dispatcher and every button's handler."""

from __future__ import annotations

import importlib
import inspect
import os
import re
import sys
import zipfile
from pathlib import Path

import defusedxml.ElementTree as ET
import pytest

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # before xlwings is imported
import xlwings as xw  # noqa: E402
from click.testing import CliRunner

from deptbudget.cli import main
from deptbudget.excel import dispatch, handlers
from deptbudget.excel.addin_build import (
    ADDIN_FILE,
    CONF_SHEET,
    RIBBON_PART,
    RIBBON_REL_2010,
    AddinConfig,
    build,
    source_dir,
    xlwings_dir,
)
from deptbudget.excel.errors import UserError

NS = {"ui": "http://schemas.microsoft.com/office/2009/07/customui"}
LABELS = ("新建部门工作簿", "添加单位", "校验全部", "校验当前表", "清除校验标记", "汇总单位表", "从文件夹汇总",
          "生成三公表", "生成绩效表", "生成情况说明", "导出公开表(xlsx)", "导出公开表(PDF)", "导入函数", "设置",
          "帮助/版本")


@pytest.fixture(scope="module")
def xlam(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("addin"), AddinConfig(interpreter_win=r"C:\Python311\python.exe"))


@pytest.fixture(scope="module")
def vba(xlam) -> dict[str, str]:
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(xlam))
    try:
        return {Path(name).stem: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def buttons(xml: bytes) -> list:
    return ET.fromstring(xml).findall(".//ui:button", NS)


def test_xlam_parts(xlam):
    assert xlam.name == ADDIN_FILE and xlam.is_file()
    with zipfile.ZipFile(xlam) as z:
        names = set(z.namelist())
        assert {"xl/vbaProject.bin", RIBBON_PART, "xl/workbook.xml"} <= names
        assert "customUI/customUI.xml" not in names  # the template's sample ribbon is gone
        rels = ET.fromstring(z.read("_rels/.rels"))
        ui = [r.get("Target") for r in rels if "ui/extensibility" in r.get("Type")]
        assert ui == [RIBBON_PART]
        assert [r.get("Type") for r in rels if r.get("Target") == RIBBON_PART] == [RIBBON_REL_2010]
        assert z.read(RIBBON_PART) == (source_dir() / "customUI.xml").read_bytes()
        assert f'name="{CONF_SHEET}"' in z.read("xl/workbook.xml").decode()
        assert "<dc:title>部门预算</dc:title>" in z.read("docProps/core.xml").decode()


def test_vba_holds_dispatcher_and_installed_xlwings_module(vba):
    assert set(vba) == {"ThisWorkbook", "Sheet2", "Dictionary", "xlwings", "DeptBudget"}
    assert f"'Version: {xw.__version__}" in vba["xlwings"]
    assert f'XLWINGS_VERSION As String = "{xw.__version__}"' in vba["xlwings"]
    assert 'PROJECT_NAME As String = "deptbudget"' in vba["xlwings"]
    assert "Public Function RunPython(PythonCommand As String)" in vba["xlwings"]
    dispatcher = vba["DeptBudget"]
    assert "Sub DeptBudget_OnAction(control As IRibbonControl)" in dispatcher
    assert ("RunPython \"import deptbudget.excel.dispatch as d; d.run('\" & control.Id & \"', xlam='\" & "
            "XLWINGS_VERSION & \"')\"" in dispatcher)
    assert "Application.StatusBar = False" in dispatcher


def test_vba_project_validates(xlam):
    from pyopenvba import ExcelFile

    with ExcelFile(xlam) as wb:
        assert wb.vba_project().validate() == []
        assert wb.vba_project().code_page == 1252


def test_vba_source_is_ascii():
    """The project's code page is 1252: Chinese text in VBA source would be garbled."""
    (source_dir() / "DeptBudget.bas").read_bytes().decode("ascii")


def test_template_runpython_signature_unchanged():
    text = (xlwings_dir() / "xlwings_custom_addin.bas").read_text()
    assert "Public Function RunPython(PythonCommand As String)" in text


def test_ribbon_xml(xlam):
    with zipfile.ZipFile(xlam) as z:
        root = ET.fromstring(z.read(RIBBON_PART))
    assert root.tag == "{%s}customUI" % NS["ui"]
    tabs = root.findall(".//ui:tab", NS)
    assert [t.get("label") for t in tabs] == ["部门预算"]
    found = buttons(ET.tostring(root))
    assert sorted(b.get("label") for b in found) == sorted(LABELS)
    for b in found:
        assert b.get("id").isascii() and b.get("id").startswith("btn")
        assert b.get("imageMso") and b.get("screentip")
    assert len({b.get("id") for b in found}) == len(found)
    assert sum(b.get("size") == "large" for b in found) >= 5


def test_every_onaction_callback_exists_in_vba(xlam, vba):
    with zipfile.ZipFile(xlam) as z:
        callbacks = {b.get("onAction") for b in buttons(z.read(RIBBON_PART))}
    assert callbacks == {"DeptBudget_OnAction"}
    code = "\n".join(vba.values())
    for cb in callbacks:
        assert re.search(rf"^Public Sub {cb}\(control As IRibbonControl\)", code, re.M), cb


def test_every_button_id_maps_to_a_handler():
    ids = [b.get("id") for b in buttons((source_dir() / "customUI.xml").read_bytes())]
    assert sorted(ids) == sorted(dispatch.BUTTONS)
    for name in dispatch.BUTTONS.values():
        handler = getattr(handlers, name)
        assert list(inspect.signature(handler).parameters) == ["book"]
        assert handler.__doc__


# ---------------------------------------------------------------- dispatcher, on the remote engine

def ensure_remote_engine() -> None:
    """xlwings registers its remote engine at import time only if the licence key was set
    then; when another module imported xlwings first, register it now (noncommercial use)."""
    if "remote" not in xw.engines.engines_by_name:
        remote = importlib.import_module("xlwings.pro._xlremote")
        xw.engines.add(xw.Engine(impl=remote.engine))


@pytest.fixture
def remote_book(monkeypatch, tmp_path):
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    ensure_remote_engine()
    monkeypatch.setenv("DEPTBUDGET_LOG_DIR", str(tmp_path / "log"))
    data = {"client": "Microsoft Office Scripts", "version": xw.__version__,
            "book": {"name": "部门预算2024.xlsx", "active_sheet_index": 0, "selection": "A1"},
            "names": [], "sheets": [{"name": "基本信息", "values": [["预算年度", 2024]],
                                     "pictures": [], "tables": []}]}
    return xw.Book(json=data)


def alerts(book) -> list[list]:
    return [a["args"] for a in book.json()["actions"] if a["func"] == "alert"]


def test_every_button_reaches_its_real_handler(remote_book, monkeypatch):
    """Walk the ribbon XML, press each button: dispatch.run calls that button's handler."""
    called = []
    for name in dispatch.BUTTONS.values():
        real = getattr(handlers, name)

        def spy(book, _real=real, _name=name):
            called.append(_name)
            return _real(book)

        monkeypatch.setattr(handlers, name, spy)
    ids = [b.get("id") for b in buttons((source_dir() / "customUI.xml").read_bytes())]
    for button_id in ids:
        dispatch.run(button_id, book=remote_book)  # never raises
    assert called == [dispatch.BUTTONS[i] for i in ids]
    shown = alerts(remote_book)
    assert len(shown) >= len(ids) - 1  # 设置 activates a sheet and tells the user
    assert all(re.search(r"[\u4e00-\u9fff]", args[0]) for args in shown)
    assert not any("Traceback" in args[0] for args in shown)


def test_settings_creates_the_settings_sheet_once(remote_book):
    handlers.settings(remote_book)
    assert handlers.SETTINGS_SHEET in [s.name for s in remote_book.sheets]
    handlers.settings(remote_book)  # second time: only activates
    actions = remote_book.json()["actions"]
    assert [a["func"] for a in actions].count("addSheet") == 1
    [written] = [a["values"] for a in actions if a["func"] == "setValues"]  # one block write
    assert written[0] == ["项目", "值", "说明"] and len(written) == len(handlers.SETTINGS_ROWS)


def test_user_error_is_a_chinese_alert(remote_book, monkeypatch):
    def boom(book):
        raise UserError("「汇总单位表」需要标准工作簿")

    monkeypatch.setattr(handlers, "rollup", boom)
    dispatch.run("btnRollup", book=remote_book)
    assert alerts(remote_book) == [["「汇总单位表」需要标准工作簿", "部门预算", "ok", "info", ""]]


def test_unexpected_error_is_logged_not_shown(remote_book, monkeypatch, tmp_path):
    def crash(book):
        return 1 / 0

    monkeypatch.setattr(handlers, "validate_all", crash)
    dispatch.run("btnValidateAll", book=remote_book)
    [[prompt, title, _, mode, _]] = alerts(remote_book)
    assert mode == "critical" and "日志" in prompt and "Traceback" not in prompt
    assert str(tmp_path / "log" / "deptbudget.log") in prompt
    log = (tmp_path / "log" / "deptbudget.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "ZeroDivisionError" in log


def test_unknown_button_and_missing_book(remote_book, tmp_path):
    dispatch.run("btnNoSuchThing", book=remote_book)
    assert "未知的按钮" in alerts(remote_book)[0][0]
    dispatch.run("btnHelp")  # no Excel here: Book.caller fails → logged, never raised
    assert "btnHelp" in (tmp_path / "log" / "deptbudget.log").read_text(encoding="utf-8")


def test_no_handler_is_a_stub():
    """Every button does its work (tests/test_handlers*.py run them on the remote engine)."""
    assert "尚未接入" not in inspect.getsource(handlers)


def test_help_text_names_versions_and_log():
    text = handlers.about_text()
    assert xw.__version__ in text and "deptbudget.log" in text


# ---------------------------------------------------------------- config and CLI

def test_config_sheet_rows(xlam):
    with zipfile.ZipFile(xlam) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<t>UDF MODULES</t>" in sheet and "<t>deptbudget.excel.udfs</t>" in sheet
    assert r"<t>C:\Python311\python.exe</t>" in sheet
    assert "INTERPRETER_MAC" not in sheet  # unset keys are left out, not written empty
    keys = re.findall(r'<c r="A\d+"[^>]*><is><t>([^<]*)</t>', sheet)
    assert len(keys) == len(set(keys)) == len(AddinConfig(interpreter_win="x").rows())


def test_cli_build_install_status_remove(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["addin", "build", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / ADDIN_FILE).is_file()
    xlstart = tmp_path / "XLSTART"
    assert runner.invoke(main, ["addin", "install", "--xlstart", str(xlstart)]).exit_code == 0
    status = runner.invoke(main, ["addin", "status", "--xlstart", str(xlstart)])
    assert f"xlwings 版本：{xw.__version__}；本机 xlwings 版本：{xw.__version__}" in status.output
    assert "已卸载" in runner.invoke(main, ["addin", "remove", "--xlstart", str(xlstart)]).output
    assert not (xlstart / ADDIN_FILE).exists()
    assert "未安装" in runner.invoke(main, ["addin", "remove", "--xlstart", str(xlstart)]).output


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="desktop Excel exists here")
def test_install_without_excel_says_what_to_do():
    result = CliRunner().invoke(main, ["addin", "install"])
    assert result.exit_code == 2
    assert "XLSTART" in result.output and "没有桌面版 Excel" in result.output


def test_progress_is_skipped_on_the_remote_engine(remote_book):
    from deptbudget.excel.ui import progress, status

    progress(remote_book, 2, 5, "汇总")  # no status bar there: no error, no action
    status(remote_book, None)
    assert remote_book.json()["actions"] == []


def test_olevba_reads_the_pinned_dll_version(vba):
    """The DLL the .xlam declares is the one of the xlwings version pyproject.toml pins."""
    import tomllib

    meta = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    [pin] = [d.split("==")[1] for d in meta["project"]["dependencies"] if d.startswith("xlwings==")]
    assert f'Lib "xlwings64-{pin}.dll"' in vba["xlwings"] and f'Lib "xlwings32-{pin}.dll"' in vba["xlwings"]


def test_dispatcher_probes_python_once_and_explains_in_chinese(vba):
    """Before xlwings' own English errors: the interpreter exists and imports deptbudget."""
    code = vba["DeptBudget"]
    assert "Private PythonReady As Boolean" in code and "If Not ProbePython() Then Exit Sub" in code
    assert '""" -c ""import deptbudget.excel.dispatch, xlwings""", 0, True)' in code
    texts = ["".join(chr(int(h[i:i + 4], 16)) for i in range(0, len(h), 4))
             for h in re.findall(r'W\("([0-9A-F]+)"\)', code)]
    assert all(len(h) % 4 == 0 for h in re.findall(r'W\("([0-9A-F]+)"\)', code))
    assert "找不到 Python：" in texts and any("安装.cmd" in t and "重新打开 Excel" in t for t in texts)
    assert any("缺少部门预算工具（deptbudget）或 xlwings" in t for t in texts)
