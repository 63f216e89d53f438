"""Small helpers shared by the fill stage: table shells, unit lists, names in running text."""

from __future__ import annotations

import re
from decimal import Decimal

from ..core.model import Budget
from ..core.table import Table
from ..rollup.prior import department_prior, unit_prior
from ..rollup.tree import Tree
from ..tablesets import DEFAULT as SET

EMPTY_NOTE = SET.empty_note


def subtitle(tree: Tree) -> str:
    return SET.subtitle(tree.department, tree.units)


def blank(x: Decimal) -> Decimal | None:
    """The seed leaves zero cells blank."""
    return None if x == 0 else x


def make_table(key: str, tree: Tree, header, merges, cols, rows, notes=(), ts=None, **meta) -> Table:
    """The fill stage's tables are made like the roll-up's (rollup.tables.common.make_table)."""
    from ..rollup.tables.common import make_table as make

    return make(key, tree, header, merges, cols, rows, notes, ts, **meta)


def all_units(tree: Tree, codes=()) -> list[tuple[str, str]]:
    """(code, name) of every registered unit plus any other code that carries figures, by code."""
    names = {u.code: u.name for u in tree.units}
    return [(c, names.get(c) or f"（未登记单位 {c}）") for c in sorted(set(names) | set(codes))]


_YEAR_PREFIX = re.compile(r"^\s*(\d{4})\s*年(度)?\s*")


def core_name(project: str) -> str:
    """A project's name without its leading year: 2024年度个人权益记录项目 → 个人权益记录项目."""
    return _YEAR_PREFIX.sub("", project).strip() or project


_PLACE = re.compile(r"^(?:[^省市区县盟旗]{1,7}?(?:自治州|自治区|省|市|盟|区|县|旗)){1,3}")


def short_unit(name: str, dept: str) -> str:
    """A unit's name without the place prefix it shares with the department name: 达州市达川区
    社会保险事业管理局 → 社会保险事业管理局. Only place names are cut (the 市 of 市场监督管理局 is
    not one)."""
    place = _PLACE.match(dept)
    prefix = place.group(0) if place else ""
    while prefix and not name.startswith(prefix):  # a shorter shared place: 某市某区 → 某市
        inner = _PLACE.match(prefix[:-1])
        prefix = inner.group(0) if inner else ""
    return name[len(prefix):] if prefix and len(name) > len(prefix) else name


def prior(budget: Budget, item: str, unit: str = "") -> Decimal | None:
    """The prior-year figure of an item: the department's (unit '': its own, else the sum of all
    its units' — None when not given or when some units lack it), or one unit's."""
    return department_prior(budget, item) if unit == "" else unit_prior(budget, item, unit)
