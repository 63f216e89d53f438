"""The 上海 公开表 checked alone (公开表 mode, rules/shown_shanghai.py): nine tables typed in here as a
district's disclosure prints them — 「单位：元」, codes split over 类/款/项 or written whole, 表4 with the
funds on the right, 表9 in 万元 — and the tool's own export of any budget with the 上海 sets.

示范区文化旅游局 2025, figures in 元 worked out by hand:
  2070101 行政运行          基本 1,000,000.00 一般公共预算 (人员 800,000 30101; 公用 180,000 30201 + 20,000 30217)
  2070109 群众文化          项目   300,000.00 一般公共预算 + 50,000.00 事业收入
  2080505 基本养老保险缴费  基本   120,000.00 一般公共预算 (人员 30108)
  2120803 城市建设支出      项目    80,000.00 政府性基金
  一般公共预算 1,420,000 (基本 1,120,000 = 人员 920,000 + 公用 200,000; 项目 300,000), 政府性基金 80,000,
  事业收入 50,000; 总计 1,550,000 = 207 类 1,350,000 + 208 类 120,000 + 212 类 80,000.
  表9 (万元): 三公 5.00 = 出国 0 + 公务用车 3.00 (运行 3.00) + 接待 2.00; 机关运行经费 20.00.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from deptbudget.core.findings import Severity
from deptbudget.io.grid import Grid, SheetGrid
from deptbudget.io.table_layout import layout
from deptbudget.pipeline import all_tables, unit_budgets
from deptbudget.rules import validate
from deptbudget.rules.shown_read import is_published, published_budget
from deptbudget.tablesets import get


def sheet(name, title, unit, header, body):
    rows = [[f"2025年{title}"], ["编制部门：示范区文化旅游局", None, None, None, None, f"单位：{unit}"]]
    return SheetGrid(name, rows + [list(r) for r in header] + [list(r) for r in body])


def tables() -> dict[str, SheetGrid]:
    t1 = sheet("表1", "部门财务收支预算总表", "元", [["本年收入", None, "本年支出", None],
                                                   ["项目", "预算数", "项目", "预算数"]], [
        ["一、财政拨款收入", 1500000, "一、文化旅游体育与传媒支出", 1350000],
        ["1. 一般公共预算", 1420000, "二、社会保障和就业支出", 120000],
        ["2. 政府性基金预算", 80000, "三、城乡社区支出", 80000],
        ["3. 国有资本经营预算", None, None, None],
        ["二、事业收入", 50000, None, None],
        ["三、事业单位经营收入", None, None, None],
        ["四、其他收入", None, None, None],
        ["本年收入合计", 1550000, "本年支出合计", 1550000],
        ["收入总计", 1550000, "支出总计", 1550000]])
    t2 = sheet("表2 2025年部门收入预算总表", "部门收入预算总表", "元", [
        ["项目", None, "收入预算"],
        ["科目编码", "科目名称", "合计", "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入"]], [
        ["207", "文化旅游体育与传媒支出", "1,350,000", "1,300,000", "50,000"],
        ["20701", "文化和旅游", "1,350,000", "1,300,000", "50,000"],
        ["2070101", "行政运行", "1,000,000", "1,000,000"],
        ["2070109", "群众文化", "350,000", "300,000", "50,000"],
        ["208", "社会保障和就业支出", "120,000", "120,000"],
        ["20805", "行政事业单位养老支出", "120,000", "120,000"],
        ["2080505", "机关事业单位基本养老保险缴费支出", "120,000", "120,000"],
        ["212", "城乡社区支出", "80,000", "80,000"],
        ["21208", "国有土地使用权出让收入安排的支出", "80,000", "80,000"],
        ["2120803", "城市建设支出", "80,000", "80,000"],
        ["合计", None, "1,550,000", "1,500,000", "50,000"]])
    t3 = sheet("表3 部门支出预算总表", "部门支出预算总表", "元", [  # 项目支出 before 基本支出, codes split
        ["功能分类科目编码", None, None, "功能分类科目名称", "合计", "项目支出", "基本支出"],
        ["类", "款", "项", None, None, None, None]], [
        ["207", None, None, "文化旅游体育与传媒支出", 1350000, 350000, 1000000],
        ["207", "01", None, "文化和旅游", 1350000, 350000, 1000000],
        ["207", "01", "01", "行政运行", 1000000, None, 1000000],
        ["207", "1", "9", "群众文化", 350000, 350000, None],  # 款/项 typed as numbers
        ["208", None, None, "社会保障和就业支出", 120000, None, 120000],
        ["208", "05", None, "行政事业单位养老支出", 120000, None, 120000],
        ["208", "05", "05", "机关事业单位基本养老保险缴费支出", 120000, None, 120000],
        ["212", None, None, "城乡社区支出", 80000, 80000, None],
        ["212", "08", None, "国有土地使用权出让收入安排的支出", 80000, 80000, None],
        ["212", "08", "03", "城市建设支出", 80000, 80000, None],
        ["合计", None, None, None, 1550000, 430000, 1120000]])
    t4 = sheet("表4 部门财政拨款收支预算总表", "部门财政拨款收支预算总表", "元", [
        ["财政拨款收入", None, "财政拨款支出"],
        ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]], [
        ["一、一般公共预算", 1420000, "一、文化旅游体育与传媒支出", 1300000, 1300000],
        ["二、政府性基金预算", 80000, "二、社会保障和就业支出", 120000, 120000],
        ["三、国有资本经营预算", None, "三、城乡社区支出", 80000, None, 80000],
        ["收入总计", 1500000, "支出总计", 1500000, 1420000, 80000]])
    t5 = sheet("表5 部门一般公共预算支出功能分类预算表", "部门一般公共预算支出功能分类预算表", "元", [
        ["功能分类科目编码", None, None, "功能分类科目名称", "合计", "基本支出", "项目支出"],
        ["类", "款", "项"]], [
        ["207", None, None, "文化旅游体育与传媒支出", 1300000, 1000000, 300000],
        ["207", "01", None, "文化和旅游", 1300000, 1000000, 300000],
        ["207", "01", "01", "行政运行", 1000000, 1000000, None],
        ["207", "01", "09", "群众文化", 300000, None, 300000],
        ["208", None, None, "社会保障和就业支出", 120000, 120000, None],
        ["208", "05", None, "行政事业单位养老支出", 120000, 120000, None],
        ["208", "05", "05", "机关事业单位基本养老保险缴费支出", 120000, 120000, None],
        ["合计", None, None, None, 1420000, 1120000, 300000]])
    t6 = sheet("表6 部门一般公共预算基本支出部门预算经济分类预算表", "部门一般公共预算基本支出部门预算经济分类预算表",
               "元", [["经济分类科目编码", "经济分类科目名称", "合计", "人员经费", "公用经费"]], [
        ["301", "工资福利支出", 920000, 920000, None],
        ["30101", "基本工资", 800000, 800000, None],
        ["30108", "机关事业单位基本养老保险缴费", 120000, 120000, None],
        ["302", "商品和服务支出", 200000, None, 200000],
        ["30201", "办公费", 180000, None, 180000],
        ["30217", "公务接待费", 20000, None, 20000],
        ["合计", None, 1120000, 920000, 200000]])
    t7 = sheet("表7 部门政府性基金预算支出功能分类预算表", "部门政府性基金预算支出功能分类预算表", "元", [
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]], [
        ["212", "城乡社区支出", 80000, None, 80000],
        ["21208", "国有土地使用权出让收入安排的支出", 80000, None, 80000],
        ["2120803", "城市建设支出", 80000, None, 80000],
        ["合计", None, 80000, None, 80000]])
    t8 = sheet("表8 部门国有资本经营预算支出功能分类预算表", "部门国有资本经营预算支出功能分类预算表", "元", [
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"]], [
        ["合计"], ["注：本部门无国有资本经营预算支出，故本表无数据"]])
    t9 = sheet("9", "部门“三公”经费和机关运行经费预算表", "万元", [
        ["“三公”经费预算数", None, None, None, None, None, "机关运行经费预算数"],
        ["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费"],
        [None, None, None, "小计", "购置费", "运行费"]], [
        [5, 0, 2, 3, 0, 3, 20]])
    return {s.name: s for s in (t1, t2, t3, t4, t5, t6, t7, t8, t9)}


def grid_of(sheets: dict) -> Grid:
    return Grid("示范区文化旅游局2025年部门预算.xlsx", sheets)


def found(grid: Grid, severities=(Severity.ERROR, Severity.WARNING)) -> set[tuple]:
    return {(f.code, f.ref.sheet, f.ref.cell) for f in validate(published_budget(grid), grid=grid)
            if f.severity in severities}


def at(sheets, name: str, label: str, col: str) -> str:
    """The cell in column `col` of the last row of sheet `name` holding `label` (合计: the body's, not
    the header's)."""
    rows = sheets[name].rows
    r = max(i for i, row in enumerate(rows) if any(str(v or "").replace(" ", "") == label for v in row))
    return f"{col}{r + 1}"


def put(sheets, name: str, label: str, col: str, value):
    cell = at(sheets, name, label, col)
    r, c = int(cell[1:]) - 1, ord(cell[0]) - 65
    row = sheets[name].rows[r]
    row += [None] * (c + 1 - len(row))
    row[c] = value
    return cell


T2, T3, T4, T5, T6, T7 = ("表2 2025年部门收入预算总表", "表3 部门支出预算总表", "表4 部门财政拨款收支预算总表",
                          "表5 部门一般公共预算支出功能分类预算表", "表6 部门一般公共预算基本支出部门预算经济分类预算表",
                          "表7 部门政府性基金预算支出功能分类预算表")


# -- the disclosure as typed: read, recognised, clean --------------------------------------------
def test_a_typed_shanghai_disclosure_is_published_and_checked_clean():
    grid = grid_of(tables())
    assert is_published(grid)
    b = published_budget(grid)
    assert (b.department.name, b.department.year) == ("示范区文化旅游局", 2025)
    out = validate(b, grid=grid)
    assert [f.code for f in out] == ["STR-50"]
    note = out[0]
    assert "上海部门预算样式的表1 部门财务收支预算总表、表2 部门收入预算总表" in note.message
    assert "「9」 部门“三公”经费和机关运行经费预算表" in note.message  # a sheet without a 表 number: its name


def test_a_sheet_named_table_1_with_a_shanghai_title_is_not_read_as_sichuans_table_1():
    from deptbudget.rules.sheets import present_table_sheets

    assert present_table_sheets(grid_of(tables())) == {}


def test_the_unit_set_titles_are_recognised():
    sheets = tables()
    sheets["表1"].rows[0][0] = "2025年单位财务收支预算总表"
    sheets["表1"].rows[1][0] = "编制单位：示范区文化馆"
    grid = grid_of(sheets)
    assert published_budget(grid).department.name == "示范区文化馆"
    assert found(grid) == set()


# -- one planted slip per rule, figures by hand --------------------------------------------------
def test_ari10_a_row_total_that_is_not_its_columns():
    s = tables()
    cell = put(s, T5, "行政运行", "E", 1000100)  # 基本 1,000,000 + 项目 0
    assert found(grid_of(s)) == {("ARI-10", T5, cell), ("ARI-11", T5, at(s, T5, "文化和旅游", "E"))}


def test_ari11_a_kuan_that_is_not_its_items_and_a_class_that_is_not_its_kuan():
    s = tables()
    c1 = put(s, T2, "文化和旅游", "C", "1,360,000")  # 款 10,000 more, its row still adds up
    c2 = put(s, T2, "文化和旅游", "D", "1,310,000")
    assert found(grid_of(s)) == {("ARI-11", T2, c1), ("ARI-11", T2, c2),  # 款 ≠ Σ项 (1,350,000 / 1,300,000)
                                 ("ARI-11", T2, at(s, T2, "文化旅游体育与传媒支出", "C")),  # 类 ≠ Σ款
                                 ("ARI-11", T2, at(s, T2, "文化旅游体育与传媒支出", "D"))}


def test_ari12_the_total_row_that_is_not_its_classes():
    s = tables()
    c1 = put(s, T7, "合计", "C", 8000)
    c2 = put(s, T7, "合计", "E", 8000)
    assert found(grid_of(s)) == {("ARI-12", T7, c1), ("ARI-12", T7, c2),
                                 ("XT-32", T4, at(s, T4, "支出总计", "F"))}  # 表4 基金 80,000 ≠ 表7 8,000


def test_ari13_the_sangong_total_and_a_rounding_difference_in_wan_yuan():
    s = tables()
    s["9"].rows[-1][0] = 5.1  # 0 + 3.00 + 2.00 = 5.00
    assert found(grid_of(s)) == {("ARI-13", "9", "A6")}
    s["9"].rows[-1][0] = 5.01  # parts printed to the cent in 万元: 2.004 + 3.004 → 5.01 is 尾差
    assert found(grid_of(s)) == set()
    assert ("ARI-13", "9", "A6") in found(grid_of(s), (Severity.INFO,))


def test_ari14_a_year_total_that_is_not_its_classes():
    s = tables()
    cell = put(s, "表1", "本年支出合计", "D", 1505000)
    assert found(grid_of(s)) == {("ARI-14", "表1", cell), ("ARI-14", "表1", at(s, "表1", "支出总计", "D")),
                                 ("XT-31", "表1", cell)}  # and 表3 合计 1,550,000


def test_xt30_an_income_of_table_1_that_table_2_does_not_show():
    s = tables()
    put(s, "表1", "二、事业收入", "B", 60000)
    put(s, "表1", "本年收入合计", "B", 1560000)
    cell = put(s, "表1", "收入总计", "B", 1560000)
    assert found(grid_of(s)) == {("XT-30", T2, at(s, T2, "合计", "E")), ("XT-30", T2, at(s, T2, "合计", "C")),
                                 ("ARI-14", "表1", cell)}  # 收入总计 1,560,000 ≠ 支出总计 1,550,000


def test_xt31_spending_shown_under_another_class_in_table_1():
    s = tables()
    c1 = put(s, "表1", "一、文化旅游体育与传媒支出", "D", 1340000)
    c2 = put(s, "表1", "二、社会保障和就业支出", "D", 130000)
    assert found(grid_of(s)) == {("XT-31", "表1", c1), ("XT-31", "表1", c2)}


def test_xt32_fund_money_under_the_wrong_class_in_table_4():
    s = tables()
    put(s, T4, "二、社会保障和就业支出", "D", 200000)
    c1 = put(s, T4, "二、社会保障和就业支出", "F", 80000)
    put(s, T4, "三、城乡社区支出", "D", None)
    c2 = put(s, T4, "三、城乡社区支出", "F", None)
    assert found(grid_of(s)) == {("XT-32", T4, c1), ("XT-32", T4, c2)}


def test_xt32_compares_a_table_in_wan_yuan_in_wan_yuan():
    s = tables()
    s[T7].rows[1][5] = "单位：万元"
    for r in s[T7].rows[3:]:
        r[2:] = [None if v is None else (v / 10000) for v in r[2:]]
    assert found(grid_of(s)) == set()  # 80,000 元 = 8.00 万元
    cell = put(s, T7, "合计", "C", 8.01)  # one figure shown twice (表4 8.00 万元): off by a cent is an error
    assert found(grid_of(s)) == {("XT-32", T4, at(s, T4, "支出总计", "F"))}
    assert ("ARI-12", T7, cell) in found(grid_of(s), (Severity.INFO,))  # 8.01 against the 类 8.00: 尾差


def test_xt33_basic_spending_of_table_5_against_table_6():
    s = tables()
    cell = put(s, T6, "合计", "C", 1121000)
    assert found(grid_of(s)) == {("XT-33", T5, at(s, T5, "合计", "F")), ("ARI-10", T6, cell), ("ARI-12", T6, cell)}


def test_xt34_fiscal_income_of_table_4_against_table_1():
    s = tables()
    cell = put(s, T4, "一、一般公共预算", "B", 1240000)
    assert found(grid_of(s)) == {("XT-34", T4, cell), ("ARI-14", T4, at(s, T4, "收入总计", "B"))}


def test_str51_a_shanghai_table_whose_header_is_not_understood():
    s = tables()
    s[T5].rows[2] = ["科目", None, None, "名称", "金额一", "金额二", "金额三"]
    s[T5].rows[3] = [None] * 7
    assert ("STR-51", T5, "") in found(grid_of(s))


# -- the tool's own export of any budget ---------------------------------------------------------
from test_narrative_draft_props import budgets, imported_code_list  # noqa: E402,F401  (autouse)


def exported(table_set: str, b) -> Grid:
    ts = get(table_set)
    made = all_tables(b, ts)
    return Grid("公开表.xlsx", {ts.table(k).sheet: SheetGrid(ts.table(k).sheet, [list(r) for r in
                                                                              layout(t, rounded=True).rows])
                               for k, t in made.items()})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                                  HealthCheck.function_scoped_fixture])
