"""The drafted 情况说明 and the check of a pasted one (the seed's own text)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from test_fill_properties import narrative_problems

from deptbudget.core.model import Budget, Department, ExpenseLine, Source, SpendKind, Unit, UnitKind
from deptbudget.core.money import fmt_plain, round2
from deptbudget.fill.narrative import REASON, draft
from deptbudget.rollup.tree import build_tree

D = Decimal
SEED_TEXT = (Path(__file__).parent / "fixtures" / "seed_narrative.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tree():
    from deptbudget.example import load_example

    return build_tree(load_example())


@pytest.fixture(scope="module")
def narrative(tree):
    return draft(tree)


def test_draft_has_every_section(narrative):
    heads = [s.heading for s in narrative.sections]
    for h in ("一、收支预算情况说明", "（一）收入预算情况", "（二）支出预算情况", "二、财政拨款收支预算情况说明",
              "三、一般公共预算当年拨款情况说明", "（三）一般公共预算当年拨款具体使用情况", "四、一般公共预算基本支出情况说明",
              "五、“三公”经费财政拨款预算安排情况说明", "六、政府性基金预算支出情况说明", "七、国有资本经营预算情况说明",
              "（一）机关运行经费情况", "（二）政府采购情况", "（三）国有资产占有使用情况", "（四）预算绩效情况", "名词解释"):
        assert h in heads


def test_draft_carries_the_figures(narrative, tree):
    text, f = narrative.text(), narrative.figures
    seed_level = ("基本支出 2397.89 万元，占支出预算 29.89%", "支出预算 8022.01 万元",
                  "社会保障和就业支出 7723.43 万元", "卫生健康支出 99.1 万元", "人员经费 2053.34 万元")
    for phrase in seed_level if element_level(tree) else ("基本支出 2397.88 万元，占支出预算 29.89%",):
        assert phrase in text, phrase
    for phrase in ("收支总预算 8022.01 万元",
                   "项目支出 5624.12 万元，占支出预算 70.11%", "住房保障支出 199.47 万元",
                   "机关运行经费财政拨款预算为 344.56 万元", "“三公”经费财政拨款预算数 7.3 万元",
                   "公用经费 344.56 万元", "公务接待费预算 3.3 万元，较 2023 年预算增加 2.36 万元",
                   "单位现有公务用车 1 辆", "没有使用政府性基金预算拨款安排的支出", "特定目标类项目 22 个"):
        assert phrase in text, phrase
    assert f["sangong"] == D("7.30") and f["agency_change_pct"] == D("0.49")
    # 11 项 paragraphs, each 项 code once
    uses = next(s for s in narrative.sections if s.heading.startswith("（三）一般公共预算当年拨款具体"))
    assert len(uses.paragraphs) == 11
    assert "事业单位医疗（项）2024 年预算数为 5.59 万元" in uses.paragraphs[8]
    # 7 changes to explain (收支、财政拨款、当年拨款、三公、车辆运行、接待、机关运行) + 职能 + 重点工作
    assert text.count(REASON) == 7 and narrative.placeholders == 9


def test_shares_rounding_rule_is_stated_not_fudged(narrative):
    f = narrative.figures
    pcts = [f[k] for k in f if k.startswith("class_pct:")]
    assert pcts == [D("96.28"), D("1.24"), D("2.49")]
    assert "合计为 100.01%" in narrative.text()


def test_glossary_lists_the_codes_used(narrative):
    gloss = narrative.sections[-1].paragraphs
    assert any("事业单位医疗（项）" in p for p in gloss)
    assert len([p for p in gloss if "（项）" in p]) == 11


def test_draft_passes_its_own_check(tree, narrative):
    from deptbudget.core.placeholder import PATTERN

    text = narrative.text()
    # each 〔请…〕 left for the office is an 错误 of the placeholder rule until it is filled in
    assert [code for code, _ in narrative_problems(tree.budget, text)] == ["NAR-09"] * narrative.placeholders
    assert narrative_problems(tree.budget, PATTERN.sub("业务量增加", text)) == []


# -- the seed's own text vs our recomputed figures -------------------------------------------
A = r"(\d[\d,]*(?:\.\d+)?)"
SEED_CLAIMS = (  # label, pattern on the seed's text, our figure
    ("收支总预算", r"收支总预算 " + A, "grand"),
    ("支出预算", r"年支出预算 " + A, "total"),
    ("基本支出", r"基本支出 " + A + " 万元，占", "basic"),
    ("基本支出占比", r"占支出预算 " + A + "%；项目", "spend_pct:基本支出"),
    ("项目支出", r"项目支出 " + A + " 万元，占", "project"),
    ("项目支出占比", r"项目支出 [\d.]+ 万元，占支出预算 " + A, "spend_pct:项目支出"),
    ("社会保障和就业支出", r"社会保障和就业支出 " + A, "class:208"),
    ("卫生健康支出", r"卫生健康支出 " + A, "class:210"),
    ("住房保障支出", r"住房保障支出 " + A, "class:221"),
    ("社会保障和就业支出占比", r"社会保障和就业支出 [\d.]+ 万元，占 " + A, "class_pct:社会保障和就业支出"),
    ("卫生健康支出占比", r"卫生健康支出 [\d.]+ 万元，占 " + A, "class_pct:卫生健康支出"),
    ("住房保障支出占比", r"住房保障支出 [\d.]+ 万元，占 " + A, "class_pct:住房保障支出"),
    ("一般公共预算当年拨款", r"当年拨款 " + A, "general"),
    ("行政运行", r"行政运行（项）2024 年预算数为 " + A, "func:2080101"),
    ("一般行政管理事务", r"一般行政管理事务（项）2024 年预算数为 " + A, "func:2080102"),
    ("机关事业单位基本养老保险缴费支出", r"缴费支出（项）2024年预算数为" + A, "func:2080505"),
    ("行政单位医疗（三（三）7）", r"7\. 卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）2024年预算数为" + A, "func:2101101"),
    ("行政单位医疗（三（三）11，实为事业单位医疗）", r"行政单位\n*医疗（项）：2024年预算数为" + A, "func:2101101"),
    ("公务员医疗补助", r"公务员医疗补助（项）2024年预算数为" + A, "func:2101103"),
    ("一般公共预算基本支出", r"一般公共预算基本支出" + A, "general_basic"),
    ("人员经费", r"人员经费" + A, "personnel"),
    ("公用经费", r"公用经费" + A, "public"),
    ("三公经费", r"预算数" + A + r"万元，其中：公务用车", "sangong"),
    ("机关运行经费", r"机关运行经费财政拨款预算为 " + A, "agency"),
    ("机关运行经费增长率", r"增长 " + A + "%", "agency_change_pct"),
    ("绩效管理项目数", r"开展绩效管理的项目 " + A, "perf_count"),
    ("绩效管理涉及预算", r"开展绩效管理的项目 \d+ 个，涉及预算 " + A, "perf_amount"),
)

# Every place the seed's text differs from our recomputed figure: (seed, ours). With the
# example's 元-level amounts the seed's 尾差 vanish; what remains are the seed's own slips or its
# different counting (SEED_NOTES §3).
SEED_DIFFERS = {
    "项目支出占比": ("70.1", "70.11"),  # one decimal only; 5624.12 / 8022.01 = 70.108…%
    "社会保障和就业支出占比": ("96.27", "96.28"),  # forced so that the shares add to 100
    "行政单位医疗（三（三）11，实为事业单位医疗）": ("5.59", "79.47"),  # 5.59 is 2101102 事业单位医疗
    "绩效管理项目数": ("67", "22"),  # counts 人员类/运转类 "projects" (basic spending); 23+26+22 = 71
    "绩效管理涉及预算": ("8022.01", "5624.12"),  # we count the 22 entered projects only
}


# With the example's original two-decimal detail lines (commit 61aad35), the seed's own 尾差
# (SEED_NOTES §1–2) show up as well; the example's 元-level reconstruction removes them.
TWO_DECIMAL_TAILS = {
    "支出预算": ("8022.01", "8022"),
    "基本支出": ("2397.89", "2397.88"),
    "社会保障和就业支出": ("7723.43", "7723.42"),
    "卫生健康支出": ("99.1", "99.11"),
    "一般公共预算当年拨款": ("8022.01", "8022"),
    "行政运行": ("1866.13", "1866.12"),
    "行政单位医疗（三（三）7）": ("79.47", "79.48"),
    "行政单位医疗（三（三）11，实为事业单位医疗）": ("5.59", "79.48"),
    "一般公共预算基本支出": ("2397.89", "2397.88"),
    "人员经费": ("2053.34", "2053.32"),
}


def element_level(tree) -> bool:
    """True when the example's lines are the 元-level reconstruction (totals equal the seed's)."""
    return round2(tree.total()) == D("8022.01")


def test_every_place_the_seed_text_differs(narrative, tree):
    found = {}
    for label, pattern, key in SEED_CLAIMS:
        mo = re.search(pattern, SEED_TEXT)
        assert mo, label
        seed, ours = D(mo.group(1).replace(",", "")), round2(narrative.figures[key])
        if seed != ours:
            found[label] = (mo.group(1), fmt_plain(ours))
    assert found == (SEED_DIFFERS if element_level(tree) else SEED_DIFFERS | TWO_DECIMAL_TAILS)


# The seed's own text checked as a pasted text: tests/test_rules_narrative.py (the catalog's NAR rules).



def mini_budget():
    dept = Department("901", "测试局", 2025)
    unit = Unit("901001", "测试局", UnitKind.ADMIN)
    lines = (ExpenseLine("901001", "2080101", "30101", SpendKind.PERSONNEL, Source.GENERAL, D("60")),
             ExpenseLine("901001", "2080101", "30201", SpendKind.PUBLIC, Source.GENERAL, D("20")),
             ExpenseLine("901001", "2210201", "30113", SpendKind.PERSONNEL, Source.GENERAL, D("20")))
    return Budget(dept, (unit,), lines=lines)


EMPTY_TABLES = "本部门 2025 年没有使用政府性基金预算拨款安排的支出。本部门 2025 年没有使用国有资本经营预算拨款安排的支出。\n"


@pytest.mark.parametrize("text,code", [
    ("支出预算 100 万元，其中：基本支出 100 万元，占支出预算 90%。", "NAR-02"),
    ("2025 年支出预算 120 万元。", "NAR-01"),
    ("一般公共预算基本支出 100 万元。后文：一般公共预算基本支出 90 万元。", "NAR-01"),
    ("2024 年，本部门未安排政府采购预算。", "NAR-04"),
    ("开展绩效管理的项目 5 个。其中：人员类项目 1 个，运转类项目 1 个，特定目标类项目 2 个。", "NAR-05"),
    ("基本支出 100 万元，其中：人员经费 60 万元，主要包括工资。公用经费 30 万元。", "NAR-01"),
    ("社会保障和就业支出（类）人力资源和社会保障管理事务（款）行政运行（项）2025 年预算数为 50 万元。", "NAR-06"),
    ("机关运行经费 20 万元，比 2024 年预算增加 2 万元，增长 20%，主要原因是人员增加。", "NAR-14"),
])
def test_each_kind_of_slip_is_a_catalog_finding(text, code):
    """Checking a pasted 情况说明 goes through the validation catalog's narrative rules."""
    assert code in {c for c, _ in narrative_problems(mini_budget(), EMPTY_TABLES + text)}


