"""An in-memory stand-in for desktop Excel on Windows, as xlwings' Windows engine shows it
(xlwings/_xlwindows.py of the pinned version) — not kinder than Excel:

- `sheet.freeze_panes` raises NotImplementedError (the Windows engine inherits base_classes'
  stub); freezing goes through `app.api.ActiveWindow` as in Excel;
- `sheet.visible` returns XlSheetVisibility: -1 visible, 0 hidden, 2 very hidden;
- `app.books` enumerates workbooks without add-ins (Excel's Workbooks collection), while
  `app.books["DeptBudget.xlam"]` fetches an open add-in by name, KeyError otherwise;
- sheet protection as saved in the file (openpyxl reads it): on a protected sheet writing a
  locked cell, colouring or adding a note raises like COM; `Unprotect()` without a password on a
  password-protected sheet is a test failure (Excel would prompt); `Protect` defaults like Excel;
- every call that would cross the process boundary to Excel is counted in `book.crossings`
  (a Range from a tuple is Cells + Range, a colour read is ColorIndex + Color …, as the engine does);
- PageSetup writes while PrintCommunication is on are counted in `book.slow_page_setup`.
Values live in dicts."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from deptbudget.io.grid import a1
from deptbudget.io.read import read_grid

VISIBLE, HIDDEN, VERY_HIDDEN = -1, 0, 2
ALLOW = ("AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows", "AllowInsertingColumns",
         "AllowInsertingRows", "AllowInsertingHyperlinks", "AllowDeletingColumns", "AllowDeletingRows",
         "AllowSorting", "AllowFiltering", "AllowUsingPivotTables")


class ComError(Exception):
    """pywintypes.com_error as Excel raises it."""


def _rc(cell: str) -> tuple[int, int]:
    m = re.match(r"\$?([A-Z]+)\$?(\d+)", cell)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


class Counted:
    """An object whose attribute writes cross to Excel (Font, PageSetup, Window …)."""

    def __init__(self, book, on_set=None, **values):
        object.__setattr__(self, "_book", book)
        object.__setattr__(self, "_on_set", on_set)
        object.__setattr__(self, "_values", dict(values))

    def __getattr__(self, name):
        self._book.cross()
        return self._values.get(name)

    def __setattr__(self, name, value):
        self._book.cross()
        if self._on_set:
            self._on_set(name, value)
        self._values[name] = value


class Range:
    def __init__(self, sheet, a, b=None):
        book = sheet.book
        if isinstance(a, str):
            if b is None and "," in a:  # a union: Range("A1,C3")
                if len(a) > 255:
                    raise ComError("Range: address longer than 255 characters")
                self.areas = [Range(sheet, part) for part in a.split(",")]
                self.sheet, (self.r1, self.c1, self.r2, self.c2) = sheet, self.areas[0].box()
                book.crossings -= len(self.areas) - 1
                self.font = Counted(book, self._format)
                return
            parts = a.split(":")
            a, b = _rc(parts[0]), (_rc(parts[1]) if len(parts) > 1 else None)
            book.cross()
        else:
            book.cross(2 if b is None else 3)  # Cells (and Cells) + Range
        self.sheet, self.r1, self.c1 = sheet, a[0], a[1]
        self.r2, self.c2 = (b if b else a)
        self.areas = [self]
        self.font = Counted(book, self._format)

    def box(self):
        return self.r1, self.c1, self.r2, self.c2

    def cells(self):
        for area in self.areas:
            for r in range(area.r1, area.r2 + 1):
                for c in range(area.c1, area.c2 + 1):
                    yield r, c

    def _format(self, *_):
        self.sheet.check_format()

    def options(self, **_):
        return self

    @property
    def value(self):
        self.sheet.book.cross()
        cells = self.sheet.cells
        return [[cells.get((r, c)) for c in range(self.c1, self.c2 + 1)] for r in range(self.r1, self.r2 + 1)]

    @value.setter
    def value(self, rows):
        sheet = self.sheet
        sheet.book.cross()
        sheet.book.calls.append(("write", sheet.name))
        keys = [(self.r1 + i, self.c1 + j, v) for i, row in enumerate(rows) for j, v in enumerate(row)]
        if sheet.protection is not None and any((r, c) not in sheet.unlocked for r, c, _ in keys):
            raise ComError(f"「{sheet.name}」: the cell is on a protected sheet and locked")
        for r, c, v in keys:
            if v is None:
                sheet.cells.pop((r, c), None)
            else:
                sheet.cells[(r, c)] = v

    @property
    def color(self):
        """As the engine: Interior.ColorIndex, then Interior.Color if there is a fill."""
        self.sheet.book.cross()
        rgb = self.sheet.colors.get((self.r1, self.c1))
        if rgb is None:
            return None
        self.sheet.book.cross()
        return tuple(int(rgb[i:i + 2], 16) for i in (1, 3, 5))

    @color.setter
    def color(self, value):
        self.sheet.book.cross()
        self.sheet.check_format()
        for key in self.cells():
            if value is None:
                self.sheet.colors.pop(key, None)
            else:
                self.sheet.colors[key] = value.lower()

    @property
    def note(self):
        key = (self.r1, self.c1)
        self.sheet.book.cross()  # `if self.xl.Comment`
        if key not in self.sheet.notes:
            return None
        self.sheet.book.cross()
        return SimpleNamespace(text=self.sheet.notes[key], delete=lambda: self.sheet.delete_note(key))

    def add_note(self, text):
        self.sheet.book.cross()
        if self.sheet.protection is not None:
            raise ComError("AddComment on a protected sheet")
        if (self.r1, self.c1) in self.sheet.notes:
            raise ComError("AddComment: the cell already has a comment")
        self.sheet.notes[(self.r1, self.c1)] = text

    @property
    def last_cell(self):
        self.sheet.book.cross()
        return SimpleNamespace(row=self.r2, column=self.c2)

    def merge(self):
        self.sheet.book.cross()
        self.sheet.check_format()
        self.sheet.merges.append((self.r1, self.c1, self.r2, self.c2))

    @property
    def borders(self):
        # Borders.line_style sets the six grid sides one by one (Borders(side).LineStyle)
        return Counted(self.sheet.book, lambda *_: (self.sheet.book.cross(11), self.sheet.check_format()))

    def __setattr__(self, name, value):
        if name in ("column_width", "wrap_text", "number_format"):
            self.sheet.book.cross()
            self.sheet.check_format()
        object.__setattr__(self, name, value)

    def select(self):
        self.sheet.book.cross()
        if self.sheet.book.active is not self.sheet:
            raise ComError("Select method of Range class failed (sheet not active)")
        self.sheet.book.selected = (self.sheet.name, a1(self.r1 - 1, self.c1 - 1))


class SheetApi:
    """Worksheet COM object: protection and page set-up."""

    def __init__(self, sheet):
        self._sheet = sheet

    def __getattr__(self, name):
        sheet = self._sheet
        sheet.book.cross()
        p = sheet.protection or {}
        if name == "ProtectContents":
            return sheet.protection is not None
        if name == "ProtectDrawingObjects":
            return bool(p.get("DrawingObjects"))
        if name == "ProtectScenarios":
            return bool(p.get("Scenarios"))
        if name == "ProtectionMode":
            return bool(p.get("UserInterfaceOnly"))
        if name == "Protection":
            return SimpleNamespace(**{k: bool(p.get(k)) for k in ALLOW})
        if name == "PageSetup":
            return Counted(sheet.book, sheet.book.page_setup_write)
        raise AttributeError(name)

    def Unprotect(self, Password=None):  # noqa: N802, N803 — COM names
        sheet = self._sheet
        sheet.book.cross()
        if sheet.password is not None and Password is None:
            pytest.fail(f"Excel would prompt for the password of 「{sheet.name}」")
        if sheet.password is not None and Password != sheet.password:
            raise ComError("The password you supplied is not correct.")
        sheet.protection, sheet.password = None, None

    def Protect(self, Password=None, DrawingObjects=True, Contents=True, Scenarios=True,  # noqa: N802, N803
                UserInterfaceOnly=False, **allow):
        sheet = self._sheet
        sheet.book.cross()
        assert Contents, "the sheet must be protected again"
        flags = {k: bool(allow.get(k, False)) for k in ALLOW}
        flags.update(DrawingObjects=DrawingObjects, Scenarios=Scenarios, UserInterfaceOnly=UserInterfaceOnly)
        sheet.protection, sheet.password = flags, Password or None


class Sheet:
    def __init__(self, book, name, cells=None):
        self.book, self.name, self.cells = book, name, dict(cells or {})
        self.colors, self.notes, self.merges, self._visible = {}, {}, [], VISIBLE
        self.protection = None  # flags (Allow…, DrawingObjects, Scenarios, UserInterfaceOnly) while protected
        self.password = None
        self.unlocked: set[tuple[int, int]] = set()
        self.frozen = None  # rows frozen through the window

    def protect(self, password=None, **flags):
        """Protect like Excel's defaults (DrawingObjects, Scenarios on; nothing allowed)."""
        self.protection = {k: False for k in ALLOW} | {"DrawingObjects": True, "Scenarios": True,
                                                       "UserInterfaceOnly": False} | flags
        self.password = password

    @property
    def visible(self):
        self.book.cross()
        return self._visible

    @visible.setter
    def visible(self, value):
        self.book.cross()
        self._visible = VISIBLE if value is True else HIDDEN if value is False else value

    @property
    def freeze_panes(self):
        raise NotImplementedError()  # xlwings' Windows engine: base_classes.Sheet.freeze_panes

    @property
    def api(self):
        return SheetApi(self)

    def check_format(self):
        if self.protection is not None:
            raise ComError(f"「{self.name}」 is protected")

    def delete_note(self, key):
        self.book.cross()
        self.check_format()
        self.notes.pop(key)

    def range(self, a, b=None):
        return Range(self, a, b)

    def __getitem__(self, address):
        return Range(self, address)

    @property
    def used_range(self):
        self.book.cross()
        if not self.cells:
            return Range(self, (1, 1))
        return Range(self, (1, 1), (max(r for r, _ in self.cells), max(c for _, c in self.cells)))

    def clear(self):
        self.book.cross()
        self.cells.clear(), self.colors.clear(), self.notes.clear(), self.merges.clear()

    def delete(self):
        self.book.cross()
        self.book.sheet_list.remove(self)

    def activate(self):
        self.book.cross()
        if self._visible != VISIBLE:
            raise ComError("Activate method of Worksheet class failed (hidden sheet)")
        self.book.active = self


