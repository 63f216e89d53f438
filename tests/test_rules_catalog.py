"""Every rule of the catalog is documented (explanation, 反例, 正例) and has a minimal fixture that
triggers it and one that does not (test_rules_cases.CASES)."""

from __future__ import annotations

import pytest
from test_rules_cases import CASES, base_grid, run_grid

from deptbudget.core.findings import Severity
from deptbudget.rules.registry import REGISTRY, all_rules

RULES = all_rules()
CODES = [r.code for r in RULES]


def test_catalog_size_and_codes():
    assert len(RULES) >= 60
    assert len(set(CODES)) == len(CODES)
    for code in CODES:
        prefix, _, num = code.partition("-")
        assert prefix.isalpha() and num.isdigit(), code


@pytest.mark.parametrize("code", CODES)
def test_rule_is_documented(code):
    r = REGISTRY[code]
    assert r.name and r.message and r.category
    assert isinstance(r.severity, Severity)
    assert r.explanation, f"{code} 没有说明"
    assert r.example("反例"), f"{code} 的文档没有反例"
    assert r.example("正例"), f"{code} 的文档没有正例"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in r.message), f"{code} 的提示不是中文"


def _codes(grid):
    return {f.code for f in run_grid(grid)}


# READ-01, SYS-01: below; STR-18 compares workbooks (one grid is one workbook): test_table_set_declared
@pytest.mark.parametrize("code", [c for c in CODES if c not in ("READ-01", "SYS-01", "STR-18")])
def test_rule_has_failing_and_passing_case(code):
    assert code in CASES, f"{code} 没有测试用例（test_rules_cases.CASES）"
    bad, good = CASES[code]
    found_bad = _codes(bad(base_grid()))
    assert code in found_bad, f"{code} 的反例没有触发该规则（触发了 {sorted(found_bad)}）"
    found_good = _codes(good(base_grid()))
    assert code not in found_good, f"{code} 的正例仍触发该规则"


def test_read_01_unreadable_file(tmp_path):
    from deptbudget.rules import validate_file

    bad = tmp_path / "坏.xlsx"
    bad.write_text("这不是工作簿", encoding="utf-8")
    result, findings = validate_file(bad)
    assert not result.ok
    assert [(f.code, f.severity) for f in findings] == [("READ-01", Severity.ERROR)]
    good = tmp_path / "好.xlsx"
    _save(good)
    result, findings = validate_file(good)
    assert result.ok and "READ-01" not in {f.code for f in findings}


def _save(path):
    from test_rules_cases import base_budget

    from deptbudget.io.workbook_xlsx import build_workbook, save_workbook

    save_workbook(build_workbook("部门", base_budget()), path)


def test_sys_01_crashing_rule_becomes_a_finding(monkeypatch):
    from deptbudget.rules.registry import Rule

    def boom(ctx):
        raise ZeroDivisionError("坏了")
        yield

    crash = Rule("ZZ-99", "内部", Severity.WARNING, "会崩溃的规则", "x", "", boom)
    monkeypatch.setitem(REGISTRY, "ZZ-99", crash)
    found = run_grid(base_grid())
    sys = [f for f in found if f.code == "SYS-01"]
    assert len(sys) == 1 and sys[0].params["rule"] == "ZZ-99" and "ZeroDivisionError" in sys[0].params["error"]
    monkeypatch.delitem(REGISTRY, "ZZ-99")
    assert "SYS-01" not in _codes(base_grid())
