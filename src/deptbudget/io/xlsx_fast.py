"""New workbooks of published tables written with XlsxWriter, row by row (constant_memory).

The workbooks the tool creates from scratch — the roll-up's summary tables and the 公开表 of
`export` — grow with the units of a department (表2-1 and 表3-1 list every unit's 科目), and
openpyxl builds a cell object with its own style for each, then serialises them all at the end:
that was most of a roll-up's time. XlsxWriter streams each row to disk as soon as the next one
starts, with one shared format per look, so time and memory stay small however many units. The
rows' cells go out as XML made here (XlsxWriter's per-cell write calls were half of a 500-unit
roll-up's writing); the workbook, the formats and their indices, each <row> element, merges and
page setup stay XlsxWriter's. openpyxl still edits existing workbooks (fill, annotate, --workbook
on a department workbook).

Cells, merges, widths and print setup come from io.table_layout, as for the openpyxl writer
(xlsx_tables.render_table) and the live-workbook writer (excel.book_io); tests/test_writer_equivalence.py
compares this writer's output with openpyxl's cell by cell and style by style, tests/test_fast_paths.py
its sheet XML with what XlsxWriter's own write_string/write_number/write_blank make of the same cells.
"""

from __future__ import annotations

import math
import os
import re
from decimal import Decimal
from operator import gt

from ..core.table import Table
from . import table_layout
from .atomic import atomic_path
from .table_layout import Layout, Style

FONT = "宋体"
BLACK, HEADER_GREY, NOTE_GREY = "#000000", "#E7E6E6", "#666666"
# Style role (table_layout.Style.role) → XlsxWriter format properties (as xlsx_style's openpyxl styles).
_ROLE = {
    "title": {"font_name": "黑体", "font_size": 16, "bold": True},
    "number": {"font_name": FONT, "font_size": 10},
    "year": {},
    "subtitle": {"font_name": FONT, "font_size": 10},
    "unit": {"font_name": FONT, "font_size": 10},
    "header": {"font_name": FONT, "font_size": 10, "bold": True, "border": 1, "border_color": BLACK,
               "pattern": 1, "bg_color": HEADER_GREY},
    "body": {"font_name": FONT, "font_size": 10, "border": 1, "border_color": BLACK},
    "bold": {"font_name": FONT, "font_size": 10, "bold": True, "border": 1, "border_color": BLACK},
    "note": {"font_name": FONT, "font_size": 9, "italic": True, "font_color": NOTE_GREY},
}
_ALIGN = {"center": {"align": "center", "valign": "vcenter", "text_wrap": True},
          "left": {"align": "left", "valign": "vcenter", "text_wrap": True},
          "right": {"align": "right", "valign": "vcenter"}, "": {}}
_FORMULA_START = "=+-@"  # text that Excel would take for a formula: kept as text (quote prefix)
PIXELS_PER_CHAR = 7  # XlsxWriter's width unit (Calibri 11's digit); widths are given in characters


def new_workbook(path: str | os.PathLike):
    """An XlsxWriter workbook writing to `path` row by row; text is never turned into numbers,
    formulas or links."""
    import xlsxwriter

    return xlsxwriter.Workbook(os.fspath(path), {
        "constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
        "strings_to_urls": False, "nan_inf_to_errors": False})


class Formats:
    """One XlsxWriter format per look (Style, and Style with a quote prefix), made on first use;
    and the XML of a cell in that look, as XlsxWriter writes it in constant_memory mode."""

    def __init__(self, wb):
        self.wb = wb
        self.plain: dict[Style, object] = {}
        self.quoted: dict[Style, object] = {}
        self.xf: dict[Style, int] = {}  # look → its index in styles.xml
        self.xf_quoted: dict[Style, int] = {}
        self.texts: dict[str, str] = {}  # text → its <t> element (names repeat in every unit block)

    def cell(self, ref: str, value, style: Style) -> str:
        """The <c> element of cell `ref` (A1) holding `value` in `style`: an empty text is an
        empty cell (as openpyxl writes it), text Excel would take for a formula keeps a quote
        prefix, a Decimal is written as its own digits (%.16G, as XlsxWriter does)."""
        if type(value) is Decimal and value.is_finite():  # most cells: an amount
            return f'<c r="{ref}" s="{self.index(style)}"><v>{value:.16G}</v></c>'
        if value is None or value == "":
            return f'<c r="{ref}" s="{self.index(style)}"/>'
        if isinstance(value, str):
            s = self.index(style, value[0] in _FORMULA_START)
            return f'<c r="{ref}" s="{s}" t="inlineStr"><is>{self.text(value, ref)}</is></c>'
        if isinstance(value, bool):
            return f'<c r="{ref}" s="{self.index(style)}" t="b"><v>{int(value)}</v></c>'
        if isinstance(value, (Decimal, int, float)):
            if not math.isfinite(value):
                raise TypeError(f"cannot write {value} into a table cell ({ref})")
            return f'<c r="{ref}" s="{self.index(style)}"><v>{value:.16G}</v></c>'
        raise TypeError(f"cannot write {type(value).__name__} into a table cell ({ref})")

    def index(self, style: Style, quote: bool = False) -> int:
        """The look's xf index, given by XlsxWriter in order of first use (as its own cells do)."""
        known = self.xf_quoted if quote else self.xf
        i = known.get(style)
        if i is None:
            i = known[style] = self.get(style, quote)._get_xf_index()
        return i

    def text(self, value: str, ref: str) -> str:
        t = self.texts.get(value)
        if t is None:
            t = self.texts[value] = _text_element(value, ref)
        return t

    def get(self, style: Style, quote: bool = False):
        fmt = (self.quoted if quote else self.plain).get(style)
        return fmt if fmt is not None else self._make(style, quote)

    def _make(self, style: Style, quote: bool):
        props = {**_ROLE[style.role], **_ALIGN[style.align]}
        if style.fmt:
            props["num_format"] = style.fmt
        if quote:
            props["quote_prefix"] = True
        fmt = (self.quoted if quote else self.plain)[style] = self.wb.add_format(props)
        return fmt


