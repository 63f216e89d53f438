"""情况说明 parsing helpers and the narrative rules on the seed's own 情况说明."""

from __future__ import annotations

import dataclasses
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deptbudget.rules.narrative_parse import (
    amounts,
    clause_before,
    count_after,
    percentages,
    sentences,
    share_text,
    years,
)

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_729f2be6f9b5a926.txt"


def test_amounts_in_wan():
    found = amounts("公用经费344.56万元，３０，０００元，1.2亿元，5 千元")
    assert [(a.wan, a.unit) for a in found] == [(D("344.56"), "万元"), (D("3"), "元"), (D("12000"), "亿元"),
                                                (D("0.5"), "千元")]
    assert amounts("2024年使用财政资金 3500 万元") [0].wan == D(3500)
    assert amounts("没有金额") == []


def test_percentages_years_sentences():
    p = percentages("占 96.27%；占 70.1％；增长0.49 %")
    assert [(x.value, x.decimals) for x in p] == [(D("96.27"), 2), (D("70.1"), 1), (D("0.49"), 2)]
    assert [y.value for y in years("截至 2023 年底，2024年预算")] == [2023, 2024]
    assert [s for _, _, s in sentences("一。二；三\n四")] == ["一。", "二；", "三\n", "四"]
    assert clause_before("其中：基本支出 80 万元", 8) == "基本支出 "
    assert count_after("开展绩效管理的项目 67 个", "项目") == [(67, 7)]


@given(st.decimals(min_value=0, max_value=100000, places=2), st.sampled_from(["元", "万元", "亿元"]))
def test_amount_roundtrip(x, unit):
    (a,) = amounts(f"金额 {x} {unit}")
    factor = {"元": D("0.0001"), "万元": D(1), "亿元": D(10000)}[unit]
    assert a.wan == x * factor


def test_share_text_rounds_half_up():
    assert share_text(D("96.2785"), 2) == D("96.28")
    assert share_text(D("70.105"), 1) == D("70.1")


def seed_narrative() -> str:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith("一、收支预算情况说明"))
    end = next(i for i, l in enumerate(lines) if "第三部分" in l and i > start)
    return "\n".join(lines[start:end])


@pytest.mark.skipif(not SEED.exists(), reason="seed text not available")
def test_seed_narrative_inconsistencies():
    """The seed's 情况说明 against the example budget: its real inconsistencies (SEED_NOTES §3) and
    nothing else."""
    from deptbudget.example import load_example
    from deptbudget.rules import validate
    from deptbudget.rules.settings import Settings

    budget = dataclasses.replace(load_example(), narrative=seed_narrative())
    found = validate(budget, settings=Settings(select=frozenset({"NAR", "CMP"})))
    got = {(f.code, f.ref.cell) for f in found if f.severity.value != "提示"}
    # 城乡居民养老支出（类） is no 类 and the 项 name is wrong (2082602); 11. names 行政单位医疗 for the
    # 5.59 of 事业单位医疗; 67 projects vs 23 + 26 + 22; 96.27% vs 96.28%; 政府采购 dated 2023.
    expected = {("NAR-06", "A51"), ("NAR-06", "A53"), ("NAR-05", "A101"), ("NAR-02", "A27"), ("NAR-04", "A89")}
    assert got == expected, sorted(got)
    # 「人力资源和社会保障事务（款）」 is no 款 of the list (20801 is 人力资源和社会保障管理事务): a 提示 each,
    # and the 项 behind it is still checked (its amounts agree)
    hints = {(f.code, f.ref.cell) for f in found if f.severity.value == "提示"}
    assert hints == {("NAR-06", "A31"), ("NAR-06", "A33"), ("NAR-06", "A35"), ("NAR-06", "A37")}, sorted(hints)
