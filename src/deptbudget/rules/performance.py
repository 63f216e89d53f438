"""Performance targets (表6 / 表7): complete indicator sets, weights, values, units, directions,
cost indicators within the budget, 年度目标 amounts, duplicates."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from ..core.model import Indicator
from .common import dec, plain, show
from .narrative_parse import UNIT_FACTORS
from .registry import E, Hit, I, W, rule

LEVEL1 = ("产出指标", "效益指标", "满意度指标", "成本指标")
OLD_SATISFACTION = "社会公众或服务对象满意度指标"  # 财预〔2015〕88号 forms: a 二级 under 效益指标
LEVEL2 = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", OLD_SATISFACTION),
    "满意度指标": ("服务对象满意度指标", "满意度指标", OLD_SATISFACTION),
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标", "成本指标"),
}
QUALITATIVE = "定性"
POSITIVE_RATES = ("及时率", "准确率", "合格率", "满意度", "覆盖率", "达标率", "完成率", "知晓率", "成功率",
                  "畅通率", "到位率", "发放率", "参与率", "公开率", "核查率", "保障率", "覆盖面", "兑现率")
NEGATIVE_WORDS = ("投诉", "差错", "失误", "事故", "流失", "不满意", "故障", "断网", "违规", "超支", "发生率")
BUDGET_WORDS = ("预算控制数", "控制数", "预算数", "资金", "经费", "费用", "成本")


def same_at(stated: Decimal, exact: Decimal) -> bool:
    """A figure as written (19.72, 4) equals an exact amount (19.7234, 4.00) at the written precision
    (at least two decimals, as the tables print)."""
    places = max(2, -stated.normalize().as_tuple().exponent if stated.normalize().as_tuple().exponent < 0 else 0)
    q = Decimal(1).scaleb(-places)
    return stated.quantize(q, rounding=ROUND_HALF_UP) == exact.quantize(q, rounding=ROUND_HALF_UP)


def _projects(ctx):
    """(project, its indicators) for every project, in entry order."""
    for p in ctx.budget.projects:
        yield p, ctx.indicators_by_project.get((p.unit, p.name), [])


@lru_cache(maxsize=1 << 15)  # indicator levels repeat on thousands of rows
def _norm(text: str) -> str:
    return _SPACES.sub("", text or "")


_SPACES = re.compile(r"\s+")


@rule("PRF-01", E, "项目没有绩效目标", "项目「{project}」（{amount} 万元）没有任何绩效指标")
def no_indicators(ctx):
    """每个项目都要编制绩效目标（表6）。

    反例：项目支出有「2024年帮贫解困项目」，项目绩效目标表中没有它的指标。
    正例：该项目有产出、效益、满意度、成本指标。
    """
    for p, inds in _projects(ctx):
        if not inds:
            yield Hit(ctx.project_cell(p, "project"), {"project": p.name, "amount": show(p.amount)})


@rule("PRF-02", E, "缺少一级指标", "项目「{project}」缺少{missing}")
def missing_level1(ctx):
    """每个项目的绩效指标要有产出指标、效益指标和满意度指标三类一级指标。

    2015 年格式的表（财预〔2015〕88号）把满意度作为效益指标下的二级指标「社会公众或服务对象满意度指标」，
    这样填的满意度也算有。

    反例：项目只有产出指标和成本指标。
    正例：产出、效益、满意度、成本指标齐全；或效益指标下有「社会公众或服务对象满意度指标 学校满意度 ≥ 90%」。
    """
    for p, inds in _projects(ctx):
        have = {_norm(i.level1) for i in inds}
        if any(_satisfaction(i) for i in inds):
            have.add("满意度指标")
        missing = [l for l in LEVEL1[:3] if l not in have]
        if inds and missing:
            yield Hit(ctx.ind_cell(inds[0], "level1"), {"project": p.name, "missing": "、".join(missing)})


@rule("PRF-03", W, "缺少成本指标", "项目「{project}」没有成本指标（应写明预算控制数，如「≤ {amount} 万元」）")
def missing_cost(ctx):
    """项目绩效指标应包含成本指标（经济成本指标，写明预算控制数）。

    反例：项目只有产出、效益、满意度指标。
    正例：另有「项目预算控制数 ≤ 5 万元」。
    """
    for p, inds in _projects(ctx):
        if inds and not any(is_cost(i) for i in inds):
            yield Hit(ctx.ind_cell(inds[0], "level1"), {"project": p.name, "amount": show(p.amount)})


def is_cost(ind: Indicator) -> bool:
    return "成本" in ind.level1 or "成本" in ind.level2


def _satisfaction(ind: Indicator) -> bool:
    """A 满意度 indicator: under the 一级 满意度指标, or (2015 forms) a 二级 满意度 under 效益指标."""
    return _norm(ind.level1) == "满意度指标" or "满意度" in ind.level2


@rule("PRF-04", E, "指标权重合计不符", "项目「{project}」指标权重合计 {total}，应为 {want}{missing}")
def weight_total(ctx):
    """每个项目的指标权重合计等于设置的总分（四川做法默认 90，另 10 分留给预算执行率；可在「设置」中改为 100；
    指标不设权重的格式设为「无」，此时不检查权重）。

    反例：项目 7 个指标权重合计 80。
    正例：权重合计 90。
    """
    want = weights_wanted(ctx)
    if not want:
        return  # 设置 (or the declared 公开表样式): indicators carry no weights
    for p, inds in _projects(ctx):
        yield from _weights(ctx, inds, want, {"project": p.name})


def weights_wanted(ctx) -> Decimal:
    """The total the weights must reach: 设置 → 绩效指标权重合计 — but 0 (no weight rule) when the
    workbook publishes a set whose forms carry no weights (基本信息「公开表样式」 上海…: 「无」) and none of
    its indicators has one: the 90 the template's 设置 comes with is not meant for such forms."""
    from ..rollup.facts import declared_table_set
    from ..tablesets import get

    want = ctx.settings.weight_total
    if want and get(declared_table_set(ctx.budget)[0]).weight_total == "无" \
            and not any(i.weight is not None for i in ctx.budget.indicators + ctx.budget.dept_indicators):
        return Decimal(0)
    return want