class Sheets:
    def __init__(self, book):
        self.book = book

    def __iter__(self):
        self.book.cross(1 + len(self.book.sheet_list))
        return iter(list(self.book.sheet_list))

    def __len__(self):
        self.book.cross()
        return len(self.book.sheet_list)

    def __getitem__(self, key):
        self.book.cross()
        if isinstance(key, int):
            return self.book.sheet_list[key]
        return next(s for s in self.book.sheet_list if s.name == key)

    @property
    def active(self):
        self.book.cross()
        return self.book.active

    def add(self, name, after=None):
        self.book.cross()
        sheet = Sheet(self.book, name)
        ix = self.book.sheet_list.index(after) + 1 if after is not None else len(self.book.sheet_list)
        self.book.sheet_list.insert(ix, sheet)
        return sheet


class Window:
    """ActiveWindow: freezing applies to the active sheet."""

    def __init__(self, book):
        self.__dict__.update(book=book, split_row=0)

    def __setattr__(self, name, value):
        book = self.book
        book.cross()
        if name == "SplitRow":
            self.__dict__["split_row"] = value
        if name == "FreezePanes":
            book.active.frozen = self.split_row if value else None


class AppApi:
    """Excel.Application: the switches a button turns off while writing."""

    def __init__(self, book):
        self.__dict__.update(book=book, ScreenUpdating=True, Calculation=-4105, PrintCommunication=True,
                             history=[])

    def __setattr__(self, name, value):
        self.book.cross()
        self.history.append((name, value))
        self.__dict__[name] = value

    @property
    def ActiveWindow(self):  # noqa: N802
        self.book.cross()
        return Window(self.book)


