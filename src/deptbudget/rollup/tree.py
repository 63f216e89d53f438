"""The one tree of totals every table reads.

All spending lines are summed once into cells keyed by
(unit, 功能分类 项, 经济分类 款, 基本(人员/公用)/项目, funding source); the tables, the 三公 and
performance fills and the rules then ask the tree for totals and groupings — nobody else adds
up lines.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from itertools import compress
from operator import itemgetter
from typing import Iterable

from ..core.model import Budget, ExpenseLine, Project, Source, SpendKind, Unit

ZERO = Decimal(0)
FIELDS = ("unit", "func", "econ", "kind", "source")
# Derived grouping fields: prefixes of the codes.
DERIVED = {
    "class": ("func", 3),  # 功能分类 类
    "kuan": ("func", 5),  # 功能分类 款
    "econ_class": ("econ", 3),  # 经济分类 类
}


class Tree:
    def __init__(self, budget: Budget):
        self.budget = budget
        self.department = budget.department
        self.units: tuple[Unit, ...] = tuple(sorted(budget.units, key=lambda u: u.code))
        self.cells: dict[tuple, Decimal] = _sum_lines(budget.lines)
        # By unit code, keeping the entry order within a unit (sorted() is stable).
        self.projects: tuple[Project, ...] = tuple(sorted(budget.projects, key=lambda p: p.unit))
        self.income: dict[tuple[str, Source], Decimal] = defaultdict(lambda: ZERO)
        for inc in budget.incomes:
            self.income[(inc.unit, inc.source)] += inc.amount
        # 项目支出 by project: (unit, func, project name, source) → amount.
        self.project_cells: dict[tuple, Decimal] = _sum_projects(budget.lines)

    # -- queries -----------------------------------------------------------
    def total(self, **filters) -> Decimal:
        """Sum of the cells matching the filters (see `matches`)."""
        cells, rest = self._cells_for(filters)
        test = compile_filters(rest)
        if test is _ANY:
            return sum(cells.values(), ZERO)
        # compress() picks the values whose key passes: the test is the only Python call per cell
        return sum(compress(cells.values(), map(test, cells)), ZERO)

    def group(self, by: Iterable[str], **filters) -> dict[tuple, Decimal]:
        """Totals grouped by fields (unit, func, econ, kind, source, class, kuan, econ_class,
        fund, basic), keys sorted."""
        key_of = _key_function(tuple(by))
        cells, rest = self._cells_for(filters)
        if rest.keys() <= KIND_SOURCE_FILTERS:
            return {k: v[0] for k, v in _sum_parts(self._parts(cells, tuple(by)), rest, ({},)).items()}
        test = compile_filters(rest)
        out: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
        for k, v in cells.items():
            if test(k):
                out[key_of(k)] += v
        return dict(sorted_by_text(out.items()))

    def group_many(self, by: Iterable[str], measures: tuple[dict, ...], **scope) -> dict[tuple, list]:
        """{key: [amount per measure]}: for each measure m, group(by, **scope, **m) — ZERO where a
        measure has no cell under a key — in one pass over the cells instead of one per measure.
        Keys sorted."""
        if any("unit" in m or m.keys() & scope.keys() for m in measures):
            return self._group_each(tuple(by), measures, scope)
        key_of = _key_function(tuple(by))
        cells, rest = self._cells_for(scope)
        if all(f.keys() <= KIND_SOURCE_FILTERS for f in (rest, *measures)):
            return _sum_parts(self._parts(cells, tuple(by)), rest, measures)
        in_scope = compile_filters(rest)
        tests = tuple(enumerate(compile_filters(m) for m in measures))
        out: dict[tuple, list] = {}
        for k, v in cells.items():
            if not in_scope(k):
                continue
            amounts = None
            for j, test in tests:
                if test(k):
                    if amounts is None:
                        amounts = out.setdefault(key_of(k), [ZERO] * len(tests))
                    amounts[j] += v
        return dict(sorted_by_text(out.items()))

    def _group_each(self, by: tuple[str, ...], measures: tuple[dict, ...], scope: dict) -> dict[tuple, list]:
        """group_many with one group() per measure (a measure narrowing the unit or redefining a
        scope filter)."""
        out: dict[tuple, list] = defaultdict(lambda: [ZERO] * len(measures))
        for j, m in enumerate(measures):
            for k, v in self.group(by, **{**scope, **m}).items():
                out[k][j] += v
        return dict(sorted_by_text(out.items()))

    def _cells_for(self, filters: dict) -> tuple[dict[tuple, Decimal], dict]:
        """The cells a query can match, in the order of self.cells: only that unit's when it
        names one unit (the rules ask unit by unit, which would otherwise scan every cell once per
        unit), only that 功能分类/经济分类 类, 款 or 项's when it names a code. With them, the
        filters still to test: those the chosen cells all pass are left out."""
        unit, func, econ = filters.get("unit"), _code(filters.get("func")), _code(filters.get("econ"))
        if isinstance(unit, str):
            if func:
                n = _level(func)
                cells = self._index(f"unit+func{n}", lambda k: (k[0], k[1][:n])).get((unit, func[:n]), {})
                return cells, _without(filters, *(("unit", "func") if len(func) == n else ("unit",)))
            return self._index("unit", itemgetter(0)).get(unit, {}), _without(filters, "unit")
        if func:
            n = _level(func)
            cells = self._index(f"func{n}", lambda k: k[1][:n]).get(func[:n], {})
            return cells, _without(filters, "func") if len(func) == n else filters
        if econ:
            n = _level(econ)
            cells = self._index(f"econ{n}", lambda k: k[2][:n]).get(econ[:n], {})
            return cells, _without(filters, "econ") if len(econ) == n else filters
        return self.cells, filters

    def _parts(self, cells: dict, by: tuple[str, ...]) -> dict[tuple, dict[tuple, Decimal]]:
        """`cells` summed by `by` within each (kind, source) pair; for all the cells, once per
        `by` (the tables group the same way many times, column set after column set)."""
        if cells is not self.cells:
            return _by_kind_source(cells, _key_function(by))
        made = self.__dict__.setdefault("_parts_by", {})
        if by not in made:
            made[by] = _by_kind_source(cells, _key_function(by))
        return made[by]

    def _index(self, name: str, part) -> dict:
        """self.cells split by part(key), built once per name."""
        indexes = self.__dict__.setdefault("_indexes", {})
        if name not in indexes:
            index: dict = defaultdict(dict)
            for k, v in self.cells.items():  # same order as self.cells within a part
                index[part(k)][k] = v
            indexes[name] = dict(index)
        return indexes[name]

    def income_total(self, unit: str | None = None, source: Source | None = None) -> Decimal:
        if source is not None and not isinstance(source, Source):  # a plain string equal to a Source
            return sum((v for (u, s), v in self.income.items()
                        if (unit is None or u == unit) and s == source), ZERO)
        return sum(self._income_index().get((unit, source), ()), ZERO)

    def _income_index(self) -> dict[tuple, list[Decimal]]:
        """(unit or None, source or None) → the matching income amounts, in entry order (the
        tables ask unit by unit and source by source)."""
        if not hasattr(self, "_income_by"):
            index: dict[tuple, list[Decimal]] = defaultdict(list)
            for (u, s), v in self.income.items():
                for key in ((u, s), (u, None), (None, s), (None, None)):
                    index[key].append(v)
            self._income_by = dict(index)
        return self._income_by

    def unit_projects(self, unit: str) -> tuple[Project, ...]:
        return tuple(p for p in self.projects if p.unit == unit)

    def _project_order(self) -> dict[str, dict[str, int]]:
        if not hasattr(self, "_order_index"):
            index: dict[str, dict[str, int]] = defaultdict(dict)
            for p in self.projects:
                index[p.unit].setdefault(p.name, len(index[p.unit]))
            self._order_index = dict(index)
        return self._order_index

    def _projects_by_unit(self) -> dict[str, dict[tuple, Decimal]]:
        if not hasattr(self, "_proj_index"):
            index: dict[str, dict[tuple, Decimal]] = defaultdict(dict)
            for (u, f, name, source), v in self.project_cells.items():
                index[u][(f, name, source)] = v
            self._proj_index = dict(index)
        return self._proj_index

    def project_totals(self, unit: str, func: str | None = None, **filters) -> dict[str, Decimal]:
        """项目支出 of one unit by project name, in the order the projects were entered
        (projects known only from lines come after, by name). Filters: source/fund/carry."""
        out: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for (f, name, source), v in self._projects_by_unit().get(unit, {}).items():
            if (func is None or f == func) and matches((unit, f, "", SpendKind.PROJECT, source), filters):
                out[name] += v
        order = self._project_order().get(unit, {})
        names = sorted(out, key=lambda n: (order.get(n, len(order)), n))
        return {n: out[n] for n in names}


def _by_kind_source(cells: dict, key_of) -> dict[tuple, dict[tuple, Decimal]]:
    """(kind, source) → the cells of that pair summed by key_of."""
    parts: dict[tuple, dict] = {}
    for k, v in cells.items():
        part = parts.get((k[3], k[4]))
        if part is None:
            part = parts[(k[3], k[4])] = {}
        key = key_of(k)
        part[key] = part.get(key, ZERO) + v
    return parts


def _sum_parts(parts: dict, scope: dict, measures: tuple[dict, ...]) -> dict[tuple, list]:
    """group_many from the sums per (kind, source) pair, when every filter reads only a cell's
    kind and source (the tables' columns: 基本/项目, 人员/公用, fund, 结转): the measures a pair
    counts in are found once, and a pair no measure takes costs nothing."""
    in_scope = compile_filters(scope)
    tests = tuple(compile_filters(m) for m in measures)
    n, out = len(measures), {}
    for pair, part in parts.items():
        probe = ("", "", "") + pair  # the filters read only kind and source
        js = tuple(j for j, t in enumerate(tests) if in_scope(probe) and t(probe))
        if not js:
            continue
        for key, v in part.items():
            amounts = out.get(key)
            if amounts is None:
                amounts = out[key] = [ZERO] * n
            for j in js:
                amounts[j] += v
    return dict(sorted_by_text(out.items()))


def _without(filters: dict, *names: str) -> dict:
    """The filters but those named."""
    return {k: v for k, v in filters.items() if k not in names}


def _code(want) -> str | None:
    """A func=/econ= filter that names one code of 3 digits or more (an index can serve it)."""
    return want if isinstance(want, str) and len(want) >= 3 else None


def _level(code: str) -> int:
    """The longest code level (类 3, 款 5, 项 7) that `code` starts with."""
    return 7 if len(code) >= 7 else 5 if len(code) >= 5 else 3


def field_value(key: tuple, name: str):
    unit, func, econ, kind, source = key
    if name in DERIVED:
        base, n = DERIVED[name]
        return (func if base == "func" else econ)[:n]
    if name == "fund":
        return source.fund_type
    if name == "basic":
        return kind.is_basic
    return key[FIELDS.index(name)]


def _getter(name: str):
    """key → field_value(key, name), with the per-name dispatch done once."""
    if name in DERIVED:
        base, n = DERIVED[name]
        i = 1 if base == "func" else 2
        return lambda k: k[i][:n]
    if name == "fund":
        return lambda k: _FUND_TYPE[k[4]]
    if name == "basic":
        return lambda k: k[3] in BASIC_KINDS
    i = FIELDS.index(name)
    return lambda k: k[i]


def _key_function(by: tuple[str, ...]):
    """key → tuple(field_value(key, f) for f in by), without a generator per cell."""
    getters = tuple(_getter(f) for f in by)
    if len(getters) == 1:
        g = getters[0]
        return lambda k: (g(k),)
    if len(getters) == 2:
        g0, g1 = getters
        return lambda k: (g0(k), g1(k))
    if len(getters) == 3:
        g0, g1, g2 = getters
        return lambda k: (g0(k), g1(k), g2(k))
    return lambda k: tuple(g(k) for g in getters)


def sorted_by_text(items) -> list:
    """(key tuple, value) pairs sorted by the keys' text, str(x) of each part. Keys made only of
    str sort the same by themselves, which spares a str() per part on large groupings."""
    items = list(items)
    if all(type(x) is str for k, _ in items for x in k):
        return sorted(items, key=itemgetter(0))
    return sorted(items, key=lambda kv: tuple(str(x) for x in kv[0]))


def compile_filters(filters: dict):
    """A test key → bool equal to `matches(key, filters)`, with each filter's case decided once
    (tables and rules call total()/group() hundreds of times over every cell)."""
    tests = []
    for name, want in filters.items():
        if want is None:
            continue
        many = isinstance(want, (set, frozenset, tuple))
        if name in ("unit", "kind", "source"):
            i = FIELDS.index(name)
            tests.append((lambda k, i=i, w=want: k[i] in w) if many else (lambda k, i=i, w=want: k[i] == w))
        elif name in ("func", "econ"):
            i = FIELDS.index(name)
            tests.append(lambda k, i=i, w=want: k[i].startswith(w))
        elif name == "basic":
            tests.append(lambda k, w=want: (k[3] in BASIC_KINDS) == w)
        elif name == "fund":
            ok = {s for s in Source if (s.is_fiscal if want == "fiscal" else s.fund_type == want)}
            tests.append(lambda k, ok=ok: k[4] in ok)
        elif name == "carry":
            tests.append(lambda k, w=want: k[4].is_carryover == w)
        else:
            return lambda k, f=filters: matches(k, f)  # raises for the unknown filter, as matches does
    if not tests:
        return _ANY
    return _all_of(tests)


def _all_of(tests: list):
    """A test true when every one of `tests` is (short-circuit, left to right)."""
    if len(tests) == 1:
        return tests[0]
    first, rest = tests[0], _all_of(tests[1:])
    return lambda k: first(k) and rest(k)


def _ANY(key: tuple) -> bool:
    """The test of a query without filters."""
    return True


def matches(key: tuple, filters: dict) -> bool:
    """Filters: unit=code or set; func=/econ= code prefix; kind=SpendKind or set; basic=bool;
    source=Source or set; fund='general'|'fund'|'soe'|'fiscal'; carry=bool."""
    unit, func, econ, kind, source = key
    for name, want in filters.items():
        if want is None:
            continue
        if name == "unit":
            ok = unit in want if isinstance(want, (set, frozenset, tuple)) else unit == want
        elif name == "func":
            ok = func.startswith(want)
        elif name == "econ":
            ok = econ.startswith(want)
        elif name == "kind":
            ok = kind in want if isinstance(want, (set, frozenset, tuple)) else kind == want
        elif name == "basic":
            ok = kind.is_basic == want
        elif name == "source":
            ok = source in want if isinstance(want, (set, frozenset, tuple)) else source == want
        elif name == "fund":
            ok = source.is_fiscal if want == "fiscal" else source.fund_type == want
        elif name == "carry":
            ok = source.is_carryover == want
        else:
            raise ValueError(f"unknown filter {name}")
        if not ok:
            return False
    return True


def _sum_lines(lines: Iterable[ExpenseLine]) -> dict[tuple, Decimal]:
    cells: dict[tuple, Decimal] = {}
    for l in lines:  # get(…, ZERO) rather than a defaultdict: no Python call per new cell
        k = (l.unit, l.func_code, l.econ_code, l.kind, l.source)
        cells[k] = cells.get(k, ZERO) + l.amount
    return cells


def _sum_projects(lines: Iterable[ExpenseLine]) -> dict[tuple, Decimal]:
    cells: dict[tuple, Decimal] = {}
    for l in lines:
        if l.kind is SpendKind.PROJECT:  # not kind.is_basic, without a property call per line
            k = (l.unit, l.func_code, l.project, l.source)
            cells[k] = cells.get(k, ZERO) + l.amount
    return cells


def build_tree(budget: Budget) -> Tree:
    return Tree(budget)


BASIC_KINDS = frozenset({SpendKind.PERSONNEL, SpendKind.PUBLIC})
KIND_SOURCE_FILTERS = frozenset({"kind", "basic", "source", "fund", "carry"})  # read key[3] and key[4] only
_FUND_TYPE = {s: s.fund_type for s in Source}
