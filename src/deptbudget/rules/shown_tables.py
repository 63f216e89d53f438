"""Checks on the shown tables alone: a workbook that holds only the summary tables (公开表 mode,
see shown_read) is checked table against table — 表2's fund columns against 表3/表4/表5 by 类, the
totals per fund from 表1 to 表2 to 表3/表4/表5, 表3-1's 人员经费/公用经费 against 表2-1 and 表1-2,
the 三公 of 表3-3 against the 经济分类 lines of 表3-1, 表7 against 表1.

These rules run only in 公开表 mode: on a workbook with input lines, XT-01 compares every shown
figure with the lines, and the same slip would be reported twice. Every message names both
figures and both places (table, cell, row label).
"""

from __future__ import annotations

from decimal import Decimal

from ..core.model import CellRef
from ..template import spec
from .common import mismatch, show
from .registry import E, Hit, I, W, rule
from .sheets import as_amount
from .shown_read import NON_FISCAL, income_cells

ZERO = Decimal(0)
SAME = 0  # terms of a figure shown twice: both are the same rounding of one amount, no 尾差
SHOWN = ("grid", "published")
FUND_TABLES = (("t3", 2, "一般公共预算"), ("t4", 3, "政府性基金预算"), ("t5", 4, "国有资本经营预算"))
FUND_WORDS = {"general": "一般公共预算拨款收入", "fund": "政府性基金预算拨款收入", "soe": "国有资本经营预算拨款收入"}
FUND_OF_TABLE = {"t3": "general", "t4": "fund", "t5": "soe"}


def place(st, row, j=None) -> str:
    """「表2 E14」: the table's number and the cell."""
    cell = st.ref(row, j).cell
    return f"{st.expected.number} {cell}"


def cells(refs) -> str:
    """The cells of the parts, as the user finds them: 「F10、F11」 or 「F10…F16 共 7 格」."""
    names = [r.cell for r in refs]
    if not names:
        return "无对应行"
    if len(names) <= 3:
        return "、".join(names)
    return f"{names[0]}…{names[-1]} 共 {len(names)} 格"


def _label(row) -> str:
    if row is None:
        return ""
    return next((x for x in reversed(row.labels) if x), "部门" if row.key == ("dept",) else "")


def _present(ctx, *keys):
    tables = [ctx.shown.get(k) for k in keys]
    return tables if all(t is not None for t in tables) else None


def _sums_by(st, size: int) -> dict[str, tuple[Decimal, list]]:
    """类 (size 3) or 项 (size 7) → (sum of the 合计 column of the 项 rows, their cells)."""
    out: dict[str, tuple[Decimal, list]] = {}
    for r in st.rows:
        if r.key[:1] == ("func",) and r.level != "kuan":
            total, refs = out.get(r.key[1][:size], (ZERO, []))
            out[r.key[1][:size]] = (total + st.amount(r, 0), refs + [st.ref(r, 0)])
    return out


def _hit(ctx, ref, got, want, terms, params, refs=()):
    return mismatch(ref, got, want, terms, ctx, params, refs)


@rule("XT-20", E, "表2 资金栏与表3/表4/表5 按类不符",
      "{a}「{name}」{fund}为 {shown}，{b} {cls} 类各科目合计为 {expected}（{parts}；差 {diff}）", needs=SHOWN)
def t2_funds_by_class(ctx):
    """表2 财政拨款收支预算总表中每个支出功能分类（类）的一般公共预算、政府性基金预算、国有资本经营预算三栏，
    分别等于表3、表4、表5 中该类各科目之和。资金记错了类（如政府性基金记在城乡社区支出，表4 却在农林水支出）在这里报出。

    反例：表2「城乡社区支出」政府性基金预算 30.00，表4 212 类各科目合计 0.00（这 30.00 在表4 记在 213 类）。
    正例：表2 每类三栏与表3/表4/表5 该类合计一致。
    """
    t2 = ctx.shown.get("t2")
    if t2 is None:
        return
    t2_rows = {r.key[1]: r for r in t2.rows if r.key[:1] == ("class",)}
    for key, j, fund in FUND_TABLES:
        other = ctx.shown.get(key)
        if other is None:
            continue
        sums = _sums_by(other, 3)
        for cls in sorted(set(sums) | {c for c, r in t2_rows.items() if t2.amount(r, j)}):
            want, refs = sums.get(cls, (ZERO, []))
            row = t2_rows.get(cls)
            ref = t2.ref(row, j) if row is not None else refs[0]
            got = t2.amount(row, j)
            h = _hit(ctx, ref, got, want, len(refs), {
                "a": place(t2, row, j) if row is not None else f"{t2.expected.number}（无此类的行）",
                "name": _label(row) or cls, "fund": fund, "b": other.expected.number, "cls": cls,
                "parts": cells(refs)}, refs[:20])
            if h:
                yield h


