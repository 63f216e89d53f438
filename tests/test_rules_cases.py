"""Minimal fixtures for every rule of the catalog: a clean department workbook (one unit, one
project) read back into a Grid once, and per rule a mutation that triggers it (bad) and one that
does not (good). test_rules_catalog.py runs them; this module also tests the base itself."""

from __future__ import annotations

import copy
from datetime import datetime
from decimal import Decimal as D
from functools import lru_cache

from deptbudget.core.model import (
    Budget,
    Department,
    ExpenseLine,
    Income,
    Indicator,
    PriorYear,
    Project,
    ProjectCategory,
    Source,
    SpendKind,
    Unit,
    UnitKind,
)
from deptbudget.io.grid import SheetGrid
from deptbudget.template import spec
from deptbudget.template.reader import find_header, read_budget

G = Source.GENERAL
PROJECT = "2024年测试项目"
NARRATIVE = """一、收支预算总体情况
测试部门 2024 年收入预算 110 万元，其中：一般公共预算拨款收入 110 万元。
支出预算 110 万元，其中：基本支出 80 万元，占支出预算 72.73%；项目支出 30 万元，占支出预算 27.27%。
财政拨款收支总预算 110 万元，比 2023 年增加 10 万元，主要原因是项目增加。
社会保障和就业（类）人力资源和社会保障管理事务（款）行政运行（项）2024 年预算数为 80 万元。
“三公”经费财政拨款预算数 4 万元，其中：公务用车运行维护费 4 万元，较 2023 年增加 1 万元，主要原因是油价上涨。
本部门 2024 年没有使用政府性基金预算拨款安排的支出。本部门 2024 年没有使用国有资本经营预算拨款安排的支出。
机关运行经费财政拨款预算为 20 万元，比 2023 年增加 2 万元，主要原因是人员增加。
2024 年本部门未安排政府采购预算。
截至 2023 年底，本部门国有资产占有使用情况：公务用车 1 辆。
开展绩效管理的项目 3 个，其中：人员类项目 1 个，运转类项目 1 个，特定目标类项目 1 个，均编制了绩效目标。"""


def ind(level1, level2, name, nature, value, measure, weight, project=PROJECT):
    return Indicator("139001", project, level1, level2, name, nature, value, measure,
                     None if weight is None else D(weight))


def base_budget() -> Budget:
    dept = Department("139", "测试部门", 2024, spec.TEMPLATE_VERSION, "部门")
    unit = Unit("139001", "测试部门本级", UnitKind.ADMIN, 10, 1)
    basic = (ExpenseLine("139001", "2080101", "30101", SpendKind.PERSONNEL, G, D("60")),
             ExpenseLine("139001", "2080101", "30201", SpendKind.PUBLIC, G, D("16")),
             ExpenseLine("139001", "2080101", "30231", SpendKind.PUBLIC, G, D("4")))
    pline = ExpenseLine("139001", "2080102", "", SpendKind.PROJECT, G, D("30"), PROJECT)
    project = Project("139001", PROJECT, "2080102", ProjectCategory.SPECIFIC, D("30"), G,
                      "2024年使用财政资金 30 万元，用于测试。", (pline,))
    inds = (ind("产出指标", "数量指标", "完成数量", "≥", "10", "个", 20),
            ind("产出指标", "质量指标", "验收合格率", "=", "100", "%", 20),
            ind("产出指标", "时效指标", "完成及时率", "=", "100", "%", 10),
            ind("成本指标", "经济成本指标", "测试项目预算控制数", "≤", "30", "万元", 10),
            ind("效益指标", "社会效益指标", "服务水平提高", "定性", "优", "", 20),
            ind("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥", "95", "%", 10))
    dept_inds = (ind("产出指标", "数量指标", "完成任务数", "≥", "5", "项", 45, ""),
                 ind("满意度指标", "服务对象满意度指标", "群众满意度", "≥", "95", "%", 45, ""))
    prior = tuple(PriorYear("", item, D(v)) for item, v in (
        ("收支总预算", "100"), ("财政拨款收支总预算", "100"), ("公务用车运行费", "3"), ("机关运行经费", "18")))
    facts = {"money_unit": "万元", "vehicle_purchase_plan": 0, "procurement_goods": 0,
             "procurement_works": 0, "procurement_services": 0}
    return Budget(dept, (unit,), (Income("139001", G, D("110")),), basic + (pline,), (project,), inds,
                  (), dept_inds, prior, facts)


@lru_cache(maxsize=1)
def _base_grid():
    import tempfile
    from pathlib import Path

    from deptbudget.io.read import read_grid
    from deptbudget.io.workbook_xlsx import build_workbook, save_workbook
    from deptbudget.rollup.tables import build_tables
    from deptbudget.rollup.tree import build_tree

    b = base_budget()
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "测试.xlsx"
        save_workbook(build_workbook("部门", b, build_tables(build_tree(b))), path)
        grid = read_grid(path)
    grid.file = "测试.xlsx"
    for key, rows in FILL_SHEETS.items():
        name = spec.TABLE_BY_KEY[key].sheet
        grid.sheets[name] = SheetGrid(name, [list(r) for r in rows])
    return grid


