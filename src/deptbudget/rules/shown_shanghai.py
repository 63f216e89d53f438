"""Checks on the 上海 公开表 alone (公开表 mode, the nine tables read by shown_sh_read): the sums inside
each table — 合计 = its columns, 类 = Σ款, 款 = Σ项, the 合计 row = Σ类, 表9's 三公, the two sides of
表1/表4 — and the figures shown in two tables: 表1 against 表2 and 表3, 表4's fund columns against
表5/表7/表8, 表5's 基本支出 against 表6, 表4's 财政拨款收入 against 表1.

The relations come from the set definition (tablesets.shanghai): a table's money columns are its
TableDef columns, 合计 the sum of the others; the SUBTOTALS tables' 类/款/项 rows. A figure shown in
two tables must agree to the cent (错误); a sum of rounded parts off by rounding only is 尾差 (提示).
Amounts are compared in the unit the tables print (元); where two tables print different units
(表9 in 万元 beside 表1 in 元), in the coarser one.
"""

from __future__ import annotations

from decimal import Decimal

from ..core.model import CellRef
from ..tablesets import SUBTOTALS
from .arithmetic import sum_hit
from .common import mismatch
from .registry import E, Hit, W, rule
from .shown_sh_read import UNITS, ShTable, names_of
from .shown_tables import cells, place

ZERO = Decimal(0)
SAME = 0  # a figure shown twice: both the same rounding of one amount
NEEDS = ("grid", "published")
FUND_TABLES = (("一般公共预算", "sh5"), ("政府性基金", "sh7"), ("国有资本经营预算", "sh8"))
INCOME_COLUMNS = (("财政拨款收入", "fiscal"), ("事业收入", "business"), ("事业单位经营收入", "operating"),
                  ("其他收入", "other"), ("上年结转", "carry"))  # 表2 column ↔ 表1 收入 line
INCOME_NAMES = {"fiscal": "财政拨款收入", "general": "一般公共预算", "fund": "政府性基金", "soe": "国有资本经营预算",
                "business": "事业收入", "operating": "事业单位经营收入", "other": "其他收入",
                "year": "本年收入合计", "carry": "上年结转", "surplus": "结余", "grand": "收入总计"}


# -- reading the tables --------------------------------------------------------------------------
def _sh(ctx, key: str) -> ShTable | None:
    st = ctx.shown.get(key)
    return st if isinstance(st, ShTable) and st.names else None


def _all(ctx) -> list[ShTable]:
    return [st for st in ctx.shown.values() if isinstance(st, ShTable) and st.names]


def _unread_rows(st: ShTable) -> list:
    """Rows with amounts that were read neither as a 科目 nor as 合计 (no code the reader knows)."""
    return [r for r in st.rows if not r.key and any(isinstance(v, Decimal) for v in r.values)]


def _coded(ctx) -> list[ShTable]:
    """表2, 表3, 表5 … 表8: the tables of 类/款/项 (经济分类 类/款) rows — those whose every row with
    amounts was read as a 科目 or 合计 (a row read otherwise would be missing from the sums)."""
    return [st for st in _all(ctx) if st.definition.rows == SUBTOTALS and not _unread_rows(st)]


def _name(row) -> str:
    """「208 社会保障和就业支出」, 「合计」, 「一、财政拨款收入」: a row as the user finds it."""
    if row.key[:1] == ("code",):
        name = row.labels[-1] if row.labels and not row.labels[-1].isdigit() else ""
        return f"{row.key[1]} {name}".strip()
    return next((x for x in reversed(row.labels) if x), "合计")


def _with(h: Hit | None, **params):
    """The hit (if any) with the rule's own params added."""
    if h is not None:
        yield Hit(h.ref, {**h.params, **params}, h.refs, h.severity, h.note)


def _coarser(a: ShTable, b: ShTable) -> str:
    return max(a.unit, b.unit, key=UNITS.get)


def _in(st: ShTable, value: Decimal, unit: str) -> Decimal:
    """An amount of `st` in `unit` (exact: 元 → 万元 divides by 10000)."""
    return value * UNITS[st.unit] / UNITS[unit]


