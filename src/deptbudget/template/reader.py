"""Grid → Budget. Sheets are found by name, columns by header text, so inserted rows or
columns do not matter. Problems become findings with the cell they concern; the reader never
raises for a user's content."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import compress

from ..core.findings import Finding
from ..core.model import (
    Budget,
    CellRef,
    Department,
    DeptTask,
    ExpenseLine,
    Fact,
    Income,
    Indicator,
    PriorYear,
    Project,
    ProjectCategory,
    Source,
    SpendKind,
    Unit,
    UnitKind,
)
from ..core.text import visible
from ..io.grid import Grid, SheetGrid, a1, is_blank
from ..io.xlsx_formats import hides
from . import spec
from .cellcheck import ENTRY_WAN, EntryUnit, entry_unit, finding, parse_amount, parse_code, parse_text
from .rows import UNCACHED, Record, Rows  # noqa: F401 (UNCACHED: what a formula without a result reads as)

HEADER_SCAN_ROWS = 30
REQUIRED_SHEETS = {spec.UNITS.name, spec.INCOME.name, spec.BASIC.name, spec.PROJECTS.name,
                   spec.INDICATORS.name}


@dataclass
class ReadState:
    grid: Grid
    findings: list[Finding] = field(default_factory=list)
    info: tuple | None = None  # 基本信息: (sheet, {key: (row, label column)}) as read_info found it
    unit: EntryUnit = ENTRY_WAN  # the 金额单位 the workbook's amounts are entered in (entry_unit)

    def ref(self, sheet: str, r: int | None = None, c: int | None = None) -> CellRef:
        cell = "" if r is None else (a1(r, c) if c is not None else f"{r + 1}:{r + 1}")
        return CellRef(self.grid.file, sheet, cell)


def norm(text) -> str:
    """Header/sheet-name comparison: NFKC, no spaces."""
    try:
        return _norm(text)
    except TypeError:  # unhashable: not cached
        return _norm.__wrapped__(text)


@lru_cache(maxsize=8192, typed=True)  # the same few labels and choices come back on every row
def _norm(text) -> str:
    return unicodedata.normalize("NFKC", str(text or "")).replace(" ", "").replace("\u3000", "").strip()


# -- sheets and headers ------------------------------------------------------

def reads_sheet(name: str) -> bool:
    """Whether read_budget may use a sheet of this name (as named, or as a renamed input sheet,
    matched as find_sheet does): the rest of a workbook (code lists, summaries) need not be read."""
    return name in _READ_NAMES or _sheet_key(name) in _read_keys()


def reads_for_summary(name: str) -> bool:
    """Whether read_budget(summary_only=True) may use a sheet: the summary tables (表1–表5) need
    neither the performance sheets nor the narrative."""
    return reads_sheet(name) and _sheet_key(name) not in _performance_keys()


_READ_NAMES = frozenset((spec.INFO_SHEET, spec.NARRATIVE_SHEET, *(s.name for s in spec.INPUT_SHEETS)))
PERFORMANCE_SHEETS = (spec.INDICATORS, spec.DEPT_TASKS, spec.DEPT_INDICATORS)


@lru_cache(maxsize=1)
def _read_keys() -> frozenset:
    return frozenset(_sheet_key(n) for n in _READ_NAMES if n != spec.NARRATIVE_SHEET)


@lru_cache(maxsize=1)
def _performance_keys() -> frozenset:
    return frozenset(_sheet_key(s.name) for s in PERFORMANCE_SHEETS) | {_sheet_key(spec.NARRATIVE_SHEET)}


def find_sheet(st: ReadState, name: str, required: bool) -> SheetGrid | None:
    """The sheet of this name, else the one named like it: same name but for spaces/full-width
    forms, symbols or emoji, a trailing 表, or a copy such as 「基本支出 (2)」; never a different
    sheet that merely contains the name (「表3-1 一般公共预算基本支出预算表」). Other sheets named
    like it are never ignored silently (_ambiguous)."""
    wanted = _sheet_key(name)
    similar = [n for n in st.grid.sheets if n != name and _sheet_key(n) == wanted]  # names only: no parse
    sheet = st.grid.sheet(name)
    if sheet is None and similar:
        sheet = st.grid.sheet(similar.pop(0))
        st.findings.append(finding("STR-06", st.ref(sheet.name), sheet=name, found=sheet.name))
    if sheet is None:
        if required:
            st.findings.append(finding("STR-01", st.ref(name), sheet=name))
        return None
    for other in similar:
        _ambiguous(st, sheet, st.grid.sheet(other))
    return sheet


def _ambiguous(st: ReadState, sheet: SheetGrid, other: SheetGrid) -> None:
    """A second sheet named like the one read: an 错误 when the one read is hidden and the other
    is what the user sees (an edited copy of a hidden original), else a 警告."""
    if not sheet.visible and other.visible:
        st.findings.append(finding("STR-41", st.ref(sheet.name), sheet=sheet.name, copy=other.name))
    else:
        st.findings.append(finding("STR-42", st.ref(other.name), sheet=sheet.name, other=other.name))


# 「基本支出 (2)」「基本支出（修改）」「基本支出 - 副本」「基本支出_2」(LibreOffice's copy)
_COPY_SUFFIX = re.compile(r"(?:[(（][^()（）]*[)）]|[-_－—]*(?:副本|拷贝|复制)[(（]?\d*[)）]?|_\d+)$")


@lru_cache(maxsize=1024)
def _sheet_key(name: str) -> str:
    return re.sub(r"[^\w]", "", _COPY_SUFFIX.sub("", norm(name))).removesuffix("表")


def find_header(sheet: SheetGrid, wanted: spec.InputSheet) -> tuple[int, dict[str, int]] | None:
    """Header row index and column key → index, matching header texts anywhere in the first rows."""
    names = {norm(c.header): c.key for c in wanted.columns}
    best = None
    for r, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        cols = {}
        for c, v in enumerate(row):
            key = names.get(norm(v).split("（")[0]) or names.get(norm(v))
            if key and key not in cols:
                cols[key] = c
        if len(cols) >= 2 and (best is None or len(cols) > len(best[1])):
            best = (r, cols)
            if len(cols) == len(names):
                break  # every column found: no later row can match more
    return best


def records(st: ReadState, wanted: spec.InputSheet, required: bool = True) -> list[Record]:
    rows = read_rows(st, wanted, required)
    return [] if rows is None else rows.records()


def read_rows(st: ReadState, wanted: spec.InputSheet, required: bool = True) -> Rows | None:
    """An input sheet's data rows, found by name and header; None (and a finding) if it cannot be read."""
    sheet = find_sheet(st, wanted.name, required)
    if sheet is None:
        return None
    found = find_header(sheet, wanted)
    if found is None:
        st.findings.append(finding("STR-02", st.ref(sheet.name), sheet=sheet.name, column="（表头行）"))
        return None
    hr, cols = found
    twice = _repeated_headers(sheet, hr, wanted, cols)
    for key, first, second in twice:
        ref = st.ref(sheet.name, hr, second)
        st.findings.append(finding("STR-40", ref, sheet=sheet.name, column=wanted.col(key).header,
                                   first=a1(hr, first), second=a1(hr, second)))
    if twice:
        return None
    missing = [c for c in wanted.columns if c.required and c.key not in cols and c.kind != "formula"]
    for c in missing:
        st.findings.append(finding("STR-02", st.ref(sheet.name, hr, 0), sheet=sheet.name, column=c.header))
    if missing:
        return None
    _sheet_layout(st, sheet, hr, set(cols.values()))
    if st.grid.hidden_by_format is not None:
        _hidden_by_format(st, sheet, hr, set(cols.values()))
    return Rows(st, sheet, hr, wanted, cols)


