"""`deptbudget addin build|install|remove|status`: the Excel add-in DeptBudget.xlam."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click


@click.group("addin", help="Excel 加载项（DeptBudget.xlam，功能区「部门预算」）：生成、安装、卸载、查看状态")
def addin():
    pass


def _config_options(f):
    f = click.option("--interpreter-win", default=None,
                     help="Windows 上 Python 的路径（可用 %LOCALAPPDATA% 等环境变量），"
                          "默认：在 Windows 上生成时为当前 Python")(f)
    f = click.option("--interpreter-mac", default=None, help="macOS 上 Python 的路径")(f)
    f = click.option("--conda-path", default="", help="Anaconda/Miniconda 安装目录（使用 conda 环境时）")(f)
    f = click.option("--conda-env", default="", help="conda 环境名")(f)
    return f


def _config(interpreter_win, interpreter_mac, conda_path, conda_env):
    from ..excel.addin_build import default_config

    config = default_config()
    if interpreter_win is not None:
        config.interpreter_win = interpreter_win
    if interpreter_mac is not None:
        config.interpreter_mac = interpreter_mac
    config.conda_path, config.conda_env = conda_path, conda_env
    return config


def _build(out: Path, config) -> Path:
    from ..excel.addin_build import BuildError, build

    try:
        return build(out, config)
    except BuildError as exc:
        raise click.ClickException(str(exc)) from None


@addin.command("build", help="由已安装的 xlwings 的加载项模板生成 DeptBudget.xlam（任何操作系统均可）")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="输出目录")
@_config_options
def build_cmd(out, **options):
    from ..excel.addin_build import xlwings_version

    path = _build(out, _config(**options))
    click.echo(f"已生成加载项：{path}（xlwings {xlwings_version()}）")
    if sys.platform not in ("win32", "darwin"):
        from ..excel.addin_install import WINDOWS_XLSTART

        click.echo(f"在 Windows 电脑上使用：把它复制到 {WINDOWS_XLSTART} 后重新打开 Excel。")


@addin.command("install", help="生成并安装到 Excel 的启动文件夹（XLSTART），重启 Excel 后出现「部门预算」选项卡")
@click.option("--xlstart", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="安装目录（默认：本机 Excel 的 XLSTART）")
@_config_options
def install_cmd(xlstart, **options):
    from ..excel.addin_install import InstallError, install, no_excel_message, xlstart_dir

    target_dir = xlstart or xlstart_dir()
    if target_dir is None:
        click.echo(no_excel_message(), err=True)
        sys.exit(2)
    with tempfile.TemporaryDirectory() as tmp:
        built = _build(Path(tmp), _config(**options))
        try:
            path = install(built, target_dir)
        except InstallError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"已安装加载项：{path}\n请退出并重新打开 Excel，功能区将出现「部门预算」选项卡。")


@addin.command("remove", help="从 Excel 的启动文件夹卸载加载项")
@click.option("--xlstart", type=click.Path(file_okay=False, path_type=Path), default=None)
def remove_cmd(xlstart):
    from ..excel.addin_install import InstallError, no_excel_message, remove, xlstart_dir

    target_dir = xlstart or xlstart_dir()
    if target_dir is None:
        click.echo(no_excel_message(), err=True)
        sys.exit(2)
    try:
        path = remove(target_dir)
    except InstallError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"已卸载：{path}，重新打开 Excel 后生效。" if path else "加载项未安装，无需卸载。")


@addin.command("status", help="查看加载项是否已安装、与当前 xlwings 版本是否一致")
@click.option("--xlstart", type=click.Path(file_okay=False, path_type=Path), default=None)
def status_cmd(xlstart):
    from ..excel.addin_build import ADDIN_FILE, xlwings_version
    from ..excel.addin_install import installed_version, no_excel_message, xlstart_dir

    target_dir = xlstart or xlstart_dir()
    if target_dir is None:
        click.echo(no_excel_message())
        return
    path = target_dir / ADDIN_FILE
    if not path.exists():
        click.echo(f"加载项未安装。deptbudget addin install 会把它安装到：{path}")
        return
    found, current = installed_version(path), xlwings_version()
    click.echo(f"加载项已安装：{path}\n加载项中的 xlwings 版本：{found}；本机 xlwings 版本：{current}")
    if found != current:
        click.echo("版本不一致：请运行 deptbudget addin install 重新安装。")


@addin.command("bundle", help="生成离线安装包（给不能上网的 Windows 电脑）：wheel、加载项、安装.cmd、"
                             "卸载.cmd、安装说明.txt；在能访问 PyPI 的任何电脑上运行")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True, help="输出目录")
@click.option("--python-version", type=click.Choice(["3.11", "3.12"]), default="3.11", show_default=True,
              help="目标电脑上安装的 Python 版本")
def bundle_cmd(out, python_version):
    from ..excel.addin_build import BuildError
    from ..excel.bundle import BundleError, make_bundle

    try:
        wheels = make_bundle(out, python_version)
    except (BundleError, BuildError) as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"已生成离线安装包：{out}（{len(wheels)} 个 wheel，Python {python_version}，Windows 64 位）\n"
               "把整个文件夹复制到目标电脑，双击 安装.cmd；说明见 安装说明.txt。")