def _compare(ctx, a: ShTable, ra, ja: int, b: ShTable, want: Decimal, terms: int, refs, params: dict):
    """a's figure (row ra, column ja) against `want`, an amount of b, in the coarser unit."""
    unit = _coarser(a, b)
    got = _in(a, a.amount(ra, ja), unit)
    return mismatch(a.ref(ra, ja), got, _in(b, want, unit), terms, ctx, {**params, "unit": unit}, refs, unit=unit)


def _sum_of(st: ShTable, parts) -> Decimal:
    return sum((st.amount(r, j) for r, j in parts), ZERO)


# -- inside one table ----------------------------------------------------------------------------
@rule("ARI-10", E, "上海公开表行内合计不等于各栏之和",
      "{table}「{name}」合计 = {parts} 不成立：表中 {shown}，各栏之和 {expected}（差 {diff}）", needs=NEEDS)
def sh_row_sums(ctx):
    """上海公开表每一行的合计栏等于同行其余金额栏之和，栏目按表式定义：表2 财政拨款收入 + 事业收入 + 事业单位
    经营收入 + 其他收入 + 上年结转；表3 基本支出 + 项目支出 + 上缴上级支出 + 经营支出 + 对附属单位补助支出；表4 支出
    一般公共预算 + 政府性基金 + 国有资本经营预算；表5、表7、表8 基本支出 + 项目支出；表6 人员经费 + 公用经费。
    表头有表式以外的金额栏时，这张表不做本项核对（不能确定合计由哪些栏组成）。

    反例：表5「2080505 机关事业单位基本养老保险缴费支出」合计 2411800.00，基本支出 2411800.00，项目支出 1000.00。
    正例：合计 2412800.00 = 2411800.00 + 1000.00。
    """
    for st in _all(ctx):
        total = st.col("合计")
        parts = [j for j, n in enumerate(st.names) if n not in ("合计", "收入")]
        if total is None or not parts or st.unknown or st.key == "sh9":
            continue
        for row in st.rows:
            if row.level == "in" or not any(isinstance(row.values[k], Decimal) for k in [total, *parts]):
                continue
            h = sum_hit(ctx, st, row, total, [(row, k) for k in parts], "")
            yield from _with(h, name=_name(row), parts=" + ".join(st.names[k] for k in parts))


def _children(st: ShTable) -> dict[str, list]:
    """code → its rows one level down (类 → 款, 款 → 项; a level the table leaves out is skipped)."""
    codes = [r for r in st.rows if r.key[:1] == ("code",)]
    out: dict[str, list] = {}
    for r in codes:
        code = r.key[1]
        below = [k for k in codes if k.key[1].startswith(code) and len(k.key[1]) > len(code)]
        if below:
            size = min(len(k.key[1]) for k in below)
            out[code] = [k for k in below if len(k.key[1]) == size]
    return out


@rule("ARI-11", E, "上海公开表类/款小计不等于下级之和",
      "{table}「{name}」{col}为 {shown}，其下 {n} 行（{parts}）之和为 {expected}（差 {diff}）", needs=NEEDS)
def sh_subtotals(ctx):
    """上海公开表（表2、表3、表5…表8）的类/款/项小计行：每个类等于其下各款之和，每个款等于其下各项之和（表6：经济
    分类每个类等于其下各款之和），每个金额栏都核对。

    反例：表3「20805 行政事业单位养老支出」合计 2411800.00，其下 2080505 一行 2411900.00。
    正例：款 2411800.00 = 其下各项之和 2411800.00。
    """
    for st in _coded(ctx):
        kids_of = _children(st)
        for row in st.rows:
            kids = kids_of.get(row.key[1]) if row.key[:1] == ("code",) else None
            for j in range(len(st.names)) if kids else ():
                h = sum_hit(ctx, st, row, j, [(k, j) for k in kids], "")
                yield from _with(h, name=_name(row), col=st.names[j], n=len(kids), parts=cells(h.refs) if h else "")


@rule("ARI-12", E, "上海公开表合计行不等于各类之和",
      "{table}合计行 {col}为 {shown}，各{level}（{parts}）之和为 {expected}（差 {diff}）", needs=NEEDS)