def _hidden_by_format(st: ReadState, sheet: SheetGrid, header_row: int, read_cols: set[int]) -> None:
    """STR-44 for a value in a read cell whose number format shows nothing (「;;;」)."""
    for (r, c), code in sorted(st.grid.hidden_by_format(sheet.name).items()):
        v = sheet.cell(r, c)
        if r > header_row and c in read_cols and not is_blank(v) and hides(code, v):
            st.findings.append(finding("STR-44", st.ref(sheet.name, r, c), format=code, value=visible(str(v)[:30])))


def _repeated_headers(sheet: SheetGrid, hr: int, wanted: spec.InputSheet, cols: dict[str, int]):
    """(key, first column, second column) for each read column whose heading the header row
    has twice (「金额」 and 「金额（万元）」): which one counts cannot be guessed."""
    names = {norm(c.header): c.key for c in wanted.columns if c.kind != "formula"}
    out = []
    for c, v in enumerate(sheet.rows[hr]):
        key = names.get(norm(v).split("（")[0]) or names.get(norm(v))
        if key and cols.get(key, c) != c:
            out.append((key, cols[key], c))
    return out


def _sheet_layout(st: ReadState, sheet: SheetGrid, header_row: int, read_cols: set[int]) -> None:
    """A hidden input sheet, merged cells spanning input rows, and values hidden under a merge."""
    if not sheet.visible:
        st.findings.append(finding("STR-30", st.ref(sheet.name), sheet=sheet.name))
    for r1, c1, r2, c2 in sheet.merged:
        cells = f"{a1(r1, c1)}:{a1(r2, c2)}"
        ref = CellRef(st.grid.file, sheet.name, cells)
        if r2 > r1 and r2 > header_row:
            st.findings.append(finding("STR-32", ref, range=cells, rows=r2 - max(r1, header_row + 1) + 1))
        elif r1 > header_row:  # across columns in one input row: the cells right of the first are hidden
            for c in range(c1 + 1, c2 + 1):
                v = sheet.cell(r1, c)
                if c in read_cols and not is_blank(v):
                    st.findings.append(finding("STR-43", st.ref(sheet.name, r1, c), range=cells, cell=a1(r1, c),
                                               value=visible(str(v)[:30])))


