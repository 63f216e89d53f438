"""基本信息 facts across units: what each unit gave, what the department's figure is and why.

Budget.facts (core.model.Facts) answers `get(key)` with the department's figure: its own value,
else the units' amounts and counts summed, else their text when all units gave the same. This
module lays out, per fact of template.spec.FACT_KINDS, the parts of that answer for the rules
(rules.facts) and lifts a department's figures one level up (district).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.model import Budget, CellRef, Fact
from ..core.money import WAN
from ..reference.codes import NAME_FACT
from ..template.cellcheck import entry_unit
from ..template.spec import FACT_KINDS, INFO_KEYS

LABELS = {key: label for label, key, _ in INFO_KEYS}


@dataclass(frozen=True)
class FactItem:
    key: str
    kind: str  # money | count | text
    own: object = None  # the department's own value
    units: dict = field(default_factory=dict)  # unit → value, the units that gave one
    blank: tuple[str, ...] = ()  # units that left it blank while others gave it
    value: object = None  # the department's figure (Budget.facts.get)
    ref: CellRef | None = None

    @property
    def label(self) -> str:
        return LABELS[self.key]

    @property
    def units_sum(self):
        """The units' numbers summed (blank as 0); None for a text or when no unit gave one."""
        return sum(self.units.values(), 0) if self.units and self.kind != "text" else None


def fact_items(budget: Budget) -> list[FactItem]:
    """Each fact some unit or the department gave, in 基本信息 order."""
    facts, codes = budget.facts, sorted(u.code for u in budget.units)
    out = []
    for key, kind in FACT_KINDS.items():
        units = facts.by_unit(key)
        own = facts.own(key)
        if not units and own is None:
            continue
        blank = tuple(c for c in codes if c not in units) if units else ()
        out.append(FactItem(key, kind, own, units, blank, facts.get(key), facts.ref(key)))
    return out


def as_unit_facts(budget: Budget, code: str) -> tuple[Fact, ...]:
    """A department's figures as the facts of one unit `code` (the district level); the names its
    workbooks give codes stay the workbooks' own (reference.codes.NAME_FACT)."""
    facts = budget.facts
    return tuple(Fact(code, key, facts[key], facts.ref(key) or CellRef("", "", ""))
                 for key in FACT_KINDS if key in facts) + \
        tuple(Fact("", key, value) for key, value in facts.items() if key.startswith(NAME_FACT))


def entry_units(budget: Budget) -> dict[str, str]:
    """file → the 金额单位 its amounts were entered in (万元 or 元), for the workbooks that declared
    one the reader took; the model holds 万元 whatever they declared."""
    out = {}
    for f in budget.facts.records:
        unit = entry_unit(f.value) if f.key == "money_unit" else None
        if unit is not None:
            out[f.ref.file] = unit.name
    return out


def common_entry_unit(budget: Budget) -> str:
    """The 金额单位 every workbook of the budget declared (元 only when all did), else 万元: the unit
    a workbook written from the budget declares and is written in."""
    units = set(entry_units(budget).values())
    return units.pop() if len(units) == 1 else WAN


def declared_table_sets(budget: Budget) -> dict[str, tuple[str, CellRef]]:
    """file → (公开表样式 its 基本信息 declares, the cell), for the workbooks that declared one."""
    return {f.ref.file: (str(f.value).strip(), f.ref) for f in budget.facts.records if f.key == "table_set"}


def declared_table_set(budget: Budget) -> tuple[str | None, str]:
    """The 公开表样式 the budget's workbooks declare: (name, "") when every one that declared one gave
    the same known name; else (None, why) — why is "" when none declared one."""
    from ..tablesets import SETS

    names = sorted({name for name, _ in declared_table_sets(budget).values()})
    if not names:
        return None, ""
    unknown = [n for n in names if n not in SETS]
    if unknown:
        return None, f"基本信息「公开表样式」「{unknown[0]}」不是可用的样式（可用：{'、'.join(SETS)}）"
    if len(names) > 1:
        return None, f"各工作簿的「公开表样式」不同（{'、'.join(names)}）"
    return names[0], ""


def chosen_table_set(given, budget: Budget):
    """(TableSet or None for the default, note) the publication uses: `given` (--table-set) wins over
    the 公开表样式 the workbooks declare; `note` says which was used and why ('' when nothing was
    declared nor given). A declared unknown name without --table-set raises ValueError (Chinese).
    A 单位 set declared by the units of a department of several units publishes its 部门 set."""
    from ..tablesets import DEFAULT, SETS

    name, why = declared_table_set(budget)
    if given is not None:
        declared = name or why
        return given, (f"公开表样式：{given.name}（按 --table-set；基本信息声明的是「{declared}」）"
                       if declared and declared != given.name else "")
    if why.startswith("基本信息"):
        raise ValueError(why + "；请改正，或用 --table-set 指定")
    if why:
        return None, f"{why}，按默认的「{DEFAULT.name}」公开；可用 --table-set 指定"
    if name is None:
        return None, ""
    chosen = SETS[name]
    if chosen.scope == "单位" and len(budget.units) > 1:
        dept = SETS.get(chosen.counterpart)
        if dept is not None:
            n = len(budget.units)
            return dept, f"公开表样式：{dept.name}（各单位声明「{name}」，{n} 个单位汇总按部门样式公开）"
    return chosen, f"公开表样式：{name}（按「基本信息」的公开表样式）"
