"""PRF rules on rows taken from real published performance forms (tests/corpus/real/perf): the false
alarms and misses the measurement found, each with the document's own rows (a failing and a passing
case). Budget: test_rules_cases.base_budget with its one project set to the document's amount."""

from __future__ import annotations

import dataclasses
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deptbudget.core.model import ExpenseLine, Income, Source, SpendKind
from deptbudget.rules import validate
from deptbudget.rules.settings import Settings

sys.path.insert(0, str(Path(__file__).parent))
from test_rules_cases import PROJECT, base_budget, ind  # noqa: E402

NO_WEIGHTS = D(0)  # 设置「无」: these forms carry no weights


def form(rows, amount="30"):
    """base_budget with its project at `amount` 万元 and only `rows` (level1, level2, name, nature, value, measure)."""
    b, amount = base_budget(), D(amount)
    pline = ExpenseLine("139001", "2080102", "", SpendKind.PROJECT, Source.GENERAL, amount, PROJECT)
    project = dataclasses.replace(b.projects[0], amount=amount, lines=(pline,), goal="")
    return dataclasses.replace(b, lines=b.lines[:-1] + (pline,), projects=(project,),
                               incomes=(Income("139001", Source.GENERAL, D(80) + amount),),
                               indicators=tuple(ind(*r, None) for r in rows))


def found(budget, weight_total=NO_WEIGHTS) -> list[tuple[str, str]]:
    """(code, indicator or project named) of the PRF findings."""
    fs = validate(budget, settings=Settings(select=frozenset({"PRF"}), weight_total=weight_total))
    return sorted((f.code, f.params.get("name") or f.params.get("project", "")) for f in fs)


# 武汉市青山区教育局 2020「农村义务教育薄弱学校改造补助资金」（16 万元）: the 2015 form puts 满意度 under 效益指标.
QINGSHAN = [("产出指标", "数量指标", "农村义务教育学校改造覆盖率", "=", "100%", ""),
            ("产出指标", "成本指标", "项目预算控制数", "≤", "16", "万元"),
            ("效益指标", "可持续影响指标", "义务教育优质均衡发展情况", "定性", "稳步提高", ""),
            ("效益指标", "社会公众或服务对象满意度指标", "学生家长满意度", "≥", "≥90%", "")]


def test_satisfaction_under_benefit_on_2015_forms_is_a_satisfaction_indicator():
    assert found(form(QINGSHAN, "16")) == []
    without = form(QINGSHAN[:-1], "16")
    assert found(without) == [("PRF-02", PROJECT)]  # no 满意度 at all: still missing


def test_old_satisfaction_name_fits_both_level1():
    rows = QINGSHAN[:-1] + [("满意度指标", "社会公众或服务对象满意度指标", "学校满意度", "≥", "≥90%", "")]
    assert found(form(rows, "16")) == []
    wrong = QINGSHAN[:-1] + [("产出指标", "社会公众或服务对象满意度指标", "学校满意度", "≥", "≥90%", "")]
    assert ("PRF-16", "学校满意度") in found(form(wrong, "16"))


# 湘潭市环境卫生管理处 2023「雾炮车降尘抑尘服务」250 万元: 成本指标「控制在预算成本内 250万」.
XIANGTAN = [("产出指标", "数量指标", "雾炮车风炮射程", "≥", "≥80M", ""),
            ("效益指标", "社会效益指标", "服务周期内,市民对空气质量改善的满意程度", "≥", "≥85%", ""),
            ("满意度指标", "服务对象满意度指标", "市民满意度", "≥", "≥90%", "")]


def test_a_bare_wan_in_a_cost_value_is_wanyuan():
    ok = XIANGTAN + [("产出指标", "成本指标", "控制在预算成本内", "=", "250万", "")]
    assert found(form(ok, "250")) == []
    above = XIANGTAN + [("产出指标", "成本指标", "控制在预算成本内", "≤", "260万", "")]
    fs = validate(form(above, "250"), settings=Settings(select=frozenset({"PRF"}), weight_total=NO_WEIGHTS))
    assert [(f.code, f.params["wan"], f.params["amount"]) for f in fs] == [("PRF-11", "260.00", "250.00")]  # 万元


# 池州市贵池区棠溪镇 2022「委托业务项目」: 「≥100百分比」 is ≥ 100 %.
TANGXI = [("产出指标", "成本指标", "项目总成本", "≤", "≤90万元", ""),
          ("效益指标", "社会效益指标", "对维护基建市场公平的影响程度", "定性", "效果明显", ""),
          ("满意度指标", "服务对象满意度指标", "公众满意度", "≥", "≥90%", "")]


