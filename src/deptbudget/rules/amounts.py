"""Amounts: magnitude slips (元 entered where 万元 is expected), empty lines."""

from __future__ import annotations

from decimal import Decimal
from operator import attrgetter
from statistics import median

from ..core.money import YUAN, from_wan
from ..rollup.facts import entry_units
from ..template import spec
from .common import show
from .performance import cost_wan, is_cost, written_number
from .registry import Hit, I, W, rule

SLIP = Decimal(10000)
ZERO = Decimal(0)


@rule("AMT-20", W, "金额疑似以元填报", "金额 {amount} 万元比本单位其他明细（中位数 {median} 万元）大 {ratio} 倍以上，疑似按元填报；按万元应为 {as_wan}")
def magnitude_slip(ctx):
    """金额单位是万元。某一行比同一单位其他明细大上千倍，且本身不小于 1 万（万元），而这样的金额对它的科目和
    单位又不合常理，多半是把元填进了万元栏。项目、资本性支出、对企业补助、政府性基金和国有资本经营预算的行
    可以很大：本单位收入与支出相符（钱确实在）时不报。

    反例：139001 其他明细都在 0.01～300 万元之间，某行 30201 办公费填 35000（实为 3.5 万元）。
    正例：该行填 3.5；某区住建局政府性基金项目 257000 万元（25.7 亿元），本单位收入合计与支出相符。
    """
    if max(map(attrgetter("amount"), ctx.budget.lines), default=ZERO) < SLIP:
        return  # no line is large enough to be a slip: the usual case, found in one quick pass
    yuan = _yuan_files(ctx)  # a workbook entered in 元 has no 元 slips: its amounts were converted
    by_unit: dict[str, list] = {}
    for line in ctx.budget.lines:
        if line.ref.file not in yuan:
            by_unit.setdefault(line.unit, []).append(line)
    for lines in by_unit.values():
        positive = [l.amount for l in lines if l.amount > 0]
        if len(positive) < 3 or max(positive) < SLIP:
            continue  # none of this unit's lines is large enough: no median to work out
        mid = Decimal(median(positive))  # one outlier barely moves the median
        least = max(SLIP, mid * 1000)  # a slip is at least this large
        backed = _balanced(ctx, lines)
        for line in lines:
            if mid > 0 and line.amount >= least and not (backed and _may_be_large(line)):
                sheet = spec.BASIC if line.kind.is_basic else spec.PROJECTS
                yield Hit(ctx.column_cell(line.ref, sheet, "amount"),
                          {"amount": show(line.amount), "median": show(mid), "ratio": 1000,
                           "as_wan": show(line.amount / SLIP)})


def _yuan_files(ctx) -> frozenset:
    """The workbooks whose 金额单位 is 元 (rollup.facts.entry_units)."""
    return frozenset(f for f, unit in entry_units(ctx.budget).items() if unit == YUAN)


@rule("AMT-24", W, "元工作簿中金额疑似按万元填报",
      "本工作簿金额单位为元，本行 {amount} 元比本单位其他明细（中位数 {median} 元）小 {ratio} 倍以上，"
      "本单位收支也不相等，疑似按万元填报；按元应为 {as_yuan} 元")
def magnitude_slip_yuan(ctx):
    """「基本信息」金额单位为元的工作簿，某行比同一单位其他明细小上千倍、不足 1 万元，而本单位收入与支出
    又不相等，多半是把万元数填进了元工作簿（读取时再除以一万）。

    反例：金额单位为元，139001 其他明细 20 万～60 万元，某行 30201 办公费填 3.5（实为 3.5 万元），收支差 34996.5 元。
    正例：该行填 35000；或金额单位为万元的工作簿该行填 3.5。
    """
    yuan = _yuan_files(ctx)
    if not yuan:
        return
    by_unit: dict[tuple, list] = {}
    for line in ctx.budget.lines:
        if line.ref.file in yuan:
            by_unit.setdefault((line.ref.file, line.unit), []).append(line)
    for lines in by_unit.values():
        positive = [l.amount for l in lines if l.amount > 0]
        if len(positive) < 3 or _balanced(ctx, lines):
            continue
        mid = Decimal(median(positive))
        for line in lines:
            if 0 < line.amount < 1 and line.amount * 1000 <= mid:  # below 1 万元, a thousandth of the median
                sheet = spec.BASIC if line.kind.is_basic else spec.PROJECTS
                yield Hit(ctx.column_cell(line.ref, sheet, "amount"),
                          {"amount": show(from_wan(line.amount, YUAN)), "median": show(from_wan(mid, YUAN)),
                           "ratio": 1000, "as_yuan": show(from_wan(line.amount * SLIP, YUAN))})


