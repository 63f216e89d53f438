"""`deptbudget addin bundle`: a folder that installs the add-in on Windows PCs without internet
(政务外网), built on any OS with internet access.

    DIR/wheels/        win_amd64 wheels of deptbudget and every dependency (pip download)
    DIR/DeptBudget.xlam  interpreter: the per-user environment 安装.cmd creates
    DIR/安装.cmd  DIR/卸载.cmd  DIR/安装说明.txt

安装.cmd needs only an installed Python of the bundle's version, no administrator rights and no
registry writes: a venv under %LOCALAPPDATA%\\deptbudget, the .xlam copied to the user's XLSTART.
pip evaluates environment markers (`; platform_system == "Windows"`) for the building machine,
not for --platform, so the Windows-only dependencies (pywin32 for xlwings, colorama for click …)
are found by reading each wheel's METADATA with a Windows environment and downloaded too.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

from .addin_build import ADDIN_FILE, AddinConfig, build

PYTHON_VERSIONS = ("3.11", "3.12")
VENV = r"%LOCALAPPDATA%\deptbudget\venv"
INTERPRETER = VENV + r"\Scripts\python.exe"
XLSTART = r"%APPDATA%\Microsoft\Excel\XLSTART"
WHEELS = "wheels"


class BundleError(Exception):
    """The bundle cannot be made; the message is Chinese."""


def make_bundle(out: Path, python_version: str = "3.11", project: Path | None = None) -> list[Path]:
    """Build the offline folder; returns the wheels in it."""
    if python_version not in PYTHON_VERSIONS:
        raise BundleError(f"不支持的 Python 版本 {python_version}（可选：{'、'.join(PYTHON_VERSIONS)}）")
    project = project or Path(__file__).resolve().parents[3]
    if not (project / "pyproject.toml").is_file():
        raise BundleError(f"找不到 deptbudget 的源代码目录（{project} 中没有 pyproject.toml）：请在源代码目录中运行。")
    wheels = out / WHEELS
    wheels.mkdir(parents=True, exist_ok=True)
    _pip("wheel", "--no-deps", "-w", str(wheels), str(project))
    own = sorted(wheels.glob("deptbudget-*.whl"))[-1]
    download(wheels, python_version, [str(own)])
    while missing := missing_on_windows(wheels, python_version):
        download(wheels, python_version, missing)
    build(out, AddinConfig(interpreter_win=INTERPRETER))
    write_scripts(out, python_version)
    return sorted(wheels.glob("*.whl"))


def download(wheels: Path, python_version: str, requirements: list[str]) -> None:
    _pip("download", "--only-binary=:all:", "--platform", "win_amd64", "--python-version", python_version,
         "--implementation", "cp", "-d", str(wheels), "--find-links", str(wheels), *requirements)


def _pip(*args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise BundleError(f"pip {args[0]} 失败（需要能访问 PyPI）：\n{done.stderr[-2000:]}")


def windows_env(python_version: str) -> dict[str, str]:
    """Environment markers of 64-bit CPython on Windows."""
    return {"platform_system": "Windows", "sys_platform": "win32", "os_name": "nt", "platform_machine": "AMD64",
            "python_version": python_version, "python_full_version": python_version + ".0",
            "implementation_name": "cpython", "platform_python_implementation": "CPython", "extra": ""}


def missing_on_windows(wheels: Path, python_version: str) -> list[str]:
    """Requirements of the wheels in `wheels` that apply on Windows but have no wheel there."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    have = {canonicalize_name(w.name.split("-")[0]): w for w in wheels.glob("*.whl")}
    env = windows_env(python_version)
    missing = []
    for wheel in have.values():
        for line in _requires(wheel):
            req = Requirement(line)
            if req.marker is not None and not req.marker.evaluate(env):
                continue
            if canonicalize_name(req.name) not in have:
                missing.append(str(req.name) + str(req.specifier))
    return sorted(set(missing))