@given(budgets())
def test_any_budget_exported_with_the_shanghai_sets_validates_clean(b):
    grid = exported("上海部门预算", b)
    assert is_published(grid) and found(grid) == set()
    unit = unit_budgets(b)[0]
    assert found(exported("上海单位预算", unit)) == set()



# -- NAR-02 in 公开表 mode: a share written from the amounts before rounding ---------------------
def nar02_grid(text: str) -> Grid:
    """A 四川 公开表 of 测试局 2025: 208 类 1.004 万元 of 3.004 万元 (tables print 1.00 of 3.00), the
    情况说明 `text` pasted in."""
    from decimal import Decimal as D

    from test_shown_tables import grid_of as sichuan_grid

    from deptbudget.core.model import Budget, Department, ExpenseLine, Income, Source, SpendKind, Unit, UnitKind
    from deptbudget.template import spec

    u = "901001"
    lines = (ExpenseLine(u, "2080505", "30108", SpendKind.PERSONNEL, Source.GENERAL, D("1.004")),
             ExpenseLine(u, "2101101", "30110", SpendKind.PERSONNEL, Source.GENERAL, D("2")))
    b = Budget(Department("901", "测试局", 2025), (Unit(u, "测试局机关", UnitKind.ADMIN),),
               (Income(u, Source.GENERAL, D("3.004")),), lines)
    grid = sichuan_grid(all_tables(b))
    grid.sheets[spec.NARRATIVE_SHEET] = SheetGrid(spec.NARRATIVE_SHEET, [[line] for line in text.split("\n")])
    return grid


