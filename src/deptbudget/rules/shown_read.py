"""A workbook that holds only the summary tables (公开表): the exported 公开表.xlsx, a 预算管理一体化
system export, or tables typed from a published document (sheets 表1 … 表7).

There are no input lines to align the shown rows with (rules/sheets.py aligns them with the tables
recomputed from the lines), so each row is keyed by its own labels — the same keys the recomputed
tables use ("func", 项 code, unit), ("unit", code), ("econ", 款 code, unit), ("class", 类) … — and
the rules that compare the shown tables with each other (ARI, XT) work on such a workbook too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..core.model import Budget, CellRef, Department
from ..io.grid import Grid
from ..template import spec
from .context import PUBLISHED
from .sheets import ShownTable, norm, present_table_sheets, read_shown
from .shown_sh_read import read_shanghai, shanghai_sheets

FUNC_TABLES = ("t1_1", "t1_2", "t3", "t3_2", "t4", "t5")  # labels: 类, 款, 项, 单位代码, 名称
ECON_TABLES = ("t2_1", "t3_1")  # labels: 类, 款, 经济分类/单位代码, 名称
SANGONG_TABLES = ("t3_3", "t4_1")  # labels: 单位编码, 名称
UNREFINED = "项目支出未细化到经济分类"
INPUT_SHEET_NAMES = (spec.INFO_SHEET,) + tuple(s.name for s in spec.INPUT_SHEETS)


def is_published(grid: Grid | None) -> bool:
    """Only summary tables: no input sheet of the template, at least one 表 sheet (四川 or 上海)."""
    if grid is None or any(grid.sheet(name) is not None for name in INPUT_SHEET_NAMES):
        return False
    return bool(present_table_sheets(grid)) or bool(shanghai_sheets(grid))


def read_published_budget(grid: Grid | None, budget: Budget | None, findings: list) -> tuple:
    """(budget, findings) of a read: for a 公开表 workbook (no budget read, only 表 sheets) the
    budget of published_budget, without the reader's 「缺少工作表」 for the input sheets."""
    if budget is not None or not is_published(grid):
        return budget, findings
    kept = [f for f in findings if not (f.code == "STR-01" and f.params.get("sheet") in INPUT_SHEET_NAMES)]
    return published_budget(grid), kept


def published_budget(grid: Grid) -> Budget:
    """The budget of a 公开表 workbook: no units and no lines (the rules read the shown tables), the
    department and year as the tables' headings give them, the pasted 情况说明."""
    from ..template.reader import read_narrative

    name, year, ref = "", 0, CellRef(grid.file, "", "")
    sheets = list(present_table_sheets(grid).values()) + [s.name for _, _, s in shanghai_sheets(grid).values()]
    for sheet_name in sheets:
        sheet = grid.sheet(sheet_name)
        for r, row in enumerate(sheet.rows[:6]):
            for c, v in enumerate(row):
                text = re.sub(r"(?:金额)?单位[:：](?:万元|元|亿元)$", "", norm(v))  # 「编制部门：… 单位：元」
                m = re.match(r"(?:编制)?(?:部门|单位)(?:名称)?[:：](.+?)(?:[（(](?:部门|单位)[）)])?$", text)
                if m and not name:
                    name, ref = m.group(1), CellRef(grid.file, sheet.name, f"{chr(65 + c)}{r + 1}")
                m = re.search(r"((?:19|20)\d{2})年", text)
                if m and not year:
                    year = int(m.group(1))
    return Budget(Department("", name, year, form=PUBLISHED, ref=ref), narrative=read_narrative(grid))


@lru_cache(maxsize=1)
def layouts() -> dict:
    """The tables' layouts (headers, columns, the 类 rows of 表1/表2), built from an empty budget."""
    from ..fill.sangong import table_3_3, table_4_1
    from ..rollup.tables import build_tables
    from ..rollup.tree import build_tree

    tree = build_tree(Budget(Department("", "", 0)))
    return {**build_tables(tree), "t3_3": table_3_3(tree), "t4_1": table_4_1(tree)}


def read_published(grid: Grid) -> dict[str, ShownTable]:
    """key → the shown table of every 表 sheet present, each row keyed by its own labels (the 上海
    tables under their own keys sh1 … sh9, read by shown_sh_read)."""
    out = {}
    for key, layout in layouts().items():
        shown = read_shown(grid, layout)
        if shown is None:
            continue
        for row in shown.rows:
            row.key, row.level = (), ""
        keyer = KEYERS.get(key)
        if keyer is not None:
            keyer(shown)
        out[key] = shown
    return out | read_shanghai(grid)


