"""Arithmetic inside a summary table as the workbook shows it: 合计 = parts, 基本 = 人员 + 公用,
row total = 基本 + 项目, 类 = Σ款, unit subtotal = its rows, department = Σ units.

Differences that rounding explains are 提示 (尾差) with the explanation."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from ..core.model import CellRef
from .common import mismatch
from .registry import E, Hit, I, rule

# table key → (total column, part columns) of each body row (indexes into the money columns)
ROW_SUMS = {
    "t1_2": (0, (1, 2)), "t4": (0, (1, 2)), "t5": (0, (1, 2)), "t3": (0, (1, 2)),
    "t3_1": (0, (1, 2)), "t2_1": (0, (1, 2, 3)), "t1_1": (0, (1, 2, 3, 4, 5, 6, 7)), "t2": (1, (2, 3, 4)),
}
COLUMN_NAMES = {
    "t1_2": "合计 = 基本支出 + 项目支出", "t4": "合计 = 基本支出 + 项目支出", "t5": "合计 = 基本支出 + 项目支出",
    "t3": "合计 = 当年财政拨款安排 + 上年结转安排", "t3_1": "基本支出合计 = 人员经费 + 公用经费",
    "t2_1": "合计 = 人员经费 + 公用经费 + 项目支出", "t1_1": "合计 = 各项收入 + 上年结转",
    "t2": "支出合计 = 一般公共预算 + 政府性基金预算 + 国有资本经营预算",
}


def sum_hit(ctx, st, row, j, parts, relation):
    """Compare money column j of `row` with the sum of (row, col) parts."""
    if row is None or j >= len(row.values) or not isinstance(row.values[j], (Decimal, type(None))):
        return None
    total = st.amount(row, j)
    expected = sum((st.amount(r, k) for r, k in parts), Decimal(0))
    h = mismatch(st.ref(row, j), total, expected, len(parts), ctx,
                 {"table": st.expected.number if st.expected else st.key, "relation": relation}, unit=st.unit)
    if h is None:
        return None
    return replace(h, refs=tuple(st.ref(r, k) for r, k in parts[:20]))  # the parts' cells only for a hit


@rule("ARI-01", E, "行内合计不等于各栏之和", "{table}本行 {relation} 不成立：表中 {shown}，各栏之和 {expected}（差 {diff}）", needs=("grid", "shown"))
def row_sums(ctx):
    """汇总表每一行的合计栏等于其组成栏之和：表1-2/表4/表5 合计 = 基本支出 + 项目支出；表3-1 基本支出合计
    = 人员经费 + 公用经费；表2-1 合计 = 人员 + 公用 + 项目；表3 合计 = 当年拨款 + 上年结转；表1-1、表2 同理。

    反例：表1-2 某行合计 100.00，基本支出 60.00，项目支出 30.00。
    正例：合计 90.00 = 60.00 + 30.00。
    """
    for key, (t, parts) in ROW_SUMS.items():
        st = ctx.shown.get(key)
        if st is None:
            continue
        for row in st.rows:
            if len(row.values) <= max(parts) or not any(isinstance(row.values[k], Decimal) for k in parts + (t,)):
                continue
            h = sum_hit(ctx, st, row, t, [(row, k) for k in parts], COLUMN_NAMES[key])
            if h:
                yield h


def _unit_of(key: tuple) -> str | None:
    if key and key[0] in ("func", "econ_class"):
        return key[2]
    if key and key[0] == "unrefined":
        return key[1]
    return None


@rule("ARI-02", E, "单位小计不等于明细之和", "{table}单位 {unit} 的小计（{col}）为 {shown}，其下各行之和为 {expected}（差 {diff}）", needs=("grid", "shown"))
def unit_subtotals(ctx):
    """汇总表中每个单位的小计行等于该单位下各科目行之和（表1-2、表3、表3-1、表3-2、表2-1、表4、表5）。

    反例：表1-2 单位 139002 小计 802.14，其下各功能科目行之和 802.15（且不属尾差时为错误，属尾差时为提示）。
    正例：单位小计 = 各行之和。
    """
    for _key, st in ctx.shown.items():
        units = [r for r in st.rows if r.key[:1] == ("unit",)]
        rows_of: dict[str | None, list] = {}  # unit → its rows, in table order
        for r in st.rows:
            rows_of.setdefault(_unit_of(r.key), []).append(r)
        for urow in units:
            unit = urow.key[1]
            kids = rows_of.get(unit, [])
            if not kids:
                continue
            for j in range(len(st.money_cols)):
                h = sum_hit(ctx, st, urow, j, [(r, j) for r in kids], "")
                if h:
                    yield Hit(h.ref, {**h.params, "unit": unit, "col": _col_name(st, j)}, h.refs, h.severity, h.note)


def _col_name(st, j: int) -> str:
    exp = st.expected
    if exp is None:
        return f"第 {j + 1} 个金额栏"
    col = st.money_cols[j]
    for row in reversed(exp.header):
        if col < len(row) and row[col]:
            return row[col].replace(" ", "")
    return f"第 {col + 1} 栏"


@rule("ARI-03", E, "类/项小计不等于下级之和", "{table}「{name}」小计（{col}）为 {shown}，下级各行之和为 {expected}（差 {diff}）", needs=("grid", "shown"))
def class_subtotals(ctx):
    """经济分类类级小计等于其款级各行之和（表3-1、表2-1）；表3-2 功能科目小计等于其下各项目之和。

    反例：表3-1 139003 的 301 工资福利支出小计 155.99，款级明细之和 155.98。
    正例：小计 = 款级明细之和（差额属尾差时只作提示）。
    """
    for key, st in ctx.shown.items():
        econ_rows: dict[tuple, list] = {}  # (unit, 类) → its 款 rows, in table order
        for r in st.rows:
            if r.key[:1] == ("econ",):
                econ_rows.setdefault((r.key[2], r.key[1][:3]), []).append(r)
        for i, row in enumerate(st.rows):
            if row.key[:1] == ("econ_class",):
                cls, unit = row.key[1], row.key[2]
                kids = econ_rows.get((unit, cls), [])
            elif key == "t3_2" and row.key[:1] == ("func",):
                kids = []
                for r in st.rows[i + 1:]:
                    if r.key[:1] != ("project",):
                        break
                    kids.append(r)
            else:
                continue
            if not kids:
                continue
            for j in range(len(st.money_cols)):
                h = sum_hit(ctx, st, row, j, [(r, j) for r in kids], "")
                if h:
                    name = row.labels[-1] if row.labels else ""
                    yield Hit(h.ref, {**h.params, "name": name, "col": _col_name(st, j)}, h.refs, h.severity, h.note)


@rule("ARI-04", E, "合计不等于各单位之和", "{table}{what}（{col}）为 {shown}，{parts}之和为 {expected}（差 {diff}）", needs=("grid", "shown"))
def dept_totals(ctx):
    """汇总表的部门行等于各单位小计之和，合计行等于部门行。

    反例：表1-2 部门行基本支出 2397.90，五个单位之和 2397.89。
    正例：部门行 = 各单位小计之和 = 合计行。
    """
    for _key, st in ctx.shown.items():
        units = [r for r in st.rows if r.key[:1] == ("unit",)]
        dept, total = st.by_key("dept"), st.by_key("total")
        for j in range(len(st.money_cols)):
            if dept is not None and units:
                h = sum_hit(ctx, st, dept, j, [(r, j) for r in units], "")
                if h:
                    yield Hit(h.ref, {**h.params, "what": "部门行", "parts": "各单位小计", "col": _col_name(st, j)},
                              h.refs, h.severity, h.note)
            if total is not None and dept is not None:
                h = sum_hit(ctx, st, total, j, [(dept, j)], "")
                if h:
                    yield Hit(h.ref, {**h.params, "what": "合计行", "parts": "部门行", "col": _col_name(st, j)},
                              h.refs, h.severity, h.note)


@rule("ARI-05", E, "收支总表合计不等于各项之和", "{table}「{what}」为 {shown}，{parts}之和为 {expected}（差 {diff}）", needs=("grid", "shown"))
def summary_totals(ctx):
    """表1：各支出功能分类（类）之和 = 本年支出合计，各项收入之和 = 本年收入合计，收入总计 = 本年收入合计 +
    上年结转，支出总计 = 本年支出合计；表2：各类支出之和 = 本年支出合计。

    反例：表1 28 个类之和 8022.00，本年支出合计 8022.01。
    正例：各类之和 = 本年支出合计。
    """
    st = ctx.shown.get("t1")
    if st is not None:
        classes = [r for r in st.rows if r.key[:1] == ("class",)]
        year, carry, grand = st.by_key("year_total"), st.by_key("carry"), st.by_key("grand_total")
        checks = [(year, 1, [(r, 1) for r in classes], "本年支出合计", "各功能分类"),
                  (year, 0, [(r, 0) for r in classes if r.values[0] is not None], "本年收入合计", "各项收入"),
                  (grand, 0, [(year, 0), (carry, 0)], "收入总计", "本年收入合计与上年结转"),
                  (grand, 1, [(year, 1)], "支出总计", "本年支出合计")]
        yield from _run(ctx, st, checks)
    st = ctx.shown.get("t2")
    if st is not None:
        classes = [r for r in st.rows if r.key[:1] == ("class",)]
        year = st.by_key("year_total")
        yield from _run(ctx, st, [(year, j, [(r, j) for r in classes], "本年支出", "各功能分类")
                                  for j in (1, 2, 3, 4)])


def _run(ctx, st, checks):
    for row, j, parts, what, label in checks:
        if row is None or not parts or any(r is None for r, _ in parts):
            continue
        h = sum_hit(ctx, st, row, j, parts, "")
        if h:
            yield Hit(h.ref, {**h.params, "what": what, "parts": label}, h.refs, h.severity, h.note)


@rule("ARI-06", I, "公开表样式未核对", "工作簿中的 {sheets} 是「{set}」样式的公开表（金额单位：{unit}）；表内运算与表间勾稽只核对四川部门预算样式的表，这些表未核对", needs=("grid",))
def foreign_layout(ctx):
    """工作簿中有其他公开表样式（如上海部门预算：九张表、单位元、类/款/项小计行）的表时，说明这些表
    没有做表内与表间核对——ARI、XT 规则按四川部门预算的表式读表，不能把上海的「表1 部门财务收支预算
    总表」当作四川的「表1 部门收支总表」去核对，以免误报错误。

    反例：工作簿中有「表1 部门财务收支预算总表」「表2 部门收入预算总表」（上海部门预算样式）。
    正例：工作簿中只有四川部门预算样式的表（表1 部门收支总表 …）。
    """
    from ..tablesets import foreign_sheets

    found = foreign_sheets(ctx.grid.sheets) if ctx.grid is not None else {}
    by_set: dict = {}
    for sheet, ts in found.items():
        by_set.setdefault(ts.name, (ts, []))[1].append(sheet)
    for name, (ts, sheets) in by_set.items():
        yield Hit(CellRef(ctx.file, sheets[0], ""),
                  {"sheets": f"「{sheets[0]}」" + (f"等 {len(sheets)} 张表" if len(sheets) > 1 else ""), "set": name, "unit": ts.money_unit})
