"""The open workbook ↔ the core: Grid from the book, tables and blocks back into it.

Only the `xw.Book` API subset that xlwings' remote engine (xlwings Server/Lite) also implements
is used for the work itself: one block read per sheet (`range.value` from A1 to the used range's
last cell) and one block write per sheet (`range.value = rows`). Looks (merges, fonts, borders,
number formats, widths, frozen panes) are a few range calls per sheet; where an engine lacks one,
it is skipped and counted in `Skipped`, so the handler can say so plainly.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from ..core.table import CLASS, DEPT, TOTAL, UNIT, Table
from ..io.grid import Grid, SheetGrid
from ..io.table_layout import BOLD_LEVELS, Layout, layout, table_sheets
from ..template import spec

HEADER_FILL = "#E7E6E6"
TITLE_FONT = ("黑体", 16)
BODY_FONT = ("宋体", 10)
_FORMULA_START = ("=", "+", "-", "@")
MAX_BOLD_RUNS = 12
MAX_MERGES = 150  # merge calls per sheet at most (the example's 表6 has 71)
BOLD_TIERS = (BOLD_LEVELS, {TOTAL, DEPT, UNIT, CLASS}, {TOTAL, DEPT, UNIT}, {TOTAL})


@dataclass
class Skipped:
    """Features the engine lacks, by their Chinese name (shown once in the outcome message)."""

    features: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)  # other looks left out, said once each

    def attempt(self, feature: str, fn) -> bool:
        """Run fn(); a failure only records the feature as unsupported here."""
        try:
            fn()
            return True
        except Exception:  # noqa: BLE001 — NotImplementedError on the remote engine, COM errors on odd hosts
            self.features.add(feature)
            return False

    def message(self) -> str:
        out = "".join(f"（{n}）" for n in dict.fromkeys(self.notes))
        if self.features:
            out += f"（当前环境不支持{'、'.join(sorted(self.features))}，已略过；数据已完整写入。）"
        return out


def is_remote(book) -> bool:
    """True on xlwings' remote engine (Server/Lite): no file system, no dialogs, no status bar."""
    try:
        return book.app.engine.name == "remote"
    except Exception:  # noqa: BLE001
        return True


# -- reading --------------------------------------------------------------------------

def sheet_names(book) -> list[str]:
    return [s.name for s in book.sheets]


def find_sheet(book, name: str):
    for s in book.sheets:
        if s.name == name:
            return s
    return None


def read_sheet(sheet) -> SheetGrid:
    """One block read: A1 to the used range's last cell, so rows[0][0] is A1 whatever the used
    range's top-left corner."""
    last = sheet.used_range.last_cell
    # Numbers come as floats and error cells as their text ("#REF!"), as calamine gives them
    # to the batch reader.
    rows = sheet.range((1, 1), (last.row, last.column)).options(ndim=2, err_to_str=True).value or [[]]
    rows = [list(row) for row in rows]
    try:
        visible = is_visible(sheet.visible)
    except Exception:  # noqa: BLE001 — a client that does not send the visibility
        visible = True
    return SheetGrid(sheet.name, rows, visible)


def is_visible(value) -> bool:
    """Visibility as the engines return it: a bool (remote), or Excel's XlSheetVisibility on
    Windows (-1 visible, 0 hidden, 2 very hidden — bool(2) would read as visible)."""
    return value is True or value == -1


def read_grid(book, names=None, skip=()) -> Grid:
    """The named sheets (all when None, minus `skip` and the hidden code-list sheets `_…`)."""
    sheets = {}
    for s in book.sheets:
        name = s.name
        wanted = name in names if names is not None else not name.startswith("_") and name not in skip
        if wanted:
            sheets[name] = read_sheet(s)
    return Grid(book.name, sheets, _fullname(book))


def input_grid(book) -> Grid:
    """The sheets the reader needs: 基本信息, the input sheets, 设置, 情况说明."""
    names = {spec.INFO_SHEET, spec.SETTINGS_SHEET, spec.NARRATIVE_SHEET} | {s.name for s in spec.INPUT_SHEETS}
    return read_grid(book, names=names)


