"""Entry point of every ribbon button: the VBA dispatcher runs
`import deptbudget.excel.dispatch as d; d.run('<button id>')`.

`run` finds the handler, calls it with the calling book, and turns every failure into a
Chinese alert: a user's mistake (UserError) shows its message; anything else is logged
with its traceback and the alert says where the log is. Never a raw traceback dialog.
"""

from __future__ import annotations

import importlib
import time
from typing import Callable

from .errors import UserError
from .logfile import get_logger, log_path
from .ui import set_backup, status, with_backup

# Ribbon button id (addin/customUI.xml) → handler function name in deptbudget.excel.handlers.
BUTTONS: dict[str, str] = {
    "btnNewWorkbook": "new_workbook",
    "btnAddUnit": "add_unit",
    "btnValidateAll": "validate_all",
    "btnValidateSheet": "validate_sheet",
    "btnClearMarks": "clear_marks",
    "btnRollup": "rollup",
    "btnRollupFolder": "rollup_folder",
    "btnFillSangong": "fill_sangong",
    "btnFillPerformance": "fill_performance",
    "btnFillNarrative": "fill_narrative",
    "btnExportXlsx": "export_xlsx",
    "btnExportPdf": "export_pdf",
    "btnImportUdfs": "import_udfs",
    "btnSettings": "settings",
    "btnHelp": "help_about",
}

TITLE = "部门预算"

# Buttons that write into the open workbook: a timestamped copy is saved first (excel.backup).
WRITES = {"btnAddUnit", "btnValidateAll", "btnValidateSheet", "btnClearMarks", "btnRollup", "btnRollupFolder",
          "btnFillSangong", "btnFillPerformance", "btnFillNarrative"}


def handler_for(button_id: str) -> Callable:
    """The handler function of a button; UserError if the id is unknown."""
    name = BUTTONS.get(button_id)
    if name is None:
        raise UserError(f"未知的按钮“{button_id}”：加载项与 Python 包的版本可能不一致，"
                        "请运行 deptbudget addin install 重新安装加载项。")
    handlers = importlib.import_module("deptbudget.excel.handlers")
    return getattr(handlers, name)


def run(button_id: str, book=None, xlam: str | None = None) -> None:
    """Run the handler of `button_id` on the calling book (or `book`, for tests). `xlam` is the
    xlwings version the add-in was built with (its VBA declares that version's DLL)."""
    log = get_logger()
    started = time.perf_counter()
    try:
        if book is None:
            import xlwings as xw

            book = xw.Book.caller()
        check_xlwings(xlam)
        handler = handler_for(button_id)
        log.info("按钮 %s 开始：%s", button_id, _book_name(book))
        from .book_io import quiet

        with quiet(book):
            if button_id in WRITES:
                from .backup import save_copy

                set_backup(save_copy(book))
            handler(book)
        log.info("按钮 %s 完成，用时 %.1f 秒", button_id, time.perf_counter() - started)
    except UserError as exc:
        log.info("按钮 %s：%s", button_id, exc.message)
        _alert(book, with_backup(exc.message), exc.title, "info")
    except Exception:  # noqa: BLE001 — the last line of defence: log, then a plain alert
        log.exception("按钮 %s 出现意外错误", button_id)
        _alert(book, unexpected_message(), TITLE, "critical")
    finally:
        set_backup(None)
        if book is not None:
            status(book, None)


def check_xlwings(xlam: str | None) -> None:
    """The add-in's VBA and DLL belong to one xlwings version; a different xlwings in this Python
    breaks the functions and, sooner or later, the buttons: said before anything runs."""
    if not xlam:
        return
    import xlwings

    if xlwings.__version__ != xlam:
        raise UserError(f"版本不一致：加载项是按 xlwings {xlam} 生成的，而当前 Python 中安装的是 xlwings "
                        f"{xlwings.__version__}。请任选其一：\n1. 在命令行运行：pip install xlwings=={xlam}\n"
                        "2. 重新运行 安装.cmd（离线安装包）或 deptbudget addin install，按当前版本重新生成加载项。\n"
                        "然后退出并重新打开 Excel。")


def unexpected_message() -> str:
    return (f"出现意外错误，操作未完成。详细信息已记录到日志文件：\n{log_path()}\n"
            "请将该文件发送给技术支持人员。工作簿中的录入数据未被修改。")


def _alert(book, message: str, title: str, mode: str) -> None:
    try:
        book.app.alert(message, title=title, mode=mode)
    except Exception:  # noqa: BLE001 — no Excel to show it: the log keeps the message
        get_logger().exception("无法弹出提示框：%s", message)


def _book_name(book) -> str:
    try:
        return book.name
    except Exception:  # noqa: BLE001
        return "?"