def nar02(grid: Grid) -> list[str]:
    return [f.ref.cell for f in validate(published_budget(grid), grid=grid) if f.code == "NAR-02"]


def test_nar02_allows_a_share_computed_before_the_tables_were_rounded():
    # 1.004 ÷ 3.004 = 33.422% → 33.42 (the office's own figures); 1.00 ÷ 3.00 = 33.33% (printed);
    # amounts within their printed cent give 0.995 ÷ 3.005 = 33.11% … 1.005 ÷ 2.995 = 33.56%
    assert nar02(nar02_grid("2025年收支预算总额3.00万元。其中：社会保障和就业支出1.00万元，占33.42%。")) == []
    # 35.00% is no rounding of these amounts
    assert nar02(nar02_grid("2025年收支预算总额3.00万元。其中：社会保障和就业支出1.00万元，占35.00%。")) == ["A1"]


def test_codes_written_with_their_names_in_one_cell_and_a_title_variant():
    s = tables()
    for row in s[T7].rows[3:6]:  # 「2120803 城市建设支出」 in the code column, the name column empty
        row[0:2] = [f"{row[0]} {row[1]}", None]
    s["9"].rows[0][0] = "2025年部门“三公”经费和机关运行费预算表"  # 运行费, as some platforms title it
    assert found(grid_of(s)) == set()
    cell = put(s, T7, "2120803城市建设支出", "C", 80100)
    assert found(grid_of(s)) == {("ARI-10", T7, cell), ("ARI-11", T7, at(s, T7, "21208国有土地使用权出让收入安排的支出", "C"))}
    s["9"].rows[-1][0] = 5.1
    assert ("ARI-13", "9", "A6") in found(grid_of(s))


