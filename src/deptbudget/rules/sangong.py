"""三公经费: vehicles behind the running costs, purchases behind a plan, prior-year figures."""

from __future__ import annotations

from decimal import Decimal

from ..core.model import CellRef
from ..reference.codes import SANGONG
from ..template import spec
from .common import show
from .registry import E, Hit, I, W, rule


def _fact_int(ctx, key) -> int | None:
    v = ctx.budget.facts.get(key)
    try:
        return int(float(str(v).strip()))
    except (TypeError, ValueError):
        return None


@rule("SG-01", W, "无车却有公务用车运行费", "单位 {unit} 登记的公务用车为 0 辆，却安排了公务用车运行费 {amount} 万元")
def running_without_vehicle(ctx):
    """公务用车运行维护费（30231）只能用于单位在编的公务用车；登记为 0 辆车的单位不应有这笔钱。

    反例：139002 公务用车数量 0，基本支出 30231 公务用车运行维护费 2.00。
    正例：公务用车数量 1，运行维护费 4.00。
    """
    first = {}  # unit → its first 30231 line
    for l in ctx.budget.lines:
        if l.econ_code == "30231":
            first.setdefault(l.unit, l)
    for u in ctx.budget.units:
        if u.vehicles != 0:
            continue
        amount = ctx.tree.total(unit=u.code, econ="30231")
        if amount > 0:
            line = first.get(u.code) or next(l for l in ctx.budget.lines if l.unit == u.code and l.econ_code == "30231")
            yield Hit(line.ref, {"unit": u.code, "amount": show(amount)})


@rule("SG-02", E, "公务用车购置无购置计划", "安排了公务用车购置费 {amount} 万元，但「基本信息」的公务用车购置计划为 {plan} 辆")
def purchase_without_plan(ctx):
    """安排公务用车购置费（30913/31013）必须有经批准的购置计划（「基本信息」公务用车购置计划 ≥ 1 辆）。

    反例：项目支出 31013 公务用车购置 25 万元，购置计划 0 辆。
    正例：购置计划 1 辆。
    """
    amount = sum((ctx.tree.total(econ=c) for c in SANGONG["公务用车购置费"]), Decimal(0))
    plan = _fact_int(ctx, "vehicle_purchase_plan")
    if amount > 0 and not plan:
        yield Hit(ctx.info_cell("vehicle_purchase_plan"), {"amount": show(amount), "plan": plan or 0})


@rule("SG-03", W, "缺少三公经费上年数", "本年「{item}」{amount} 万元，「上年数」中没有该项，无法说明比上年增减")
def prior_missing(ctx):
    """情况说明要说明“三公”经费各项比上年的增减及原因，需要在「上年数」中填写各项上年预算数（没有则填 0）。

    反例：本年公务接待费 3.30，上年数表中没有「公务接待费」。
    正例：上年数「公务接待费 0.94」。
    """
    prior = set(ctx.prior_items)  # given by a unit or the department (a partial sum: PRI-01)
    for item, codes in SANGONG.items():
        amount = sum((ctx.tree.total(econ=c, fund="fiscal") for c in codes), Decimal(0))
        if amount > 0 and item not in prior:
            yield Hit(CellRef(ctx.file, spec.PRIOR.name, ""), {"item": item, "amount": show(amount)})


@rule("SG-04", I, "有车但没有运行费", "单位 {unit} 登记了 {n} 辆公务用车，但没有安排公务用车运行维护费")
def vehicle_without_running(ctx):
    """登记了公务用车的单位一般要安排运行维护费（燃油、保险、维修），否则可能漏编或车辆已处置未更新。

    反例：139001 公务用车 1 辆，没有 30231。
    正例：139001 公务用车 1 辆，30231 公务用车运行维护费 4.00。
    """
    for u in ctx.budget.units:
        if u.vehicles and ctx.tree.total(unit=u.code, econ="30231") == 0:
            yield Hit(u.ref, {"unit": u.code, "n": u.vehicles})
