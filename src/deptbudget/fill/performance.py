"""表6 部门预算项目绩效目标表 and 表7 部门整体支出绩效目标表.

表6: the department row 「139-<部门>本级」 with the total of the projects, then each unit's
projects (单位名称 「139001-<单位>」, 项目名称, 预算数, 年度目标 on the project's first row) with every
indicator as entered. 表7: 资金总额/财政拨款/其他资金, a drafted 年度总体目标, 年度主要任务 and the
年度绩效指标 — the department-level indicators as entered, with the 经济成本指标 rows generated from
each project's budget and the department's 财政拨款 control figure; with no indicators entered, one
marked placeholder row instead (validate: PRF-21). 「本级」 labels only the department's own unit
(own_unit); the department's totals carry its name. `meta["body_merges"]` lists the cell
blocks a writer merges (0-based body row/column).
"""

from __future__ import annotations

from decimal import Decimal

from ..core.model import Indicator, Source
from ..core.money import fmt_plain
from ..core.table import DEPT, DETAIL, TOTAL, Col, Row, Table
from ..rollup.tree import ZERO, Tree
from .common import all_units, core_name, make_table, short_unit
from .indicator_library import COST_LEVEL1, COST_LEVEL2

T6_HEADER = (("单位名称", "项目名称", "预算数", "年度目标", "一级指标", "二级指标", "三级指标", "指标性质",
              "指标值", "度量单位", "权重", "指标方向性"),)
T6_COLS = (Col("text", 20), Col("text", 16), Col("money", 11), Col("text", 34), Col("text", 10),
           Col("text", 12), Col("text", 28), Col("text", 9), Col("text", 8), Col("text", 9),
           Col("number", 6), Col("text", 11))
INDICATOR_COLS = 8  # 一级 … 指标方向性


def weight_value(w: Decimal | None):
    """Weights print as 15 or 0.5."""
    if w is None:
        return None
    return int(w) if w == w.to_integral_value() else w.normalize()


def indicator_values(i: Indicator | None) -> tuple:
    if i is None:
        return (None,) * INDICATOR_COLS
    return (i.level1, i.level2, i.level3, i.nature, i.value, i.measure or None,
            weight_value(i.weight), i.direction or None)


def project_amounts(tree: Tree, unit: str) -> dict[str, Decimal]:
    """Every project of a unit with its amount from the tree (entered projects first)."""
    amounts = tree.project_totals(unit)
    out = {p.name: amounts.get(p.name, ZERO) for p in tree.unit_projects(unit)}
    out.update({n: v for n, v in amounts.items() if n not in out})
    return out


def table_6(tree: Tree, d=None, ts=None) -> Table:
    budget, dept = tree.budget, tree.department
    goals = {(p.unit, p.name): p.goal for p in budget.projects}
    by_project: dict[tuple, list[Indicator]] = {}
    for i in budget.indicators:
        by_project.setdefault((i.unit, i.project), []).append(i)
    # the department's total: its name, not 「…本级」 (the seed's slip: 本级 is its own unit only)
    rows = [Row((f"{dept.code}-{dept.name}", None, tree.total(basic=False)) + (None,) * 9,
                DEPT, ("dept",))]
    merges = []
    units = all_units(tree, [u for u, _ in by_project])
    for code, name in units:
        amounts = project_amounts(tree, code)
        for key in by_project:  # indicators of a project that has no spending
            if key[0] == code and key[1] not in amounts:
                amounts[key[1]] = ZERO
        if not amounts:
            continue
        first_unit_row = len(rows)  # body merges are 0-based body rows
        for k, (project, amount) in enumerate(amounts.items()):
            inds = by_project.get((code, project)) or [None]
            start = len(rows)
            for j, ind in enumerate(inds):
                head = (f"{code}-{name}" if k == 0 and j == 0 else None,
                        project if j == 0 else None, amount if j == 0 else None,
                        goals.get((code, project)) or None if j == 0 else None)
                key = ("project", code, project) if j == 0 else ("indicator", code, project, j)
                rows.append(Row(head + indicator_values(ind), DETAIL, key))
            merges += [(start, c, len(rows) - 1, c) for c in (1, 2, 3) if len(inds) > 1]
        if len(rows) - 1 > first_unit_row:
            merges.append((first_unit_row, 0, len(rows) - 1, 0))
    return make_table(d.key if d else "t6", tree, T6_HEADER, (), T6_COLS, rows, ts=ts,
                      body_merges=tuple(merges))


