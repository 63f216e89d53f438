"""The 上海 公开表 read by meaning: the nine tables of 上海部门预算 / 上海单位预算 (tablesets.shanghai),
as our export writes them or as a district's disclosure is typed in.

A sheet is recognised by its title (「2025年部门财务收支预算总表」, 「表1」 with the title in its top
rows, 部门 or 单位), never by its number alone: districts number the nine tables differently. Money
columns are found by their header words (the TableDef's column names and the words districts print
for them: 「小计」 under 公务用车购置及运行费, 「政府性基金预算」 …), whatever their order; codes are
read whole (2080505) or split over 类/款/项 columns (208 | 05 | 05, 「5」 for 05). Amounts stay in
the unit the sheet prints (「单位：元」 or 「单位：万元」, exact Decimal); the rules convert only where
two tables of different units meet.

Each body row is keyed by its own labels: ("total",) for 合计, ("code", code) for a 类/款/项 (or
经济分类 类/款) row with level class/kuan/item; the two sides of 表1 and 表4 become two rows each:
("in", what) on the left (fiscal, general, fund, soe, business, operating, other, year, carry,
surplus, grand) and ("class", code) / ("out", year | carry_next | grand) on the right.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from ..core.table import Table
from ..io.grid import Grid, SheetGrid
from ..tablesets import SETS, SUBTOTALS, TOTAL_ONLY, USED_CLASSES, TableDef
from ..template import spec
from .sheets import ShownRow, ShownTable, as_amount, norm

TITLE_ROWS = 6  # the title, the table number, 编制部门 and the unit sit above the header
HEADER_SCAN = 14
UNITS = {"元": 1, "万元": 10000, "亿元": 100000000}  # → 元
SH_SETS = tuple(ts for ts in SETS.values() if ts.layout == "上海")
AMOUNT_ROWS = (SUBTOTALS, USED_CLASSES, TOTAL_ONLY)  # the nine tables of amounts (not the 绩效 forms)
TWO_SIDED = ("sh1", "sh4")  # 收入 on the left, 支出 on the right

# header word → column meaning (a TableDef column name); a word means a column only in a table whose
# definition has that column
WORDS = {
    "合计": "合计", "总计": "合计", "合计数": "合计",
    "基本支出": "基本支出", "项目支出": "项目支出", "人员经费": "人员经费", "公用经费": "公用经费",
    "财政拨款收入": "财政拨款收入", "财政拨款": "财政拨款收入", "事业收入": "事业收入",
    "事业单位经营收入": "事业单位经营收入", "经营收入": "事业单位经营收入", "其他收入": "其他收入",
    "上年结转": "上年结转", "上年结转结余": "上年结转", "上年结转和结余": "上年结转",
    "上缴上级支出": "上缴上级支出", "经营支出": "经营支出", "事业单位经营支出": "经营支出",
    "对附属单位补助支出": "对附属单位补助支出",
    "一般公共预算": "一般公共预算", "一般公共预算拨款": "一般公共预算", "一般公共预算资金": "一般公共预算",
    "政府性基金": "政府性基金", "政府性基金预算": "政府性基金", "政府性基金预算拨款": "政府性基金",
    "国有资本经营预算": "国有资本经营预算", "国有资本经营预算拨款": "国有资本经营预算",
    "因公出国(境)费": "因公出国（境）费", "因公出国(境)费用": "因公出国（境）费",
    "公务用车购置及运行费": "公务用车购置及运行费", "小计": "公务用车购置及运行费",
    "公务用车购置费": "公务用车购置费", "购置费": "公务用车购置费",
    "公务用车运行费": "公务用车运行费", "运行费": "公务用车运行费", "公务用车运行维护费": "公务用车运行费",
    "公务接待费": "公务接待费",
    "机关运行经费": "机关运行经费", "机关运行经费预算": "机关运行经费", "机关运行经费预算数": "机关运行经费",
}
LABEL_WORDS = ("类", "款", "项", "项目")  # and any word with 科目, 编码 or 名称 (see _is_label)


@dataclass
class ShTable(ShownTable):
    """A 上海 table as shown: money column j means names[j] (a TableDef column name)."""

    names: tuple[str, ...] = ()
    unit: str = "元"
    definition: TableDef | None = None
    set_name: str = ""
    unknown: tuple[str, ...] = ()  # header words over amounts that mean none of the definition's columns

    def col(self, name: str) -> int | None:
        return self.names.index(name) if name in self.names else None

    def rows_at(self, level: str) -> list[ShownRow]:
        return [r for r in self.rows if r.level == level]


def _plain(text) -> str:
    """A title or header word as compared: NFKC, no spaces, no quotes."""
    return re.sub(r"[“”\"'‘’「」]", "", norm(text))


@lru_cache(maxsize=1)
def _titles() -> tuple[tuple[str, TableDef, str], ...]:
    """(plain title, definition, set name) of every 上海 table, longest first."""
    out = [(_plain(t.title), t, ts.name) for ts in SH_SETS for t in ts.tables if t.rows in AMOUNT_ROWS]
    out += [(_plain(ts.title(key, 0)[:2] + alias), ts.table(key), ts.name) for ts in SH_SETS
            for key, alias in TITLE_VARIANTS]
    return tuple(sorted(out, key=lambda x: -len(x[0])))


# titles printed otherwise by some districts or platforms (部门/单位 in front, as the set's own)
TITLE_VARIANTS = (("sh9", "“三公”经费和机关运行费预算表"), ("sh4", "财政拨款收支总表"), ("sh1", "收支预算总表"))


def title_of(sheet: SheetGrid) -> tuple[TableDef, str] | None:
    """(definition, set name) of a sheet holding a 上海 table: its title in the sheet name or in a
    cell of its top rows (with or without the year); None otherwise."""
    if sheet.name == spec.NARRATIVE_SHEET:
        return None
    texts = [_plain(sheet.name)]
    for row in sheet.rows[:TITLE_ROWS]:
        texts += [_plain(v) for v in row if isinstance(v, str) and len(v) <= 80]
    for text in texts:
        for title, d, set_name in _titles():
            if title in text:
                return d, set_name
    return None


def shanghai_sheets(grid: Grid | None) -> dict[str, tuple[TableDef, str, SheetGrid]]:
    """key (sh1 … sh9) → (definition, set name, sheet) of the 上海 tables in a workbook (the first
    sheet of each)."""
    out: dict = {}
    for sheet in (grid.sheets.values() if grid is not None else ()):
        found = title_of(sheet)
        if found is not None and found[0].key not in out:
            out[found[0].key] = (found[0], found[1], sheet)
    return out


def read_shanghai(grid: Grid | None) -> dict[str, ShTable]:
    """key → the 上海 table as shown, for every 上海 sheet of the workbook."""
    found = {key: _read(grid.file, d, set_name, sheet) for key, (d, set_name, sheet) in shanghai_sheets(grid).items()}
    units = [st.unit for st in found.values() if st.unit]
    usual = max(set(units), key=units.count) if units else "元"
    for st in found.values():
        st.unit = st.unit or usual  # a sheet that prints no unit is taken in the others' unit
    return found


def _read(file: str, d: TableDef, set_name: str, sheet: SheetGrid) -> ShTable:
    header = _header_rows(sheet)
    st = ShTable(d.key, sheet.name, file, (), expected=_expected(d, sheet), unit=_unit(sheet, header),
                 definition=d, set_name=set_name)
    if header is None:
        return st
    first, body = header
    stacks = _stacks(sheet, first, body)
    if d.key in TWO_SIDED:
        _read_two_sided(st, sheet, stacks, body)
    else:
        _read_coded(st, sheet, stacks, body)
    return st


def _expected(d: TableDef, sheet: SheetGrid) -> Table:
    """What messages name the table by (the sheet's own number, else its name) and the header words
    a reader looks for (STR-51)."""
    m = re.match(r"表\s*(\d{1,2}?)(?=\s|\d{4}年|\D|$)", unicodedata.normalize("NFKC", sheet.name).strip())
    cells = [norm(v) for row in sheet.rows[:TITLE_ROWS] for v in row if isinstance(v, str)]
    number = f"表{m.group(1)}" if m else next((c for c in cells if re.fullmatch(r"表\d+", c)), f"「{sheet.name}」")
    if d.key in TWO_SIDED:
        words = ("项目", "预算数", "项目") + (d.columns or ("预算数",))
    else:
        words = ("科目编码", "科目名称") + d.columns if d.columns and d.key != "sh9" else d.columns
    return Table(d.key, d.title, number, "", (words,), (), ())


def _unit(sheet: SheetGrid, header) -> str:
    """「单位：元」 / 「金额单位：万元」 above the header ("" when the sheet prints none)."""
    last = header[1] if header else TITLE_ROWS
    for row in sheet.rows[:last]:
        for v in row:
            m = re.search(r"单位[:：](万元|元|亿元)(?![\u4e00-\u9fff])", norm(v))
            if m:
                return m.group(1)
    return ""


def _meaning(word: str, d: TableDef) -> str | None:
    name = WORDS.get(word)
    return name if name in d.columns else None


def _is_label(word: str) -> bool:
    return word in LABEL_WORDS or any(x in word for x in ("科目", "编码", "名称"))


def _header_rows(sheet: SheetGrid) -> tuple[int, int] | None:
    """(first header row, first body row): the header is the rows with column words (any table's:
    a group's parts are header too) or label words, before the first amount."""
    first = last = None
    for r, row in enumerate(sheet.rows[:HEADER_SCAN]):
        words = [_plain(v) for v in row if isinstance(v, str)]
        if any(isinstance(as_amount(v), Decimal) for v in row if not isinstance(v, str)) or \
                any(isinstance(as_amount(v), Decimal) and not re.fullmatch(r"\d{3,7}", _plain(v)) for v in row
                    if isinstance(v, str) and v.strip()):
            break
        meaningful = [w for w in words if w and (w in WORDS or _is_label(w) or w == "预算数")]
        if meaningful and any(w not in ("合计", "总计") for w in meaningful):
            first = r if first is None else first
            last = r
        elif first is not None or any(re.fullmatch(r"\d{3}(\d{2}){0,2}", norm(v)) for v in row):
            break  # the header is one block; a 合计 or 科目 row (blank amounts: 30212 因公出国…) is body
    return None if last is None else (first, last + 1)


def _stacks(sheet: SheetGrid, first: int, body: int) -> list[list[str]]:
    """Per column, its header words top to bottom (a merged header cell counted in every column it
    covers)."""
    width = max((len(sheet.rows[r]) for r in range(first, body)), default=0)
    grid = [[_plain(sheet.cell(r, c)) for c in range(width)] for r in range(first, body)]
    for r1, c1, r2, c2 in sheet.merged:
        if r1 < first or r1 >= body:
            continue
        text = _plain(sheet.cell(r1, c1))
        for r in range(r1, min(r2, body - 1) + 1):
            for c in range(c1, min(c2, width - 1) + 1):
                grid[r - first][c] = grid[r - first][c] or text
    return [[grid[i][c] for i in range(len(grid))] for c in range(width)]


def _column_names(d: TableDef, stacks, cols) -> tuple[list[tuple[int, str]], list[str]]:
    """([(column, meaning)], [words over columns that mean nothing known]) for `cols`: the lowest
    header word of a column that names one of the definition's columns."""
    named, unknown = [], []
    for c in cols:
        words = [w for w in stacks[c] if w]
        # the lowest word that names a column; a column named for another table (一般公共预算 under
        # 表2's 财政拨款收入) is a part of its group, not the group
        lowest = next((w for w in reversed(words) if w in WORDS), None)
        name = _meaning(lowest, d) if lowest else None
        if name and name not in (n for _, n in named):
            named.append((c, name))
        elif named and words and not any(_is_label(w) for w in words):
            unknown.append(words[-1])  # right of the amounts, a column the definition does not have
    return named, unknown


def _read_coded(st: ShTable, sheet: SheetGrid, stacks, body: int) -> None:
    """表2, 表3, 表5 … 表8 (code and name columns, then amounts) and 表9 (amounts only)."""
    d = st.definition
    named, unknown = _column_names(d, stacks, range(len(stacks)))
    if not any(n == "合计" for _, n in named):
        return  # the header is not understood: STR-51
    first_money = min(c for c, _ in named)
    st.money_cols, st.names, st.unknown = tuple(c for c, _ in named), tuple(n for _, n in named), tuple(unknown)
    for r in range(body, len(sheet.rows)):
        raw = sheet.rows[r]
        values = tuple(as_amount(sheet.cell(r, c)) for c in st.money_cols)
        labels = tuple(norm(sheet.cell(r, c)) for c in range(first_money))
        if not any(isinstance(v, Decimal) for v in values) and not any(x in ("合计", "总计") for x in labels):
            continue  # a note (本表无数据, 注：…) or a header repeated on a new page
        row = ShownRow(r, labels, values, tuple(raw))
        row.key, row.level = _code_key(labels, d)
        st.rows.append(row)


def _code_key(labels: tuple[str, ...], d: TableDef) -> tuple[tuple, str]:
    """(key, level) of a 科目 row: the code from the digit cells (split parts padded: 5 → 05)."""
    parts = [x for x in labels if x.isascii() and x.isdigit()]
    if not parts:  # 「2080505 机关事业单位基本养老保险缴费支出」 in one cell
        m = next((m for x in labels if (m := CODE_AND_NAME.match(x))), None)
        parts = [m.group(1)] if m else []
    if any(x in ("合计", "总计") for x in labels) or (d.rows == TOTAL_ONLY and not any(labels)):
        return ("total",), "total"  # 表9 prints the publisher's total without a label
    if not parts:
        return (("unit", labels[-1]), "unit") if d.rows == TOTAL_ONLY and labels[-1:] != ("",) else ((), "")
    code = parts[0] + "".join(p.zfill(2) for p in parts[1:])
    level = {3: "class", 5: "kuan", 7: "item"}.get(len(code), "")
    return ("code", code), level


CODE_AND_NAME = re.compile(r"^(\d{3}(?:\d{2}){0,2})(?=[^\d])")


def _read_two_sided(st: ShTable, sheet: SheetGrid, stacks, body: int) -> None:
    """表1, 表4: 项目 | 预算数 on the left; 项目 | 预算数 (表4: 合计 and one column per fund) on the right."""
    d = st.definition
    items = [c for c, s in enumerate(stacks) if "项目" in s]
    if len(items) < 2:
        return
    left, right = items[0], items[1]
    right_cols = list(range(right + 1, len(stacks)))
    if d.columns:
        named, unknown = _column_names(d, stacks, right_cols)
        if not any(n == "合计" for _, n in named):
            named = [(right + 1, "合计")] if right + 1 < len(stacks) and "预算数" in stacks[right + 1] else []
    else:
        named, unknown = ([(right + 1, "支出")] if right + 1 < len(stacks) else []), []
    if not named or left + 1 >= right:
        return
    st.money_cols = (left + 1,) + tuple(c for c, _ in named)
    st.names, st.unknown = ("收入",) + tuple(n for _, n in named), tuple(unknown)
    width = len(st.money_cols)
    for r in range(body, len(sheet.rows)):
        raw = tuple(sheet.rows[r])
        lhs, rhs = norm(sheet.cell(r, left)), norm(sheet.cell(r, right))
        values = [as_amount(sheet.cell(r, c)) for c in st.money_cols]
        if lhs:
            st.rows.append(ShownRow(r, (lhs,), (values[0],) + (None,) * (width - 1), raw, _income_key(lhs), "in"))
        if rhs:
            key = _spend_key(rhs)
            st.rows.append(ShownRow(r, (rhs,), (None,) + tuple(values[1:]), raw, key,
                                    "class" if key[0] == "class" else "out"))


INCOME_WORDS = (  # the first word found names the line (事业单位经营收入 before 事业收入, 使用非财政拨款结余
    # before 财政拨款)
    ("收入总计", "grand"), ("本年收入合计", "year"), ("收入合计", "year"), ("上年结转", "carry"),
    ("结余", "surplus"), ("财政拨款", "fiscal"), ("一般公共预算", "general"), ("政府性基金", "fund"),
    ("国有资本经营", "soe"), ("经营收入", "operating"), ("事业收入", "business"), ("其他收入", "other"))
SPEND_WORDS = (("支出总计", "grand"), ("本年支出合计", "year"), ("支出合计", "year"), ("结转下年", "carry_next"),
               ("年末结转", "carry_next"))


def _income_key(label: str) -> tuple:
    return ("in", next((k for w, k in INCOME_WORDS if w in label), label))


def _spend_key(label: str) -> tuple:
    for w, k in SPEND_WORDS:
        if w in label:
            return ("out", k)
    name = re.sub(r"^[一二三四五六七八九十百零〇]+[、.．]", "", label)
    return ("class", class_codes().get(name, name))


@lru_cache(maxsize=1)
def class_codes() -> dict[str, str]:
    """支出功能分类 类 name → code (「社会保障和就业支出」→ 208): the 28 类 of 表1, then the loaded list."""
    from ..reference.codes import codebook, expenditure_classes

    listed = {norm(c.name): c.code for c in expenditure_classes()}
    return {norm(e.name): e.code for e in codebook("function") if len(e.code) == 3} | listed


def names_of(st: ShTable) -> dict[str, str]:
    """code → name of the 类/款/项 rows of a coded table (for messages and for 表1's 类 by name)."""
    return {r.key[1]: (r.labels[-1] if r.labels and not r.labels[-1].isdigit() else r.key[1])
            for r in st.rows if r.key[:1] == ("code",)}

