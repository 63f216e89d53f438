"""A library of common performance indicators (常用绩效指标库) and the 成本指标 pre-fill.

Each entry gives 一级/二级/三级指标, 指标性质, a typical 指标值 and 度量单位. Users pick from it in the
workbook's 指标库 sheet; `cost_indicator` pre-fills a project's 成本指标 from its budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..core.model import Indicator, Project
from ..core.money import fmt_plain
from .common import core_name


@dataclass(frozen=True)
class LibraryEntry:
    level1: str
    level2: str
    level3: str  # 三级指标; "{项目}" is replaced by the project's name without its year
    nature: str
    value: str
    measure: str
    note: str = ""


LIBRARY: tuple[LibraryEntry, ...] = (
    LibraryEntry("成本指标", "经济成本指标", "{项目}预算控制数", "≤", "（项目预算数）", "万元", "按项目预算数自动填写"),
    LibraryEntry("成本指标", "经济成本指标", "人均成本", "≤", "", "万元/人"),
    LibraryEntry("产出指标", "数量指标", "服务（发放）人数", "≥", "", "人"),
    LibraryEntry("产出指标", "数量指标", "开展活动次数", "≥", "", "次"),
    LibraryEntry("产出指标", "数量指标", "覆盖率", "≥", "95", "%"),
    LibraryEntry("产出指标", "数量指标", "网络维护覆盖率", "≥", "95", "%"),
    LibraryEntry("产出指标", "质量指标", "准确率", "=", "100", "%"),
    LibraryEntry("产出指标", "质量指标", "资金发放准确率", "=", "100", "%"),
    LibraryEntry("产出指标", "质量指标", "验收合格率", "=", "100", "%"),
    LibraryEntry("产出指标", "时效指标", "发放及时率", "=", "100", "%"),
    LibraryEntry("产出指标", "时效指标", "完成及时率", "≥", "95", "%"),
    LibraryEntry("产出指标", "时效指标", "维护及时率", "=", "100", "%"),
    LibraryEntry("效益指标", "社会效益指标", "政策知晓率", "≥", "80", "%"),
    LibraryEntry("效益指标", "社会效益指标", "保障工作正常开展", "定性", "优", ""),
    LibraryEntry("效益指标", "经济效益指标", "带动就业人数", "≥", "", "人"),
    LibraryEntry("效益指标", "可持续影响指标", "管理机制健全性", "定性", "优", ""),
    LibraryEntry("效益指标", "可持续影响指标", "正常使用年限", "≥", "1", "年"),
    LibraryEntry("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥", "95", "%"),
    LibraryEntry("满意度指标", "服务对象满意度指标", "群众满意度", "≥", "90", "%"),
)

COST_LEVEL1, COST_LEVEL2 = "成本指标", "经济成本指标"


def cost_indicator(project: Project, amount: Decimal | None = None,
                   weight: Decimal | None = None) -> Indicator:
    """The 成本指标 of a project: 「<项目>预算控制数 ≤ <预算数> 万元」 (amount defaults to the
    project's own total)."""
    amount = project.amount if amount is None else amount
    return Indicator(project.unit, project.name, COST_LEVEL1, COST_LEVEL2,
                     f"{core_name(project.name)}预算控制数", "≤", fmt_plain(amount), "万元", weight,
                     "反向")


def prefill_cost(project: Project, indicators: tuple[Indicator, ...],
                 amount: Decimal | None = None) -> tuple[Indicator, ...]:
    """The project's indicators with a 成本指标 added at the front when it has none."""
    mine = tuple(i for i in indicators if i.project == project.name and i.unit == project.unit)
    if any(i.level1 == COST_LEVEL1 for i in mine):
        return mine
    return (cost_indicator(project, amount),) + mine


def rows() -> list[tuple[str, ...]]:
    """The library as sheet rows (一级, 二级, 三级, 性质, 指标值, 度量单位, 说明)."""
    return [(e.level1, e.level2, e.level3, e.nature, e.value, e.measure, e.note) for e in LIBRARY]


LIBRARY_HEADER = ("一级指标", "二级指标", "三级指标", "指标性质", "参考指标值", "度量单位", "说明")
