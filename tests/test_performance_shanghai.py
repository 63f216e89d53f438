"""The 上海 项目绩效目标申报表 (issue 17 items 1, 2, 4): one form per project, no weights, 指标值 with the
operator and the unit inside (「=100.00(%)」「≥90.00(%)」).

The budget is built here: 示范区卫生健康委员会 (701), 2025, two units — 701001 委机关 (行政) and 701002
疾病预防控制中心 (事业). Three projects; every cell of their forms below was worked out by hand from
the lines (万元 × 10000 = 元, see each line's comment).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from deptbudget.core.model import (
    Budget,
    CellRef,
    Department,
    ExpenseLine,
    Income,
    Indicator,
    Project,
    ProjectCategory,
    Source,
    SpendKind,
    Unit,
    UnitKind,
)
from deptbudget.fill.performance_form import read_forms, value_text
from deptbudget.io.table_layout import layout
from deptbudget.pipeline import all_tables, unit_budgets
from deptbudget.tablesets import DEFAULT, get

A, B = "701001", "701002"
DEPT, UNIT_A, UNIT_B = "示范区卫生健康委员会", "示范区卫生健康委员会机关", "示范区疾病预防控制中心"
DRILL, KIT, CHRONIC = "卫生应急演练", "应急设备更新", "慢性病防治"
PRJ, G = SpendKind.PROJECT, Source.GENERAL

LINES = (  # unit, 功能, 经济, source, 万元, project                      amount in 元
    (A, "2100401", "30202", G, "8", DRILL),                              #  80,000.00
    (A, "2100401", "31002", G, "3", KIT),                                #  30,000.00
    (B, "2100408", "30227", G, "12.5", CHRONIC),                         # 125,000.00 当年财政拨款
    (B, "2100408", "30227", Source.CARRY_GENERAL, "1.2345", CHRONIC),    #  12,345.00 上年结转
    (B, "2100408", "30227", Source.OTHER, "0.3", CHRONIC),               #   3,000.00 其他资金
)                                                                        # 慢性病防治 140,345.00


def ind(unit, project, l1, l2, l3, nature, value, measure, weight=None):
    return Indicator(unit, project, l1, l2, l3, nature, value, measure, None if weight is None else D(weight))


INDICATORS = (
    ind(B, CHRONIC, "产出指标", "数量指标", "慢性病筛查人数", "≥", "12000", "人", "20"),
    ind(B, CHRONIC, "产出指标", "质量指标", "高血压患者规范管理率", "=", "100", "%"),
    ind(B, CHRONIC, "效益指标", "社会效益指标", "居民健康知识知晓率", "≥", "90", "%"),
    ind(B, CHRONIC, "效益指标", "可持续影响指标", "慢病防治长效机制", "定性", "健全", ""),
    ind(B, CHRONIC, "满意度指标", "服务对象满意度指标", "患者满意度", "≥", "85.5", "%"),
    ind(B, CHRONIC, "成本指标", "经济成本指标", "项目预算控制数", "≤", "14.0345", "万元"),
)


def budget() -> Budget:
    lines = tuple(ExpenseLine(u, f, e, PRJ, s, D(v), p) for u, f, e, s, v, p in LINES)
    projects = (
        Project(A, DRILL, "2100401", ProjectCategory.SPECIFIC, D(8), G, "", lines[:1], period="2025年",
                supervisor=DEPT, implementer="示范区卫生应急管理办公室"),
        Project(A, KIT, "2100401", ProjectCategory.SPECIFIC, D(3), G, "完成应急设备更新", lines[1:2],
                period="2025—2027年"),
        Project(B, CHRONIC, "2100408", ProjectCategory.SPECIFIC, D("14.0345"), G, "完成辖区慢性病筛查与随访",
                lines[2:], period="2024—2026年", total=D("45.6789")),
    )
    return Budget(Department("701", DEPT, 2025),
                  units=(Unit(A, UNIT_A, UnitKind.ADMIN), Unit(B, UNIT_B, UnitKind.INSTITUTION)),
                  incomes=(Income(A, G, D(11)), Income(B, G, D("12.5")), Income(B, Source.CARRY_GENERAL, D("1.2345")),
                           Income(B, Source.OTHER, D("0.3"))),
                  lines=lines, projects=projects, indicators=INDICATORS)


def sheet(table) -> list[list]:
    """The form as the disclosure copy shows it: 元, rounded, merged cells emptied."""
    return layout(table, rounded=True, body_merges=True).rows


N, MISSING = None, "（未填写）"


def form_rows(name, supervisor, implementer, total, year, fiscal, carry, other, period, goal, indicators):
    rows = [
        ["项目名称", name, N, N, N],
        ["主管部门", supervisor, N, "实施单位", implementer],
        ["项目资金（元）", "项目总额", total, "年度资金总额", year],
        [N, "其中：当年财政拨款", fiscal, "上年结转资金", carry],
        [N, "其他资金", other, N, N],
        ["实施周期", period, N, N, N],
        ["项目概况", MISSING, N, N, N],
        ["立项依据", MISSING, N, N, N],
        ["年度目标", goal, N, N, N],
        ["年度绩效指标", "一级指标", "二级指标", "三级指标", "指标值"],
    ]
    return rows + [[N, *i] for i in indicators]


EXPECTED = [
    ["2025年项目绩效目标申报表", N, N, N, N],
    ["附表", N, N, N, N],
    ["编制部门：示范区卫生健康委员会", N, N, N, "单位：元"],
    ["栏目", "填报内容", N, N, N],
    *form_rows(DRILL, DEPT, "示范区卫生应急管理办公室", D("80000.00"), D("80000.00"), D("80000.00"), D("0.00"),
               D("0.00"), "2025年", MISSING, [(MISSING, N, N, N)]),
    [N] * 5,
    # over three years and no 项目总额 entered: not made up
    *form_rows(KIT, DEPT, UNIT_A, MISSING, D("30000.00"), D("30000.00"), D("0.00"), D("0.00"), "2025—2027年",
               "完成应急设备更新", [(MISSING, N, N, N)]),
    [N] * 5,
    *form_rows(CHRONIC, DEPT, UNIT_B, D("456789.00"), D("140345.00"), D("125000.00"), D("12345.00"),
               D("3000.00"), "2024—2026年", "完成辖区慢性病筛查与随访", [
                   ("产出指标", "数量指标", "慢性病筛查人数", "≥12000.00(人)"),
                   ("产出指标", "质量指标", "高血压患者规范管理率", "=100.00(%)"),
                   ("效益指标", "社会效益指标", "居民健康知识知晓率", "≥90.00(%)"),
                   ("效益指标", "可持续影响指标", "慢病防治长效机制", "健全"),
                   ("满意度指标", "服务对象满意度指标", "患者满意度", "≥85.50(%)"),
                   ("成本指标", "经济成本指标", "项目预算控制数", "≤14.0345(万元)"),
               ]),
]


@pytest.fixture(scope="module")
def form():
    return all_tables(budget(), get("上海部门预算"))["sh10"]


def test_the_sets_say_their_performance_layout_and_weights():
    for name in ("上海部门预算", "上海单位预算"):
        ts = get(name)
        assert ts.table("sh10").make == "perf_form" and ts.keys[-1] == "sh10" and ts.weight_total == "无"
    assert DEFAULT.weight_total == "90" and "sh10" not in DEFAULT.keys and {"t6", "t7"} <= set(DEFAULT.keys)
    assert "sh10" not in all_tables(budget())  # 四川: 表6/表7 as before


def test_every_cell_of_the_forms(form):
    assert sheet(form) == EXPECTED


def test_no_weight_column_and_the_label_cells_merged(form):
    lay = layout(form, rounded=True, body_merges=True)
    assert all("权重" not in str(v) for row in lay.rows for v in row)
    assert (5, 2, 5, 5) in lay.merges  # 项目名称 across the form
    assert (7, 1, 9, 1) in lay.merges  # 项目资金（元） over its three rows
    assert (14, 1, 15, 1) in lay.merges  # 年度绩效指标 over its header and its one row


@pytest.mark.parametrize("nature, value, measure, shown", [
    ("=", "100", "%", "=100.00(%)"),
    ("≥", "90", "%", "≥90.00(%)"),
    ("≤", "120", "万元", "≤120.00(万元)"),
    ("≥", "1,000", "册", "≥1000.00(册)"),
    ("=", "0.125", "%", "=0.125(%)"),  # three places entered: kept, never rounded away
    ("=", "985米", "", "=985.00(米)"),  # the unit typed into the value
    ("≥", "≥90.00(%)", "", "≥90.00(%)"),  # typed from a 上海 form: kept
    ("≤", "5", "", "≤5.00"),  # no unit entered: none printed (PRF-07 asks for one)
    ("定性", "优", "", "优"),
    ("定性", "较上年提高", "%", "较上年提高(%)"),
])
def test_value_as_shanghai_prints_it(nature, value, measure, shown):
    assert value_text(ind(A, DRILL, "产出指标", "数量指标", "x", nature, value, measure)) == shown


def test_unit_set_form_names_the_department_as_supervisor():
    ub = next(b for b in unit_budgets(budget()) if b.units[0].code == B)
    t = all_tables(ub, get("上海单位预算"))["sh10"]
    rows = sheet(t)
    assert rows[2][0] == f"编制单位：{UNIT_B}" and rows[4][1] == CHRONIC
    assert rows[5] == ["主管部门", DEPT, N, "实施单位", UNIT_B]
    assert rows[6][2] == D("456789.00") and rows[6][4] == D("140345.00")


def test_no_projects_is_an_empty_form_with_the_note():
    b = replace(budget(), lines=(), projects=(), indicators=())
    t = all_tables(b, get("上海部门预算"))["sh10"]
    assert t.rows == () and t.notes == ("本表无数据",)


# -- round trip: the written form read back and checked by the PRF rules -----------------------------

def prf(b: Budget, ts) -> list[tuple]:
    """(code, project, indicator) of the PRF findings, with the set's weight setting (上海: 无)."""
    from deptbudget.rules import validate
    from deptbudget.rules.settings import Settings, parse_values

    s = Settings(select=frozenset({"PRF"})).merged(parse_values({"weight_total": ts.weight_total}, ts.name), ts.name)
    return sorted((f.code, f.params.get("project", ""), f.params.get("name", "")) for f in validate(b, settings=s))