def write_layout(ws, lay: Layout, formats: Formats, row_heights: dict[int, float] | None = None) -> None:
    """The cells of `lay` in row order (as constant_memory requires), its merges and widths.
    Every cell the layout fills has a style (table_layout puts value and style together), so the
    styles are the cells to write. `row_heights`: 1-based row → height in points (row 1: title)."""
    heights = {1: table_layout.TITLE_HEIGHT, **(row_heights or {})}
    rows, cell = lay.rows, formats.cell
    row_seen, cols, parts, values = 0, [], [], []
    for (r, c), style in lay.styles.items():  # table_layout fills the rows top to bottom
        if r != row_seen:
            if r < row_seen:  # a streamed row cannot be written again
                raise ValueError(f"layout cell ({r}, {c}) comes after row {row_seen}")
            if parts:
                _row(ws, row_seen - 1, cols, parts)
                cols, parts = [], []
            row_seen, ref_row, values = r, str(r), rows[r - 1]
            if r in heights:  # before the row goes out: a streamed row is final
                ws.set_row(r - 1, heights[r])
        cols.append(c)
        parts.append(cell(_COLUMN[c] + ref_row, values[c - 1], style))
    if parts:
        _row(ws, row_seen - 1, cols, parts)
    for r1, c1, r2, c2 in lay.merges:
        _merge(ws, r1 - 1, c1 - 1, r2 - 1, c2 - 1)
    for j, width in enumerate(lay.widths):
        ws.set_column_pixels(j, j, round(width * PIXELS_PER_CHAR))


def _row(ws, row: int, cols: list[int], cells: list[str]) -> None:
    """One row's <row> element with its cells' XML (`cells`, of the 1-based columns `cols`, put in
    column order as Excel requires), straight into the sheet's constant_memory row file: what
    XlsxWriter's write_*() and _write_single_row() make of the same cells, without a cell object
    and a dispatch per cell (most of a large roll-up's writing time). The row element, the
    sheet's dimensions and its height are XlsxWriter's own; nothing is pending for an earlier
    row (this sheet's cells are written only here), and previous_row moves past this one so
    that XlsxWriter never writes it again. tests/test_fast_paths.py compares the sheet XML with
    XlsxWriter's own, byte for byte."""
    if ws.table or row < ws.previous_row:
        raise ValueError(f"row {row + 1} written out of order")
    if any(map(gt, cols, cols[1:])):  # rare: a cell styled after the ones right of it
        cols, cells = zip(*sorted(zip(cols, cells, strict=True)), strict=True)
    ws._check_dimensions(row, cols[0] - 1)
    ws._check_dimensions(row, cols[-1] - 1)
    cells = "".join(cells)
    if row in ws.row_info or ws.excel_version != 2007 or ws.default_row_height != ws.original_row_height:
        ws._write_row(row, None, ws.row_info.get(row))  # height and the like: XlsxWriter's attributes
        ws.fh.write(cells + "</row>")
    else:
        ws.fh.write(f'<row r="{row + 1}">{cells}</row>')
    ws.previous_row = row + 1