def sh_total_row(ctx):
    """上海公开表（表2、表3、表5…表8）的合计行等于各类（最高一级科目）行之和，每个金额栏都核对；表中没有科目行时
    合计应为空或 0。

    反例：表5 合计行合计 80220141.00，208、210、221 三类之和 80220041.00。
    正例：合计行 = 各类之和。
    """
    for st in _coded(ctx):
        total = st.by_key("total")
        if total is None:
            continue
        codes = [r for r in st.rows if r.key[:1] == ("code",)]
        size = min((len(r.key[1]) for r in codes), default=3)
        tops = [r for r in codes if len(r.key[1]) == size]
        level = {3: "类", 5: "款", 7: "项"}.get(size, "科目")
        for j in range(len(st.names)):
            h = sum_hit(ctx, st, total, j, [(r, j) for r in tops], "")
            yield from _with(h, col=st.names[j], level=level, parts=cells(h.refs) if h else "")


SANGONG = (("合计", ("因公出国（境）费", "公务用车购置及运行费", "公务接待费")),
           ("公务用车购置及运行费", ("公务用车购置费", "公务用车运行费")))
SANGONG_FLAT = ("合计", ("因公出国（境）费", "公务用车购置费", "公务用车运行费", "公务接待费"))  # no 小计 column


@rule("ARI-13", E, "上海三公经费表合计不等于各项之和",
      "{table}「{name}」{relation} 不成立：表中 {shown}，各项之和 {expected}（差 {diff}）", needs=NEEDS)
def sh_sangong_sums(ctx):
    """表9“三公”经费和机关运行经费预算表每一行：“三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行费 + 公务
    接待费；公务用车购置及运行费（小计）= 购置费 + 运行费（表中没有小计栏时：合计 = 因公出国（境）费 + 购置费 +
    运行费 + 公务接待费）。机关运行经费不计入“三公”经费合计。

    反例：合计 73000.00，因公出国（境）费 0、公务用车购置及运行费 40000.00、公务接待费 23000.00。
    正例：合计 73000.00 = 0 + 40000.00 + 33000.00；40000.00 = 0 + 40000.00。
    """
    st = _sh(ctx, "sh9")
    if st is None:
        return
    relations = SANGONG if st.col("公务用车购置及运行费") is not None else (SANGONG_FLAT,)
    for row in st.rows:
        for total, parts in relations:
            cols = [st.col(n) for n in (total, *parts)]
            if None in cols or not any(isinstance(row.values[k], Decimal) for k in cols):
                continue
            h = sum_hit(ctx, st, row, cols[0], [(row, k) for k in cols[1:]], "")
            yield from _with(h, name=_name(row), relation=f"{total} = {' + '.join(parts)}")


def _lines(st: ShTable) -> dict[str, object]:
    """表1/表4 收入 side: what → its row (the first of each)."""
    out: dict = {}
    for r in st.rows:
        if r.level == "in":
            out.setdefault(r.key[1], r)
    return out


def _fiscal_terms(lines) -> list:
    if "fiscal" in lines:
        return [lines["fiscal"]]
    return [lines[k] for k in ("general", "fund", "soe") if k in lines]


def _year_terms(lines) -> list:
    if "year" in lines:
        return [lines["year"]]
    return _fiscal_terms(lines) + [lines[k] for k in ("business", "operating", "other") if k in lines]


def _out(st: ShTable, what: str):
    return st.by_key("out", what)


@rule("ARI-14", E, "上海收支总表合计不等于各项之和",
      "{table}「{what}」{col}为 {shown}，{parts}之和为 {expected}（差 {diff}）", needs=NEEDS)
