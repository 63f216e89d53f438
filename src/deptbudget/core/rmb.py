"""人民币大写: an amount in 元 written the way cheques and vouchers require.

Rules (《正确填写票据和结算凭证的基本规定》):
- digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟 万 亿 (万亿 for very large amounts);
  the leading "壹拾" is written in full (10 → 壹拾元整);
- a run of zeros inside the number is one 零 (1001 → 壹仟零壹, 100010000 → 壹亿零壹万);
- 整 after 元 (and after 角) when there is no 分; never after 分;
- 角 zero and 分 not zero: 零 after 元 (100.05 → 壹佰元零伍分);
  the optional 零 when only the 元 digit is zero is not written (1680.32 → 壹仟陆佰捌拾元叁角贰分);
- below one 元 there is no 零元 prefix (0.5 → 伍角整); zero is 零元整; negatives start with 负.
Amounts are rounded to 分 with ROUND_HALF_UP first.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .money import MoneyError, money

DIGITS = "零壹贰叁肆伍陆柒捌玖"
SMALL_UNITS = ((1000, "仟"), (100, "佰"), (10, "拾"), (1, ""))
BIG_UNITS = ("", "万", "亿", "万亿")
LIMIT = 10 ** 16  # 元: one 万亿 group beyond 亿


def rmb_upper(amount) -> str:
    """人民币大写 of an amount in 元 (int, Decimal, float or numeric text)."""
    value = money(amount)
    cents = int((abs(value) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if cents >= LIMIT * 100:
        raise MoneyError("金额过大，超出人民币大写的表示范围（万亿）")
    if cents == 0:
        return "零元整"
    yuan, jiao, fen = cents // 100, cents // 10 % 10, cents % 10
    text = integer_upper(yuan) + "元" if yuan else ""
    if jiao:
        text += DIGITS[jiao] + "角"
    elif fen and yuan:
        text += "零"
    text += DIGITS[fen] + "分" if fen else "整"
    return ("负" if value < 0 else "") + text


def integer_upper(n: int) -> str:
    """A positive integer in 大写 digits and units, without 元 (1001 → 壹仟零壹)."""
    groups = []
    while n:
        n, group = divmod(n, 10000)
        groups.append(group)
    text, gap = "", False
    for index in reversed(range(len(groups))):
        group = groups[index]
        if group == 0:
            gap = bool(text)
            continue
        if text and (gap or group < 1000):
            text += "零"
        text += _group_upper(group) + BIG_UNITS[index]
        gap = False
    return text


def _group_upper(group: int) -> str:
    """1–9999 without leading 零 (the caller adds the 零 between groups)."""
    text, gap = "", False
    for place, unit in SMALL_UNITS:
        digit = group // place % 10
        if digit == 0:
            gap = gap or bool(text)
            continue
        if gap:
            text += "零"
            gap = False
        text += DIGITS[digit] + unit
    return text