LARGE_ECON = ("309", "310", "311", "312", "313", "399")  # 资本性支出, 对企业补助, 债务, 其他支出


def _may_be_large(line) -> bool:
    """A line whose 科目 and money can plausibly run to hundreds of millions."""
    return (not line.kind.is_basic or (line.econ_code or "").startswith(LARGE_ECON)
            or line.source.fund_type in ("fund", "soe"))


def _balanced(ctx, lines) -> bool:
    """The unit's income equals its spending, the large line included: the money is there."""
    unit = lines[0].unit
    income = sum((i.amount for i in ctx.budget.incomes if i.unit == unit), ZERO)
    return income > 0 and abs(income - sum((l.amount for l in lines), ZERO)) <= ctx.settings.tolerance(len(lines))


@rule("AMT-21", W, "项目金额与年度目标差一万倍", "项目「{project}」金额 {amount} 万元，年度目标写的是 {goal} 万元，相差一万倍，疑似元/万元填错")
def goal_magnitude(ctx):
    """项目金额与年度目标中写的资金数相差正好一万倍，说明其中一处把元当成了万元。

    反例：项目金额 50000，年度目标“使用财政资金 5 万元”。
    正例：项目金额 5，年度目标“使用财政资金 5 万元”。
    """
    for p in ctx.budget.projects:
        for a in ctx.goal_amounts[p.goal]:
            if a.wan and (p.amount == a.wan * SLIP or p.amount * SLIP == a.wan):
                yield Hit(ctx.project_cell(p, "amount"), {"project": p.name, "amount": show(p.amount),
                                                          "goal": show(a.wan)})
                break


@rule("AMT-22", I, "金额为零的行", "本行金额为 0，不影响合计；如无此项支出可删除本行")
def zero_line(ctx):
    """金额为 0 的明细行不影响合计，但会在公开表中留下空行，通常应删除。

    反例：基本支出一行 30216 培训费 0。
    正例：没有培训费就不填这一行。
    """
    if ZERO in map(attrgetter("amount"), ctx.budget.lines):  # one quick pass first: usually none is
        for line in ctx.budget.lines:
            if line.amount == 0:
                sheet = spec.BASIC if line.kind.is_basic else spec.PROJECTS
                yield Hit(ctx.column_cell(line.ref, sheet, "amount"), {})
    for inc in ctx.budget.incomes:
        if inc.amount == 0:
            yield Hit(inc.ref, {})


@rule("AMT-23", W, "上年数疑似以元填报", "上年数「{item}」{amount} 万元是本年 {current} 万元的 {ratio} 倍，疑似按元填报")
def prior_magnitude(ctx):
    """「上年数」也以万元填列；上年数比本年大上千倍，多半是填成了元。

    反例：上年 收支总预算 25375800（元），本年 8022.01 万元。
    正例：上年 收支总预算 2537.58。
    """
    basic = {"收支总预算": None, "基本支出": True, "项目支出": False}
    yuan = _yuan_files(ctx)  # entered in 元 and converted: no 元 slip there
    for p in ctx.budget.prior:
        if p.item not in basic or p.ref.file in yuan or p.func_code or p.executed:
            continue
        unit = {"unit": p.unit} if p.unit else {}  # a unit's row against that unit's figures
        cur = ctx.tree.total(**unit) if basic[p.item] is None else ctx.tree.total(basic=basic[p.item], **unit)
        if not cur or cur <= 0:
            continue
        if p.amount >= cur * 1000:
            yield Hit(p.ref, {"item": p.item, "amount": show(p.amount), "current": show(cur),
                              "ratio": int(p.amount / cur)})


