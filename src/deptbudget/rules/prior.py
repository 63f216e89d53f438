"""上年数 across units: the department's prior year is the sum of its units' (rollup.prior)."""

from __future__ import annotations

from .common import show
from .registry import Hit, I, W, rule


def unit_names(ctx, codes, most: int = 8) -> str:
    """「139002 社保局、139003 就业局」, the first `most` of them, then 等 N 个单位."""
    names = {u.code: u.name for u in ctx.budget.units}
    shown = [f"{c} {names.get(c, '')}".strip() for c in codes[:most]]
    return "、".join(shown) + (f" 等 {len(codes)} 个单位" if len(codes) > most else "")


@rule("PRI-01", W, "上年数只有部分单位填写",
      "「{item}」只有 {given} 填写了上年数，{missing} 没有填写：部门上年数无法合计，情况说明不写该项比上年增减；"
      "请补齐这些单位的上年数（没有则填 0），或在部门工作簿填写部门数（单位编码留空）")
def partial_prior(ctx):
    """部门的上年数是各单位上年数之和：有的单位填了某项、有的没填时，合计不完整，据此算出的比上年增减是错的，
    所以该项不写比上年增减，并列出没有填写的单位。部门工作簿中单位编码留空的行是部门数，填写后按部门数计算。

    反例：139001 填了上年「公务接待费 0.94」，139002、139003 的「上年数」中没有公务接待费。
    正例：三个单位都填了公务接待费的上年数（没有的填 0），或部门工作簿填了全部门的上年公务接待费。
    """
    for item in ctx.prior_items.values():
        if item.missing and item.own is None:
            yield Hit(item.unit_ref, {"item": item.item, "given": unit_names(ctx, list(item.units)),
                                      "missing": unit_names(ctx, list(item.missing)),
                                      "units": list(item.missing)})


@rule("PRI-02", I, "部门上年数与各单位之和不同",
      "「{item}」部门填写的上年数为 {own} 万元，各单位上年数之和为 {units_sum} 万元（差 {diff} 万元），"
      "比上年增减按部门填写的 {own} 万元计算")
def prior_override(ctx):
    """部门工作簿中单位编码留空的上年数是部门数，代替各单位上年数之和；两者不同时提示两个数，请核对是口径调整还是填错。

    反例：部门填上年「收支总预算 2537.58」，三个单位上年数之和 2500.00。
    正例：部门数与各单位之和相同，或只填各单位的上年数。
    """
    for item in ctx.prior_items.values():
        total = item.units_sum
        if item.own is not None and total is not None and total != item.own:
            yield Hit(item.own_ref, {"item": item.item, "own": show(item.own), "units_sum": show(total),
                                     "diff": show(item.own - total)}, refs=(item.unit_ref,) if item.unit_ref else ())
