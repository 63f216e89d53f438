"""The budget model: plain frozen dataclasses, no Excel objects.

Every record carries the CellRef it was read from, so any finding can point at a cell.
Amounts are Decimal 万元 (see core.money).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum


@dataclass(frozen=True, order=True)
class CellRef:
    file: str
    sheet: str
    cell: str = ""  # "F12", a range "A5:J5", or "" for the whole sheet/file

    def describe(self) -> str:
        """Where, in the user's words: 文件 x.xlsx，工作表「基本支出」，单元格 F12."""
        parts = []
        if self.file:
            parts.append(f"文件 {self.file}")
        if self.sheet:
            parts.append(f"工作表「{self.sheet}」")
        if self.cell:
            parts.append(f"单元格 {self.cell}")
        return "，".join(parts)

    def to_json(self) -> dict:
        return {"file": self.file, "sheet": self.sheet, "cell": self.cell}


NOWHERE = CellRef("", "", "")


class UnitKind(str, Enum):
    ADMIN = "行政单位"
    CIVIL_SERVICE = "参照公务员法管理事业单位"
    INSTITUTION = "事业单位"

    @property
    def runs_agency(self) -> bool:
        """行政 and 参公 units report 机关运行经费."""
        return self in (UnitKind.ADMIN, UnitKind.CIVIL_SERVICE)


class Source(str, Enum):
    """Funding source (收入来源 / 资金来源)."""

    GENERAL = "一般公共预算拨款收入"
    FUND = "政府性基金预算拨款收入"
    SOE = "国有资本经营预算拨款收入"
    BUSINESS = "事业收入"
    OPERATING = "事业单位经营收入"
    OTHER = "其他收入"
    CARRY_GENERAL = "上年结转（一般公共预算）"
    CARRY_FUND = "上年结转（政府性基金预算）"
    CARRY_SOE = "上年结转（国有资本经营预算）"
    CARRY_OTHER = "上年结转（其他资金）"

    @property
    def fund_type(self) -> str | None:
        """'general' / 'fund' / 'soe' for 财政拨款 money, None otherwise."""
        return {
            Source.GENERAL: "general", Source.CARRY_GENERAL: "general",
            Source.FUND: "fund", Source.CARRY_FUND: "fund",
            Source.SOE: "soe", Source.CARRY_SOE: "soe",
        }.get(self)

    @property
    def is_fiscal(self) -> bool:
        """财政拨款 (一般公共预算 + 政府性基金 + 国有资本经营)."""
        return self.fund_type is not None

    @property
    def is_carryover(self) -> bool:
        return self.name.startswith("CARRY")


class SpendKind(str, Enum):
    PERSONNEL = "人员经费"
    PUBLIC = "公用经费"
    PROJECT = "项目支出"

    @property
    def is_basic(self) -> bool:
        return self is not SpendKind.PROJECT


class ProjectCategory(str, Enum):
    PERSONNEL = "人员类"
    OPERATION = "运转类"
    SPECIFIC = "特定目标类"


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    year: int
    template_version: str = ""
    form: str = "部门"  # 部门 or 单位: which workbook form it was read from
    ref: CellRef = NOWHERE


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: UnitKind | None
    headcount: int | None = None
    vehicles: int | None = None
    ref: CellRef = NOWHERE


@dataclass(frozen=True)
class Income:
    unit: str
    source: Source
    amount: Decimal
    ref: CellRef = NOWHERE


@dataclass(frozen=True)
class ExpenseLine:
    """One line of spending: a unit, a 功能分类 项 code, a 部门经济分类 code (may be '' for a
    project without economic breakdown), the kind, the funding source and the amount."""

    unit: str
    func_code: str
    econ_code: str
    kind: SpendKind
    source: Source
    amount: Decimal
    project: str = ""  # project name for 项目支出 lines
    ref: CellRef = NOWHERE

    def __init__(self, unit: str, func_code: str, econ_code: str, kind: SpendKind, source: Source,
                 amount: Decimal, project: str = "", ref: CellRef = NOWHERE):
        # Written out rather than generated: a frozen dataclass sets each field through
        # object.__setattr__, and a 50,000-line workbook makes 50,000 of these.
        self.__dict__.update(unit=unit, func_code=func_code, econ_code=econ_code, kind=kind, source=source,
                             amount=amount, project=project, ref=ref)


