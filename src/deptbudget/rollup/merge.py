"""Multi-level roll-up: several budgets → one budget one level up. Pure functions.

Department level — `merge_budgets(budgets)`: unit workbooks and/or department workbooks of ONE
department (same department code, same budget year, same template version) are united into one
department Budget; each unit must appear in exactly one input. The result does not depend on the
order of the inputs (they are ordered by unit code).

District level — `merge_departments(budgets, district)`: department budgets of several
departments become one 汇总 Budget in which each department is one "unit" (unit code = department
code, unit name = department name): all its lines, incomes, projects and indicators are re-keyed
to that code. The same tables then show, one level up, one block per department (表1-2 per
department by 功能分类 项, 表3-1 by 经济分类, …). Units inside a department are not shown at the
district level; run the department roll-up for those.

Both refuse bad sets with findings (`check_merge` / `check_departments` return them; the merge
functions raise MergeRefused carrying them), never a half-merged budget.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Sequence

from ..core.findings import Finding, Severity
from ..core.model import Budget, CellRef, Department, Unit
from .facts import as_unit_facts
from .prior import as_unit_prior

NO_INPUT = "MRG-01"
OTHER_DEPARTMENT = "MRG-02"
OTHER_VERSION = "MRG-03"
OTHER_YEAR = "MRG-04"
DUPLICATE_UNIT = "MRG-05"
DUPLICATE_DEPARTMENT = "MRG-06"


class MergeRefused(ValueError):
    def __init__(self, findings: list[Finding]):
        super().__init__("；".join(f.message for f in findings))
        self.findings = findings


def source_file(budget: Budget) -> str:
    """The file a budget was read from (its 基本信息 or first unit's reference)."""
    refs = [budget.department.ref] + [u.ref for u in budget.units]
    return next((r.file for r in refs if r.file), "")


def _error(code: str, ref: CellRef, message: str, refs=(), **params) -> Finding:
    return Finding(code, Severity.ERROR, ref, message, params, tuple(refs))


def _same_version_and_year(budgets: Sequence[Budget], first: Budget) -> list[Finding]:
    out, d0, f0 = [], first.department, source_file(first)
    for b in budgets:
        d, f = b.department, source_file(b)
        if d.template_version != d0.template_version:
            out.append(_error(OTHER_VERSION, d.ref, f"文件 {f} 的模板版本为「{d.template_version or '未标注'}」，"
                              f"与 {f0} 的「{d0.template_version or '未标注'}」不同，不能一起汇总；"
                              "请用同一版模板重新填报",
                              [d0.ref], file=f, version=d.template_version, expected=d0.template_version))
        if d.year != d0.year:
            out.append(_error(OTHER_YEAR, d.ref,
                              f"文件 {f} 的预算年度为 {d.year}，与 {f0} 的 {d0.year} 不同，不能一起汇总",
                              [d0.ref], file=f, year=d.year, expected=d0.year))
    return out


def check_merge(budgets: Sequence[Budget], department: Department | None = None) -> list[Finding]:
    """Why these budgets cannot be merged into one department (empty list: they can)."""
    if not budgets:
        return [_error(NO_INPUT, None, "没有可汇总的预算工作簿")]
    first = _ordered(budgets)[0]
    want = department or first.department
    out = []
    for b in _ordered(budgets):
        d, f = b.department, source_file(b)
        if d.code != want.code:
            out.append(_error(OTHER_DEPARTMENT, d.ref, f"文件 {f} 属于部门 {d.code}（{d.name}），"
                              f"不是 {want.code}（{want.name}），不能汇总到同一部门",
                              [want.ref], file=f, department=d.code, expected=want.code))
    out += _same_version_and_year(_ordered(budgets), first)
    return out + _duplicates(_ordered(budgets))


def _duplicates(budgets: Sequence[Budget]) -> list[Finding]:
    seen: dict[str, Unit] = {}
    out = []
    for b in budgets:
        for u in b.units:
            if u.code in seen:
                other = seen[u.code]
                out.append(_error(DUPLICATE_UNIT, u.ref,
                                  f"单位编码 {u.code} 重复：同时出现在 {other.ref.file or '?'} 和 {u.ref.file or '?'}"
                                  f"（{other.name} / {u.name}），请删除重复的文件或更正单位编码",
                                  [other.ref], unit=u.code, files=[other.ref.file, u.ref.file]))
            else:
                seen[u.code] = u
    return out


def _ordered(budgets: Iterable[Budget]) -> list[Budget]:
    """Inputs in a fixed order (by their smallest unit code, then file), whatever order given."""
    return sorted(budgets, key=lambda b: (min((u.code for u in b.units), default=""), source_file(b)))


def merge_budgets(budgets: Sequence[Budget], department: Department | None = None) -> Budget:
    """One department Budget from unit and/or department budgets of that department."""
    findings = check_merge(budgets, department)
    if findings:
        raise MergeRefused(findings)
    ordered = _ordered(budgets)
    first = ordered[0]
    dept = department or replace(first.department, form="部门")
    return _union(ordered, dept)


def _union(ordered: list[Budget], dept: Department) -> Budget:
    def cat(attr):
        return tuple(x for b in ordered for x in getattr(b, attr))

    return Budget(
        department=dept,
        units=tuple(sorted(cat("units"), key=lambda u: u.code)),
        incomes=cat("incomes"), lines=cat("lines"), projects=cat("projects"),
        indicators=cat("indicators"),
        dept_tasks=next((b.dept_tasks for b in ordered if b.dept_tasks), ()),
        dept_indicators=next((b.dept_indicators for b in ordered if b.dept_indicators), ()),
        # per unit (and each department workbook's own), summed when read: rollup.prior, Facts
        prior=cat("prior"), facts=tuple(f for b in ordered for f in b.facts.records),
        narrative=next((b.narrative for b in ordered if b.narrative), ""),
    )


# -- district level -----------------------------------------------------------------

def check_departments(budgets: Sequence[Budget]) -> list[Finding]:
    if not budgets:
        return [_error(NO_INPUT, None, "没有可汇总的部门预算工作簿")]
    ordered = sorted(budgets, key=lambda b: (b.department.code, source_file(b)))
    out = _same_version_and_year(ordered, ordered[0])
    seen: dict[str, Budget] = {}
    for b in ordered:
        code = b.department.code
        if code in seen:
            f0, f = source_file(seen[code]), source_file(b)
            out.append(_error(DUPLICATE_DEPARTMENT, b.department.ref,
                              f"部门 {code}（{b.department.name}）重复：同时出现在 {f0} 和 {f}，请只保留一个",
                              [seen[code].department.ref], department=code, files=[f0, f]))
        seen[code] = b
    return out


def as_unit(budget: Budget) -> Budget:
    """A department budget folded into one unit whose code and name are the department's; its
    上年数 and 基本信息 are the department's figures."""
    d = budget.department
    code = d.code

    def rekey(items):
        return tuple(replace(x, unit=code) for x in items)

    return replace(budget, units=(Unit(code, d.name, None, ref=d.ref),), incomes=rekey(budget.incomes),
                   lines=rekey(budget.lines), projects=rekey(budget.projects),
                   indicators=rekey(budget.indicators), prior=as_unit_prior(budget, code),
                   facts=as_unit_facts(budget, code), dept_tasks=(),
                   dept_indicators=(), narrative="")


def merge_departments(budgets: Sequence[Budget], district: Department) -> Budget:
    """The district 汇总: each department becomes one unit row one level up."""
    findings = check_departments(budgets)
    if findings:
        raise MergeRefused(findings)
    ordered = sorted(budgets, key=lambda b: b.department.code)
    first = ordered[0].department
    dept = replace(district, year=district.year or first.year,
                   template_version=district.template_version or first.template_version)
    return _union([as_unit(b) for b in ordered], dept)
