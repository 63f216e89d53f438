"""The figures of a 公开表 workbook as a Budget, so that the 情况说明 pasted into it can be read
against its tables (the NAR rules ask the tree of totals, not the sheets).

Without input lines the tables only give totals: per 功能分类 项 the 基本/项目 split (表1-2), the
一般公共预算 part and its 上年结转 (表3), its 项目 part (表3-2 项 subtotals), the 政府性基金 and
国有资本经营 parts (表4, 表5); the 一般公共预算 人员经费/公用经费 (表3-1); the 三公 items (表3-3);
the other incomes (表1). One line per 项 × 资金 × kind keeps every one of these totals exactly; the
人员/公用 split of the 一般公共预算 基本支出 over the 项 (which the tables do not give) is taken in
table order, and the 三公 items are carved out of the 公用经费 (the part 表3-1 shows) and the 项目支出.
What no table shows — 上年数, units' kinds (机关运行经费), 政府采购 — is not in this budget: the
rules that need it do not run in 公开表 mode (NARRATIVE_RULES).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from ..core.model import Budget, ExpenseLine, Income, Source, SpendKind, Unit
from .shown_read import NON_FISCAL, income_cells

ZERO = Decimal(0)
NARRATIVE_RULES = frozenset(f"NAR-{n:02d}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 14))  # from the tables alone
UNIT = "000001"
SANGONG_ECON = ((1, "30212"), (3, "31013"), (4, "30231"), (5, "30217"))  # 表3-3 money column → 经济分类
OTHER_SOURCES = dict(zip(NON_FISCAL, (Source.BUSINESS, Source.OPERATING, Source.OTHER), strict=True))


class Inconsistent(ValueError):
    """The tables do not add up to one budget (a part larger than its whole): nothing is built."""


def figures_budget(budget: Budget, shown: dict) -> Budget | None:
    """`budget` (a 公开表 budget) with lines and incomes holding the shown figures; None when the
    tables needed (表1-2 and 表1) are missing or do not add up."""
    t12, t1 = shown.get("t1_2"), shown.get("t1")
    if t12 is None or t1 is None or not _items(t12, (1, 2)):
        return None
    try:
        lines = _lines(shown)
    except Inconsistent:
        return None
    sums: dict[Source, Decimal] = {}
    for line in lines:
        sums[line.source] = sums.get(line.source, ZERO) + line.amount
    unit = Unit(UNIT, budget.department.name, None)
    incomes = tuple(Income(UNIT, s, v) for s, v in sums.items() if v)
    return replace(budget, units=(unit,), incomes=incomes, lines=tuple(lines))


def _items(st, cols, level=None) -> dict[str, list[Decimal]]:
    """项 code → the sums of money columns `cols` over the 项 rows (all units) of a shown table."""
    out: dict[str, list[Decimal]] = {}
    for r in (st.rows if st is not None else ()):
        if r.key[:1] == ("func",) and (level is None or r.level == level):
            acc = out.setdefault(r.key[1], [ZERO] * len(cols))
            for i, j in enumerate(cols):
                acc[i] += st.amount(r, j)
    return out


def _lines(shown: dict) -> list[ExpenseLine]:
    basic_project = _items(shown["t1_2"], (1, 2))
    general = _items(shown.get("t3"), (0, 2))  # 合计, 上年结转安排
    general_project = _items(shown.get("t3_2"), (0,), level="kuan")
    fund, soe = _items(shown.get("t4"), (1, 2)), _items(shown.get("t5"), (1, 2))
    _printed_totals(shown["t1_2"], basic_project, general, general_project)
    cells: list[tuple[SpendKind | None, Source, str, Decimal]] = []  # kind None: 基本, split below
    other = {"basic": [], "project": []}
    for code, (basic, project) in basic_project.items():
        g_total, g_carry = general.get(code, [ZERO, ZERO])
        g_project = general_project.get(code, [ZERO])[0]
        parts = [(None, Source.GENERAL, g_total - g_project), (SpendKind.PROJECT, Source.GENERAL, g_project),
                 (None, Source.FUND, fund.get(code, [ZERO, ZERO])[0]),
                 (SpendKind.PROJECT, Source.FUND, fund.get(code, [ZERO, ZERO])[1]),
                 (None, Source.SOE, soe.get(code, [ZERO, ZERO])[0]),
                 (SpendKind.PROJECT, Source.SOE, soe.get(code, [ZERO, ZERO])[1])]
        cells += _carry_first(parts, g_carry, code)
        rest_basic = basic - sum((v for k, _, v in parts if k is None), ZERO)
        rest_project = project - sum((v for k, _, v in parts if k is SpendKind.PROJECT), ZERO)
        if min(rest_basic, rest_project, *(v for *_, v in parts)) < 0:
            raise Inconsistent(code)
        other["basic"].append((code, rest_basic))
        other["project"].append((code, rest_project))
    cells = _fund_carry(shown, cells)
    cells += _other_funds(shown, other)
    lines = _sangong(shown, _kinds(shown, cells))
    shown_codes = set(basic_project) - {l.func_code for l in lines}  # a 项 printed 0.00 is still a 项 of the tables
    return lines + [ExpenseLine(UNIT, c, "30201", SpendKind.PUBLIC, Source.GENERAL, ZERO) for c in sorted(shown_codes)]


def _printed_totals(t12, basic_project: dict, general: dict, general_project: dict) -> None:
    """The 项 rows as printed add up to the 合计 row give or take rounding (8022.00 for 8022.01):
    the difference goes to the largest 一般公共预算 项, so the totals the 情况说明 quotes are the
    printed ones."""
    total = t12.by_key("total")
    if total is None:
        return
    for j, pool in ((0, general), (1, general_project)):
        diff = t12.amount(total, j + 1) - sum((v[j] for v in basic_project.values()), ZERO)
        codes = [c for c in basic_project if pool.get(c, [ZERO])[0] > 0]
        if diff and codes and abs(diff) < Decimal("0.01") * len(basic_project):
            code = max(codes, key=lambda c: pool[c][0])
            basic_project[code][j] += diff
            general[code][0] += diff
            if j == 1:
                general_project[code][0] += diff


def _carry_first(parts, carry: Decimal, code: str) -> list[tuple]:
    """The 一般公共预算 上年结转 of a 项 taken from its 项目支出 first, then its 基本支出."""
    out = []
    for kind, source, amount in parts:
        if source is Source.GENERAL and carry:
            take = min(carry, amount)
            carry -= take
            out.append((kind, Source.CARRY_GENERAL, code, take))
            amount -= take
        out.append((kind, source, code, amount))
    if carry:
        raise Inconsistent(code)
    return out


FUND_CARRY = {"fund": (Source.FUND, Source.CARRY_FUND), "soe": (Source.SOE, Source.CARRY_SOE)}


def _fund_carry(shown: dict, cells: list[tuple]) -> list[tuple]:
    """The 政府性基金 / 国有资本经营 上年结转 of 表2 (表4/表5 do not split it by 项) taken from that
    fund's 项目支出 first, then its 基本支出, in table order."""
    t2 = shown.get("t2")
    inc = income_cells(t2) if t2 is not None else {}
    for fund, (source, carry_source) in FUND_CARRY.items():
        carry = t2.amount(*inc[("上年结转", fund)]) if ("上年结转", fund) in inc else ZERO
        order = sorted((i for i, c in enumerate(cells) if c[1] is source), key=lambda i: cells[i][0] is None)
        for i in order:
            kind, _, code, amount = cells[i]
            take = min(carry, amount)
            if take:
                cells[i] = (kind, source, code, amount - take)
                cells.append((kind, carry_source, code, take))
                carry -= take
        if carry:
            raise Inconsistent(fund)
    return cells


