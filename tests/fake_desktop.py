"""A tiny in-memory stand-in for desktop Excel's `xw.Book` — only what the handlers call that the
remote engine cannot show: reading a cell's fill colour, notes, opening books, PDF export.
Values live in dicts; every call that reaches the fake is counted."""

from __future__ import annotations

import re
from types import SimpleNamespace

from deptbudget.io.grid import a1
from deptbudget.io.read import read_grid


def _rc(cell: str) -> tuple[int, int]:
    m = re.match(r"\$?([A-Z]+)\$?(\d+)", cell)
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col


class Range:
    def __init__(self, sheet, a, b=None):
        if isinstance(a, str):
            parts = a.split(":")
            a, b = _rc(parts[0]), (_rc(parts[1]) if len(parts) > 1 else None)
        self.sheet, self.r1, self.c1 = sheet, a[0], a[1]
        self.r2, self.c2 = (b if b else a)
        self.font = SimpleNamespace()

    def options(self, **_):
        return self

    @property
    def value(self):
        cells = self.sheet.cells
        return [[cells.get((r, c)) for c in range(self.c1, self.c2 + 1)] for r in range(self.r1, self.r2 + 1)]

    @value.setter
    def value(self, rows):
        self.sheet.book.calls.append(("write", self.sheet.name))
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                key = (self.r1 + i, self.c1 + j)
                if v is None:
                    self.sheet.cells.pop(key, None)
                else:
                    self.sheet.cells[key] = v

    @property
    def color(self):
        rgb = self.sheet.colors.get((self.r1, self.c1))
        return None if rgb is None else tuple(int(rgb[i:i + 2], 16) for i in (1, 3, 5))

    @color.setter
    def color(self, value):
        self.sheet.check_unprotected()
        for r in range(self.r1, self.r2 + 1):
            for c in range(self.c1, self.c2 + 1):
                if value is None:
                    self.sheet.colors.pop((r, c), None)
                else:
                    self.sheet.colors[(r, c)] = value.lower()

    @property
    def note(self):
        key = (self.r1, self.c1)
        if key not in self.sheet.notes:
            return None
        return SimpleNamespace(text=self.sheet.notes[key], delete=lambda: self.sheet.notes.pop(key))

    def add_note(self, text):
        self.sheet.check_unprotected()
        self.sheet.notes[(self.r1, self.c1)] = text

    @property
    def last_cell(self):
        return SimpleNamespace(row=self.r2, column=self.c2)

    def merge(self):
        self.sheet.merges.append((self.r1, self.c1, self.r2, self.c2))

    def select(self):
        self.sheet.book.selected = (self.sheet.name, a1(self.r1 - 1, self.c1 - 1))


class Sheet:
    def __init__(self, book, name, cells=None):
        self.book, self.name, self.cells = book, name, dict(cells or {})
        self.colors, self.notes, self.merges, self.visible = {}, {}, [], True
        self.freeze_panes = SimpleNamespace(freeze_at=lambda *_: None)
        self.protection = None  # dict of Allow… flags while protected (desktop COM's Protection)

    @property
    def api(self):
        sheet = self

        class Api:
            ProtectContents = sheet.protection is not None
            Protection = SimpleNamespace(**(sheet.protection or {}))

            @staticmethod
            def Unprotect():
                sheet.protection = None

            @staticmethod
            def Protect(DrawingObjects, Contents, Scenarios, **allow):
                sheet.protection = allow

        return Api

    def check_unprotected(self):
        if self.protection is not None:
            raise RuntimeError("the cell is on a protected sheet")

    def range(self, a, b=None):
        return Range(self, a, b)

    @property
    def used_range(self):
        if not self.cells:
            return Range(self, (1, 1))
        return Range(self, (1, 1), (max(r for r, _ in self.cells), max(c for _, c in self.cells)))

    def clear(self):
        self.cells.clear(), self.colors.clear(), self.notes.clear(), self.merges.clear()

    def delete(self):
        self.book.sheet_list.remove(self)

    def activate(self):
        self.book.active = self


class Sheets:
    def __init__(self, book):
        self.book = book

    def __iter__(self):
        return iter(list(self.book.sheet_list))

    def __len__(self):
        return len(self.book.sheet_list)

    def __getitem__(self, key):
        if isinstance(key, int):
            return self.book.sheet_list[key]
        return next(s for s in self.book.sheet_list if s.name == key)

    @property
    def active(self):
        return self.book.active

    def add(self, name, after=None):
        sheet = Sheet(self.book, name)
        ix = self.book.sheet_list.index(after) + 1 if after is not None else len(self.book.sheet_list)
        self.book.sheet_list.insert(ix, sheet)
        return sheet


class App:
    """Desktop Excel's app: alerts, opening books, and the status bar (every text kept)."""

    def __init__(self, book):
        self.engine, self.statuses = SimpleNamespace(name="excel"), []
        self.alert, self.books = book._alert, SimpleNamespace(open=book.opened.append)

    @property
    def status_bar(self):
        return self.statuses[-1] if self.statuses else False

    @status_bar.setter
    def status_bar(self, text):
        self.statuses.append(text)


class Book:
    def __init__(self, path, fullname: str | None = None):
        grid = read_grid(path)
        self.name, self.fullname = path.name, fullname or str(path)
        self.calls, self.alerts, self.opened, self.pdfs, self.selected = [], [], [], [], None
        self.sheet_list = [Sheet(self, s.name, {(r + 1, c + 1): v for r, row in enumerate(s.rows)
                                                 for c, v in enumerate(row) if v not in (None, "")})
                           for s in grid.sheets.values()]
        self.active = self.sheet_list[0]
        self.sheets = Sheets(self)
        self.app = App(self)

    def _alert(self, prompt, title="", mode="info", **_):
        self.alerts.append((prompt, mode))

    def to_pdf(self, path, include=()):
        self.pdfs.append((path, list(include)))

    def sheet(self, name) -> Sheet:
        return self.sheets[name]
