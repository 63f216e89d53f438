"""validate shows the settings in force (workbook 设置 sheet, --config) and what they silenced,
counted by rule (SET-01); a 错误 of the reading is never silenced, so validate and rollup agree."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from deptbudget.cli import main
from deptbudget.rules.settings import Muting, Settings, load_settings, parse_values

BASE = Path(__file__).parent / "corpus" / "bad" / "base.xlsx"
# The base unit (139001 of the seed) has two indicators written 「≥ 100%」 (项目绩效目标 F44, F45):
# PRF-10 twice, and nothing else of PRF-10.
PRF10_CELLS = {"F44", "F45"}
IGNORE, SELECT, TOLERANCE = "B5", "B6", "B3"  # 设置: the value cells of the template


def book(tmp_path: Path, name: str, settings: dict, cells: dict | None = None) -> Path:
    wb = load_workbook(BASE)
    for cell, value in settings.items():
        wb["设置"][cell].value = value
    for (sheet, cell), value in (cells or {}).items():
        wb[sheet][cell].value = value
    out = tmp_path / name
    wb.save(out)
    return out


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def findings(path, *extra):
    r = run("validate", path, "--json", *extra)
    return r.exit_code, json.loads(r.output)


def test_workbook_ignore_list_is_counted_by_rule(tmp_path):
    f = book(tmp_path, "忽略.xlsx", {IGNORE: "PRF-10"})
    code, found = findings(f)
    assert not [x for x in found if x["code"] == "PRF-10"]
    notes = [x for x in found if x["code"] == "SET-01"]
    assert len(notes) == 1
    n = notes[0]
    assert (n["sheet"], n["severity"]) == ("设置", "提示")
    assert n["params"]["counts"] == {"PRF-10": 2} and n["params"]["count"] == 2
    assert n["params"]["setting"] == "ignore" and n["params"]["origin"] == "工作表「设置」"
    # without the setting the same two cells are reported
    _, plain = findings(BASE)
    assert {x["cell"] for x in plain if x["code"] == "PRF-10"} == PRF10_CELLS
    assert not [x for x in plain if x["code"].startswith("SET-")]


def test_silenced_error_makes_the_note_a_warning_and_console_says_so(tmp_path):
    # 只运行 CODE: every rule but the CODE-* ones is silenced, among them PRF-08 (错误, 项目绩效目标 G52)
    f = book(tmp_path, "只运行.xlsx", {SELECT: "CODE"})
    code, found = findings(f)
    assert code == 0
    note = next(x for x in found if x["code"] == "SET-01")
    assert note["severity"] == "警告" and note["params"]["setting"] == "select"
    assert note["params"]["counts"]["PRF-08"] == 1 and note["params"]["counts"]["PRF-10"] == 2
    assert note["params"]["errors"] >= 1
    assert [x["code"] for x in found] == ["SET-01"]
    r = run("validate", f)
    total = note["params"]["count"]
    assert f"未发现问题（另有 {total} 条被设置屏蔽）" in r.output
    assert "未发现问题。" not in r.output
    assert "只运行规则 CODE（工作表「设置」）" in r.output


def test_nothing_silenced_nothing_said(tmp_path):
    f = book(tmp_path, "忽略无用.xlsx", {IGNORE: "NAR-99"})
    _, found = findings(f)
    assert not [x for x in found if x["code"] == "SET-01"]


def test_reading_error_is_never_silenced_and_rollup_agrees(tmp_path):
    """An amount the reader could not take (「144.1947万元」, AMT-07, 错误) is not counted; a
    workbook that ignores AMT-07 cannot make validate call it fine while rollup refuses it."""
    f = book(tmp_path, "藏错.xlsx", {IGNORE: "AMT,XT"}, {("基本支出", "H5"): "144.1947万元"})
    code, found = findings(f)
    assert code == 1
    assert ("AMT-07", "基本支出", "H5") in {(x["code"], x["sheet"], x["cell"]) for x in found}
    code, found = findings(f, "--ignore", "AMT-07")  # not even from the command line
    assert code == 1 and "AMT-07" in {x["code"] for x in found}
    r = run("rollup", f, "-o", tmp_path / "汇总.xlsx")
    assert r.exit_code == 1 and "AMT-07" in r.output
    assert not (tmp_path / "汇总.xlsx").exists()


def test_config_file_is_named_and_command_line_is_not_counted(tmp_path):
    cfg = tmp_path / "校验.toml"
    cfg.write_text('ignore = ["PRF-10"]\nrounding_tolerance = "0.01"\n', encoding="utf-8")
    _, found = findings(BASE, "--config", cfg)
    note = next(x for x in found if x["code"] == "SET-01")
    assert note["params"]["origin"] == f"配置文件 {cfg}" and note["sheet"] == ""
    values = next(x for x in found if x["code"] == "SET-02")
    assert "0.01" in values["params"]["items"]
    # the user's own --ignore on the command line silences without a note
    _, found = findings(BASE, "--ignore", "PRF-10")
    assert not [x for x in found if x["code"].startswith("SET-")]


def test_default_values_are_not_reported():
    s = load_settings(None)
    assert s.in_force() == [] and s.values_in_force() == []


def test_select_given_later_wins_and_attribution_follows():
    s = Settings().merged({"select": frozenset({"PRF"})}, "工作表「设置」").merged(
        {"select": frozenset({"XT"})}, "配置文件 a.toml")
    assert s.wants("XT-01") and not s.wants("PRF-01")
    assert s.unmuted().wants("PRF-01")  # the engine runs it, to count it

    class F:
        def __init__(self, code):
            self.code = code

    kept, muted = s.silence([F("XT-01"), F("PRF-01"), F("PRF-01")])
    assert [f.code for f in kept] == ["XT-01"]
    (m, by_code), = muted.items()
    assert m.origin == "配置文件 a.toml" and {c: len(v) for c, v in by_code.items()} == {"PRF-01": 2}


@pytest.mark.parametrize("m,code,muted", [
    (Muting("x", ignore=frozenset({"PRF"})), "PRF-10", True),
    (Muting("x", ignore=frozenset({"PRF"})), "PRFX-1", False),
    (Muting("x", select=frozenset({"XT-01"})), "XT-01", False),
    (Muting("x", select=frozenset({"XT-01"})), "XT-02", True),
])
def test_muting(m, code, muted):
    assert m.mutes(code) is muted


@pytest.mark.parametrize("name,cells", [
    ("藏错.xlsx", {("基本支出", "H5"): "144.1947万元"}),  # read, with a line not counted
    ("缺表.xlsx", None),  # not read at all: 「单位信息」 missing (STR-01)
])
def test_the_add_in_silences_no_more_than_validate(tmp_path, monkeypatch, name, cells):
    from test_handlers import cli_findings, press, replay, results_of
    from xlremote_replay import actions

    monkeypatch.setenv("DEPTBUDGET_LOG_DIR", str(tmp_path / "log"))
    f = book(tmp_path, name, {IGNORE: "AMT, STR, XT"}, cells)
    if cells is None:
        wb = load_workbook(f)
        del wb["单位信息"]
        wb.save(f)
    expected = cli_findings(f)
    assert {"AMT-07", "STR-01"} & {code for _, code, _, _ in expected}
    book_ = press("btnValidateAll", f)
    assert results_of(replay(actions(book_), f)) == expected


@pytest.mark.parametrize("written", ["PRF-10、NAR-09", "NAR-09，PRF-10", "prf-10; nar-09", "PRF-10 NAR-09"])
def test_ignore_list_separated_as_the_sheet_says(written):
    # the add-in's 设置 sheet says 「多个用顿号或逗号分隔」: 「PRF-10、NAR-09」 is two codes, not one unknown
    assert parse_values({"ignore": written}, "工作表「设置」") == {"ignore": {"PRF-10", "NAR-09"}}