def _requires(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as z:
        name = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        meta = Parser().parsestr(z.read(name).decode("utf-8"))
    return meta.get_all("Requires-Dist") or []


# -- the scripts: UTF-8 without BOM (a BOM breaks "@echo off"), CRLF; the first two lines ASCII,
# then chcp 65001 makes cmd read the Chinese lines as UTF-8. Every path is quoted: the bundle may
# sit in a folder with spaces or Chinese characters (D:\软件 安装\部门预算).

def install_cmd(python_version: str) -> str:
    tag = python_version
    return f"""@echo off
chcp 65001 >nul
setlocal
title 安装部门预算加载项
set "HERE=%~dp0"
set "VENV={VENV}"
set "XLSTART={XLSTART}"
tasklist /fi "imagename eq EXCEL.EXE" 2>nul | find /i "EXCEL.EXE" >nul && (
  echo 请先保存并退出所有 Excel 窗口，再运行本程序。
  pause
  exit /b 1
)
set "PY="
py -{tag} -c "import sys" >nul 2>nul && set "PY=py -{tag}"
if not defined PY (python -c "import sys; sys.exit(sys.version_info[:2] != ({tag.replace('.', ', ')}))" >nul 2>nul && set "PY=python")
if not defined PY (
  echo 没有找到 Python {tag}。请先安装 Python {tag}（64 位，安装时选“为当前用户安装”即可，不需要管理员权限），
  echo 安装包可向信息科索取；装好后再运行本程序。
  pause
  exit /b 1
)
echo 正在创建 Python 环境：%VENV%
%PY% -m venv "%VENV%" || goto fail
echo 正在从本文件夹安装（不需要联网）……
"%VENV%\\Scripts\\python.exe" -m pip install --no-index --find-links "%HERE%{WHEELS}" --upgrade deptbudget || goto fail
"%VENV%\\Scripts\\python.exe" -c "import deptbudget.excel.dispatch, xlwings" || goto fail
if not exist "%XLSTART%" mkdir "%XLSTART%" || goto fail
copy /y "%HERE%{ADDIN_FILE}" "%XLSTART%\\{ADDIN_FILE}" >nul || goto fail
echo.
echo 安装完成。打开 Excel，功能区会出现“部门预算”选项卡。
pause
exit /b 0
:fail
echo.
echo 安装没有完成，请把本窗口的内容截图发给信息科。
pause
exit /b 1
"""


def uninstall_cmd() -> str:
    return f"""@echo off
chcp 65001 >nul
setlocal
title 卸载部门预算加载项
set "VENV={VENV}"
set "XLSTART={XLSTART}"
tasklist /fi "imagename eq EXCEL.EXE" 2>nul | find /i "EXCEL.EXE" >nul && (
  echo 请先保存并退出所有 Excel 窗口，再运行本程序。
  pause
  exit /b 1
)
if exist "%XLSTART%\\{ADDIN_FILE}" del /f /q "%XLSTART%\\{ADDIN_FILE}"
if exist "%VENV%" rmdir /s /q "%VENV%"
echo 已卸载部门预算加载项。工作簿、日志和备份文件都没有删除。
pause
"""


def instructions(python_version: str) -> str:
    return f"""部门预算加载项 离线安装说明

适用：Windows 10/11 上的 64 位 Excel（2010 及以上），电脑不需要联网，不需要管理员权限。

一、准备
  1. 电脑上需要 Python {python_version}（64 位）。没有的话请向信息科索取安装包，安装时选择
     “Install for current user”（为当前用户安装），不需要管理员权限。
  2. 退出所有 Excel 窗口。

二、安装
  1. 把整个文件夹复制到本机任意位置（路径中有中文或空格都可以）。
  2. 双击“安装.cmd”，等待出现“安装完成”。
     它会在 %LOCALAPPDATA%\\deptbudget 下建立本工具专用的 Python 环境，
     并把 {ADDIN_FILE} 复制到 Excel 的启动文件夹 %APPDATA%\\Microsoft\\Excel\\XLSTART。
  3. 打开 Excel，功能区出现“部门预算”选项卡即可使用。

三、各单位的录入表
  部门在“部门预算”选项卡点“新建部门工作簿”，在“单位信息”中“添加单位”；
  各单位填写自己的单位录入表后交回，部门把它们放在一个文件夹里，点“从文件夹汇总”。

四、卸载
  退出 Excel，双击“卸载.cmd”。工作簿、日志和备份不会被删除。

五、遇到问题
  按钮的提示框会说明原因和办法；“帮助/版本”可打开日志文件。
  请把提示框截图和日志文件发给信息科。
"""


def write_scripts(out: Path, python_version: str) -> None:
    for name, text, bom in (("安装.cmd", install_cmd(python_version), False), ("卸载.cmd", uninstall_cmd(), False),
                            ("安装说明.txt", instructions(python_version), True)):
        data = text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")
        (out / name).write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