def sh_summary_sums(ctx):
    """表1 部门财务收支预算总表、表4 部门财政拨款收支预算总表：财政拨款收入 = 一般公共预算 + 政府性基金 + 国有资本
    经营预算；本年收入合计 = 各项收入之和；收入总计 = 本年收入合计 + 上年结转（+ 结余）；本年支出合计 = 各类支出
    之和（表4 每一栏）；支出总计 = 本年支出合计 + 结转下年；收入总计 = 支出总计。

    反例：表1 本年支出合计 80220141.00，三类支出之和 80220041.00。
    正例：各类之和 = 本年支出合计 = 支出总计 = 收入总计。
    """
    for key in ("sh1", "sh4"):
        st = _sh(ctx, key)
        if st is None:
            continue
        lines = _lines(st)
        checks = []
        if "fiscal" in lines:
            checks.append((lines["fiscal"], 0, [lines[k] for k in ("general", "fund", "soe") if k in lines], "各项财政拨款"))
        if "year" in lines:
            checks.append((lines["year"], 0, _year_terms({k: v for k, v in lines.items() if k != "year"}), "各项收入"))
        if "grand" in lines:
            checks.append((lines["grand"], 0, _year_terms(lines) + [lines[k] for k in ("carry", "surplus") if k in lines],
                           "本年收入与上年结转"))
        classes = [r for r in st.rows if r.level == "class"]
        year, grand = _out(st, "year"), _out(st, "grand")
        next_year = [r for r in (_out(st, "carry_next"),) if r is not None]
        for j in range(1, len(st.names)):
            if year is not None:
                checks.append((year, j, classes, "各类支出"))
            if grand is not None:
                checks.append((grand, j, ([year] if year is not None else classes) + next_year, "本年支出与结转下年"))
        for row, j, parts, words in checks:
            if parts:
                h = sum_hit(ctx, st, row, j, [(r, j) for r in parts], "")
                yield from _with(h, what=_name(row), col="" if j == 0 or st.key == "sh1" else st.names[j], parts=words)
        if "grand" in lines and grand is not None:  # 收入总计 = 支出总计: one figure
            h = mismatch(st.ref(lines["grand"], 0), st.amount(lines["grand"], 0), st.amount(grand, 1), SAME, ctx,
                         {"table": st.expected.number}, [st.ref(grand, 1)], unit=st.unit)
            yield from _with(h, what="收入总计", col="", parts="支出总计（一个数）")


# -- between tables ------------------------------------------------------------------------------
@rule("XT-30", E, "上海表2 与表1 收入不符",
      "{a}「{what}」为 {shown}，{b}为 {expected}（{unit}；差 {diff}）", needs=NEEDS)
def sh_t2_vs_t1(ctx):
    """表2 部门收入预算总表合计行的各栏，等于表1 部门财务收支预算总表的同一项收入：财政拨款收入、事业收入、事业单位
    经营收入、其他收入、上年结转；表2 合计等于表1 收入总计（表2 没有上年结转栏时，等于本年收入合计）。

    反例：表2 合计行财政拨款收入 80220141.00，表1「一、财政拨款收入」80220041.00。
    正例：两表同一项收入相同。
    """
    t2, t1 = _sh(ctx, "sh2"), _sh(ctx, "sh1")
    total = t2.by_key("total") if t2 and t1 else None
    if total is None:
        return
    lines = _lines(t1)
    pairs = [(col, [lines[what]] if what in lines else _fiscal_terms(lines) if what == "fiscal" else [],
              INCOME_NAMES[what]) for col, what in INCOME_COLUMNS]
    whole = [lines["grand"]] if "grand" in lines and (t2.col("上年结转") is not None or "carry" not in lines) \
        else _year_terms(lines)
    if not ("surplus" in lines and t1.amount(lines["surplus"], 0)):  # 表2 has no column for 使用非财政拨款结余
        pairs.append(("合计", whole, "收入总计" if whole[:1] == [lines.get("grand")] else "本年收入合计"))
    for col, rows, what in pairs:
        j = t2.col(col)
        if j is None or not rows:
            continue
        b = place(t1, rows[0], 0) if len(rows) == 1 else f"{t1.expected.number} {cells([t1.ref(r, 0) for r in rows])} 之和"
        h = _compare(ctx, t2, total, j, t1, _sum_of(t1, [(r, 0) for r in rows]), SAME if len(rows) == 1 else len(rows),
                     [t1.ref(r, 0) for r in rows], {"a": place(t2, total, j), "what": col, "b": f"{b}「{what}」"})
        yield from _with(h)


