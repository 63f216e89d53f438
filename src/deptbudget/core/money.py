"""Exact money: amounts are Decimal 万元 with up to 6 decimals; rounding only at presentation."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ZERO = Decimal("0")
CENT = Decimal("0.01")
MAX_PLACES = 6
# 尾差: each term rounded to 0.01 can be off by at most half a cent.
HALF_CENT = Decimal("0.005")


class MoneyError(ValueError):
    """A value that cannot be an amount; `reason` is a Chinese explanation."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")


def money(value) -> Decimal:
    """The one way to build an amount. Accepts int, Decimal, float (via repr) and numeric text.

    Text may carry full-width digits and thousands separators (callers that must flag those
    check the raw text themselves). Raises MoneyError for anything else.
    """
    if isinstance(value, bool):
        raise MoneyError("布尔值不是金额")
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, int):
        d = Decimal(value)
    elif isinstance(value, float):
        d = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().translate(_FULLWIDTH).replace(",", "").replace(" ", "")
        if not text:
            raise MoneyError("空文本不是金额")
        try:
            d = Decimal(text)
        except InvalidOperation:
            raise MoneyError(f"“{value[:30]}”不是数字") from None
    else:
        raise MoneyError(f"{type(value).__name__} 类型的值不是金额")
    if not d.is_finite():
        raise MoneyError("金额不能是无穷大或非数字（NaN/inf）")
    return d


def round2(amount: Decimal) -> Decimal:
    """Presentation rounding: two decimals, ROUND_HALF_UP."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def places(amount: Decimal) -> int:
    """Number of decimal places actually used (1.50 -> 1, 2 -> 0)."""
    exp = amount.normalize().as_tuple().exponent
    return max(0, -exp) if isinstance(exp, int) else 0


def fmt(amount: Decimal | None, thousands: bool = True) -> str:
    """As printed in the disclosure tables: 8,022.01; empty for None."""
    if amount is None:
        return ""
    r = round2(amount)
    return f"{r:,.2f}" if thousands else f"{r:.2f}"


def fmt_plain(amount: Decimal) -> str:
    """As written in running text: 8022.01, 99.1, 4 (trailing zeros dropped)."""
    r = round2(amount).normalize()
    text = f"{r:f}"
    return text


def share(part: Decimal, whole: Decimal) -> Decimal | None:
    """Percentage part/whole × 100, exact (round at presentation with round2)."""
    if whole == 0:
        return None
    return part * 100 / whole


def rounding_tolerance(terms: int) -> Decimal:
    """Largest difference between a rounded total and the sum of `terms` rounded parts
    that rounding alone can explain (0.005 per rounded term, the total included)."""
    return HALF_CENT * (terms + 1)


def explain_difference(total: Decimal, parts: list[Decimal]) -> tuple[Decimal, bool]:
    """Difference total − Σparts, and whether rounding (尾差) can explain it."""
    diff = total - sum(parts, ZERO)
    return diff, abs(diff) <= rounding_tolerance(len(parts))
