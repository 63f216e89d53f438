"""上年数 and 基本信息 across units (issue 13, items 2 and 3).

A department of three units, built here (not the example): each unit its own 上年数 (the first
leaves 单位编码 blank in its unit workbook, the second codes every row, the third mixes) and its
own 基本信息. Every expected figure is summed by hand in the comments.
"""

from __future__ import annotations

import random
from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from deptbudget.core.model import (
    Budget,
    Department,
    ExpenseLine,
    Fact,
    Facts,
    Income,
    PriorYear,
    Project,
    ProjectCategory,
    Source,
    SpendKind,
    Unit,
    UnitKind,
)
from deptbudget.fill.common import prior
from deptbudget.io.batch import collect
from deptbudget.io.reader import read_workbook
from deptbudget.io.workbook_xlsx import build_workbook, save_workbook
from deptbudget.rollup.fold import DistrictFold, summarize
from deptbudget.rollup.merge import merge_budgets, merge_departments
from deptbudget.rules import validate
from deptbudget.template import spec

G, BUS = Source.GENERAL, Source.BUSINESS
P, C, PR = SpendKind.PERSONNEL, SpendKind.PUBLIC, SpendKind.PROJECT
DEPT = Department("307", "测试市住房和城乡建设局", 2025, spec.TEMPLATE_VERSION, "单位")
UNITS = {
    "307001": Unit("307001", "测试市住房和城乡建设局机关", UnitKind.ADMIN, 40, 2),
    "307002": Unit("307002", "测试市城市管理执法大队", UnitKind.CIVIL_SERVICE, 20, 1),
    "307003": Unit("307003", "测试市规划设计中心", UnitKind.INSTITUTION, 15, 0),
}
PROJECT = "2025年城市更新项目"


def line(unit, econ, kind, amount, source=G, func="2120101", project=""):
    return ExpenseLine(unit, func, econ, kind, source, D(amount), project)


def unit_budget(code: str) -> Budget:
    """One unit's workbook content; priors with unit '' are written with a blank 单位编码."""
    u = UNITS[code]
    if code == "307001":  # 1000 + 395 + 3 + 2 = 1400 basic, 100 project; income 1500
        lines = (line(code, "30101", P, "1000"), line(code, "30201", C, "395"), line(code, "30217", C, "3"),
                 line(code, "30231", C, "2"), line(code, "", PR, "100", func="2120102", project=PROJECT))
        incomes = (Income(code, G, D("1500")),)
        prior_ = [("", "收支总预算", "1450"), ("", "财政拨款收支总预算", "1450"), ("", "公务接待费", "2.50"),
                  ("", "公务用车运行费", "2"), ("", "机关运行经费", "390")]
        facts = {"procurement_goods": D("100"), "procurement_services": D("32"), "vehicles_dedicated": 1,
                 "dept_goal_text": "推进城市更新"}
    elif code == "307002":  # 200 + 98.80 + 1.20 = 300; income 300
        lines = (line(code, "30101", P, "200"), line(code, "30201", C, "98.80"), line(code, "30217", C, "1.20"))
        incomes = (Income(code, G, D("300")),)
        prior_ = [(code, "收支总预算", "280"), (code, "财政拨款收支总预算", "280"), (code, "公务接待费", "1"),
                  (code, "机关运行经费", "95")]
        facts = {"vehicles_dedicated": 1, "vehicle_purchase_plan": 1, "dept_goal_text": "规范城市管理执法"}
    else:  # 80 + 20 (一般公共预算) + 50 (事业收入) = 150
        lines = (line(code, "30101", P, "80", func="2120104"), line(code, "30201", C, "20", func="2120104"),
                 line(code, "30101", P, "50", BUS, func="2120104"))
        incomes = (Income(code, G, D("100")), Income(code, BUS, D("50")))
        prior_ = [("", "收支总预算", "140"), (code, "财政拨款收支总预算", "95")]  # no 三公, no 机关运行经费
        facts = {"procurement_works": D("95"), "large_equipment": 2}
    projects = tuple(Project(code, l.project, l.func_code, ProjectCategory.SPECIFIC, l.amount, G, "更新改造老旧小区",
                             (l,)) for l in lines if l.project)
    return Budget(DEPT, (u,), incomes, lines, projects,
                  prior=tuple(PriorYear(unit, item, D(v)) for unit, item, v in prior_), facts=facts)


# By hand: the department's prior year, item by item.
EXPECTED_PRIOR = {
    "收支总预算": D("1870.00"),  # 1450 + 280 + 140
    "财政拨款收支总预算": D("1825.00"),  # 1450 + 280 + 95
    "机关运行经费": D("485.00"),  # 390 + 95 (307003 is a 事业单位: none expected)
    "公务接待费": None,  # 307003 gave none
    "公务用车运行费": None,  # 307002 and 307003 gave none
}
# By hand: the department's facts.
EXPECTED_FACTS = {
    "procurement_goods": D("100"), "procurement_works": D("95"), "procurement_services": D("32"),  # 227 in all
    "vehicles_dedicated": 2, "vehicle_purchase_plan": 1, "large_equipment": 2,
}