def _class_pairs(a: ShTable, a_rows: dict, b: ShTable):
    """(class, row of a or None, row of b or None): 表1/表4's 类 rows (by code, or by name where the
    类 is not in the code list) beside the 类 rows of a coded table, every 类 of either."""
    b_rows = {r.key[1]: r for r in b.rows if r.key[:1] == ("code",) and len(r.key[1]) == 3}
    by_name = {name: code for code, name in names_of(b).items() if len(code) == 3}
    matched = {k: by_name.get(k, k) for k in a_rows}
    for k, row in a_rows.items():
        yield k, row, b_rows.get(matched[k])
    for code, row in b_rows.items():
        if code not in matched.values():
            yield code, None, row


@rule("XT-31", E, "上海表1 支出与表3 不符",
      "{a}「{what}」为 {shown}，{b}为 {expected}（{unit}；差 {diff}）", needs=NEEDS)
def sh_t1_vs_t3(ctx):
    """表1 部门财务收支预算总表的本年支出合计和每一类支出，等于表3 部门支出预算总表的合计行和该类的合计栏（表1 列出
    的类、表3 列出的类，两边都核对：表3 有而表1 没有的类也报）。

    反例：表1「二、卫生健康支出」991047.00，表3「210 卫生健康支出」合计 991147.00。
    正例：两表每类支出相同。
    """
    t1, t3 = _sh(ctx, "sh1"), _sh(ctx, "sh3")
    if t1 is None or t3 is None or t3.col("合计") is None:
        return
    j3 = t3.col("合计")
    year = _out(t1, "year") or (_out(t1, "grand") if _out(t1, "carry_next") is None else None)
    total = t3.by_key("total")
    if year is not None and total is not None:
        yield from _with(_compare(ctx, t1, year, 1, t3, t3.amount(total, j3), SAME, [t3.ref(total, j3)],
                                  {"a": place(t1, year, 1), "what": _name(year), "b": f"{place(t3, total, j3)}「合计」"}))
    yield from _classes(ctx, t1, 1, t3, j3, "")


def _classes(ctx, a: ShTable, ja: int, b: ShTable, jb: int, fund: str):
    """Each 类 of a (表1/表4, column ja) against the same 类 of b (column jb), both ways."""
    a_rows = {r.key[1]: r for r in a.rows if r.level == "class"}
    for _k, ra, rb in _class_pairs(a, a_rows, b):
        if ra is None and not b.amount(rb, jb):
            continue
        if ra is not None and rb is None and not a.amount(ra, ja):
            continue
        if ra is None:  # a 类 of b that a does not list: found at b's cell
            yield from _with(_compare(ctx, b, rb, jb, a, ZERO, SAME, [], {
                "a": place(b, rb, jb), "what": _name(rb), "b": f"{a.expected.number}（没有这一类）{fund}"}))
            continue
        want = b.amount(rb, jb) if rb is not None else ZERO
        where = f"{place(b, rb, jb)}「{_name(rb)}」" if rb is not None else f"{b.expected.number}（没有这一类）"
        yield from _with(_compare(ctx, a, ra, ja, b, want, SAME, [b.ref(rb, jb)] if rb is not None else [],
                                  {"a": place(a, ra, ja), "what": _name(ra) + fund, "b": where}))


@rule("XT-32", E, "上海表4 资金栏与表5/表7/表8 不符",
      "{a}「{what}」为 {shown}，{b}为 {expected}（{unit}；差 {diff}）", needs=NEEDS)
def sh_t4_vs_fund_tables(ctx):
    """表4 部门财政拨款收支预算总表的一般公共预算、政府性基金、国有资本经营预算三栏（本年支出合计和每一类），分别
    等于表5、表7、表8（一般公共预算、政府性基金预算、国有资本经营预算支出功能分类预算表）的合计行和该类合计。
    资金记错了类（表4 记在城乡社区支出，表7 却在农林水支出）在这里报出。

    反例：表4「城乡社区支出」政府性基金 300000.00，表7 没有 212 类（这笔钱在表7 记在 213 类）。
    正例：表4 每类三栏与表5/表7/表8 该类合计一致。
    """
    t4 = _sh(ctx, "sh4")
    if t4 is None:
        return
    year = _out(t4, "year") or _out(t4, "grand")
    for fund, key in FUND_TABLES:
        other, j4 = _sh(ctx, key), t4.col(fund)
        if other is None or j4 is None or other.col("合计") is None:
            continue
        jo, total = other.col("合计"), other.by_key("total")
        if year is not None and total is not None:
            yield from _with(_compare(ctx, t4, year, j4, other, other.amount(total, jo), SAME, [other.ref(total, jo)],
                                      {"a": place(t4, year, j4), "what": f"{_name(year)}（{fund}）",
                                       "b": f"{place(other, total, jo)}「合计」"}))
        yield from _classes(ctx, t4, j4, other, jo, f"（{fund}）")


