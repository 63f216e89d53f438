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
from .book_io import Formula, PasswordProtected, Skipped, find_sheet, freeze_rows, read_sheet, unprotected, write_block

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
    skipped.attempt("冻结窗格", lambda: freeze_rows(sheet, 2))
    for j, w in enumerate(WIDTHS, 1):
        skipped.attempt("列宽", lambda j=j, w=w: setattr(sheet.range((1, j)), "column_width", w))
    skipped.attempt("自动换行", lambda: setattr(sheet.range((3, 6), (max(3, len(rows)), 6)), "wrap_text", True))
    sheet.activate()
    return sheet


# -- marks ---------------------------------------------------------------------------

def mark_cells(book, findings, skipped: Skipped) -> int:
    """Colour and annotate the cells the findings point at; returns cells marked.

    Per sheet: its protection is lifted (a password-protected sheet is left alone and said so),
    the first cell of the run is a trial that shows what the engine can do, the record of every
    planned mark is written before the marks are applied (a batch failing half-way leaves nothing
    unrecorded), then colours go in one call per colour (union ranges) and notes one per cell."""
    caps: dict[str, bool] = {}
    records: list[list] = []
    for name, items in _targets(book, findings).items():
        sheet = book.sheets[name]
        try:
            with unprotected(sheet):
                records += _mark_sheet(book, sheet, items, records, caps, skipped)
        except PasswordProtected:
            skipped.notes.append(f"「{name}」设有密码保护，未在该表上加标记，问题仍全部列在「{RESULTS_SHEET}」")
    return len(records)


def _mark_sheet(book, sheet, items, done: list, caps: dict, skipped: Skipped) -> list[list]:
    first: list[list] = []
    if not caps:  # the run's first cell: what can this engine do?
        (cell, found), items = items[0], items[1:]
        old, noted = _trial(sheet.range(cell), found, skipped)
        caps.update(colour=old is not False, note=noted)
        first = [_record(sheet.name, cell, old, noted)] if old is not False or noted else []
    planned = []
    for cell, found in items:
        rng = sheet.range(cell)
        old = _color(rng, skipped) if caps["colour"] else False
        note = caps["note"] and _note_free(rng)
        if old is not False or note:
            planned.append((cell, found, old, note, rng))
    records = first + [_record(sheet.name, cell, old, note) for cell, _, old, note, _ in planned]
    if records:
        _write_marks_sheet(book, done + records, skipped)
    _paint(sheet, [(cell, _colour_of(found)) for cell, found, old, _, _ in planned if old is not False], skipped)
    for _, found, _, note, rng in planned:
        if note:
            skipped.attempt("批注", lambda rng=rng, found=found: rng.add_note(_note_text(found)))
    return records


def _paint(sheet, cells_colours, skipped: Skipped) -> None:
    """Fill colours with one range call per colour and per union address of ≤ 255 characters
    (Excel's limit for Range("A1,C3,…")); None removes the fill."""
    by_colour: dict = {}
    for cell, colour in cells_colours:
        by_colour.setdefault(colour, []).append(cell)
    for colour, cells in by_colour.items():
        for address in unions(cells):
            skipped.attempt("底色标记", lambda a=address, c=colour: setattr(sheet.range(a), "color", c))


def unions(cells: list[str], limit: int = 255) -> list[str]:
    """Cell addresses joined by commas into as few addresses as fit in `limit` characters."""
    out: list[str] = []
    for cell in cells:
        if out and len(out[-1]) + 1 + len(cell) <= limit:
            out[-1] += "," + cell
        else:
            out.append(cell)
    return out


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
    noted = _note_free(rng) and skipped.attempt("批注", lambda rng=rng, found=found: rng.add_note(_note_text(found)))
    return old, noted


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


def _targets(book, findings) -> dict[str, list[tuple[str, list[Finding]]]]:
    """Sheet → [(cell, the findings on it)], at most MAX_MARKS cells, for cells of this
    workbook's input sheets."""
    sheets = {s.name for s in book.sheets} - {RESULTS_SHEET, MARKS_SHEET}
    cells: dict[tuple[str, str], list[Finding]] = {}
    for f in findings:
        ref = f.ref
        if ref is None or ref.sheet not in sheets or not ref.cell or not _CELL.match(ref.cell):
            continue
        if ref.file and ref.file != book.name:
            continue
        # One cell per mark (a range's top-left): its colour is read and put back exactly.
        cells.setdefault((ref.sheet, ref.cell.split(":")[0].replace("$", "")), []).append(f)
    out: dict[str, list] = {}
    for (sheet, cell), found in list(cells.items())[:MAX_MARKS]:
        out.setdefault(sheet, []).append((cell, found))
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
    Returns (cells restored, whether anything of 校验 was found). On a sheet that has since
    been given a password, the marks stay and the record is kept, so a later run can undo them."""
    marks = find_sheet(book, MARKS_SHEET)
    restored, kept = 0, []
    if marks is not None:
        by_sheet: dict[str, list] = {}
        for row in read_sheet(marks).rows[1:]:
            sheet_name, cell, old, noted = (list(row) + [None] * 4)[:4]
            if sheet_name and cell:
                by_sheet.setdefault(str(sheet_name), []).append((str(cell), old, noted))
        for name, rows in by_sheet.items():
            target = find_sheet(book, name)
            if target is None:
                continue
            try:
                with unprotected(target):
                    _paint(target, [(cell, old or None) for cell, old, _ in rows if old != "-"], skipped)
                    for cell, _, noted in rows:
                        if noted == "是":
                            skipped.attempt("批注", lambda t=target, c=cell: _delete_note(t.range(c)))
                restored += len(rows)
            except PasswordProtected:
                kept += [[name, *row] for row in rows]
                skipped.notes.append(f"「{name}」设有密码保护，其上的校验标记未清除；撤销保护后再点「清除校验标记」")
        if kept:
            marks.clear()
            write_block(marks, [list(MARKS_HEADER)] + kept)  # the rest stays recorded
        else:
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