FILL_SHEETS = {  # minimal 表3-3, 表4-1, 表6, 表7 (the fill stage builds the real ones)
    "t3_3": [["一般公共预算“三公”经费支出预算表"], ["表3-3"], ["部门：测试部门", "", "", "", "", "", "", "金额单位：万元"],
             ["单位编码", "单位名称（科目）", "合计", "因公出国（境）费用", "公务用车购置及运行费", "", "", "公务接待费"],
             ["", "", "", "", "小计", "公务用车购置费", "公务用车运行费", ""],
             ["", "合 计", 4.0, None, 4.0, None, 4.0, None]],
    "t4_1": [["政府性基金预算“三公”经费支出预算表"], ["表4-1"], ["本表无数据"]],
    "t6": [["部门预算项目绩效目标表"], ["表6"], ["项目名称", "预算数"], [PROJECT, 30.0]],
    "t7": [["部门整体支出绩效目标表"], ["表7"], ["部门名称", "测试部门"],
           ["年度部门整体支出预算", "资金总额", "财政拨款", "其他资金"], ["", 110.0, 110.0, 0.0]],
}


def base_grid(narrative: str | None = None):
    grid = copy.deepcopy(_base_grid())
    if narrative is not None:
        grid.sheets[spec.NARRATIVE_SHEET] = SheetGrid(spec.NARRATIVE_SHEET, [[l] for l in narrative.split("\n")])
    return grid


# -- mutations -------------------------------------------------------------------------

SHEETS = {s.name: s for s in spec.INPUT_SHEETS}


def _col(grid, sheet_name, key):
    sheet = grid.sheets[sheet_name]
    hr, cols = find_header(sheet, SHEETS[sheet_name])
    return sheet, hr, cols[key]


def setc(grid, sheet_name, i, key, value):
    """Set column `key` of data row i (0-based) of an input sheet."""
    sheet, hr, c = _col(grid, sheet_name, key)
    row = sheet.rows[hr + 1 + i]
    row.extend([None] * (c + 1 - len(row)))
    row[c] = value
    return grid


def _external(grid, key):
    """The first 基本支出 line's cell `key` (None: a column the reader does not read) is a
    formula reading another workbook."""
    sheet, hr, c = _col(grid, "基本支出", "amount")
    sheet.external[(hr + 1, c if key else 40)] = "[1]基本支出!H4"
    return grid


def addrow(grid, sheet_name, values: dict):
    """Append a data row after the last filled one."""
    sheet = grid.sheets[sheet_name]
    hr, cols = find_header(sheet, SHEETS[sheet_name])
    r = hr + 1
    while r < len(sheet.rows) and any(v not in (None, "") for v in sheet.rows[r]):
        r += 1
    width = max(cols.values()) + 1
    if r >= len(sheet.rows):
        sheet.rows.append([None] * width)
    row = sheet.rows[r]
    row.extend([None] * (width - len(row)))
    for k, v in values.items():
        row[cols[k]] = v
    return grid


def info(grid, label, value):
    for row in grid.sheets[spec.INFO_SHEET].rows:
        if row and row[0] == label:
            row[1] = value
            return grid
    grid.sheets[spec.INFO_SHEET].rows.append([label, value])
    return grid


def unit_facts(grid, columns: dict):
    """基本信息 columns of unit facts, as a rolled-up department workbook has them:
    {unit code: {label: value}} (the header row of codes just above the first label)."""
    rows = grid.sheets[spec.INFO_SHEET].rows
    first = next(r for r, row in enumerate(rows) if row and row[0] == spec.INFO_KEYS[0][0])
    for j, (code, values) in enumerate(columns.items(), start=2):
        for r, row in enumerate(rows):
            row.extend([None] * (j + 1 - len(row)))
            if r == first - 1:
                row[j] = code
            elif row[0] in values:
                row[j] = values[row[0]]
    return grid


def _in_yuan(grid, office: float):
    """The base workbook declared in 元, every amount ×10000 but 基本支出 row 2 (办公费) = `office`."""
    info(grid, "金额单位", "元")
    for i, v in enumerate((600000.0, office, 40000.0)):
        setc(grid, "基本支出", i, "amount", v)
    setc(grid, "项目支出", 0, "amount", 300000.0)
    return setc(grid, "收入", 0, "amount", 1100000.0)


def second_unit(grid):
    return addrow(grid, "单位信息", {"unit": "139002", "name": "测试二所", "kind": "事业单位"})


def indicator_row(grid, name):
    sheet, hr, c = _col(grid, "项目绩效目标", "level3")
    for i, row in enumerate(sheet.rows[hr + 1:]):
        if len(row) > c and row[c] == name:
            return i
    raise KeyError(name)


def seti(grid, name, key, value, sheet="项目绩效目标"):
    if sheet == "项目绩效目标":
        return setc(grid, sheet, indicator_row(grid, name), key, value)
    s, hr, c = _col(grid, sheet, "level3")
    i = next(i for i, row in enumerate(s.rows[hr + 1:]) if len(row) > c and row[c] == name)
    return setc(grid, sheet, i, key, value)


def table_cell(grid, key, label, j_offset, value, col_label=None):
    """Set the cell `j_offset` columns right of the cell whose text is `label` in a 表 sheet."""
    sheet = grid.sheets[spec.TABLE_BY_KEY[key].sheet]
    for row in sheet.rows:
        for c, v in enumerate(row):
            if v == label:
                row.extend([None] * (c + j_offset + 1 - len(row)))
                row[c + j_offset] = value
                return grid
    raise KeyError(label)