def _weights(ctx, inds, want, params):
    if not inds:
        return
    total = sum((i.weight for i in inds if i.weight is not None), Decimal(0))
    if total != want:
        n_missing = sum(1 for i in inds if i.weight is None)
        missing = f"（另有 {n_missing} 个指标未填权重）" if n_missing else ""
        yield Hit(ctx.ind_cell(inds[0], "weight"), {**params, "total": plain(total), "want": plain(want),
                                                    "missing": missing},
                  tuple(ctx.ind_cell(i, "weight") for i in inds))


@rule("PRF-05", W, "指标未填权重", "指标「{name}」没有填权重")
def weight_missing(ctx):
    """每个指标都要有权重（表6、表7 按权重计分）；「设置」中绩效指标权重合计为「无」时不检查，基本信息「公开表样式」
    是不设权重的表式（上海）且没有任何指标填了权重时也不检查。

    反例：「受理案件个数 ≥ 50 件」权重为空。
    正例：权重 10。
    """
    if not weights_wanted(ctx):
        return  # 设置 (or the declared 公开表样式): indicators carry no weights
    for ind in ctx.budget.indicators + ctx.budget.dept_indicators:
        if ind.weight is None:
            yield Hit(ctx.ind_cell(ind, "weight"), {"name": ind.level3})


@rule("PRF-06", E, "定量指标没有数值", "指标「{name}」性质为「{nature}」，指标值「{value}」不是数字")
def quantitative_value(ctx):
    """定量指标（性质 ≥ ≤ = > <）的指标值必须是数字；文字描述的指标性质应为「定性」。

    反例：「宣传方式 ≥ 多种」。
    正例：「宣传方式 ≥ 2 种」，或「宣传效果 定性 优」。
    """
    for ind in ctx.budget.indicators + ctx.budget.dept_indicators:
        if ind.nature and ind.nature != QUALITATIVE and written_number(ind.value) is None:
            yield Hit(ctx.ind_cell(ind, "value"), {"name": ind.level3, "nature": ind.nature, "value": ind.value})


