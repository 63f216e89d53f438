"""Names the tables print: the 28 expenditure 类 of 表1/表2 and code → name lookups.

The one place the roll-up asks for names; it reads deptbudget.reference (the user's imported
edition for the budget year when there is one, else the built-in list).
"""

from __future__ import annotations

from ..reference import codes


def expenditure_classes() -> tuple[tuple[str, str], ...]:
    """(code, name) of the 28 支出功能分类 类, in 表1's order."""
    return tuple((c.code, c.name) for c in sorted(codes.expenditure_classes(), key=lambda c: c.seq))


def func_name(code: str, year=None) -> str:
    """功能分类 name, or '' when the code is in no loaded list."""
    return codes.codebook("function", year).name(code) or ""


def econ_name(code: str, year=None) -> str:
    """部门经济分类 name, or '' when the code is in no loaded list."""
    return codes.codebook("econ", year).name(code) or ""


UNKNOWN_NAME = "（名称未知，请导入科目表）"


class Names:
    """Names the tables print for one budget: the code list of its year (the user's imported
    edition when there is one, else the built-in list), else the name the workbook's own 科目名称
    column gives (kept in facts by the reader); a code nobody names prints UNKNOWN_NAME, never an
    empty cell (validate reports it: COD-12). The lists are looked up once per table, each code
    once (every unit block of a large department names the same codes again)."""

    def __init__(self, tree):
        year = tree.department.year
        self.facts = tree.budget.facts
        self.func_book = codes.codebook("function", year or None)
        self.econ_book = codes.codebook("econ", year or None)
        self.funcs: dict[str, str] = {}  # code → name, as found
        self.econs: dict[str, str] = {}

    def func(self, code: str) -> str:
        name = self.funcs.get(code)
        if name is None:
            name = self.funcs[code] = self._name(self.func_book, code)
        return name

    def econ(self, code: str) -> str:
        name = self.econs.get(code)
        if name is None:
            name = self.econs[code] = self._name(self.econ_book, code)
        return name

    def _name(self, book, code: str) -> str:
        return book.name(code) or codes.workbook_name(self.facts, code) or UNKNOWN_NAME


_DIGITS = "零一二三四五六七八九"


def numeral(n: int) -> str:
    """Chinese ordinal for 1..99: 1 → 一, 10 → 十, 21 → 二十一."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")
