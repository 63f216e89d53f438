"""The second golden department (issue 13): 川东市临江区生态环境局 2025, built here, not taken from
the example nor from a published document.

Three units of three kinds (行政 本级 / 参公 / 事业), income from 一般公共预算, 政府性基金, 事业收入 and
上年结转（一般公共预算）, 功能分类 codes outside the built-in list (a code list is imported), codes that
share the name 一般行政管理事务 under two 款, per-unit 上年数 (some rows with a blank 单位编码) and
per-unit 基本信息 facts, 三公 in every unit, projects with indicators.

This module holds the data and writes it into the project's empty 单位 template with openpyxl, the
way a finance officer fills the form. It imports nothing from deptbudget: the expected figures in
test_golden_dept2.py are worked out by hand from the data below.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

YEAR = 2025
DEPT_CODE = "305"
DEPT_NAME = "川东市临江区生态环境局"

G, F, B, C = "一般公共预算拨款收入", "政府性基金预算拨款收入", "事业收入", "上年结转（一般公共预算）"

UNITS = (  # code, name, kind, headcount, vehicles
    ("305001", "川东市临江区生态环境局", "行政单位", 42, 2),
    ("305002", "川东市临江区生态环境保护综合行政执法大队", "参照公务员法管理事业单位", 31, 3),
    ("305003", "川东市临江区生态环境监测站", "事业单位", 18, 1),
)

# 基本支出: unit → [(功能分类, 经济分类, 资金来源, 金额)]
BASIC = {
    "305001": [
        ("2110101", "30101", G, "98.765432"),
        ("2110101", "30102", G, "56.124"),
        ("2110101", "30103", G, "24.3355"),
        ("2110101", "30107", G, "40"),
        ("2110101", "30112", G, "1.234567"),
        ("2110101", "30201", G, "8.125"),
        ("2110101", "30211", G, "6.5"),
        ("2110101", "30217", G, "1.8"),
        ("2110101", "30228", G, "2.0045"),
        ("2110101", "30231", G, "4.25"),
        ("2110101", "30299", G, "3.3333"),
        ("2110101", "30305", G, "0.555"),
        ("2080505", "30108", G, "25.6789"),
        ("2080506", "30109", G, "12.839"),
        ("2101101", "30110", G, "11.9876"),
        ("2101103", "30111", G, "3.455"),
        ("2210201", "30113", G, "18.5185"),
    ],
    "305002": [
        ("2110101", "30101", G, "60.1234"),
        ("2110101", "30102", G, "30.0005"),
        ("2110101", "30103", G, "12.5"),
        ("2110101", "30201", G, "4.2"),
        ("2110101", "30211", G, "3.3"),
        ("2110101", "30217", G, "0.345"),
        ("2110101", "30231", G, "6"),
        ("2110101", "30239", G, "5.555"),
        ("2080505", "30108", G, "14.4444"),
        ("2101101", "30110", G, "6.6666"),
        ("2101103", "30111", G, "1.2"),
        ("2210201", "30113", G, "9.999"),
    ],
    "305003": [
        ("2111101", "30101", G, "35.2525"),
        ("2111101", "30107", B, "20"),
        ("2111101", "30201", G, "2.5"),
        ("2111101", "30205", B, "0.3"),
        ("2111101", "30206", B, "1.7"),
        ("2111101", "30217", B, "0.2"),
        ("2111101", "30231", G, "1.5"),
        ("2080505", "30108", G, "8.1234"),
        ("2080506", "30109", G, "4.0617"),
        ("2101102", "30110", G, "3.3333"),
        ("2210201", "30113", G, "5.05"),
    ],
}

# 项目支出: unit → [(项目名称, 类别, 功能分类, [(经济分类, 资金来源, 金额)], 年度目标)]
PROJECTS = {
    "305001": [
        ("2025年生态环境宣传教育项目", "特定目标类", "2110104",
         [("30202", G, "5"), ("30227", G, "7.125")],
         "开展六五环境日等生态环境宣传教育活动，提高公众生态环境保护意识。"),
        ("2025年农村生活污水治理项目", "特定目标类", "2110402",
         [("30227", G, "45.6789")],
         "完成 12 个行政村生活污水治理设施建设和运行维护，改善农村人居环境。"),
        ("2025年机关党建工作项目", "运转类", "2013202",
         [("30299", G, "3.6")],
         "开展机关党组织建设和党员教育培训，保障机关党建工作正常运转。"),
        ("2025年黑臭水体整治项目", "特定目标类", "2120899",
         [("30227", F, "150.5"), ("30231", F, "0.8")],
         "完成城区 3 条黑臭水体综合整治，消除黑臭水体。"),
    ],
    "305002": [
        ("2025年生态环境执法专项行动项目", "特定目标类", "2110102",
         [("30211", G, "10"), ("30213", G, "2.345"), ("30217", G, "0.6")],
         "开展大气、水、土壤污染防治执法专项行动，依法查处环境违法行为。"),
        ("2025年执法执勤用车购置项目", "特定目标类", "2110102",
         [("31013", G, "22")],
         "按批准的购置计划更新执法执勤用车 1 辆，保障执法工作。"),
        ("2025年执法装备购置项目", "特定目标类", "2110102",
         [("31003", C, "15.6")],
         "购置便携式快速检测等执法装备，提升现场执法能力。"),
    ],
    "305003": [
        ("2025年环境质量监测项目", "特定目标类", "2111101",
         [("30218", G, "18.888"), ("30227", G, "12")],
         "完成全区环境空气、地表水和土壤例行监测，按时发布监测数据。"),
        ("2025年社会化检测服务项目", "运转类", "2111101",
         [("30227", B, "9.99")],
         "承接社会委托检测业务，按时出具检测报告。"),
    ],
}

# 收入: unit → [(收入类别, 金额)]; each unit's income equals its spending, source by source.
INCOME = {
    "305001": [(G, "380.910199"), (F, "151.3")],
    "305002": [(G, "189.2789"), (C, "15.6")],
    "305003": [(G, "90.7089"), (B, "32.19")],
}

# 项目绩效目标: every project gets the same six kinds of indicator (weights total 90), with its
# own names; the 成本指标 states the project's budget.
def indicators(project: str, amount: str) -> list[tuple]:
    core = project.removeprefix(f"{YEAR}年")
    return [
        ("产出指标", "数量指标", f"{core.removesuffix('项目')}任务完成数", "≥", "3", "项", "20"),
        ("产出指标", "质量指标", f"{core.removesuffix('项目')}验收合格率", "≥", "95", "%", "20"),
        ("产出指标", "时效指标", f"{core.removesuffix('项目')}完成及时率", "=", "100", "%", "10"),
        ("效益指标", "社会效益指标", f"{core.removesuffix('项目')}社会效益", "定性", "优", "", "20"),
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥", "90", "%", "10"),
        ("成本指标", "经济成本指标", f"{core}预算控制数", "≤", amount, "万元", "10"),
    ]


def project_amount(unit: str, name: str) -> str:
    for p in PROJECTS[unit]:
        if p[0] == name:
            return str(sum((Decimal(a) for _, _, a in p[3]), Decimal(0)))
    raise KeyError(name)


# 上年数: unit → [(单位编码 as typed (blank = this unit), 项目, 金额)]. 305003 gives no
# 财政拨款收支总预算 (a unit that left an item out).
PRIOR = {
    "305001": [
        ("", "收支总预算", "540"),
        ("", "财政拨款收支总预算", "540"),
        ("", "一般公共预算当年拨款", "400"),
        ("", "基本支出", "300"),
        ("", "项目支出", "240"),
        ("", "人员经费", "250"),
        ("", "公用经费", "50"),
        ("", "因公出国（境）费", "0"),
        ("", "公务用车购置费", "0"),
        ("", "公务用车运行费", "4"),
        ("", "公务接待费", "2.5"),
        ("", "机关运行经费", "25.8"),
    ],
    "305002": [
        ("305002", "收支总预算", "230.5"),
        ("305002", "财政拨款收支总预算", "230.5"),
        ("305002", "一般公共预算当年拨款", "200.25"),
        ("305002", "基本支出", "150"),
        ("305002", "项目支出", "80.5"),
        ("305002", "人员经费", "130"),
        ("305002", "公用经费", "20"),
        ("305002", "因公出国（境）费", "0"),
        ("305002", "公务用车购置费", "0"),
        ("305002", "公务用车运行费", "6.5"),
        ("305002", "公务接待费", "0.5"),
        ("305002", "机关运行经费", "20.2"),
    ],
    "305003": [
        ("305003", "收支总预算", "118.6"),
        ("", "一般公共预算当年拨款", "86.3"),
        ("305003", "基本支出", "80"),
        ("305003", "项目支出", "38.6"),
        ("", "人员经费", "70"),
        ("", "公用经费", "10"),
        ("305003", "因公出国（境）费", "0"),
        ("305003", "公务用车购置费", "0"),
        ("305003", "公务用车运行费", "1.2"),
        ("305003", "公务接待费", "0.3"),
        ("305003", "机关运行经费", "0"),
    ],
}

# 基本信息 facts, per unit (label as in the template → value).
FACTS = {
    "305001": {"政府采购预算（货物）": "12.5", "政府采购预算（服务）": "30.25",
               "定向保障用车（辆）": "1", "单位价值200万元以上大型设备（台套）": "0",
               "年度总体目标（补充说明）": "本级单位的补充说明（不应出现在部门表7中）。"},
    "305002": {"政府采购预算（货物）": "40.6", "政府采购预算（服务）": "8",
               "公务用车购置计划（辆）": "1", "定向保障用车（辆）": "2"},
    "305003": {"政府采购预算（货物）": "18.888", "政府采购预算（工程）": "5.5",
               "政府采购预算（服务）": "12", "单位价值200万元以上大型设备（台套）": "1",
               "大型设备购置计划（台套）": "0"},
}

# What the department office types into the department workbook after the roll-up.
DEPT_GOAL_TEXT = "全面完成污染防治攻坚年度目标，持续改善全区生态环境质量。"
DEPT_TASKS = (
    ("污染防治攻坚", "开展黑臭水体整治、农村生活污水治理，推进大气、水、土壤污染防治"),
    ("生态环境执法", "开展生态环境执法专项行动，依法查处环境违法行为"),
    ("环境质量监测", "完成全区环境质量例行监测，按时发布监测信息"),
)
DEPT_INDICATORS = (  # 一级, 二级, 三级, 性质, 值, 单位, 权重
    ("产出指标", "数量指标", "完成治理的黑臭水体数量", "≥", "3", "条", "12"),
    ("产出指标", "质量指标", "执法案件办结率", "≥", "95", "%", "12"),
    ("产出指标", "时效指标", "监测数据按时发布率", "=", "100", "%", "12"),
    ("效益指标", "生态效益指标", "空气质量优良天数比率", "≥", "90", "%", "12"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥", "90", "%", "12"),
)
# the 经济成本指标 the office enters, as typed: one per project (weight 2, the amount to the fen)
# and the department's control figure, 财政拨款 only (一般公共预算 660.897999 + 政府性基金 151.3 +
# 上年结转 15.6 = 827.797999).
DEPT_COST = (
    ("生态环境宣传教育项目预算控制数", "12.13"), ("农村生活污水治理项目预算控制数", "45.68"),
    ("机关党建工作项目预算控制数", "3.6"), ("黑臭水体整治项目预算控制数", "151.3"),
    ("生态环境执法专项行动项目预算控制数", "12.95"), ("执法执勤用车购置项目预算控制数", "22"),
    ("执法装备购置项目预算控制数", "15.6"), ("环境质量监测项目预算控制数", "30.89"),
    ("社会化检测服务项目预算控制数", "9.99"),
)
CONTROL_NAME = f"{YEAR}年部门预算本级财政预算控制数"
CONTROL = ("827.8", 12)

# The year's code list as the office downloads it (a subset of the MOF 《政府收支分类科目》 2025).
CODE_LIST = (
    ("201", "一般公共服务支出"), ("20132", "组织事务"), ("2013201", "行政运行"),
    ("2013202", "一般行政管理事务"),
    ("208", "社会保障和就业支出"), ("20805", "行政事业单位养老支出"),
    ("2080505", "机关事业单位基本养老保险缴费支出"), ("2080506", "机关事业单位职业年金缴费支出"),
    ("210", "卫生健康支出"), ("21011", "行政事业单位医疗"), ("2101101", "行政单位医疗"),
    ("2101102", "事业单位医疗"), ("2101103", "公务员医疗补助"),
    ("211", "节能环保支出"), ("21101", "环境保护管理事务"), ("2110101", "行政运行"),
    ("2110102", "一般行政管理事务"), ("2110103", "机关服务"), ("2110104", "生态环境保护宣传"),
    ("21104", "自然生态保护"), ("2110402", "农村环境保护"),
    ("21111", "污染减排"), ("2111101", "生态环境监测与信息"),
    ("212", "城乡社区支出"), ("21208", "国有土地使用权出让收入安排的支出"),
    ("2120899", "其他国有土地使用权出让收入安排的支出"),
    ("221", "住房保障支出"), ("22102", "住房改革支出"), ("2210201", "住房公积金"),
)


def write_code_list(path: Path) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["科目编码", "科目名称"])
        w.writerows(CODE_LIST)
    return path


# -- filling the empty 单位 template -------------------------------------------------

def _put_rows(ws, rows: list[dict]) -> None:
    """Type rows under the sheet's header (found by its text, like the reader does)."""
    wanted = set().union(*rows)
    for header_row in range(1, 11):
        cols = {c.value: c.column for c in ws[header_row] if isinstance(c.value, str)}
        if wanted <= set(cols):
            break
    else:
        raise LookupError(f"{ws.title}: no header row with {sorted(wanted)}")
    for i, values in enumerate(rows):
        for header, value in values.items():
            ws.cell(header_row + 1 + i, cols[header]).value = value


