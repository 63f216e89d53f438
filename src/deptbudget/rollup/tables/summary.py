"""The 收支总表: 表1 部门收支总表, 表1-1 部门收入总表, 表2 财政拨款收支预算总表.

表1 and 表2 pair income items (left) with the 28 支出功能分类 类 (right), all listed even when
empty, as the seed prints them. Row keys: ("class", "208") for the 类 rows, ("year_total",),
("carry",) and ("grand_total",) for the totals; meta["income"] maps each income item to its
(row, column).
"""

from __future__ import annotations

from decimal import Decimal

from ...core.model import Source
from ...core.table import DETAIL, TOTAL, UNIT, Row
from ...tablesets import USED_CLASSES
from ..measures import CARRY, FISCAL_CARRY  # one definition, shared with the 情况说明
from ..measures import CURRENT as INCOME_SOURCES
from ..names import Names, expenditure_classes, numeral
from ..tree import ZERO, Tree
from .columns import grouped_columns
from .common import (
    CODE,
    MONEY,
    NAME,
    UNIT_CODE,
    blank,
    code_header,
    empty_rows,
    head_rows,
    make_table,
    money_row,
    sums,
    units_in,
)
from .subtotals import SH_MONEY, SH_NAME


def classes(tree: Tree, **scope) -> list[tuple[str, str]]:
    """The 28 类, plus any other 类 the lines use (so the rows always add up)."""
    listed = list(expenditure_classes())
    known = {c for c, _ in listed}
    extra = sorted({k[0] for k in tree.group(("class",), **scope)} - known)
    names = Names(tree) if extra else None
    return listed + [(c, names.func(c)) for c in extra]


def income(tree: Tree, sources) -> Decimal:
    return sum((tree.income_total(source=s) for s in sources), ZERO)


# -- 表1 -------------------------------------------------------------------
T1_HEADER = (("收 入", "", "支 出", ""), ("项 目", "预算数", "项 目", "预算数"))
T1_MERGES = ((0, 0, 0, 1), (0, 2, 0, 3))


def table_1(tree: Tree, d, ts):
    spend = tree.group(("class",))
    rows, meta = [], {}
    for i, (code, name) in enumerate(classes(tree)):
        left = (None, None)
        if i < len(INCOME_SOURCES):
            src = INCOME_SOURCES[i]
            left = (f"{numeral(i + 1)}、{src.value}", blank(tree.income_total(source=src)))
            meta[src.value] = (i, 1)
        right = (f"{numeral(i + 1)}、{name}", blank(spend.get((code,), ZERO)))
        rows.append(Row(left + right, DETAIL, ("class", code)))
    current, carry = income(tree, INCOME_SOURCES), income(tree, CARRY)
    total = tree.total()
    meta["上年结转"] = (len(rows) + 1, 1)
    rows += [
        Row(("本年收入合计", blank(current), "本年支出合计", blank(total)), TOTAL, ("year_total",)),
        Row((f"{numeral(len(INCOME_SOURCES) + 1)}、上年结转", blank(carry), None, None), DETAIL, ("carry",)),
        Row(("收入总计", blank(current + carry), "支出总计", blank(total)), TOTAL, ("grand_total",)),
    ]
    t = make_table(d.key, tree, T1_HEADER, T1_MERGES, (NAME, MONEY, NAME, MONEY), rows, ts=ts)
    t.meta["income"] = meta
    return t


# -- 表1-1 -----------------------------------------------------------------
T1_1_MONEY = ("合计",) + tuple(s.value for s in INCOME_SOURCES) + ("上年结转",)


def table_1_1(tree: Tree, d, ts):
    cols = (CODE, CODE, CODE, UNIT_CODE, NAME) + (MONEY,) * len(T1_1_MONEY)
    header, merges = code_header(("类", "款", "项"), T1_1_MONEY)
    units = units_in(tree, (u for (u, _), v in tree.income.items()))
    body, total = [], [ZERO] * len(T1_1_MONEY)
    for code, name in units:
        amounts = _income_amounts(tree, code)
        total = [a + b for a, b in zip(total, amounts, strict=False)]
        body.append(money_row((None, None, None, code, name), amounts, UNIT, ("unit", code)))
    rows = head_rows(len(cols), 4, total) + body if body else empty_rows(len(cols), 4)
    return make_table(d.key, tree, header, merges, cols, rows, ts=ts)


def _income_amounts(tree: Tree, unit: str) -> list:
    parts = [tree.income_total(unit, s) for s in INCOME_SOURCES]
    carry = sum((tree.income_total(unit, s) for s in CARRY), ZERO)
    return [sum(parts, ZERO) + carry] + parts + [carry]


# -- 表2 -------------------------------------------------------------------
T2_HEADER = (("收 入", "", "支 出", "", "", "", ""),
             ("项 目", "预算数", "项 目", "合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"))
T2_MERGES = ((0, 0, 0, 1), (0, 2, 0, 6))
FUNDS = ("general", "fund", "soe")