# -- 表7 -------------------------------------------------------------------------

T7_COLS = (Col("text", 14), Col("text", 12), Col("text", 14), Col("text", 40), Col("text", 10),
           Col("text", 10), Col("text", 10), Col("number", 7))
T7_WIDTH = len(T7_COLS)
NO_INDICATORS = "〔请填写部门整体绩效指标（工作簿「整体绩效指标」表）〕"


def funding(tree: Tree) -> tuple[Decimal, Decimal, Decimal]:
    """资金总额, 财政拨款, 其他资金: from the income side when entered, else from spending."""
    total = tree.income_total()
    if total:
        fiscal = sum((tree.income_total(source=s) for s in Source if s.is_fiscal), ZERO)
        return total, fiscal, total - fiscal
    total, fiscal = tree.total(), tree.total(fund="fiscal")
    return total, fiscal, total - fiscal


def unit_label(tree: Tree, code: str) -> str:
    unit = next((u for u in tree.units if u.code == code), None)
    if unit is None:
        return code
    if code == own_unit(tree):
        return "本级"
    return short_unit(unit.name, tree.department.name)


OWN_SUFFIXES = ("（本级）", "(本级)", "本级", "机关")


def own_unit(tree: Tree) -> str:
    """The department's own unit (本级), or "" when none can be told: a unit named like the
    department (optionally with 本级/（本级）/机关 after the name), else the unit coded
    <department code>001 when it is a 行政 or 参公 unit (the department's own office). Never
    "the first unit": a department of 事业单位 only has no 本级, and its totals are not one."""
    dept = tree.department
    for u in tree.units:
        name = u.name.strip()
        for suffix in OWN_SUFFIXES:
            name = name.removesuffix(suffix)
        if name == dept.name.strip():
            return u.code
    u = next((u for u in tree.units if u.code == f"{dept.code}001"), None)
    return u.code if u is not None and u.kind is not None and u.kind.runs_agency else ""


def overall_goal(tree: Tree) -> str:
    """年度总体目标: the money and the projects listed like the seed's, then the user's text."""
    from ..core.model import SpendKind

    year, total = tree.department.year, funding(tree)[0]
    who = _who(tree)
    parts = []
    personnel, public = tree.total(kind=SpendKind.PERSONNEL), tree.total(kind=SpendKind.PUBLIC)
    if personnel:
        parts.append(f"人员经费 {fmt_plain(personnel)} 万元")
    if public:
        parts.append(f"公用经费 {fmt_plain(public)} 万元")
    for code, _ in all_units(tree):
        listed = [f"{core_name(p)} {fmt_plain(v)} 万元" for p, v in project_amounts(tree, code).items()]
        if listed:
            parts.append(f"{unit_label(tree, code)}" + "、".join(listed))
    text = f"{year} 年，{who}共计使用预算资金 {fmt_plain(total)} 万元"
    text += f"（其中：{'；'.join(parts)}）。" if parts else "。"
    extra = str(tree.budget.facts.get("dept_goal_text") or "").strip()
    return text + extra


def _who(tree: Tree) -> str:
    """「<部门>本级及下属 4 个单位」 when the department has its own unit, else 「<部门>所属 3 个单位」."""
    name, n = tree.department.name, len(tree.units)
    if own_unit(tree):
        return f"{name}本级" + (f"及下属 {n - 1} 个单位" if n > 1 else "")
    return f"{name}所属 {n} 个单位" if n > 1 else name


def tasks(tree: Tree) -> list[tuple[str, str]]:
    """年度主要任务: the user's tasks, else one per project (its goal) plus the basic spending."""
    budget = tree.budget
    if budget.dept_tasks:
        return [(t.name, t.content) for t in budget.dept_tasks]
    out = []
    from ..core.model import SpendKind

    if tree.total(kind=SpendKind.PERSONNEL):
        out.append(("人员类支出", "保障在职人员工资、津贴补贴、社会保险缴费、住房公积金等人员经费支出"))
    if tree.total(kind=SpendKind.PUBLIC):
        out.append(("公用经费支出", "保障办公、差旅、车辆运行等日常公用经费支出，确保机关正常运转"))
    for p in tree.projects:
        name = core_name(p.name)
        name = name[:-2] + "工作" if name.endswith("项目") else name
        out.append((name, p.goal or f"实施{core_name(p.name)}"))
    return out