def choice(st: ReadState, rec: Record, key: str, enum, column: str):
    value = rec.values.get(key) or ""
    if not value:
        return None
    member = _member(enum, value)
    if member is not None:
        return member
    choices = "、".join(m.value for m in enum)
    st.findings.append(finding("STR-08", rec.ref(key), column=column, value=visible(value[:30]), choices=choices))
    return None


@lru_cache(maxsize=4096)  # the same few choices on every row
def _member(enum, value: str):
    return _members(enum).get(norm(value))


@lru_cache(maxsize=None)
def _members(enum) -> dict:
    """norm(value) → the first member with that normalized value."""
    out: dict = {}
    for member in enum:
        out.setdefault(norm(member.value), member)
    return out


# -- 基本信息 ------------------------------------------------------------------

def read_info(st: ReadState) -> dict:
    sheet = find_sheet(st, spec.INFO_SHEET, True)
    facts: dict = {}
    if sheet is None:
        return facts
    labels = {norm(label): key for label, key, _ in spec.INFO_KEYS}
    cells = {}
    for r, row in enumerate(sheet.rows[:200]):
        for c, v in enumerate(row[:-1]):
            key = labels.get(norm(v))
            if key and key not in facts:
                facts[key] = row[c + 1]
                facts["_ref_" + key] = st.ref(sheet.name, r, c + 1)
                cells[key] = (r, c)
    st.info = (sheet, cells)
    return facts


def own_unit(dept: Department, known) -> str:
    """Whose are a workbook's 基本信息 and its 上年数 rows without a unit code: the unit's in a unit
    workbook (form 单位, one unit), else the department's own."""
    return next(iter(known)) if dept.form.startswith("单位") and len(known) == 1 else ""


def read_facts(st: ReadState, raw: dict, dept: Department, known) -> tuple[Fact, ...]:
    """基本信息 → facts. The value column is the workbook's own (own_unit); in a department
    workbook a column headed by a unit code holds that unit's facts (as the roll-up writes them)."""
    owner = own_unit(dept, known)
    out = []
    for label, key, _ in spec.INFO_KEYS:
        kind = spec.FACT_KINDS.get(key)
        value = _fact_value(st, raw.get(key), kind, raw.get("_ref_" + key), label)
        if value is not None:
            out.append(Fact(owner if kind else "", key, value, raw["_ref_" + key]))
    if is_blank(raw.get("money_unit")):  # every workbook tells its unit (rollup.facts.entry_units)
        out.append(Fact("", "money_unit", st.unit.name, raw.get("_ref_money_unit") or st.ref(spec.INFO_SHEET)))
    return tuple(out) + _unit_facts(st, known)


