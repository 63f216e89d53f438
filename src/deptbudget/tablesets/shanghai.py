"""上海 sets: the nine 部门预算 tables as Shanghai districts publish them, and the 单位预算 (the same
nine for one unit, 部门 → 单位 in the titles).

Learned from public code that reads Shanghai district disclosures — the table rules of
GovBudgetChecker (NINE_TABLE_RULES: titles and required headers) and the platform-workbook
mapping of tianbaoxitong (src/services/budgetMapping.js: 3.15/3.19/3.20/3.25 部门…, 2.15/2.18/2.25
单位…); no 上海市普陀区 2026 document was used. Amounts in 元 with two decimals (the tree's 万元
×10000, exactly, before rounding), 类/款/项 subtotal rows, titles with the year, 「编制部门：」.

After the nine tables, the 项目绩效目标申报表 (fill.performance_form): one form per project, its
indicators without weights (weight_total 「无」) and each 指标值 with the operator and the unit inside
(「≥90.00(%)」), as GovBudgetChecker's performance-form rule reads them; Shanghai districts publish
these forms after the tables (e.g. 青浦区 2018 单位预算, section 「七、绩效目标申报表」).
"""

from __future__ import annotations

from dataclasses import replace

from .base import SUBTOTALS, TOTAL_ONLY, USED_CLASSES, Narration, TableDef, TableSet

BASIC_PROJECT = ("合计", "基本支出", "项目支出")
SANGONG = ("合计", "因公出国（境）费", "公务用车购置及运行费", "公务用车购置费", "公务用车运行费",
           "公务接待费", "机关运行经费")

DEPT_TABLES = (
    TableDef("sh1", "表1", "部门财务收支预算总表", builder="grouped_income", rows=USED_CLASSES),
    TableDef("sh2", "表2", "部门收入预算总表", builder="functional", rows=SUBTOTALS,
             columns=("合计", "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入", "上年结转")),
    TableDef("sh3", "表3", "部门支出预算总表", builder="functional", rows=SUBTOTALS,
             columns=BASIC_PROJECT + ("上缴上级支出", "经营支出", "对附属单位补助支出")),
    TableDef("sh4", "表4", "部门财政拨款收支预算总表", builder="grouped_income", rows=USED_CLASSES,
             fund="fiscal", columns=("合计", "一般公共预算", "政府性基金", "国有资本经营预算")),
    TableDef("sh5", "表5", "部门一般公共预算支出功能分类预算表", builder="functional", rows=SUBTOTALS,
             columns=BASIC_PROJECT, fund="general"),
    TableDef("sh6", "表6", "部门一般公共预算基本支出部门预算经济分类预算表", builder="basic_economic",
             rows=SUBTOTALS, columns=("合计", "人员经费", "公用经费"), fund="general"),
    TableDef("sh7", "表7", "部门政府性基金预算支出功能分类预算表", builder="functional", rows=SUBTOTALS,
             columns=BASIC_PROJECT, fund="fund"),
    TableDef("sh8", "表8", "部门国有资本经营预算支出功能分类预算表", builder="functional", rows=SUBTOTALS,
             columns=BASIC_PROJECT, fund="soe"),
    TableDef("sh9", "表9", "部门“三公”经费和机关运行经费预算表", builder="sangong", rows=TOTAL_ONLY,
             columns=SANGONG, fund="fiscal"),
    # after the nine tables, one form per project (fill.performance_form); no weights
    TableDef("sh10", "附表", "项目绩效目标申报表", builder="perf_form"),
)

SOURCE = ("GovBudgetChecker 的九张表规则（NINE_TABLE_RULES）与 tianbaoxitong 的预算平台工作簿映射"
          "（src/services/budgetMapping.js）；未使用上海市普陀区 2026 年任何文件")

SHANGHAI_DEPT = TableSet(
    "上海部门预算", "部门", DEPT_TABLES, money_unit="元", decimals=2, source=SOURCE,
    dated_titles=True, subtitle_label="编制部门：", unit_wording="单位：", layout="上海", weight_total="无",
    narration=Narration("元", 2, thousands=True))  # the 情况说明 in the tables' 元, 1,234.50 元


def _unit_title(title: str) -> str:
    """部门财务收支预算总表 → 单位财务收支预算总表; 部门预算经济分类 (the code list's name) stays."""
    return "单位" + title[2:] if title.startswith("部门") else title


SHANGHAI_UNIT = replace(
    SHANGHAI_DEPT, name="上海单位预算", scope="单位", publication="单位预算", subtitle_label="编制单位：",
    counterpart=SHANGHAI_DEPT.name,
    tables=tuple(replace(t, title=_unit_title(t.title)) for t in DEPT_TABLES),
    source="上海部门预算的表式，按一个预算单位公开（标题「单位…」，如 2.15 单位收支总表）；" + SOURCE)