def test_percent_spelled_out_is_percent():
    fs = validate(form(TANGXI + [("产出指标", "质量指标", "委托业务报告合格率", "≥", "≥100百分比", "")], "90"),
                  settings=Settings(select=frozenset({"PRF"}), weight_total=NO_WEIGHTS))
    assert [(f.code, f.severity.value) for f in fs] == [("PRF-10", "提示")]  # ≥ 100 % is = 100 %
    over = TANGXI + [("产出指标", "质量指标", "委托业务报告合格率", "=", "120百分比", "")]
    assert found(form(over, "90")) == [("PRF-08", "委托业务报告合格率")]


# 衡山县商务和粮食局 2020「县级储备粮」194.9 万元: both cost indicators are rates.
HENGSHAN = [("产出指标", "数量指标", "库存数量真实率", "=", "100%", ""),
            ("产出指标", "成本指标", "国家政策性粮收购价格执行率", "=", "100%", ""),
            ("产出指标", "成本指标", "县级储备粮库存成本核算率", "=", "100%", ""),
            ("效益指标", "经济效益指标", "利息费用保障率", "=", "100%", ""),
            ("满意度指标", "服务对象满意度指标", "市民满意度调查", "≥", "≥90%", "")]


def test_cost_indicators_without_any_amount():
    fs = validate(form(HENGSHAN, "194.9"), settings=Settings(select=frozenset({"PRF-22"}), weight_total=NO_WEIGHTS))
    assert [(f.code, f.params["names"], f.params["amount"]) for f in fs] == \
        [("PRF-22", "国家政策性粮收购价格执行率、县级储备粮库存成本核算率", "194.90")]
    with_amount = HENGSHAN + [("产出指标", "成本指标", "项目预算控制数", "≤", "194.9", "万元")]
    assert found(form(with_amount, "194.9")) == []
    qualitative = [r for r in HENGSHAN if "成本" not in r[2] and "价格" not in r[2]] + \
        [("产出指标", "成本指标", "建设项目成本", "定性", "参照政府采购成本控制", "")]  # 青山区 2020 基础设施
    assert found(form(qualitative, "10000")) == [("PRF-22", PROJECT)]


@pytest.mark.parametrize("value, measure, fires", [
    ("44,561", "44,561", True),     # 乌海市供销社 2021: 2021-12-31 exported as a serial number
    ("28.8万元", "%", True),        # 岳阳楼区价格认证鉴定中心 2023: 金额 with unit %
    ("28.8", "万元", False),
    ("100", "%", False),
    ("95%", "%", False),
    ("≥90.00(%)", "%", False),
    ("24", "人/次", False),
    ("1000人", "人次", False),       # one unit the start of the other: no contradiction to report
])
def test_measure_must_be_a_unit_that_fits_the_value(value, measure, fires):
    rows = XIANGTAN + [("产出指标", "数量指标", "项目财政资金到位时间", "=", value, measure),
                       ("产出指标", "成本指标", "项目预算控制数", "≤", "30", "万元")]
    assert (("PRF-23", "项目财政资金到位时间") in found(form(rows))) is fires


def test_satisfaction_needs_a_target_value():
    # 广元市昭化区 2021「麻风病防治」: 满意度指标「群众幸福感 明显提升」
    base = [("产出指标", "数量指标", "慰问麻风村休养员人数", "=", "32人", ""),
            ("产出指标", "成本指标", "项目预算控制数", "≤", "4", "万元"),
            ("效益指标", "社会效益指标", "广大群众对病风病防治意识", "定性", "明显增强", "")]
    vague = base + [("满意度指标", "满意度指标", "群众幸福感", "定性", "明显提升", "")]
    assert found(form(vague, "4")) == [("PRF-24", "群众幸福感")]
    measurable = base + [("满意度指标", "服务对象满意度指标", "群众满意度", "≥", "≥90%", "")]
    assert found(form(measurable, "4")) == []
    # a 定性 indicator outside 满意度 is not asked for a number
    assert ("PRF-24", "广大群众对病风病防治意识") not in found(form(vague, "4"))


@settings(max_examples=60, deadline=None)
@given(n=st.decimals(min_value=0, max_value=200, places=2), spelling=st.sampled_from(["%", "％", "百分比", "(%)", "（%）"]),
       op=st.sampled_from(["", "=", "＝"]), column=st.booleans())
def test_a_percentage_is_read_however_it_is_written(n, spelling, op, column):
    """「=100.00(%)」, 「95百分比」, 「120％」, or the number with % in the 度量单位 column: the same
    percentage, so PRF-08 (above 100 %) fires exactly when it is above 100."""
    value, measure = (f"{op}{n}", spelling.strip("()（）")) if column else (f"{op}{n}{spelling}", "")
    rows = TANGXI + [("产出指标", "质量指标", "委托业务报告合格率", "=", value, measure)]
    assert (("PRF-08", "委托业务报告合格率") in found(form(rows, "90"))) is (n > 100)
