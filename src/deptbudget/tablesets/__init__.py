"""Disclosure table sets: which tables a publication has and how they are titled (see base)."""

from __future__ import annotations

from .base import TableDef, TableSet
from .sichuan import SICHUAN_DEPT, SICHUAN_UNIT

SETS = {s.name: s for s in (SICHUAN_DEPT, SICHUAN_UNIT)}
DEFAULT = SICHUAN_DEPT

__all__ = ["DEFAULT", "SETS", "TableDef", "TableSet", "get"]


def get(name: str | None) -> TableSet:
    """The set called `name` (None or "": the default); an unknown name is refused in Chinese."""
    if not name:
        return DEFAULT
    try:
        return SETS[name.strip()]
    except KeyError:
        raise ValueError(f"没有名为「{name}」的公开表样式；可用：{'、'.join(SETS)}") from None
