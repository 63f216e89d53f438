"""Engine: select/ignore, waivers, settings from the 设置 sheet and TOML, 尾差, ordering."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from test_rules_cases import CASES, base_grid, run_grid, setc, seti

from deptbudget.core.findings import Severity
from deptbudget.rules import validate
from deptbudget.rules.settings import Settings, SettingsError, from_toml, load_settings


def codes(found):
    return [(f.code, f.ref.sheet, f.ref.cell) for f in found]


def bad_weights():
    return seti(base_grid(), "完成数量", "weight", 10.0)  # project total 80


def test_select_and_ignore_by_code_or_prefix():
    g = seti(bad_weights(), "完成及时率", "value", "1000")
    assert {"PRF-04", "PRF-08"} <= {f.code for f in run_grid(g)}
    assert {f.code for f in run_grid(g, Settings(select=frozenset({"PRF-08"})))} == {"PRF-08"}
    assert {f.code for f in run_grid(g, Settings(ignore=frozenset({"PRF"})))}.isdisjoint({"PRF-04", "PRF-08"})


def test_weight_total_from_settings_sheet_and_toml(tmp_path):
    g = base_grid()  # weights total 90
    assert "PRF-04" not in {f.code for f in run_grid(g)}
    for row in g.sheets["设置"].rows:
        if row and str(row[0]).startswith("绩效指标权重合计"):
            row[1] = "100"
    assert "PRF-04" in {f.code for f in run_grid(g)}
    cfg = tmp_path / "校验.toml"
    cfg.write_text('weight_total = 90\nignore = ["PRF-18"]\n', encoding="utf-8")
    s = load_settings(g, cfg)
    assert s.weight_total == D(90) and "PRF-18" in s.ignore
    assert "PRF-04" not in {f.code for f in run_grid(g, s)}


def test_waiver_in_settings_sheet_removes_one_cell():
    g = bad_weights()
    found = [f for f in run_grid(g) if f.code == "PRF-04"]
    assert len(found) == 1
    cell = f"{found[0].ref.sheet}!{found[0].ref.cell}"
    g.sheets["设置"].rows += [["豁免（规则编码 | 工作表!单元格 | 理由）"], ["PRF-04", cell, "经核实另 10 分为预算执行率"]]
    assert "PRF-04" not in {f.code for f in run_grid(g)}
    g.sheets["设置"].rows[-1][1] = "项目绩效目标!A1"  # another cell: not waived
    assert "PRF-04" in {f.code for f in run_grid(g)}


def test_waiver_needs_a_reason(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('waivers = [["PRF-04", "项目绩效目标!I4", ""]]\n', encoding="utf-8")
    with pytest.raises(SettingsError):
        from_toml(cfg)
    cfg.write_text('[[waiver]]\ncode = "PRF-04"\ncell = "项目绩效目标!I4"\nreason = "已核实"\n', encoding="utf-8")
    (w,) = from_toml(cfg)["waivers"]
    assert (w.code, w.sheet, w.cell, w.reason) == ("PRF-04", "项目绩效目标", "I4", "已核实")


def test_bad_settings_are_reported_in_chinese(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("weight_total = \n", encoding="utf-8")
    with pytest.raises(SettingsError, match="格式错误"):
        from_toml(cfg)
    cfg.write_text("weight_total = 0\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="超出范围"):
        from_toml(cfg)
    cfg.write_text("tolerance = 1\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="未知的设置项"):
        from_toml(cfg)


def test_rounding_difference_is_info_with_explanation():
    g = setc(base_grid(), "收入", 0, "amount", 110.01)  # income 110.01 vs spending 110.00
    (f,) = [f for f in run_grid(g) if f.code == "XT-04"]
    assert f.severity is Severity.INFO and "尾差" in f.message and "0.01" in f.message
    g = setc(base_grid(), "收入", 0, "amount", 111.0)
    (f,) = [f for f in run_grid(g) if f.code == "XT-04"]
    assert f.severity is Severity.ERROR


def test_tolerance_setting_changes_the_verdict():
    g = setc(base_grid(), "收入", 0, "amount", 110.01)
    s = Settings(rounding_tolerance=D("0.001"))
    (f,) = [f for f in run_grid(g, s) if f.code == "XT-04"]
    assert f.severity is Severity.ERROR


def test_findings_sorted_by_severity_sheet_cell():
    g = CASES["PRF-10"][0](CASES["PRF-08"][0](bad_weights()))
    found = run_grid(g)
    ranks = [f.severity.rank for f in found]
    assert ranks == sorted(ranks)
    assert len(found) == len(set((f.code, f.ref, f.message) for f in found))


def test_validate_entry_point_without_grid():
    from test_rules_cases import base_budget

    assert validate(base_budget()) == []


from hypothesis import given  # noqa: E402
from hypothesis import settings as hsettings
from hypothesis import strategies as st


@hsettings(max_examples=40, deadline=None)
@given(st.lists(st.decimals(min_value=D("0.0001"), max_value=D("500"), places=4), min_size=1, max_size=30))
def test_rounding_alone_is_never_an_error(amounts):
    """Lines entered with 4 decimals, income entered as the rounded total: at most a 尾差 提示."""
    import dataclasses

    from test_rules_cases import base_budget

    from deptbudget.core.model import ExpenseLine, Income, Source, SpendKind
    from deptbudget.core.money import round2

    b = base_budget()
    lines = tuple(ExpenseLine("139001", "2080101", "30201", SpendKind.PUBLIC, Source.GENERAL, a) for a in amounts)
    # income typed from the printed rows: each row rounded, then added up
    income = sum((round2(a) for a in amounts), D(0))
    b = dataclasses.replace(b, lines=lines, projects=(), indicators=(), incomes=(Income("139001", Source.GENERAL, income),))
    found = [f for f in validate(b, settings=Settings(select=frozenset({"XT-04"})))]
    assert all(f.severity is Severity.INFO for f in found)


def _row_reference(cell: str):
    """What a cell reference's row is: every digit of its first part (F12 → 11, 12:12 → 11)."""
    digits = "".join(filter(str.isdigit, cell.split(":")[0]))
    return int(digits) - 1 if digits else None


@hsettings(max_examples=300, deadline=None)
@given(st.text(alphabet="AZF$:0123456789٣x ", max_size=8))
def test_row_of_a_cell_reference(cell):
    """_row_of reads "F12" without a per-character filter; any other text must read as before."""
    from deptbudget.rules.context import _row_of

    assert _row_of.__wrapped__(cell) == _row_reference(cell)
