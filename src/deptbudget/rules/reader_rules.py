"""Catalog entries for the checks made while reading (template.cellcheck.READER_RULES) and for
the engine's own codes. Their checks live in the reader; here they get their documentation."""

from __future__ import annotations

from ..template.cellcheck import READER_RULES
from .registry import CATEGORIES, E, Rule, register

DOCS = {
    "STR-01": ("标准模板的录入工作表（单位信息、收入、基本支出、项目支出、项目绩效目标、基本信息）必须都在。",
               "工作簿里没有「基本支出」工作表。", "六张录入表齐全。"),
    "STR-02": ("录入表要有表头行，且包含全部必填列（按表头文字查找，列的位置可以移动）。",
               "「收入」表删掉了「金额」列。", "表头包含 单位编码、收入类别、金额。"),
    "STR-03": ("「基本信息」的模板版本必须是本程序使用的版本，旧模板的列可能不同。",
               "模板版本「DB-0.9」。", "模板版本「DB-1.0」。"),
    "STR-04": ("「基本信息」的预算年度、部门编码、部门名称必须填写且有效。",
               "预算年度写成「二〇二四」。", "预算年度 2024。"),
    "STR-05": ("单位编码为 6 位数字，前 3 位是部门编码，并在「单位信息」中登记；部门工作簿每行都要填单位编码。",
               "单位编码 13901（5 位），或收入表写了未登记的 139009。", "139001，已在「单位信息」登记。"),
    "STR-06": ("工作表名称与标准名称只差空格/全角字符或多了字样时，按相近的表读取并提示核对。",
               "工作表名为「基本支出（修改）」。", "工作表名为「基本支出」。"),
    "STR-07": ("必填列（如功能分类科目编码、资金来源、金额、项目名称）不能留空。",
               "基本支出某行金额为空。", "每行的必填列都已填写。"),
    "STR-08": ("下拉选项列（单位类型、收入类别、资金来源、项目类别）只能填列表中的值。",
               "资金来源写成「财政拨款」。", "资金来源「一般公共预算拨款收入」。"),
    "AMT-01": ("金额单元格必须是数字。", "金额写成「约五万」。", "金额 5。"),
    "AMT-02": ("数字不要存成文本（单元格左上角绿色三角）：求和公式会漏掉它。", "金额是文本「12.5」。", "金额是数值 12.5。"),
    "AMT-03": ("金额不能含全角数字。", "金额「１２.５」。", "金额 12.5。"),
    "AMT-04": ("金额不能是带千位分隔符的文本。", "金额是文本「1,234.50」。", "金额是数值 1234.5（显示格式可带千位分隔符）。"),
    "AMT-05": ("预算金额不能为负数。", "金额 -3。", "金额 3。"),
    "AMT-06": ("万元金额最多保留 6 位小数（即精确到分）。", "金额 1.2345678。", "金额 1.234567。"),
    "AMT-07": ("金额单元格只填数字，单位统一为万元，不要写“元”“万元”等字样。", "金额「5万元」。", "金额 5。"),
    "AMT-08": ("金额单元格不能是日期或 TRUE/FALSE。", "金额被 Excel 识别成日期 2024-05-01。", "金额 5。"),
    "AMT-09": ("金额单元格不能是公式错误值（#REF!、#DIV/0! 等）。", "金额显示 #REF!。", "公式计算出 5。"),
    "AMT-10": ("单行金额超过 1 万亿元（1e10 万元）视为录入错误。", "金额 1e12。", "金额 1200。"),
    "CODE-01": ("科目编码只能由数字组成，不能有小数。", "功能分类编码「208O101」（字母 O）。", "2080101。"),
    "CODE-02": ("编码应存为文本：存成数字会丢掉前导零，也无法与科目表匹配。", "编码为数值 2080101。", "编码为文本「2080101」。"),
    "CODE-03": ("编码不能含空格、全角数字或连字符。", "「208 01 01」。", "「2080101」。"),
}

ENGINE = (
    Rule("READ-01", CATEGORIES["READ"], E, "无法读取文件", "无法读取文件 {file}：{reason}",
         "文件无法打开或不是预算工作簿（损坏、加密、旧版 .xls、改了扩展名等），整个文件不能校验；命令退出码为 2。\n\n"
         "反例：把 .docx 改名为 .xlsx 后校验。\n正例：用标准模板生成并填写的 .xlsx。"),
    Rule("SYS-01", CATEGORIES["SYS"], E, "规则内部错误",
         "校验规则 {rule} 运行出错（{error}），该规则的检查未完成，请把此信息报告给开发者",
         "某条规则在运行中出错时，不中断其他规则，而是报告这一条内部错误。\n\n"
         "反例：规则遇到意外数据而崩溃。\n正例：所有规则正常运行完毕。"),
)


def _register() -> None:
    from ..template import cellcheck

    scan = getattr(cellcheck, "SCAN_RULES", {})  # checks for broken/hostile files (issue 7)
    docs = {**DOCS, **getattr(cellcheck, "SCAN_DOCS", {})}
    for code, (severity, name, template) in {**READER_RULES, **scan}.items():
        explanation, bad, good = docs.get(code, (name, "", ""))
        doc = f"{explanation}（读取时检查）" + (f"\n\n反例：{bad}\n正例：{good}" if bad else "")
        register(Rule(code, CATEGORIES[code.split("-")[0]], severity, name, template, doc))
    for r in ENGINE:
        register(r)


_register()