def test_str52_a_row_with_amounts_but_no_code_is_named_and_the_table_sums_left_out():
    s = tables()
    for c in "ABC":  # 「行政运行」 without 207 | 01 | 01
        cell = put(s, T5, "行政运行", c, None)
    assert found(grid_of(s)) == {("STR-52", T5, f"A{cell[1:]}")}  # not ARI-11 on 20701 for a missing row


def test_a_surplus_used_in_table_1_is_not_compared_with_table_2s_total():
    s = tables()
    put(s, "表1", "收入总计", "B", 1560000)  # 本年收入 1,550,000 + 使用非财政拨款结余 10,000
    put(s, "表1", "支出总计", "D", 1560000)
    put(s, "表1", "本年支出合计", "D", 1550000)
    s["表1"].rows.insert(-1, ["使用非财政拨款结余", 10000, "结转下年", 10000])
    assert found(grid_of(s)) == set()


def test_the_note_names_the_shanghai_tables_that_are_missing():
    s = tables()
    del s[T7], s["表8 部门国有资本经营预算支出功能分类预算表"]
    out = validate(published_budget(grid_of(s)), grid=grid_of(s))
    assert [f.code for f in out] == ["STR-50"]
    assert "九张表中没有：部门政府性基金预算支出功能分类预算表、部门国有资本经营预算支出功能分类预算表" in out[0].message
    assert "九张表中没有" not in validate(published_budget(grid_of(tables())), grid=grid_of(tables()))[0].message