def _unit_facts(st: ReadState, known) -> tuple[Fact, ...]:
    if st.info is None or not st.info[1]:
        return ()
    sheet, cells = st.info
    first = min(r for r, _ in cells.values())
    label_col = min(c for _, c in cells.values())
    columns: dict[int, str] = {}  # column → unit code, from the last header row above the facts
    head = 0
    for r in range(first):
        found = {c: parse_text(v) for c, v in enumerate(sheet.rows[r]) if c > label_col + 1 and not is_blank(v)}
        if found and all(len(code) == 6 and code.isdigit() for code in found.values()):
            columns, head = found, r
    out, labels = [], {key: label for label, key, _ in spec.INFO_KEYS}
    for c, code in columns.items():
        if code not in known:
            st.findings.append(finding("STR-05", st.ref(sheet.name, head, c), value=code,
                                       detail="未在「单位信息」中登记"))
            continue
        for key, (r, _) in cells.items():
            kind = spec.FACT_KINDS.get(key)
            ref = st.ref(sheet.name, r, c)
            value = _fact_value(st, sheet.cell(r, c), kind, ref, labels[key]) if kind else None
            if value is not None:
                out.append(Fact(code, key, value, ref))
    return tuple(out)


def _fact_value(st: ReadState, raw, kind: str | None, ref: CellRef, label: str):
    """A 基本信息 cell as its kind says: Decimal 万元, int count or text; None when blank or refused
    (with a finding)."""
    if is_blank(raw):
        return None
    if kind == "money":  # numeric text is fine here: no formula sums these cells
        return parse_amount(raw, ref, st.findings, typed=False, unit=st.unit)
    if kind == "count":
        try:
            n = Decimal(str(raw).strip())
            if n == n.to_integral_value() and n >= 0 and not isinstance(raw, bool):
                return int(n)
        except (ArithmeticError, ValueError):
            pass
        st.findings.append(finding("STR-04", ref, field=label, detail=f"「{str(raw)[:20]}」不是非负整数"))
        return None
    return parse_text(raw) or None


def read_department(st: ReadState, facts: dict) -> Department:
    ref = lambda k: facts.get("_ref_" + k, st.ref(spec.INFO_SHEET))  # noqa: E731
    version = parse_text(facts.get("template_version"))
    if version != spec.TEMPLATE_VERSION and st.grid.sheet(spec.INFO_SHEET) is not None:
        st.findings.append(finding("STR-03", ref("template_version"), found=version or "（无版本标记）",
                                   expected=spec.TEMPLATE_VERSION))
    year_raw = facts.get("year")
    try:
        year = int(float(str(year_raw).strip().rstrip("年")))
        if not 2000 <= year <= 2100:
            raise ValueError
    except (TypeError, ValueError):
        year = 0
        if st.grid.sheet(spec.INFO_SHEET) is not None:
            st.findings.append(finding("STR-04", ref("year"), field="预算年度", detail=f"「{year_raw}」不是年份"))
    code = parse_code(facts.get("dept_code"), ref("dept_code"), "部门", st.findings)
    name = parse_text(facts.get("dept_name"))
    for key, label, value in (("dept_code", "部门编码", code), ("dept_name", "部门名称", name)):
        if not value and st.grid.sheet(spec.INFO_SHEET) is not None:
            st.findings.append(finding("STR-04", ref(key), field=label, detail="为空"))
    form = parse_text(facts.get("form")) or "部门"
    return Department(code, name, year, version, form, ref("dept_code"))


# -- the input sheets --------------------------------------------------------

def read_units(st: ReadState, dept: Department) -> tuple[Unit, ...]:
    units = []
    for rec in records(st, spec.UNITS):
        code = rec.values.get("unit") or ""
        if not _valid_unit_code(st, code, rec.ref("unit"), dept):
            continue
        kind = choice(st, rec, "kind", UnitKind, "单位类型")
        units.append(Unit(code, rec.values.get("name", ""), kind,
                          _int(rec.values.get("headcount")), _int(rec.values.get("vehicles")), rec.row_ref))
    return tuple(units)


