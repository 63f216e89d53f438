"""Small helpers shared by the fill stage: table shells, unit lists, names in running text."""

from __future__ import annotations

import re
from decimal import Decimal

from ..core.model import Budget
from ..core.table import Table
from ..rollup.prior import department_prior, unit_prior
from ..rollup.tree import Tree
from ..template.spec import TABLE_BY_KEY

EMPTY_NOTE = "本表无数据"


def subtitle(tree: Tree) -> str:
    return f"部门：{tree.department.name}（部门）"


def blank(x: Decimal) -> Decimal | None:
    """The seed leaves zero cells blank."""
    return None if x == 0 else x


def make_table(key: str, tree: Tree, header, merges, cols, rows, notes=(), **meta) -> Table:
    spec = TABLE_BY_KEY[key]
    rows, notes = tuple(rows), tuple(notes)
    if not any(isinstance(v, Decimal) and v != 0 for r in rows for v in r.values):
        notes = (EMPTY_NOTE,) + notes
    t = Table(key=key, title=spec.title, number=spec.number, subtitle=subtitle(tree),
              header=tuple(tuple(h) for h in header), merges=tuple(merges), cols=tuple(cols),
              rows=rows, notes=notes)
    if spec.dated and tree.department.year:
        t.meta["year_label"] = f"（{tree.department.year} 年度）"
    t.meta.update(meta)
    return t


def all_units(tree: Tree, codes=()) -> list[tuple[str, str]]:
    """(code, name) of every registered unit plus any other code that carries figures, by code."""
    names = {u.code: u.name for u in tree.units}
    return [(c, names.get(c) or f"（未登记单位 {c}）") for c in sorted(set(names) | set(codes))]


_YEAR_PREFIX = re.compile(r"^\s*(\d{4})\s*年(度)?\s*")


def core_name(project: str) -> str:
    """A project's name without its leading year: 2024年度个人权益记录项目 → 个人权益记录项目."""
    return _YEAR_PREFIX.sub("", project).strip() or project


def short_unit(name: str, dept: str) -> str:
    """A unit's name without the place prefix it shares with the department name."""
    n = 0
    while n < min(len(name), len(dept)) and name[n] == dept[n]:
        n += 1
    # keep whole words: cut back to the end of the last 市/区/县/省 of the common prefix
    cut = max((name.rfind(ch, 0, n) for ch in "省市区县"), default=-1)
    return name[cut + 1:] if 0 <= cut < len(name) - 1 else name


def prior(budget: Budget, item: str, unit: str = "") -> Decimal | None:
    """The prior-year figure of an item: the department's (unit '': its own, else the sum of all
    its units' — None when not given or when some units lack it), or one unit's."""
    return department_prior(budget, item) if unit == "" else unit_prior(budget, item, unit)
