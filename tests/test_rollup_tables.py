"""Roll-up tables on minimal budgets built in the test: layout, keys, blanks, notes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from deptbudget.core.model import Budget, Department, ExpenseLine, Income, Project, Source, SpendKind, Unit
from deptbudget.core.table import CLASS, DETAIL, KUAN, NOTE, TOTAL, UNIT
from deptbudget.rollup.tables import build_tables
from deptbudget.rollup.tree import build_tree
from deptbudget.template import spec

D = Decimal
P, C, J = SpendKind.PERSONNEL, SpendKind.PUBLIC, SpendKind.PROJECT
G = Source.GENERAL
DEPT = Department("139", "测试局", 2024, "DB-1.0")
UNITS = (Unit("139002", "乙单位", None), Unit("139001", "甲单位", None))


def L(unit, func, econ, kind, amount, source=G, project=""):
    return ExpenseLine(unit, func, econ, kind, source, D(amount), project)


def tables_of(lines=(), incomes=(), projects=()):
    return build_tables(build_tree(Budget(DEPT, UNITS, tuple(incomes), tuple(lines), tuple(projects))))


@pytest.fixture(scope="module")
def sample():
    lines = [
        L("139001", "2080101", "30101", P, "10.004"), L("139001", "2080101", "30201", C, "2.5"),
        L("139001", "2101101", "30110", P, "1"),
        L("139001", "2080102", "", J, "3", project="乙项目"), L("139001", "2080102", "30227", J, "4", project="甲项目"),
        L("139002", "2080101", "30101", P, "5", source=Source.CARRY_GENERAL),
        L("139002", "2120101", "", J, "7", source=Source.FUND, project="基金项目"),
    ]
    incomes = [Income("139001", G, D("20.504")), Income("139002", Source.CARRY_GENERAL, D(5)),
               Income("139002", Source.FUND, D(7))]
    projects = [Project("139001", "乙项目", "2080102", None, D(3), G), Project("139001", "甲项目", "2080102", None, D(4), G)]
    return tables_of(lines, incomes, projects)


def test_every_table_is_built_with_its_spec(sample):
    assert list(sample) == ["t1", "t1_1", "t1_2", "t2", "t2_1", "t3", "t3_1", "t3_2", "t4", "t5"]
    for key, t in sample.items():
        s = spec.TABLE_BY_KEY[key]
        assert (t.key, t.number, t.title) == (key, s.number, s.title)
        assert t.subtitle == "部门：测试局（部门）" and t.unit_label == "金额单位：万元"
        assert all(len(h) == t.width for h in t.header)
        assert all(len(r.values) == t.width for r in t.rows)
        for r1, c1, r2, c2 in t.merges:
            assert 0 <= r1 <= r2 < len(t.header) and 0 <= c1 <= c2 < t.width
        keys = [r.key for r in t.rows]
        assert len(keys) == len(set(keys)), key


def test_t1_2_layout_and_exact_amounts(sample):
    t = sample["t1_2"]
    assert [(r.level, r.key) for r in t.rows[:4]] == [
        (TOTAL, ("total",)), ("dept", ("dept",)), (UNIT, ("unit", "139001")), (DETAIL, ("func", "2080101", "139001"))]
    assert t.find("total").values[4:] == ("合 计", D("32.504"), D("18.504"), D(14))
    assert t.find("func", "2080101", "139001").values == ("208", "01", "01", "139001", "行政运行", D("12.504"), D("12.504"), None)
    assert t.find("unit", "139002").values[4] == "乙单位"
    assert [r.key[1] for r in t.rows if r.level == UNIT] == ["139001", "139002"]


def test_t3_is_one_department_block_with_carryover_column(sample):
    t = sample["t3"]
    assert t.find("unit", "139").values[4] == "测试局"  # the whole department, not its 本级 unit
    assert t.find("func", "2080101", "139").values[3:] == ("139", "行政运行", D("17.504"), D("12.504"), D(5))
    assert t.find("total").values[5:] == (D("25.504"), D("20.504"), D(5))  # general budget only


def test_t3_1_class_rows_then_kuan_rows(sample):
    t = sample["t3_1"]
    block = [(r.level, r.values[:4]) for r in t.rows if len(r.key) == 3 and r.key[-1] == "139001"]
    assert block == [
        (CLASS, (None, None, "301", "工资福利支出")), (DETAIL, ("301", "01", "30101", "基本工资")),
        (DETAIL, ("301", "10", "30110", "职工基本医疗保险缴费")),
        (CLASS, (None, None, "302", "商品和服务支出")), (DETAIL, ("302", "01", "30201", "办公费"))]
    assert t.find("unit", "139001").values[2:] == ("139001", "甲单位", D("13.504"), D("11.004"), D("2.5"))


def test_t3_2_projects_in_entry_order_under_their_item(sample):
    t = sample["t3_2"]
    assert [r.key for r in t.rows] == [("total",), ("dept",), ("unit", "139001"), ("func", "2080102", "139001"),
                                      ("project", "139001", "乙项目"), ("project", "139001", "甲项目")]
    assert t.find("func", "2080102", "139001").level == KUAN
    assert t.find("project", "139001", "甲项目").values == ("208", "01", "02", "139001", "甲项目", D(4))


def test_t2_1_shows_unrefined_project_money(sample):
    t = sample["t2_1"]
    row = t.find("unrefined", "139001")
    assert row.level == NOTE and row.values[3] == "项目支出未细化到经济分类" and row.values[4] == D(3)
    assert t.find("econ", "30227", "139001").values[4:] == (D(4), None, None, D(4))
    assert t.find("unrefined", "139002").values[7] == D(7)  # 政府性基金 is 财政拨款 too
    assert any("未细化到经济分类" in n for n in t.notes)


def test_t4_lists_fund_spending_and_t5_is_empty(sample):
    t4, t5 = sample["t4"], sample["t5"]
    assert t4.find("func", "2120101", "139002").values[5:] == (D(7), None, D(7))
    assert t4.header[0][5] == "本年政府性基金预算支出" and t4.notes == ()
    assert [r.key for r in t5.rows] == [("total",)]
    assert t5.rows[0].values == (None,) * 4 + ("合 计",) + (None,) * 3
    assert t5.notes == ("本表无数据",)


def test_t1_income_and_28_classes(sample):
    t = sample["t1"]
    classes = [r for r in t.rows if r.key[0] == "class"]
    assert len(classes) == 28 and classes[7].values[2] == "八、社会保障和就业支出"
    assert classes[0].values[:2] == ("一、一般公共预算拨款收入", D("20.504"))
    assert classes[1].values[:2] == ("二、政府性基金预算拨款收入", D(7))
    assert t.find("carry").values[:2] == ("七、上年结转", D(5))
    assert t.find("grand_total").values == ("收入总计", D("32.504"), "支出总计", D("32.504"))
    assert t.meta["income"]["上年结转"] == (t.rows.index(t.find("carry")), 1)


def test_t2_fiscal_by_fund(sample):
    t = sample["t2"]
    assert t.rows[0].values == ("一、本年收入", D("27.504"), "一、本年支出", D("32.504"), D("25.504"), D(7), None)
    assert t.rows[4].values[:2] == ("二、上年结转", D(5))
    assert t.find("class", "212").values[2:] == ("城乡社区支出", D(7), None, D(7), None)


def test_t1_1_income_by_unit(sample):
    t = sample["t1_1"]
    assert t.header[0][5:] == ("合计", "一般公共预算拨款收入", "政府性基金预算拨款收入", "国有资本经营预算拨款收入",
                               "事业收入", "事业单位经营收入", "其他收入", "上年结转")
    assert t.find("unit", "139002").values[3:] == ("139002", "乙单位", D(12), None, D(7)) + (None,) * 4 + (D(5),)


def test_empty_budget_keeps_headers_and_total_rows():
    tables = tables_of()
    for key in ("t1_1", "t1_2", "t2_1", "t3", "t3_1", "t3_2", "t4", "t5"):
        assert [r.key for r in tables[key].rows] == [("total",)], key
        assert "本表无数据" in tables[key].notes
    assert len(tables["t1"].rows) == 31 and len(tables["t2"].rows) == 29


def test_lines_of_an_unlisted_unit_still_add_up():
    t = tables_of([L("139009", "2080101", "30101", P, "1")])["t1_2"]
    assert t.find("unit", "139009").values[4] == "（未登记单位 139009）"
    assert t.find("total").values[5] == D(1)