def _valid_unit_code(st: ReadState, code: str, ref: CellRef, dept: Department) -> bool:
    if not code:
        st.findings.append(finding("STR-05", ref, value="", detail="为空"))
        return False
    if len(code) != 6:
        st.findings.append(finding("STR-05", ref, value=code, detail="应为 6 位数字"))
        return False
    if dept.code and not code.startswith(dept.code):
        st.findings.append(finding("STR-05", ref, value=code, detail=f"不属于部门 {dept.code}（前 3 位应为部门编码）"))
        return False
    return True


def _int(v: Decimal | None) -> int | None:
    return None if v is None else int(v)


def unit_of(st: ReadState, rec: Record, known: dict[str, Unit]) -> str | None:
    code = rec.values.get("unit") or ""
    if not code:
        if len(known) == 1:
            return next(iter(known))
        st.findings.append(finding("STR-05", rec.ref("unit"), value="", detail="为空（部门工作簿每行都要填单位编码）"))
        return None
    if code not in known:
        st.findings.append(finding("STR-05", rec.ref("unit"), value=code, detail="未在「单位信息」中登记"))
        return None
    return code


def read_incomes(st: ReadState, known) -> tuple[Income, ...]:
    out = []
    for rec in records(st, spec.INCOME):
        unit = unit_of(st, rec, known)
        source = choice(st, rec, "source", Source, "收入类别")
        amount = rec.values.get("amount")
        if unit and source and amount is not None:
            out.append(Income(unit, source, amount, rec.ref("amount")))
    return tuple(out)


def read_basic(st: ReadState, known, econ_kind) -> tuple[ExpenseLine, ...]:
    rows = read_rows(st, spec.BASIC)
    if rows is None:
        return ()
    kinds: dict[str, SpendKind] = {}  # econ code → kind, once per code

    def kind(econ: str) -> SpendKind:
        return kinds.setdefault(econ, SpendKind(econ_kind(econ)) if econ else SpendKind.PUBLIC)

    # The usual row (a known row of a registered unit and a valid source) is read straight from
    # its values, without a Record: 基本支出 is most of a workbook's lines.
    usual = rows.fields("unit", "func_code", "econ_code", "source", "amount")
    override = rows.fields("kind_override")  # 指定经费类型, where the sheet has the column
    cells, first, special = rows.cells, rows.first, rows.special
    amount_col = cells.letters["amount"]
    out, entered = [], []  # the lines, and each one's row as entered (for STR-45)
    for i, values in enumerate(rows.known):
        if usual is not None and i not in special and not (override and override(values)):
            unit, func, econ, source, amount = usual(values)
            source = _member(Source, source)
            if unit in known and source is not None:  # what unit_of() and choice() take as they are
                ref = CellRef(cells.file, cells.sheet, f"{amount_col}{first + i + 1}")
                out.append(ExpenseLine(unit, func, econ, kinds.get(econ) or kind(econ), source, amount, "", ref))
                entered.append(values)
                continue
        rec = rows.record(i)
        if rec is None:
            continue
        unit = unit_of(st, rec, known)
        source = choice(st, rec, "source", Source, "资金来源")
        amount, econ = rec.values.get("amount"), rec.values.get("econ_code", "")
        given = _basic_kind(st, rec)
        if unit and source and amount is not None and given is not False:
            out.append(ExpenseLine(unit, rec.values.get("func_code", ""), econ, given or kinds.get(econ) or kind(econ),
                                   source, amount, "", rec.ref("amount")))
            entered.append(tuple(rec.values.values()))
    _repeated_rows(st, entered, out)
    return tuple(out)


_BASIC_KINDS = {SpendKind.PERSONNEL.value: SpendKind.PERSONNEL, SpendKind.PUBLIC.value: SpendKind.PUBLIC}


