"""Invariants of the fill stage on generated budgets (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from deptbudget.core.model import Budget, Department, ExpenseLine, Source, SpendKind, Unit
from deptbudget.fill.narrative import draft, from_text
from deptbudget.fill.sangong import table_3_3
from deptbudget.rollup.tree import build_tree

ECON = ("30212", "30913", "31013", "30231", "30217", "30201", "30101")
UNITS = ("901001", "901002", "901003")

lines = st.lists(st.builds(
    lambda u, e, cents, src, f: ExpenseLine(u, f, e, SpendKind.PERSONNEL if e == "30101" else SpendKind.PUBLIC,
                                            src, Decimal(cents) / 100),
    st.sampled_from(UNITS), st.sampled_from(ECON), st.integers(1, 10 ** 7),
    st.sampled_from((Source.GENERAL, Source.GENERAL, Source.FUND, Source.OTHER)),
    st.sampled_from(("2080101", "2210201", "2101101"))), min_size=1, max_size=25)


def narrative_problems(b: Budget, text: str) -> list:
    """错误/警告 of the validation catalog's narrative rules on `text` as the budget's 情况说明."""
    from dataclasses import replace

    from deptbudget.core.findings import Severity
    from deptbudget.rules import validate
    from deptbudget.rules.settings import Settings

    found = validate(replace(b, narrative=text), settings=Settings(select=frozenset({"NAR"})))
    return [(f.code, f.message) for f in found if f.severity is not Severity.INFO]


def budget(ls) -> Budget:
    units = tuple(Unit(c, f"单位{c}", None) for c in UNITS)
    return Budget(Department("901", "测试局", 2025), units, lines=tuple(ls))


@settings(max_examples=60, deadline=None)
@given(lines)
def test_sangong_rows_add_up(ls):
    tree = build_tree(budget(ls))
    t = table_3_3(tree)
    total = t.find("total").values[2] or Decimal(0)
    units = [r for r in t.rows if r.key[0] == "unit"]
    assert len(units) == len(UNITS)
    assert sum((r.values[2] or Decimal(0) for r in units), Decimal(0)) == total
    assert total == sum((tree.total(econ=e, fund="general") for e in ECON[:5]), Decimal(0))
    for r in units + [t.find("total")]:
        v = [x or Decimal(0) for x in r.values[2:]]
        assert v[0] == v[1] + v[2] + v[5] and v[2] == v[3] + v[4]


@settings(max_examples=30, deadline=None)
@given(lines)
def test_the_draft_always_passes_its_own_check(ls):
    tree = build_tree(budget(ls))
    n = draft(tree)
    from deptbudget.core.placeholder import PATTERN  # 〔请…〕 (unit kinds not given) filled in by the office

    assert narrative_problems(tree.budget, PATTERN.sub("已填写", n.text())) == []
    assert from_text(n.text()).title == n.title