def located(inds, sheet_name: str) -> tuple:
    """Each indicator at its own cell, as read from a sheet (findings on equal cells are merged)."""
    return tuple(replace(i, ref=CellRef("", sheet_name, f"A{k + 2}")) for k, i in enumerate(inds))


def read_back(b: Budget, cells) -> Budget:
    units = {p.name: p.unit for p in b.projects}
    return replace(b, indicators=located(read_forms(cells, units.get), "附表 项目绩效目标申报表"))


def test_read_back_gives_the_printed_indicators(form):
    got = read_forms(sheet(form))
    assert [(i.project, i.level1, i.level3, i.nature, i.value, i.measure) for i in got] == [
        (CHRONIC, "产出指标", "慢性病筛查人数", "≥", "≥12000.00(人)", ""),
        (CHRONIC, "产出指标", "高血压患者规范管理率", "=", "=100.00(%)", ""),
        (CHRONIC, "效益指标", "居民健康知识知晓率", "≥", "≥90.00(%)", ""),
        (CHRONIC, "效益指标", "慢病防治长效机制", "定性", "健全", ""),
        (CHRONIC, "满意度指标", "患者满意度", "≥", "≥85.50(%)", ""),
        (CHRONIC, "成本指标", "项目预算控制数", "≤", "≤14.0345(万元)", ""),
    ]


