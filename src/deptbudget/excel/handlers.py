"""Ribbon handlers: one function per button, each taking the calling `xw.Book`.

Handlers are a thin shell: read the sheets they need with one block call each, call one
core function, write the result back as block writes. Handlers whose core is not wired in
yet say so plainly (UserError) rather than pretend.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys

from .errors import UserError
from .logfile import get_logger, log_path

ADDIN_FILE = "DeptBudget.xlam"
UDF_MODULE = "deptbudget.excel.udfs"
SETTINGS_SHEET = "设置"  # = template.spec.SETTINGS_SHEET

# 设置 sheet: 项目 | 值 | 说明. Read by the handlers that need them.
SETTINGS_ROWS = (
    ("项目", "值", "说明"),
    ("尾差容差（万元/项）", 0.005, "四舍五入到两位小数后，每个合计项允许的尾差"),
    ("绩效指标权重合计", 90, "项目绩效指标权重之和（90 或 100，依本地要求）"),
    ("忽略的校验规则", "", "规则编码，多个用顿号或逗号分隔，如 BAL-01、TXT-02"),
    ("导出文件夹", "", "留空则导出到工作簿所在文件夹"),
)


def _not_wired(label: str):
    raise UserError(f"「{label}」功能尚未接入，请使用命令行 deptbudget 完成此操作。")


def new_workbook(book) -> None:
    """新建部门工作簿：生成一本空白的标准部门工作簿（含单位信息、收入、支出等录入表）。"""
    _not_wired("新建部门工作簿")


def add_unit(book) -> None:
    """添加单位：在「单位信息」中登记一个预算单位，并准备它的录入区域。"""
    _not_wired("添加单位")


def validate_all(book) -> None:
    """校验全部：校验整本工作簿，写入「校验结果」表并在出错单元格上加标记和批注。"""
    _not_wired("校验全部")


def validate_sheet(book) -> None:
    """校验当前表：只校验当前工作表，结果同样写入「校验结果」。"""
    _not_wired("校验当前表")


def clear_marks(book) -> None:
    """清除校验标记：去掉校验添加的底色和批注（只去掉校验加的，别的不动）。"""
    _not_wired("清除校验标记")


def rollup(book) -> None:
    """汇总单位表：把本工作簿中各单位的数据汇总成部门公开表（表1—表7）。"""
    _not_wired("汇总单位表")


def rollup_folder(book) -> None:
    """从文件夹汇总：选择一个放有各单位工作簿的文件夹，汇总成部门公开表。"""
    _not_wired("从文件夹汇总")


def fill_sangong(book) -> None:
    """生成三公表：根据支出明细填制“三公”经费预算表。"""
    _not_wired("生成三公表")


def fill_performance(book) -> None:
    """生成绩效表：根据项目和绩效目标填制项目绩效目标表和部门整体绩效目标表。"""
    _not_wired("生成绩效表")


def fill_narrative(book) -> None:
    """生成情况说明：按汇总结果生成部门预算情况说明文字。"""
    _not_wired("生成情况说明")


def export_xlsx(book) -> None:
    """导出公开表(xlsx)：另存一份只含公开表的 xlsx 文件，原工作簿不变。"""
    _not_wired("导出公开表(xlsx)")


def export_pdf(book) -> None:
    """导出公开表(PDF)：把公开表导出为 A4 横向 PDF。"""
    _not_wired("导出公开表(PDF)")


def import_udfs(book) -> None:
    """导入函数：把部门预算自定义函数（科目名称、人民币大写等）导入加载项，
    之后在任何工作簿中都可以像 SUM 一样使用。仅 Windows 版 Excel。"""
    if not sys.platform.startswith("win"):
        raise UserError("「导入函数」只能在 Windows 版 Excel 中使用：xlwings 的自定义函数依赖 "
                        "Windows 的 COM 接口，macOS 版 Excel 和 WPS 表格不支持。")
    try:
        import xlwings as xw
        import xlwings.udfs  # noqa: F401 — needs pywin32
    except ImportError:
        raise UserError("缺少 pywin32，无法导入函数。请在命令行运行：pip install pywin32") from None
    target = _addin_book(book)
    try:
        target.api.VBProject.VBComponents.Count
    except Exception:  # noqa: BLE001 — Excel refuses access to the VBA project
        raise UserError(_TRUST_VBA_MESSAGE) from None
    xw.import_udfs(UDF_MODULE, target.api)
    if target.name == ADDIN_FILE:
        target.api.Save()
    book.app.alert("已导入部门预算函数，例如 =科目名称(\"2080101\")、=人民币大写(A1)。"
                   "可在“插入函数”对话框的“部门预算”类别中找到全部函数。", title="导入函数")


_TRUST_VBA_MESSAGE = (
    "Excel 不允许访问 VBA 工程，无法导入函数。请依次点击：文件 → 选项 → 信任中心 → 信任中心设置 → "
    "宏设置，勾选“信任对 VBA 工程对象模型的访问”，然后再点「导入函数」。"
    "（如由单位信息技术人员统一管理，请联系他们开启此项。）")


def _addin_book(book):
    """The installed add-in workbook if open, otherwise the calling book."""
    for candidate in book.app.books:
        if candidate.name.lower() == ADDIN_FILE.lower():
            return candidate
    return book


def settings(book) -> None:
    """设置：打开「设置」表（没有则新建，并填入默认设置）。"""
    names = [s.name for s in book.sheets]
    if SETTINGS_SHEET in names:
        book.sheets[SETTINGS_SHEET].activate()
        return
    sheet = book.sheets.add(SETTINGS_SHEET, after=book.sheets[len(names) - 1])
    sheet["A1"].value = [list(row) for row in SETTINGS_ROWS]
    sheet.activate()
    book.app.alert("已新建「设置」表并填入默认值，修改「值」一列即可。", title="设置")


def about_text() -> str:
    """The help/version text shown by 帮助/版本."""
    from .. import __version__
    from ..template.spec import TEMPLATE_VERSION

    try:
        import xlwings

        xlwings_version = xlwings.__version__
    except ImportError:
        xlwings_version = "未安装"
    return (f"部门预算工具 deptbudget {__version__}\n"
            f"工作簿模板版本：{TEMPLATE_VERSION}\n"
            f"xlwings {xlwings_version}，Python {platform.python_version()}\n"
            f"Python 位置：{sys.executable}\n"
            f"日志文件：{log_path()}\n\n"
            "使用说明见 README；出现问题时请把日志文件发给技术支持人员。\n"
            "现在打开日志文件吗？")


def help_about(book) -> None:
    """帮助/版本：显示版本、Python 位置和日志文件位置，可直接打开日志文件。"""
    answer = book.app.alert(about_text(), title="帮助 / 版本", buttons="yes_no")
    if answer == "yes":
        open_log()


def open_log() -> None:
    """Open the log file in the system's text viewer (created empty if missing)."""
    get_logger().info("打开日志文件")
    path = str(log_path())
    if sys.platform.startswith("win"):
        os.startfile(path)  # noqa: S606 — the user's own log file
    elif sys.platform == "darwin":
        subprocess.run(["open", "-t", path], check=False)
    else:
        raise UserError(f"请用文本编辑器打开日志文件：{path}")
