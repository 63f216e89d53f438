"""The rule catalog: every rule registered once, by a stable code that is never reused.

A rule is a small function `check(ctx) -> Iterable[Hit]` under the `@rule(...)` decorator, with a
docstring that explains it and gives a 反例 and a 正例. The cell-level checks the reader makes
(template.cellcheck.READER_RULES) and the engine's own codes are registered here too, without a
check function, so `deptbudget rules` lists the whole catalog.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from ..core.findings import Severity
from ..core.model import CellRef

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO

CATEGORIES = {
    "STR": "结构", "COD": "科目编码", "CODE": "科目编码", "AMT": "金额", "ARI": "表内运算",
    "XT": "表间勾稽", "PRF": "绩效目标", "SG": "三公经费", "NAR": "情况说明", "CMP": "完整性",
    "READ": "读取", "SYS": "内部", "PRI": "上年数", "FCT": "基本信息", "SET": "设置",
}


@dataclass(frozen=True)
class Hit:
    """What a check found: where, the figures for the message, and optionally a lower severity
    (a 尾差 is reported as 提示) with a note appended to the message."""

    ref: CellRef | None
    params: dict = field(default_factory=dict)
    refs: tuple[CellRef, ...] = ()
    severity: Severity | None = None
    note: str = ""


@dataclass(frozen=True)
class Rule:
    code: str
    category: str
    severity: Severity
    name: str
    message: str  # Chinese template filled from Hit.params
    doc: str = ""
    check: Callable | None = None  # None: emitted elsewhere (reader, engine)
    needs: tuple[str, ...] = ()  # "grid", "tables", "narrative": skipped when absent; "shown": also runs
    # on a workbook of summary tables alone (公开表 mode), "published": only there

    @property
    def explanation(self) -> str:
        """The doc's first paragraph."""
        return self.doc.strip().split("\n\n")[0].replace("\n", " ").strip()

    def example(self, label: str) -> str:
        """The text after 反例： or 正例： in the doc."""
        m = re.search(label + r"[：:]\s*(.+?)(?=\n\s*(?:反例|正例)[：:]|\Z)", self.doc, re.S)
        return " ".join(m.group(1).split()) if m else ""

    def format(self, params: dict) -> str:
        try:
            return self.message.format(**params)
        except (KeyError, IndexError, ValueError):
            return self.message


REGISTRY: dict[str, Rule] = {}


def register(r: Rule) -> Rule:
    if r.code in REGISTRY:
        raise ValueError(f"rule code {r.code} registered twice")
    REGISTRY[r.code] = r
    return r


def rule(code: str, severity: Severity, name: str, message: str, needs: tuple[str, ...] = ()):
    """Decorator: register `check(ctx)` as a rule."""

    def wrap(fn: Callable[..., Iterable[Hit]]):
        category = CATEGORIES[code.split("-")[0]]
        register(Rule(code, category, severity, name, message, fn.__doc__ or "", fn, needs))
        return fn

    return wrap


def all_rules(narrative: bool = True) -> list[Rule]:
    """Every rule, by code; `narrative` False leaves out the 情况说明 rules' modules when they are
    not loaded yet (see load_catalog)."""
    load_catalog(narrative)
    return sorted(REGISTRY.values(), key=lambda r: code_key(r.code))


def code_key(code: str):
    prefix, _, num = code.partition("-")
    return (prefix, int(num) if num.isdigit() else 0, num)


# Rule modules, imported for their registrations. NARRATIVE_MODULES hold only rules that read the
# 情况说明 text (needs=("narrative",), tests/test_rules_catalog.py checks it): their phrase tables
# and patterns are about half the catalog's import time, spent for nothing on a workbook without
# a 情况说明 (validate of a department workbook, roll-up checks).
MODULES = ("amounts", "arithmetic", "codes", "completeness", "crosstable", "facts", "performance", "prior",
           "reader_rules", "sangong", "shown_shanghai", "shown_tables", "structure")
NARRATIVE_MODULES = ("narrative",)
_LOADED: set[str] = set()


def load_catalog(narrative: bool = True) -> None:
    """Import the rule modules once (registration happens at import); the 情况说明 rules only
    with `narrative`."""
    from importlib import import_module

    for name in MODULES + (NARRATIVE_MODULES if narrative else ()):
        if name not in _LOADED:
            import_module(f"{__package__}.{name}")
            _LOADED.add(name)