def _money(text: str) -> float | int:
    """As a user types it: a number in the cell."""
    return int(text) if text.isdigit() else float(text)


def fill_unit(template: Path, unit: str, out: Path) -> Path:
    import openpyxl

    code, name, kind, headcount, vehicles = next(u for u in UNITS if u[0] == unit)
    wb = openpyxl.load_workbook(template)
    info = wb["基本信息"]
    facts = {"预算年度": YEAR, "部门编码": DEPT_CODE, "部门名称": DEPT_NAME, **FACTS[unit]}
    for r in range(1, info.max_row + 1):
        label = info.cell(r, 1).value
        if label in facts:
            value = facts[label]
            info.cell(r, 2).value = _money(value) if label.startswith(("政府采购", "公务用车", "定向",
                                                                      "单位价值", "大型")) else value
    _put_rows(wb["单位信息"], [{"单位编码": code, "单位名称": name, "单位类型": kind,
                              "在职人数": headcount, "公务用车数量": vehicles}])
    _put_rows(wb["收入"], [{"单位编码": unit, "收入类别": s, "金额": _money(a)} for s, a in INCOME[unit]])
    _put_rows(wb["基本支出"], [{"单位编码": unit, "功能分类科目编码": f, "经济分类科目编码": e,
                             "资金来源": s, "金额": _money(a)} for f, e, s, a in BASIC[unit]])
    rows, inds = [], []
    for project, category, func, lines, goal in PROJECTS[unit]:
        for k, (econ, source, amount) in enumerate(lines):
            rows.append({"单位编码": unit, "项目名称": project, "项目类别": category,
                         "功能分类科目编码": func, "经济分类科目编码": econ, "资金来源": source,
                         "金额": _money(amount), "年度目标": goal if k == 0 else None})
        for i in indicators(project, project_amount(unit, project)):
            inds.append(dict(zip(("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位",
                                  "权重"), i[:6] + (_money(i[6]),), strict=True), 单位编码=unit, 项目名称=project))
    _put_rows(wb["项目支出"], rows)
    _put_rows(wb["项目绩效目标"], inds)
    _put_rows(wb["上年数"], [{"单位编码": u or None, "项目": item, "金额": _money(a)}
                           for u, item, a in PRIOR[unit]])
    wb.save(out)
    return out


