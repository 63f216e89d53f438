"""「X（类）Y（款）Z（项）」 phrases of a 情况说明 in their common layouts — with or without the 款,
joined by dashes or spaces, with codes before the names (「2080501 行政单位离退休（项）」,
「[208]社会保障和就业支出（类）」) — and the 项 they name, resolved by exact name after normalisation.

A 项 name shared by several codes (一般行政管理事务 under 20129 02, 20132 02, 21101 02 …) is resolved
by the 类 and 款 the phrase names, then by the amount it states; what context cannot decide stays
ambiguous. Candidates are always taken in code order, so the result never depends on set order."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_CODE = r"[\[【(（]?\s*(\d{3,7})?\s*[\]】)）]?\s*"
_NAME = r"([\u4e00-\u9fff、“”\"]+?)\s*"
_SEP = r"\s*[-—－–/、·]?\s*"
ITEM = re.compile(_CODE + _NAME + r"[（(]类[）)]" + _SEP + r"(?:" + _CODE + _NAME + r"[（(]款[）)]" + _SEP + r")?"
                  + _CODE + _NAME + r"[（(]项[）)]")

# 类/款 names of earlier editions of the 政府收支分类科目 (renamed since): named as such, never matched
OUTDATED = {
    "文化体育与传媒支出": "207", "医疗卫生与计划生育支出": "210", "国土海洋气象等支出": "220",
    "资源勘探信息等支出": "215", "行政事业单位离退休": "20805",
}


@dataclass(frozen=True)
class ItemPhrase:
    start: int
    end: int
    text: str
    cls: str
    kuan: str | None
    item: str
    codes: tuple[str | None, str | None, str | None]  # codes written before the 类/款/项 names


def norm(name: str | None) -> str:
    """A name compared exactly: NFKC, no spaces or quotes, 「支出」 at the end optional."""
    n = unicodedata.normalize("NFKC", name or "")
    n = re.sub(r"[\s“”\"'‘’]", "", n)
    n = re.sub(r"^[\d.、]+", "", n)
    return n.removesuffix("支出")


def phrases(text: str) -> list[ItemPhrase]:
    out = []
    for m in ITEM.finditer(text):
        c1, cls, c2, kuan, c3, item = m.groups()
        out.append(ItemPhrase(m.start(), m.end(), m.group(0).strip(), cls, kuan, item, (c1, c2, c3)))
    return out


def candidates(book, used, p: ItemPhrase) -> list[str]:
    """The used 项 codes the phrase may mean: by a written code, else by name; then narrowed by the
    类 and 款 names when that leaves any (a wrong 类/款 is reported by the caller)."""
    written = p.codes[2]
    if written and len(written) == 7:
        return [written]
    named = sorted(c for c in used if norm(book.name(c)) == norm(p.item))
    by_cls = [c for c in named if norm(book.name(c[:3])) == norm(p.cls)] or named
    by_kuan = [c for c in by_cls if p.kuan and norm(book.name(c[:5])) == norm(p.kuan)] or by_cls
    return by_kuan


def outdated(name: str, code: str) -> bool:
    """The name is an earlier edition's name of this 类/款."""
    return OUTDATED.get(norm(name) + "支出") == code or OUTDATED.get(norm(name)) == code