def _basic_kind(st: ReadState, rec: Record):
    """「指定经费类型」 of a 基本支出 row: the kind, None when blank (the 经济分类 decides), False when
    it is neither 人员经费 nor 公用经费 (STR-08; the line is not counted, as for any invalid choice)."""
    value = rec.values.get("kind_override") or ""
    if not value:
        return None
    found = _BASIC_KINDS.get(norm(value))
    if found is None:
        st.findings.append(finding("STR-08", rec.ref("kind_override"), column="指定经费类型",
                                   value=visible(value[:30]), choices="、".join(_BASIC_KINDS)))
        return False
    return found


PROJECT_DETAILS = ("goal", "period", "total", "supervisor", "implementer")  # per project, not per line


def read_projects(st: ReadState, known) -> tuple[tuple[ExpenseLine, ...], tuple[Project, ...]]:
    lines: list[ExpenseLine] = []
    entered: list[tuple] = []  # each line's row as entered (for STR-45)
    heads: dict[tuple[str, str], dict] = {}
    for rec in records(st, spec.PROJECTS):
        unit = unit_of(st, rec, known)
        source = choice(st, rec, "source", Source, "资金来源")
        amount = rec.values.get("amount")
        name = rec.values.get("project", "")
        if not (unit and source and amount is not None and name):
            continue
        line = ExpenseLine(unit, rec.values.get("func_code", ""), rec.values.get("econ_code", ""),
                           SpendKind.PROJECT, source, amount, name, rec.ref("amount"))
        lines.append(line)
        entered.append(tuple(rec.values.values()))
        head = heads.setdefault((unit, name), {"lines": [], "rec": rec, "category": None, "goal": ""})
        head["lines"].append(line)
        head["category"] = head["category"] or choice(st, rec, "category", ProjectCategory, "项目类别")
        for key in PROJECT_DETAILS:  # the first row that gives one
            if head.get(key) in (None, ""):
                head[key] = rec.values.get(key)
    projects = tuple(
        Project(unit, name, h["lines"][0].func_code, h["category"], sum((l.amount for l in h["lines"]), Decimal(0)),
                h["lines"][0].source, h["goal"] or "", tuple(h["lines"]), h["rec"].row_ref, h["period"] or "",
                h["total"], h["supervisor"] or "", h["implementer"] or "")
        for (unit, name), h in heads.items())
    _repeated_rows(st, entered, lines)
    return tuple(lines), projects


def read_indicators(st: ReadState, known) -> tuple[Indicator, ...]:
    rows = read_rows(st, spec.INDICATORS)
    if rows is None:
        return ()
    # The usual row (a known row of a registered unit) is read straight from its values.
    usual = rows.fields("unit", "project", *_INDICATOR_KEYS)
    file, sheet = rows.cells.file, rows.cells.sheet
    out = []
    for i, values in enumerate(rows.known):
        if usual is not None and i not in rows.special:
            fields = usual(values)
            if fields[0] in known:  # a unit that unit_of() takes as it is
                r = rows.first + i + 1
                out.append(Indicator(*fields, CellRef(file, sheet, f"{r}:{r}")))
                continue
        rec = rows.record(i)
        unit = rec and unit_of(st, rec, known)
        if unit:
            out.append(_indicator(rec, unit, rec.values.get("project", "")))
    return tuple(out)


def _repeated_rows(st: ReadState, entered: list[tuple], lines: list[ExpenseLine]) -> None:
    """STR-45 for a line whose row repeats an earlier one in every entered column (unit, codes,
    source, amount, note…): both count, so a row pasted twice doubles its amount. One set of the
    rows (already tuples) when none repeats; hashes (ints, nothing for the garbage collector to walk)
    find the few to compare when some do."""
    if len(set(entered)) == len(entered):
        return
    hashes = list(map(hash, entered))
    again = {h for h, n in Counter(hashes).items() if n > 1}
    first: dict = {}
    for i in compress(range(len(entered)), map(again.__contains__, hashes)):
        j = first.setdefault(entered[i], i)
        if j != i:
            ref = lines[i].ref
            st.findings.append(finding("STR-45", ref, row=_row(ref), first=_row(lines[j].ref)))


def _row(ref: CellRef) -> str:
    return ref.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


