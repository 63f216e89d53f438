"""The two writers of published tables give the same workbook: XlsxWriter (io.xlsx_fast — new
workbooks: the roll-up's summary, the 公开表 of export) and openpyxl (io.xlsx_tables.render_table —
tables rewritten inside an existing workbook: fill, --workbook, --replace). Both files are read back
with openpyxl and compared cell by cell and style by style: values, number formats, fonts, borders,
fills, alignment, quote prefix, merged ranges, column widths, row heights, frozen panes and print
setup. The 公开表's own page furniture (footer with 表号 and page, 「未通过校验」 marks, margins,
properties) is checked against the values the export module promises.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from deptbudget.core.table import DETAIL, NOTE, TOTAL, Col, Row, Table
from deptbudget.io import export, xlsx_fast
from deptbudget.io.xlsx_tables import render_table
from deptbudget.template import spec


@pytest.fixture(scope="module")
def example_tables():
    from deptbudget.example import load_example
    from deptbudget.pipeline import all_tables

    return all_tables(load_example())


def tricky_table() -> Table:
    """A table with what a writer can get wrong: text that looks like a formula, control
    characters, a literal _x0041_, amounts with more places than shown, negatives, zero, an int,
    an empty string, a note row merged across, header merges over rows and columns."""
    cols = (Col("code", 10), Col("text", 30), Col("money", 14), Col("money", 14), Col("percent", 9))
    rows = (
        Row(("", "合计", Decimal("1234567.891234"), Decimal("-0.005"), None), TOTAL),
        Row(("2010101", "=SUM(A1:A9)", Decimal("0.1"), Decimal("0"), Decimal("12.345")), DETAIL),
        Row(("2010102", "+86 行政运行\t换行\n第二行", Decimal("12345678901.23"), 7, Decimal("100")), DETAIL),
        Row(("-2010103", "含控制符\x01与_x0041_字面", None, Decimal("3.00"), None), DETAIL),
        Row(("@x", "说明：本行为注释", None, None, None), NOTE),
    )
    return Table(key="t1_2", title="部门支出总表", number="表1-2", subtitle="部门：测试局（部门）",
                 header=(("科目编码", "科目名称", "金额", "", "比例"), ("", "", "基本支出", "项目支出", "")),
                 merges=((0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 0, 3), (0, 4, 1, 4)), cols=cols, rows=rows,
                 notes=("注：本表金额单位为万元。",), meta={"year_label": "（2024 年度）"})


def openpyxl_copy(tables: dict[str, Table], path, rounded: bool = False, disclosure: bool = False):
    """The same tables through the openpyxl writer, as fill writes them into a workbook."""
    wb = Workbook()
    wb.remove(wb.active)
    for key, table in tables.items():
        ws = wb.create_sheet(sheet_of(key, table))
        render_table(ws, table, rounded)
        if disclosure:
            export.apply_layout(ws, table)
    wb.save(path)


def sheet_of(key: str, table: Table) -> str:
    return next(t.sheet for t in spec.TABLES if t.key == key)


def style_of(cell) -> tuple:
    f, b, a = cell.font, cell.border, cell.alignment
    color = f.color.rgb[-6:] if f.color is not None and isinstance(f.color.rgb, str) else None
    fill = cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type == "solid" else None
    return (cell.number_format, f.name or "Calibri", f.sz or 11, bool(f.b), bool(f.i), color,
            tuple((s.style, s.color.rgb[-6:] if s.color is not None else None)
                  for s in (b.left, b.right, b.top, b.bottom)),
            fill, a.horizontal, a.vertical, bool(a.wrap_text), bool(cell.quotePrefix))


def covered(ws) -> set[tuple[int, int]]:
    return {(r, c) for m in ws.merged_cells.ranges for r in range(m.min_row, m.max_row + 1)
            for c in range(m.min_col, m.max_col + 1) if (r, c) != (m.min_row, m.min_col)}


def widths(ws) -> dict[int, float]:
    """Column number → width, each <col min max> range spread over its columns."""
    return {c: dim.width for dim in ws.column_dimensions.values() if dim.customWidth and dim.width
            for c in range(dim.min, dim.max + 1)}


def fit(ps) -> tuple:
    """Paper, orientation, pages wide and tall (OOXML's default for an absent fitTo is 1)."""
    wide, tall = (1 if v is None else int(v) for v in (ps.fitToWidth, ps.fitToHeight))
    return int(ps.paperSize), ps.orientation, wide, tall


def assert_same_sheet(a, b) -> None:
    """Every cell of the openpyxl sheet `a` the same in `b` (value and look), covered cells of a
    merge empty in both; merges, widths, heights, panes and print setup the same."""
    assert sorted(map(str, a.merged_cells.ranges)) == sorted(map(str, b.merged_cells.ranges)), a.title
    hidden = covered(a)
    assert a.max_row == b.max_row and a.max_column == b.max_column, a.title
    cells = 0
    for row_a, row_b in zip(a.iter_rows(), b.iter_rows(), strict=True):
        for ca, cb in zip(row_a, row_b, strict=True):
            where = f"{a.title}!{ca.coordinate}"
            va, vb = ca.value, cb.value
            if isinstance(va, (int, float, Decimal)) and not isinstance(va, bool):
                assert isinstance(vb, (int, float)) and not isinstance(vb, bool), where
                assert Decimal(repr(vb)) == Decimal(repr(va)) or float(va) == float(vb), (where, va, vb)
            else:
                assert va == vb, (where, va, vb)
            if (ca.row, ca.column) in hidden:
                assert vb is None, where
                continue
            assert style_of(ca) == style_of(cb), (where, style_of(ca), style_of(cb))
            cells += 1
    assert cells > 0
    wa, wb = widths(a), widths(b)
    assert wa and set(wb) == set(wa), a.title
    for col, w in wa.items():
        assert wb[col] == pytest.approx(w, abs=0.08), (a.title, col)  # XlsxWriter keeps whole pixels
    for r, dim in a.row_dimensions.items():
        if dim.height:
            assert b.row_dimensions[r].height == pytest.approx(dim.height), (a.title, r)
    assert b.freeze_panes == a.freeze_panes
    assert b.print_title_rows == a.print_title_rows
    pa, pb = a.page_setup, b.page_setup
    assert fit(pb) == fit(pa) == (9, "landscape", 1, 0)
    assert b.sheet_properties.pageSetUpPr.fitToPage and b.print_options.horizontalCentered
    ma, mb = a.page_margins, b.page_margins
    assert (mb.left, mb.right) == (ma.left, ma.right)


def test_summary_workbook_equals_openpyxl_cell_by_cell(example_tables, tmp_path):
    tables = {k: t for k, t in example_tables.items() if k in ("t1", "t1_1", "t1_2", "t2", "t2_1", "t3",
                                                                  "t3_1", "t3_2", "t4", "t5")}
    tables["t1_2"] = tricky_table()
    fast, slow = tmp_path / "fast.xlsx", tmp_path / "slow.xlsx"
    xlsx_fast.write_summary(fast, tables)
    openpyxl_copy({t.key: tables[t.key] for t in spec.TABLES if t.key in tables}, slow)
    a, b = load_workbook(slow), load_workbook(fast)
    assert b.sheetnames == a.sheetnames == [t.sheet for t in spec.TABLES if t.key in tables]
    for name in a.sheetnames:
        assert_same_sheet(a[name], b[name])
        assert (b[name].page_margins.top, b[name].page_margins.bottom) == (0.5, 0.5)


def test_tricky_cells_read_back_exactly(tmp_path):
    """What a user typed comes back as typed: formula-like text stays text (quote prefix), the
    control character and the literal _x0041_ survive, amounts keep every digit XlsxWriter writes."""
    from python_calamine import CalamineWorkbook

    path = tmp_path / "t.xlsx"
    xlsx_fast.write_summary(path, {"t1_2": tricky_table()})
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    body = rows[5:10]
    assert body[1][1] == "=SUM(A1:A9)" and body[2][1] == "+86 行政运行\t换行\n第二行"
    assert body[3][0] == "-2010103" and body[3][1] == "含控制符\x01与_x0041_字面"
    assert body[0][2] == 1234567.891234 and body[0][3] == -0.005 and body[2][2] == 12345678901.23
    assert body[2][3] == 7 and body[4][0] == "@x"
    ws = load_workbook(path).active
    assert ws["B7"].quotePrefix and ws["B8"].quotePrefix and ws["A9"].quotePrefix and ws["A10"].quotePrefix
    assert ws["B7"].data_type == "s" and not ws["B6"].quotePrefix
    assert "A4:A5" in {str(m) for m in ws.merged_cells.ranges}  # header merged over two rows
    assert "A10:E10" in {str(m) for m in ws.merged_cells.ranges}  # the note row across


def test_empty_summary_has_one_sheet(tmp_path):
    path = tmp_path / "empty.xlsx"
    xlsx_fast.write_summary(path, {})
    assert load_workbook(path).sheetnames == ["汇总"]


@pytest.mark.parametrize("unchecked", ["", "未通过校验：尚有 3 条错误，仅供内部核对，不得公开"])
def test_disclosure_equals_openpyxl_and_keeps_its_page_furniture(example_tables, tmp_path, unchecked):
    fast, slow = tmp_path / "fast.xlsx", tmp_path / "slow.xlsx"
    export.write_disclosure_xlsx(example_tables, fast, unchecked=unchecked)
    ordered = {t.key: example_tables[t.key] for t in spec.TABLES if t.key in example_tables}
    openpyxl_copy(ordered, slow, rounded=True, disclosure=True)
    a, b = load_workbook(slow), load_workbook(fast)
    assert len(b.sheetnames) == 14 and b.sheetnames == a.sheetnames
    for name in a.sheetnames:
        a[name].freeze_panes = None  # the 公开表 is not frozen
        assert_same_sheet(a[name], b[name])
        ws, number = b[name], name.split(" ")[0]
        assert str(ws.oddFooter.center.text) == f"{number}  第 &P 页，共 &N 页" and ws.oddFooter.center.size == 9
        m = ws.page_margins
        assert (m.top, m.bottom, m.header, m.footer) == (0.6, 0.6, 0.2, 0.2)
        if unchecked:
            assert ws.oddHeader.center.text == unchecked and ws.oddHeader.center.color == "FF0000"
            assert ws.oddFooter.left.text == export.UNCHECKED
        else:
            assert not ws.oddHeader.center.text and not ws.oddFooter.left.text
    t7 = b["表7 部门整体支出绩效目标表"] if "表7 部门整体支出绩效目标表" in b.sheetnames else b[b.sheetnames[-1]]
    assert len(t7.merged_cells.ranges) > 3  # body blocks merged
    props = b.properties
    if unchecked:
        assert props.subject == props.keywords == export.UNCHECKED and props.description == unchecked
        assert [(p.name, p.value) for p in b.custom_doc_props.props] == [("校验状态", unchecked)]
    else:
        assert props.subject is None and not list(b.custom_doc_props.props)


def test_disclosure_amounts_are_rounded_half_up(tmp_path):
    """The 公开表 carries amounts rounded to 0.01 (ROUND_HALF_UP), not the exact values."""
    from python_calamine import CalamineWorkbook

    path = tmp_path / "d.xlsx"
    xlsx_fast.write_disclosure(path, export.disclosure_sheets({"t1_2": tricky_table()}))
    body = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()[5:8]
    assert body[0][2] == 1234567.89 and body[0][3] == -0.01 and body[1][4] == 12.35
