"""Worksheet functions of the 部门预算 add-in (xlwings UDFs, category 部门预算).

Thin wrappers: the logic is in core.rmb, core.tally and reference.codes. Off Windows
`xw.func`/`xw.arg` are no-ops, so these are plain functions there (and in tests).
Excel passes a cell as a scalar and a column as a list; errors come back as short Chinese
text in the cell (never a dialog).
"""

from __future__ import annotations

from functools import wraps

import xlwings as xw

from ..core.money import MoneyError, money
from ..core.rmb import rmb_upper
from ..core.tally import TEN_THOUSAND, prefix_sum, share_text, unit_total, wan_to_yuan, yuan_to_wan
from ..reference.codes import CodeStatus, check_code, codebook, normalize_code, scheme_of

CATEGORY = "部门预算"
SCHEME_NAMES = {"功能": "function", "功能分类": "function", "经济": "econ", "部门经济": "econ",
                "部门经济分类": "econ", "政府经济": "gov_econ", "政府经济分类": "gov_econ"}


def _friendly(f):
    """A user's bad input becomes the Chinese reason in the cell instead of #VALUE!."""

    @wraps(f)
    def wrapper(*args):
        try:
            return f(*args)
        except MoneyError as exc:
            return exc.reason
        except ValueError as exc:
            return str(exc)

    return wrapper


def _column(value) -> list:
    """A range as a flat list (a single cell arrives as a scalar)."""
    if isinstance(value, (list, tuple)):
        return [v for item in value for v in (_column(item) if isinstance(item, (list, tuple)) else [item])]
    return [value]


def _key(value) -> str | None:
    """Blank → "" (a row without a code); a code → its digits; other text → None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    return normalize_code(value)


def _year(year):
    return None if year in (None, "") else str(normalize_code(year) or year)


def _scheme(code, scheme) -> str | None:
    if scheme not in (None, ""):
        if str(scheme).strip() not in SCHEME_NAMES:
            raise ValueError("科目体系应为：功能分类、部门经济分类 或 政府经济分类")
        return SCHEME_NAMES[str(scheme).strip()]
    return scheme_of(code)


@xw.func(category=CATEGORY)
@xw.arg("编码", doc="功能分类或经济分类科目编码，如 2080101、30101")
@xw.arg("年度", doc="可选：科目表年度（已用 deptbudget codes import 导入的版本），留空用内置科目表")
@_friendly
def 科目名称(编码, 年度=None):
    """返回功能分类或经济分类科目编码对应的科目名称。"""
    if _key(编码) == "":
        return ""
    scheme = scheme_of(编码)
    if scheme is None:
        return "编码格式不对"
    return codebook(scheme, _year(年度)).name(编码) or "科目表中无此编码"


@xw.func(category=CATEGORY)
@xw.arg("编码", doc="科目编码")
@xw.arg("科目体系", doc="可选：功能分类、部门经济分类 或 政府经济分类；留空按编码首位判断")
@xw.arg("年度", doc="可选：科目表年度，留空用内置科目表")
@_friendly
def 科目有效(编码, 科目体系=None, 年度=None):
    """判断科目编码是否有效（格式正确且在科目表中）。内置科目表不完整时，请先导入完整科目表。"""
    scheme = _scheme(编码, 科目体系)
    return scheme is not None and check_code(scheme, 编码, _year(年度)) is CodeStatus.OK


@xw.func(category=CATEGORY)
@xw.arg("编码列", ndim=1, doc="科目编码所在的列（与金额列等长）")
@xw.arg("金额列", ndim=1, doc="金额所在的列")
@xw.arg("前缀", doc="类或款编码，如 208（类）或 20801（款）")
@_friendly
def 前缀合计(编码列, 金额列, 前缀):
    """按科目编码前缀求和：编码以“前缀”开头的各行金额之和，即类或款的小计。"""
    prefix = normalize_code(前缀)
    if not prefix:
        return "前缀应为科目编码，如 208 或 20801"
    return float(prefix_sum([_key(v) for v in _column(编码列)], _column(金额列), prefix))


@xw.func(category=CATEGORY)
@xw.arg("单位列", ndim=1, doc="单位编码所在的列（与金额列等长）")
@xw.arg("金额列", ndim=1, doc="金额所在的列")
@xw.arg("单位编码", doc="可选：如 139001；留空则合计全部单位（部门合计）")
@_friendly
def 单位合计(单位列, 金额列, 单位编码=None):
    """合计某个单位的金额；单位编码留空时合计全部单位，即部门合计。"""
    unit = _key(单位编码)
    if unit is None:
        return "单位编码应为数字，如 139001"
    return float(unit_total([_key(v) for v in _column(单位列)], _column(金额列), unit))


@xw.func(category=CATEGORY)
@xw.arg("金额", doc="金额（默认单位：元）")
@xw.arg("单位", doc="可选：金额的单位，元（默认）或 万元")
@_friendly
def 人民币大写(金额, 单位="元"):
    """把金额写成人民币大写，如 123.45 → 壹佰贰拾叁元肆角伍分。"""
    if 单位 in (None, "", "元"):
        return rmb_upper(金额)
    if 单位 == "万元":
        return rmb_upper(money(金额) * TEN_THOUSAND)
    return "单位应为 元 或 万元"


@xw.func(category=CATEGORY)
@xw.arg("金额", doc="以元为单位的金额")
@_friendly
def 元转万元(金额):
    """元换算为万元，保留两位小数（四舍五入），与公开表一致。"""
    return float(yuan_to_wan(金额))


@xw.func(category=CATEGORY)
@xw.arg("金额", doc="以万元为单位的金额")
@_friendly
def 万元转元(金额):
    """万元换算为元，保留到分（四舍五入）。"""
    return float(wan_to_yuan(金额))


@xw.func(category=CATEGORY)
@xw.arg("部分", doc="分子，如某项支出")
@xw.arg("总数", doc="分母，如支出合计")
@_friendly
def 占比(部分, 总数):
    """按公开表的写法返回占比文字，如 29.89%（两位小数，四舍五入）；总数为 0 时返回空。"""
    return share_text(部分, 总数)
