"""The parts of the 情况说明 the data can draft: 部门预算单位构成 from 单位信息, a marked placeholder for
职能 and 重点工作, 名词解释 of every income item, 类 and 项 the budget has."""

from __future__ import annotations

from decimal import Decimal

from deptbudget.core.model import Budget, Department, ExpenseLine, Income, Source, SpendKind, Unit, UnitKind
from deptbudget.fill.narrative import draft
from deptbudget.rollup.tree import build_tree

D = Decimal
DEPT = "某市某区测试局"


def section(n, heading: str) -> tuple[str, ...]:
    return next(s.paragraphs for s in n.sections if s.heading == heading)


def budget(units, incomes=(), lines=()) -> Budget:
    return Budget(Department("901", DEPT, 2025), tuple(units), tuple(incomes), tuple(lines))


def test_units_and_their_kinds_as_the_seed_writes_them():
    units = (Unit("901001", DEPT, UnitKind.ADMIN), Unit("901002", f"{DEPT}信息中心", UnitKind.INSTITUTION),
             Unit("901003", f"{DEPT}执法大队", UnitKind.CIVIL_SERVICE), Unit("901004", f"{DEPT}档案馆", UnitKind.INSTITUTION))
    (text,) = section(draft(build_tree(budget(units))), "二、部门预算单位构成")
    assert text == (f"{DEPT}为一级预算行政单位。2025 年{DEPT}部门汇总包含{DEPT}本级及下属 3 个独立核算单位，"
                    "其中事业单位 2 个：测试局信息中心、测试局档案馆；参照公务员法管理事业单位 1 个：测试局执法大队。")


def test_without_a_unit_named_like_the_department_every_unit_is_listed():
    units = (Unit("901002", "某市某区就业中心", UnitKind.INSTITUTION), Unit("901003", "某市某区社保中心", None))
    (text,) = section(draft(build_tree(budget(units))), "二、部门预算单位构成")
    assert text.startswith(f"2025 年{DEPT}部门汇总包含 2 个独立核算单位，其中事业单位 1 个：就业中心；")
    assert "单位〔请在「单位信息」中填写单位类型〕 1 个：社保中心" in text  # a kind not given is asked for


def test_functions_and_key_work_are_marked_placeholders():
    n = draft(build_tree(budget((Unit("901001", DEPT, UnitKind.ADMIN),))))
    assert section(n, f"（一）{DEPT}职能简介")[0].startswith("〔请填写部门主要职能")
    assert section(n, f"（二）{DEPT} 2025 年重点工作")[0].startswith("〔请填写")
    assert n.placeholders == 2  # nothing else to fill in: no prior year, kinds given


def test_glossary_explains_every_income_item_and_class_the_budget_has():
    u = "901001"
    incomes = [Income(u, Source.GENERAL, D("100")), Income(u, Source.BUSINESS, D("20")),
               Income(u, Source.FUND, D("30")), Income(u, Source.OPERATING, D("0"))]
    lines = [ExpenseLine(u, "2080101", "30101", SpendKind.PERSONNEL, Source.GENERAL, D("100")),
             ExpenseLine(u, "2080101", "30201", SpendKind.PUBLIC, Source.BUSINESS, D("20")),
             ExpenseLine(u, "2120803", "31005", SpendKind.PROJECT, Source.FUND, D("30"), "道路项目")]
    n = draft(build_tree(budget((Unit(u, DEPT, UnitKind.INSTITUTION),), incomes, lines)))
    terms = [p.split("：")[0].split("）", 1)[1] for p in section(n, "名词解释")]
    assert terms[:4] == ["一般公共预算拨款收入", "政府性基金预算拨款收入", "事业收入", "上年结转"]
    assert "事业单位经营收入" not in terms and "国有资本经营预算拨款收入" not in terms  # zero: not in the budget
    assert terms[4:8] == ["社会保障和就业支出", "社会保障和就业支出（类）人力资源和社会保障管理事务（款）行政运行（项）",
                          "城乡社区支出", "城乡社区支出（类）国有土地使用权出让收入安排的支出（款）城市建设支出（项）"]
    assert terms[8:] == ["基本支出", "项目支出", "“三公”经费", "机关运行经费"]


def test_unit_names_lose_only_the_shared_place_prefix():
    from deptbudget.fill.common import short_unit

    assert short_unit("达州市达川区社会保险事业管理局", "达州市达川区人力资源和社会保障局") == "社会保险事业管理局"
    # the 市 of 市场 is not a place: kept
    assert short_unit("某市某区市场监督管理局综合执法大队", "某市某区市场监督管理局") == "市场监督管理局综合执法大队"
    assert short_unit("某市其他区就业中心", "某市某区测试局") == "其他区就业中心"  # only 某市 is shared
    assert short_unit("凉山彝族自治州西昌市就业局", "凉山彝族自治州西昌市人社局") == "就业局"
    assert short_unit("就业中心", "测试局") == "就业中心"


def test_a_code_without_a_name_asks_once_for_its_use():
    """2013812 is not in the built-in list: its name is asked for where it is written, and its use
    and 名词解释 are asked for, not 「〔…〕方面的支出」."""
    u = "901001"
    lines = [ExpenseLine(u, "2013812", "30218", SpendKind.PROJECT, Source.GENERAL, D("66"), "检测项目")]
    n = draft(build_tree(budget((Unit(u, DEPT, UnitKind.ADMIN),), [Income(u, Source.GENERAL, D("66"))], lines)))
    (use,) = section(n, "（三）一般公共预算当年拨款具体使用情况")
    assert "（款）〔请填写科目 2013812 的名称" in use and "主要用于：〔请填写该科目的主要用途〕" in use
    gloss = [p for p in section(n, "名词解释") if "2013812" in p]
    assert len(gloss) == 1 and gloss[0].endswith("（项）：〔请填写该科目的说明〕")
