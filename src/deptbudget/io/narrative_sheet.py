"""The 情况说明 sheet: the drafted text, one paragraph per row, in the workbook.

A sheet the department wrote itself is never overwritten: the draft then goes to 「情况说明（草稿）」.
Our own sheet is recognised by the marker in its second row.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Font

from ..template import spec
from .xlsx_style import put

MARKER = "（本页由 deptbudget 根据预算数据自动起草；〔〕内为需要补充的内容。请核对后使用。）"
DRAFT_SHEET = spec.NARRATIVE_SHEET + "（草稿）"
WIDTH = 110  # column A, in Excel character units
STYLES = {
    "title": (Font(name="黑体", size=16, bold=True), Alignment(horizontal="center", vertical="center", wrap_text=True)),
    "part": (Font(name="黑体", size=14, bold=True), Alignment(horizontal="center", vertical="center", wrap_text=True)),
    "heading1": (Font(name="黑体", size=12, bold=True), Alignment(vertical="center", wrap_text=True)),
    "heading2": (Font(name="楷体", size=12, bold=True), Alignment(vertical="center", wrap_text=True)),
    "body": (Font(name="仿宋", size=12), Alignment(vertical="top", wrap_text=True, indent=0)),
}


def is_ours(ws) -> bool:
    return ws.max_row >= 2 and ws.cell(row=2, column=1).value == MARKER


def target_sheet(wb) -> str:
    """情况说明, unless that sheet holds the department's own text."""
    name = spec.NARRATIVE_SHEET
    if name in wb.sheetnames and not is_ours(wb[name]) and _has_text(wb[name]):
        return DRAFT_SHEET
    return name


def _has_text(ws) -> bool:
    return any(c.value not in (None, "") for row in ws.iter_rows() for c in row)


def write_narrative_sheet(wb, narrative) -> str:
    """(Re)write the draft sheet; returns its name."""
    from .xlsx_tables import replace_sheet

    name = target_sheet(wb)
    ws = replace_sheet(wb, name)
    ws.column_dimensions["A"].width = WIDTH
    rows = list(narrative.paragraphs())
    rows.insert(1, ("body", MARKER))
    for r, (style, text) in enumerate(rows, start=1):
        c = put(ws, r, 1, text)
        c.font, c.alignment = STYLES[style]
        ws.row_dimensions[r].height = row_height(text, 12 if style != "title" else 16)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return name


def row_height(text: str, size: int = 12, width: float = WIDTH) -> float:
    """Points needed for wrapped text: CJK characters take about two width units."""
    units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(text or ""))
    lines = max(1, -(-int(units * size / 11) // int(width)))
    return round(lines * size * 1.5, 1)