def test_a_fiscal_income_column_split_by_fund_is_not_taken_for_the_whole():
    s = tables()  # 表2 with 财政拨款收入 over 一般公共预算 | 政府性基金预算 (not the set's columns)
    rows = s[T2].rows
    rows[2] = ["项目", None, "收入预算"]
    rows[3] = ["科目编码", "科目名称", "合计", "财政拨款收入", None, "事业收入"]
    rows.insert(4, [None, None, None, "一般公共预算", "政府性基金预算"])
    general = {"207": 1300000, "20701": 1300000, "2070101": 1000000, "2070109": 300000, "208": 120000,
               "20805": 120000, "2080505": 120000, "合计": 1420000}
    for row in rows[5:]:
        total, fiscal, business = (row + [None] * 5)[2:5]
        g = general.get(row[0], 0)
        fund = int(str(fiscal).replace(",", "")) - g
        row[3:] = [g or None, fund or None, business]
    assert found(grid_of(s)) == set()  # the 1,500,000 of 财政拨款 is not compared with 一般公共预算 1,420,000


def test_a_body_row_named_like_a_column_with_blank_amounts_is_not_header():
    """Lines of 0.00 (hypothesis found it): 表6's rows print blank, 「30212 因公出国（境）费用」 among
    them — a 科目 row, not a header row naming the 三公 column."""
    from decimal import Decimal as D

    from deptbudget.core.model import Budget, Department, ExpenseLine, Income, Source, SpendKind, Unit, UnitKind

    u = "901001"
    b = Budget(Department("901", "测试局", 2031), (Unit(u, "测试局机关", UnitKind.ADMIN),),
               (Income(u, Source.GENERAL, D(0)),),
               (ExpenseLine(u, "2010101", "30101", SpendKind.PERSONNEL, Source.GENERAL, D(0)),
                ExpenseLine(u, "2010101", "30212", SpendKind.PUBLIC, Source.GENERAL, D(0))))
    assert found(exported("上海部门预算", b)) == set()


def test_a_class_of_table_1_is_matched_by_the_28_classes_when_the_code_list_lacks_it():
    """表1 names 「国有资本经营预算支出」 (223, not in the built-in code list); 表3 prints the code with
    another name: the same 类, matched by code."""
    from deptbudget.reference.codes import clear_cache

    s = tables()
    s["表1"].rows[6][2:4] = ["三、国有资本经营预算支出", 80000]  # was 城乡社区支出: 212 → 223 throughout
    for name in (T3, T7):
        for row in s[name].rows:
            if str(row[0]).startswith("212"):
                row[0] = "223" + str(row[0])[3:]
                row[3 if name == T3 else 1] = "（名称未知）"
    s[T4].rows[6][2] = "三、国有资本经营预算支出"
    clear_cache()
    assert ("XT-31", "表1", "D7") not in found(grid_of(s))