@pytest.fixture(scope="module")
def unit_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("units")
    for code in UNITS:
        save_workbook(build_workbook("单位", unit_budget(code)), root / f"{code}.xlsx")
    return root


@pytest.fixture(scope="module")
def unit_reads(unit_dir) -> list[Budget]:
    out = []
    for code in UNITS:
        r = read_workbook(unit_dir / f"{code}.xlsx")
        assert r.ok and not r.errors, [f.message for f in r.findings]
        out.append(r.budget)
    return out


@pytest.fixture(scope="module")
def dept(unit_dir) -> Budget:
    c = collect([str(unit_dir)], skip_bad=False, jobs=1, progress=False)
    assert c.budget is not None, [f.message for f in c.findings]
    return c.budget


def codes(findings, code):
    return [f for f in findings if f.code == code]


# -- reading: a blank 单位编码 in a unit workbook is that unit -------------------------------

def test_unit_workbook_blank_unit_code_is_the_unit(unit_reads, unit_dir):
    first, second, third = unit_reads
    assert {(p.unit, p.item, p.amount) for p in first.prior} == {
        ("307001", "收支总预算", D("1450")), ("307001", "财政拨款收支总预算", D("1450")),
        ("307001", "公务接待费", D("2.5")), ("307001", "公务用车运行费", D("2")), ("307001", "机关运行经费", D("390"))}
    assert {p.unit for p in second.prior} == {"307002"}
    assert {(p.unit, p.item) for p in third.prior} == {("307003", "收支总预算"), ("307003", "财政拨款收支总预算")}
    # a unit workbook's 基本信息 are its unit's (the workbook's identity stays the workbook's own)
    assert {(f.unit, f.key, f.value) for f in first.facts.records if f.key in spec.FACT_KINDS} == {
        ("307001", "procurement_goods", D("100")), ("307001", "procurement_services", D("32")),
        ("307001", "vehicles_dedicated", 1), ("307001", "dept_goal_text", "推进城市更新")}
    ws = load_workbook(unit_dir / "307001.xlsx")[spec.INFO_SHEET]  # the cell beside its label, wherever that row is
    row = next(r for r in range(1, 40) if ws.cell(r, 1).value == "政府采购预算（货物）")
    assert first.facts["procurement_goods"] == D("100") and first.facts.ref("procurement_goods").cell == f"B{row}"


# -- roll-up: priors and facts summed over units ----------------------------------------

def test_department_prior_is_the_sum_of_the_units(dept):
    for item, want in EXPECTED_PRIOR.items():
        assert prior(dept, item) == want, item
    assert prior(dept, "公务接待费", "307001") == D("2.5") and prior(dept, "公务接待费", "307003") is None


def test_partial_priors_warn_naming_the_units(dept):
    found = {f.params["item"]: f for f in codes(validate(dept), "PRI-01")}
    assert set(found) == {"公务接待费", "公务用车运行费"}
    assert found["公务接待费"].params["units"] == ["307003"]
    assert found["公务用车运行费"].params["units"] == ["307002", "307003"]
    assert found["公务接待费"].severity.value == "警告"
    assert "307003" in found["公务接待费"].message


def test_no_change_sentence_from_a_partial_sum(dept):
    from deptbudget.fill.narrative import draft
    from deptbudget.rollup.tree import build_tree

    n = draft(build_tree(dept))
    fig = n.figures
    assert fig["grand_change"] == D("80.00")  # 1950 - 1870
    assert fig["grand_change_pct"] == D("4.28")  # 80 / 1870 = 4.278 %
    assert fig["fiscal_change"] == D("75.00")  # (1500 + 300 + 100) - 1825
    assert fig["agency"] == D("500.00") and fig["agency_change"] == D("15.00")  # 400 + 100 - 485
    assert "sangong_change" not in fig  # 三公 prior partial: no 比上年 for the whole either
    section = next(s for s in n.sections if s.heading.startswith("五、"))
    items = [t for t in section.paragraphs if t.startswith("（")]
    assert items and not any(w in t for t in items for w in ("较 2024", "持平")), items


def test_first_unit_no_longer_wins_procurement(dept):
    """政府采购: 132 (the first unit's 100 + 32) was published; the department's is 227."""
    from deptbudget.fill.narrative import draft
    from deptbudget.rollup.tree import build_tree

    for key, want in EXPECTED_FACTS.items():
        assert dept.facts.get(key) == want, key
    assert draft(build_tree(dept)).figures["procurement"] == D("227")  # 100 + 95 + 32
    assert dept.facts.get("dept_goal_text") is None  # the units differ and the department gave none