@rule("XT-33", E, "上海表5 基本支出与表6 不符",
      "{a}「合计」基本支出为 {shown}，{b}「合计」为 {expected}（{unit}；差 {diff}）", needs=NEEDS)
def sh_t5_vs_t6(ctx):
    """表5 部门一般公共预算支出功能分类预算表合计行的基本支出，等于表6 一般公共预算基本支出部门预算经济分类预算表
    的合计（同一笔一般公共预算基本支出，按功能分类和按经济分类各列一次）。

    反例：表5 合计行基本支出 23978907.00，表6 合计 23978807.00。
    正例：两表相同。
    """
    t5, t6 = _sh(ctx, "sh5"), _sh(ctx, "sh6")
    if t5 is None or t6 is None or t5.col("基本支出") is None or t6.col("合计") is None:
        return
    r5, r6 = t5.by_key("total"), t6.by_key("total")
    if r5 is None or r6 is None:
        return
    j5, j6 = t5.col("基本支出"), t6.col("合计")
    yield from _with(_compare(ctx, t5, r5, j5, t6, t6.amount(r6, j6), SAME, [t6.ref(r6, j6)],
                              {"a": place(t5, r5, j5), "b": place(t6, r6, j6)}))


@rule("XT-34", E, "上海表4 财政拨款收入与表1 不符",
      "{a}「{what}」为 {shown}，{b}为 {expected}（{unit}；差 {diff}）", needs=NEEDS)
def sh_t4_vs_t1(ctx):
    """表4 部门财政拨款收支预算总表的财政拨款收入（一般公共预算、政府性基金、国有资本经营预算，及其合计），等于表1
    部门财务收支预算总表的同一项收入。

    反例：表4「一、一般公共预算」80220141.00，表1「1. 一般公共预算资金」80220041.00。
    正例：两表同一项收入相同。
    """
    t4, t1 = _sh(ctx, "sh4"), _sh(ctx, "sh1")
    if t4 is None or t1 is None:
        return
    a, b = _lines(t4), _lines(t1)
    for what in ("fiscal", "general", "fund", "soe"):
        if what in a and what in b:
            yield from _with(_compare(ctx, t4, a[what], 0, t1, t1.amount(b[what], 0), SAME, [t1.ref(b[what], 0)],
                                      {"a": place(t4, a[what], 0), "what": _name(a[what]),
                                       "b": f"{place(t1, b[what], 0)}「{_name(b[what])}」"}))


@rule("STR-52", W, "上海公开表的行不能识别",
      "「{sheet}」第 {row} 行有金额，但读不出科目编码（{labels}）：这一行没有参与核对，{table}的类/款/项小计和合计行也未核对",
      needs=NEEDS)
def sh_unread_rows(ctx):
    """上海公开表（表2、表3、表5…表8）每一行有金额的行都要按科目编码（类/款/项，整写或分写）或「合计」读出；读不出的
    行（编码写错、只有名称）不能参与类/款/项小计和合计行的核对——这时明确告诉用户，而不是默默跳过。

    反例：表5 一行只写「行政运行」和金额，没有编码。
    正例：该行写「2070101 行政运行」（或 207 | 01 | 01 | 行政运行）。
    """
    for st in _all(ctx):
        if st.definition.rows != SUBTOTALS:
            continue
        for r in _unread_rows(st):
            yield Hit(CellRef(ctx.file, st.sheet, f"A{r.r + 1}"), {
                "sheet": st.sheet, "row": r.r + 1, "table": st.expected.number,
                "labels": "、".join(x for x in r.labels if x) or "空白"})