def drop_sheet(grid, name):
    grid.sheets.pop(name)
    return grid


def _clear_rows(grid, name):
    """Keep an input sheet's header, drop every data row."""
    sheet, hr, _ = _col(grid, name, SHEETS[name].columns[0].key)
    del sheet.rows[hr + 1:]
    return grid


def add_sheet(grid, name, rows):
    grid.sheets[name] = SheetGrid(name, rows)
    return grid


def rename_sheet(grid, old, new):
    s = grid.sheets.pop(old)
    s.name = new
    grid.sheets[new] = s
    return grid


def settings_sheet(grid, **values):
    """A 设置 sheet like the template's: label, value, key (rules.settings.from_grid)."""
    grid.sheets["设置"] = SheetGrid("设置", [["", v, k] for k, v in values.items()])
    return grid


def narrative(text):
    return lambda g: base_grid(text)


def sub(old, new):
    assert old in NARRATIVE, old
    return NARRATIVE.replace(old, new)


def published(g):
    """The summary tables alone (公开表 mode): the input sheets and 基本信息 removed."""
    for name in (spec.INFO_SHEET, *SHEETS, spec.NARRATIVE_SHEET):
        g.sheets.pop(name, None)
    return g


def _published_cell(key, label, j_offset, value):
    return lambda g: table_cell(published(g), key, label, j_offset, value)


def _t12_header(g):
    """表1-2 with a header of its own (a system export's column names): its rows cannot be read."""
    for row in _table_rows(g, "t1_2"):
        if row[:3] == ["类", "款", "项"]:
            row[:3] = ["功能科目", "", ""]
    return g


def _shanghai(*slips, edit=None):
    """The 上海 nine tables typed in as a district prints them (test_shown_shanghai), with slips
    (sheet, row label, column, value): the base grid is not used."""
    def mutate(_g):
        from test_shown_shanghai import grid_of, put, tables

        s = tables()
        for slip in slips:
            put(s, *slip)
        if edit:
            edit(s)
        return grid_of(s)
    return mutate


SH_T4, SH_T5, SH_T6, SH_T7 = ("表4 部门财政拨款收支预算总表", "表5 部门一般公共预算支出功能分类预算表",
                              "表6 部门一般公共预算基本支出部门预算经济分类预算表", "表7 部门政府性基金预算支出功能分类预算表")


# -- the cases: code → (bad mutation, good mutation); each takes the base grid -------------

ident = lambda g: g  # noqa: E731
B, P, INC, IND, DIND = "基本支出", "项目支出", "收入", "项目绩效目标", "整体绩效指标"
T12 = "表1-2 部门支出总表"