class Books:
    """Excel's Workbooks: add-ins are not enumerated, but can be fetched by name."""

    def __init__(self, book):
        self.book = book

    def __iter__(self):
        return iter([self.book, *self.book.others])

    def __getitem__(self, name):
        self.book.cross()
        for b in (self.book, *self.book.others, *self.book.addins):
            if b.name.lower() == name.lower():
                return b
        raise KeyError(name)

    def open(self, path):
        self.book.opened.append(path)


class App:
    """Desktop Excel's app: alerts, opening books, and the status bar (every text kept)."""

    def __init__(self, book):
        self.engine, self.statuses = SimpleNamespace(name="excel"), []
        self.alert, self.books, self.api = book._alert, Books(book), AppApi(book)
        self._book = book

    @property
    def status_bar(self):
        return self.statuses[-1] if self.statuses else False

    @status_bar.setter
    def status_bar(self, text):
        self._book.cross()
        self.statuses.append(text)


class Book:
    def __init__(self, path, fullname: str | None = None):
        grid = read_grid(path)
        self.name, self.fullname = path.name, fullname or str(path)
        self.calls, self.alerts, self.opened, self.pdfs, self.selected = [], [], [], [], None
        self.others, self.addins = [], []  # other open workbooks; open add-ins (not enumerated)
        self.crossings, self.slow_page_setup = 0, 0
        self.sheet_list = [Sheet(self, s.name, {(r + 1, c + 1): v for r, row in enumerate(s.rows)
                                                 for c, v in enumerate(row) if v not in (None, "")})
                           for s in grid.sheets.values()]
        self._protection_from(path)
        self.path, self.backups = path, []
        self.api = SimpleNamespace(SaveCopyAs=self._save_copy)
        self.active = self.sheet_list[0]
        self.sheets = Sheets(self)
        self.app = App(self)
        self.crossings = 0

    def _protection_from(self, path) -> None:
        """Sheet protection and unlocked cells as saved in the file (the template protects its
        input sheets and unlocks the input rows)."""
        wb = load_workbook(path)
        for sheet in self.sheet_list:
            ws = wb[sheet.name]
            if ws.sheet_state != "visible":
                sheet._visible = HIDDEN if ws.sheet_state == "hidden" else VERY_HIDDEN
            if not ws.protection.sheet:
                continue
            p = ws.protection
            sheet.protect(AllowFormattingCells=not p.formatCells, AllowFormattingColumns=not p.formatColumns,
                          AllowFormattingRows=not p.formatRows, AllowInsertingRows=not p.insertRows,
                          AllowDeletingRows=not p.deleteRows, AllowSorting=not p.sort,
                          AllowFiltering=not p.autoFilter, DrawingObjects=bool(p.objects),
                          Scenarios=bool(p.scenarios))
            sheet.unlocked = {(c.row, c.column) for row in ws.iter_rows() for c in row
                              if c.protection is not None and c.protection.locked is False}

    def _save_copy(self, path):
        """Workbook.SaveCopyAs: the file as it is (here: the file the stand-in was loaded from)."""
        import shutil

        self.cross()
        shutil.copyfile(self.path, path)
        self.backups.append(path)

    def cross(self, n: int = 1) -> None:
        self.crossings += n

    def page_setup_write(self, *_):
        if self.app.api.PrintCommunication:
            self.slow_page_setup += 1

    def _alert(self, prompt, title="", mode="info", **_):
        self.alerts.append((prompt, mode))

    def to_pdf(self, path, include=()):
        self.pdfs.append((path, list(include)))

    def sheet(self, name) -> Sheet:
        return next(s for s in self.sheet_list if s.name == name)