_VALUE = re.compile(r"^\s*(?:[=＝≥≤><≧≦]+|大于等于|小于等于|不低于|不高于|不少于|不超过|达到|约)?\s*"
                    r"([+-]?\d[\d,，]*(?:\.\d+)?)\s*[(（]?\s*([^()（）\d]*?)\s*[)）]?\s*$")


@lru_cache(maxsize=1 << 15)  # indicator values repeat ("100", "95") on thousands of rows
def _parts(value: str) -> tuple[Decimal | None, str]:
    """An indicator value as (number, unit written inside it): 「95」, 「1,000」, 「100%」 → (100, %),
    「=100.00(%)」「≥90.00(%)」 (the operator and the unit copied in with the value) → (100.00, %),
    「985米」 → (985, 米); (None, "") when it is no number."""
    m = _VALUE.match(value or "")
    if not m:
        return None, ""
    return dec(m.group(1).replace(",", "").replace("，", "")), canon_unit(m.group(2))


_UNIT_SPELLINGS = {"％": "%", "百分比": "%", "万": "万元", "亿": "亿元"}


def canon_unit(unit: str) -> str:
    """A unit as the rules compare it: 「％」「百分比」 are %, a bare 「万」/「亿」 (「250万」) is 万元/亿元."""
    unit = unit.strip()
    return _UNIT_SPELLINGS.get(unit, unit)


def written_number(value: str) -> Decimal | None:
    """An indicator value as a number; None when it is not one."""
    return _parts(value)[0]


def _unit(ind: Indicator) -> str:
    """The 度量单位: the column, else the unit written inside the value."""
    return canon_unit(ind.measure) or _parts(ind.value)[1]


@rule("PRF-07", W, "定量指标缺少度量单位", "指标「{name}」（{nature} {value}）没有度量单位")
def quantitative_unit(ctx):
    """定量指标要写度量单位（%、个、次、万元……），否则无法判断目标大小。

    反例：「金保工程网络维护费预算控制数 ≤ 15」度量单位为空。
    正例：「≤ 15 万元」。
    """
    for ind in ctx.budget.indicators + ctx.budget.dept_indicators:
        if ind.nature and ind.nature != QUALITATIVE and written_number(ind.value) is not None and not _unit(ind):
            yield Hit(ctx.ind_cell(ind, "measure"), {"name": ind.level3, "nature": ind.nature, "value": ind.value})


def _pct(ind: Indicator) -> Decimal | None:
    return _percent(ind.measure, ind.value)


@lru_cache(maxsize=1 << 15)  # the same few (unit, value) pairs on thousands of rows
def _percent(measure: str, value: str) -> Decimal | None:
    """The value of an indicator measured in %, None for any other."""
    if canon_unit(measure) == "%" or _parts(value)[1] == "%":
        return written_number(value)
    return None


@rule("PRF-08", E, "百分比超出 0～100", "指标「{name}」的值 {value}% 不在 0～100% 之间")
def percent_range(ctx):
    """以 % 计的指标值应在 0～100 之间（及时率、准确率、满意度等不可能超过 100%）。

    反例：「处理案件及时率 = 1000 %」。
    正例：「处理案件及时率 = 100 %」。
    """
    for ind in ctx.budget.indicators + ctx.budget.dept_indicators:
        v = _pct(ind)
        if v is not None and not Decimal(0) <= v <= Decimal(100) and not _growth(ind):
            yield Hit(ctx.ind_cell(ind, "value"), {"name": ind.level3, "value": plain(v)})


def _growth(ind: Indicator) -> bool:
    """Growth/ratio indicators may exceed 100%."""
    return any(w in ind.level3 for w in ("增长", "增幅", "倍", "比上年", "同比"))