CASES = {
    # reader checks
    "STR-01": (lambda g: drop_sheet(g, "单位信息"), ident),
    "STR-02": (lambda g: setc(g, INC, -1, "amount", "钱"), ident),
    "STR-03": (lambda g: info(g, "模板版本", "DB-0.9"), ident),
    "STR-04": (lambda g: info(g, "预算年度", "二〇二四"), lambda g: info(g, "预算年度", "2024年")),
    "STR-05": (lambda g: setc(g, INC, 0, "unit", "139009"), ident),
    "STR-06": (lambda g: rename_sheet(g, B, "基本支出（修改）"), ident),
    "STR-07": (lambda g: setc(g, B, 0, "source", None), ident),
    "STR-08": (lambda g: setc(g, B, 0, "source", "财政拨款"), ident),
    "STR-30": (lambda g: setattr(g.sheets[B], "visible", False) or g, ident),
    "STR-31": (lambda g: g.sheets[B].hidden_rows.add(3) or g, ident),
    "STR-32": (lambda g: g.sheets[B].merged.append((3, 1, 4, 1)) or g, lambda g: g.sheets[B].merged.append((0, 0, 0, 3)) or g),
    "AMT-01": (lambda g: setc(g, B, 0, "amount", "约五万"), ident),
    "AMT-02": (lambda g: setc(g, B, 0, "amount", "60"), lambda g: setc(g, B, 0, "amount", 60.0)),
    "AMT-03": (lambda g: setc(g, B, 0, "amount", "６０"), ident),
    "AMT-04": (lambda g: setc(g, B, 0, "amount", "1,060.00"), lambda g: setc(g, B, 0, "amount", 1060.0)),
    "AMT-05": (lambda g: setc(g, B, 0, "amount", -3.0), ident),
    "AMT-06": (lambda g: setc(g, B, 0, "amount", "60.1234567"), lambda g: setc(g, B, 0, "amount", 60.123456)),
    "AMT-07": (lambda g: setc(g, B, 0, "amount", "60万元"), ident),
    "AMT-08": (lambda g: setc(g, B, 0, "amount", datetime(2024, 5, 1)), ident),
    "AMT-09": (lambda g: setc(g, B, 0, "amount", "#REF!"), ident),
    "AMT-10": (lambda g: setc(g, B, 0, "amount", 1e12), ident),
    "AMT-11": (lambda g: _uncached(g), ident),
    "AMT-12": (lambda g: _external(g, "amount"), lambda g: _external(g, None)),
    "CODE-01": (lambda g: setc(g, B, 0, "func_code", "208O101"), ident),
    "CODE-02": (lambda g: setc(g, B, 0, "func_code", 2080101), ident),
    "CODE-03": (lambda g: setc(g, B, 0, "func_code", "208 01 01"), ident),
    # what the workbook's 设置 sheet silenced (SET-01) or set to other than the default (SET-02)
    "SET-01": (lambda g: settings_sheet(setc(g, B, 0, "amount", "60"), ignore="AMT-02"),
               lambda g: settings_sheet(g, ignore="AMT-02")),
    "SET-02": (lambda g: settings_sheet(g, rounding_tolerance="0.01"),
               lambda g: settings_sheet(g, rounding_tolerance="0.005")),
    "CODE-04": (lambda g: setc(g, B, 0, "func_code", "2080101\u200b"),
                lambda g: setc(g, B, 0, "func_code", "２０８０１０１")),
    "AMT-31": (lambda g: setc(g, B, 0, "amount", "60,00"), lambda g: setc(g, B, 0, "amount", "1,060.00")),
    "AMT-32": (lambda g: setc(g, B, 0, "amount", "(60)"), lambda g: setc(g, B, 0, "amount", "60")),
    "AMT-33": (lambda g: setc(g, B, 0, "amount", "60." + "0" * 20 + "1"),
               lambda g: setc(g, B, 0, "amount", "60.1234567")),
    "STR-40": (lambda g: _header(g, B, "note", "金额"), lambda g: _header(g, B, "note", "备注（说明）")),
    "STR-41": (lambda g: _copy_sheet(g, B, "基本支出 (2)", hide_original=True),
               lambda g: _copy_sheet(g, B, "基本支出 (2)")),
    "STR-42": (lambda g: _copy_sheet(g, B, "基本支出 - 副本"), ident),
    "STR-43": (lambda g: g.sheets[B].merged.append((3, 6, 3, 7)) or g,
               lambda g: g.sheets[B].merged.append((3, 8, 3, 9)) or g),
    "STR-44": (lambda g: _formats(g, {(3, 7): ";;;"}), lambda g: _formats(g, {(3, 7): "0.00;-0.00;"})),
    "STR-45": (lambda g: addrow(g, B, {"unit": "139001", "func_code": "2080101", "econ_code": "30101",
                                       "source": G.value, "amount": 60.0}),
               lambda g: addrow(g, B, {"unit": "139001", "func_code": "2080101", "econ_code": "30101",
                                       "source": G.value, "amount": 61.0})),
    "STR-46": (lambda g: setc(g, B, 0, "note", "长" * 32768), lambda g: setc(g, B, 0, "note", "长" * 32767)),
    # structure
    "STR-10": (lambda g: info(g, "金额单位", "千元"), lambda g: info(g, "金额单位", "元")),
    "FCT-04": (lambda g: info(g, "政府采购预算中预留中小企业金额", 5.0),
               lambda g: info(g, "政府采购预算中预留中小企业金额", 0.0)),
    "STR-17": (lambda g: info(g, "公开表样式", "上海"), lambda g: info(g, "公开表样式", "四川部门预算")),
    "STR-19": (lambda g: setc(g, B, 0, "kind_override", "公用经费"), lambda g: setc(g, B, 0, "kind_override", "人员经费")),
    "STR-11": (lambda g: addrow(g, "单位信息", {"unit": "139001", "name": "重复", "kind": "行政单位"}), ident),
    "STR-12": (lambda g: setc(g, P, 0, "goal", None), ident),
    "STR-13": (lambda g: addrow(g, "单位信息", {"unit": "139002", "name": "空单位", "kind": "事业单位"}), ident),
    "STR-14": (lambda g: _rename_project(g, "2023年测试项目"), lambda g: _rename_project(g, "测试项目")),
    "STR-15": (lambda g: addrow(info(g, "工作簿类型", "单位"), "单位信息", {"unit": "139002", "name": "二", "kind": "事业单位"}),
               lambda g: info(g, "工作簿类型", "单位")),
    "STR-16": (lambda g: seti(g, "完成数量", "project", "2024年测试"), ident),
    # codes
    "COD-01": (lambda g: setc(g, B, 0, "func_code", "20801"), ident),
    # a code the built-in list lacks is a 提示 when the workbook names it, else COD-12's 错误
    "COD-02": (lambda g: setc(setc(g, B, 0, "func_code", "2089998"), B, 0, "func_name", "测试科目"), ident),
    "COD-03": (lambda g: setc(g, B, 0, "econ_code", "301"), ident),
    "COD-04": (lambda g: setc(setc(g, B, 0, "econ_code", "30288"), B, 0, "econ_name", "测试经济科目"), ident),
    "COD-05": (lambda g: setc(g, B, 1, "econ_code", "31204"), lambda g: setc(g, B, 1, "econ_code", "31002")),
    "COD-06": (lambda g: setc(g, B, 1, "econ_code", "30902"), lambda g: setc(g, B, 1, "econ_code", "31002")),
    "COD-07": (lambda g: setc(g, B, 0, "func_name", "事业单位医疗"), lambda g: setc(g, B, 0, "func_name", "行政运行")),
    "COD-08": (lambda g: setc(g, P, 0, "func_code", "2080101"), ident),
    "COD-09": (lambda g: setc(g, B, 0, "econ_code", "30113"), lambda g: setc(setc(g, B, 0, "econ_code", "30113"), B, 0, "func_code", "2210201")),
    "COD-10": (lambda g: setc(g, B, 1, "econ_code", "31013"), ident),
    "COD-12": (lambda g: setc(setc(g, B, 0, "func_code", "2089998"), B, 0, "func_name", "（未知科目）"),
               lambda g: setc(setc(g, B, 0, "func_code", "2089998"), B, 0, "func_name", "测试科目")),
    "COD-11": (lambda g: addrow(g, P, {"unit": "139001", "project": "2024年公务用车运行维护项目", "category": "运转类",
                                      "func_code": "2080102", "econ_code": "30299", "source": "一般公共预算拨款收入",
                                      "amount": 2.0, "goal": "公务用车运行"}),
               lambda g: addrow(g, P, {"unit": "139001", "project": "2024年公务用车运行维护项目", "category": "运转类",
                                       "func_code": "2080102", "econ_code": "30231", "source": "一般公共预算拨款收入",
                                       "amount": 2.0, "goal": "公务用车运行"})),
    # amounts
    "AMT-20": (lambda g: setc(g, B, 1, "amount", 160000.0), lambda g: setc(g, B, 1, "amount", 16.0)),
    "AMT-21": (lambda g: setc(g, P, 0, "amount", 300000.0), ident),
    "AMT-22": (lambda g: setc(g, B, 1, "amount", 0.0), ident),
    "AMT-23": (lambda g: setc(g, "上年数", 0, "amount", 1000000.0), ident),
    # 元 workbook: 600000/160000/40000 元 and project 300000 元; 办公费 typed as 16 (万元): income
    # 1100000 元 ≠ spending, 16 元 < a thousandth of the median. Good: 160000 元, balanced.
    "AMT-24": (lambda g: _in_yuan(g, 16.0), lambda g: _in_yuan(g, 160000.0)),
    # project 300000 against its cost 「≤ 30 万元」 (goal without an amount, so AMT-21 is not the one);
    # good: 300000 against 「≤ 300000 万元」 (large, ratio 1)
    "AMT-25": (lambda g: setc(setc(g, P, 0, "goal", "用于测试"), P, 0, "amount", 300000.0),
               lambda g: seti(setc(g, P, 0, "amount", 300000.0), "测试项目预算控制数", "value", "300000")),
    # income typed in 元 (1100000 against spending 110); good: income short by the project's 30 (XT-04 only)
    "AMT-26": (lambda g: setc(g, INC, 0, "amount", 1100000.0), lambda g: setc(g, INC, 0, "amount", 80.0)),
    # arithmetic inside the shown tables
    "ARI-01": (lambda g: table_cell(g, "t1_2", "合 计", 1, 111.0), lambda g: table_cell(g, "t1_2", "合 计", 1, 110.0)),
    "ARI-02": (lambda g: _t12_unit(g, 90.0), lambda g: _t12_unit(g, 110.0)),
    "ARI-03": (lambda g: table_cell(g, "t3_1", "工资福利支出", 1, 61.0), ident),
    "ARI-04": (lambda g: table_cell(g, "t1_2", "合 计", 1, 100.0) and table_cell(g, "t1_2", "合 计", 2, 70.0), ident),
    "ARI-05": (lambda g: table_cell(g, "t1", "本年支出合计", 1, 120.0), ident),
    "ARI-06": (lambda g: add_sheet(g, "表9 部门三公经费和机关运行经费预算表", [["2024年部门“三公”经费和机关运行经费预算表"]]),
               lambda g: add_sheet(g, "表9 说明", [["本表无数据"]])),
    # between tables
    "XT-01": (lambda g: table_cell(g, "t1_2", "行政运行", 2, 70.0), ident),
    "XT-02": (lambda g: _drop_row(g, "t3_2", PROJECT), ident),
    "XT-03": (lambda g: _extra_row(g), ident),
    "XT-04": (lambda g: setc(g, INC, 0, "amount", 100.0), lambda g: setc(g, INC, 0, "amount", 110.004)),
    "XT-05": (lambda g: table_cell(g, "t1", "支出总计", 1, 100.0), ident),
    "XT-06": (lambda g: table_cell(g, "t1", "八、社会保障和就业支出", 1, 100.0), ident),
    "XT-07": (lambda g: table_cell(g, "t2", "社会保障和就业支出", 1, 100.0), ident),
    "XT-08": (lambda g: _t3_func(g, 70.0), ident),
    "XT-09": (lambda g: _t3_1_unit(g, 70.0), ident),
    "XT-10": (lambda g: _t3_2_func(g, 20.0), ident),
    "XT-11": (lambda g: _t3_total(g, 100.0), ident),
    "XT-12": (lambda g: _t3_3(g, 3.0), ident),
    "XT-13": (lambda g: _t6(g, 31.0), ident),
    "XT-14": (lambda g: _t7(g, 100.0), ident),
    # on the summary tables alone (公开表 mode: rules/shown_tables.py)
    "STR-50": (published, ident),
    "XT-20": (_published_cell("t2", "社会保障和就业支出", 2, 111.0), published),
    "XT-21": (_published_cell("t2", "一、本年支出", 2, 111.0), published),
    "XT-22": (_published_cell("t1", "一、一般公共预算拨款收入", 1, 111.0), published),
    "XT-23": (_published_cell("t2", "一般公共预算拨款收入", 1, 111.0), published),
    "XT-24": (_published_cell("t3_1", "基本工资", 2, 61.0), published),
    "XT-25": (lambda g: _t3_1_unit(published(g), 81.0), published),
    "XT-26": (lambda g: _t3_3(published(g), 3.0), published),
    "XT-27": (lambda g: _t7(published(g), 100.0), published),
    "XT-28": (_published_cell("t2", "社会保障和就业支出", 1, 111.0), published),
    "ARI-07": (_published_cell("t3_3", "合 计", 1, 5.0), published),
    "STR-51": (lambda g: _t12_header(published(g)), published),
    "ARI-10": (_shanghai((SH_T5, "行政运行", "E", 1000100)), _shanghai()),
    "ARI-11": (_shanghai(("表2 2025年部门收入预算总表", "文化和旅游", "C", "1,360,000")), _shanghai()),
    "ARI-12": (_shanghai((SH_T7, "合计", "C", 8000), (SH_T7, "合计", "E", 8000)), _shanghai()),
    "ARI-13": (_shanghai(edit=lambda s: s["9"].rows[-1].__setitem__(0, 5.1)), _shanghai()),
    "ARI-14": (_shanghai(("表1", "本年支出合计", "D", 1505000)), _shanghai()),
    "XT-30": (_shanghai(("表1", "二、事业收入", "B", 60000)), _shanghai()),
    "XT-31": (_shanghai(("表1", "一、文化旅游体育与传媒支出", "D", 1340000), ("表1", "二、社会保障和就业支出", "D", 130000)),
              _shanghai()),
    "XT-32": (_shanghai((SH_T4, "二、社会保障和就业支出", "F", 80000), (SH_T4, "三、城乡社区支出", "F", None)),
              _shanghai()),
    "XT-33": (_shanghai((SH_T6, "合计", "C", 1121000)), _shanghai()),
    "XT-34": (_shanghai((SH_T4, "一、一般公共预算", "B", 1240000)), _shanghai()),
    "STR-52": (_shanghai(*((SH_T5, "行政运行", c, None) for c in "ABC")), _shanghai()),
    "XT-15": (lambda g: _t1_1_total(g, 100.0), ident),
    # performance
    "PRF-01": (lambda g: _rename_indicator_project(g, "别的项目"), ident),
    "PRF-02": (lambda g: seti(seti(g, "服务水平提高", "level1", "产出指标"), "服务水平提高", "level2", "数量指标"), ident),
    "PRF-03": (lambda g: seti(seti(g, "测试项目预算控制数", "level1", "产出指标"), "测试项目预算控制数", "level2", "数量指标"), ident),
    "PRF-04": (lambda g: seti(g, "完成数量", "weight", 10.0), lambda g: seti(seti(g, "完成数量", "weight", 10.0), "完成及时率", "weight", 20.0)),
    "PRF-05": (lambda g: seti(g, "完成数量", "weight", None), ident),
    "PRF-06": (lambda g: seti(g, "完成数量", "value", "多个"), lambda g: seti(seti(g, "完成数量", "value", "多个"), "完成数量", "nature", "定性")),
    "PRF-07": (lambda g: seti(g, "完成数量", "measure", None), ident),
    "PRF-08": (lambda g: seti(g, "完成及时率", "value", "1000"), ident),
    "PRF-09": (lambda g: seti(g, "完成及时率", "nature", "≤"), lambda g: seti(g, "完成及时率", "nature", "≥")),
    "PRF-10": (lambda g: seti(g, "验收合格率", "nature", "≥"), ident),
    "PRF-11": (lambda g: seti(g, "测试项目预算控制数", "value", "70"), ident),
    "PRF-12": (lambda g: seti(g, "测试项目预算控制数", "value", "20"), ident),
    "PRF-13": (lambda g: seti(seti(g, "测试项目预算控制数", "value", "300000"), "测试项目预算控制数", "measure", "元"), ident),
    "PRF-14": (lambda g: setc(g, P, 0, "goal", "2024年使用财政资金 70 万元，用于测试。"), ident),
    "PRF-15": (lambda g: seti(g, "验收合格率", "level3", "完成数量"), ident),
    "PRF-16": (lambda g: seti(g, "完成及时率", "level1", "效益指标"), ident),
    "PRF-17": (lambda g: seti(g, "完成及时率", "level3", "完成准确率"), lambda g: seti(g, "验收合格率", "level3", "完成准确率")),
    "PRF-18": (lambda g: seti(g, "完成任务数", "weight", 40.0, sheet=DIND), ident),
    "PRF-19": (lambda g: seti(g, "服务对象满意度", "measure", "次"), ident),
    "PRF-20": (lambda g: seti(g, "完成数量", "nature", "大于"), ident),
    "PRF-21": (lambda g: _clear_rows(g, DIND), ident),
    "PRF-22": (lambda g: seti(seti(g, "测试项目预算控制数", "value", "100"), "测试项目预算控制数", "measure", "%"), ident),
    "PRF-23": (lambda g: seti(g, "完成数量", "measure", "44,561"), lambda g: seti(g, "完成数量", "measure", "个")),
    "PRF-24": (lambda g: seti(seti(seti(g, "服务对象满意度", "nature", "定性"), "服务对象满意度", "value", "明显提升"),
                              "服务对象满意度", "measure", None), ident),
    # 三公
    "SG-01": (lambda g: setc(g, "单位信息", 0, "vehicles", 0.0), ident),
    "SG-02": (lambda g: addrow(g, P, {"unit": "139001", "project": "2024年公务用车更新项目", "category": "特定目标类",
                                     "func_code": "2080102", "econ_code": "31013", "source": "一般公共预算拨款收入",
                                     "amount": 20.0, "goal": "购置公务用车"}),
              lambda g: info(addrow(g, P, {"unit": "139001", "project": "2024年公务用车更新项目", "category": "特定目标类",
                                           "func_code": "2080102", "econ_code": "31013", "source": "一般公共预算拨款收入",
                                           "amount": 20.0, "goal": "购置公务用车"}), "公务用车购置计划（辆）", 1.0)),
    "SG-03": (lambda g: setc(g, "上年数", 2, "item", "公务接待费"), ident),
    "SG-04": (lambda g: setc(g, B, 2, "econ_code", "30201"), ident),
    # 上年数 and 基本信息 across units
    "PRI-01": (lambda g: addrow(second_unit(g), "上年数", {"unit": "139001", "item": "公务接待费", "amount": 1.0}),
               lambda g: addrow(g, "上年数", {"unit": "139001", "item": "公务接待费", "amount": 1.0})),
    "PRI-02": (lambda g: addrow(g, "上年数", {"unit": "139001", "item": "收支总预算", "amount": 90.0}),
               lambda g: addrow(g, "上年数", {"unit": "139001", "item": "收支总预算", "amount": 100.0})),
    "FCT-01": (lambda g: unit_facts(g, {"139001": {"政府采购预算（货物）": 5.0}}),
               lambda g: unit_facts(g, {"139001": {"政府采购预算（货物）": 0.0}})),
    "FCT-02": (lambda g: unit_facts(info(second_unit(g), "政府采购预算（货物）", None),
                                    {"139001": {"政府采购预算（货物）": 5.0}, "139002": {}}),
               lambda g: unit_facts(info(second_unit(g), "政府采购预算（货物）", None),
                                    {"139001": {"政府采购预算（货物）": 5.0}, "139002": {"政府采购预算（货物）": 0.0}})),
    "FCT-03": (lambda g: unit_facts(second_unit(g), {"139001": {"年度总体目标（补充说明）": "甲"},
                                                     "139002": {"年度总体目标（补充说明）": "乙"}}),
               lambda g: unit_facts(second_unit(g), {"139001": {"年度总体目标（补充说明）": "甲"},
                                                     "139002": {"年度总体目标（补充说明）": "甲"}})),
    # narrative
    "NAR-01": (narrative(sub("基本支出 80 万元", "基本支出 85 万元")), narrative(NARRATIVE)),
    "NAR-02": (narrative(sub("72.73%", "72.74%")), narrative(NARRATIVE)),
    "NAR-03": (narrative(sub("72.73%", "72.7%").replace("27.27%", "27.1%")), narrative(sub("72.73%", "72.7%").replace("27.27%", "27.3%"))),
    "NAR-04": (narrative(sub("2024 年本部门未安排", "2023 年本部门未安排")), narrative(NARRATIVE)),
    "NAR-05": (narrative(sub("项目 3 个", "项目 5 个")), narrative(NARRATIVE)),
    "NAR-06": (narrative(sub("（款）行政运行（项）", "（款）一般行政管理事务（项）")), narrative(NARRATIVE)),
    "NAR-07": (narrative(sub("，主要原因是项目增加", "")), narrative(NARRATIVE)),
    "NAR-08": (narrative(sub("本部门 2024 年没有使用政府性基金预算拨款安排的支出。", "")), narrative(NARRATIVE)),
    "NAR-09": (narrative(sub("测试部门 2024", "XX 局 2024")), narrative(NARRATIVE)),
    "NAR-10": (narrative(sub("2024 年本部门未安排政府采购预算。", "2024 年政府采购预算 30 万元，其中：货物 10 万元、工程 0 万元、服务 15 万元。")),
               lambda g: info(info(base_grid(sub("2024 年本部门未安排政府采购预算。", "2024 年政府采购预算 30 万元，其中：货物 15 万元、工程 0 万元、服务 15 万元。")),
                                   "政府采购预算（货物）", 15.0), "政府采购预算（服务）", 15.0)),
    "NAR-11": (narrative(sub("预算为 20 万元", "预算为 25 万元")), narrative(NARRATIVE)),
    "NAR-12": (narrative(sub("增加 2 万元", "增加 5 万元")), narrative(NARRATIVE)),
    "NAR-14": (narrative(sub("比 2023 年增加 2 万元，主要原因是人员增加", "比 2023 年增加 2 万元，增长 20%，主要原因是人员增加")),
               narrative(sub("比 2023 年增加 2 万元，主要原因是人员增加", "比 2023 年增加 2 万元，增长 11.11%，主要原因是人员增加"))),
    "NAR-13": (narrative(sub("，较 2023 年增加 1 万元，主要原因是油价上涨", "")), narrative(NARRATIVE)),
    "NAR-15": (narrative(sub("比 2023 年增加 2 万元，主要原因是人员增加", "比 2023 年增加 2 万元，下降 11.11%，主要原因是人员增加")),
               narrative(sub("比 2023 年增加 2 万元，主要原因是人员增加", "比 2023 年增加 2 万元，增长 11.11%，主要原因是人员增加"))),
    # completeness
    "CMP-01": (lambda g: drop_sheet(g, spec.TABLE_BY_KEY["t6"].sheet), ident),
    "CMP-02": (narrative(sub("2024 年本部门未安排政府采购预算。", "")), narrative(NARRATIVE)),
    "CMP-03": (lambda g: _strip_notes(g, "t4"), ident),
    # engine
    "READ-01": (None, None),
    "SYS-01": (None, None),
}