@rule("AMT-25", W, "项目金额与成本指标或项目总额差一万倍",
      "项目「{project}」金额 {amount} {unit}（「{sheet}」{cell}）是{basis}（{ref_cells}）{ref} 万元的{times}，{guess}")
def project_scale(ctx):
    """项目金额与它自己的成本指标（合计或其中一项）或项目总额，在书写精度内正好相差一万倍，说明其中一处把
    元当成了万元（或反过来）。只看这个比例，不看金额大小：金额再大，只要与成本指标相符就不报。

    反例：金额单位万元，项目金额填 1200000（实为 1,200,000 元），成本指标「设备购置成本 ≤ 80 万元」
    「安装调试成本 ≤ 40 万元」合计 120 万元。
    正例：项目金额填 120；或 257000 万元的政府性基金项目，成本指标「预算控制数 ≤ 257000 万元」。
    """
    yuan = _yuan_files(ctx)
    for p in ctx.budget.projects:
        amount = ctx.project_amounts.get((p.unit, p.name), p.amount)
        if amount <= 0:
            continue
        for what, basis, ref, half, refs in _scale_references(ctx, p):
            times = _ten_thousand(amount, ref, half)
            if times:
                unit = YUAN if p.ref.file in yuan else "万元"
                cell = ctx.project_cell(p, "amount")
                yield Hit(cell, {"project": p.name, "amount": show(from_wan(amount, unit)), "unit": unit,
                                 "sheet": cell.sheet if cell else "", "cell": cell.cell if cell else "",
                                 "basis": basis, "ref": show(ref), "ref_cells": _cells(refs),
                                 "times": "一万倍" if times > 1 else "万分之一",
                                 "guess": _guess(times, unit, amount, what)}, tuple(refs))
                break


def _scale_references(ctx, p):
    """(what, as shown, 万元, half a unit of its last written digit in 万元, cells) the project's amount
    is held against: the sum of its 成本指标 in money, each of them, its 项目总额."""
    costs = []
    for ind in ctx.indicators_by_project.get((p.unit, p.name), ()):
        written = _written_cost(ind)
        if written:
            costs.append((ind, *written, ctx.ind_cell(ind, "value")))
    if len(costs) > 1:
        yield ("成本指标", "成本指标合计", sum((c[1] for c in costs), ZERO), sum((c[2] for c in costs), ZERO),
               [c[3] for c in costs])
    for ind, wan, half, cell in costs:
        written = ind.value if ind.value.lstrip().startswith(tuple("≤≥=<>")) else f"{ind.nature} {ind.value}"
        yield "成本指标", f"成本指标「{ind.level3} {written}{ind.measure}」", wan, half, [cell]
    if p.total:
        yield "项目总额", "项目总额", p.total, _half_unit(p.total), [ctx.project_cell(p, "total")]


PER_PIECE = ("人均", "每", "单位成本", "单价", "标准")  # a cost per head or piece, not the project's


def _written_cost(ind) -> tuple[Decimal, Decimal] | None:
    """A 成本指标 stating a whole amount in 元/万元/亿元: (万元, half a unit of its last written digit in
    万元); None for a rate, words, no unit, or a cost per head or per piece (「万元/人」, 「人均补助 0.5 万元」:
    10,000 people at 0.5 万元 are a 5,000 万元 project, no slip)."""
    if not is_cost(ind) or "/" in (ind.measure + ind.value).replace("/年", "") \
            or any(w in ind.level3 for w in PER_PIECE):
        return None
    wan, unit = cost_wan(ind)
    number = written_number(ind.value)
    if wan is None or not unit or not number or wan <= 0:
        return None
    return wan, _half_unit(number) * (wan / number)


def _half_unit(x: Decimal) -> Decimal:
    """Half a unit of the last digit written: 330.98 → 0.005, 331 → 0.5."""
    return Decimal(5).scaleb(min(x.as_tuple().exponent, 0) - 1)


def _ten_thousand(amount: Decimal, ref: Decimal, half: Decimal) -> int:
    """10000 when amount is ten thousand times ref, -10000 when a ten-thousandth, within ref's
    written rounding (never more than 1 % of it); 0 otherwise."""
    if ref <= 0:
        return 0
    tol = min(half, ref / 100)
    if abs(amount / SLIP - ref) <= tol:
        return 10000
    if abs(amount * SLIP - ref) <= tol:
        return -10000
    return 0


