"""基本信息 facts across units: what each unit gave, what the department's figure is and why.

Budget.facts (core.model.Facts) answers `get(key)` with the department's figure: its own value,
else the units' amounts and counts summed, else their text when all units gave the same. This
module lays out, per fact of template.spec.FACT_KINDS, the parts of that answer for the rules
(rules.facts) and lifts a department's figures one level up (district).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.model import Budget, CellRef, Fact
from ..reference.codes import NAME_FACT
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