def _header(g, sheet_name, key, text):
    sheet, hr, c = _col(g, sheet_name, key)
    sheet.rows[hr][c] = text
    return g


def _copy_sheet(g, name, copy_name, hide_original=False):
    """A visible copy of an input sheet (Excel's 「移动或复制」), the original hidden or not."""
    g.sheets[copy_name] = SheetGrid(copy_name, copy.deepcopy(g.sheets[name].rows))
    if hide_original:
        g.sheets[name].visible = False
    else:
        g.sheets[copy_name].visible = False if copy_name.endswith("(2)") else True
    return g


def _formats(g, cells):
    """基本支出 cells with these number formats (what io.xlsx_formats finds in an .xlsx)."""
    g.hidden_by_format = lambda name: cells if name == B else {}
    return g


def _uncached(g):
    from deptbudget.template.reader import UNCACHED

    return setc(g, B, 0, "amount", UNCACHED)


def _rename_project(g, name):
    setc(g, P, 0, "project", name)
    sheet, hr, c = _col(g, IND, "project")
    for row in sheet.rows[hr + 1:]:
        if len(row) > c and row[c] == PROJECT:
            row[c] = name
    return g


def _rename_indicator_project(g, name):
    sheet, hr, c = _col(g, IND, "project")
    for row in sheet.rows[hr + 1:]:
        if len(row) > c and row[c] == PROJECT:
            row[c] = name
    addrow(g, P, {})  # keep shape
    return g


