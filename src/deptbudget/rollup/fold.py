"""Roll-up of many workbooks in bounded memory.

`compact(budget)` keeps what the summary tables (表1–表5) read — the totals per unit, code, kind,
source and project, the incomes, the projects' names and order — and drops the rest (indicators,
narrative, every line's own cell). A worker process compacts each workbook before sending it back,
so little crosses between processes.

`DistrictFold` adds compacted unit and department budgets one at a time, summing each department
as it goes, so a district roll-up of 10,000 files holds a dozen departments' totals, not 10,000
budgets. `budgets()` gives one department Budget per department, as `merge_budgets` would, with
the same checks (duplicate units, other year or template version) raising MergeRefused.
Amounts are Decimal: summing in any order gives the same totals.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from ..core.model import Budget, ExpenseLine, Project
from .merge import MergeRefused, _ordered, check_merge, source_file


def compact(budget: Budget) -> Budget:
    """The budget as the summary tables see it: equal lines summed (the first line's cell kept
    as the reference), projects without their lines, no indicators or narrative."""
    lines = _sum_lines(budget.lines, lambda l: (l.unit, l.func_code, l.econ_code, l.kind, l.source, l.project))
    projects = tuple(Project(p.unit, p.name, p.func_code, p.category, p.amount, p.source, p.goal, (), p.ref)
                     for p in budget.projects)
    return replace(budget, lines=lines, projects=projects, indicators=(), narrative="")


def head(budget: Budget) -> Budget:
    """Only the department and its units: what the merge checks and the report need."""
    return replace(budget, incomes=(), lines=(), projects=(), indicators=(), dept_tasks=(),
                   dept_indicators=(), prior=(), facts={}, narrative="")


def _sum_lines(lines, key) -> tuple[ExpenseLine, ...]:
    first: dict[tuple, ExpenseLine] = {}
    total: dict[tuple, Decimal] = {}
    for l in lines:
        k = key(l)
        if k in total:
            total[k] += l.amount
        else:
            first[k], total[k] = l, l.amount
    return tuple(l if l.amount == total[k] else _with_amount(l, total[k]) for k, l in first.items())


def _with_amount(l: ExpenseLine, amount: Decimal, unit: str | None = None) -> ExpenseLine:
    # The constructor, not dataclasses.replace: several times faster, and called per line.
    return ExpenseLine(unit or l.unit, l.func_code, l.econ_code, l.kind, l.source, amount, l.project, l.ref)


@dataclass
class _Department:
    """One department's running totals; lines and incomes are keyed without the unit."""

    heads: list[Budget] = field(default_factory=list)
    lines: dict[tuple, list] = field(default_factory=dict)  # key → [first line, total]
    incomes: dict = field(default_factory=dict)  # source → [first income, total]
    parts: list[tuple] = field(default_factory=list)  # (merge order, projects, prior)
    facts: dict = field(default_factory=dict)  # fact → (merge order, value): the first in order wins

    def add(self, b: Budget) -> None:
        self.heads.append(head(b))
        order = (min((u.code for u in b.units), default=""), source_file(b))
        for l in b.lines:
            _add(self.lines, (l.func_code, l.econ_code, l.kind, l.source, l.project), l)
        for i in b.incomes:
            _add(self.incomes, i.source, i)
        self.parts.append((order, b.projects, b.prior))
        for k, v in b.facts.items():
            if k not in self.facts or order < self.facts[k][0]:
                self.facts[k] = (order, v)

    def budget(self) -> Budget:
        findings = check_merge(self.heads)
        if findings:
            raise MergeRefused(findings)
        first = _ordered(self.heads)[0]
        code = first.department.code
        parts = sorted(self.parts, key=lambda p: p[0])
        return Budget(
            department=replace(first.department, form="部门"),
            units=tuple(sorted((u for h in self.heads for u in h.units), key=lambda u: u.code)),
            incomes=tuple(replace(i, unit=code, amount=t) for i, t in self.incomes.values()),
            lines=tuple(_with_amount(l, t, code) for l, t in self.lines.values()),
            projects=tuple(p for part in parts for p in part[1]),
            prior=tuple(p for part in parts for p in part[2]),
            facts={k: v for k, (_, v) in self.facts.items()},
        )


def _add(sums: dict, key, item) -> None:
    slot = sums.get(key)
    if slot is None:
        sums[key] = [item, item.amount]
    else:
        slot[1] += item.amount


class DistrictFold:
    """Budgets of several departments, added one at a time and summed per department."""

    def __init__(self) -> None:
        self._departments: dict[str, _Department] = {}

    def add(self, budget: Budget) -> None:
        self._departments.setdefault(budget.department.code, _Department()).add(budget)

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

