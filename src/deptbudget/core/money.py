"""Exact money: amounts are Decimal 万元 with up to 6 decimals; rounding only at presentation."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
CENT = Decimal("0.01")
MAX_PLACES = 6
# 尾差: each term rounded to 0.01 can be off by at most half a cent.
HALF_CENT = Decimal("0.005")
# The 金额单位 an input workbook may declare (基本信息): the power of ten that makes its figures
# 万元. Inside, every amount is 万元; a 元 workbook's are converted exactly on reading.
WAN, YUAN = "万元", "元"
ENTRY_UNITS = {WAN: 0, YUAN: -4}


def to_wan(amount: Decimal, unit: str) -> Decimal:
    """An amount entered in `unit` (万元 or 元) as 万元: exact (the exponent moves, no rounding)."""
    shift = ENTRY_UNITS[unit]
    return amount.scaleb(shift) if shift else amount


def from_wan(amount: Decimal, unit: str) -> Decimal:
    """An amount in 万元 as figures of `unit`, exactly (what is written into a 元 workbook)."""
    shift = ENTRY_UNITS[unit]
    if not shift:
        return amount
    out = amount.scaleb(-shift)
    return out.quantize(Decimal(1)) if out.as_tuple().exponent > 0 else out  # 3E+4 written as 30000


class MoneyError(ValueError):
    """A value that cannot be an amount; `reason` is a Chinese explanation. `kind` tells the
    reader's checks which finding fits: "comma" for a comma that is no thousands separator."""

    def __init__(self, reason: str, kind: str = ""):
        super().__init__(reason)
        self.reason, self.kind = reason, kind


_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－＋（）", "0123456789.,-+()")
# Numeric text, after full-width forms are made ASCII: ASCII digits only (Decimal() would take
# Arabic-Indic digits and "1_000"), thousands separators only between groups of three
# ("1,234.5"; never "51,99" or "1,2345", which would be read 100 times too big), an exponent only
# without separators. Accounting negatives "(12.5)" are matched without their parentheses.
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
                     r"|[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]*)?")
_ACCOUNTING = re.compile(r"\((.*)\)")


def money(value) -> Decimal:
    """The one way to build an amount. Accepts int, Decimal, float (via repr) and numeric text.

    Text may carry full-width digits, thousands separators between groups of three and an
    accounting negative "(12.5)" (callers that must flag those check the raw text themselves).
    −0 becomes 0. Raises MoneyError for anything else.
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
        d = _from_text(value)
    else:
        raise MoneyError(f"{type(value).__name__} 类型的值不是金额")
    if not d.is_finite():
        raise MoneyError("金额不能是无穷大或非数字（NaN/inf）")
    return d.copy_abs() if not d and d.is_signed() else d  # −0 is 0


def _from_text(value: str) -> Decimal:
    text = value.strip().translate(_FULLWIDTH)
    if not text:
        raise MoneyError("空文本不是金额")
    accounting = _ACCOUNTING.fullmatch(text)
    body = accounting.group(1).strip() if accounting else text
    if not _NUMBER.fullmatch(body) or accounting and body[:1] in "+-":
        if "," in body and _NUMBER.fullmatch(body.replace(",", "")):
            raise MoneyError(f"“{value[:30]}”中的逗号不是千位分隔符（每三位一个），可能是把小数点写成了逗号",
                             "comma")
        if value.strip().lower().lstrip("+-") in ("nan", "inf", "infinity", "snan"):
            raise MoneyError("金额不能是无穷大或非数字（NaN/inf）")
        raise MoneyError(f"“{value[:30]}”不是数字")
    d = Decimal(body.replace(",", ""))
    return -d if accounting else d


def round2(amount: Decimal) -> Decimal:
    """Presentation rounding: two decimals, ROUND_HALF_UP."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def places(amount: Decimal) -> int:
    """Number of decimal places actually used (1.50 -> 1, 2 -> 0)."""
    _sign, digits, exp = amount.as_tuple()  # not normalize(): it rounds to the context's 28 digits
    if not isinstance(exp, int) or exp >= 0 or not any(digits):
        return 0
    zeros = len(digits) - len(bytes(digits).rstrip(b"\0"))
    return max(0, -exp - zeros)


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