def test_correct_text_is_quiet():
    text = ("2025 年支出预算 100 万元，其中：基本支出 100 万元，占支出预算 100%。比 2024 年增加 10 万元，主要原因是人员增加。\n"
            "住房保障支出（类）住房改革支出（款）住房公积金（项）2025 年预算数为 20 万元。截至 2024 年底，无车辆。\n"
            "机关运行经费 20 万元，比 2024 年预算增加 2 万元，增长 11.11%，主要原因是人员增加。")
    assert narrative_problems(mini_budget(), EMPTY_TABLES + text) == []


def test_the_draft_in_a_workbook_raises_no_narrative_rule(tmp_path):
    """The validation catalog's 情况说明 rules (NAR-*) find nothing in our own draft."""
    from deptbudget.example import load_example
    from deptbudget.io.narrative_sheet import write_narrative_sheet
    from deptbudget.io.workbook_xlsx import build_workbook, save_workbook
    from deptbudget.pipeline import all_tables
    from deptbudget.rules import validate_file

    budget = load_example()
    wb = build_workbook("部门", budget, all_tables(budget))
    write_narrative_sheet(wb, draft(build_tree(budget)))
    path = tmp_path / "部门.xlsx"
    save_workbook(wb, path)
    read, findings = validate_file(path)
    assert read.budget.narrative
    nar = [f for f in findings if f.code.startswith("NAR") and f.code != "NAR-09"]  # NAR-09: 〔请…〕 left to fill
    assert [f.message for f in nar if f.severity.value != "提示"] == []
    # at most 尾差 notes (提示), and none with the 元-level example data
    assert all("尾差" in f.message for f in nar)
