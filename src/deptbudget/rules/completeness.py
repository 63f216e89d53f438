"""Completeness: the disclosure's 14 tables, the 情况说明 sections the rules require, empty tables
marked as such."""

from __future__ import annotations

from decimal import Decimal

from ..core.model import CellRef
from ..template import spec
from .registry import E, Hit, W, rule

SECTIONS = (
    ("“三公”经费", ("三公",)),
    ("机关运行经费", ("机关运行经费",)),
    ("政府采购", ("政府采购",)),
    ("国有资产占有使用", ("国有资产",)),
    ("绩效目标", ("绩效目标", "预算绩效")),
)
FILLERS = {"t3_3": "deptbudget fill", "t4_1": "deptbudget fill", "t6": "deptbudget fill", "t7": "deptbudget fill"}


@rule("CMP-01", W, "缺少公开表", "工作簿中没有「{sheet}」；部门预算公开需要全部 14 张表{hint}", needs=("grid",))
def tables_present(ctx):
    """部门工作簿中一旦生成了公开表，就应有全部 14 张（表1 至表7，按目录顺序），没有数据的表列为空表并注明。
    只有录入表、尚未汇总的工作簿不检查。

    反例：部门工作簿有表1…表5，没有表3-3、表6、表7。
    正例：14 张表齐全。
    """
    present = ctx.table_sheets
    if not present:
        return
    for t in spec.TABLES:
        if t.key not in present:
            hint = f"（可用 {FILLERS[t.key]} 生成）" if t.key in FILLERS else "（可用 deptbudget rollup 生成）"
            yield Hit(CellRef(ctx.file, t.sheet, ""), {"sheet": t.sheet, "hint": hint})


@rule("CMP-02", E, "情况说明缺少必备内容", "情况说明中没有「{section}」的说明", needs=("narrative",))
def sections_present(ctx):
    """情况说明必须说明“三公”经费、机关运行经费、政府采购、国有资产占有使用和绩效目标（财预〔2016〕143号及公开目录）。

    反例：情况说明没有提到政府采购。
    正例：有“（二）政府采购情况”一段。
    """
    text = ctx.budget.narrative
    for section, words in SECTIONS:
        if not any(w in text for w in words):
            yield Hit(CellRef(ctx.file, spec.NARRATIVE_SHEET, ""), {"section": section})


@rule("CMP-03", W, "空表未注明", "「{sheet}」没有数据，应在表中注明“本表无数据”（空表也要公开）", needs=("grid",))
def empty_table_note(ctx):
    """没有数据的公开表（常见为表4 政府性基金、表5 国有资本经营、表4-1）仍要列出，并注明“本表无数据”或“空表”。

    反例：表4 只有表头和空的合计行，没有任何说明。
    正例：表4 下方注明“本表无数据”。
    """
    for _key, st in ctx.shown.items():
        if any(isinstance(v, Decimal) and v for r in st.rows for v in r.values):
            continue
        sheet = ctx.grid.sheet(st.sheet)
        texts = " ".join(str(v) for row in (sheet.rows if sheet else []) for v in row if v)
        if not any(w in texts for w in ("无数据", "空表", "没有", "无此项", "未安排")):
            yield Hit(CellRef(ctx.file, st.sheet, ""), {"sheet": st.sheet})