@rule("XT-21", E, "表2 资金栏合计与表3/表4/表5 合计不符",
      "{a}本年支出{fund}为 {shown}，{b}合计为 {expected}（差 {diff}）", needs=SHOWN)
def t2_funds_total(ctx):
    """表2 本年支出的一般公共预算、政府性基金预算、国有资本经营预算三栏合计，分别等于表3、表4、表5 的合计。

    反例：表2 本年支出一般公共预算 8022.01，表3 合计 8022.00。
    正例：表2 三栏合计分别等于表3、表4、表5 合计。
    """
    t2 = ctx.shown.get("t2")
    year = t2.by_key("year_total") if t2 else None
    if year is None:
        return
    for key, j, fund in FUND_TABLES:
        other = ctx.shown.get(key)
        total = other.by_key("total") if other else None
        if total is None:
            continue
        h = _hit(ctx, t2.ref(year, j), t2.amount(year, j), other.amount(total, 0), SAME,
                 {"a": place(t2, year, j), "fund": fund, "b": place(other, total, 0)}, [other.ref(total, 0)])
        if h:
            yield h


@rule("XT-22", E, "表1 与表2 收入不符", "{a}「{word}」为 {shown}，{b}本年收入中为 {expected}（差 {diff}）", needs=SHOWN)
def t1_vs_t2_income(ctx):
    """表1 部门收支总表的一般公共预算、政府性基金预算、国有资本经营预算拨款收入，等于表2 本年收入中的同一项。

    反例：表1 一般公共预算拨款收入 8022.01，表2 本年收入一般公共预算拨款收入 8022.00。
    正例：两表同一项收入相同。
    """
    pair = _present(ctx, "t1", "t2")
    if pair is None:
        return
    t1, t2 = pair
    a, b = income_cells(t1), income_cells(t2)
    for fund, word in FUND_WORDS.items():
        if ("本年", fund) not in a or ("本年", fund) not in b:
            continue
        (ra, ja), (rb, jb) = a[("本年", fund)], b[("本年", fund)]
        h = _hit(ctx, t1.ref(ra, ja), t1.amount(ra, ja), t2.amount(rb, jb), SAME,
                 {"a": place(t1, ra, ja), "word": word, "b": place(t2, rb, jb)}, [t2.ref(rb, jb)])
        if h:
            yield h


@rule("XT-23", E, "财政拨款收入与对应支出表不符",
      "{a}{word}为 {shown}（本年{cur}＋上年结转{carry}），{b}为 {expected}（差 {diff}）", needs=SHOWN)
def fund_income_vs_spending(ctx):
    """每一种财政拨款资金收支相等：表2 中一般公共预算拨款收入（本年＋上年结转）= 表3 合计，政府性基金预算拨款收入 =
    表4 合计，国有资本经营预算拨款收入 = 表5 合计。

    反例：表2 一般公共预算拨款收入 8022.01、无上年结转，表3 合计 8021.01。
    正例：收入与对应支出表合计相同。
    """
    t2 = ctx.shown.get("t2")
    if t2 is None:
        return
    inc = income_cells(t2)
    for key, fund in FUND_OF_TABLE.items():
        other = ctx.shown.get(key)
        total = other.by_key("total") if other else None
        if total is None or ("本年", fund) not in inc:
            continue
        row, j = inc[("本年", fund)]
        cur = t2.amount(row, j)
        carry_at = inc.get(("上年结转", fund))
        carry = t2.amount(*carry_at) if carry_at else ZERO
        printed = carry_at is not None and isinstance(carry_at[0].values[carry_at[1]], Decimal)
        h = _hit(ctx, t2.ref(row, j), cur + carry, other.amount(total, 0), 2 if printed else SAME,
                 {"a": place(t2, row, j), "word": FUND_WORDS[fund], "cur": show(cur), "carry": show(carry),
                  "b": f"{place(other, total, 0)}（{other.expected.number}合计）"}, [other.ref(total, 0)])
        if h:
            yield h