def _guess(times: int, unit: str, amount: Decimal, what: str) -> str:
    """Which of the two is likely entered in the wrong unit, by the workbook's 金额单位."""
    if times > 0 and unit != YUAN:
        return f"疑似把元填进了万元栏，按万元应为 {show(amount / SLIP)} 万元"
    if times < 0 and unit == YUAN:
        return f"疑似在金额单位为元的工作簿中按万元填报，按元应为 {show(from_wan(amount * SLIP, YUAN))} 元"
    return f"疑似{what}的元、万元写错"


def _cells(refs) -> str:
    refs = [r for r in refs if r]
    if not refs:
        return "无单元格"
    names = [r.cell for r in refs]
    shown = "、".join(names) if len(names) <= 3 else f"{names[0]}…{names[-1]} 共 {len(names)} 格"
    return f"「{refs[0].sheet}」{shown}"


@rule("AMT-26", W, "按万元/元折算后本单位收支正好相符",
      "单位 {unit} 收入 {income} 万元、支出 {spend} 万元不相等；{what} {amount} {entered} 若是{meant}（即 {fixed} 万元），"
      "收支正好相符，疑似{guess}")
def balancing_slip(ctx):
    """本单位收入与支出不相等，而差额正好是某一行（或一个项目的各行）被放大（或缩小）一万倍的结果：把它按
    万元（元工作簿按元）重新折算，收支就分毫不差。这与金额大小、行数多少无关，只有一两个项目的单位也能查出。
    差额若只是少录了这一行的收入（去掉这一行也相符），则不报。

    反例：金额单位万元，某镇只有一个项目「村组干部报酬」，按公开表的元数填 3309840；收入填 330.984 万元。
    正例：该项目填 330.984；或收入少录了 50 万元、恰有一行 50 万元（不是一万倍的差）。
    """
    tree, yuan = ctx.tree, _yuan_files(ctx)
    off = {}
    for u in ctx.budget.units:
        income, spend = tree.income_total(u.code), tree.total(unit=u.code)
        if income > 0 and spend > 0 and income != spend:
            off[u.code] = (income, spend)
    if not off:
        return  # every unit balances: the usual case, no line looked at
    terms: dict[str, int] = {}
    for rec in (*ctx.budget.lines, *ctx.budget.incomes):
        if rec.unit in off:
            terms[rec.unit] = terms.get(rec.unit, 0) + 1
    for unit, amount, ref, sheet, what in _balancing_candidates(ctx, off):
        income, spend = off[unit]
        tol = ctx.settings.tolerance(terms[unit])
        in_yuan = ref.file in yuan
        fixed = amount * SLIP if in_yuan else amount / SLIP
        mine, other = (income, spend) if sheet is spec.INCOME else (spend, income)
        if abs(mine - amount + fixed - other) <= tol < abs(mine - amount - other):
            entered = YUAN if in_yuan else "万元"
            yield Hit(ctx.column_cell(ref, sheet, "amount"),
                      {"unit": unit, "income": show(income), "spend": show(spend), "what": what,
                       "amount": show(from_wan(amount, entered)), "entered": entered,
                       "meant": "万元" if in_yuan else "元", "fixed": show(fixed),
                       "guess": "在金额单位为元的工作簿中按万元填报" if in_yuan else "把元填进了万元栏"})


def _balancing_candidates(ctx, off):
    """(unit, 万元, cell, sheet, what) of what may have been typed in the other unit in a unit that does
    not balance: each income row, each line, each project of several lines as a whole."""
    for i in ctx.budget.incomes:
        if i.unit in off and i.amount > 0:
            yield i.unit, i.amount, i.ref, spec.INCOME, "本行"
    for line in ctx.budget.lines:
        if line.unit in off and line.amount > 0:
            yield line.unit, line.amount, line.ref, spec.BASIC if line.kind.is_basic else spec.PROJECTS, "本行"
    for p in ctx.budget.projects:
        if p.unit in off and len(p.lines) > 1 and p.amount > 0:
            yield p.unit, p.amount, p.lines[0].ref, spec.PROJECTS, f"项目「{p.name}」{len(p.lines)} 行合计"