def _t2_left(tree: Tree) -> list[tuple]:
    current = [(s.value, tree.income_total(source=s)) for s in INCOME_SOURCES[:3]]
    carry = [(s.value.replace("上年结转（", "").rstrip("）") + "拨款收入", tree.income_total(source=s))
             for s in FISCAL_CARRY]
    return ([("一、本年收入", sum((v for _, v in current), ZERO))] + current
            + [("二、上年结转", sum((v for _, v in carry), ZERO))] + carry)


def table_2(tree: Tree, d, ts):
    left = _t2_left(tree)
    by_fund = tree.group(("fund", "class"), fund="fiscal")
    right = [("一、本年支出", None)] + [(n, c) for c, n in classes(tree, fund="fiscal")]
    rows = []
    for i, (label, code) in enumerate(right):
        parts = [sum((v for (f, c), v in by_fund.items() if f == fund and code in (None, c)), ZERO)
                 for fund in FUNDS]
        lhs = (left[i][0], blank(left[i][1])) if i < len(left) else (None, None)
        rhs = (label, blank(sum(parts, ZERO))) + tuple(blank(p) for p in parts)
        key, level = (("year_total",), TOTAL) if code is None else (("class", code), DETAIL)
        rows.append(Row(lhs + rhs, level, key))
    t = make_table(d.key, tree, T2_HEADER, T2_MERGES, (NAME, MONEY, NAME) + (MONEY,) * 4, rows, ts=ts)
    t.meta["income"] = {("上年结转：" if i > 4 else "") + label: (i, 1)
                        for i, (label, _) in enumerate(left)}
    return t


# -- 收支总表 with the 财政拨款 items grouped (上海 部门财务收支预算总表, 部门财政拨款收支预算总表) ------------
FISCAL_ITEMS = ((Source.GENERAL, "1. 一般公共预算资金"), (Source.FUND, "2. 政府性基金"),
                (Source.SOE, "3. 国有资本经营预算"))
OTHER_ITEMS = ((Source.BUSINESS, "二、事业收入"), (Source.OPERATING, "三、事业单位经营收入"),
               (Source.OTHER, "四、其他收入"))


def grouped_income(tree: Tree, d, ts):
    """收入 on the left (一、财政拨款收入 with its three funds, then 事业收入 …; fund="fiscal": the
    三 funds only), 支出 by 功能分类 类 on the right (the 类 with figures, rows=USED_CLASSES, or all
    28), then 本年收入合计 / 本年支出合计, 上年结转, 收入总计 / 支出总计. With fund="fiscal" the
    right side has the columns of the definition (合计 and one per fund)."""
    fiscal = d.fund == "fiscal"
    scope = {"fund": "fiscal"} if fiscal else {}
    left = [("一、财政拨款收入", income(tree, INCOME_SOURCES[:3]), ("income", "fiscal"))]
    left += [(label, tree.income_total(source=s), ("income", s.name)) for s, label in FISCAL_ITEMS]
    if not fiscal:
        left += [(label, tree.income_total(source=s), ("income", s.name)) for s, label in OTHER_ITEMS]
    listed = classes(tree, **scope) if d.rows != USED_CLASSES else \
        [(c, n) for c, n in classes(tree, **scope) if tree.total(func=c, **scope)]
    columns = d.columns or ("合计",)
    spend = {k[0]: v for k, v in grouped_columns(tree, ("class",), columns, **scope).items()}
    width = len(columns)
    body = []
    for i in range(max(len(left), len(listed))):
        lhs = (left[i][0], blank(left[i][1])) if i < len(left) else (None, None)
        if i < len(listed):
            code, name = listed[i]
            rhs = (f"{numeral(i + 1)}、{name}",) + tuple(blank(x) for x in spend.get(code, [ZERO] * width))
            key = ("class", code)
        else:
            rhs, key = (None,) * (width + 1), left[i][2]
        body.append(Row(lhs + rhs, DETAIL, key))
    carry = sum((tree.income_total(source=s) for s in (FISCAL_CARRY if fiscal else CARRY)), ZERO)
    current = sum((x for _, x, _ in left[:1]), ZERO) + (ZERO if fiscal else income(tree, INCOME_SOURCES[3:]))
    total = sums(spend.values(), width)
    money = tuple(blank(x) for x in total)
    body += [
        Row(("本年收入合计", blank(current), "本年支出合计") + money, TOTAL, ("year_total",)),
        Row(("上年结转", blank(carry), None) + (None,) * width, DETAIL, ("carry",)),
        Row(("收入总计", blank(current + carry), "支出总计") + money, TOTAL, ("grand_total",)),
    ]
    header = (("收 入", "", "支 出") + ("",) * width,
              ("项 目", "预算数", "项 目") + (("预算数",) if not d.columns else tuple(columns)))
    merges = ((0, 0, 0, 1), (0, 2, 0, 2 + width))
    cols = (SH_NAME, SH_MONEY, SH_NAME) + (SH_MONEY,) * width
    return make_table(d.key, tree, header, merges, cols, body, ts=ts)
