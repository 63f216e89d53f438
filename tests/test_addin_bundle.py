"""The offline bundle (`deptbudget addin bundle`): its wheels install on 64-bit Windows without an
index, for each Python version offered, and its scripts survive cmd.exe.

The download (about 60 MB, a minute) happens once and is kept in pytest's cache directory
(.pytest_cache/d/…), keyed by pyproject.toml and excel/bundle.py; later runs, in CI too, reuse it."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from deptbudget.excel import bundle
from deptbudget.excel.addin_build import ADDIN_FILE, CONF_SHEET

ROOT = Path(__file__).resolve().parents[1]


def _key() -> str:
    text = (ROOT / "pyproject.toml").read_bytes() + Path(bundle.__file__).read_bytes()
    return hashlib.sha256(text).hexdigest()[:12]


@pytest.fixture(scope="session", params=bundle.PYTHON_VERSIONS)
def made(request, tmp_path_factory):
    version = request.param
    cache = getattr(request.config, "cache", None)
    out = (Path(cache.mkdir(f"deptbudget-bundle-{version}")) if cache
           else tmp_path_factory.mktemp(f"bundle{version}"))
    stamp = out / "stamp.txt"
    if not stamp.is_file() or stamp.read_text() != _key():
        from deptbudget.cli import main

        for old in (out / bundle.WHEELS).glob("*.whl"):
            old.unlink()
        result = CliRunner().invoke(main, ["addin", "bundle", "--out", str(out), "--python-version", version])
        assert result.exit_code == 0, result.output
        assert "已生成离线安装包" in result.output
        stamp.write_text(_key())
    return version, out


def test_wheels_resolve_offline_for_64bit_windows(made, tmp_path):
    version, out = made
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--no-index", "--find-links", str(out / bundle.WHEELS),
         "--platform", "win_amd64", "--only-binary=:all:", "--python-version", version, "--implementation", "cp",
         # pip checks Requires-Python against the running interpreter even with --python-version:
         # that check is done for the target version below, from each wheel's METADATA
         "--ignore-requires-python", "--target", str(tmp_path / "t"), "--disable-pip-version-check", "deptbudget"],
        capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    would = done.stdout.split("Would install", 1)[1]
    for name in ("deptbudget-", "xlwings-0.37.8", "pandas-", "openpyxl-", "xlsxwriter-", "python-calamine-"):
        assert name in would.lower(), (name, would)
    compiled = [w.name for w in (out / bundle.WHEELS).glob("*.whl") if not w.name.endswith("-none-any.whl")]
    tag = "cp" + version.replace(".", "")
    assert compiled and all(f"-{tag}-" in w and w.endswith("win_amd64.whl") or "abi3" in w for w in compiled), compiled


def test_every_wheel_accepts_the_target_python(made):
    from email.parser import Parser

    from packaging.specifiers import SpecifierSet

    version, out = made
    for wheel in (out / bundle.WHEELS).glob("*.whl"):
        with zipfile.ZipFile(wheel) as z:
            meta = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
            needs = Parser().parsestr(z.read(meta).decode("utf-8")).get("Requires-Python")
        assert needs is None or SpecifierSet(needs).contains(version + ".0"), (wheel.name, needs)


def test_windows_only_dependencies_are_in_the_bundle(made):
    """pip resolves markers for the building OS; xlwings needs pywin32 on Windows, click colorama."""
    _, out = made
    names = {w.name.split("-")[0].lower() for w in (out / bundle.WHEELS).glob("*.whl")}
    assert {"pywin32", "colorama", "xlwings", "deptbudget"} <= names


def test_the_addin_runs_the_environment_the_installer_creates(made):
    _, out = made
    with zipfile.ZipFile(out / ADDIN_FILE) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
        assert f'name="{CONF_SHEET}"' in z.read("xl/workbook.xml").decode()
    assert r"%LOCALAPPDATA%\deptbudget\venv\Scripts\python.exe" in sheet and "INTERPRETER_WIN" in sheet


def test_scripts_survive_cmd_exe(made):
    version, out = made
    for name in ("安装.cmd", "卸载.cmd"):
        data = (out / name).read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf")  # a BOM would break "@echo off"
        assert data.count(b"\r\n") == data.count(b"\n") > 10  # CRLF only
        text = data.decode("utf-8")
        lines = text.split("\r\n")
        assert lines[0] == "@echo off" and lines[1] == "chcp 65001 >nul"  # before any Chinese
        assert lines[0].isascii() and lines[1].isascii()
        assert "reg " not in text.lower() and "runas" not in text.lower()  # no registry, no elevation
        # every path variable is used inside quotes (folders with spaces and Chinese)
        for line in (x for x in lines if not x.startswith("echo ")):  # shown, not used as a path
            for m in re.finditer(r"%(HERE|VENV|XLSTART)%", line):
                before = line[:m.start()]
                assert before.count('"') % 2 == 1, (name, line)
    install = (out / "安装.cmd").read_text(encoding="utf-8")
    assert f"py -{version}" in install and "--no-index" in install
    assert r'"%VENV%\Scripts\python.exe" -m pip install --no-index --find-links "%HERE%wheels"' in install
    assert r'copy /y "%HERE%DeptBudget.xlam" "%XLSTART%\DeptBudget.xlam"' in install
    assert r'set "XLSTART=%APPDATA%\Microsoft\Excel\XLSTART"' in install
    assert r'set "VENV=%LOCALAPPDATA%\deptbudget\venv"' in install
    uninstall = (out / "卸载.cmd").read_text(encoding="utf-8")
    assert r'rmdir /s /q "%VENV%"' in uninstall and r'del /f /q "%XLSTART%\DeptBudget.xlam"' in uninstall
    guide = (out / "安装说明.txt").read_bytes()
    assert guide.startswith(b"\xef\xbb\xbf") and b"\r\n" in guide and b"\n" not in guide.replace(b"\r\n", b"")
    assert "不需要管理员权限" in guide.decode("utf-8-sig") and len(guide.decode("utf-8-sig").splitlines()) <= 45


def test_python_version_outside_the_offer_is_refused(tmp_path):
    from deptbudget.cli import main

    result = CliRunner().invoke(main, ["addin", "bundle", "--out", str(tmp_path), "--python-version", "3.9"])
    assert result.exit_code != 0 and not list(tmp_path.iterdir())