def _other_funds(shown: dict, other: dict) -> list[tuple]:
    """The spending not paid by 财政拨款, paid from 表1's 事业收入, 经营收入, 其他收入 and the
    上年结转 that is not 财政拨款, 基本支出 first."""
    t1, t2 = shown["t1"], shown.get("t2")
    inc1 = income_cells(t1)
    sources = [(OTHER_SOURCES[w], t1.amount(*inc1[("本年", w)])) for w in NON_FISCAL if ("本年", w) in inc1]
    carry = t1.amount(*inc1[("上年结转", "total")]) if ("上年结转", "total") in inc1 else ZERO
    fiscal_carry = ZERO
    if t2 is not None:
        inc2 = income_cells(t2)
        fiscal_carry = sum((t2.amount(*c) for k, c in inc2.items() if k[0] == "上年结转" and k[1] != "total"), ZERO)
    sources.append((Source.CARRY_OTHER, carry - fiscal_carry))
    need = [((kind, code), v) for kind in ("basic", "project") for code, v in other[kind]]
    if sum(v for _, v in need) != sum(v for _, v in sources):
        raise Inconsistent("其他资金")
    return [(None if kind == "basic" else SpendKind.PROJECT, source, code, v)
            for (kind, code), source, v in _northwest(need, sources)]


