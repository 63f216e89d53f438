"""Disclosure table sets: which tables a publication has and how they are shown (see base)."""

from __future__ import annotations

from .base import (
    ALL_CLASSES,
    DEPT_BLOCK,
    SUBTOTALS,
    TOTAL_ONLY,
    UNITS,
    USED_CLASSES,
    Narration,
    TableDef,
    TableSet,
    sheet_name,
)
from .shanghai import SHANGHAI_DEPT, SHANGHAI_UNIT
from .sichuan import SICHUAN_DEPT, SICHUAN_UNIT

SETS = {s.name: s for s in (SICHUAN_DEPT, SICHUAN_UNIT, SHANGHAI_DEPT, SHANGHAI_UNIT)}
DEFAULT = SICHUAN_DEPT

__all__ = ["ALL_CLASSES", "DEFAULT", "DEPT_BLOCK", "Narration", "SETS", "SUBTOTALS", "TOTAL_ONLY", "UNITS",
           "USED_CLASSES", "TableDef", "TableSet", "foreign_sheets", "get", "sheet_name"]


def get(name: str | None) -> TableSet:
    """The set called `name` (None or "": the default); an unknown name is refused in Chinese."""
    if not name:
        return DEFAULT
    try:
        return SETS[name.strip()]
    except KeyError:
        raise ValueError(f"没有名为「{name}」的公开表样式；可用：{'、'.join(SETS)}") from None


def foreign_sheets(names, layout: str = DEFAULT.layout) -> dict[str, TableSet]:
    """The sheets among `names` that hold a table of a set with another layout than `layout`
    (sheet name → set): the rules on shown tables read the 四川 layout and must not take
    「表1 部门财务收支预算总表」 (上海) for 表1 部门收支总表."""
    names, out = set(names), {}
    for ts in SETS.values():  # a sheet two sets share (上海 申报表) goes with the first: one finding
        if ts.layout != layout:
            for t in ts.tables:
                if t.sheet in names:
                    out.setdefault(t.sheet, ts)
    return out
