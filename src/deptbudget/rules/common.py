"""Helpers shared by the rule modules: exact comparisons with 尾差, number formatting."""

from __future__ import annotations

from decimal import Decimal

from ..core.findings import Severity
from ..core.model import CellRef
from ..core.money import fmt, fmt_plain, round2
from .registry import Hit

CENT = Decimal("0.01")


def show(x: Decimal | None) -> str:
    """An amount as the tables print it: 8022.01, 4.00 (two decimals, no thousands separator)."""
    return fmt(x if x is not None else Decimal(0), thousands=False)


def plain(x: Decimal | None) -> str:
    """A number that is not money (a weight, a percentage): 90, 96.28."""
    return fmt_plain(x if x is not None else Decimal(0))


def mismatch(ref: CellRef | None, shown: Decimal, expected: Decimal, terms: int, ctx,
             params: dict, refs=(), scale: int = 1, unit: str = "") -> Hit | None:
    """None when equal at presentation (two decimals); a 提示 with the explanation when rounding
    of `terms` parts can explain the difference (尾差); else a Hit of the rule's own severity.
    `scale` 10000: the amount was stated in 元 — compared to the cent of 元, figures shown in 元.
    `unit`: what the amounts are in when not 万元 × scale (a 上海 table printed in 元)."""
    if scale != 1:
        shown, expected = shown * scale, expected * scale
    if round2(shown) == round2(expected):
        return None
    diff = shown - expected
    params = {**params, "shown": show(shown), "expected": show(expected), "diff": show(diff)}
    tol = ctx.settings.tolerance(terms)
    if abs(diff) <= tol:
        unit = unit or ("万元" if scale == 1 else "元")
        note = (f"（差额 {show(diff)} {unit}在尾差范围内：{terms} 项各自四舍五入到分、合计再舍入，"
                f"最多可差 {fmt_plain(tol) if tol >= CENT else tol} {unit}，属尾差，请核对舍入）")
        return Hit(ref, params, tuple(refs), Severity.INFO, note)
    return Hit(ref, params, tuple(refs))


def dec(text) -> Decimal | None:
    try:
        return Decimal(str(text).strip())
    except Exception:
        return None