def _kinds(shown: dict, cells: list[tuple]) -> list[ExpenseLine]:
    """基本支出 split into 人员经费 and 公用经费: the 一般公共预算 part by 表3-1's totals (in table
    order), the rest as 公用经费 (the tables do not say)."""
    t31 = shown.get("t3_1")
    total = t31.by_key("total") if t31 is not None else None
    general = [(i, v) for i, (k, s, _, v) in enumerate(cells) if k is None and s.fund_type == "general"]
    personnel = t31.amount(total, 1) if total is not None else ZERO
    public = sum((v for _, v in general), ZERO) - personnel
    if public < 0:
        raise Inconsistent("人员经费")
    split = {}
    for i, kind, v in _northwest(general, [(SpendKind.PERSONNEL, personnel), (SpendKind.PUBLIC, public)]):
        split.setdefault(i, []).append((kind, v))
    out = []
    for i, (kind, source, code, v) in enumerate(cells):
        for k, amount in split.get(i, [(kind or SpendKind.PUBLIC, v)]):
            if amount:
                econ = {SpendKind.PERSONNEL: "30101", SpendKind.PUBLIC: "30201"}.get(k, "")
                out.append(ExpenseLine(UNIT, code, econ, k, source, amount, "项目" if k is SpendKind.PROJECT else ""))
    return out


def _sangong(shown: dict, lines: list[ExpenseLine]) -> list[ExpenseLine]:
    """Each 三公 item of 表3-3 (一般公共预算) and 表4-1 (政府性基金) moved onto its 经济分类 code, out of
    that fund's lines: for 一般公共预算 the part 表3-1 shows under that code out of 公用经费 and the rest
    out of 项目支出; for 政府性基金 (no 经济分类 table) 公用经费 first."""
    t31 = shown.get("t3_1")
    basic = {}
    for r in (t31.rows if t31 is not None else ()):
        if r.key[:1] == ("econ",):
            basic[r.key[1]] = basic.get(r.key[1], ZERO) + t31.amount(r, 0)
    for key, fund in (("t3_3", "general"), ("t4_1", "fund")):
        st = shown.get(key)
        total = st.by_key("total") if st is not None else None
        for j, econ in SANGONG_ECON if total is not None else ():
            want = st.amount(total, j)
            in_basic = want if fund != "general" else \
                min(want, basic.get(econ, ZERO) + (basic.get("30913", ZERO) if econ == "31013" else ZERO))
            left = _carve(lines, fund, SpendKind.PUBLIC, econ, in_basic) + want - in_basic
            if _carve(lines, fund, SpendKind.PROJECT, econ, left):
                raise Inconsistent(econ)
    return [l for l in lines if l.amount]


def _carve(lines: list[ExpenseLine], fund: str, kind: SpendKind, econ: str, amount: Decimal) -> Decimal:
    """Move up to `amount` of `fund`'s `kind` lines onto `econ`; returns what could not be moved."""
    for i, l in enumerate(list(lines)):
        if amount <= 0:
            break
        if l.kind is kind and l.source.fund_type == fund and l.econ_code in ("30201", "") and l.amount > 0:
            take = min(amount, l.amount)
            lines[i] = replace(l, amount=l.amount - take)
            lines.append(replace(l, econ_code=econ, amount=take))
            amount -= take
    return amount


def _northwest(rows: list[tuple], cols: list[tuple]) -> list[tuple]:
    """Split two lists of (key, amount) with equal sums into (row key, col key, amount) cells (north-west
    corner rule): every row and column total is kept exactly."""
    rows = [[k, v] for k, v in rows if v > 0]
    cols = [[k, v] for k, v in cols if v > 0]
    out, i, j = [], 0, 0
    while i < len(rows) and j < len(cols):
        take = min(rows[i][1], cols[j][1])
        out.append((rows[i][0], cols[j][0], take))
        rows[i][1] -= take
        cols[j][1] -= take
        i += rows[i][1] == 0
        j += cols[j][1] == 0
    if i < len(rows) or j < len(cols):
        raise Inconsistent("合计")
    return out
