"""Names the workbook itself gives codes the year's code list lacks (its 科目名称 columns).

Read only for such codes — usually none, so a 50,000-line workbook costs one pass over the distinct
codes — and only where the cell holds typed text: the template's own VLOOKUP formula shows
「（未知科目）」 for these codes, which is no name.
"""

from __future__ import annotations

from operator import attrgetter

from ..core.model import ExpenseLine
from ..io.grid import Grid
from ..reference.codes import NAME_FACT, codebook
from . import spec

# code field, name column, scheme
NAMED = (("func_code", "func_name", "function"), ("econ_code", "econ_name", "econ"))
NO_NAME = ("", "（未知科目）")


def code_names(grid: Grid, lines: tuple[ExpenseLine, ...], year) -> dict[str, str]:
    """{NAME_FACT + code: name} for each code of the lines that the year's list lacks and whose
    name column gives a name on (the first of) its lines."""
    out: dict[str, str] = {}
    headers: dict[tuple, int | None] = {}
    for key, name_key, scheme in NAMED:
        book = codebook(scheme, year or None)
        missing = {c for c in dict.fromkeys(map(attrgetter(key), lines)) if c and c not in book}
        for line in lines if missing else ():
            code = getattr(line, key)
            if code in missing:
                name = _name_at(grid, line, name_key, headers)
                if name:
                    out[NAME_FACT + code] = name
                    missing.discard(code)
    return out


def _name_at(grid: Grid, line: ExpenseLine, name_key: str, headers: dict) -> str:
    from .reader import find_header

    sheet = grid.sheet(line.ref.sheet) if line.ref else None
    if sheet is None:
        return ""
    wanted = spec.BASIC if line.kind.is_basic else spec.PROJECTS
    if (sheet.name, name_key) not in headers:
        found = find_header(sheet, wanted)
        headers[(sheet.name, name_key)] = found[1].get(name_key) if found else None
    col, row = headers[(sheet.name, name_key)], _row(line.ref.cell)
    value = sheet.cell(row, col) if col is not None and row is not None else None
    text = str(value).strip() if isinstance(value, str) else ""
    return "" if text in NO_NAME or text.startswith("=") else text


def _row(cell: str) -> int | None:
    """0-based row of "F12" or "12:12"."""
    digits = "".join(ch for ch in cell.partition(":")[0] if ch.isdigit())
    return int(digits) - 1 if digits else None
