"""Worksheet functions as plain Python (xw.func is a no-op off Windows) and their core."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deptbudget.core.money import MoneyError
from deptbudget.core.rmb import rmb_upper
from deptbudget.core.tally import prefix_sum, share_text, unit_total, wan_to_yuan, yuan_to_wan
from deptbudget.excel import udfs


@pytest.mark.parametrize("amount, text", [
    (0, "零元整"),
    ("0.5", "伍角整"),
    (0.02, "贰分"),
    (100.05, "壹佰元零伍分"),
    (10000000, "壹仟万元整"),
    ("1001.01", "壹仟零壹元零壹分"),
    (-123.45, "负壹佰贰拾叁元肆角伍分"),
    (10, "壹拾元整"),
    (110000, "壹拾壹万元整"),
    ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
    ("325.04", "叁佰贰拾伍元零肆分"),
    ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
    ("107000.53", "壹拾万柒仟元伍角叁分"),
    (100010000, "壹亿零壹万元整"),
    (100000001, "壹亿零壹元整"),
    (1010, "壹仟零壹拾元整"),
    ("80220100", "捌仟零贰拾贰万零壹佰元整"),
    ("1,234.5", "壹仟贰佰叁拾肆元伍角整"),
    ("0.005", "壹分"),  # ROUND_HALF_UP to the 分
    ("0.004", "零元整"),
    ("-0.004", "零元整"),  # no 负 for what rounds to zero
    (Decimal("1234567890123.45"), "壹万亿贰仟叁佰肆拾伍亿陆仟柒佰捌拾玖万零壹佰贰拾叁元肆角伍分"),
])
def test_rmb_upper(amount, text):
    assert rmb_upper(amount) == text


def test_rmb_upper_rejects():
    with pytest.raises(MoneyError):
        rmb_upper("abc")
    with pytest.raises(MoneyError):
        rmb_upper(10 ** 16)


DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL = {"拾": 10, "佰": 100, "仟": 1000}


def _small(text: str) -> int:
    value, digit = 0, 0
    for ch in text.replace("零", ""):
        if ch in SMALL:
            value, digit = value + digit * SMALL[ch], 0
        else:
            digit = DIGITS.index(ch)
    return value + digit


def parse_upper(text: str) -> int:
    """Independent reader of 大写 back to 分 (the inverse the property test checks against)."""
    sign = -1 if text.startswith("负") else 1
    text = text.removeprefix("负").replace("万亿", "兆")
    cents = 0
    if "元" in text:
        whole, text = text.split("元")
        for unit, mult in (("兆", 10 ** 12), ("亿", 10 ** 8), ("万", 10 ** 4)):
            if unit in whole:
                left, whole = whole.split(unit)
                cents += _small(left) * mult * 100
        cents += _small(whole) * 100
    for unit, mult in (("角", 10), ("分", 1)):
        if unit in text:
            left, text = text.split(unit)
            cents += DIGITS.index(left.replace("零", "")) * mult
    assert text in ("", "整")
    return sign * cents


@given(st.integers(min_value=-(10 ** 15), max_value=10 ** 15))
def test_rmb_upper_round_trips_and_is_well_formed(cents):
    text = rmb_upper(Decimal(cents) / 100)
    assert parse_upper(text) == cents
    assert "零零" not in text and "零元" not in text[1:] and not text.startswith("零" if cents else "x")
    assert text.endswith("分") != text.endswith("整")
    assert text.endswith("分") == (cents % 10 != 0)


def test_yuan_wan_conversions():
    assert yuan_to_wan(12345) == Decimal("1.23")
    assert yuan_to_wan(50) == Decimal("0.01")  # 0.005 → half up
    assert yuan_to_wan(49) == Decimal("0.00")
    assert yuan_to_wan(80220100) == Decimal("8022.01")
    assert wan_to_yuan("1.2345675") == Decimal("12345.68")
    assert wan_to_yuan(8022.01) == Decimal("80220100.00")


def test_share_as_the_disclosure_prints_it():
    assert share_text("2397.89", "8022.01") == "29.89%"  # seed: 基本支出占支出预算 29.89%
    assert share_text(99.1, 8022.01) == "1.24%"  # seed: 卫生健康支出占 1.24%
    assert share_text(8022.01, 8022.01) == "100%"  # seed: 占收入预算 100%
    assert share_text(1, 0) == ""


def test_prefix_sum_and_unit_total_core():
    codes = ["2080101", "2080102", "2080501", None, "2010101"]
    amounts = [Decimal("1.5"), 2.25, 3, None, "abc"]
    assert prefix_sum(codes, amounts, "20801") == Decimal("3.75")
    assert prefix_sum(codes, amounts, "208") == Decimal("6.75")
    with pytest.raises(MoneyError, match="第 5 个"):
        prefix_sum(codes, amounts, "201")
    with pytest.raises(MoneyError, match="行数不同"):
        prefix_sum(codes[:2], amounts, "208")
    assert unit_total(["139001", "139002", ""], [1, 2, 4], "139002") == 2
    assert unit_total(["139001", "139002", ""], [1, 2, 4], "") == 7


# ---------------------------------------------------------------- the UDFs themselves

def test_code_name():
    assert udfs.科目名称("2080101") == "行政运行"
    assert udfs.科目名称(30101.0) == "基本工资"  # a code typed as a number
    assert udfs.科目名称("２０８０１０１") == "行政运行"  # full-width digits
    assert udfs.科目名称(None) == ""
    assert udfs.科目名称("12") == "编码格式不对"
    assert udfs.科目名称("2089998") == "科目表中无此编码"


def test_code_valid():
    assert udfs.科目有效("2080101") is True
    assert udfs.科目有效(30101, "部门经济分类") is True
    assert udfs.科目有效("30101", "功能分类") is False
    assert udfs.科目有效("2089998") is False
    assert udfs.科目有效("abc") is False
    assert "科目体系" in udfs.科目有效("30101", "随便")


def test_prefix_total_on_columns_with_header_and_blanks():
    codes = [["功能分类科目编码"], [2080101.0], ["2080102"], [None], ["2210201"]]
    amounts = [["金额"], [1.1], [2.2], [None], [5]]
    assert udfs.前缀合计(codes, amounts, 208) == pytest.approx(3.3)
    assert udfs.前缀合计(codes, amounts, "20801") == pytest.approx(3.3)
    assert udfs.前缀合计(codes, amounts, "221") == 5
    assert udfs.前缀合计(codes, [["金额"], ["x"], [1], [None], [1]], "208") == "金额列第 2 个单元格“x”不是数字"
    assert udfs.前缀合计(codes, amounts, "类") == "前缀应为科目编码，如 208 或 20801"


def test_unit_total():
    units = ["单位编码", 139001, "139002", None, "139001"]
    amounts = ["金额", 1, 2, 3, 4]
    assert udfs.单位合计(units, amounts, "139001") == 5
    assert udfs.单位合计(units, amounts, 139002.0) == 2
    assert udfs.单位合计(units, amounts) == 10  # department: every row but the header
    assert udfs.单位合计(units, amounts, "本级") == "单位编码应为数字，如 139001"


def test_rmb_and_unit_udfs():
    assert udfs.人民币大写(123.45) == "壹佰贰拾叁元肆角伍分"
    assert udfs.人民币大写(8022.01, "万元") == "捌仟零贰拾贰万零壹佰元整"
    assert udfs.人民币大写("abc") == "“abc”不是数字"
    assert udfs.人民币大写(1, "美元") == "单位应为 元 或 万元"
    assert udfs.元转万元(80220100) == 8022.01
    assert udfs.万元转元(8022.01) == 80220100.0
    assert isinstance(udfs.元转万元(1), float)  # Excel cannot take a Decimal
    assert udfs.占比(5624.12, 8022.01) == "70.11%"


def test_udf_docs_are_chinese():
    for name in ("科目名称", "科目有效", "前缀合计", "单位合计", "人民币大写", "元转万元", "万元转元", "占比"):
        f = getattr(udfs, name)
        assert f.__doc__ and any("\u4e00" <= ch <= "\u9fff" for ch in f.__doc__), name