def _positive_rate(ind: Indicator) -> bool:
    name = ind.level3
    return any(w in name for w in POSITIVE_RATES) and not any(w in name for w in NEGATIVE_WORDS)


@rule("PRF-09", W, "比率指标方向不当", "指标「{name}」是越高越好的比率，性质用了「{nature}」，应为「≥」或「=」")
def rate_direction(ctx):
    """及时率、准确率、合格率、满意度、覆盖率等越高越好的比率，指标性质应为 ≥ 或 =；用 ≤ / < 等于
    把目标定成“不超过”。投诉率、差错率等越低越好的比率不在此列。

    反例：「金保网工程网络维护及时率 ≤ 100 %」。
    正例：「金保网工程网络维护及时率 = 100 %」。
    """
    for ind in ctx.budget.indicators + ctx.budget.dept_indicators:
        if ind.nature in ("≤", "<") and _positive_rate(ind):
            yield Hit(ctx.ind_cell(ind, "nature"), {"name": ind.level3, "nature": ind.nature})


@rule("PRF-10", I, "百分百目标用了 ≥ 或 >", "指标「{name}」为「{nature} 100%」，比率不可能超过 100%，应写「= 100%」")
def hundred_percent(ctx):
    """比率的上限是 100%，「≥ 100%」实际就是「= 100%」，「> 100%」则无法达到。

    反例：「网络维护覆盖面 ≥ 100 %」。
    正例：「网络维护覆盖面 = 100 %」。
    """
    for ind in ctx.budget.indicators + ctx.budget.dept_indicators:
        v = _pct(ind)
        if v == 100 and ind.nature in ("≥", ">") and not _growth(ind):
            yield Hit(ctx.ind_cell(ind, "nature"), {"name": ind.level3, "nature": ind.nature})


def cost_wan(ind: Indicator) -> tuple[Decimal | None, str]:
    """A cost indicator's value in 万元 and the money unit found ('' when the unit is not money)."""
    value = written_number(ind.value)
    unit = _unit(ind)
    base = canon_unit(unit.split("/")[0])  # 「万元/人」, 「250万」
    if value is None:
        return None, ""
    if base in UNIT_FACTORS:
        return value * UNIT_FACTORS[base], base
    if not unit:
        return value, ""  # no unit: read as 万元 (and PRF-07 asks for one)
    return None, ""


@rule("PRF-11", E, "成本指标超过项目预算", "项目「{project}」成本指标「{name} {nature} {value}{measure}」（{wan} 万元）超过项目预算 {amount} 万元")
def cost_above_budget(ctx):
    """成本指标（预算控制数、成本控制数）不能高于项目本身的预算金额（元、万元统一折算后比较）。

    反例：项目 4.00 万元，成本指标「劳动仲裁预算控制数 ≤ 7 万元」。
    正例：「劳动仲裁预算控制数 ≤ 4 万元」。
    """
    for p, inds in _projects(ctx):
        amount = ctx.project_amounts.get((p.unit, p.name), p.amount)
        for ind in inds:
            if not is_cost(ind) or ind.nature in ("≥", ">"):
                continue
            wan, _ = cost_wan(ind)
            if wan is not None and wan > amount and not same_at(wan, amount):
                yield Hit(ctx.ind_cell(ind, "value"), {"project": p.name, "name": ind.level3, "nature": ind.nature,
                                                       "value": ind.value, "measure": ind.measure,
                                                       "wan": show(wan), "amount": show(amount)})


@rule("PRF-12", W, "预算控制数与项目预算不一致", "项目「{project}」成本指标「{name}」为 {wan} 万元，项目预算为 {amount} 万元；预算控制数应等于项目预算")
def cost_equals_budget(ctx):
    """写成“预算控制数”的成本指标，其数值就是项目预算，应与项目金额相等（低于预算说明有钱没有目标）。

    反例：项目 5.00 万元，「帮贫解困项目预算控制数 ≤ 3 万元」。
    正例：「帮贫解困项目预算控制数 ≤ 5 万元」。
    """
    for p, inds in _projects(ctx):
        amount = ctx.project_amounts.get((p.unit, p.name), p.amount)
        for ind in inds:
            if is_cost(ind) and "预算控制数" in ind.level3:
                wan, _ = cost_wan(ind)
                if wan is not None and wan < amount and not same_at(wan, amount):
                    yield Hit(ctx.ind_cell(ind, "value"), {"project": p.name, "name": ind.level3,
                                                           "wan": show(wan), "amount": show(amount)})


