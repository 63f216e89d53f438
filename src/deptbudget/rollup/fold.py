"""Roll-up of many workbooks in bounded memory.

`summarize(budget)` splits a budget into its head (department and units) and the Totals the
summary tables (表1–表5) read: amounts summed per unit, code, kind, source and project, the
incomes, the projects' names and order. Indicators, narrative and each line's own cell are
dropped. Totals are plain tuples, cheap to send from a worker process (a budget of dataclasses
costs several times more to pickle than to sum).

`DistrictFold` adds heads and Totals one file at a time, summing each department as it goes, so a
district roll-up of 10,000 files holds a dozen departments' totals, not 10,000 budgets.
`budgets()` gives one department Budget per department, as `merge_budgets` would, with the same
checks (duplicate units, other year or template version) raising MergeRefused. Amounts are
Decimal: summing in any order gives the same totals.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from ..core.model import Budget, CellRef, ExpenseLine, Income, Project, Source, SpendKind
from .merge import MergeRefused, _ordered, check_merge, source_file

KINDS, SOURCES = tuple(SpendKind), tuple(Source)
_KIND, _SOURCE = {k: i for i, k in enumerate(KINDS)}, {s: i for i, s in enumerate(SOURCES)}


@dataclass
class Totals:
    """One workbook's sums. lines: (unit, func, econ, kind no., source no., project, amount,
    sheet, cell of the first line); incomes: (unit, source no., amount, sheet, cell)."""

    file: str
    lines: tuple
    incomes: tuple
    projects: tuple  # Project without its lines or goal
    prior: tuple
    facts: tuple  # Fact records: each unit's and the workbook's own


def head(budget: Budget) -> Budget:
    """Only the department and its units: what the merge checks and the report need."""
    return replace(budget, incomes=(), lines=(), projects=(), indicators=(), dept_tasks=(),
                   dept_indicators=(), prior=(), facts=(), narrative="")


def summarize(budget: Budget) -> tuple[Budget, Totals]:
    lines = _sums((l.unit, l.func_code, l.econ_code, _KIND[l.kind], _SOURCE[l.source], l.project, l.amount, l.ref)
                  for l in budget.lines)
    incomes = _sums((i.unit, _SOURCE[i.source], i.amount, i.ref) for i in budget.incomes)
    projects = tuple(Project(p.unit, p.name, p.func_code, p.category, p.amount, p.source, "", (), p.ref)
                     for p in budget.projects)  # no lines, no goal text: the summary tables use neither
    file = source_file(budget)
    return head(budget), Totals(file, lines, incomes, projects, budget.prior, budget.facts.records)


def _sums(items) -> tuple:
    """(key…, amount, ref) → one (key…, total, sheet, cell) per key, in first-seen order."""
    sums: dict[tuple, list] = {}
    for *key, amount, ref in items:
        key = tuple(key)
        slot = sums.get(key)
        if slot is None:
            sums[key] = [amount, ref.sheet, ref.cell]
        else:
            slot[0] += amount
    return tuple((*k, *v) for k, v in sums.items())


def expand(head_: Budget, t: Totals) -> Budget:
    """The budget again, as the summary tables see it (equal lines summed, the first line's cell
    kept as the reference)."""
    lines = tuple(ExpenseLine(u, f, e, KINDS[k], SOURCES[s], a, p, CellRef(t.file, sh, c))
                  for u, f, e, k, s, p, a, sh, c in t.lines)
    incomes = tuple(Income(u, SOURCES[s], a, CellRef(t.file, sh, c)) for u, s, a, sh, c in t.incomes)
    return replace(head_, lines=lines, incomes=incomes, projects=t.projects, prior=t.prior, facts=t.facts)


def compact(budget: Budget) -> Budget:
    return expand(*summarize(budget))


@dataclass
class _Department:
    """One department's running totals; lines and incomes are keyed without the unit."""

    heads: list[Budget] = field(default_factory=list)
    lines: dict[tuple, list] = field(default_factory=dict)  # key → [total, first cell]
    incomes: dict = field(default_factory=dict)
    # One level up a project is known by its name alone, and the tables list the names in the
    # order first met (merge order, then as entered): keep each name's first Project only.
    projects: dict[str, tuple] = field(default_factory=dict)  # name → ((merge order, index), Project)
    # 上年数 and 基本信息 stay per unit (few rows a file); the department's figures are their
    # sums (rollup.prior, core.model.Facts)
    prior: list[tuple] = field(default_factory=list)  # (merge order, prior-year items)
    facts: list = field(default_factory=list)  # Fact records of every file

    def add(self, head_: Budget, t: Totals) -> None:
        self.heads.append(head_)
        order = (min((u.code for u in head_.units), default=""), t.file)
        for _, f, e, k, s, p, a, sh, c in t.lines:
            _add(self.lines, (f, e, k, s, p), a, (t.file, sh, c))
        for _, s, a, sh, c in t.incomes:
            _add(self.incomes, s, a, (t.file, sh, c))
        for i, p in enumerate(t.projects):
            seen = self.projects.get(p.name)
            if seen is None or (order, i) < seen[0]:
                self.projects[p.name] = ((order, i), p)
        if t.prior:
            self.prior.append((order, t.prior))
        self.facts += t.facts

    def budget(self) -> Budget:
        findings = check_merge(self.heads)
        if findings:
            raise MergeRefused(findings)
        first = _ordered(self.heads)[0]
        code = first.department.code
        return Budget(
            department=replace(first.department, form="部门"),
            units=tuple(sorted((u for h in self.heads for u in h.units), key=lambda u: u.code)),
            incomes=tuple(Income(code, SOURCES[s], a, CellRef(*ref)) for s, (a, ref) in self.incomes.items()),
            lines=tuple(ExpenseLine(code, f, e, KINDS[k], SOURCES[s], a, p, CellRef(*ref))
                        for (f, e, k, s, p), (a, ref) in self.lines.items()),
            projects=tuple(p for _, p in sorted(self.projects.values(), key=lambda x: x[0])),
            prior=tuple(p for _, items in sorted(self.prior, key=lambda x: x[0]) for p in items),
            facts=tuple(self.facts),
        )


def _add(sums: dict, key, amount: Decimal, ref: tuple) -> None:
    slot = sums.get(key)
    if slot is None:
        sums[key] = [amount, ref]
    else:
        slot[0] += amount


class DistrictFold:
    """Workbooks of several departments, added one at a time and summed per department."""

    def __init__(self) -> None:
        self._departments: dict[str, _Department] = {}

    def add(self, head_: Budget, totals: Totals) -> None:
        self._departments.setdefault(head_.department.code, _Department()).add(head_, totals)

    def __len__(self) -> int:
        return len(self._departments)

    def budgets(self) -> list[Budget]:
        """One Budget per department, by department code; raises MergeRefused."""
        out, refused = [], []
        for _, d in sorted(self._departments.items()):
            try:
                out.append(d.budget())
            except MergeRefused as exc:
                refused += exc.findings
        if refused:
            raise MergeRefused(refused)
        return out
