"""Generate the standardized workbook (单位预算录入表 / 部门工作簿) with openpyxl, empty or
filled from a Budget. Layout comes from template.spec; nothing here decides content."""

from __future__ import annotations

import os

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection
from openpyxl.worksheet.table import Table as XlTable
from openpyxl.worksheet.table import TableStyleInfo

from ..core.model import Budget
from ..core.money import WAN, from_wan
from ..template import spec
from .atomic import atomic_path
from .read import ReadError
from .xlsx_style import (
    BODY_FONT,
    BORDER,
    CALC_FILL,
    CENTER,
    HEADER_FILL,
    HEADER_FONT,
    INPUT_FILL,
    INPUT_MONEY_FORMAT,
    LEFT,
    TEXT_FORMAT,
    TITLE_FONT,
    page_setup,
    put,
    put_formula,
)

HEADER_ROW = 3  # row 1 title, row 2 help text, row 3 headers
EMPTY_ROWS = 200  # blank, formatted input rows in an empty template
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)


def build_workbook(form: str = "部门", budget: Budget | None = None, tables=None) -> Workbook:
    """form: 部门 (department workbook, with summary sheets) or 单位 (one unit's input workbook).
    Amounts are written in the 金额单位 the budget's workbooks declared (元 when all of them did,
    else 万元), and the workbook declares it."""
    from ..rollup.facts import common_entry_unit

    unit = common_entry_unit(budget) if budget else WAN
    wb = Workbook()
    wb.remove(wb.active)
    _info_sheet(wb, form, budget, unit)
    for sheet in spec.INPUT_SHEETS:
        if form == "单位" and sheet in (spec.DEPT_TASKS, spec.DEPT_INDICATORS):
            continue
        _input_sheet(wb, sheet, _rows_for(sheet, budget, unit), unit)
    _check_sheet(wb, budget, unit)
    _settings_sheet(wb)
    _list_sheets(wb, budget.department.year if budget else None)
    _library_sheet(wb)
    if form == "部门" and tables:
        from .xlsx_tables import write_tables_into

        write_tables_into(wb, tables)
    wb.active = 0
    _properties(wb, form)
    return wb


def _properties(wb: Workbook, form: str) -> None:
    """Fixed metadata, so a regenerated template differs only where its content does."""
    from datetime import datetime

    wb.properties.creator = "deptbudget"
    wb.properties.title = f"{spec.TEMPLATE_NAME}（{form}）"
    wb.properties.keywords = spec.TEMPLATE_VERSION
    wb.properties.created = wb.properties.modified = datetime(2024, 1, 1)


def save_workbook(wb: Workbook, path: str | os.PathLike, inputs=()) -> None:
    with atomic_path(path, inputs) as tmp:
        wb.save(tmp)


# -- copies of a user's workbook: every input sheet kept ---------------------------------

STRICT_NS = "http://purl.oclc.org/ooxml/"


class CopyError(ReadError):
    """A workbook openpyxl cannot copy with all its sheets; `reason` is Chinese."""


def listed_sheets(src: str | os.PathLike) -> list[tuple[str, str]]:
    """(name, state) of every sheet the workbook lists (xl/workbook.xml), in order; state is
    visible / hidden / veryHidden. Read from the XML itself, whatever its namespaces."""
    import zipfile

    from defusedxml import ElementTree

    with zipfile.ZipFile(src) as zf:
        root = ElementTree.fromstring(zf.read(_workbook_part(zf)))
    return [(e.get("name", ""), e.get("state", "visible")) for e in root.iter() if _local(e.tag) == "sheet"]


def _workbook_part(zf) -> str:
    import re

    rels = zf.read("_rels/.rels").decode("utf-8", "replace") if "_rels/.rels" in zf.namelist() else ""
    for rel in re.findall(r"<Relationship\b[^>]*>", rels):
        if re.search(r'Type="[^"]*/officeDocument"', rel):
            target = re.search(r'Target="([^"]+)"', rel)
            if target:
                return target.group(1).lstrip("/")
    return "xl/workbook.xml"


