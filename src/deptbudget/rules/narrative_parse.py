"""Text helpers for 情况说明 rules (also used by the fill stage): amounts with 元/万元/亿元,
percentages, years, sentences, and the labelled figures of a budget narrative.

All amounts come back in 万元 (Decimal, exact): 30000 元 → 3, 1.2 亿元 → 12000.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

UNIT_FACTORS = {"亿元": Decimal(10000), "万元": Decimal(1), "千元": Decimal("0.1"), "元": Decimal("0.0001")}
_NUM = r"(\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_AMOUNT = re.compile(_NUM + r"\s*(亿元|万元|千元|元)")
_PCT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_SENTENCE_END = re.compile(r"[。；;！!？?\n]")


def normalize(text: str) -> str:
    """NFKC (full-width digits/％ → ASCII) keeping positions: NFKC of these characters is 1:1."""
    return (text or "").translate(_NFKC_CHARS)


class _NfkcChars(dict):
    """A str.translate table: code point → its NFKC form when that is one character, else the
    character itself; each character worked out on first use (a text uses a few thousand at most)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        n = unicodedata.normalize("NFKC", ch)
        self[code] = n = n if len(n) == 1 else ch
        return n


_NFKC_CHARS = _NfkcChars()


@dataclass(frozen=True)
class Amount:
    wan: Decimal  # in 万元
    number: Decimal  # as written
    unit: str  # 元 / 万元 / 亿元 / 千元
    start: int
    end: int
    raw: str


@dataclass(frozen=True)
class Percent:
    value: Decimal
    decimals: int
    start: int
    end: int
    raw: str


@dataclass(frozen=True)
class Year:
    value: int
    start: int
    end: int


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None


def amounts(text: str) -> list[Amount]:
    """Every amount with a money unit, in order."""
    t = normalize(text)
    out = []
    for m in _AMOUNT.finditer(t):
        n = _number(m.group(1))
        if n is not None:
            out.append(Amount(n * UNIT_FACTORS[m.group(2)], n, m.group(2), m.start(), m.end(), m.group(0)))
    return out


def percentages(text: str) -> list[Percent]:
    t = normalize(text)
    out = []
    for m in _PCT.finditer(t):
        n = _number(m.group(1))
        if n is not None:
            dp = len(m.group(1).split(".")[1]) if "." in m.group(1) else 0
            out.append(Percent(n, dp, m.start(), m.end(), m.group(0)))
    return out


def years(text: str) -> list[Year]:
    return [Year(int(m.group(1)), m.start(), m.end()) for m in _YEAR.finditer(normalize(text))]


def sentences(text: str) -> list[tuple[int, int, str]]:
    """(start, end, sentence) split at 。；！？ and line breaks."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[start:m.end()].strip():
            out.append((start, m.end(), text[start:m.end()]))
        start = m.end()
    if text[start:].strip():
        out.append((start, len(text), text[start:]))
    return out


def clause_before(text: str, pos: int, limit: int = 40) -> str:
    """The text of the clause that ends at `pos` (back to the previous ，、：；。 or `limit` chars)."""
    start = max(0, pos - limit)
    piece = text[start:pos]
    cut = max(piece.rfind(ch) for ch in "，,、：:；;。\n（(")
    return piece[cut + 1:] if cut >= 0 else piece


def count_after(text: str, word: str) -> list[tuple[int, int]]:
    """(count, position) of phrases like「项目 67 个」「项目67个」following `word`."""
    pat = re.compile(re.escape(word) + r"\s*(\d+)\s*个")
    return [(int(m.group(1)), m.start()) for m in pat.finditer(normalize(text))]


def share_text(value: Decimal, decimals: int) -> Decimal:
    """A share rounded like the text states it (ROUND_HALF_UP at `decimals` places)."""
    from decimal import ROUND_HALF_UP

    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