def _only_general_basic(ctx) -> tuple[bool, int] | None:
    """(True, hidden): 表4 and 表5 show no 基本支出, so the 财政拨款 基本支出 of 表2-1 is all 一般公共预算
    (表3-1) — but for what a cell printed 0.00 may hide (`hidden` such cells, each under 0.005);
    None when a table is missing and it cannot be told."""
    hidden = 0
    for key in ("t4", "t5"):
        st = ctx.shown.get(key)
        if st is None:
            return None
        total = st.by_key("total")
        if total is not None and st.amount(total, 1):
            return False, 0
        hidden += total is not None and _printed_zero(total, 1)
    return True, hidden


def _printed_zero(row, j: int) -> bool:
    """A 0.00 printed (not a blank cell): a rounded amount of up to 0.005 may stand behind it."""
    return j < len(row.values) and isinstance(row.values[j], Decimal) and row.values[j] == 0


@rule("XT-24", E, "表3-1 人员经费/公用经费与表2-1 不符",
      "{a}「{name}」{col}为 {shown}，{b}同一行为 {expected}（差 {diff}）", needs=SHOWN)
def t3_1_vs_t2_1(ctx):
    """表3-1 一般公共预算基本支出的人员经费、公用经费（每个单位、每个经济分类行和合计），在政府性基金、国有资本经营
    预算没有基本支出时（表4、表5 基本支出为 0），等于表2-1 财政拨款支出的同一行；有时表3-1 不得大于表2-1。

    反例：表3-1 139001 公用经费 137.60，表2-1 139001 公用经费 137.50（表4、表5 无基本支出）。
    正例：两表人员经费、公用经费逐行相同。
    """
    pair = _present(ctx, "t3_1", "t2_1")
    general = _only_general_basic(ctx)
    if pair is None or general is None:
        return
    (t31, t21), (exact, hidden) = pair, general
    for row in t31.rows:
        other = t21.by_key(*row.key) if row.key else None
        if other is None:
            continue
        for j, col in ((1, "人员经费"), (2, "公用经费")):
            got, want = t31.amount(row, j), t21.amount(other, j)
            if not exact and got <= want:
                continue
            h = _hit(ctx, t31.ref(row, j), got, want, hidden,
                     {"a": place(t31, row, j), "name": _label(row), "col": col, "b": place(t21, other, j)},
                     [t21.ref(other, j)])
            if h:
                yield h


NON_GENERAL_INCOME = (2, 3, 4, 5, 6, 7)  # 表1-1: 政府性基金, 国有资本经营, 事业, 经营, 其他收入, 上年结转 (any fund)


@rule("XT-25", E, "表3-1 基本支出与表1-2 不符",
      "{a}「{name}」基本支出为 {shown}，{b}该单位基本支出为 {expected}{why}（差 {diff}）", needs=SHOWN)
def t3_1_vs_t1_2(ctx):
    """表3-1 一般公共预算基本支出（每个单位和合计）等于表1-2 部门支出总表的基本支出——当表1-1 显示该单位只有
    一般公共预算拨款收入时；单位另有事业收入等其他资金时，表3-1 不得大于表1-2。

    反例：表3-1 139002 基本支出 765.15，表1-2 139002 基本支出 765.14，表1-1 该单位只有一般公共预算拨款收入。
    正例：两表基本支出相同（或单位有其他资金，表3-1 小于表1-2）。
    """
    pair = _present(ctx, "t3_1", "t1_2")
    if pair is None:
        return
    t31, t12 = pair
    t11 = ctx.shown.get("t1_1")
    for row in t31.rows:
        if row.key[:1] not in (("unit",), ("total",)):
            continue
        other = t12.by_key(*row.key)
        if other is None:
            continue
        income = t11.by_key(*row.key) if t11 is not None else None
        exact = income is not None and not any(t11.amount(income, j) for j in NON_GENERAL_INCOME)
        hidden = sum(_printed_zero(income, j) for j in NON_GENERAL_INCOME) if exact else 0
        got, want = t31.amount(row, 0), t12.amount(other, 1)
        if not exact and got <= want:
            continue
        why = "（表1-1 该单位只有一般公共预算拨款收入）" if exact else "（表3-1 只含一般公共预算，不能大于表1-2）"
        h = _hit(ctx, t31.ref(row, 0), got, want, hidden,
                 {"a": place(t31, row, 0), "name": _label(row), "b": place(t12, other, 1), "why": why},
                 [t12.ref(other, 1)])
        if h:
            yield h