def _table_rows(g, key):
    return g.sheets[spec.TABLE_BY_KEY[key].sheet].rows


def _find_row(g, key, pred):
    return next(row for row in _table_rows(g, key) if pred(row))


def _t12_unit(g, value):
    row = _find_row(g, "t1_2", lambda r: "测试部门本级" in [str(x) for x in r] and (len(r) < 4 or r[3] in (None, "")))
    row[5] = value
    return g


def _drop_row(g, key, label):
    rows = _table_rows(g, key)
    rows[:] = [r for r in rows if label not in [str(x) for x in r]]
    return g


def _extra_row(g):
    rows = _table_rows(g, "t1_2")
    rows.append(["208", "01", "99", "139001", "手工加的科目", 10.0, 10.0, None])
    return g


def _t3_func(g, value):
    row = _find_row(g, "t3", lambda r: "行政运行" in [str(x) for x in r])
    row[5] = value
    return g


def _t3_1_unit(g, value):
    row = _find_row(g, "t3_1", lambda r: len(r) > 2 and r[2] == "139001")
    row[4] = value
    return g


def _t3_2_func(g, value):
    row = _find_row(g, "t3_2", lambda r: "一般行政管理事务" in [str(x) for x in r])
    row[5] = value
    return g


def _t3_total(g, value):
    row = _find_row(g, "t3", lambda r: "合 计" in [str(x) for x in r])
    row[5] = value
    return g


