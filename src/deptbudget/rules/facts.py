"""基本信息 across units: amounts and counts are summed over the units, a text is the
department's own; never one unit's value taken for all (rollup.facts, core.model.Facts)."""

from __future__ import annotations

from decimal import Decimal

from .common import show
from .prior import unit_names
from .registry import Hit, I, W, rule


def _show(item, value) -> str:
    return show(value) + " 万元" if item.kind == "money" else str(value)[:30]


@rule("FCT-01", I, "基本信息部门数与各单位之和不同",
      "「{label}」部门工作簿填写 {own}，各单位之和为 {units_sum}，按部门填写的数使用")
def fact_override(ctx):
    """部门工作簿「基本信息」B 列是部门自己的数，代替各单位（按单位编码分列）之和；两者不同时提示两个数。

    反例：部门填政府采购预算（货物）100 万元，三个单位合计 227 万元。
    正例：部门不填，按各单位之和 227 万元；或部门填 227 万元。
    """
    for item in ctx.fact_items:
        total = item.units_sum
        if item.own is not None and total is not None and Decimal(total) != Decimal(item.own):
            yield Hit(item.ref, {"label": item.label, "own": _show(item, item.own),
                                 "units_sum": _show(item, total), "key": item.key})


@rule("FCT-02", I, "基本信息只有部分单位填写",
      "「{label}」只有 {given} 填写（合计 {total}），{blank} 未填写，按 0 计入部门合计")
def fact_partial(ctx):
    """金额类基本信息（政府采购预算）按单位相加，有的单位没有填写时按 0 计入，提示核对是否漏填（车辆、设备等数量
    没有的单位通常不填，不提示）。

    反例：139001 填政府采购预算（服务）95 万元，139002、139003 未填写。
    正例：没有政府采购的单位填 0，或部门工作簿填写部门数。
    """
    for item in ctx.fact_items:
        if item.kind == "money" and item.own is None and item.blank:
            yield Hit(item.ref, {"label": item.label, "given": unit_names(ctx, list(item.units)),
                                 "total": _show(item, item.units_sum), "blank": unit_names(ctx, list(item.blank)),
                                 "units": list(item.blank)})


@rule("FCT-03", W, "基本信息文字未用于全部门",
      "部门工作簿没有填写「{label}」，{given} 填写的内容{why}，没有用作全部门的内容；请在部门工作簿「基本信息」填写")
def fact_text(ctx):
    """文字类基本信息（年度总体目标补充说明）是部门自己的：部门没有填写时，只有各单位都填了同样的内容才使用，
    不会把某一个单位的内容当作全部门的。

    反例：部门工作簿未填年度总体目标，139001 填了本单位的目标，139002 填了另一段，139003 未填。
    正例：部门工作簿「基本信息」填写全部门的年度总体目标。
    """
    for item in ctx.fact_items:
        if item.kind == "text" and item.own is None and item.units and item.value is None:
            why = "各不相同" if len(set(item.units.values())) > 1 else f"（{unit_names(ctx, list(item.blank))} 未填写）"
            yield Hit(item.ref, {"label": item.label, "given": unit_names(ctx, list(item.units)), "why": why,
                                 "units": list(item.units)})



PROCUREMENT = ("procurement_goods", "procurement_works", "procurement_services")


@rule("FCT-04", W, "中小企业预留金额超过政府采购预算",
      "「政府采购预算中预留中小企业金额」{sme} 万元，超过政府采购预算合计 {total} 万元（货物、工程、服务之和）")
def sme_share(ctx):
    """预留中小企业的金额是政府采购预算的一部分，不能大于货物、工程、服务三项之和（各自按单位相加，或部门填写的数）。

    反例：政府采购预算（货物）20、（服务）10 万元，预留中小企业金额 40 万元。
    正例：预留中小企业金额 24 万元（不超过 30 万元）。
    """
    facts = ctx.budget.facts
    sme = facts.get("procurement_sme")
    if sme is None:
        return
    total = sum((facts.get(k) or Decimal(0) for k in PROCUREMENT), Decimal(0))
    if sme > total:
        yield Hit(facts.ref("procurement_sme"), {"sme": show(sme), "total": show(total)})