@dataclass(frozen=True)
class Project:
    unit: str
    name: str
    func_code: str
    category: ProjectCategory | None
    amount: Decimal
    source: Source
    goal: str = ""  # 年度目标
    lines: tuple[ExpenseLine, ...] = ()
    ref: CellRef = NOWHERE
    period: str = ""  # 实施周期, as entered ("2024—2026年")
    total: Decimal | None = None  # 项目总额 (万元), for a project over several years
    supervisor: str = ""  # 主管部门
    implementer: str = ""  # 实施单位

    @property
    def has_econ_breakdown(self) -> bool:
        return bool(self.lines) and all(l.econ_code for l in self.lines)


@dataclass(frozen=True)
class Indicator:
    """A performance indicator. `project` is the project name; '' for department-level (表7)."""

    unit: str
    project: str
    level1: str
    level2: str
    level3: str
    nature: str  # ≥ ≤ = > < 定性
    value: str  # as entered: "95", "优", "19.72"
    measure: str  # 度量单位
    weight: Decimal | None
    direction: str = ""  # 指标方向性
    ref: CellRef = NOWHERE

    def __init__(self, unit: str, project: str, level1: str, level2: str, level3: str, nature: str, value: str,
                 measure: str, weight: Decimal | None, direction: str = "", ref: CellRef = NOWHERE):
        # Written out, as for ExpenseLine: tens of thousands of indicators in a large workbook.
        self.__dict__.update(unit=unit, project=project, level1=level1, level2=level2, level3=level3,
                             nature=nature, value=value, measure=measure, weight=weight, direction=direction,
                             ref=ref)


@dataclass(frozen=True)
class DeptTask:
    """表7 年度主要任务."""

    name: str
    content: str
    ref: CellRef = NOWHERE


@dataclass(frozen=True)
class PriorYear:
    """A prior-year figure for 比上年增减: a unit's, or (unit '') the department's own, typed in a
    department workbook without a unit code, which stands instead of the units' sum (rollup.prior).
    `func_code`: the figure of one 功能分类 科目 (类, 款 or 项) rather than of the whole item;
    `executed`: 上年执行数 rather than 上年预算数."""

    unit: str
    item: str
    amount: Decimal
    ref: CellRef = NOWHERE
    func_code: str = ""
    executed: bool = False


@dataclass(frozen=True)
class Fact:
    """One 基本信息 value: a unit's, or (unit '') the department's own (its workbook's 基本信息).
    value: Decimal (金额, 万元), int (辆, 台套) or str, as template.spec.FACT_KINDS declares."""

    unit: str
    key: str
    value: object
    ref: CellRef = NOWHERE


def _is_number(v) -> bool:
    return isinstance(v, (int, Decimal)) and not isinstance(v, bool)


