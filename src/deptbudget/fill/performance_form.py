"""上海 项目绩效目标申报表: one form per project, indicators without weights, each 指标值 written with
its operator and unit inside as Shanghai districts print it (「=100.00(%)」「≥90.00(%)」「≤120.00(万元)」).

Every form of the publisher is stacked on one sheet, a blank row and a page break between two forms
(meta["page_breaks"]). A form:

    项目名称      | <项目>
    主管部门      | <部门>            | 实施单位      | <单位>
    项目资金（元）| 项目总额          | <元>          | 年度资金总额 | <元>
                  | 其中：当年财政拨款 | <元>          | 上年结转资金 | <元>
                  | 其他资金          | <元>
    实施周期      | <as entered>
    项目概况      | （未填写）
    立项依据      | （未填写）
    年度目标      | <as entered>
    年度绩效指标  | 一级指标 | 二级指标 | 三级指标 | 指标值
                  | 产出指标 | 数量指标 | 服务场次 | ≥12.00(场)

Amounts are the tree's (万元, exact), shown in the set's unit (元) by the writers. What the input
does not hold is never made up: 项目概况 and 立项依据 (not in the input model) and an empty 实施周期 or
年度目标 print 「（未填写）」; 主管部门 and 实施单位 default to the department and the project's unit
(whose budget it is); 项目总额 defaults to the year's money only for a project that is not over
several years (no 项目总额 entered and no 实施周期 naming two years), else 「（未填写）」.

`read_forms` is the inverse: the printed cells back into indicators (the operator as 指标性质, the
printed value with its unit inside), so a written form can be checked by the PRF rules.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from ..core.model import Indicator
from ..core.table import DETAIL, TOTAL, Col, Row, Table
from ..rollup.tree import ZERO, Tree
from .common import all_units, make_table
from .performance import project_amounts

MISSING = "（未填写）"
INDICATORS = "年度绩效指标"
NAME = "项目名称"
QUALITATIVE = "定性"
OPERATORS = ("≥", "≤", "=", ">", "<")
COLS = (Col("text", 16), Col("text", 18), Col("money", 20), Col("text", 34), Col("money", 22))
WIDTH = len(COLS)

_NUMBER = re.compile(r"^\s*([=＝≥≤><]?)\s*([+-]?\d[\d,，]*(?:\.\d+)?)\s*[(（]?\s*([^()（）\d]*?)\s*[)）]?\s*$")


def value_text(ind: Indicator) -> str:
    """The 指标值 as the 上海 form prints it: operator, the number with two decimals (more when
    entered so: never rounded away), the unit in brackets — 「≥90.00(%)」; a 定性 value as entered
    (its unit in brackets when it has one). A value that already carries its operator is kept."""
    nature, value, measure = ind.nature.strip(), (ind.value or "").strip(), (ind.measure or "").strip()
    m = _NUMBER.match(value)
    if nature == QUALITATIVE or not m:
        unit = f"({measure})" if measure and measure not in value else ""
        prefix = nature if nature in OPERATORS and not value.startswith(OPERATORS) else ""
        return f"{prefix}{value}{unit}"
    op, number, inner = m.group(1).replace("＝", "=") or nature, m.group(2), m.group(3)
    unit = measure or inner
    return f"{op}{_two_places(number)}" + (f"({unit})" if unit else "")


def _two_places(number: str) -> str:
    d = Decimal(number.replace(",", "").replace("，", ""))
    if d.as_tuple().exponent >= -2:
        d = d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)  # exact: adds zeros only
    return f"{d:f}"


def _several_years(period: str) -> bool:
    return len(set(re.findall(r"(?:19|20)\d{2}", period or ""))) > 1


def _text(value) -> str:
    return str(value).strip() if value is not None and str(value).strip() else MISSING


def shanghai_forms(tree: Tree, d=None, ts=None) -> Table:
    """The 项目绩效目标申报表 of every project of the publisher, in unit and entry order."""
    budget = tree.budget
    info = {(p.unit, p.name): p for p in budget.projects}
    by_project: dict[tuple, list[Indicator]] = {}
    for i in budget.indicators:
        by_project.setdefault((i.unit, i.project), []).append(i)
    rows: list[Row] = []
    merges: list[tuple] = []
    for code, unit_name in all_units(tree, [u for u, _ in by_project]):
        amounts = project_amounts(tree, code)
        for key in by_project:  # indicators of a project that has no spending still get a form
            if key[0] == code and key[1] not in amounts:
                amounts[key[1]] = ZERO
        funds = (amounts, tree.project_totals(code, fund="fiscal", carry=False),
                 tree.project_totals(code, carry=True))
        for name in amounts:
            if rows:
                rows.append(Row((None,) * WIDTH, DETAIL, ("gap", code, name)))
            year, fiscal, carry = (f.get(name, ZERO) for f in funds)
            _form(rows, merges, tree, (code, unit_name, name), (year, fiscal, carry), info.get((code, name)),
                  by_project.get((code, name), []), ts)
    header = (("栏目", "填报内容", "", "", ""),)
    breaks = tuple(i for i, r in enumerate(rows) if r.key[:1] == ("gap",))  # each form on a new page
    return make_table(d.key if d else "sh10", tree, header, ((0, 1, 0, 4),), COLS, rows, ts=ts,
                      body_merges=tuple(merges), page_breaks=breaks)


def _form(rows, merges, tree: Tree, who: tuple, funds: tuple, project, inds, ts) -> None:
    """One project's form: its header block, then its indicators (`funds`: the year's 万元, of
    which current 财政拨款 and 上年结转)."""
    (unit, unit_name, name), (year, fiscal, carry), dept = who, funds, tree.department
    entered = project.total if project is not None else None
    period = project.period if project is not None else ""
    total = entered if entered is not None else (MISSING if _several_years(period) else year)
    money = f"项目资金（{ts.money_unit if ts else '万元'}）"
    top = len(rows)
    block = [
        ((NAME, name, None, None, None), ("form", unit, name)),
        (("主管部门", (project and project.supervisor) or dept.name, None, "实施单位",
          (project and project.implementer) or unit_name), ("names", unit, name)),
        ((money, "项目总额", total, "年度资金总额", year), ("funds", unit, name)),
        ((None, "其中：当年财政拨款", fiscal, "上年结转资金", carry), ("funds_fiscal", unit, name)),
        ((None, "其他资金", year - fiscal - carry, None, None), ("funds_other", unit, name)),
        (("实施周期", _text(period), None, None, None), ("period", unit, name)),
        (("项目概况", MISSING, None, None, None), ("summary", unit, name)),
        (("立项依据", MISSING, None, None, None), ("basis", unit, name)),
        (("年度目标", _text(project.goal if project else ""), None, None, None), ("goal", unit, name)),
    ]
    for values, key in block:
        rows.append(Row(values, DETAIL, key))
    for r in (0, 5, 6, 7, 8):  # one text across the form
        merges.append((top + r, 1, top + r, 4))
    merges += [(top + 1, 1, top + 1, 2), (top + 2, 0, top + 4, 0), (top + 4, 3, top + 4, 4)]
    head = len(rows)
    rows.append(Row((INDICATORS, "一级指标", "二级指标", "三级指标", "指标值"), TOTAL, ("indicators", unit, name)))
    for k, ind in enumerate(inds):
        rows.append(Row((None, ind.level1, ind.level2, ind.level3, value_text(ind)), DETAIL,
                        ("indicator", unit, name, k)))
    if not inds:
        rows.append(Row((None, MISSING, None, None, None), DETAIL, ("no_indicators", unit, name)))
        merges.append((head + 1, 1, head + 1, 4))
    merges.append((head, 0, len(rows) - 1, 0))


# -- reading a printed form back ------------------------------------------------------------------

def read_forms(cells, unit_of=lambda project: "") -> list[Indicator]:
    """The indicators of printed 上海 forms (rows of cell values, as a sheet holds them): for each
    form its 项目名称, then every row under 「年度绩效指标」 until the next blank row. The printed
    operator is the 指标性质 (none: 定性), the 指标值 is kept as printed with its unit inside."""
    out: list[Indicator] = []
    project, in_table = None, False
    for row in cells:
        row = list(row) + [None] * WIDTH
        text = [("" if v is None else str(v).strip()) for v in row[:WIDTH]]
        if text[0] == NAME:
            project, in_table = text[1], False
        elif text[0] == INDICATORS and text[1] == "一级指标":
            in_table = True
        elif in_table and not any(text):
            in_table = False
        elif in_table and project is not None and text[3]:
            value = text[4]
            op = value[:1] if value.startswith(OPERATORS) else QUALITATIVE
            out.append(Indicator(unit_of(project), project, text[1], text[2], text[3], op, value, "", None))
    return out
