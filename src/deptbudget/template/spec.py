"""The workbook layout: one source of truth for the generator, the reader and the writers.

Input sheets are found by name and their columns by header text (not by fixed addresses),
so inserted rows and columns do not break reading.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..tablesets import DEFAULT as DEFAULT_SET
from ..tablesets import SETS as TABLE_SETS
from ..tablesets import TableDef

TEMPLATE_VERSION = "DB-1.0"
TEMPLATE_NAME = "deptbudget 部门预算标准工作簿"


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    kind: str = "text"  # text | code | money | int | decimal | formula
    width: float = 14
    required: bool = False
    choices: str = ""  # name of a list (see LISTS) for a dropdown
    formula: str = ""  # for kind == "formula": template with {row} and column letters {c:key}
    note: str = ""  # shown as the header cell's comment


@dataclass(frozen=True)
class InputSheet:
    name: str
    table: str  # Excel table name (ASCII)
    columns: tuple[Column, ...]
    doc: str
    dept_only: bool = False

    def col(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def index(self, key: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.key == key)


UNIT = Column("单位编码", "unit", "code", 10, note="单位工作簿可留空（默认为本单位）；部门工作簿必填，如 139001")
FUNC_CODE = Column("功能分类科目编码", "func_code", "code", 12, True, "func_codes", note="7 位项级科目编码，如 2080101")
FUNC_NAME = Column("功能分类科目名称", "func_name", "formula", 26, formula="name_of_func")
ECON_CODE = Column("经济分类科目编码", "econ_code", "code", 12, False, "econ_codes",
                   note="5 位部门经济分类款级科目编码，如 30101")
ECON_NAME = Column("经济分类科目名称", "econ_name", "formula", 22, formula="name_of_econ")
SOURCE = Column("资金来源", "source", "text", 22, True, "sources")
AMOUNT = Column("金额", "amount", "money", 14, True,
                note="单位：「基本信息」的金额单位——万元（默认，最多 6 位小数）或元（最多 2 位小数）")

# Key/value sheet: label in column A, value in column B.
INFO_SHEET = "基本信息"
INFO_KEYS = (
    ("预算年度", "year", True),
    ("部门编码", "dept_code", True),
    ("部门名称", "dept_name", True),
    ("工作簿类型", "form", True),
    ("模板版本", "template_version", True),
    ("金额单位", "money_unit", False),
    ("公开表样式", "table_set", False),
    ("政府采购预算（货物）", "procurement_goods", False),
    ("政府采购预算（工程）", "procurement_works", False),
    ("政府采购预算（服务）", "procurement_services", False),
    ("政府采购预算中预留中小企业金额", "procurement_sme", False),
    ("公务用车购置计划（辆）", "vehicle_purchase_plan", False),
    ("定向保障用车（辆）", "vehicles_dedicated", False),
    ("单位价值200万元以上大型设备（台套）", "large_equipment", False),
    ("大型设备购置计划（台套）", "large_equipment_plan", False),
    ("年度总体目标（补充说明）", "dept_goal_text", False),
)
# The 基本信息 that are facts of a unit (the rest describe the workbook): amounts (万元) and
# counts are summed over the units at each roll-up level, a text is the department's own.
FACT_KINDS = {
    "procurement_goods": "money", "procurement_works": "money", "procurement_services": "money",
    "procurement_sme": "money",
    "vehicle_purchase_plan": "count", "vehicles_dedicated": "count",
    "large_equipment": "count", "large_equipment_plan": "count",
    "dept_goal_text": "text",
}

UNITS = InputSheet("单位信息", "T_Units", (
    Column("单位编码", "unit", "code", 10, True, note="6 位，如 139001；前 3 位为部门编码"),
    Column("单位名称", "name", "text", 36, True),
    Column("单位类型", "kind", "text", 26, True, "unit_kinds"),
    Column("在职人数", "headcount", "int", 10),
    Column("公务用车数量", "vehicles", "int", 12),
    Column("备注", "note", "text", 24),
), "每个预算单位一行。")

INCOME = InputSheet("收入", "T_Income", (
    UNIT,
    Column("收入类别", "source", "text", 28, True, "sources"),
    AMOUNT,
    Column("备注", "note", "text", 24),
), "按收入来源填列本年收入。")

BASIC = InputSheet("基本支出", "T_Basic", (
    UNIT, FUNC_CODE, FUNC_NAME,
    Column("经济分类科目编码", "econ_code", "code", 12, True, "econ_codes",
           note="5 位部门经济分类款级科目编码，如 30101"),
    ECON_NAME,
    Column("经费类型", "kind", "formula", 10, formula="kind_of_econ"),
    SOURCE, AMOUNT,
    Column("备注", "note", "text", 20),
    Column("指定经费类型", "kind_override", "text", 12, False, "spend_kinds",
           note="一般留空：301、303 为人员经费，其余为公用经费。本地口径不同（如 303 列公用经费）时选择本行的经费类型"),
), "基本支出按功能分类项级科目 × 部门经济分类款级科目逐行填列；人员经费/公用经费由经济分类自动判断，"
   "本地口径不同时在「指定经费类型」中选择。")

PROJECTS = InputSheet("项目支出", "T_Projects", (
    UNIT,
    Column("项目名称", "project", "text", 34, True),
    Column("项目类别", "category", "text", 12, True, "project_categories"),
    FUNC_CODE, FUNC_NAME, ECON_CODE, ECON_NAME, SOURCE, AMOUNT,
    Column("年度目标", "goal", "text", 50),
    Column("实施周期", "period", "text", 14, note="可留空；如「2025年」「2024—2026年」"),
    Column("项目总额", "total", "money", 14, note="可留空；跨年度项目的总预算，单位同「金额」"),
    Column("主管部门", "supervisor", "text", 20, note="可留空（默认为本部门）"),
    Column("实施单位", "implementer", "text", 20, note="可留空（默认为本单位）"),
), "每个项目一行或多行（按经济分类细化时每个经济科目一行，年度目标、实施周期、项目总额、主管部门、实施单位"
   "填在第一行）；经济分类可留空。")

def indicator_columns(level3_width: float) -> tuple[Column, ...]:
    """一级指标 … 权重: the same columns for project (表6) and department (表7) indicators."""
    return (
        Column("一级指标", "level1", "text", 12, True, "level1"),
        Column("二级指标", "level2", "text", 16, True, "level2"),
        Column("三级指标", "level3", "text", level3_width, True),
        Column("指标性质", "nature", "text", 9, True, "natures"),
        Column("指标值", "value", "text", 10, True),
        Column("度量单位", "measure", "text", 9),
        Column("权重", "weight", "decimal", 7),
    )


INDICATORS = InputSheet("项目绩效目标", "T_Indicators", (
    UNIT,
    Column("项目名称", "project", "text", 30, True),
    *indicator_columns(36),
    Column("指标方向性", "direction", "text", 10, False, "directions"),
), "每个指标一行，项目名称须与「项目支出」一致。")

PRIOR = InputSheet("上年数", "T_Prior", (
    UNIT,
    Column("项目", "item", "text", 30, True, "prior_items"),
    AMOUNT,
    Column("备注", "note", "text", 24),
    Column("功能分类科目编码", "func_code", "code", 12, False, "func_codes",
           note="可留空（该项目的总数）；填类、款或项级编码时为该科目的上年数，用于逐科目比上年"),
    Column("口径", "basis", "text", 12, False, "prior_bases", note="留空为上年预算数；上年执行数选「上年执行数」"),
), "上年预算数（或执行数），用于计算比上年增减。单位工作簿单位编码可留空（即本单位）；"
   "部门工作簿中单位编码留空的行为全部门数，代替各单位之和。")

DEPT_TASKS = InputSheet("整体绩效任务", "T_DeptTasks", (
    Column("任务名称", "name", "text", 30, True),
    Column("主要内容", "content", "text", 80),
), "表7 年度主要任务（可留空，由项目自动生成）。", dept_only=False)

DEPT_INDICATORS = InputSheet("整体绩效指标", "T_DeptIndicators", (
    *indicator_columns(40),
), "表7 部门整体绩效指标（部门自行填报的部分，原样保留）。")

INPUT_SHEETS = (UNITS, INCOME, BASIC, PROJECTS, INDICATORS, PRIOR, DEPT_TASKS, DEPT_INDICATORS)
SETTINGS_SHEET = "设置"
NARRATIVE_SHEET = "情况说明"  # generated, or pasted by the department
RESULTS_SHEET = "校验结果"

PRIOR_ITEMS = (
    "收支总预算", "财政拨款收支总预算", "一般公共预算当年拨款",
    "基本支出", "项目支出", "人员经费", "公用经费",
    "因公出国（境）费", "公务用车购置费", "公务用车运行费", "公务接待费",
    "机关运行经费",
    "政府性基金预算当年拨款", "国有资本经营预算当年拨款",
)
PRIOR_BASES = ("上年预算数", "上年执行数")

# Hidden sheets holding dropdown lists and code lists.
LISTS_SHEET = "_选项"
FUNC_LIST_SHEET = "_功能分类"
ECON_LIST_SHEET = "_经济分类"
LIST_VALUES = {
    "unit_kinds": ("行政单位", "参照公务员法管理事业单位", "事业单位"),
    "sources": (
        "一般公共预算拨款收入", "政府性基金预算拨款收入", "国有资本经营预算拨款收入",
        "事业收入", "事业单位经营收入", "其他收入",
        "上年结转（一般公共预算）", "上年结转（政府性基金预算）",
        "上年结转（国有资本经营预算）", "上年结转（其他资金）",
    ),
    "project_categories": ("人员类", "运转类", "特定目标类"),
    "level1": ("产出指标", "效益指标", "满意度指标", "成本指标"),
    "level2": (
        "数量指标", "质量指标", "时效指标",
        "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标",
        "服务对象满意度指标", "满意度指标",
        "经济成本指标", "社会成本指标", "生态环境成本指标",
    ),
    "natures": ("≥", "≤", "=", ">", "<", "定性"),
    "directions": ("正向", "反向", "中性"),
    "prior_items": PRIOR_ITEMS,
    "money_units": ("万元", "元"),
    "spend_kinds": ("人员经费", "公用经费"),
    "prior_bases": PRIOR_BASES,
    "table_sets": tuple(TABLE_SETS),
}
# 基本信息 rows offered a dropdown (key → list above)
INFO_CHOICES = {"money_unit": "money_units", "table_set": "table_sets"}


# The 14 disclosure tables, in the seed's 目录 order: the default table set's (tablesets.sichuan),
# whose titles also name the table sheets of a department workbook.
TableSheet = TableDef
TABLES = DEFAULT_SET.tables
TABLE_BY_KEY = {t.key: t for t in TABLES}
