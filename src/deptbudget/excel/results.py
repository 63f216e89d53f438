"""The 校验结果 sheet and the cell marks of 校验, and their exact removal.

校验结果: one row per finding — 序号, 严重程度, 规则, 工作表, 单元格 (a HYPERLINK to the cell, so the
whole sheet is one block write on any engine), 说明, 文件 (only for other workbooks).
Marks (desktop Excel; the remote engine cannot read a cell's colour, so it cannot restore it):
a fill colour and a note on each cell a finding points at. Every mark is recorded in the hidden
sheet 「_校验标记」 (sheet, cell, the colour it had, whether we added the note), so 清除校验标记
puts back exactly what was there and removes nothing else.
"""

from __future__ import annotations

import re

from ..core.findings import Finding, Severity
from ..io.grid import col_letter
from ..template import spec
from .book_io import Formula, Skipped, find_sheet, read_sheet, unprotected, write_block

RESULTS_SHEET = spec.RESULTS_SHEET
MARKS_SHEET = "_校验标记"
HEADER = ("序号", "严重程度", "规则", "工作表", "单元格", "说明", "文件")
WIDTHS = (6, 9, 9, 22, 10, 90, 24)
MARKS_HEADER = ("工作表", "单元格", "原底色", "批注")
MARK_COLOR = {Severity.ERROR: "#FFC7CE", Severity.WARNING: "#FFEB9C", Severity.INFO: "#DDEBF7"}
MAX_MARKS = 300  # cells marked at most; every finding is listed in 校验结果 anyway
_CELL = re.compile(r"^\$?[A-Z]{1,3}\$?\d+(:\$?[A-Z]{1,3}\$?\d+)?$")


def counts(findings) -> dict[Severity, int]:
    return {s: sum(1 for f in findings if f.severity is s) for s in Severity}


def summary(findings) -> str:
    n = counts(findings)
    return f"错误 {n[Severity.ERROR]} 项，警告 {n[Severity.WARNING]} 项，提示 {n[Severity.INFO]} 项"


def result_rows(findings, book_name: str, sheets: set[str], title: str) -> list[list]:
    rows = [[f"{title}：{summary(findings)}。点击「单元格」列可跳到出问题的位置。"] + [None] * 6, list(HEADER)]
    for i, f in enumerate(findings, 1):
        ref = f.ref
        sheet = ref.sheet if ref else ""
        cell = ref.cell if ref else ""
        other = ref.file if ref and ref.file and ref.file != book_name else ""
        rows.append([i, f.severity.value, f.code, sheet, _link(sheet, cell) if sheet in sheets and not other
                     else cell, f.message, other])
    return rows


def _link(sheet: str, cell: str) -> Formula:
    target = cell.split(":")[0] if cell and _CELL.match(cell) else "A1"
    quoted = sheet.replace("'", "''").replace('"', '""')
    shown = (cell or "（整表）").replace('"', '""')
    return Formula(f'=HYPERLINK("#\'{quoted}\'!{target}","{shown}")')


def write_results(book, findings, skipped: Skipped, title: str = "校验结果"):
    """(Re)write the 校验结果 sheet (one block write) and show it."""
    from .book_io import fresh_sheet, sheet_names

    names = set(sheet_names(book))
    sheet = fresh_sheet(book, RESULTS_SHEET)
    rows = result_rows(findings, book.name, names, title)
    write_block(sheet, rows)
    skipped.attempt("字体", lambda: setattr(sheet.range((2, 1), (2, len(HEADER))).font, "bold", True))
    skipped.attempt("冻结窗格", lambda: sheet.freeze_panes.freeze_at("1:2"))
    for j, w in enumerate(WIDTHS, 1):
        skipped.attempt("列宽", lambda: setattr(sheet.range((1, j)), "column_width", w))
    skipped.attempt("自动换行", lambda: setattr(sheet.range((3, 6), (max(3, len(rows)), 6)), "wrap_text", True))
    sheet.activate()
    return sheet


# -- marks ---------------------------------------------------------------------------

def mark_cells(book, findings, skipped: Skipped) -> int:
    """Colour and annotate the cells the findings point at; returns cells marked.

    The first cell is a trial that shows what the engine can do; the record of every planned
    mark is written before the rest are applied, so even a batch that fails half-way on a
    remote client leaves nothing unrecorded."""
    targets = list(_targets(book, findings).items())[:MAX_MARKS]
    if not targets:
        return 0
    (first_sheet, first_cell), first_found = targets[0]
    with unprotected(book.sheets[first_sheet]):
        first = _trial(book.sheets[first_sheet].range(first_cell), first_found, skipped)
    can_colour, can_note = first[0] is not False, first[1]
    planned = []
    for (sheet_name, cell), found in targets[1:]:
        rng = book.sheets[sheet_name].range(cell)
        old = _color(rng, skipped) if can_colour else False
        note = can_note and _note_free(rng)
        if old is not False or note:
            planned.append((sheet_name, cell, found, old, note))
    records = [_record(first_sheet, first_cell, *first)] if first[0] is not False or first[1] else []
    records += [_record(sheet_name, cell, old, note) for sheet_name, cell, _, old, note in planned]
    if records:
        _write_marks_sheet(book, records, skipped)
    for sheet_name in dict.fromkeys(p[0] for p in planned):
        with unprotected(book.sheets[sheet_name]):
            for name, cell, found, old, note in planned:
                if name == sheet_name:
                    _apply(book.sheets[name].range(cell), found, old is not False, note, skipped)
    return len(records)