_INDICATOR_KEYS = (  # Indicator's fields after unit and project
    "level1", "level2", "level3", "nature", "value", "measure", "weight", "direction")


def _indicator(rec: Record, unit: str, project: str) -> Indicator:
    v = rec.values
    return Indicator(unit, project, v.get("level1", ""), v.get("level2", ""), v.get("level3", ""),
                     v.get("nature", ""), v.get("value", ""), v.get("measure", ""), v.get("weight"),
                     v.get("direction", ""), rec.row_ref)


def read_prior(st: ReadState, known, dept: Department) -> tuple[PriorYear, ...]:
    """上年数 rows; a blank 单位编码 is the unit's in a unit workbook, the department's own in a
    department workbook (own_unit)."""
    blank, out = own_unit(dept, known), []
    for rec in records(st, spec.PRIOR, required=False):
        unit = rec.values.get("unit") or ""
        if unit and unit not in known:
            st.findings.append(finding("STR-05", rec.ref("unit"), value=unit, detail="未在「单位信息」中登记"))
            continue
        amount = rec.values.get("amount")
        executed = _executed(st, rec)
        if amount is not None and rec.values.get("item") and executed is not None:
            out.append(PriorYear(unit or blank, rec.values["item"], amount, rec.ref("amount"),
                                 rec.values.get("func_code") or "", executed))
    return tuple(out)


def _executed(st: ReadState, rec: Record) -> bool | None:
    """上年数 「口径」: False for 上年预算数 (also blank), True for 上年执行数, None (STR-08) else."""
    value = norm(rec.values.get("basis") or "")
    if value in ("", "上年预算数", "预算数"):
        return False
    if value in ("上年执行数", "执行数"):
        return True
    st.findings.append(finding("STR-08", rec.ref("basis"), column="口径", value=visible(value[:30]),
                               choices="、".join(spec.PRIOR_BASES)))
    return None


def read_dept_goals(st: ReadState):
    tasks = tuple(DeptTask(r.values.get("name", ""), r.values.get("content", ""), r.row_ref)
                  for r in records(st, spec.DEPT_TASKS, required=False))
    inds = tuple(_indicator(r, "", "") for r in records(st, spec.DEPT_INDICATORS, required=False))
    return tasks, inds


def read_narrative(grid: Grid) -> str:
    sheet = grid.sheet(spec.NARRATIVE_SHEET)
    if sheet is None:
        return ""
    return "\n".join(" ".join(str(v) for v in row if not is_blank(v)) for row in sheet.rows).strip()


def read_budget(grid: Grid, econ_kind=None, summary_only: bool = False) -> tuple[Budget | None, list[Finding]]:
    """The whole workbook → (Budget, findings). Budget is None only when nothing usable was found.
    `summary_only`: what the summary tables (表1–表5) use — the performance sheets and the
    narrative are neither read nor checked (the grid need not hold them: see reads_for_summary)."""
    if econ_kind is None:
        from ..reference.codes import spend_kind as econ_kind
    st = ReadState(grid)
    facts = read_info(st)
    st.unit = entry_unit(facts.get("money_unit")) or ENTRY_WAN  # another unit: STR-10's 错误
    dept = read_department(st, facts)
    units = read_units(st, dept)
    known = {u.code: u for u in units}
    if not units:
        return None, st.findings
    incomes = read_incomes(st, known)
    project_lines, projects = read_projects(st, known)
    indicators, (tasks, dept_inds), narrative = ((), ((), ()), "") if summary_only else \
        (read_indicators(st, known), read_dept_goals(st), read_narrative(grid))
    prior = read_prior(st, known, dept)
    # 基本支出 last: the largest sheet, which a lazy grid delivers last, so reading the others
    # overlaps its loading.
    basic = read_basic(st, known, econ_kind)
    from .code_names import code_names

    names = code_names(grid, basic + project_lines, dept.year)  # names the code list lacks: the workbook's
    budget = Budget(dept, units, incomes, basic + project_lines, projects, indicators, tasks, dept_inds,
                    prior, read_facts(st, facts, dept, known) + tuple(Fact("", k, v) for k, v in names.items()),
                    narrative)
    return budget, st.findings
