"""An empty budget: what the template's summary sheets show before any figures are entered."""

from __future__ import annotations

from ..core.model import Budget, Department
from . import spec


def empty_budget() -> Budget:
    return Budget(Department("", "（部门名称）", 0, spec.TEMPLATE_VERSION))
