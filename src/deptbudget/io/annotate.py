"""--annotate: a copy of the workbook with a 校验结果 sheet (one row per finding, a link to its
cell) and the cells concerned highlighted with a note.

Everything added is recorded in the hidden sheet 「_校验标记」 (sheet, cell, the fill it had, whether
a note was added) and every note is written by the author 「deptbudget校验」, so the add-in's
清除校验标记 can remove exactly what was added and restore the original fills.
"""

from __future__ import annotations

import os
import re

from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill

from ..core.findings import Finding, Severity
from ..core.text import ooxml_text
from ..template import spec
from .atomic import atomic_path
from .xlsx_style import BODY_FONT, BORDER, HEADER_FILL, HEADER_FONT, LEFT, TITLE_FONT, put

AUTHOR = "deptbudget校验"
MARKS_SHEET = "_校验标记"
RESULTS_SHEET = spec.RESULTS_SHEET
FILLS = {
    Severity.ERROR: PatternFill("solid", fgColor="FFC7CE"),
    Severity.WARNING: PatternFill("solid", fgColor="FFEB9C"),
    Severity.INFO: PatternFill("solid", fgColor="DDEBF7"),
}
HEADERS = ("序号", "严重程度", "规则编码", "规则名称", "工作表", "单元格", "说明")
WIDTHS = (6, 9, 9, 22, 26, 10, 100)


class AnnotateError(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def annotate(src, out, findings: list[Finding], names: dict[str, str] | None = None) -> int:
    """Write the annotated copy; returns the number of cells marked."""
    if os.path.isdir(src):
        raise AnnotateError("输入是 CSV 文件夹，无法生成带标注的工作簿副本；请对 .xlsx 工作簿使用 --annotate")
    from .workbook_xlsx import CopyError, check_kept, load_copy

    try:
        wb, listed = load_copy(src, "标注副本")
        clear_marks(wb)
        marked = _mark_cells(wb, findings)
        _results_sheet(wb, findings, names or {})
        check_kept(listed, wb, os.path.basename(str(src)), "标注副本", {RESULTS_SHEET, MARKS_SHEET})
    except CopyError as exc:
        raise AnnotateError(exc.reason) from None
    with atomic_path(out, [src]) as tmp:
        wb.save(tmp)
    return marked


def write_annotated(src, out, findings: list[Finding]) -> int:
    """annotate() with the rule names from the catalog (what the pipeline and the add-in call)."""
    from ..rules.registry import REGISTRY, load_catalog

    load_catalog()
    return annotate(src, out, findings, {c: r.name for c, r in REGISTRY.items()})


def anchor(cell: str) -> str:
    """The top-left cell of "F12", "A5:J5" or "5:5"; "" for none."""
    first = cell.split(":")[0] if cell else ""
    if re.fullmatch(r"\d+", first):
        return f"A{first}"
    return first if re.fullmatch(r"[A-Z]{1,3}\d+", first) else ""


MARKS_HEADER = ("工作表", "单元格", "原底色", "批注")  # the add-in's format (excel/results.py)


def _mark_cells(wb, findings) -> int:
    """Colour and note each cell a finding points at; record what it had in 「_校验标记」.

    Like the add-in: a cell whose colour cannot be put back exactly (theme/indexed colours) keeps
    its colour, and a cell that already has a note keeps it (the user's notes are never touched)."""
    by_cell: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        if f.ref and f.ref.sheet in wb.sheetnames and anchor(f.ref.cell):
            by_cell.setdefault((f.ref.sheet, anchor(f.ref.cell)), []).append(f)
    marks = wb.create_sheet(MARKS_SHEET)
    marks.append(MARKS_HEADER)
    for (sheet, addr), fs in by_cell.items():
        c = wb[sheet][addr]
        if type(c).__name__ == "MergedCell":
            continue
        old = _colour(c)
        worst = min(fs, key=lambda f: f.severity.rank)
        if old != "-":
            c.fill = FILLS[worst.severity]
        noted = c.comment is None
        if noted:
            text = "\n".join(f"【{f.severity.value} {f.code}】{f.message}" for f in fs)[:2000]
            note = Comment(ooxml_text(text), AUTHOR)
            note.width, note.height = 360, 160
            c.comment = note
        marks.append((sheet, addr, old, "是" if noted else "否"))
    marks.sheet_state = "hidden"
    return len(by_cell)


def _colour(c) -> str:
    """"#rrggbb" of a solid fill, "" for none, "-" when it cannot be restored exactly."""
    fill = c.fill
    if fill is None or fill.fill_type is None:
        return ""
    colour = fill.fgColor
    if fill.fill_type == "solid" and colour is not None and colour.type == "rgb" and isinstance(colour.rgb, str):
        return "#" + colour.rgb[-6:]
    return "-"


def clear_marks(wb) -> int:
    """Undo a previous annotation (ours or the add-in's): restore fills, remove the notes added,
    drop the result and record sheets. Returns the number of cells restored."""
    restored = 0
    if MARKS_SHEET in wb.sheetnames:
        for row in list(wb[MARKS_SHEET].iter_rows(min_row=2, max_col=4, values_only=True)):
            sheet, addr, old, noted = (list(row) + [None] * 4)[:4]
            if sheet not in wb.sheetnames or not addr:
                continue
            c = wb[sheet][str(addr).split(":")[0].replace("$", "")]
            if old != "-":  # "" / None: there was no fill
                c.fill = (PatternFill("solid", fgColor="FF" + str(old).lstrip("#").upper()) if old
                          else PatternFill(fill_type=None))
            if noted == "是":
                c.comment = None
            restored += 1
        del wb[MARKS_SHEET]
    if RESULTS_SHEET in wb.sheetnames:
        del wb[RESULTS_SHEET]
    return restored


def _results_sheet(wb, findings: list[Finding], names: dict[str, str]) -> None:
    ws = wb.create_sheet(RESULTS_SHEET, 0)
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    put(ws, 1, 1, "校验结果").font = TITLE_FONT
    put(ws, 2, 1, "；".join(f"{s.value} {n} 条" for s, n in counts.items())
        + "。点击「单元格」列可跳转；标红/黄/蓝的单元格带有批注（作者 deptbudget校验）。").font = BODY_FONT
    for j, (h, w) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        c = put(ws, 4, j, h)
        c.font, c.fill, c.border = HEADER_FONT, HEADER_FILL, BORDER
        ws.column_dimensions[chr(64 + j)].width = w
    for i, f in enumerate(findings, start=1):
        r = 4 + i
        sheet = f.ref.sheet if f.ref else ""
        cell = f.ref.cell if f.ref else ""
        values = (i, f.severity.value, f.code, names.get(f.code, ""), sheet, cell, f.message)
        for j, v in enumerate(values, start=1):
            c = put(ws, r, j, v)
            c.border, c.font, c.alignment = BORDER, BODY_FONT, LEFT
        if sheet in wb.sheetnames:
            target = anchor(cell) or "A1"
            link = ws.cell(row=r, column=6)
            link.value = cell or "（整张表）"
            link.hyperlink = f"#'{sheet}'!{target}"
            link.font = Font(name=BODY_FONT.name, size=10, color="0563C1", underline="single")
        ws.cell(row=r, column=2).fill = FILLS[f.severity]
    ws.freeze_panes = "A5"
    ws.auto_filter.ref = f"A4:G{max(5, 4 + len(findings))}"
