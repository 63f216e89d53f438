"""The roll-up's fast paths give what the plain ways give (issue 17, item 6).

- xlsx_fast writes a row's cells as XML itself: the sheet must be what XlsxWriter's own
  write_string/write_number/write_blank make of the same layout, byte for byte once each cell's
  style index is read as the style it names (indices follow the order of first use, which differs).
- Tree.group_many decides per (kind, source) which columns a cell counts in: the sums must be
  those of the lines filtered one by one.
- relaxed_gc leaves the collector as it found it.
"""

from __future__ import annotations

import gc
import re
import zipfile
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from test_rollup_properties import budgets
from test_writer_equivalence import tricky_table

from deptbudget.core.model import SpendKind
from deptbudget.core.table import DETAIL, NOTE, TOTAL, Col, Row, Table
from deptbudget.io import table_layout, xlsx_fast
from deptbudget.io.batch import RELAXED_GC, relaxed_gc
from deptbudget.rollup.tables.columns import MEASURES
from deptbudget.rollup.tree import build_tree

FORMULA_START = "=+-@"


def xlsxwriter_cells(ws, lay, formats, heights) -> None:
    """The oracle: each cell of the layout through XlsxWriter's public writing methods."""
    for (r, c), style in lay.styles.items():
        if c == min(cc for rr, cc in lay.styles if rr == r) and r in heights:
            ws.set_row(r - 1, heights[r])
        value, fmt = lay.rows[r - 1][c - 1], formats.get(style)
        if value is None or value == "":
            ws.write_blank(r - 1, c - 1, None, fmt)
        elif isinstance(value, str):
            ws.write_string(r - 1, c - 1, value, formats.get(style, value[0] in FORMULA_START))
        elif isinstance(value, bool):
            ws.write_boolean(r - 1, c - 1, value, fmt)
        else:
            ws.write_number(r - 1, c - 1, value, fmt)


def write(path, tables, fast: bool, heights=None) -> None:
    wb = xlsx_fast.new_workbook(path)
    formats = xlsx_fast.Formats(wb)
    for i, table in enumerate(tables):
        ws = wb.add_worksheet(f"S{i}")
        lay = table_layout.layout(table)
        if fast:
            xlsx_fast.write_layout(ws, lay, formats, heights)
        else:
            xlsxwriter_cells(ws, lay, formats, {1: table_layout.TITLE_HEIGHT, **(heights or {})})
            for r1, c1, r2, c2 in lay.merges:
                ws.merge.append([r1 - 1, c1 - 1, r2 - 1, c2 - 1])
            for j, width in enumerate(lay.widths):
                ws.set_column_pixels(j, j, round(width * xlsx_fast.PIXELS_PER_CHAR))
    wb.close()