@rule("PRF-13", W, "成本指标与公开表金额单位不同", "成本指标「{name}」以「{measure}」计（{value}{measure} = {amount} {unit}），公开表金额单位为{unit}，请改为{unit}")
def cost_unit(ctx):
    """成本指标的金额应与公开表同单位（四川等为万元，上海等以元公开的表式为元，按基本信息「公开表样式」）；
    万元表里写成“元”“元/年”容易被当成万元读，放大一万倍，元表里写万元则缩小一万倍。

    反例：「全年社保基金监督检查发生费用 = 30000 元/年」（公开表以万元计）。
    正例：「全年社保基金监督检查发生费用 ≤ 3 万元」；公开表以元计时「≤ 30000 元」。
    """
    unit = _set_unit(ctx)
    for ind in ctx.budget.indicators + ctx.budget.dept_indicators:
        if not is_cost(ind):
            continue
        wan, found = cost_wan(ind)
        if wan is not None and found and found != unit:
            yield Hit(ctx.ind_cell(ind, "measure"), {"name": ind.level3, "measure": ind.measure, "value": ind.value,
                                                     "wan": show(wan), "unit": unit,
                                                     "amount": show(wan * UNIT_FACTORS["万元"] / UNIT_FACTORS[unit])})


def _set_unit(ctx) -> str:
    """The money unit of the tables the workbook publishes (基本信息「公开表样式」, else the default set)."""
    from ..rollup.facts import declared_table_set
    from ..tablesets import get

    return get(declared_table_set(ctx.budget)[0]).money_unit


@rule("PRF-14", E, "年度目标金额与项目预算不符", "项目「{project}」年度目标写的是 {stated} 万元，项目预算为 {amount} 万元")
def goal_amount(ctx):
    """年度目标中写明的使用资金数应等于项目预算金额。

    反例：项目 4.00 万元，年度目标“2024年预计使用财政资金7万元……”。
    正例：年度目标“预计使用财政资金 4 万元……”。
    """
    for p in ctx.budget.projects:
        amount = ctx.project_amounts.get((p.unit, p.name), p.amount)
        found = [a.wan for a in ctx.goal_amounts[p.goal]]
        if found and not any(same_at(a, amount) for a in found) \
                and not any(a * 10000 == amount or a == amount * 10000 for a in found):
            yield Hit(ctx.project_cell(p, "goal"), {"project": p.name, "stated": "、".join(plain(a) for a in found),
                                                    "amount": show(amount)})


@rule("PRF-15", W, "重复的指标", "项目「{project}」中指标「{name}」出现 {n} 次")
def duplicate_indicator(ctx):
    """同一项目里同名的三级指标只应出现一次。

    反例：「租车费支付金额准确率」在时效指标和质量指标下各出现一次。
    正例：只在质量指标下出现一次。
    """
    for p, inds in _projects(ctx):
        names = [_norm(i.level3) for i in inds]
        if len(set(names)) == len(names):
            continue  # all different: the usual case, told without grouping
        seen: dict[str, list] = {}
        for ind in inds:
            seen.setdefault(_norm(ind.level3), []).append(ind)
        for name, same in seen.items():
            if len(same) > 1 and name:
                yield Hit(ctx.ind_cell(same[1], "level3"), {"project": p.name, "name": same[0].level3, "n": len(same)},
                          tuple(ctx.ind_cell(i, "level3") for i in same))