def _text_element(value: str, ref: str) -> str:
    """<t> of an inline string as XlsxWriter writes it: control characters as _xHHHH_ (and a
    literal _xHHHH_ kept by escaping its underscore), & < > escaped, leading or trailing space
    preserved. (XlsxWriter would write text shaped like «<r>…</r>» as raw rich-text XML; here it
    stays the text it is.) Text longer than a cell holds is refused, never cut."""
    if len(value) > _MAX_TEXT // 2 and len(value.encode("utf-16-le", "surrogatepass")) // 2 > _MAX_TEXT:
        raise ValueError(f"单元格 {ref} 的文字超过 Excel 单元格上限（{_MAX_TEXT} 个字符）")
    value = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", _ESCAPE_LIKE.sub(r"_x005F\1", value))
    value = value.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    space = ' xml:space="preserve"' if _EDGE_SPACE.search(value) else ""
    return f"<t{space}>{value.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')}</t>"


_MAX_TEXT = 32767  # UTF-16 units in a cell
_ESCAPE_LIKE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_EDGE_SPACE = re.compile(r"^\s|\s$")


class _Columns(dict):
    """1-based column number → its letters (1 → A, 27 → AA), made on first use."""

    def __missing__(self, c: int) -> str:
        name, n = "", c
        while n:
            n, rem = divmod(n - 1, 26)
            name = chr(65 + rem) + name
        self[c] = name
        return name


_COLUMN = _Columns()


def _merge(ws, r1: int, c1: int, r2: int, c2: int) -> None:
    """Declare a merged range whose cells write_layout has written, each in its layout style.
    XlsxWriter's merge_range would write them again and, in constant_memory mode, refuses a range
    starting on a row already streamed, so the range goes straight into the list merge_range
    itself keeps (written at close; tests/test_writer_equivalence.py checks every merge)."""
    ws.merge.append([r1, c1, r2, c2])


def page_setup(ws, header: tuple[int, int] | None = None, landscape: bool = True,
               margins: tuple[float, float, float, float] = (0.4, 0.4, 0.5, 0.5), hf_margin: float = 0.5) -> None:
    """A4, fit to one page wide, centred, header rows repeated (as xlsx_style.page_setup)."""
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(*margins)
    ws.center_horizontally()
    if header:
        ws.repeat_rows(header[0] - 1, header[1] - 1)
    ws.set_header("", {"margin": hf_margin})
    ws.set_footer("", {"margin": hf_margin})


def write_tables(path: str | os.PathLike, tables: dict[str, Table], sheet_of, rounded: bool = False) -> None:
    """A workbook of `tables` (in the given order), each on the sheet `sheet_of(key, table)`,
    frozen under its header; an empty workbook gets one sheet 「汇总」."""
    wb = new_workbook(path)
    formats = Formats(wb)
    for key, table in tables.items():
        ws = wb.add_worksheet(sheet_of(key, table))
        lay = table_layout.layout(table, rounded)
        write_layout(ws, lay, formats)
        ws.freeze_panes(lay.body - 1, 0)
        page_setup(ws, lay.header)
    if not tables:
        wb.add_worksheet("汇总")
    wb.close()


def write_summary(path: str | os.PathLike, tables: dict[str, Table], inputs=(), rounded: bool = False) -> None:
    """A new workbook holding just the summary tables, in the 目录 order (atomic write)."""
    named = table_layout.table_sheets(tables)  # the 14 by their sheet names, another set's after
    sheets = {id(t): name for name, t in named}
    ordered = {name: t for name, t in named}
    with atomic_path(path, inputs) as tmp:
        write_tables(tmp, ordered, lambda _key, table: sheets[id(table)], rounded)


def write_disclosure(path: str | os.PathLike, sheets: list, unchecked: str = "", mark: str = "") -> None:
    """The 公开表 workbook: for each (sheet name, 表号, layout, row heights) a print-ready sheet,
    not frozen, its 表号 and page in the footer. `unchecked` (a forced export's note) goes on top
    of every page in red, `mark` (「未通过校验」) in the footer and both into the properties."""
    wb = new_workbook(path)
    formats = Formats(wb)
    for name, number, lay, heights in sheets:
        ws = wb.add_worksheet(name)
        write_layout(ws, lay, formats, heights)
        # room of their own for header and footer between page edge and table (with header = top
        # margin, LibreOffice prints them with no height: invisible in the PDF)
        page_setup(ws, lay.header, margins=(0.4, 0.4, 0.6, 0.6), hf_margin=0.2)
        if lay.breaks:
            ws.set_h_pagebreaks(lay.breaks)  # a page ends after each of these rows
        footer = f"&C&9 {number}  第 &P 页，共 &N 页"
        if unchecked:
            ws.set_header(f'&C&"宋体,Bold"&12 &KFF0000{unchecked}', {"margin": 0.2})
            footer = f"&L&9 &KFF0000{mark}" + footer
        ws.set_footer(footer, {"margin": 0.2})
    if not sheets:
        wb.add_worksheet("汇总")
    if unchecked:
        wb.set_properties({"subject": mark, "keywords": mark, "comments": unchecked})
        wb.set_custom_property("校验状态", unchecked)
    wb.close()
