"""The disclosure package: what the office publishes.

- 《…部门预算公开表.xlsx》: just the 14 disclosure tables, values only (rounded to 0.01, no
  formulas, no input or hidden sheets), titled and formatted like the seed, print-ready.
- the same tables as PDF (LibreOffice headless; the add-in uses Excel's own export);
- 《…情况说明.docx》.

A publishing gate stands in front of all three: while validation finds 错误 (in the workbook, or in
the 情况说明 that would be published) the package is not written (NotPublishable lists them in
Chinese). With force=True it is written anyway and every file says 「未通过校验」: in its
document properties and on every page (xlsx/PDF header and footer, docx header and footer).
"""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

from ..core.findings import Finding, Severity
from ..core.model import Budget
from ..core.table import Table
from ..tablesets import sheet_name
from .atomic import OutputError, atomic_path
from .table_layout import FIRST_HEADER_ROW, MONEY_FORMAT, table_sheets

CHAR_PT = 10  # body font size
UNCHECKED = "未通过校验"
LISTED = 20  # errors listed in a refusal; the rest are counted


class NotPublishable(OutputError):
    """The package was not written: 错误 remain. `errors` are the findings; `reason` lists them."""

    def __init__(self, errors: list[Finding], workbook: str = ""):
        self.errors = errors
        super().__init__(refusal(errors, workbook))


def refusal(errors: list[Finding], workbook: str = "") -> str:
    """The Chinese refusal: how many 错误, then code, place and message of the first LISTED."""
    lines = [f"未导出公开材料：尚有 {len(errors)} 条错误，公开材料不能带着错误发布。请改正后再导出；"
             f"确需先行导出，可运行 deptbudget export --force（导出的每个文件都会标明「{UNCHECKED}」）。"]
    lines += [f"  {f.code}  {f.where() or '（整个工作簿）'}：{f.message}" for f in errors[:LISTED]]
    if len(errors) > LISTED:
        more = f"  ……另有 {len(errors) - LISTED} 条"
        lines.append(more + (f"，运行 deptbudget validate {workbook} 查看全部" if workbook else ""))
    return "\n".join(lines)


def publish_errors(budget: Budget, narrative=None, grid=None) -> list[Finding]:
    """The 错误 validation finds in what would be published: the workbook (with its 设置: waivers,
    ignored rules) and the 情况说明 as exported — a fresh draft is checked too, placeholders and all."""
    from dataclasses import replace

    from ..rules import validate
    from ..rules.settings import load_settings

    if narrative is not None and _text_of(budget) != narrative.text():
        budget = replace(budget, narrative=narrative.text())
    found = validate(budget, grid, settings=load_settings(grid) if grid is not None else None)
    return [f for f in found if f.severity is Severity.ERROR]


def published_narrative(budget: Budget, table_set=None):
    """The 情况说明 a package publishes: the workbook's own text when it has one (the edited draft
    or the department's), else a fresh draft in `table_set`'s wording and unit."""
    from ..fill.narrative import draft, from_text
    from ..rollup.tree import build_tree
    from .narrative_sheet import MARKER

    return from_text(budget.narrative, MARKER) if budget.narrative.strip() else draft(build_tree(budget), table_set)


def _text_of(budget: Budget) -> str:
    """The workbook's 情况说明 as it would be exported (our draft's note dropped)."""
    from ..fill.narrative import from_text
    from .narrative_sheet import MARKER

    return from_text(budget.narrative, MARKER).text() if budget.narrative.strip() else ""


def file_stem(budget: Budget, table_set=None) -> str:
    """《<部门或单位><year>年部门预算/单位预算》, as the table set names its publisher."""
    from ..tablesets import get

    return (table_set or get(None)).file_stem(budget.department, budget.units)


def body_start(table: Table) -> int:
    return FIRST_HEADER_ROW + len(table.header)


def apply_layout(ws, table: Table) -> None:
    """What render_table leaves to the table: body merges, the 表7 money cells, row heights
    (on an openpyxl sheet: fill rewrites the tables of an existing workbook)."""
    first = body_start(table)
    merges = table.meta.get("body_merges", ())
    for r1, c1, r2, c2 in merges:
        if (r1, c1) != (r2, c2):
            ws.merge_cells(start_row=first + r1, start_column=c1 + 1, end_row=first + r2, end_column=c2 + 1)
    for (i, j), fmt in body_formats(table).items():
        ws.cell(row=first + i, column=j + 1).number_format = fmt or "General"
    for i, height in row_heights(table).items():
        ws.row_dimensions[first + i].height = height
    if table.meta.get("page_breaks"):
        from openpyxl.worksheet.pagebreak import Break

        for i in table.meta["page_breaks"]:
            ws.row_breaks.append(Break(id=first + i))


def body_formats(table: Table) -> dict[tuple[int, int], str | None]:
    """(body row, col) → number format of the amounts outside money columns: 表7's 预算 rows are
    money (0.00), its other numbers (indicator values) General (None)."""
    return {(i, j): MONEY_FORMAT if row.key and row.key[0] == "budget" else None
            for i, row in enumerate(table.rows) for j, v in enumerate(row.values)
            if isinstance(v, Decimal) and table.cols[j].kind != "money"}