SANGONG_ITEMS = (  # 表3-3 money column, item, 经济分类 codes of 表3-1
    (1, "因公出国（境）费用", ("30212",)), (3, "公务用车购置费", ("30913", "31013")),
    (4, "公务用车运行费", ("30231",)), (5, "公务接待费", ("30217",)))


@rule("XT-26", E, "表3-3 三公经费与表3-1 经济分类不符",
      "{a}「{name}」{item}为 {shown}，{b}该单位 {codes} 行为 {expected}{why}（差 {diff}）", needs=SHOWN)
def t3_3_vs_t3_1(ctx):
    """表3-3 一般公共预算“三公”经费每个单位的各项，不少于表3-1 一般公共预算基本支出中对应经济分类行（因公出国（境）费
    30212、公务接待费 30217、公务用车运行维护费 30231、公务用车购置 31013/30913）；单位没有一般公共预算项目支出时
    （表3-2 无该单位的项目），两者相等。“三公”可以含项目支出安排的部分，这时多于基本支出不报。

    反例：表3-3 139001 公务接待费 2.00，表3-1 139001 30217 公务接待费 3.00。
    正例：表3-3 公务接待费 3.00，表3-1 30217 3.00（或 5.00，其中 2.00 由项目支出安排）。
    """
    pair = _present(ctx, "t3_3", "t3_1")
    if pair is None:
        return
    t33, t31 = pair
    lines: dict[tuple, tuple[Decimal, list]] = {}  # (unit, code) → amount, cells
    units = {r.key[1] for r in t31.rows if r.key[:1] == ("unit",)}
    units &= {r.key[1] for r in t33.rows if r.key[:1] == ("unit",)}  # by unit where both tables show units
    for r in t31.rows:
        if r.key[:1] == ("econ",):
            unit = r.key[2] if units else None
            v, refs = lines.get((unit, r.key[1]), (ZERO, []))
            lines[(unit, r.key[1])] = (v + t31.amount(r, 0), refs + [t31.ref(r, 0)])
    rows = [r for r in t33.rows if r.key[:1] == ("unit",) and r.key[1] in units] if units else \
        [r for r in t33.rows if r.key == ("total",)]
    projects = _project_units(ctx)
    for row in rows:
        unit = row.key[1] if units else None
        for j, item, codes in SANGONG_ITEMS:
            parts = [lines[(unit, c)] for c in codes if (unit, c) in lines]
            want = sum((v for v, _ in parts), ZERO)
            refs = [ref for _, rs in parts for ref in rs]
            got = t33.amount(row, j)
            exact = projects is not None and (unit not in projects if units else not projects)
            if got >= want and not exact:
                continue
            why = "（该单位没有一般公共预算项目支出，应相等）" if exact else "（三公经费不能少于基本支出中的该项）"
            h = _hit(ctx, t33.ref(row, j), got, want, max(len(refs), 1),
                     {"a": place(t33, row, j), "name": _label(row), "item": item, "b": t31.expected.number,
                      "codes": "/".join(codes) + (f"（{cells(refs)}）" if refs else "（无此行）"), "why": why},
                     refs)
            if h:
                yield h


def _project_units(ctx) -> set[str] | None:
    """The units with 一般公共预算 项目支出 in 表3-2 (None: no 表3-2 to tell)."""
    t32 = ctx.shown.get("t3_2")
    if t32 is None:
        return None
    out = set()
    for r in t32.rows:
        if r.key[:1] == ("project",) and t32.amount(r, 0):
            out.add(r.key[1] or "")
    return out


@rule("XT-28", E, "表2 与表1 按类不符",
      "{a}「{name}」财政拨款支出为 {shown}，{b}该类支出为 {expected}{why}（差 {diff}）", needs=SHOWN)