def _local(tag) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def load_copy(src: str | os.PathLike, what: str) -> tuple[Workbook, list[tuple[str, str]]]:
    """The workbook to write a copy of (`what`: 标注副本, 填制的工作簿 …) and its listed sheets.
    Refused with CopyError when openpyxl would drop a sheet: Strict Open XML (openpyxl reads none
    of its sheets), macro or dialog sheets, anything else it cannot load."""
    from openpyxl import load_workbook

    name = os.path.basename(os.fspath(src))
    try:
        listed = listed_sheets(src)
        strict = _is_strict(src)
    except Exception:  # noqa: BLE001 — a package we cannot even list is not copied
        raise CopyError(f"无法打开 {name} 写{what}（工作簿结构无法识别），请在 Excel 中另存为 .xlsx 后再试") from None
    if strict:
        raise CopyError(f"{name} 是“Strict Open XML 电子表格”格式，本程序写副本时会丢失其中的工作表，未写出{what}；"
                        "请在 Excel 中“另存为”→“Excel 工作簿(*.xlsx)”后再试（校验和汇总不受影响）")
    try:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl's notes on parts it drops: checked below instead
            wb = load_workbook(src)
    except Exception as exc:  # noqa: BLE001 — openpyxl raises many types for odd files
        raise CopyError(f"无法打开 {name} 写{what}（{type(exc).__name__}），请在 Excel 中另存为 .xlsx 后再试") from None
    check_kept(listed, wb, name, what)
    return wb, listed


def _is_strict(src) -> bool:
    import zipfile

    with zipfile.ZipFile(src) as zf:
        head = zf.read(_workbook_part(zf))[:2000]
    return STRICT_NS.encode() in head or b'conformance="strict"' in head


def check_kept(listed: list[tuple[str, str]], wb: Workbook, name: str, what: str, replaced=()) -> None:
    """Every listed input sheet is in `wb`, in the same order and with the same visibility; sheets
    the command rewrites (`replaced`) only need to be there."""
    have = [(ws.title, ws.sheet_state) for ws in wb._sheets]  # worksheets and chartsheets
    pos = {title: i for i, (title, _) in enumerate(have)}
    missing = [n for n, _ in listed if n not in pos]
    changed = [n for n, state in listed if n in pos and n not in replaced and have[pos[n]][1] != state]
    order = [pos[n] for n, _ in listed if n in pos and n not in replaced]
    if missing or changed or order != sorted(order):
        detail = ("工作表" + "、".join(f"「{n}」" for n in (missing or changed)) + "无法原样复制") if (
            missing or changed) else "工作表的顺序无法保持"
        raise CopyError(f"{name}：{detail}，为免副本丢失或改动工作表，未写出{what}；请在 Excel 中另存为 .xlsx 后再试")


# -- 基本信息 -----------------------------------------------------------------

def _info_sheet(wb: Workbook, form: str, budget: Budget | None, unit: str = WAN) -> None:
    ws = wb.create_sheet(spec.INFO_SHEET)
    put(ws, 1, 1, f"{spec.TEMPLATE_NAME}（{form}工作簿）").font = TITLE_FONT
    put(ws, 2, 1, "黄色单元格由使用者填写；灰色单元格由程序维护，请勿修改。"
                  "「金额单位」填万元（默认）或元，本工作簿各表的金额都按它填写。").font = BODY_FONT
    facts = _facts(form, budget, unit)
    for i, (label, key, required) in enumerate(spec.INFO_KEYS):
        r = HEADER_ROW + 1 + i
        c = put(ws, r, 1, label + ("（必填）" if required and key not in ("form", "template_version") else ""))
        c.font, c.border, c.fill = HEADER_FONT, BORDER, HEADER_FILL
        # The reader matches the label exactly; keep it clean and put 必填 in a note instead.
        c.value = label
        if required:
            c.comment = Comment("必填", "deptbudget")
        v = put(ws, r, 2, facts.get(key), TEXT_FORMAT if key in ("dept_code",) else None)
        v.border, v.font, v.alignment = BORDER, BODY_FONT, LEFT
        locked = key in ("template_version", "form")
        v.fill = CALC_FILL if locked else INPUT_FILL
        v.protection = LOCKED if locked else UNLOCKED
        wb.defined_names[f"基本信息_{key}"] = DefinedName(f"基本信息_{key}", attr_text=f"'{spec.INFO_SHEET}'!$B${r}")
        if key in spec.INFO_CHOICES:
            dv = DataValidation(type="list", formula1=f"=L_{spec.INFO_CHOICES[key]}", allow_blank=True,
                                showErrorMessage=True, errorTitle="输入无效", error=f"请从下拉列表中选择「{label}」")
            dv.add(f"B{r}")
            ws.add_data_validation(dv)
    _unit_fact_columns(ws, form, budget, unit)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 60
    ws.protection = SheetProtection(sheet=True, formatColumns=False, formatRows=False)
    page_setup(ws, landscape=False)