def _t3_3(g, value):
    g.sheets[spec.TABLE_BY_KEY["t3_3"].sheet].rows[5][6] = value
    return g


def _t6(g, value):
    g.sheets[spec.TABLE_BY_KEY["t6"].sheet].rows[3][1] = value
    return g


def _t7(g, value):
    g.sheets[spec.TABLE_BY_KEY["t7"].sheet].rows[4][1] = value
    return g


def _t1_1_total(g, value):
    row = _find_row(g, "t1_1", lambda r: "合 计" in [str(x) for x in r])
    row[5] = value
    return g


def _strip_notes(g, key):
    rows = _table_rows(g, key)
    for row in rows:
        for c, v in enumerate(row):
            if isinstance(v, str) and ("无数据" in v or "空表" in v):
                row[c] = None
    return g


def run_grid(grid, settings=None):
    """Read and validate a grid as `deptbudget validate` does."""
    from deptbudget.rules import validate
    from deptbudget.rules.settings import load_settings
    from deptbudget.rules.shown_read import read_published_budget

    budget, found = read_published_budget(grid, *read_budget(grid))  # 公开表 too (shown_read)
    if budget is None:
        return found
    return validate(budget, grid, None, settings or load_settings(grid), found)


def test_base_is_clean():
    """The base fixture (with its 情况说明) has no finding at all: no rule raises a false alarm on it."""
    found = run_grid(base_grid(NARRATIVE))
    assert [(f.code, f.ref.sheet, f.ref.cell, f.message) for f in found] == []
