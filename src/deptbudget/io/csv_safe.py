"""CSV cells that a spreadsheet would run as a formula (CSV injection).

Excel, WPS and LibreOffice treat a CSV cell starting with = + - @ (or a tab / carriage return
before one) as a formula: 「=HYPERLINK(...)」 in a project name would become a live link, 「@SUM(…)」
a calculation. Such a text cell is written with a leading apostrophe ('=…), which spreadsheets show
as the text itself. Numbers stay numbers: the amount column is never escaped (a negative amount is
a number, not a formula). Parquet keeps every text exactly as read (typed columns, no formulas).
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """`value`, with a leading ' when it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_rows(rows, numbers: tuple[int, ...] = ()):
    """Rows with their text cells escaped; columns at `numbers` hold numbers and are left alone."""
    for row in rows:
        yield tuple(v if j in numbers else csv_cell(v) for j, v in enumerate(row))