def _facts(form: str, budget: Budget | None, unit: str = WAN) -> dict:
    """Column B: the workbook's own 基本信息 — a unit workbook's are its unit's; a department
    workbook's are the department's own (each unit's go in its own column: _unit_fact_columns).
    Amounts in `unit`, which 金额单位 declares."""
    facts = {}
    if budget:
        own = budget.facts if form == "单位" else _own_facts(budget)
        facts.update({k: fact_as_written(unit, k, v) for k, v in own.items() if not k.startswith("_")})
        d = budget.department
        facts.update(year=d.year or None, dept_code=d.code, dept_name=d.name)
    return facts | {"form": form, "template_version": spec.TEMPLATE_VERSION, "money_unit": unit}


def _own_facts(budget: Budget) -> dict:
    """A department's own 基本信息: a value when all its workbooks that gave one agree (as Facts.own),
    else none — never the last workbook's 金额单位 or 公开表样式 for all."""
    given: dict[str, set] = {}
    for f in budget.facts.records:
        if f.unit == "":
            given.setdefault(f.key, set()).add(f.value)
    return {k: next(iter(v)) if len(v) == 1 else None for k, v in given.items()}


def fact_as_written(unit: str, key: str, value):
    """A 基本信息 value as written: an amount (spec.FACT_KINDS) in `unit`."""
    return from_wan(value, unit) if spec.FACT_KINDS.get(key) == "money" and value is not None else value


def declared_unit(wb: Workbook) -> str:
    """The 金额单位 an existing workbook's 基本信息 declares (万元 when blank or absent): the unit rows
    written into it are in. A unit the reader refuses (STR-10) counts as 万元, as the reader reads it."""
    from ..template.cellcheck import entry_unit

    if spec.INFO_SHEET not in wb.sheetnames:
        return WAN
    ws = wb[spec.INFO_SHEET]
    for row in ws.iter_rows(max_row=200, max_col=2):
        if str(row[0].value or "").strip() == "金额单位" and len(row) > 1:
            found = entry_unit(row[1].value)
            return found.name if found else WAN
    return WAN


def _unit_fact_columns(ws, form: str, budget: Budget | None, unit: str = WAN) -> None:
    """A department workbook keeps each unit's 基本信息 in a column headed by its unit code (the
    reader reads them back as that unit's), so a roll-up loses none of them."""
    if form == "单位" or budget is None:
        return
    codes = sorted({f.unit for f in budget.facts.records if f.unit and f.key in spec.FACT_KINDS}
                   & {u.code for u in budget.units})
    if not codes:
        return
    values = {(f.unit, f.key): fact_as_written(unit, f.key, f.value) for f in budget.facts.records}
    for j, text in enumerate(("项目", "部门（填写则代替各单位之和）", *codes), start=1):
        c = put(ws, HEADER_ROW, j, text, TEXT_FORMAT)
        c.font, c.border, c.fill, c.alignment = HEADER_FONT, BORDER, HEADER_FILL, CENTER
    for i, (_, key, _) in enumerate(spec.INFO_KEYS):
        if key not in spec.FACT_KINDS:
            continue
        for j, code in enumerate(codes, start=3):
            v = put(ws, HEADER_ROW + 1 + i, j, values.get((code, key)))
            v.border, v.font, v.alignment, v.fill, v.protection = BORDER, BODY_FONT, LEFT, INPUT_FILL, UNLOCKED
    for j in range(3, 3 + len(codes)):
        ws.column_dimensions[get_column_letter(j)].width = 16