def test_fact_findings(dept):
    findings = validate(dept)
    text = codes(findings, "FCT-03")
    assert [(f.params["label"], f.params["units"]) for f in text] == [("年度总体目标（补充说明）", ["307001", "307002"])]
    partial = {f.params["label"]: f.params["units"] for f in codes(findings, "FCT-02")}
    assert partial["政府采购预算（货物）"] == ["307002", "307003"]
    assert partial["政府采购预算（工程）"] == ["307001", "307002"]
    assert "定向保障用车（辆）" not in partial  # a count: units without any leave it blank
    assert not codes(findings, "FCT-01") and not codes(findings, "PRI-02")


def test_performance_goal_text_is_not_one_units(dept):
    from deptbudget.fill.performance import overall_goal
    from deptbudget.rollup.tree import build_tree

    goal = overall_goal(build_tree(dept))
    assert "推进城市更新" not in goal and "规范城市管理执法" not in goal


# -- the department workbook: round trip and the department's own override ---------------

@pytest.fixture(scope="module")
def dept_book(dept, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("dept") / "部门.xlsx"
    save_workbook(build_workbook("部门", dept), path)
    return path


def _prior_rows(b):
    return sorted((p.unit, p.item, p.amount) for p in b.prior)


def _fact_rows(b):
    return sorted((f.unit, f.key, str(f.value)) for f in b.facts.records if f.key in spec.FACT_KINDS)


def test_department_workbook_round_trip(dept, dept_book):
    r = read_workbook(dept_book)
    assert r.ok and not r.errors, [f.message for f in r.errors]
    back = r.budget
    assert _prior_rows(back) == _prior_rows(dept)
    assert _fact_rows(back) == _fact_rows(dept)
    assert all(p.unit for p in back.prior)  # written with their unit codes
    for item, want in EXPECTED_PRIOR.items():
        assert prior(back, item) == want, item
    assert {k: back.facts.get(k) for k in EXPECTED_FACTS} == EXPECTED_FACTS
    # and the units' columns are where the reader found them: 基本信息 C…E headed by the codes
    ws = load_workbook(dept_book)[spec.INFO_SHEET]
    assert [ws.cell(3, j).value for j in (3, 4, 5)] == ["307001", "307002", "307003"]


def test_department_override(dept_book, tmp_path):
    wb = load_workbook(dept_book)
    ws = wb[spec.PRIOR.name]
    r = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 2).value in (None, ""))
    for i, (item, v) in enumerate((("收支总预算", 1900), ("公务接待费", 3))):  # 单位编码 left blank
        ws.cell(r + i, 2).value, ws.cell(r + i, 3).value = item, v
    info = wb[spec.INFO_SHEET]
    rows = {info.cell(r, 1).value: r for r in range(1, info.max_row + 1)}
    info.cell(rows["政府采购预算（货物）"], 2).value = 120
    info.cell(rows["年度总体目标（补充说明）"], 2).value = "建设宜居城市"
    path = tmp_path / "部门（改）.xlsx"
    wb.save(path)
    read = read_workbook(path)
    b = read.budget
    assert not read.errors
    assert prior(b, "收支总预算") == D("1900")  # the department's own, not 1870
    assert prior(b, "公务接待费") == D("3")  # the department's own fills what the units lack
    assert prior(b, "公务用车运行费") is None
    assert b.facts.get("procurement_goods") == D("120") and b.facts.get("dept_goal_text") == "建设宜居城市"
    findings = validate(b)
    override = codes(findings, "PRI-02")
    assert [(f.params["item"], f.params["own"], f.params["units_sum"]) for f in override] == [
        ("收支总预算", "1900.00", "1870.00")]
    assert override[0].severity.value == "提示" and override[0].ref.sheet == spec.PRIOR.name
    assert [f.params["item"] for f in codes(findings, "PRI-01")] == ["公务用车运行费"]
    assert [(f.params["own"], f.params["units_sum"]) for f in codes(findings, "FCT-01")] == [("120.00 万元", "100.00 万元")]
    assert not codes(findings, "FCT-03")


# -- order independence -------------------------------------------------------------

def _snapshot(b: Budget):
    return ({k: prior(b, k) for k in EXPECTED_PRIOR}, dict(b.facts), _prior_rows(b), _fact_rows(b))


@settings(max_examples=25, deadline=None)
@given(st.randoms(use_true_random=False))
def test_unit_order_does_not_matter(unit_reads, rnd):
    want = _snapshot(merge_budgets(unit_reads))
    shuffled = list(unit_reads)
    rnd.shuffle(shuffled)
    assert _snapshot(merge_budgets(shuffled)) == want
    fold = DistrictFold()
    for b in shuffled:
        fold.add(*summarize(b))
    (folded,) = fold.budgets()
    assert _snapshot(folded) == want


def test_unit_file_order_does_not_matter(unit_dir, dept):
    """The files given in every order to the roll-up (as `deptbudget rollup a.xlsx b.xlsx c.xlsx`)."""
    from itertools import permutations

    want = _snapshot(dept)
    for order in permutations(sorted(unit_dir.glob("*.xlsx"))):
        c = collect([str(p) for p in order], skip_bad=False, jobs=1, progress=False)
        assert _snapshot(c.budget) == want, [p.name for p in order]
        folded = collect([str(p) for p in order], skip_bad=False, jobs=1, progress=False, district="测试市",
                         compacted=True).budget
        assert prior(folded, "收支总预算") == D("1870.00") and folded.facts.get("procurement_goods") == D("100")


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(UNITS)), st.decimals(0, 1000, places=2), max_size=3),
       st.one_of(st.none(), st.decimals(0, 1000, places=2)))
def test_prior_is_complete_sum_or_own(given_, own):
    """Any split of one item over the three units, with or without the department's own figure."""
    rows = [PriorYear(u, "公务接待费", v) for u, v in given_.items()]
    if own is not None:
        rows.append(PriorYear("", "公务接待费", own))
    b = Budget(replace(DEPT, form="部门"), tuple(UNITS.values()), prior=tuple(random.sample(rows, len(rows))))
    if own is not None:
        want = own
    elif len(given_) == 3:
        want = given_["307001"] + given_["307002"] + given_["307003"]
    else:
        want = None
    assert prior(b, "公务接待费") == want


# -- district level -------------------------------------------------------------------

def test_district_sums_departments(dept):
    other = Budget(Department("308", "测试市水务局", 2025, spec.TEMPLATE_VERSION, "部门"),
                   (Unit("308001", "测试市水务局机关", UnitKind.ADMIN),),
                   (Income("308001", G, D("50")),), (line("308001", "30217", C, "50"),),
                   prior=(PriorYear("", "收支总预算", D("40")), PriorYear("", "公务接待费", D("1.50")),
                          PriorYear("308001", "机关运行经费", D("45"))),
                   facts={"procurement_goods": D("10"), "vehicles_dedicated": 3, "dept_goal_text": "保障供水",
                          "_name_2130199": "其他水务支出（自定）"})  # a name the workbook gives a code
    district = merge_departments([other, dept], Department("", "测试市", 0))
    assert prior(district, "收支总预算") == D("1910.00")  # 1870 + 40
    assert prior(district, "机关运行经费") == D("530.00")  # 485 + 45
    assert prior(district, "公务接待费") is None  # 307's is partial, so the district's is too
    assert district.facts.get("procurement_goods") == D("110")  # 100 + 10
    assert district.facts.get("vehicles_dedicated") == 5  # 2 + 3
    assert district.facts.get("procurement_works") == D("95")
    assert district.facts.get("dept_goal_text") is None  # 307 has none, 308 its own: not used for all
    assert district.facts.get("_name_2130199") == "其他水务支出（自定）"  # code names travel up
    partial = {f.params["item"]: f.params["units"] for f in codes(validate(district), "PRI-01")}
    assert partial["公务接待费"] == ["307"]


def test_facts_mapping_is_the_departments_own():
    """Budget(facts={...}) is the department's own 基本信息 (examples, tests)."""
    b = Budget(DEPT, tuple(UNITS.values()), facts={"procurement_goods": D("5")})
    assert b.facts == {"procurement_goods": D("5")} and b.facts.own("procurement_goods") == D("5")
    f = Facts([Fact("307001", "procurement_goods", D("1")), Fact("307002", "procurement_goods", D("2"))],
              ("307001", "307002"))
    assert f["procurement_goods"] == D("3") and f.by_unit("procurement_goods") == {"307001": D("1"), "307002": D("2")}


def test_money_unit_of_every_workbook_is_checked():
    """STR-10 looks at each rolled-up workbook's 金额单位, not only at the first one's."""
    from deptbudget.core.model import CellRef

    ok, bad = CellRef("307001.xlsx", "基本信息", "B7"), CellRef("307003.xlsx", "基本信息", "B7")
    b = Budget(replace(DEPT, form="部门"), tuple(UNITS.values()),
               facts=(Fact("", "money_unit", "元", ok), Fact("", "money_unit", "千元", bad)))
    assert [(f.ref.file, f.ref.cell) for f in codes(validate(b), "STR-10")] == [("307003.xlsx", "B7")]
    same = replace(b, facts=(Fact("", "money_unit", "万元", ok), Fact("", "money_unit", "万元", bad)))
    assert not codes(validate(same), "STR-10")
