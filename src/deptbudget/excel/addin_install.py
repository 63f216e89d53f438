"""Install DeptBudget.xlam into Excel's per-user start-up folder (XLSTART).

Excel opens every add-in in XLSTART when it starts, so the 部门预算 tab appears without
touching Excel's Add-ins dialog. Only Windows and macOS have desktop Excel.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

from .addin_build import ADDIN_FILE, xlwings_dir

WINDOWS_XLSTART = r"%APPDATA%\Microsoft\Excel\XLSTART"
MAC_XLSTART = "~/Library/Group Containers/UBF8T346G9.Office/User Content.localized/Startup.localized/Excel"
MAC_SCRIPTS = "~/Library/Application Scripts/com.microsoft.Excel"


class InstallError(Exception):
    """Installation cannot proceed; the message is Chinese."""


def xlstart_dir() -> Path | None:
    """The per-user XLSTART folder of desktop Excel, or None on an OS without Excel."""
    if sys.platform.startswith("win"):
        return Path(os.path.expandvars(WINDOWS_XLSTART))
    if sys.platform == "darwin":
        return Path(MAC_XLSTART).expanduser()
    return None


def no_excel_message(built: Path | None = None) -> str:
    where = f"已生成的加载项：{built}\n" if built else "先运行 deptbudget addin build --out 目录 生成加载项，\n"
    return ("本机操作系统上没有桌面版 Excel，无法直接安装加载项。\n" + where +
            f"请把 {ADDIN_FILE} 复制到 Windows 电脑的 {WINDOWS_XLSTART} 文件夹\n"
            r"（一般是 C:\Users\用户名\AppData\Roaming\Microsoft\Excel\XLSTART），然后重新打开 Excel；"
            "或在那台电脑上安装本工具后运行 deptbudget addin install。")


def install(built: Path, xlstart: Path) -> Path:
    """Copy the built add-in into xlstart (temporary name, then rename)."""
    xlstart.mkdir(parents=True, exist_ok=True)
    target = xlstart / ADDIN_FILE
    tmp = xlstart / (ADDIN_FILE + ".tmp")
    try:
        shutil.copyfile(built, tmp)
        os.replace(tmp, target)
    except PermissionError:
        _discard(tmp)
        raise InstallError(f"无法写入 {target}：Excel 可能正在运行并占用该文件。请先退出 Excel 再安装。") from None
    if sys.platform == "darwin":
        _install_mac_runpython()
    return target


def remove(xlstart: Path) -> Path | None:
    """Delete the installed add-in; returns its path, or None if it was not installed."""
    target = xlstart / ADDIN_FILE
    if not target.exists():
        return None
    try:
        target.unlink()
    except PermissionError:
        raise InstallError(f"无法删除 {target}：请先退出 Excel 再卸载。") from None
    return target


def installed_version(path: Path) -> str | None:
    """The xlwings version written in the installed add-in's VBA ('Version: x.y.z')."""
    from pyopenvba import ExcelFile

    with ExcelFile(path) as wb:
        source = wb.get_module("xlwings")
    match = re.search(r"'Version:\s*([0-9][^\s]*)", source)
    return match.group(1) if match else None


def _install_mac_runpython() -> None:
    """What `xlwings runpython install` does: RunPython on macOS needs xlwings' AppleScript
    in Excel's sandbox script folder."""
    import xlwings

    script = xlwings_dir() / f"xlwings-{xlwings.__version__}.applescript"
    dest = Path(MAC_SCRIPTS).expanduser()
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(script, dest)


def _discard(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
