"""Between tables: the summary sheets as shown agree with the input lines and with each other
(表1 = 表1-2 by 类, 表2 = 财政拨款 part of 表1, 表3 = 一般公共预算 part of 表1-2, 表3-1 = 表1-2 基本支出,
表3-2 = 表1-2 项目支出, 表2 = 表3 + 表4 + 表5, 表3-3 = 三公 lines, 表6 = projects, 表7 = total), and
each unit's income equals its spending."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from ..core.model import CellRef
from ..core.money import round2
from ..io.grid import a1
from ..reference.codes import SANGONG
from .common import mismatch, show
from .registry import E, Hit, W, rule
from .sheets import as_amount, find_sheet, norm

ZERO = Decimal(0)


@rule("XT-01", E, "汇总表数字与明细不符", "{table}{where}：表中为 {shown}，按录入明细汇总应为 {expected}（差 {diff}）", needs=("grid",))
def shown_vs_detail(ctx):
    """工作簿里的汇总表（表1…表5）每个金额都应等于由录入表明细重新汇总的数；部门手工改过汇总表时，
    改动处会在这里报出。表中数字按两位小数显示，舍入造成的差额不报；多项舍入累积的差额报为尾差提示。

    反例：表1-2 单位 139001 基本支出手工改为 981.34，明细汇总为 981.35。
    正例：汇总表由程序生成或与明细一致。
    """
    for _key, st in ctx.shown.items():
        exp = {r.key: r for r in st.expected.rows}
        for row in st.rows:
            want = exp.get(row.key) if row.key else None
            if want is None:
                continue
            amounts = [v for j, v in enumerate(want.values) if j in st.money_cols]
            for j, _col in enumerate(st.money_cols):
                got = row.values[j]
                if not isinstance(got, (Decimal, type(None))):
                    continue
                e = amounts[j] if isinstance(amounts[j], Decimal) else ZERO
                h = mismatch(None, got or ZERO, e, 1, ctx, {"table": st.expected.number, "where": _where(st, row)})
                if h:
                    yield replace(h, ref=st.ref(row, j))  # the cell only for a hit (most cells agree)


def _where(st, row) -> str:
    label = next((x for x in reversed(row.labels) if x), "")
    return f"「{label}」行" if label else "部门行" if row.key == ("dept",) else ""


@rule("XT-02", E, "汇总表缺少行", "{table}缺少「{name}」这一行（明细汇总为 {amount} 万元）", needs=("grid",))
def missing_rows(ctx):
    """明细中有金额的科目/单位/项目，在工作簿的汇总表中必须有对应行。

    反例：表3-2 删掉了一个项目行。
    正例：汇总表行与明细一一对应。
    """
    for _key, st in ctx.shown.items():
        if not st.rows:
            continue
        have = {r.key for r in st.rows if r.key}
        for row in st.expected.rows:
            money = [v for j, v in enumerate(row.values) if j in st.money_cols and isinstance(v, Decimal)]
            if row.key not in have and any(money):
                name = next((str(v) for v in reversed(row.values) if isinstance(v, str) and v), str(row.key))
                yield Hit(CellRef(st.file, st.sheet, ""), {"table": st.expected.number, "name": name,
                                                          "amount": show(money[0])})


@rule("XT-03", W, "汇总表有明细中没有的行", "{table}第 {row} 行「{name}」在录入明细中找不到对应的科目/单位/项目", needs=("grid",))
def extra_rows(ctx):
    """汇总表中有金额的行都应来自录入明细；手工加的行不会被明细支持。

    反例：表1-2 手工加了一行 2080199 其他人力资源事务支出 10.00。
    正例：每一行都能在明细中找到。
    """
    for _key, st in ctx.shown.items():
        for row in st.rows:
            if not row.key and any(isinstance(v, Decimal) and v for v in row.values):
                name = next((x for x in reversed(row.labels) if x), "")
                yield Hit(st.ref(row), {"table": st.expected.number, "row": row.r + 1, "name": name})


@rule("XT-04", E, "单位收支不平衡", "单位 {unit} 收入合计 {shown} 万元，支出合计 {expected} 万元（差 {diff}）")
def unit_balance(ctx):
    """每个单位的收入合计等于支出合计（基本支出 + 项目支出），部门收支总表才能平衡（表1 收入总计 = 支出总计）。
    只差几分且能由各行舍入解释时报尾差提示。

    反例：139001 收入 1039.07，支出 1000.00。
    正例：139001 收入 1039.07，支出 1039.07。
    """
    from collections import Counter
    from operator import attrgetter

    tree = ctx.tree
    unit_of = attrgetter("unit")  # map() rather than a generator: Counter then counts in C
    terms = Counter(map(unit_of, ctx.budget.lines)) + Counter(map(unit_of, ctx.budget.incomes))
    first_income = {}
    for i in ctx.budget.incomes:
        first_income.setdefault(i.unit, i.ref)
    for u in ctx.budget.units:
        income = tree.income_total(u.code)
        spend = tree.total(unit=u.code)
        if income == 0 and spend == 0:
            continue
        ref = first_income.get(u.code, u.ref)
        h = mismatch(ref, income, spend, terms[u.code], ctx, {"unit": u.code})
        if h:
            yield h


def _shown_pair(ctx, key_a, key_b):
    a, b = ctx.shown.get(key_a), ctx.shown.get(key_b)
    return (a, b) if a is not None and b is not None and a.rows and b.rows else (None, None)


@rule("XT-05", E, "收支总表不平衡", "表1 收入总计 {shown} ≠ 支出总计 {expected}（差 {diff}）", needs=("grid", "shown"))
def t1_balance(ctx):
    """表1 部门收支总表：收入总计 = 支出总计。

    反例：收入总计 8022.01，支出总计 8022.00。
    正例：两者都是 8022.01。
    """
    st = ctx.shown.get("t1")
    row = st.by_key("grand_total") if st else None
    if row is not None:
        terms = len(ctx.budget.lines) + len(ctx.budget.incomes) or len(st.rows)  # 公开表: the rows shown
        h = mismatch(st.ref(row, 0), st.amount(row, 0), st.amount(row, 1), terms, ctx, {}, [st.ref(row, 1)])
        if h:
            yield h


def _rows_by(st, kind: str, part) -> dict[str, list]:
    """part(code) → the rows keyed (kind, code, ...), in table order (one pass, not one per row
    looked up)."""
    out: dict[str, list] = {}
    for r in st.rows:
        if r.key[:1] == (kind,):
            out.setdefault(part(r.key[1]), []).append(r)
    return out


def _compare(ctx, st, row, j, expected, terms, params, refs=()):
    return mismatch(st.ref(row, j), st.amount(row, j), expected, terms, ctx,
                    {"table": st.expected.number, **params}, refs)


@rule("XT-06", E, "表1 与表1-2 按类不符", "表1「{name}」{shown} ≠ 表1-2 该类各科目之和 {expected}（差 {diff}）", needs=("grid", "shown"))
def t1_vs_t1_2(ctx):
    """表1 右栏每个支出功能分类（类）的金额 = 表1-2 中该类各项级科目行之和。

    反例：表1 社会保障和就业支出 7723.43，表1-2 208 类各行之和 7723.42。
    正例：两者相等（差额属尾差时只作提示）。
    """
    t1, t12 = _shown_pair(ctx, "t1", "t1_2")
    if t1 is None:
        return
    class_rows = _rows_by(t12, "func", lambda code: code[:3])
    for row in t1.rows:
        if row.key[:1] != ("class",):
            continue
        parts = class_rows.get(row.key[1], [])
        total = sum((t12.amount(r, 0) for r in parts), ZERO)
        h = _compare(ctx, t1, row, 1, total, len(parts), {"name": row.labels[-1] if row.labels else row.key[1]},
                     [t12.ref(r, 0) for r in parts][:20])
        if h:
            yield h


@rule("XT-07", E, "表2 与表1 财政拨款部分不符", "表2「{name}」{shown} ≠ 表1 该类 {t1} 减非财政拨款 {other} = {expected}（差 {diff}）", needs=("grid",))
def t2_vs_t1(ctx):
    """表2 财政拨款收支总表的各类支出 = 表1 同类支出中的财政拨款部分（表1 金额减去事业收入等非财政拨款资金）。

    反例：全部为财政拨款，表1 卫生健康支出 99.10，表2 99.11。
    正例：两表相同。
    """
    t2, t1 = _shown_pair(ctx, "t2", "t1")
    if t2 is None:
        return
    for row in t2.rows:
        if row.key[:1] != ("class",):
            continue
        other = ctx.tree.total(func=row.key[1]) - ctx.tree.total(func=row.key[1], fund="fiscal")
        t1_row = t1.by_key(*row.key)
        base = t1.amount(t1_row, 1)
        h = _compare(ctx, t2, row, 1, base - other, 1,
                     {"name": row.labels[-1] if row.labels else row.key[1], "t1": show(base), "other": show(other)},
                     [t1.ref(t1_row, 1)] if t1_row else [])
        if h:
            yield h


@rule("XT-08", E, "表3 与表1-2 一般公共预算部分不符", "表3 科目 {code} {shown} ≠ 表1-2 该科目各单位之和减非一般公共预算资金 = {expected}（差 {diff}）", needs=("grid",))
def t3_vs_t1_2(ctx):
    """表3 一般公共预算支出表各项级科目 = 表1-2 同科目各单位之和中的一般公共预算部分。

    反例：表3 行政运行 1866.13，表1-2 各单位行政运行之和 1866.12（全部为一般公共预算）。
    正例：两表相同（差额属尾差时只作提示）。
    """
    t3, t12 = _shown_pair(ctx, "t3", "t1_2")
    if t3 is None:
        return
    func_rows = _rows_by(t12, "func", lambda code: code)
    for row in t3.rows:
        if row.key[:1] != ("func",):
            continue
        func = row.key[1]
        parts = func_rows.get(func, [])
        other = ctx.tree.total(func=func) - ctx.tree.total(func=func, fund="general")
        total = sum((t12.amount(r, 0) for r in parts), ZERO) - other
        h = _compare(ctx, t3, row, 0, total, len(parts), {"code": func}, [t12.ref(r, 0) for r in parts])
        if h:
            yield h


@rule("XT-09", E, "表3-1 与表1-2 基本支出不符", "单位 {unit}：表3-1 基本支出 {shown} ≠ 表1-2 基本支出减非一般公共预算 = {expected}（差 {diff}）", needs=("grid",))
def t3_1_vs_t1_2(ctx):
    """表3-1 每个单位的基本支出合计 = 表1-2 该单位的基本支出（一般公共预算部分）。

    反例：139002 表3-1 765.15，表1-2 基本支出 765.14。
    正例：两表相同（差额属尾差时只作提示）。
    """
    t31, t12 = _shown_pair(ctx, "t3_1", "t1_2")
    if t31 is None:
        return
    for row in t31.rows:
        if row.key[:1] != ("unit",):
            continue
        u = row.key[1]
        other = ctx.tree.total(unit=u, basic=True) - ctx.tree.total(unit=u, basic=True, fund="general")
        r12 = t12.by_key("unit", u)
        h = _compare(ctx, t31, row, 0, t12.amount(r12, 1) - other, 2, {"unit": u},
                     [t12.ref(r12, 1)] if r12 else [])
        if h:
            yield h


@rule("XT-10", E, "表3-2 与表1-2 项目支出不符", "单位 {unit} 科目 {code}：表3-2 {shown} ≠ 表1-2 项目支出减非一般公共预算 = {expected}（差 {diff}）", needs=("grid",))
def t3_2_vs_t1_2(ctx):
    """表3-2 每个单位每个功能科目的项目支出小计 = 表1-2 同单位同科目的项目支出（一般公共预算部分）。

    反例：139003 2080101 表3-2 8.00，表1-2 项目支出 6.00。
    正例：两表相同。
    """
    t32, t12 = _shown_pair(ctx, "t3_2", "t1_2")
    if t32 is None:
        return
    for row in t32.rows:
        if row.key[:1] != ("func",):
            continue
        _, func, u = row.key
        other = ctx.tree.total(unit=u, func=func, basic=False) - ctx.tree.total(unit=u, func=func, basic=False, fund="general")
        r12 = t12.by_key("func", func, u)
        h = _compare(ctx, t32, row, 0, t12.amount(r12, 2) - other, 1, {"unit": u, "code": func},
                     [t12.ref(r12, 2)] if r12 else [])
        if h:
            yield h


@rule("XT-11", E, "表2 不等于表3 + 表4 + 表5", "表2 本年支出 {shown} ≠ 表3 {t3} + 表4 {t4} + 表5 {t5} = {expected}（差 {diff}）", needs=("grid",))
def t2_vs_t3_t4_t5(ctx):
    """财政拨款支出（表2 本年支出合计）= 一般公共预算（表3）+ 政府性基金（表4）+ 国有资本经营（表5）合计。

    反例：表2 8022.01，表3 8022.00，表4、表5 为空。
    正例：表2 = 表3 + 表4 + 表5。
    """
    t2 = ctx.shown.get("t2")
    row = t2.by_key("year_total") if t2 else None
    if row is None:
        return
    parts = {}
    for key in ("t3", "t4", "t5"):
        st = ctx.shown.get(key)
        if st is None:
            return
        parts[key] = st.amount(st.by_key("total"), 0)
    h = _compare(ctx, t2, row, 1, sum(parts.values(), ZERO), 3, {k: show(v) for k, v in parts.items()})
    if h:
        yield h


SANGONG_COLUMNS = (("因公出国", "因公出国（境）费"), ("购置", "公务用车购置费"), ("运行", "公务用车运行费"),
                   ("接待", "公务接待费"))


@rule("XT-12", E, "表3-3 三公经费与明细不符", "表3-3「{item}」{shown} ≠ 一般公共预算中该经济科目（{codes}）合计 {expected}（差 {diff}）", needs=("grid",))
def t3_3_vs_lines(ctx):
    """表3-3 一般公共预算“三公”经费各项 = 一般公共预算支出中对应经济科目之和：因公出国（境）费 30212，
    公务用车购置费 30913/31013，公务用车运行费 30231，公务接待费 30217。

    反例：表3-3 公务接待费 3.00，明细 30217 合计 3.30。
    正例：表3-3 公务接待费 3.30。
    """
    sheet = find_sheet(ctx.grid, "t3_3")
    if sheet is None:
        return
    cols = _label_columns(sheet, SANGONG_COLUMNS)
    first = _first_number_row(sheet, [c for _, (r, c) in cols.items()])
    if first is None:
        return
    for item, (_hr, c) in cols.items():
        codes = SANGONG[item]
        want = sum((ctx.tree.total(fund="general", econ=code) for code in codes), ZERO)
        got = as_amount(sheet.cell(first, c))
        got = got if isinstance(got, Decimal) else ZERO
        h = mismatch(CellRef(ctx.file, sheet.name, a1(first, c)), got, want, 1, ctx,
                     {"item": item, "codes": "/".join(codes)})
        if h:
            yield h


def _label_columns(sheet, wanted) -> dict:
    """item → (header row, column) of the header cell containing the key word (the last match)."""
    out = {}
    for r, row in enumerate(sheet.rows[:12]):
        for c, v in enumerate(row):
            text = norm(v)
            for word, item in wanted:
                if word in text and "小计" not in text and (item not in out or out[item][1] != c):
                    out[item] = (r, c)
    return out


def _first_number_row(sheet, cols) -> int | None:
    start = max((r for r, _ in []), default=0)
    for r in range(start, min(len(sheet.rows), 40)):
        if any(isinstance(as_amount(sheet.cell(r, c)), Decimal) for c in cols):
            return r
    return None


@rule("XT-13", E, "表6 项目与项目支出不符", "表6{problem}：项目「{project}」{detail}", needs=("grid",))
def t6_projects(ctx):
    """表6 部门预算项目绩效目标表的项目及金额与项目支出（表3-2）一致：每个项目都有绩效目标，金额相同。

    反例：表6 中「2024年帮贫解困项目」金额 6.00，项目支出 5.00；或表6 漏了一个项目。
    正例：表6 列出全部项目，金额与项目支出一致。
    """
    sheet = find_sheet(ctx.grid, "t6")
    if sheet is None:
        return
    # Several units may have a project of the same name (「办公设备购置项目」): each name is
    # matched with all its blocks in 表6, not only the first one.
    by_name: dict[str, list] = {}
    for p in ctx.budget.projects:
        by_name.setdefault(norm(p.name), []).append(p)
    cells: dict[str, list] = {}  # name → [(row, (amount column, amount) or None)] of each cell holding it
    for r, row in enumerate(sheet.rows):
        for c, v in enumerate(row):
            key = norm(v)
            if key in by_name:
                cells.setdefault(key, []).append((r, next(((c2, a) for c2 in range(c + 1, len(row))
                                                           for a in [as_amount(row[c2])] if isinstance(a, Decimal)), None)))
    for key, projects in by_name.items():
        found = cells.get(key, [])
        for p in projects[len(found):]:
            yield Hit(CellRef(ctx.file, sheet.name, ""), {"problem": "缺少项目", "project": p.name,
                                                          "detail": f"（{show(p.amount)} 万元）没有绩效目标"})
        yield from _t6_amounts(ctx, sheet, projects, [(r, amount) for r, amount in found if amount is not None])


def _t6_amounts(ctx, sheet, projects, shown: list):
    """The 表6 amounts of one project name against its projects' amounts: equal ones (at two
    decimals) pair up first, whatever the order; each remaining pair is a mismatch."""
    want = [(p, ctx.project_amounts.get((p.unit, p.name), p.amount)) for p in projects]
    unpaired = []
    for r, (c, amount) in shown:
        i = next((i for i, (_, w) in enumerate(want) if round2(w) == round2(amount)), None)
        if i is None:
            unpaired.append((r, c, amount))
        else:
            want.pop(i)
    for (r, c, amount), (p, w) in zip(unpaired, want, strict=False):
        h = mismatch(CellRef(ctx.file, sheet.name, a1(r, c)), amount, w, 1, ctx,
                     {"problem": "金额不符", "project": p.name})
        if h:
            yield Hit(h.ref, {**h.params, "detail": f"表6 为 {h.params['shown']}，项目支出为 {h.params['expected']}"},
                      h.refs, h.severity, h.note)


@rule("XT-14", E, "表7 资金总额与部门预算不符", "表7 资金总额 {shown} ≠ 部门支出总计 {expected}（差 {diff}）", needs=("grid",))
def t7_total(ctx):
    """表7 部门整体支出绩效目标表的「资金总额」= 部门支出总计（表1）。

    反例：表7 资金总额 8000.00，部门支出 8022.01。
    正例：表7 资金总额 8022.01。
    """
    at = t7_total_cell(ctx)
    if at is not None:
        h = mismatch(at[0], at[1], ctx.tree.total(), len(ctx.budget.lines), ctx, {})
        if h:
            yield h


def t7_total_cell(ctx) -> tuple[CellRef, Decimal] | None:
    """The cell of 表7's 资金总额 (under or right of its label) and its amount."""
    sheet = find_sheet(ctx.grid, "t7")
    if sheet is None:
        return None
    for r, row in enumerate(sheet.rows[:30]):
        for c, v in enumerate(row):
            if "资金总额" in norm(v):
                for rr, cc in ((r + 1, c), (r, c + 1)):
                    got = as_amount(sheet.cell(rr, cc))
                    if isinstance(got, Decimal):
                        return CellRef(ctx.file, sheet.name, a1(rr, cc)), got
                return None
    return None


@rule("XT-15", E, "表1-1 与表1 收入不符", "表1-1 收入合计 {shown} ≠ 表1 收入总计 {expected}（差 {diff}）", needs=("grid", "shown"))
def t1_1_vs_t1(ctx):
    """表1-1 部门收入总表的合计 = 表1 收入总计。

    反例：表1-1 合计 8022.00，表1 收入总计 8022.01。
    正例：两表相同。
    """
    t11, t1 = _shown_pair(ctx, "t1_1", "t1")
    if t11 is None:
        return
    row, grand = t11.by_key("total"), t1.by_key("grand_total")
    if row is not None and grand is not None:
        h = _compare(ctx, t11, row, 0, t1.amount(grand, 0), 1, {}, [t1.ref(grand, 0)])
        if h:
            yield h
