from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deptbudget.core.money import (
    MoneyError,
    explain_difference,
    fmt,
    fmt_plain,
    money,
    places,
    round2,
    rounding_tolerance,
    share,
)


@pytest.mark.parametrize("raw, expected", [
    (760.59, Decimal("760.59")), (8, Decimal(8)), ("1,234.50", Decimal("1234.50")),
    ("１２.５", Decimal("12.5")), (Decimal("0.000001"), Decimal("0.000001")), (" 3 ", Decimal(3)),
])
def test_money_accepts_numbers_and_numeric_text(raw, expected):
    assert money(raw) == expected


@pytest.mark.parametrize("raw", [True, "abc", "", float("nan"), float("inf"), None, [1]])
def test_money_refuses_non_amounts_with_chinese_reason(raw):
    with pytest.raises(MoneyError) as info:
        money(raw)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.value.reason)


def test_round_half_up_at_presentation_only():
    assert round2(Decimal("0.005")) == Decimal("0.01")
    assert round2(Decimal("2.675")) == Decimal("2.68")  # float would give 2.67
    assert fmt(Decimal("8022.005")) == "8,022.01"
    assert fmt_plain(Decimal("99.10")) == "99.1" and fmt_plain(Decimal("4.00")) == "4"


def test_places_and_share():
    assert places(Decimal("1.50")) == 1 and places(Decimal("19.7234")) == 4 and places(Decimal(2)) == 0
    assert round2(share(Decimal("2397.89"), Decimal("8022.01"))) == Decimal("29.89")
    assert share(Decimal(1), Decimal(0)) is None


def test_tail_difference_explained_by_rounding():
    diff, explained = explain_difference(Decimal("981.35"), [Decimal("760.59"), Decimal("99.07"), Decimal("28.85"),
                                                             Decimal("5.59"), Decimal("5.22"), Decimal("82.02")])
    assert diff == Decimal("0.01") and explained
    diff, explained = explain_difference(Decimal("10.00"), [Decimal("9.90")])
    assert not explained


@given(st.lists(st.decimals(min_value=0, max_value=10**6, places=6), min_size=1, max_size=30))
def test_sum_of_rounded_parts_within_tolerance(parts):
    total = round2(sum(parts))
    diff, explained = explain_difference(total, [round2(p) for p in parts])
    assert abs(diff) <= rounding_tolerance(len(parts)) and explained


# -- the reader's fast path for number cells -------------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st

from deptbudget.core.model import CellRef  # noqa: E402
from deptbudget.template.cellcheck import parse_amount, plain_amount  # noqa: E402


@given(st.floats(allow_nan=True, allow_infinity=True) | st.floats(0, 1e4).map(lambda x: round(x, 2))
       | st.integers(-10**12, 10**12))
def test_plain_amount_is_parse_amount_without_findings(v):
    fast = plain_amount(v)
    findings = []
    slow = parse_amount(v, CellRef("f", "s", "A1"), findings)
    if fast is not None:
        assert fast == slow and str(fast) == str(slow) and findings == []
    else:
        assert findings or slow is None or slow < 0 or str(slow) != repr(v)