def cost_rows(tree: Tree, entered: list[Indicator]) -> list[tuple]:
    """The generated 经济成本指标: one per project and the department control figure. A weight is
    taken from an entered 成本指标 whose 三级指标 names the same project."""
    rows = []
    for code, _ in all_units(tree):
        for project, amount in project_amounts(tree, code).items():
            core = core_name(project)
            w = next((i.weight for i in entered if _same_project(i.level3, core)), None)
            rows.append((COST_LEVEL1, COST_LEVEL2, f"{core}预算控制数", "≤", fmt_plain(amount), "万元",
                         weight_value(w)))
    fiscal = funding(tree)[1]  # 本级财政 (this level's government) control figure: 财政拨款 only
    w = next((i.weight for i in entered if "控制数" in i.level3 and "部门" in i.level3), None)
    rows.append((COST_LEVEL1, COST_LEVEL2, f"{tree.department.year}年部门预算本级财政预算控制数", "≤",
                 fmt_plain(fiscal), "万元", weight_value(w)))
    return rows


def _same_project(level3: str, core: str) -> bool:
    a = level3.replace("预算控制数", "").replace("经费", "").replace("项目", "")
    b = core.replace("项目", "")
    return bool(a) and (a == b)


def table_7(tree: Tree, d=None, ts=None) -> Table:
    dept = tree.department
    total, fiscal, other = funding(tree)
    rows: list[Row] = [
        Row(("年度部门整体支出预算", "资金总额", None, "财政拨款", None, "其他资金", None, None),
            TOTAL, ("budget_head",)),
        Row((None, total, None, fiscal, None, other, None, None), TOTAL, ("budget",)),
        Row(("年度总体目标", overall_goal(tree)) + (None,) * 6, DETAIL, ("goal",)),
        Row(("年度主要任务", "任务名称", None, "主要内容") + (None,) * 4, TOTAL, ("tasks_head",)),
    ]
    merges = [(0, 0, 1, 0), (0, 1, 0, 2), (0, 3, 0, 4), (0, 5, 0, 7), (1, 1, 1, 2), (1, 3, 1, 4),
              (1, 5, 1, 7), (2, 1, 2, 7), (3, 1, 3, 2), (3, 3, 3, 7)]
    task_list = tasks(tree)
    for k, (name, content) in enumerate(task_list):
        r = len(rows)
        rows.append(Row((None, name, None, content) + (None,) * 4, DETAIL, ("task", k)))
        merges += [(r, 1, r, 2), (r, 3, r, 7)]
    merges.append((3, 0, len(rows) - 1, 0))
    head = len(rows)
    rows.append(Row(("年度绩效指标", "一级指标", "二级指标", "三级指标", "绩效指标性质", "绩效指标值",
                     "绩效度量单位", "权重"), TOTAL, ("indicators_head",)))
    entered = list(tree.budget.dept_indicators)
    economic_cost = [i for i in entered if i.level1 == COST_LEVEL1 and i.level2 == COST_LEVEL2]
    for k, i in enumerate(i for i in entered if i not in economic_cost):
        rows.append(Row((None,) + indicator_values(i)[:7], DETAIL, ("indicator", k)))
    if entered:
        for k, values in enumerate(cost_rows(tree, economic_cost)):
            rows.append(Row((None,) + values, DETAIL, ("cost", k)))
    else:  # cost rows alone, without weights, are no 整体绩效目标: say what is missing (PRF-21)
        rows.append(Row((None, None, None, NO_INDICATORS) + (None,) * 4, DETAIL, ("no_indicators",)))
    merges.append((head, 0, len(rows) - 1, 0))
    header = (("部门名称", f"{dept.name}") + ("",) * 6,)
    t = make_table(d.key if d else "t7", tree, header, ((0, 1, 0, 7),), T7_COLS, rows, ts=ts,
                   body_merges=tuple(merges), replaced_cost=tuple(economic_cost))
    return t