def test_the_tools_own_form_validates_clean(form):
    """The example's indicators are complete and right: no PRF finding on the input nor on the form
    read back (the weight entered on one indicator is not asked for: 上海 forms carry none)."""
    ts = get("上海部门预算")
    b = budget()
    complete = [f for f in prf(b, ts) if f[1] == CHRONIC]
    assert complete == []
    assert [f for f in prf(read_back(b, sheet(form)), ts) if f[1] == CHRONIC] == []
    # the same project under the 四川 setting (weights adding up to 90): PRF-04 and PRF-05 fire
    assert {c for c, p, _ in prf(b, DEFAULT) if p == CHRONIC or not p} >= {"PRF-04"}


def test_a_slip_on_the_input_is_still_found_on_the_form():
    """反例 survives the round trip: a 满意度 written 「≤ 100 %」 (PRF-09) and a cost above the project
    (PRF-11), on the input and on its printed form alike."""
    ts = get("上海部门预算")
    slips = (ind(B, CHRONIC, "满意度指标", "服务对象满意度指标", "患者满意度", "≤", "100", "%"),
             ind(B, CHRONIC, "成本指标", "经济成本指标", "筛查成本", "≤", "15", "万元"))
    b = replace(budget(), indicators=INDICATORS[:4] + slips)
    printed = sheet(all_tables(b, ts)["sh10"])
    found = prf(read_back(b, printed), ts)
    assert found == prf(b, ts)
    assert ("PRF-09", "", "患者满意度") in found and ("PRF-11", CHRONIC, "筛查成本") in found


LEVELS = {"产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
          "效益指标": ("经济效益指标", "社会效益指标", "可持续影响指标"),
          "满意度指标": ("服务对象满意度指标",), "成本指标": ("经济成本指标", "社会成本指标")}
NAMES = ("服务人次", "覆盖率", "群众满意度", "处理及时率", "投诉次数", "项目预算控制数", "人均成本", "增长率")
MEASURES = ("%", "人", "次", "万元", "元", "个", "", "万元/人", "天")