def _record(sheet_name: str, cell: str, old, noted: bool) -> list:
    return [sheet_name, cell, "-" if old is False else old, "是" if noted else "否"]


def _write_marks_sheet(book, records, skipped: Skipped) -> None:
    sheet = find_sheet(book, MARKS_SHEET)
    if sheet is None:
        sheet = book.sheets.add(MARKS_SHEET, after=book.sheets[len(book.sheets) - 1])
    write_block(sheet, [list(MARKS_HEADER)] + records)
    skipped.attempt("隐藏工作表", lambda: setattr(sheet, "visible", False))


def _trial(rng, found, skipped: Skipped) -> tuple:
    """Mark one cell trying everything: (old colour or False, whether a note was added)."""
    old = _color(rng, skipped)
    if old is not False and not skipped.attempt("底色标记", lambda: setattr(rng, "color", _colour_of(found))):
        old = False
    noted = _note_free(rng) and skipped.attempt("批注", lambda: rng.add_note(_note_text(found)))
    return old, noted


def _apply(rng, found, colour: bool, note: bool, skipped: Skipped) -> None:
    if colour:
        skipped.attempt("底色标记", lambda: setattr(rng, "color", _colour_of(found)))
    if note:
        skipped.attempt("批注", lambda: rng.add_note(_note_text(found)))


def _colour_of(found) -> str:
    return MARK_COLOR[min(found, key=lambda f: f.severity.rank).severity]


def _note_text(found) -> str:
    return "\n".join(f"【{f.severity.value} {f.code}】{f.message}" for f in found)[:2000]


def _note_free(rng) -> bool:
    """True where the cell has no note (the user's notes are never touched)."""
    try:
        return rng.note is None
    except Exception:  # noqa: BLE001 — engines without notes
        return False


def _targets(book, findings) -> dict[tuple[str, str], list[Finding]]:
    """(sheet, cell) → the findings on it, for cells of this workbook's visible input sheets."""
    sheets = {s.name for s in book.sheets} - {RESULTS_SHEET, MARKS_SHEET}
    out: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        ref = f.ref
        if ref is None or ref.sheet not in sheets or not ref.cell or not _CELL.match(ref.cell):
            continue
        if ref.file and ref.file != book.name:
            continue
        # One cell per mark (a range's top-left): its colour is read and put back exactly.
        out.setdefault((ref.sheet, ref.cell.split(":")[0].replace("$", "")), []).append(f)
    return out


def _color(rng, skipped: Skipped):
    """The cell's fill as "#rrggbb", "" when none, False when the engine cannot tell."""
    try:
        rgb = rng.color
    except Exception:  # noqa: BLE001 — the remote engine cannot read colours
        skipped.features.add("底色标记")
        return False
    return "" if rgb is None else "#%02x%02x%02x" % tuple(rgb)


def clear_marks(book, skipped: Skipped) -> tuple[int, bool]:
    """Undo every recorded mark, then remove 「_校验标记」 and 「校验结果」.
    Returns (cells restored, whether anything of 校验 was found)."""
    marks = find_sheet(book, MARKS_SHEET)
    restored = 0
    if marks is not None:
        rows = read_sheet(marks).rows[1:]
        for row in rows:
            sheet_name, cell, old, noted = (list(row) + [None] * 4)[:4]
            target = find_sheet(book, str(sheet_name or ""))
            if target is None or not cell:
                continue
            rng = target.range(str(cell))
            with unprotected(target):
                if old != "-":
                    skipped.attempt("底色标记", lambda: setattr(rng, "color", old or None))
                if noted == "是":
                    skipped.attempt("批注", lambda: _delete_note(rng))
            restored += 1
        marks.delete()
    results = find_sheet(book, RESULTS_SHEET)
    if results is not None:
        results.delete()
    return restored, marks is not None or results is not None


def _delete_note(rng) -> None:
    note = rng.note
    if note is not None:
        note.delete()


def column_of(header: str) -> str:
    """Letter of a 校验结果 column (for tests and docs)."""
    return col_letter(HEADER.index(header))