def _fullname(book) -> str:
    try:
        return book.fullname
    except Exception:  # noqa: BLE001
        return ""


class PasswordProtected(Exception):
    """A sheet protected with a password: never unprotected (Excel would prompt for it)."""

    def __init__(self, sheet_name: str):
        super().__init__(sheet_name)
        self.sheet_name = sheet_name


@contextmanager
def unprotected(sheet):
    """Desktop Excel: lift a sheet's protection for the duration, then protect it again with its
    own flags. A password-protected sheet raises PasswordProtected before anything is written:
    Unprotect is always called with a password argument (""), so Excel fails instead of
    prompting. Elsewhere (remote engine): nothing to lift."""
    try:
        api = sheet.api
        protected = bool(api.ProtectContents)
    except Exception:  # noqa: BLE001 — remote engine: no protection to lift
        protected = False
    if not protected:
        yield
        return
    flags = _protection_flags(api)
    try:
        api.Unprotect("")
    except Exception:  # noqa: BLE001 — wrong password: the sheet has one of its own
        raise PasswordProtected(sheet.name) from None
    try:
        yield
    finally:
        api.Protect("", **flags)


def _protection_flags(api) -> dict:
    """The sheet's own protection options, to protect it again exactly as it was."""
    p = api.Protection
    flags = {name: bool(getattr(p, name)) for name in _ALLOW}
    flags.update(DrawingObjects=bool(api.ProtectDrawingObjects), Contents=True,
                 Scenarios=bool(api.ProtectScenarios), UserInterfaceOnly=bool(api.ProtectionMode))
    return flags


_ALLOW = ("AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows", "AllowInsertingColumns",
          "AllowInsertingRows", "AllowInsertingHyperlinks", "AllowDeletingColumns", "AllowDeletingRows",
          "AllowSorting", "AllowFiltering", "AllowUsingPivotTables")

XL_CALCULATION_MANUAL = -4135


@contextmanager
def quiet(book):
    """Desktop Excel while a button writes: no screen updates, no recalculation and no printer
    round trips (PrintCommunication) — each restored to what it was, whatever happens."""
    try:
        xl = book.app.api
        saved = {"ScreenUpdating": xl.ScreenUpdating, "Calculation": xl.Calculation,
                 "PrintCommunication": xl.PrintCommunication}
    except Exception:  # noqa: BLE001 — remote engine: nothing to switch
        yield
        return
    try:
        for name, value in (("ScreenUpdating", False), ("Calculation", XL_CALCULATION_MANUAL),
                            ("PrintCommunication", False)):
            _set_quietly(xl, name, value)
        yield
    finally:
        for name, value in saved.items():
            _set_quietly(xl, name, value)


def _set_quietly(xl, name: str, value) -> None:
    """An application switch that Excel may refuse (no printer installed, a dialog open): the
    button still runs, only slower; the others are still set/restored."""
    try:
        setattr(xl, name, value)
    except Exception:  # noqa: BLE001
        pass


# -- writing --------------------------------------------------------------------------

class Formula(str):
    """A formula of our own (e.g. the HYPERLINK of 校验结果); any other text starting with "="
    is written as text."""


def cell_out(v):
    """A value as Excel should receive it: Decimal → number, text that looks like a formula
    stays text (leading apostrophe) unless it is our Formula, dates as dates."""
    if isinstance(v, Formula):
        return str(v)
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, str) and v.startswith(_FORMULA_START):
        return "'" + v
    if isinstance(v, (dt.date, int, float, str)) or v is None:
        return v
    return str(v)


def block(rows) -> list[list]:
    width = max((len(r) for r in rows), default=1)
    return [[cell_out(v) for v in r] + [None] * (width - len(r)) for r in rows] or [[None]]


def write_block(sheet, rows, top: int = 1, left: int = 1) -> None:
    """One write action for a whole 2-D block."""
    sheet.range((top, left)).value = block(rows)