def t2_vs_t1_by_class(ctx):
    """表2 每一类的财政拨款支出（合计栏）等于表1 该类支出——当表1 没有事业收入、事业单位经营收入、其他收入，且上年结转
    都是财政拨款（表1 上年结转 = 表2 上年结转）时；否则表2 不得大于表1。

    反例：表1 只有一般公共预算拨款收入，表1 卫生健康支出 99.10，表2 卫生健康支出 99.11。
    正例：两表该类相同（或表1 另有事业收入，表2 小于表1）。
    """
    pair = _present(ctx, "t2", "t1")
    if pair is None:
        return
    t2, t1 = pair
    inc1, inc2 = income_cells(t1), income_cells(t2)
    others = [inc1[("本年", w)] for w in NON_FISCAL if ("本年", w) in inc1]
    carry2 = sum((t2.amount(*inc2[k]) for k in inc2 if k[0] == "上年结转" and k[1] != "total"), ZERO)
    carry1 = t1.amount(*inc1[("上年结转", "total")]) if ("上年结转", "total") in inc1 else ZERO
    exact = not any(t1.amount(*c) for c in others) and carry1 == carry2
    # what a printed 0.00 of an other income, or the rounding of the 上年结转 lines, may hide
    hidden = sum(_printed_zero(*c) for c in others) + (2 if carry1 else 0) if exact else 0
    why = "（表1 的收入全部是财政拨款）" if exact else "（表2 只含财政拨款，不能大于表1）"
    for row in t2.rows:
        other = t1.by_key(*row.key) if row.key[:1] == ("class",) else None
        if other is None:
            continue
        got, want = t2.amount(row, 1), t1.amount(other, 1)
        if not exact and got <= want:
            continue
        h = _hit(ctx, t2.ref(row, 1), got, want, hidden,
                 {"a": place(t2, row, 1), "name": _label(row), "b": place(t1, other, 1), "why": why},
                 [t1.ref(other, 1)])
        if h:
            yield h


@rule("XT-27", E, "表7 资金总额与表1 不符", "{a}表7 资金总额为 {shown}，{b}支出总计为 {expected}（差 {diff}）", needs=SHOWN)
def t7_vs_t1(ctx):
    """表7 部门整体支出绩效目标表的「资金总额」等于表1 部门收支总表的支出总计。

    反例：表7 资金总额 8000.00，表1 支出总计 8022.01。
    正例：表7 资金总额 8022.01。
    """
    from .crosstable import t7_total_cell

    t1 = ctx.shown.get("t1")
    grand = t1.by_key("grand_total") if t1 else None
    at = t7_total_cell(ctx)
    if grand is None or at is None:
        return
    ref, got = at
    h = _hit(ctx, ref, got, t1.amount(grand, 1), SAME, {"a": f"「{ref.sheet}」{ref.cell}：", "b": place(t1, grand, 1)},
             [t1.ref(grand, 1)])
    if h:
        yield h


SKIPPED = {  # category → what the input lines would let the catalog check
    "表间勾稽": "汇总表与录入明细逐格核对（XT-01…04）",
    "科目编码": "科目编码与名称逐行核对",
    "绩效目标": "项目与绩效目标、表6/表7 与项目支出",
    "三公经费": "三公明细、公务用车数量与购置计划",
    "金额": "录入金额的单位与大小",
    "完整性": "各表与章节是否齐全",
    "上年数": "上年数",
    "基本信息": "基本信息（人数、车辆、机关运行经费、政府采购）",
    "情况说明": "情况说明中的上年数与增减、机关运行经费、政府采购（公开表没有这些数）",
    "结构": "录入表结构",
}


@rule("STR-50", I, "只含公开表的工作簿",
      "本工作簿只有公开表（{tables}），没有录入表（单位信息、收入、基本支出、项目支出……）：已核对各表表内运算和表与表之间的勾稽关系；"
      "没有录入明细，以下各项无法核对：{skipped}", needs=("published",))
def published_note(ctx):
    """只含汇总表的工作簿（导出的公开表、预算管理一体化系统导出的报表、照公开文件录入的表1…表7）按“公开表”校验：
    表内运算（ARI）和表间勾稽（XT-05/06/15、XT-20…28）照常核对，情况说明按表中的数字核对（rules/shown_budget.py）；
    需要录入明细的规则不运行，本提示列出这些规则的范围。

    反例：（提示，不是错误）导出的「部门预算公开表.xlsx」单独校验。
    正例：含录入表的部门预算工作簿：不出本提示，全部规则运行。
    """
    from .engine import runs_on_published
    from .registry import all_rules
    from .shown_sh_read import ShTable

    # 表内运算: every rule on the shown tables runs (ARI-06, on other layouts of an input workbook, does not)
    cats = [r.category for r in all_rules() if r.check is not None and not runs_on_published(r, ctx)
            and r.category != "表内运算"]
    shanghai = [st for st in ctx.shown.values() if isinstance(st, ShTable)]
    said = {**SKIPPED, "情况说明": SKIPPED["情况说明"] if ctx.budget.lines else SHANGHAI_NARRATIVE if shanghai and
            not ctx.table_sheets else "情况说明（表1、表1-2 不全或彼此对不上，无法得出全部数字）"}
    skipped = "；".join(said.get(c, c) for c in dict.fromkeys(cats)) + (SHANGHAI_SKIPPED if shanghai else "")
    skipped += _missing_shanghai(shanghai)
    tables = [spec.TABLE_BY_KEY[k].number for k in ctx.table_sheets]
    if shanghai:
        tables.append(f"{shanghai[0].set_name}样式的" + "、".join(f"{st.expected.number} {st.definition.title}"
                                                              for st in shanghai))
    yield Hit(CellRef(ctx.file, "", ""), {"tables": "、".join(tables) or "无", "skipped": skipped})