@st.composite
def indicators(draw, unit, project):
    l1 = draw(st.sampled_from(sorted(LEVELS)))
    nature = draw(st.sampled_from(("≥", "≤", "=", ">", "<", "定性")))
    if nature == "定性":
        value = draw(st.sampled_from(("优", "良好", "95", "明显提升", "100")))
    else:
        places = draw(st.integers(0, 4))
        value = str(D(draw(st.integers(0, 2_000_000))).scaleb(-places))
    return ind(unit, project, l1, draw(st.sampled_from(LEVELS[l1])), draw(st.sampled_from(NAMES)), nature, value,
               draw(st.sampled_from(MEASURES)), draw(st.sampled_from((None, "10", "20"))))


@st.composite
def budgets(draw):
    base = budget()
    inds = []
    for p in base.projects:
        inds += draw(st.lists(indicators(p.unit, p.name), max_size=7))
    return replace(base, indicators=located(inds, "项目绩效目标"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(budgets())
def test_round_trip_finds_what_the_input_has_no_more_no_less(b):
    """Property: the PRF findings on a form read back are the findings on its input — no false
    finding from the printed 「≥90.00(%)」 values, nothing lost."""
    ts = get("上海部门预算")
    printed = sheet(all_tables(b, ts)["sh10"])
    assert prf(read_back(b, printed), ts) == prf(b, ts)


# -- the writers: export and fill --------------------------------------------------------------------

def test_export_and_fill_write_the_form(tmp_path):
    from click.testing import CliRunner
    from openpyxl import load_workbook

    from deptbudget.cli import main
    from deptbudget.io.workbook_xlsx import build_workbook, save_workbook

    book = tmp_path / "部门.xlsx"
    save_workbook(build_workbook("部门", budget()), book)
    r = CliRunner().invoke(main, ["export", str(book), "--out", str(tmp_path / "out"), "--no-pdf", "--force",
                                  "--table-set", "上海部门预算"])
    assert r.exit_code == 0, r.output
    ws = load_workbook(tmp_path / "out" / f"{DEPT}2025年部门预算公开表.xlsx")["附表 项目绩效目标申报表"]
    cells = [list(row) for row in ws.iter_rows(values_only=True)]
    assert cells[1][0] == "附表" and cells[2][4] == "单位：元"
    chronic = next(i for i, row in enumerate(cells) if row[1] == CHRONIC)
    assert cells[chronic + 2][2] == 456789 and cells[chronic + 2][4] == 140345
    assert ws.cell(chronic + 3, 3).number_format == "#,##0.00"
    # a page per form: it ends after the blank rows 16 and 28 (4 title/header rows, forms of 11 rows)
    assert [b.id for b in ws.row_breaks.brk] == [16, 28] and cells[15] == cells[27] == [None] * 5
    assert [i.value for i in read_forms(cells)] == [i.value for i in read_forms(sheet(all_tables(
        budget(), get("上海部门预算"))["sh10"]))]
    r = CliRunner().invoke(main, ["fill", "performance", str(book), "-o", str(tmp_path / "填制.xlsx"),
                                  "--table-set", "上海部门预算"])
    assert r.exit_code == 0, r.output
    filled = load_workbook(tmp_path / "填制.xlsx")
    assert "附表 项目绩效目标申报表" in filled.sheetnames
    assert [b.id for b in filled["附表 项目绩效目标申报表"].row_breaks.brk] == [16, 28]
    assert read_forms(filled["附表 项目绩效目标申报表"].iter_rows(values_only=True))[1].value == "=100.00(%)"


# -- validate follows the set the workbook declares -------------------------------------------------

def weight_codes(b: Budget) -> set[str]:
    """The weight rules' codes on `b` with 设置 as the template writes it (绩效指标权重合计 90)."""
    from deptbudget.rules import validate
    from deptbudget.rules.settings import Settings

    found = validate(b, settings=Settings(select=frozenset({"PRF-04", "PRF-05", "PRF-18"})))
    return {f.code for f in found}


def test_a_shanghai_workbook_without_weights_gets_no_weight_finding():
    """正例: 基本信息 declares 上海部门预算 and no indicator has a weight — the form has none, so the 90
    of 设置 is not asked for. 反例: the same indicators in a 四川 workbook (PRF-04, PRF-05)."""
    unweighted = tuple(replace(i, weight=None) for i in INDICATORS)
    shanghai = replace(budget(), indicators=unweighted, facts={"table_set": "上海部门预算"})
    assert weight_codes(shanghai) == set()
    assert weight_codes(replace(shanghai, facts={})) == {"PRF-04", "PRF-05"}
    assert weight_codes(replace(shanghai, facts={"table_set": "四川部门预算"})) == {"PRF-04", "PRF-05"}


def test_weights_entered_in_a_shanghai_workbook_are_still_checked():
    """A weight typed on one indicator: the office scores its indicators, so 设置's total applies."""
    shanghai = replace(budget(), facts={"table_set": "上海部门预算"})  # 20 on one indicator
    assert weight_codes(shanghai) == {"PRF-04", "PRF-05"}