def fresh_sheet(book, name: str, after: str | None = None):
    """`name` emptied (values, formats, merges) if it exists, else added after sheet `after`
    (or at the end). Never used for input sheets."""
    if name in {s.name for s in spec.INPUT_SHEETS} | {spec.INFO_SHEET}:
        raise ValueError(f"refusing to overwrite input sheet {name}")
    sheet = find_sheet(book, name)
    if sheet is not None:
        sheet.clear()
        return sheet
    anchor = find_sheet(book, after) if after else None
    if anchor is None:
        anchor = book.sheets[len(book.sheets) - 1]
    return book.sheets.add(name, after=anchor)


def write_tables(book, tables: dict[str, Table], skipped: Skipped, progress=None) -> list[str]:
    """(Re)write each table on its sheet; a new sheet goes after the table sheet before it in the
    目录 order (the 14, then each other set's), so a set's tables stay together in order."""
    written, present = [], sheet_names(book)
    sheets = table_sheets(tables)  # the 14 under their names, another set's (上海) after them
    for i, (name, table) in enumerate(sheets, 1):
        if progress:
            progress(i, len(sheets), name)
        anchor = _sheet_before(present, name)
        sheet = fresh_sheet(book, name, after=anchor)
        if name not in present:
            present.insert(present.index(anchor) + 1 if anchor else len(present), name)
        write_layout(sheet, layout(table, body_merges=True), skipped)
        written.append(name)
    return written


def _table_order() -> list[str]:
    """Every table sheet name in 目录 order: the department workbook's 14, then each other set's."""
    from ..tablesets import SETS

    names = [t.sheet for t in spec.TABLES]
    for ts in SETS.values():
        names += [n for n, _ in table_sheets({t.key: t for t in ts.tables}) if n not in names]
    return names


def _sheet_before(present: list[str], name: str) -> str | None:
    """The last table sheet in the book that comes before `name` in 目录 order (None: none)."""
    order = _table_order()
    earlier = set(order[:order.index(name)]) if name in order else set(order)
    return next((n for n in reversed(present) if n in earlier), None)


def write_layout(sheet, lay: Layout, skipped: Skipped) -> None:
    """The values in one block write, then the looks in a few range calls."""
    write_block(sheet, lay.rows)
    format_layout(sheet, lay, skipped)


def format_layout(sheet, lay: Layout, skipped: Skipped) -> None:
    """Looks in range calls. Desktop Excel applies every call at once, so it gets all of them; the
    remote engine sends each as an action, so there long tables get a bounded number."""
    rng = sheet.range
    w, (h1, h2) = lay.width, lay.header
    bounded = is_remote(sheet.book)
    merges = [m for m in lay.merges if (m[0], m[1]) != (m[2], m[3])]
    if bounded and len(merges) > MAX_MERGES:  # a long 表6/表7: the header's merges, not one per project
        merges = [m for m in merges if m[0] < lay.body or m[0] == m[2] and m[3] - m[1] + 1 == w]
        skipped.notes.append(f"「{sheet.name}」行数较多，表体未合并单元格，内容完整")
    for r1, c1, r2, c2 in merges:
        skipped.attempt("合并单元格", lambda r1=r1, c1=c1, r2=r2, c2=c2: rng((r1, c1), (r2, c2)).merge())
    skipped.attempt("字体", lambda: _font(rng((1, 1)), *TITLE_FONT, True))
    skipped.attempt("字体", lambda: _font(rng((2, 1), (max(lay.last, 3), w)), *BODY_FONT, None))
    skipped.attempt("字体", lambda: setattr(rng((h1, 1), (h2, w)).font, "bold", True))
    skipped.attempt("底色", lambda: setattr(rng((h1, 1), (h2, w)), "color", HEADER_FILL))
    last = lay.body + max(lay.body_rows, 1) - 1
    skipped.attempt("边框", lambda: setattr(rng((h1, 1), (last, w)).borders, "line_style", "continuous"))
    for r1, r2 in bold_runs(lay) if bounded else _runs(lay.bold_rows):
        skipped.attempt("字体", lambda r1=r1, r2=r2: setattr(rng((r1, 1), (r2, w)).font, "bold", True))
    if lay.body_rows:
        for c1, c2, fmt in _format_columns(lay):
            cells = rng((lay.body, c1), (lay.body + lay.body_rows - 1, c2))
            skipped.attempt("数字格式", lambda cells=cells, fmt=fmt: setattr(cells, "number_format", fmt))
    for c1, c2, width in _width_runs(lay.widths):
        skipped.attempt("列宽", lambda c1=c1, c2=c2, width=width: setattr(rng((1, c1), (1, c2)), "column_width", width))
    skipped.attempt("冻结窗格", lambda: freeze_rows(sheet, lay.body - 1))
    skipped.attempt("页面设置", lambda: page_setup(sheet, lay.title_rows))