def _missing_shanghai(shanghai: list) -> str:
    """「；上海部门预算的九张表中没有：表8 …」: the set's tables not in the workbook (their checks do not run)."""
    from ..tablesets import get
    from .shown_sh_read import AMOUNT_ROWS

    if not shanghai:
        return ""
    ts = get(shanghai[0].set_name)
    found = {st.key for st in shanghai}
    missing = [t.title for t in ts.tables if t.key not in found and t.rows in AMOUNT_ROWS]  # by title: districts number them otherwise
    return f"；{ts.name}的九张表中没有：{'、'.join(missing)}，与之有关的核对未做" if missing else ""


SHANGHAI_NARRATIVE = "情况说明（上海样式的公开表尚不能据以核对情况说明中的数字）"
SHANGHAI_SKIPPED = "；上海样式的表中：表9 机关运行经费与表6 公用经费、三公各项与表6 对应经济分类行（可含项目支出安排），表2 与表3 逐科目"


SANGONG_SUMS = ((0, (1, 2, 5), "合计 = 因公出国（境）费用 + 公务用车购置及运行费 + 公务接待费"),
                (2, (3, 4), "公务用车购置及运行费 = 公务用车购置费 + 公务用车运行费"))


@rule("ARI-07", E, "三公经费表行内合计不等于各项之和",
      "{table}「{name}」{relation} 不成立：表中 {shown}，各项之和 {expected}（差 {diff}）", needs=("grid", "shown"))
def sangong_row_sums(ctx):
    """表3-3、表4-1 “三公”经费表每一行：合计 = 因公出国（境）费用 + 公务用车购置及运行费 + 公务接待费；
    公务用车购置及运行费（小计）= 公务用车购置费 + 公务用车运行费。

    反例：合计 11.10，因公出国 0、公务用车购置及运行费 8.10、公务接待费 4.00。
    正例：合计 11.10 = 0 + 8.10 + 3.00。
    """
    from .arithmetic import sum_hit

    for key in ("t3_3", "t4_1"):
        st = ctx.shown.get(key)
        if st is None:
            continue
        for row in st.rows:
            if len(row.values) < 6 or not any(isinstance(v, Decimal) for v in row.values):
                continue
            for total, parts, relation in SANGONG_SUMS:
                h = sum_hit(ctx, st, row, total, [(row, k) for k in parts], relation)
                if h:
                    yield Hit(h.ref, {**h.params, "name": _label(row) or "合计"}, h.refs, h.severity, h.note)


@rule("STR-51", W, "公开表的表头不能识别",
      "「{sheet}」有金额，但找不到{table}的表头行（应有「{header}」），该表未能逐行读取，没有参与核对",
      needs=("published",))
def unread_table(ctx):
    """只有公开表的工作簿中，每张表1…表5、表3-3、表4-1 都要按标准表式的表头逐行读取；表头与标准表式不符（列名不同、
    多了或少了列）的表读不出行，不能核对——这时明确告诉用户，而不是默默跳过。

    反例：「表1-2」的表头写成「功能科目 | 名称 | 总计 | 基本 | 项目」，表中有金额。
    正例：表头与导出的公开表相同（「类 款 项 | 单位代码 | 单位名称（科目）| 合计 | 基本支出 | 项目支出」）。
    """
    for st in ctx.shown.values():
        sheet = ctx.grid.sheet(st.sheet)
        if st.rows or sheet is None or not any(isinstance(as_amount(v), Decimal) for row in sheet.rows for v in row):
            continue
        header = " | ".join(x for x in st.expected.header[-1] if x)
        yield Hit(CellRef(ctx.file, st.sheet, ""), {"sheet": st.sheet, "table": st.expected.number, "header": header})