# -- input sheets -------------------------------------------------------------

def _input_sheet(wb: Workbook, sheet: spec.InputSheet, rows: list[dict], unit: str = WAN) -> None:
    ws = wb.create_sheet(sheet.name)
    put(ws, 1, 1, sheet.name).font = TITLE_FONT
    put(ws, 2, 1, sheet.doc + f"  金额单位：{unit}（「基本信息」的金额单位）。").font = BODY_FONT
    cols = sheet.columns
    for j, col in enumerate(cols, start=1):
        c = put(ws, HEADER_ROW, j, col.header)
        c.font, c.alignment, c.border, c.fill = HEADER_FONT, CENTER, BORDER, HEADER_FILL
        if col.note:
            c.comment = Comment(col.note, "deptbudget")
        ws.column_dimensions[get_column_letter(j)].width = col.width
    n = max(len(rows), 1) + (EMPTY_ROWS if not rows else 20)
    letters = {c.key: get_column_letter(j) for j, c in enumerate(cols, start=1)}
    for i in range(n):
        r = HEADER_ROW + 1 + i
        data = rows[i] if i < len(rows) else {}
        for j, col in enumerate(cols, start=1):
            _input_cell(ws, r, j, col, data.get(col.key), letters)
    last = HEADER_ROW + n
    ref = f"A{HEADER_ROW}:{get_column_letter(len(cols))}{last}"
    table = XlTable(displayName=sheet.table, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
    ws.add_table(table)
    _validations(ws, cols, last)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    ws.protection = SheetProtection(sheet=True, insertRows=False, deleteRows=False, formatColumns=False,
                                    formatRows=False, formatCells=False, sort=False, autoFilter=False)
    page_setup(ws, f"{HEADER_ROW}:{HEADER_ROW}")


def _input_cell(ws, r: int, j: int, col: spec.Column, value, letters: dict) -> None:
    if col.kind == "formula" and value is None:
        c = put_formula(ws, r, j, _formula(col.formula, r, letters))
        c.fill, c.protection = CALC_FILL, LOCKED
    else:
        fmt = INPUT_MONEY_FORMAT if col.kind == "money" else TEXT_FORMAT if col.kind in ("code", "text") else None
        c = put(ws, r, j, value, fmt)
        c.fill, c.protection = INPUT_FILL, UNLOCKED
    c.border, c.font = BORDER, BODY_FONT
    if col.kind in ("text", "code"):
        c.alignment = LEFT if col.kind == "text" else CENTER


def _formula(name: str, r: int, letters: dict) -> str:
    func, econ = letters.get("func_code"), letters.get("econ_code")
    if name == "name_of_func":
        return (f'=IF({func}{r}="","",IFERROR(VLOOKUP({func}{r},{_lookup(spec.FUNC_LIST_SHEET)},2,FALSE),'
                '"（未知科目）"))')
    if name == "name_of_econ":
        return (f'=IF({econ}{r}="","",IFERROR(VLOOKUP({econ}{r},{_lookup(spec.ECON_LIST_SHEET)},2,FALSE),'
                '"（未知科目）"))')
    if name == "kind_of_econ":
        return f'=IF({econ}{r}="","",IF(OR(LEFT({econ}{r},3)="301",LEFT({econ}{r},3)="303"),"人员经费","公用经费"))'
    raise ValueError(name)


def _lookup(sheet: str) -> str:
    return f"'{sheet}'!$A:$B"


def _validations(ws, cols, last: int) -> None:
    for j, col in enumerate(cols, start=1):
        if not col.choices:
            continue
        letter = get_column_letter(j)
        dv = DataValidation(type="list", formula1=f"=L_{col.choices}", allow_blank=True,
                            showErrorMessage=col.choices not in ("func_codes", "econ_codes", "level2"),
                            errorTitle="输入无效", error=f"请从下拉列表中选择「{col.header}」",
                            promptTitle=col.header, prompt=col.note[:250] if col.note else None)
        dv.showInputMessage = bool(col.note)
        dv.add(f"{letter}{HEADER_ROW + 1}:{letter}{last}")
        ws.add_data_validation(dv)


# -- rows from a budget -------------------------------------------------------

def _rows_for(sheet: spec.InputSheet, budget: Budget | None, unit: str = WAN) -> list[dict]:
    """The rows of an input sheet from a budget, amounts in `unit` (the workbook's 金额单位)."""
    if budget is None:
        return []
    rows = _rows_in_wan(sheet, budget)
    money = [c.key for c in sheet.columns if c.kind == "money"]
    if unit != WAN and money:
        for row in rows:
            for key in money:
                if row.get(key) is not None:
                    row[key] = from_wan(row[key], unit)
    return rows


def _rows_in_wan(sheet: spec.InputSheet, budget: Budget) -> list[dict]:
    if sheet is spec.UNITS:
        return [dict(unit=u.code, name=u.name, kind=u.kind.value if u.kind else None,
                     headcount=u.headcount, vehicles=u.vehicles) for u in budget.units]
    if sheet is spec.INCOME:
        return [dict(unit=i.unit, source=i.source.value, amount=i.amount) for i in budget.incomes]
    names = _given_names(budget)
    if sheet is spec.BASIC:
        from ..reference.codes import spend_kind

        return [dict(unit=l.unit, func_code=l.func_code, econ_code=l.econ_code, source=l.source.value,
                     amount=l.amount, kind_override=l.kind.value if l.kind != spend_kind(l.econ_code) else None,
                     **_names_of(names, l)) for l in budget.basic_lines]
    if sheet is spec.PROJECTS:
        # 项目类别 on every line of a project (the reader requires it per line); 年度目标 on the first.
        return [dict(unit=p.unit, project=p.name, category=p.category.value if p.category else None,
                     func_code=l.func_code, econ_code=l.econ_code, source=l.source.value, amount=l.amount,
                     **(_project_details(p) if k == 0 else {}), **_names_of(names, l))
                for p in budget.projects for k, l in enumerate(p.lines)]
    if sheet is spec.INDICATORS:
        return [_indicator_row(i) | dict(unit=i.unit, project=i.project) for i in budget.indicators]
    if sheet is spec.PRIOR:
        return [dict(unit=p.unit, item=p.item, amount=p.amount, func_code=p.func_code or None,
                     basis=spec.PRIOR_BASES[1] if p.executed else None) for p in budget.prior]
    if sheet is spec.DEPT_TASKS:
        return [dict(name=t.name, content=t.content) for t in budget.dept_tasks]
    if sheet is spec.DEPT_INDICATORS:
        return [_indicator_row(i) for i in budget.dept_indicators]
    return []


def _project_details(p) -> dict:
    """What a project's first row carries: 年度目标, 实施周期, 项目总额 (万元 here), 主管部门, 实施单位."""
    return dict(goal=p.goal or None, period=p.period or None, total=p.total, supervisor=p.supervisor or None,
                implementer=p.implementer or None)


def _given_names(budget: Budget) -> dict[str, str]:
    """Names the units' workbooks gave codes the code list lacks (code → name)."""
    from ..reference.codes import NAME_FACT

    return {k[len(NAME_FACT):]: v for k, v in budget.facts.items() if k.startswith(NAME_FACT)}


def _names_of(names: dict, line) -> dict:
    """Such names written as text in place of the lookup formula (which would show 「（未知科目）」),
    so they are read back from this workbook."""
    if not names:
        return {}
    return {k: names[code] for k, code in (("func_name", line.func_code), ("econ_name", line.econ_code))
            if code in names}


def _indicator_row(i) -> dict:
    return dict(level1=i.level1, level2=i.level2, level3=i.level3, nature=i.nature, value=i.value,
                measure=i.measure, weight=i.weight, direction=i.direction)


# -- 汇总核对 (live formulas), 设置, lists ------------------------------------------

CHECK_SHEET = "汇总核对"


def _check_sheet(wb: Workbook, budget: Budget | None, unit: str = WAN) -> None:
    """Per-unit totals by formula, so Excel shows them without Python."""
    ws = wb.create_sheet(CHECK_SHEET)
    put(ws, 1, 1, "汇总核对（公式自动计算，勿改）").font = TITLE_FONT
    put(ws, 2, 1, f"按单位汇总录入表的金额，收入与支出应相等。金额单位：{unit}（同录入表）。").font = BODY_FONT
    headers = ("单位编码", "收入合计", "支出合计", "基本支出", "项目支出", "收支差额")
    for j, h in enumerate(headers, start=1):
        c = put(ws, HEADER_ROW, j, h)
        c.font, c.alignment, c.border, c.fill = HEADER_FONT, CENTER, BORDER, HEADER_FILL
        ws.column_dimensions[get_column_letter(j)].width = 16
    n = (len(budget.units) if budget else 0) + 30  # rows follow 单位信息, so units added later count too
    inc, basic, proj = (_col_refs(s) for s in (spec.INCOME, spec.BASIC, spec.PROJECTS))
    unit_col = get_column_letter(spec.UNITS.index("unit") + 1)
    first, total = HEADER_ROW + 1, HEADER_ROW + 1 + n
    for r in range(first, total):
        src = f"'{spec.UNITS.name}'!{unit_col}{r}"
        put_formula(ws, r, 1, f'=IF({src}="","",{src})', TEXT_FORMAT)
        for j, (refs) in ((2, inc), (4, basic), (5, proj)):
            put_formula(ws, r, j, f'=IF($A{r}="","",SUMIF({refs[0]},$A{r},{refs[1]}))')
        put_formula(ws, r, 3, f'=IF($A{r}="","",D{r}+E{r})')
        put_formula(ws, r, 6, f'=IF($A{r}="","",B{r}-C{r})')
    put(ws, total, 1, "合计")
    for j in range(2, 7):
        col = get_column_letter(j)
        put_formula(ws, total, j, f"=SUM({col}{first}:{col}{total - 1})")
    for r in range(first, total + 1):
        for j in range(1, 7):
            c = ws.cell(row=r, column=j)
            c.border, c.font = BORDER, BODY_FONT
            if j > 1:
                c.number_format = "#,##0.00"
    ws.protection = SheetProtection(sheet=True)
    page_setup(ws)


def _col_refs(sheet: spec.InputSheet) -> tuple[str, str]:
    unit = get_column_letter(sheet.index("unit") + 1)
    amount = get_column_letter(sheet.index("amount") + 1)
    return f"'{sheet.name}'!${unit}:${unit}", f"'{sheet.name}'!${amount}:${amount}"


SETTINGS = (
    ("尾差容差（万元/每个舍入项）", "0.005", "rounding_tolerance"),
    ("绩效指标权重合计", "90", "weight_total"),
    ("忽略的规则（编码，逗号分隔）", "", "ignore"),
    ("只运行的规则（编码，逗号分隔，留空为全部）", "", "select"),
)


def _settings_sheet(wb: Workbook) -> None:
    ws = wb.create_sheet(spec.SETTINGS_SHEET)
    put(ws, 1, 1, "设置（校验参数，可修改黄色单元格）").font = TITLE_FONT
    for i, (label, value, key) in enumerate(SETTINGS):
        r = HEADER_ROW + i
        put(ws, r, 1, label).font = HEADER_FONT
        c = put(ws, r, 2, value, TEXT_FORMAT)
        c.fill, c.border = INPUT_FILL, BORDER
        put(ws, r, 4, key).font = BODY_FONT  # machine key, hidden; the label in A is what counts
    _waiver_block(ws, HEADER_ROW + len(SETTINGS) + 1)
    ws.column_dimensions["A"].width = 44
    ws.column_dimensions["B"].width = 30
    ws.column_dimensions["C"].width = 40
    ws.column_dimensions["D"].hidden = True


WAIVER_ROWS = 30


def _waiver_block(ws, top: int) -> None:
    """豁免: a finding the office has checked and accepts, for one cell, with its reason."""
    put(ws, top, 1, "豁免（已核实、同意保留的校验结果：规则编码 | 工作表!单元格 | 理由）").font = HEADER_FONT
    for j, h in enumerate(("规则编码（如 PRF-04）", "工作表!单元格（如 项目绩效目标!I26）", "理由（必填）"), start=1):
        c = put(ws, top + 1, j, h)
        c.font, c.border, c.fill = HEADER_FONT, BORDER, HEADER_FILL
    for r in range(top + 2, top + 2 + WAIVER_ROWS):
        for j in range(1, 4):
            c = put(ws, r, j, None, TEXT_FORMAT)
            c.fill, c.border = INPUT_FILL, BORDER


def _list_sheets(wb: Workbook, year) -> None:
    from ..reference.codes import codebook

    lists = wb.create_sheet(spec.LISTS_SHEET)
    for j, (key, values) in enumerate(spec.LIST_VALUES.items(), start=1):
        put(lists, 1, j, key)
        for i, v in enumerate(values, start=2):
            put(lists, i, j, v)
        letter = get_column_letter(j)
        _name(wb, f"L_{key}", f"'{spec.LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}")
    lists.sheet_state = "hidden"
    for sheet, scheme, key in ((spec.FUNC_LIST_SHEET, "function", "func_codes"),
                               (spec.ECON_LIST_SHEET, "econ", "econ_codes")):
        ws = wb.create_sheet(sheet)
        put(ws, 1, 1, "编码")
        put(ws, 1, 2, "名称")
        put(ws, 1, 3, "级次")
        entries = [e for e in codebook(scheme, year)]
        for i, e in enumerate(entries, start=2):
            put(ws, i, 1, e.code, TEXT_FORMAT)
            put(ws, i, 2, e.name)
            put(ws, i, 3, e.level)
        _name(wb, f"L_{key}", f"'{sheet}'!$A$2:$A${len(entries) + 1}")
        ws.sheet_state = "hidden"


def _name(wb: Workbook, name: str, ref: str) -> None:
    wb.defined_names[name] = DefinedName(name, attr_text=ref)


# -- 指标库 (fill.indicator_library): common indicators to pick from ----------------------

LIBRARY_SHEET = "指标库"


def _library_sheet(wb: Workbook) -> None:
    """A visible, protected sheet of common indicators; the 三级指标 column of 项目绩效目标 offers
    their names as a (non-binding) dropdown."""
    from ..fill.indicator_library import LIBRARY_HEADER, rows

    ws = wb.create_sheet(LIBRARY_SHEET)
    title = "常用绩效指标库（可复制到「项目绩效目标」；成本指标可由「生成绩效表」按项目预算自动填写）"
    put(ws, 1, 1, title).font = TITLE_FONT
    for j, h in enumerate(LIBRARY_HEADER, start=1):
        c = put(ws, HEADER_ROW, j, h)
        c.font, c.alignment, c.border, c.fill = HEADER_FONT, CENTER, BORDER, HEADER_FILL
        ws.column_dimensions[get_column_letter(j)].width = (12, 18, 30, 10, 12, 10, 30)[j - 1]
    data = rows()
    for i, values in enumerate(data, start=HEADER_ROW + 1):
        for j, v in enumerate(values, start=1):
            c = put(ws, i, j, v or None)
            c.border, c.font = BORDER, BODY_FONT
    _name(wb, "L_indicator_names", f"'{LIBRARY_SHEET}'!$C${HEADER_ROW + 1}:$C${HEADER_ROW + len(data)}")
    ws.protection = SheetProtection(sheet=True)
    if spec.INDICATORS.name in wb.sheetnames:
        target = wb[spec.INDICATORS.name]
        letter = get_column_letter(spec.INDICATORS.index("level3") + 1)
        dv = DataValidation(type="list", formula1="=L_indicator_names", allow_blank=True,
                            showErrorMessage=False, promptTitle="三级指标",
                            prompt="可从指标库选择，也可直接输入")
        dv.showInputMessage = True
        dv.add(f"{letter}{HEADER_ROW + 1}:{letter}{target.max_row}")
        target.add_data_validation(dv)
