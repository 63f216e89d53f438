"""What a rule sees: the budget, the one tree of totals, the raw grid, settings, code books and
the summary tables as the workbook shows them. Everything derived is computed once, lazily."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache
from operator import attrgetter

from ..core.model import Budget, CellRef, Indicator, Project, SpendKind
from ..io.grid import Grid, col_letter
from ..template import spec
from .settings import Settings

PUBLISHED = "公开表"  # Department.form of a workbook holding only the summary tables


@dataclass
class Context:
    budget: Budget
    grid: Grid | None = None
    settings: Settings = field(default_factory=Settings)
    given_tables: dict | None = None  # computed tables handed in by a caller (else built here)

    @cached_property
    def tree(self):
        from ..rollup.tree import build_tree

        return build_tree(self.budget)

    @cached_property
    def tables(self) -> dict:
        """The summary tables recomputed from the input sheets (key → core.table.Table)."""
        if self.given_tables is not None:
            return dict(self.given_tables)
        from ..rollup.tables import build_tables

        return build_tables(self.tree)

    @cached_property
    def published(self) -> bool:
        """公开表 mode: the workbook holds only the summary tables (rules.shown_read)."""
        return self.budget.department.form == PUBLISHED

    @cached_property
    def shown(self) -> dict:
        """The summary tables as read from the workbook's 表 sheets (key → sheets.ShownTable)."""
        from .sheets import read_tables

        if self.published:
            from .shown_read import read_published

            return read_published(self.grid) if self.grid is not None else {}
        if self.given_tables is None and not self.table_sheets:
            return {}  # an input workbook without 表 sheets: nothing to compare, no tables to build
        return read_tables(self.grid, self.tables)

    @cached_property
    def table_sheets(self) -> dict[str, str]:
        from .sheets import present_table_sheets

        return present_table_sheets(self.grid)

    @property
    def file(self) -> str:
        return self.grid.file if self.grid else (self.budget.department.ref.file or "")

    @property
    def year(self) -> int:
        return self.budget.department.year

    def book(self, scheme: str):
        """The code list for the budget year (looked up once per run)."""
        books = self.__dict__.setdefault("_books", {})
        if scheme not in books:
            from ..reference.codes import codebook

            books[scheme] = codebook(scheme, self.year or None)
        return books[scheme]

    # -- locations ---------------------------------------------------------
    @cached_property
    def _headers(self) -> dict:
        return {}

    def column_cell(self, ref: CellRef | None, sheet_spec: spec.InputSheet, key: str) -> CellRef | None:
        """The cell of column `key` on the row `ref` points at (a row ref "5:5" or any cell)."""
        at = self.column_at(ref, sheet_spec, key)
        if at is None:
            return ref
        return CellRef(ref.file, ref.sheet, f"{_letters(at[1])}{at[0] + 1}")  # a1(row, col)

    def column_at(self, ref: CellRef | None, sheet_spec: spec.InputSheet, key: str) -> tuple[int, int] | None:
        """0-based (row, column) of that cell; None where column_cell gives `ref` back."""
        if ref is None or not ref.cell:
            return None
        row = _row_of(ref.cell)
        col = self.column_of(ref.sheet, sheet_spec, key)
        if row is None or col is None:
            return None
        return row, col

    def column_of(self, sheet_name: str, sheet_spec: spec.InputSheet, key: str) -> int | None:
        """0-based index of column `key` on that input sheet (None: no such sheet or header)."""
        cache = self._headers
        if (sheet_name, key) not in cache:
            found = self.header(sheet_name, sheet_spec)
            cache[(sheet_name, key)] = found[1].get(key) if found else None
        return cache[(sheet_name, key)]

    def header(self, sheet_name: str, sheet_spec: spec.InputSheet) -> tuple[int, dict[str, int]] | None:
        """The input sheet's header row and columns as the reader finds them (None: no such sheet
        or header), looked up once."""
        cache = self.__dict__.setdefault("_found_headers", {})
        if (sheet_name, sheet_spec.name) not in cache:
            sheet = self.grid.sheet(sheet_name) if self.grid else None
            if sheet is None:
                found = None
            else:
                from ..template.reader import find_header

                found = find_header(sheet, sheet_spec)
            cache[(sheet_name, sheet_spec.name)] = found
        return cache[(sheet_name, sheet_spec.name)]

    def ind_cell(self, ind: Indicator, key: str) -> CellRef | None:
        sheet = spec.INDICATORS if ind.project else spec.DEPT_INDICATORS
        return self.column_cell(ind.ref, sheet, key)

    def project_cell(self, p: Project, key: str) -> CellRef | None:
        return self.column_cell(p.ref, spec.PROJECTS, key)

    def info_cell(self, key: str) -> CellRef:
        ref = self.budget.facts.ref(key)
        return ref if ref and ref.file else CellRef(self.file, spec.INFO_SHEET, "")

    @cached_property
    def prior_items(self) -> dict:
        """上年数 item → rollup.prior.PriorItem (the units' figures and the department's own)."""
        from ..rollup.prior import prior_items

        return prior_items(self.budget)

    @cached_property
    def fact_items(self) -> list:
        """基本信息 facts: the units' values and the department's own (rollup.facts.FactItem)."""
        from ..rollup.facts import fact_items

        return fact_items(self.budget)

    @cached_property
    def priors(self) -> dict[str, Decimal]:
        """上年数 item → the department's figure, for the items that have one."""
        return {k: v.amount for k, v in self.prior_items.items() if v.amount is not None}

    # -- lookups -----------------------------------------------------------
    @cached_property
    def basic_lines(self) -> tuple:
        """budget.basic_lines, filtered once (it is a property that scans every line, asking each
        line's kind.is_basic: the same test here without a property call per line)."""
        return tuple(l for l in self.budget.lines if l.kind is not SpendKind.PROJECT)

    def codes_used(self, key: str, basic: bool = False) -> dict[str, None]:
        """The distinct `key` codes (func_code, econ_code) of all lines, or of the basic lines, in
        the order first used, found once: rules judge these few hundred, not 50,000 lines."""
        cache = self.__dict__.setdefault("_codes_used", {})
        if (key, basic) not in cache:
            lines = self.basic_lines if basic else self.budget.lines
            cache[(key, basic)] = dict.fromkeys(map(attrgetter(key), lines))
        return cache[(key, basic)]

    @cached_property
    def project_amounts(self) -> dict[tuple[str, str], Decimal]:
        """(unit, project name) → amount, from the tree."""
        out = {}
        for u in self.budget.units:
            for name, v in self.tree.project_totals(u.code).items():
                out[(u.code, name)] = v
        return out

    @cached_property
    def goal_amounts(self) -> dict[str, tuple]:
        """Project 年度目标 text → the amounts written in it (narrative_parse.amounts), parsed once
        per distinct text: two rules read them, and many projects share a goal's wording."""
        from .narrative_parse import amounts

        out: dict[str, tuple] = {}
        for p in self.budget.projects:
            if p.goal not in out:
                out[p.goal] = tuple(amounts(p.goal))
        return out

    @cached_property
    def indicators_by_project(self) -> dict[tuple[str, str], list[Indicator]]:
        out: dict = {}
        for ind in self.budget.indicators:
            out.setdefault((ind.unit, ind.project), []).append(ind)
        return out


@lru_cache(maxsize=1 << 17)  # rules ask for the same line's row again and again
def _row_of(cell: str) -> int | None:
    """0-based row of "F12" or "12:12"."""
    head = cell.partition(":")[0]
    digits = head.lstrip(_UPPER)  # the usual "F12": letters, then the row
    if not (digits.isascii() and digits.isdigit()):
        digits = "".join(filter(str.isdigit, head))
    return int(digits) - 1 if digits else None


_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


_letters = lru_cache(maxsize=None)(col_letter)  # a sheet has a few dozen columns