def _widths(table: Table, merges) -> dict[tuple[int, int], float]:
    """Width (character units) available to each body cell, merged blocks included."""
    out = {}
    for r1, c1, _r2, c2 in merges:
        out[(r1, c1)] = sum(table.cols[c].width for c in range(c1, c2 + 1))
    return out


def row_heights(table: Table) -> dict[int, float]:
    """Body row → height for wrapped text (merged cells do not grow by themselves)."""
    merges = table.meta.get("body_merges", ())
    widths = _widths(table, merges)
    covered = {(r, c) for r1, c1, r2, c2 in merges for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)
               if (r, c) != (r1, c1) and r1 == r2}
    out = {}
    for i, row in enumerate(table.rows):
        lines = 1
        for j, v in enumerate(row.values):
            if not isinstance(v, str) or (i, j) in covered:
                continue
            width = widths.get((i, j), table.cols[j].width)
            if any(r1 == i and c1 == j and r2 > r1 for r1, c1, r2, c2 in merges):
                continue  # a vertical block spreads over its rows
            lines = max(lines, text_lines(v, width))
        out[i] = max(15.0, lines * CHAR_PT * 1.35 + 3)
    return out


def text_lines(text: str, width: float) -> int:
    """Lines a text wraps to in a column `width` units wide (a CJK character ≈ 1.8 units)."""
    units = sum(1.8 if ord(ch) > 0x2E80 else 1.0 for ch in text)
    return max(1, -(-int(units + 0.5) // max(1, int(width - 1))))


def disclosure_sheets(tables: dict[str, Table]) -> list:
    """(sheet name, 表号, layout, row heights) of the 14 tables, values only, in the 目录 order:
    amounts rounded to 0.01, body blocks merged, 表7's amounts formatted (body_formats)."""
    from .table_layout import layout

    out = []
    for _, table in table_sheets(tables):  # the 14, or another set's (上海 表1…表9)
        sheet = sheet_name(table.number, table.title)  # the set's own wording
        lay = layout(table, rounded=True, body_merges=True)
        first = body_start(table)
        for (i, j), fmt in body_formats(table).items():
            style = lay.styles.get((first + i, j + 1))
            if style is not None:
                lay.styles[(first + i, j + 1)] = style._replace(fmt=fmt)
        out.append((sheet, table.number, lay, {first + i: h for i, h in row_heights(table).items()}))
    return out


def write_disclosure_xlsx(tables: dict[str, Table], path: str | os.PathLike, inputs=(), unchecked: str = "") -> Path:
    """The 公开表 workbook. `unchecked` (the 「未通过校验」 note of a forced export) goes into the
    document properties and the header and footer of every page."""
    from .xlsx_fast import write_disclosure

    with atomic_path(path, inputs) as tmp:
        write_disclosure(tmp, disclosure_sheets(tables), unchecked, UNCHECKED)
    return Path(path)


def package_names(budget: Budget, out_dir: Path, pdf: bool = True, table_set=None) -> list[Path]:
    """The files of the package: 公开表 .xlsx, its .pdf (when wanted), the 情况说明 .docx."""
    stem = file_stem(budget, table_set)
    return [out_dir / f"{stem}公开表.xlsx"] + ([out_dir / f"{stem}公开表.pdf"] if pdf else []) + \
        [out_dir / f"{stem}情况说明.docx"]


def export_package(budget: Budget, tables: dict[str, Table], narrative, out_dir: str | os.PathLike,
                   pdf: bool = True, warn=None, inputs=(), grid=None, force: bool = False,
                   workbook: str = "", forced=None, table_set=None) -> list[Path]:
    """Write the .xlsx, the PDF and the 情况说明 .docx into out_dir; returns the files written.
    Raises NotPublishable while validation finds 错误 (`grid`: the workbook's, for its 设置 and the
    sheet checks); force=True writes them marked 「未通过校验」 and calls `forced(note)`. Without
    LibreOffice the PDF is skipped and `warn(reason)` is called (raises when warn is None)."""
    from .docx_out import write_docx

    errors = publish_errors(budget, narrative, grid)
    if errors and not force:
        raise NotPublishable(errors, workbook)
    unchecked = f"{UNCHECKED}：尚有 {len(errors)} 条错误，仅供内部核对，不得公开" if errors else ""
    if unchecked and forced is not None:
        forced(unchecked)
    names = package_names(budget, Path(out_dir), table_set=table_set)
    xlsx = write_disclosure_xlsx(tables, names[0], inputs, unchecked)
    files = [xlsx]
    if pdf:
        from .libreoffice import LibreOfficeError, to_pdf

        try:
            files.append(to_pdf(xlsx, names[1]))
        except LibreOfficeError as exc:
            if warn is None:
                raise
            warn(exc.reason)
    if narrative is not None:
        docx = names[2]
        write_docx(narrative, docx, inputs, unchecked)
        files.append(docx)
    return files