def freeze_rows(sheet, rows: int) -> None:
    """Freeze the top `rows` rows. xlwings implements freeze_panes only on its remote engine;
    its Windows engine raises NotImplementedError, so desktop Excel goes through the sheet's
    window (ActiveWindow.SplitRow/FreezePanes), which needs the sheet active for a moment."""
    try:
        sheet.freeze_panes.freeze_at(f"1:{rows}")
        return
    except NotImplementedError:
        pass
    book = sheet.book
    active = book.sheets.active
    sheet.activate()
    try:
        window = book.app.api.ActiveWindow
        window.FreezePanes = False
        window.ScrollRow, window.ScrollColumn = 1, 1
        window.SplitColumn, window.SplitRow = 0, rows
        window.FreezePanes = True
    finally:
        active.activate()


def _font(cells, name: str, size: int, bold) -> None:
    cells.font.name = name
    cells.font.size = size
    if bold is not None:
        cells.font.bold = bold


def bold_runs(lay: Layout) -> list[tuple[int, int]]:
    """Row runs to show bold, at most MAX_BOLD_RUNS range calls: when a long table has more,
    only the upper levels are bolded (合计/单位, then 类), so the call count stays flat."""
    runs: list[tuple[int, int]] = []
    for levels in BOLD_TIERS:
        runs = _runs([r for r, level in lay.row_levels.items() if level in levels])
        if len(runs) <= MAX_BOLD_RUNS:
            return runs
    return runs[:MAX_BOLD_RUNS]


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for r in sorted(rows):
        if out and out[-1][1] == r - 1:
            out[-1][1] = r
        else:
            out.append([r, r])
    return [tuple(x) for x in out]


def _format_columns(lay: Layout) -> list[tuple[int, int, str]]:
    """Adjacent body columns sharing a number format → (first col, last col, format)."""
    fmts = [None] * lay.width
    for (r, c), style in lay.styles.items():
        if r == lay.body and style.fmt:
            fmts[c - 1] = style.fmt
    out: list[list] = []
    for c, fmt in enumerate(fmts, 1):
        if fmt and out and out[-1][2] == fmt and out[-1][1] == c - 1:
            out[-1][1] = c
        elif fmt:
            out.append([c, c, fmt])
    return [tuple(x) for x in out]


def _width_runs(widths: list[float]) -> list[tuple[int, int, float]]:
    out: list[list] = []
    for c, w in enumerate(widths, 1):
        if out and out[-1][2] == w:
            out[-1][1] = c
        else:
            out.append([c, c, w])
    return [tuple(x) for x in out]


def page_setup(sheet, title_rows: str, landscape: bool = True) -> None:
    """A4, landscape, fit to one page wide, header rows repeated (desktop Excel only)."""
    ps = sheet.api.PageSetup  # Windows COM; raises elsewhere (remote: no page set-up)
    ps.PaperSize = 9  # xlPaperA4
    ps.Orientation = 2 if landscape else 1
    ps.Zoom = False
    ps.FitToPagesWide, ps.FitToPagesTall = 1, False
    ps.PrintTitleRows = "$" + title_rows.replace(":", ":$")
    ps.CenterHorizontally = True