@rule("PRF-16", E, "二级指标不属于一级指标", "指标「{name}」的二级指标「{level2}」不属于一级指标「{level1}」")
def level2_fits(ctx):
    """二级指标要挂在对应的一级指标下：产出（数量/质量/时效/成本）、效益（经济/社会/生态/可持续影响）、
    满意度（服务对象满意度）、成本（经济/社会/生态环境成本）。

    反例：一级「效益指标」下二级「时效指标」。
    正例：一级「产出指标」下二级「时效指标」。
    """
    for ind in ctx.budget.indicators + ctx.budget.dept_indicators:
        l1, l2 = _norm(ind.level1), _norm(ind.level2)
        if l1 in LEVEL2 and l2 and l2 not in LEVEL2[l1]:
            yield Hit(ctx.ind_cell(ind, "level2"), {"name": ind.level3, "level1": ind.level1, "level2": ind.level2})


@rule("PRF-17", I, "指标名称与二级指标不符", "「{name}」衡量的是{what}，却放在「{level2}」下")
def name_fits_level2(ctx):
    """三级指标的名称应与二级指标一致：准确率、合格率、达标率属于质量指标，及时率属于时效指标。

    反例：时效指标下的「租车费支付金额准确率」。
    正例：质量指标下的「租车费支付金额准确率」。
    """
    for ind in ctx.budget.indicators + ctx.budget.dept_indicators:
        l2, name = _norm(ind.level2), ind.level3
        if l2 == "时效指标" and any(w in name for w in ("准确率", "合格率", "达标率")) and "及时" not in name:
            yield Hit(ctx.ind_cell(ind, "level2"), {"name": name, "what": "质量", "level2": ind.level2})
        elif l2 in ("质量指标", "数量指标") and "及时率" in name:
            yield Hit(ctx.ind_cell(ind, "level2"), {"name": name, "what": "时效", "level2": ind.level2})


@rule("PRF-18", E, "部门整体绩效权重合计不符", "部门整体绩效指标（表7）权重合计 {total}，应为 {want}{missing}")
def dept_weight_total(ctx):
    """表7 部门整体支出绩效指标的权重合计等于设置的总分（默认 90，可在「设置」中改为 100）。

    反例：94 个指标权重合计 89。
    正例：合计 90。
    """
    if weights_wanted(ctx):  # 0: indicators carry no weights
        yield from _weights(ctx, list(ctx.budget.dept_indicators), weights_wanted(ctx), {})


@rule("PRF-19", I, "满意度指标不以百分比计", "满意度指标「{name}」以「{measure}」计；满意度一般以 % 衡量，投诉次数等宜放在效益或质量指标下")
def satisfaction_percent(ctx):
    """满意度指标衡量服务对象的满意程度，通常以 % 计。

    反例：满意度指标「检察人员被投诉次数 ≤ 1 次」。
    正例：满意度指标「参保人满意度 ≥ 95 %」。
    """
    for ind in ctx.budget.indicators + ctx.budget.dept_indicators:
        if _norm(ind.level1) == "满意度指标" and ind.nature != QUALITATIVE and _unit(ind) \
                and _unit(ind) not in ("%", "％"):
            yield Hit(ctx.ind_cell(ind, "measure"), {"name": ind.level3, "measure": ind.measure})


@rule("PRF-20", E, "指标性质无效", "指标「{name}」的性质「{nature}」无效，应为 ≥、≤、=、>、< 或 定性")
def nature_valid(ctx):
    """指标性质只能是 ≥、≤、=、>、<（定量）或「定性」。

    反例：性质写「大于」或留空。
    正例：性质「≥」。
    """
    for ind in ctx.budget.indicators + ctx.budget.dept_indicators:
        if ind.nature.strip() not in ("≥", "≤", "=", ">", "<", QUALITATIVE):
            yield Hit(ctx.ind_cell(ind, "nature"), {"name": ind.level3, "nature": ind.nature})


@rule("PRF-21", W, "没有部门整体绩效指标", "部门工作簿「{sheet}」没有填写任何指标：表7 部门整体支出绩效目标表只能印出提示行，"
                                           "不能公开；请按部门职责填写产出、效益、满意度和成本指标及权重")