def sheets_by_style(path) -> dict[str, str]:
    """Each sheet's XML with s="n" replaced by the cellXfs entry n (fonts, fills, borders and
    number formats spelled out)."""
    z = zipfile.ZipFile(path)
    styles = z.read("xl/styles.xml").decode()

    def items(section, tag):
        body = re.search(f"<{section}[^>]*>(.*?)</{section}>", styles, re.S)
        return re.findall(f"<{tag}(?:\\s[^>]*)?/>|<{tag}(?:\\s[^>]*)?>.*?</{tag}>", body.group(1), re.S) if body else []

    parts = {"fontId": items("fonts", "font"), "fillId": items("fills", "fill"), "borderId": items("borders", "border")}
    numfmts = dict(re.findall(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"', styles))

    def spelled(xf):
        for attr, table in parts.items():
            xf = re.sub(f'{attr}="(\\d+)"', lambda m, t=table: t[int(m.group(1))], xf)
        return re.sub(r'numFmtId="(\d+)"', lambda m: numfmts.get(m.group(1), m.group(1)), xf)

    xfs = [spelled(x).replace('"', "'") for x in items("cellXfs", "xf")]
    return {n: re.sub(r' s="(\d+)"', lambda m: f' s="{xfs[int(m.group(1))]}"', z.read(n).decode())
            for n in z.namelist() if n.startswith("xl/worksheets/")}


def odd_table(rich: str = "<r>x</r>") -> Table:
    """What a row writer can get wrong beyond tricky_table: «<r>…</r>» text (`rich`), edge
    spaces, a newline at the end, &, a bool, a float, a gap row, a wide column (AA)."""
    cols = (Col("code", 8), Col("text", 20)) + (Col("money", 10),) * 25
    wide = [None] * 25
    rows = (
        Row(("", "合计", *[Decimal(i) / 7 for i in range(25)]), TOTAL),
        Row((rich, " 前后空格 ", *wide), DETAIL),
        Row(("A&B<C>", "末尾换行\n", True, 1.5, *wide[2:]), DETAIL),
        Row(("", "", *wide[:-1], Decimal("-0.000001")), NOTE),
    )
    return Table(key="x", title="测试表", number="表X", subtitle="部门：测试", header=(("编码", "名称") + ("金额",) * 25,),
                 merges=(), cols=cols, rows=rows, notes=("注一", "注二"))


def test_rows_written_as_xlsxwriter_writes_them(tmp_path):
    """(XlsxWriter writes a text «<r>…</r>» as raw rich-text XML: test_text_shaped_like_rich_text_stays_text.)"""
    tables = [tricky_table(), odd_table(rich="<r>x"), tricky_table()]
    fast, oracle = tmp_path / "fast.xlsx", tmp_path / "oracle.xlsx"
    heights = {5: 40, 9: 12.75}
    write(fast, tables, True, heights)
    write(oracle, tables, False, heights)
    a, b = sheets_by_style(fast), sheets_by_style(oracle)
    assert list(a) == list(b) and len(a) == 3
    for name in a:
        assert a[name] == b[name], name
    assert '<row r="9" ht="12.75" customHeight="1">' in a["xl/worksheets/sheet1.xml"]  # the heights went out


def test_a_row_styled_out_of_column_order_goes_out_in_order(tmp_path):
    """A cell styled after the ones to its right (as export.apply_layout may) is still written in
    column order: Excel refuses a row whose cells go backwards."""
    lay = table_layout.layout(odd_table())
    body = lay.body
    cells = list(lay.styles.items())
    i = cells.index(((body, 1), lay.styles[(body, 1)]))
    cells[i], cells[i + 1] = cells[i + 1], cells[i]  # B before A in that row
    lay.styles = dict(cells)
    for path, fast in ((tmp_path / "fast.xlsx", True), (tmp_path / "oracle.xlsx", False)):
        wb = xlsx_fast.new_workbook(path)
        ws = wb.add_worksheet("S0")
        if fast:
            xlsx_fast.write_layout(ws, lay, xlsx_fast.Formats(wb))
        else:
            xlsxwriter_cells(ws, lay, xlsx_fast.Formats(wb), {1: table_layout.TITLE_HEIGHT})
        wb.close()
    sheet = sheets_by_style(tmp_path / "fast.xlsx")["xl/worksheets/sheet1.xml"]
    refs = re.findall(f'<c r="([A-Z]+){body}"', sheet)
    assert refs[:3] == ["A", "B", "C"] and refs[-1] == "AA" and len(refs) == 27
    assert '<dimension ref="A1:AA' in sheet
    oracle = sheets_by_style(tmp_path / "oracle.xlsx")["xl/worksheets/sheet1.xml"]
    row = re.compile(f'<row r="{body}".*?</row>')
    assert row.search(sheet).group() == row.search(oracle).group()


def test_text_shaped_like_rich_text_stays_text(tmp_path):
    path = tmp_path / "t.xlsx"
    write(path, [odd_table()], True)
    ws = load_workbook(path).active
    assert ws["A6"].value == "<r>x</r>" and ws["B6"].value == " 前后空格 "
    assert ws["A7"].value == "A&B<C>" and ws["B7"].value == "末尾换行\n"
    assert ws["C7"].value is True and ws["D7"].value == 1.5 and ws["AA5"].value == pytest.approx(24 / 7)


def test_text_too_long_for_a_cell_is_refused(tmp_path):
    t = Table(key="x", title="表", number="表X", subtitle="", header=(("名称",),), merges=(),
              cols=(Col("text", 10),), rows=(Row(("长" * 32768,), DETAIL),))
    with pytest.raises(ValueError, match="A5"):
        write(tmp_path / "long.xlsx", [t], True)


def test_nan_is_refused(tmp_path):
    t = Table(key="x", title="表", number="表X", subtitle="", header=(("金额",),), merges=(),
              cols=(Col("money", 10),), rows=(Row((Decimal("NaN"),), DETAIL),))
    with pytest.raises(TypeError):
        write(tmp_path / "nan.xlsx", [t], True)


COLUMNS = ("合计", "基本支出", "项目支出", "人员经费", "公用经费", "当年财政拨款安排", "上年结转安排",
           "财政拨款收入", "事业收入", "一般公共预算", "政府性基金")
SCOPES = ({}, {"fund": "fiscal"}, {"fund": "general", "basic": True}, {"fund": "general", "basic": False},
          {"source": None})


def ok(l, name: str, want) -> bool:
    """One filter on one line, spelled out."""
    many = isinstance(want, frozenset)
    if name == "kind":
        return l.kind in want if many else l.kind == want
    if name == "basic":
        return (l.kind in (SpendKind.PERSONNEL, SpendKind.PUBLIC)) == want
    if name == "source":
        return l.source in want if many else l.source == want
    if name == "fund":
        return l.source.is_fiscal if want == "fiscal" else l.source.fund_type == want
    assert name == "carry"
    return l.source.is_carryover == want


def by_hand(budget, by, measures, scope) -> dict:
    """group_many the slow way: each line tested against each filter, one at a time."""
    def passes(l, f):
        return all(want is None or ok(l, name, want) for name, want in f.items())

    field = {"unit": lambda l: l.unit, "func": lambda l: l.func_code, "econ": lambda l: l.econ_code,
             "class": lambda l: l.func_code[:3]}
    out: dict = {}
    for l in budget.lines:  # a column's own filter replaces the scope's of the same name
        hits = [j for j, m in enumerate(measures) if passes(l, {**scope, **m})]
        if hits:
            amounts = out.setdefault(tuple(field[f](l) for f in by), [Decimal(0)] * len(measures))
            for j in hits:
                amounts[j] += l.amount
    return out


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(budgets(), st.sampled_from((("unit", "econ"), ("unit", "func"), ("func",), ("class",))),
       st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=4), st.sampled_from(SCOPES))
def test_group_many_sums_the_lines(budget, by, columns, scope):
    measures = tuple(MEASURES[c] for c in columns)
    got = build_tree(budget).group_many(by, measures, **scope)
    want = by_hand(budget, by, measures, scope)
    assert got == want
    assert list(got) == sorted(got)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(budgets(), st.sampled_from((("unit", "econ"), ("func",), ("class",))), st.sampled_from(SCOPES))
def test_group_sums_the_lines(budget, by, scope):
    want = {k: v[0] for k, v in by_hand(budget, by, ({},), scope).items()}
    assert build_tree(budget).group(by, **scope) == want


def test_group_many_counts_a_cell_in_each_of_its_columns():
    """Hand figures: a 人员经费 line of 100 in 一般公共预算 counts in 合计, 基本支出 and 人员经费,
    not in 公用经费 or 项目支出; a project line of 7 in 上年结转 only in 合计 and 项目支出."""
    from deptbudget.core.model import Budget, Department, ExpenseLine, Source, Unit

    lines = (ExpenseLine("139001", "2080101", "30101", SpendKind.PERSONNEL, Source.GENERAL, Decimal(100)),
             ExpenseLine("139001", "2080101", "30201", SpendKind.PROJECT, Source.CARRY_GENERAL, Decimal(7),
                         project="甲"))
    b = Budget(Department("139", "测试部门", 2024, "DB-1.0"), (Unit("139001", "单位", None),), (), lines, ())
    measures = tuple(MEASURES[c] for c in ("合计", "基本支出", "人员经费", "公用经费", "项目支出"))
    assert build_tree(b).group_many(("func",), measures) == {
        ("2080101",): [Decimal(107), Decimal(100), Decimal(100), Decimal(0), Decimal(7)]}
    assert build_tree(b).group_many(("func",), measures, fund="fiscal", carry=False) == {
        ("2080101",): [Decimal(100), Decimal(100), Decimal(100), Decimal(0), Decimal(0)]}


def test_relaxed_gc_restores_the_collector():
    before = gc.get_threshold()
    with relaxed_gc():
        assert gc.get_threshold() == RELAXED_GC and gc.get_freeze_count() > 0
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    with pytest.raises(KeyError), relaxed_gc():
        raise KeyError("x")
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