class Facts(Mapping):
    """A budget's 基本信息 facts, per unit like its lines, read as one figure per key (`get`):
    the department's own value when it gave one; else the units' numbers summed, or the units'
    text when every unit gave the same; else absent (rollup.facts and rules.prior say why).
    Only the records of `units` (the budget's units) and the department's own count."""

    __slots__ = ("records", "units", "_view")

    def __init__(self, records=(), units: tuple[str, ...] = ()):
        if isinstance(records, Facts):
            records = records.records
        elif isinstance(records, Mapping):  # {key: value}: the department's own, "_ref_key" its cell
            records = [Fact("", k, v, records.get("_ref_" + k) or NOWHERE)
                       for k, v in records.items() if not k.startswith("_ref_")]
        self.records: tuple[Fact, ...] = tuple(sorted(records, key=lambda f: (f.unit, f.key, f.ref)))
        self.units = tuple(units)
        self._view: dict | None = None

    def __reduce__(self):
        return (Facts, (self.records, self.units))

    def _resolved(self) -> dict:
        if self._view is None:
            own: dict[str, list[Fact]] = {}
            by_unit: dict[str, list[Fact]] = {}
            units = set(self.units)
            for f in self.records:
                if f.unit == "":
                    own.setdefault(f.key, []).append(f)
                elif f.unit in units:
                    by_unit.setdefault(f.key, []).append(f)
            view = {}
            for key in sorted(own.keys() | by_unit.keys()):
                value = _one(own.get(key, ()))  # None also when several department workbooks differ
                if value is None:
                    value = _combine(by_unit.get(key, ()), len(units))
                if value is not None:
                    view[key] = value
            self._view = view
        return self._view

    def __getitem__(self, key: str):
        return self._resolved()[key]

    def __iter__(self):
        return iter(self._resolved())

    def __len__(self) -> int:
        return len(self._resolved())

    def __repr__(self) -> str:
        return f"Facts({list(self.records)!r}, units={self.units!r})"

    def own(self, key: str):
        """The department's own value (its workbook's 基本信息), or None."""
        return _one([f for f in self.records if f.unit == "" and f.key == key])

    def by_unit(self, key: str) -> dict[str, object]:
        """unit → its value, for the budget's units that gave one (by unit code)."""
        units = set(self.units)
        out: dict[str, object] = {}
        for f in self.records:
            if f.key == key and f.unit in units:
                out[f.unit] = out[f.unit] + f.value if f.unit in out and _is_number(f.value) else f.value
        return out

    def ref(self, key: str) -> CellRef | None:
        """Where the figure was read: the department's own cell, else the first unit's."""
        units = set(self.units)
        found = [f for f in self.records if f.key == key and (f.unit == "" or f.unit in units)]
        return found[0].ref if found else None

    def of_unit(self, unit: str) -> "Facts":
        """One unit's facts (what its own workbook holds)."""
        return Facts([f for f in self.records if f.unit == unit], (unit,))


def _one(found) -> object:
    """The department's own value: several own rows (several department workbooks) must agree;
    numbers are compared exactly."""
    values = {f.value for f in found}
    return next(iter(values)) if len(values) == 1 else None


def _combine(found, n_units: int) -> object:
    """The units' values of one key: numbers summed; a text only when all the units agree."""
    if not found:
        return None
    if all(_is_number(f.value) for f in found):
        return sum((f.value for f in found), 0)
    texts = {f.value for f in found}
    if len(texts) == 1 and len({f.unit for f in found}) == n_units:
        return next(iter(texts))
    return None


@dataclass(frozen=True)
class Budget:
    department: Department
    units: tuple[Unit, ...] = ()
    incomes: tuple[Income, ...] = ()
    lines: tuple[ExpenseLine, ...] = ()  # basic and project lines
    projects: tuple[Project, ...] = ()
    indicators: tuple[Indicator, ...] = ()  # project indicators
    dept_tasks: tuple[DeptTask, ...] = ()
    dept_indicators: tuple[Indicator, ...] = ()
    prior: tuple[PriorYear, ...] = ()  # per unit, and the department's own (unit '')
    facts: Facts = field(default_factory=Facts, compare=False, hash=False)  # 基本信息, per unit (Facts)
    narrative: str = ""  # a 情况说明 text pasted into the workbook, if any

    def __post_init__(self):
        # Facts read for this budget's units: also after replace(units=…). A {key: value} given
        # is the department's own.
        object.__setattr__(self, "facts", Facts(self.facts, tuple(u.code for u in self.units)))

    def unit(self, code: str) -> Unit | None:
        return next((u for u in self.units if u.code == code), None)

    @property
    def basic_lines(self) -> tuple[ExpenseLine, ...]:
        return tuple(l for l in self.lines if l.kind.is_basic)

    @property
    def project_lines(self) -> tuple[ExpenseLine, ...]:
        return tuple(l for l in self.lines if not l.kind.is_basic)