def dept_indicators_missing(ctx):
    """表7 的年度绩效指标由部门按整体职责填写（产出、效益、满意度、成本指标及权重）；程序只能按项目预算生成
    成本指标，单凭这些没有权重的成本行不构成部门整体绩效目标。

    反例：部门工作簿「整体绩效指标」表为空。
    正例：填写「服务对象满意度 ≥ 90% 权重 10」等部门整体指标。
    """
    from ..core.model import CellRef
    from ..template import spec

    if ctx.budget.department.form == "部门" and not ctx.budget.dept_indicators:
        sheet = spec.DEPT_INDICATORS.name
        yield Hit(CellRef(ctx.file, sheet, ""), {"sheet": sheet})


@rule("PRF-22", W, "成本指标没有金额", "项目「{project}」的成本指标（{names}）都没有金额；成本指标应写明成本或预算控制数，"
                                     "如「≤ {amount} 万元」")
def cost_without_amount(ctx):
    """成本指标衡量花多少钱，要以元、万元写出成本或预算控制数；只写「成本控制率 100%」「不超预算」「严控成本」
    等比率或文字，无法对照项目预算。没有任何成本指标的项目由 PRF-03 提示。

    反例：16 万元的项目，成本指标只有「建设项目成本控制率 100%」。
    正例：另有「项目预算控制数 ≤ 16 万元」。
    """
    for p, inds in _projects(ctx):
        costs = [i for i in inds if is_cost(i)]
        if costs and all(cost_wan(i)[0] is None for i in costs):
            yield Hit(ctx.ind_cell(costs[0], "value"), {"project": p.name, "names": "、".join(i.level3 for i in costs),
                                                        "amount": show(p.amount)},
                      tuple(ctx.ind_cell(i, "value") for i in costs))


_NUMBER_ONLY = re.compile(r"^[\d,，.]+$")


@rule("PRF-23", W, "度量单位无效", "指标「{name}」的度量单位「{measure}」{why}")
def measure_valid(ctx):
    """度量单位要是一个单位，并且与指标值里自带的单位一致（「≥ 90 %」、「28.8 万元」）。度量单位栏是数字，
    多半是日期被导出成了 Excel 序列号（2021-12-31 → 44,561）；指标值写「28.8万元」而度量单位是 %，两者必有一错。

    反例：「项目财政资金到位时间 = 44,561」度量单位「44,561」；「业务工作支出安排金额 28.8万元」度量单位「%」。
    正例：「项目财政资金到位时间 定性 2021年12月31日前」；「业务工作支出安排金额 = 28.8」度量单位「万元」。
    """
    for ind in ctx.budget.indicators + ctx.budget.dept_indicators:
        measure = canon_unit(ind.measure)
        if not measure:
            continue
        inner = _parts(ind.value)[1]
        if _NUMBER_ONLY.match(measure):
            why = "是一个数字，不是单位（日期导出成序列号时常见）"
        elif inner and not (inner.startswith(measure) or measure.startswith(inner)):
            why = f"与指标值「{ind.value}」自带的单位「{inner}」不一致"
        else:
            continue
        yield Hit(ctx.ind_cell(ind, "measure"), {"name": ind.level3, "measure": ind.measure, "why": why})


@rule("PRF-24", W, "满意度指标没有目标值", "满意度指标「{name}」的指标值「{value}」不是可衡量的目标；满意度应写明目标值，如「≥ 90 %」")
def satisfaction_target(ctx):
    """满意度指标要有可衡量的目标值（通常「≥ 90 %」），「明显提升」「较满意」之类的文字无法考核。定量性质却写了
    文字的，由 PRF-06 报告。

    反例：满意度指标「群众幸福感 定性 明显提升」。
    正例：「群众满意度 ≥ 90 %」。
    """
    for ind in ctx.budget.indicators + ctx.budget.dept_indicators:
        if ind.nature.strip() == QUALITATIVE and _satisfaction(ind) and written_number(ind.value) is None:
            yield Hit(ctx.ind_cell(ind, "value"), {"name": ind.level3, "value": ind.value})
