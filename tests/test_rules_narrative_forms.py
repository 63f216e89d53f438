"""Issue 14 item 6, forms written by other people: performance forms without weights (a setting),
indicator values with the operator and the unit inside, and 「probably 元」 only when a large line is
implausible for its 科目 and unit. Budget: tests/test_rules_cases.base_budget (unit 139001, 110 万元,
income 110, project 2024年测试项目 30 万元 with six indicators weighted 90)."""

from __future__ import annotations

import dataclasses
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest

from deptbudget.core.model import ExpenseLine, Income, Source, SpendKind
from deptbudget.rules import validate
from deptbudget.rules.settings import Settings, SettingsError, parse_values

sys.path.insert(0, str(Path(__file__).parent))
from test_rules_cases import base_budget  # noqa: E402


def codes(budget, prefix: str, **settings) -> list[tuple[str, str]]:
    found = validate(budget, settings=Settings(select=frozenset({prefix}), **settings))
    return sorted((f.code, f.ref.cell if f.ref else "") for f in found)


def unweighted(b):
    return dataclasses.replace(b, indicators=tuple(dataclasses.replace(i, weight=None) for i in b.indicators),
                               dept_indicators=tuple(dataclasses.replace(i, weight=None) for i in b.dept_indicators))


@pytest.mark.parametrize("given", ["无", "none", "None", "不设权重"])
def test_the_setting_says_indicators_carry_no_weights(given):
    assert parse_values({"weight_total": given}, "测试") == {"weight_total": D(0)}


@pytest.mark.parametrize("given", ["-5", "0", 0])
def test_a_weight_total_out_of_range_is_still_refused(given):
    with pytest.raises(SettingsError):
        parse_values({"weight_total": given}, "测试")


def test_without_weights_no_weight_rule_fires():
    b = unweighted(base_budget())
    fired = {c for c, _ in codes(b, "PRF")}
    assert {"PRF-04", "PRF-05", "PRF-18"} <= fired  # the default setting: weights total 90
    assert not {"PRF-04", "PRF-05", "PRF-18"} & {c for c, _ in codes(b, "PRF", weight_total=D(0))}
    # a weighted form under the 「无」 setting: the weights are not judged either
    assert not {"PRF-04", "PRF-05", "PRF-18"} & {c for c, _ in codes(base_budget(), "PRF", weight_total=D(0))}


def _with_value(name: str, value: str, measure: str = ""):
    b = base_budget()
    inds = tuple(dataclasses.replace(i, value=value, measure=measure) if i.level3 == name else i for i in b.indicators)
    return dataclasses.replace(b, indicators=inds)


@pytest.mark.parametrize("value", ["=100.00(%)", "＝100.00（%）", "100%", "=100"])
def test_values_with_operator_and_unit_inside(value):
    measure = "%" if value == "=100" else ""
    assert not {"PRF-06", "PRF-07", "PRF-08"} & {c for c, _ in codes(_with_value("验收合格率", value, measure), "PRF")}


def test_a_value_with_its_unit_inside_is_judged_by_it():
    assert "PRF-08" in {c for c, _ in codes(_with_value("验收合格率", "=120.00(%)"), "PRF")}  # a rate above 100 %
    assert not {"PRF-06", "PRF-07"} & {c for c, _ in codes(_with_value("完成数量", "≥985米"), "PRF")}
    assert "PRF-07" in {c for c, _ in codes(_with_value("完成数量", "≥985"), "PRF")}  # no unit anywhere
    assert "PRF-06" in {c for c, _ in codes(_with_value("完成数量", "≥多种"), "PRF")}


def _large(line: ExpenseLine, income_too: bool):
    b = base_budget()
    incomes = b.incomes + ((Income("139001", line.source, line.amount),) if income_too else ())
    return dataclasses.replace(b, lines=b.lines + (line,), incomes=incomes)


FUND_PROJECT = ExpenseLine("139001", "2120803", "31005", SpendKind.PROJECT, Source.FUND, D("257000"), "城市建设项目")
OFFICE = ExpenseLine("139001", "2080101", "30201", SpendKind.PUBLIC, Source.GENERAL, D("35000"))


def test_a_genuine_large_fund_line_is_not_probably_yuan():
    """25.7 亿元 of 政府性基金 for a project, backed by the unit's income: not a slip."""
    assert "AMT-20" not in {c for c, _ in codes(_large(FUND_PROJECT, income_too=True), "AMT")}


def test_an_implausible_large_line_is_probably_yuan():
    assert "AMT-20" in {c for c, _ in codes(_large(OFFICE, income_too=False), "AMT")}
    # 办公费 of 3.5 亿元 is implausible even with income entered to match (both typed in 元)
    assert "AMT-20" in {c for c, _ in codes(_large(OFFICE, income_too=True), "AMT")}
    # the fund project with no income behind it: the unit does not balance, the size alone is suspect
    assert "AMT-20" in {c for c, _ in codes(_large(FUND_PROJECT, income_too=False), "AMT")}
