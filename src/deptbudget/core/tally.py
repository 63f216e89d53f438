"""Column sums for worksheet functions: a 类/款 subtotal by code prefix, a unit's total,
元 ↔ 万元 and shares as the disclosure prints them. Keys arrive already normalised."""

from __future__ import annotations

from decimal import Decimal
from typing import Sequence

from .money import ZERO, MoneyError, fmt_plain, money, round2, share

TEN_THOUSAND = Decimal(10000)


def amount_or_zero(value, row: int) -> Decimal:
    """A cell of an amount column: blank → 0; anything not a number → MoneyError naming the row."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return ZERO
    try:
        return money(value)
    except MoneyError as exc:
        raise MoneyError(f"金额列第 {row} 个单元格{exc.reason}") from None


def sum_where(keys: Sequence[str | None], amounts: Sequence, accept) -> Decimal:
    """Σ amounts[i] over rows whose key (None for a blank) satisfies accept(key).
    Columns must be equally long; only accepted rows must hold numbers."""
    if len(keys) != len(amounts):
        raise MoneyError(f"条件列（{len(keys)} 行）与金额列（{len(amounts)} 行）行数不同")
    total = ZERO
    for row, (key, value) in enumerate(zip(keys, amounts, strict=False), start=1):
        if accept(key):
            total += amount_or_zero(value, row)
    return total


def prefix_sum(codes: Sequence[str | None], amounts: Sequence, prefix: str) -> Decimal:
    """类/款 subtotal: Σ amounts whose code starts with prefix (e.g. 208 or 20801)."""
    return sum_where(codes, amounts, lambda code: code is not None and code.startswith(prefix))


def unit_total(units: Sequence[str | None], amounts: Sequence, unit: str | None) -> Decimal:
    """A unit's total; unit empty → every row with a key (blank "" counts, None — a
    header or other text — does not): the department's total."""
    return sum_where(units, amounts, lambda key: key == unit if unit else key is not None)


def yuan_to_wan(amount) -> Decimal:
    """元 → 万元, two decimals ROUND_HALF_UP (as the disclosure prints it)."""
    return round2(money(amount) / TEN_THOUSAND)


def wan_to_yuan(amount) -> Decimal:
    """万元 → 元, to the 分 (ROUND_HALF_UP)."""
    return round2(money(amount) * TEN_THOUSAND)


def share_text(part, whole) -> str:
    """part / whole as the disclosure's text prints it: two decimals ROUND_HALF_UP, trailing
    zeros dropped ("29.89%", "1.24%", "100%"); "" when whole is 0."""
    pct = share(money(part), money(whole))
    return "" if pct is None else fmt_plain(pct) + "%"