def _digits(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _key_func(st: ShownTable) -> None:
    """表1-1, 表1-2, 表3, 表3-2, 表4, 表5: 合计, the department row (no label), a unit row (its
    name; its code from the 项 rows under it, or in the unit column), 项 rows (类 款 项 codes,
    split or written whole), 表3-2's 项 subtotal (a name over its project rows)."""
    pending: list = []  # name-only rows waiting for the unit/项 of the next coded row
    unit = None
    for row in st.rows:
        cls, kuan, item, code_unit, name = (row.labels + ("",) * 5)[:5]
        code = cls + _two(kuan) + _two(item) if len(cls) == 3 else cls + kuan + item
        if not code and not code_unit and name == "合计":
            row.key, row.level = ("total",), "total"
        elif not any(row.labels):
            row.key, row.level = ("dept",), "dept"
        elif _digits(code) and len(code) == 7:
            unit = code_unit or unit
            _settle(st, pending, code, unit)
            pending = []
            if st.key == "t3_2":
                row.key, row.level = ("project", unit, name), "detail"
            else:
                row.key, row.level = ("func", code, unit), "detail"
        elif not code and _digits(code_unit) and name:
            unit = code_unit
            row.key, row.level = ("unit", unit), "unit"
            pending = []
        elif name and not code:
            pending.append(row)


def _two(part: str) -> str:
    """款/项 typed as a number (01 → 1): two digits again."""
    return part.zfill(2) if _digits(part) and len(part) == 1 else part


def _settle(st: ShownTable, pending: list, code: str, unit) -> None:
    """Name-only rows before a coded row: 表3-2's last one is the 项 subtotal, the others units."""
    if st.key == "t3_2" and pending:
        pending[-1].key, pending[-1].level = ("func", code, unit), "kuan"
        pending = pending[:-1]
    for row in pending:
        row.key, row.level = ("unit", unit), "unit"


def _key_econ(st: ShownTable) -> None:
    """表2-1, 表3-1: 合计, the department row, unit rows (6-digit code), 类 rows (301 工资福利支出),
    款 rows (30101 基本工资), and the line of project spending not refined to 经济分类."""
    unit = None
    for row in st.rows:
        cls, kuan, code, name = (row.labels + ("",) * 4)[:4]
        if not code and name == "合计":
            row.key, row.level = ("total",), "total"
        elif not any(row.labels):
            row.key, row.level = ("dept",), "dept"
        elif name == UNREFINED:
            row.key, row.level = ("unrefined", unit), "note"
        elif _digits(code) and len(code) == 5:
            row.key, row.level = ("econ", code, unit), "detail"
        elif _digits(code) and len(code) == 3 and not cls and _is_econ_class(code, name):
            row.key, row.level = ("econ_class", code, unit), "class"
        elif _digits(code) and name:
            unit = code
            row.key, row.level = ("unit", unit), "unit"


@lru_cache(maxsize=64)
def _is_econ_class(code: str, name: str) -> bool:
    """301 工资福利支出 is an 经济分类 类 (its name as the code list gives it); a department coded
    301 is not."""
    from ..reference.codes import codebook

    listed = codebook("econ").name(code)
    return listed is not None and norm(listed) == name


def _key_sangong(st: ShownTable) -> None:
    """表3-3, 表4-1: 合计, the department row, a row per unit (its code)."""
    for row in st.rows:
        code, name = (row.labels + ("",) * 2)[:2]
        if not code and name == "合计":
            row.key, row.level = ("total",), "total"
        elif not any(row.labels):
            row.key, row.level = ("dept",), "dept"
        elif _digits(code):
            row.key, row.level = ("unit", code), "unit"


def _key_summary(st: ShownTable) -> None:
    """表1, 表2: a 类 row by the 支出 label (the numbering 「八、」 stripped), the totals by their
    words on either side."""
    classes = _class_names(st.key)
    for row in st.rows:
        left, right = (row.labels + ("", ""))[:2]
        words = left + "|" + right
        if "收入总计" in words or "支出总计" in words:
            row.key = ("grand_total",)
        elif "本年收入" in words or "本年支出" in words:
            row.key = ("year_total",)
        elif (code := classes.get(_bare(right))) is not None:
            row.key = ("class", code)
        elif st.key == "t1" and "上年结转" in left:
            row.key = ("carry",)
        row.level = "total" if row.key[-1:] in (("grand_total",), ("year_total",)) else "detail"


@lru_cache(maxsize=4)
def _class_names(key: str) -> dict[str, str]:
    layout = layouts()[key]
    col = next(j for j, c in enumerate(layout.cols) if j > 0 and c.kind != "money")
    return {_bare(norm(r.values[col])): r.key[1] for r in layout.rows if r.key[:1] == ("class",)}


def _bare(label: str) -> str:
    """「八、社会保障和就业支出」→「社会保障和就业支出」."""
    return re.sub(r"^[一二三四五六七八九十百零〇]+[、.．]", "", label)


KEYERS = {**dict.fromkeys(FUNC_TABLES, _key_func), **dict.fromkeys(ECON_TABLES, _key_econ),
          **dict.fromkeys(SANGONG_TABLES, _key_sangong), "t1": _key_summary, "t2": _key_summary}


def income_cells(st: ShownTable) -> dict[tuple[str, str], tuple]:
    """(section, fund) → (row, money column 0) of the 收入 lines of 表1/表2: section 本年 or
    上年结转, fund general / fund / soe (the other incomes of 表1 under 本年 with their own names)."""
    out, section = {}, "本年"
    for row in st.rows:
        left = row.labels[0] if row.labels else ""
        if "上年结转" in left:
            section = "上年结转"
            out.setdefault((section, "total"), (row, 0))
            continue
        for word, fund in (("一般公共预算", "general"), ("政府性基金", "fund"), ("国有资本经营", "soe")):
            if word in left and "收入" in left:
                out.setdefault((section, fund), (row, 0))
        for word in NON_FISCAL:
            if word in left:
                out.setdefault((section, word), (row, 0))
    return out


NON_FISCAL = ("事业收入", "事业单位经营收入", "其他收入")  # 表1's incomes that are not 财政拨款