def fill_department(workbook: Path) -> None:
    """What the office types into the rolled-up department workbook: its own 年度总体目标 text,
    the 整体绩效 tasks and indicators (表7)."""
    import openpyxl

    wb = openpyxl.load_workbook(workbook)
    info = wb["基本信息"]
    for r in range(1, info.max_row + 1):
        if info.cell(r, 1).value == "年度总体目标（补充说明）":
            info.cell(r, 2).value = DEPT_GOAL_TEXT
    _put_rows(wb["整体绩效任务"], [{"任务名称": n, "主要内容": c} for n, c in DEPT_TASKS])
    heads = ("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重")
    rows = [dict(zip(heads, i[:6] + (_money(i[6]),), strict=True)) for i in DEPT_INDICATORS]
    rows += [dict(zip(heads, ("成本指标", "经济成本指标", name, "≤", value, "万元", 2), strict=True))
             for name, value in DEPT_COST]
    rows.append(dict(zip(heads, ("成本指标", "经济成本指标", CONTROL_NAME, "≤", CONTROL[0], "万元", CONTROL[1]),
                         strict=True)))
    _put_rows(wb["整体绩效指标"], rows)
    wb.save(workbook)


def fill_placeholders(workbook: Path, out: Path) -> Path:
    """What the office does with the draft 情况说明 before publishing: every 〔请填写…〕 the tool
    left is replaced by the office's own words."""
    import re

    import openpyxl

    wb = openpyxl.load_workbook(workbook)
    ws = wb["情况说明"]
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and "〔请填写" in c.value:
                c.value = re.sub(r"〔请填写([^〕]*)〕", lambda m: "人员和业务调整" if "原因" in m.group(1)
                                 else "负责全区生态环境保护的统一监督管理", c.value)
    wb.save(out)
    return out
