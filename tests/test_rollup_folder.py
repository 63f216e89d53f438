"""A folder roll-up never leaves a unit out without a word: .xls/.ods/… unit files and folders
that cannot be listed are named with the reason; the summary line says what was read and what not."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from deptbudget.cli import main

BAD = Path(__file__).parent / "corpus" / "bad"


def run(*args):
    r = CliRunner().invoke(main, [str(a) for a in args])
    assert not isinstance(r.exception, Exception) or isinstance(r.exception, SystemExit), r.exception
    return r


@pytest.fixture
def folder(tmp_path) -> Path:
    units = tmp_path / "各单位"
    (units / "二级").mkdir(parents=True)
    shutil.copy(BAD / "base.xlsx", units / "139001.xlsx")
    shutil.copy(BAD / "other_department.xlsx", units / "二级" / "140001.xlsx")  # found in the sub-folder
    shutil.copy(BAD / "old_excel.xls", units / "139002.xls")
    shutil.copy(BAD / "unit.ods", units / "二级" / "139003.ods")
    (units / "说明.txt").write_text("不是工作簿", encoding="utf-8")
    (units / "~$139001.xlsx").write_bytes(b"lock")
    return units


def test_other_spreadsheet_files_are_named_not_skipped(folder, tmp_path):
    r = run("rollup", folder, "-o", tmp_path / "汇总.xlsx")
    assert r.exit_code == 2, r.output
    assert "139002.xls" in r.output and "旧版 Excel 97-2003" in r.output
    assert "139003.ods" in r.output and "OpenDocument" in r.output
    assert "说明.txt" not in r.output and "~$139001.xlsx" not in r.output
    assert not (tmp_path / "汇总.xlsx").exists()


def test_skip_bad_lists_what_was_not_read_and_why(folder, tmp_path):
    out = tmp_path / "汇总.xlsx"
    r = run("rollup", folder, "--skip-bad", "--district", "区", "-o", out, "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert sorted(i["file"].rsplit("/", 1)[-1] for i in data["inputs"]) == [
        "139001.xlsx", "139002.xls", "139003.ods", "140001.xlsx"]
    assert {n["file"] for n in data["not_read"]} == {"139002.xls", "139003.ods"}
    assert all(n["reason"] for n in data["not_read"])
    assert data["skipped"] == [n["file"] for n in data["not_read"]]
    r = run("rollup", folder, "--skip-bad", "--district", "区", "-o", tmp_path / "二.xlsx")
    summary = next(line for line in r.output.splitlines() if line.startswith("汇总完成"))
    assert "读取 2 个工作簿" in summary and "未读取 2 个" in summary
    assert "139002.xls" in summary and "139003.ods" in summary


def test_a_folder_that_cannot_be_listed_is_named(folder, tmp_path, monkeypatch):
    blocked = folder / "二级"
    real = os.scandir

    def scandir(path="."):
        if Path(path) == blocked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    r = run("rollup", folder, "-o", tmp_path / "汇总.xlsx")
    assert r.exit_code == 2 and "二级" in r.output and "没有读取权限" in r.output, r.output
    r = run("rollup", folder, "--skip-bad", "-o", tmp_path / "汇总.xlsx", "--json")
    data = json.loads(r.output)
    assert r.exit_code == 0
    assert any(n["file"] == "二级" and "没有读取权限" in n["reason"] for n in data["not_read"]), data["not_read"]
    assert [i["file"].rsplit("/", 1)[-1] for i in data["inputs"]] == ["139001.xlsx", "139002.xls"]


def test_linked_folders_are_read_once(tmp_path):
    units = tmp_path / "单位"
    units.mkdir()
    shutil.copy(BAD / "base.xlsx", units / "139001.xlsx")
    try:
        os.symlink(units, units / "回到上级", target_is_directory=True)
        os.symlink(units, tmp_path / "别名", target_is_directory=True)
    except OSError:
        pytest.skip("此系统不能建立符号链接")
    r = run("rollup", units, tmp_path / "别名", "-o", tmp_path / "汇总.xlsx", "--json")
    assert r.exit_code == 0, r.output
    assert len(json.loads(r.output)["inputs"]) == 1


def test_an_unreadable_file_is_named(folder, tmp_path, monkeypatch):
    import builtins

    blocked = folder / "139001.xlsx"
    real = builtins.open

    def guarded_open(file, *a, **k):
        if isinstance(file, (str, os.PathLike)) and Path(file) == blocked:
            raise PermissionError(13, "Permission denied", str(file))
        return real(file, *a, **k)

    monkeypatch.setattr(builtins, "open", guarded_open)
    r = run("validate", blocked)
    assert r.exit_code == 2 and "139001.xlsx" in r.output and "没有读取权限" in r.output, r.output
