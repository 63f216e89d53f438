"""click's own usage errors come out in Chinese with exit code 2; `-o` must match the format."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from deptbudget.cli import COMMANDS, main

BASE = Path(__file__).parent / "corpus" / "bad" / "base.xlsx"
ENGLISH = re.compile(r"Usage:|Error:|Try '|No such|Missing|does not exist|is not|Got unexpected|requires")


def run(*args, cwd=None):
    old = os.getcwd()
    try:
        if cwd:
            os.chdir(cwd)
        return CliRunner().invoke(main, [str(a) for a in args])
    finally:
        os.chdir(old)


def assert_chinese_usage_error(r, *fragments):
    assert r.exit_code == 2, r.output
    assert not isinstance(r.exception, Exception) or isinstance(r.exception, SystemExit), r.exception
    assert r.output.startswith("错误："), r.output
    assert not ENGLISH.search(r.output), r.output
    for f in fragments:
        assert f in r.output, (f, r.output)


@pytest.mark.parametrize("args,fragments", [
    (["validate"], ["FILE"]),
    (["rollup"], ["INPUTS"]),
    (["rollup", "a.xlsx"], ["-o / --output"]),
    (["fill", "all"], ["WORKBOOK"]),
    (["validate", "--no-such-flag", "a.xlsx"], ["--no-such-flag"]),
    (["rollup", "a.xlsx", "-o"], ["-o"]),
    (["rollup", "a.xlsx", "-o", "x.xlsx", "--json=1"], ["--json"]),
    (["rollup", "a.xlsx", "-o", "x.xlsx", "--jobs", "99"], ["--jobs", "99", "64"]),
    (["rollup", "a.xlsx", "-o", "x.xlsx", "--jobs", "abc"], ["--jobs", "abc"]),
    (["fill", "everything", "a.xlsx"], ["everything", "sangong"]),
    (["validate", "a.xlsx", "b.xlsx"], ["b.xlsx"]),
    (["no-such-command"], ["no-such-command", "validate"]),
    (["--bogus"], ["--bogus"]),
])
def test_usage_errors_in_chinese(args, fragments):
    assert_chinese_usage_error(run(*args), *fragments)


def test_file_not_found_names_the_file(tmp_path):
    missing = tmp_path / "没有这个文件.xlsx"
    for cmd in (["fill", "all", missing], ["export", missing]):
        assert_chinese_usage_error(run(*cmd), "没有这个文件.xlsx", "找不到")


def test_folder_where_a_file_is_wanted(tmp_path):
    assert_chinese_usage_error(run("fill", "all", tmp_path), str(tmp_path), "文件夹")


def test_unreadable_file_is_named(tmp_path, monkeypatch):
    f = tmp_path / "单位.xlsx"
    shutil.copy(BASE, f)
    real = os.access
    monkeypatch.setattr(os, "access", lambda p, m, **k: False if m == os.R_OK and Path(p) == f else real(p, m, **k))
    assert_chinese_usage_error(run("fill", "all", f), "单位.xlsx", "读取权限")


@pytest.mark.parametrize("name", ["-预算.xlsx", "-x.xlsx", "--单位.xlsx"])
def test_file_name_starting_with_dash_gets_a_suggestion(tmp_path, name):
    shutil.copy(BASE, tmp_path / name)
    r = run("validate", name, cwd=tmp_path)
    assert_chinese_usage_error(r, name, f"./{name}", f"-- {name}")
    # both suggestions work
    for args in (["validate", "--", name], ["validate", f"./{name}"]):
        r = run(*args, cwd=tmp_path)
        assert r.exit_code in (0, 1), r.output
        assert r.output.startswith("校验 "), r.output


@pytest.mark.parametrize("args,wanted", [
    (["rollup", "{f}", "-o", "{o}/汇总.csv"], ".xlsx"),
    (["rollup", "{f}", "-o", "{o}/汇总.xlsm"], ".xlsx"),
    (["rollup", "{f}", "-o", "{o}/汇总", "--workbook"], ".xlsx"),
    (["export-lines", "{f}", "-o", "{o}/lines.xlsx"], ".csv"),
    (["fill", "all", "{f}", "-o", "{o}/填制.ods"], ".xlsx"),
    (["validate", "{f}", "--annotate", "{o}/标注.csv"], ".xlsx"),
])
def test_output_extension_must_match_the_format(tmp_path, args, wanted):
    out = tmp_path / "out"
    out.mkdir()
    r = run(*[a.replace("{f}", str(BASE)).replace("{o}", str(out)) for a in args])
    assert_chinese_usage_error(r, wanted)
    assert list(out.iterdir()) == []


def test_matching_extension_in_capitals_is_accepted(tmp_path):
    r = run("rollup", BASE, "-o", tmp_path / "汇总.XLSX")
    assert r.exit_code == 0, r.output
    assert (tmp_path / "汇总.XLSX").read_bytes()[:2] == b"PK"


def test_help_still_works():
    r = run("--help")
    assert r.exit_code == 0 and "validate" in r.output
    r = run("validate", "--help")
    assert r.exit_code == 0 and "--annotate" in r.output


@pytest.mark.parametrize("args", [[], *[[name] for name in COMMANDS],
                                  ["codes", "import"], ["addin", "build"]])
def test_help_pages_speak_chinese(args):
    r = run(*args, "--help")
    assert r.exit_code == 0, r.output
    assert r.output.startswith("用法："), r.output
    assert not re.search(r"Usage:|Options:|Commands:|Show this message|default:|\[required\]", r.output), r.output
