"""Styles of the published tables (宋体, thin borders, 0.00, A4 landscape) and safe cell writes."""

from __future__ import annotations

from decimal import Decimal

from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from ..core.text import ooxml_text

FONT = "宋体"
TITLE_FONT = Font(name="黑体", size=16, bold=True)
HEADER_FONT = Font(name=FONT, size=10, bold=True)
BODY_FONT = Font(name=FONT, size=10)
BOLD_FONT = Font(name=FONT, size=10, bold=True)
NOTE_FONT = Font(name=FONT, size=9, italic=True, color="666666")
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")
INPUT_FILL = PatternFill("solid", fgColor="FFF9E5")
CALC_FILL = PatternFill("solid", fgColor="EDEDED")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
MONEY_FORMAT = "#,##0.00"
INPUT_MONEY_FORMAT = "0.00####"
TEXT_FORMAT = "@"

_FORMULA_START = ("=", "+", "-", "@")


def put(ws: Worksheet, row: int, col: int, value, number_format: str | None = None):
    """Write one value; text that looks like a formula stays text (no injection); control
    characters are written as Excel's own _xHHHH_ escapes (core.text.ooxml_text)."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        value = ooxml_text(value)
    if isinstance(value, Decimal):
        cell.value = value  # openpyxl writes Decimal exactly as a number
    elif isinstance(value, str) and value in ERROR_CODES:
        cell.value = value
        cell.data_type = "s"  # openpyxl would store 「#NUM!」 as an error value, read back empty
    elif isinstance(value, str) and value.startswith(_FORMULA_START):
        cell.value = value
        cell.data_type = "s"
        cell.quotePrefix = True
    else:
        cell.value = value
    if number_format:
        cell.number_format = number_format
    return cell


def put_formula(ws: Worksheet, row: int, col: int, formula: str, number_format: str | None = None):
    """Write a formula of our own (never text that came from an input)."""
    cell = ws.cell(row=row, column=col)
    cell.value = formula
    if number_format:
        cell.number_format = number_format
    return cell


def page_setup(ws: Worksheet, title_rows: str | None = None, landscape: bool = True) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows
