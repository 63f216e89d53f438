"""New workbooks of published tables written with XlsxWriter, row by row (constant_memory).

The workbooks the tool creates from scratch — the roll-up's summary tables and the 公开表 of
`export` — grow with the units of a department (表2-1 and 表3-1 list every unit's 科目), and
openpyxl builds a cell object with its own style for each, then serialises them all at the end:
that was most of a roll-up's time. XlsxWriter streams each row to disk as soon as the next one
starts, with one shared format per look, so time and memory stay small however many units.
openpyxl still edits existing workbooks (fill, annotate, --workbook on a department workbook).

Cells, merges, widths and print setup come from io.table_layout, as for the openpyxl writer
(xlsx_tables.render_table) and the live-workbook writer (excel.book_io); tests/test_writer_equivalence.py
compares this writer's output with openpyxl's cell by cell and style by style.
"""

from __future__ import annotations

import os
from decimal import Decimal

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
    """One XlsxWriter format per look (Style, and Style with a quote prefix), made on first use."""

    def __init__(self, wb):
        self.wb = wb
        self.plain: dict[Style, object] = {}
        self.quoted: dict[Style, object] = {}

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
    rows, plain, get = lay.rows, formats.plain, formats.get
    write_string, write_number, write_blank = ws.write_string, ws.write_number, ws.write_blank
    row_seen = 0
    for (r, c), style in lay.styles.items():  # table_layout fills the rows top to bottom
        if r != row_seen:
            if r < row_seen:  # a streamed row cannot be written again
                raise ValueError(f"layout cell ({r}, {c}) comes after row {row_seen}")
            row_seen = r
            if r in heights:  # before the row's first cell: a streamed row is final
                ws.set_row(r - 1, heights[r])
        value = rows[r - 1][c - 1]
        fmt = plain.get(style) or get(style)
        if value is None or value == "":  # an empty text is an empty cell (as openpyxl writes it)
            write_blank(r - 1, c - 1, None, fmt)
        elif isinstance(value, str):
            if value[0] in _FORMULA_START:  # text Excel would take for a formula stays text
                fmt = get(style, True)
            write_string(r - 1, c - 1, value, fmt)  # XlsxWriter writes control characters as _xHHHH_
        elif isinstance(value, bool):
            ws.write_boolean(r - 1, c - 1, value, fmt)
        elif isinstance(value, (Decimal, int, float)):
            write_number(r - 1, c - 1, value, fmt)  # a Decimal is written as its own digits (%.16G)
        else:
            raise TypeError(f"cannot write {type(value).__name__} into a table cell")
    for r1, c1, r2, c2 in lay.merges:
        _merge(ws, r1 - 1, c1 - 1, r2 - 1, c2 - 1)
    for j, width in enumerate(lay.widths):
        ws.set_column_pixels(j, j, round(width * PIXELS_PER_CHAR))


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
