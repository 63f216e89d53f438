"""deptbudget fill sangong|performance|narrative|all WORKBOOK [-o OUT]: a copy of the workbook
with the filled sheets (the input is never modified)."""

from __future__ import annotations

from pathlib import Path

import click

from .common import EXIT_OK, OutputFile, guarded, outputs_free, read_for_output, writes_outputs
from .table_sets import choose, table_set_option, working_tables

WHAT = {"sangong": "“三公”经费表（表3-3、表4-1）", "performance": "绩效目标表（表6、表7）",
        "narrative": "情况说明（工作表 + docx）", "all": "三公表、绩效表和情况说明"}


def _what(what: str, tables: dict) -> str:
    """WHAT, with the numbers of the tables written (a 上海 set: 表3-3、表4-1 and its 表9)."""
    if what not in ("sangong", "performance"):
        return WHAT[what]
    numbers = [t.number for t in tables.values()]
    return WHAT[what].split("（")[0] + (f"（{'、'.join(numbers)}）" if numbers else "（此样式无此类表）")


@click.command("fill", help="填制“三公”表（sangong）、绩效表（performance）、情况说明（narrative）或全部（all），"
                            "写出工作簿副本，原文件不变。")
@click.argument("what", type=click.Choice(list(WHAT)))
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--out", "out", type=OutputFile(".xlsx", what=" Excel 工作簿"),
              help="输出工作簿（默认：原文件名加「-已填制」）")
@table_set_option
@writes_outputs
@guarded
def fill(what: str, workbook: str, out: str | None, table_set=None):
    src = Path(workbook)
    target = Path(out) if out else src.with_name(f"{src.stem}-已填制.xlsx")
    outputs_free([target] + ([docx_of(target)] if what in ("narrative", "all") else []), [src])
    read = read_for_output(src, "填制的表")
    table_set = choose(table_set, read.budget)
    written = fill_workbook(read.budget, src, target, what, table_set)
    for line in written:
        click.echo(line)
    from ..pipeline import workbook_open_line

    click.echo(workbook_open_line(target))
    raise SystemExit(EXIT_OK)


def fill_workbook(budget, src: Path, target: Path, what: str, table_set=None) -> list[str]:
    """Write the filled copy; returns Chinese lines for the console."""
    from ..fill import SECTIONS, fill_all
    from ..io.export import apply_layout
    from ..io.narrative_sheet import DRAFT_SHEET
    from ..io.workbook_xlsx import check_kept, load_copy, save_workbook
    from ..io.xlsx_tables import render_table, replace_sheet, table_sheets
    from ..rollup.tree import build_tree
    from ..template import spec

    tree = build_tree(budget)
    keys = {k for part, ks in SECTIONS.items() if what in (part, "all") for k in ks}
    tables = {k: t for k, t in working_tables(tree, table_set, fill_all).items() if k in keys}
    wb, listed = load_copy(src, "填制的工作簿")  # refused (exit 2) when a sheet could not be kept
    lines = []
    for name, table in table_sheets(tables):  # the set's sheets (上海: 表9 …)
        ws = replace_sheet(wb, name)
        render_table(ws, table)
        apply_layout(ws, table)
        lines.append(f"已填制「{name}」")
    docx = None
    if what in ("narrative", "all"):
        lines += _narrative(wb, budget, tree, target, table_set)
        docx = docx_of(target)
    rewritten = {t.sheet for t in spec.TABLES} | {n for n, _ in table_sheets(tables)}
    rewritten |= {spec.NARRATIVE_SHEET, DRAFT_SHEET}
    check_kept(listed, wb, src.name, "填制的工作簿", rewritten)
    save_workbook(wb, target, [src])
    lines.append(f"已写出 {target}（{_what(what, tables)}；原文件未改动）")
    if docx:
        from ..fill.narrative import draft
        from ..io.docx_out import write_docx

        write_docx(draft(tree, table_set), docx, [src])
        lines.append(f"已写出 {docx}")
    return lines


def docx_of(target: Path) -> Path:
    return target.with_name(f"{target.stem}-情况说明.docx")


def _narrative(wb, budget, tree, target: Path, table_set=None) -> list[str]:
    from ..fill.narrative import draft
    from ..io.narrative_sheet import MARKER, write_narrative_sheet

    lines = []
    own = budget.narrative and MARKER not in budget.narrative
    name = write_narrative_sheet(wb, draft(tree, table_set))
    lines.append(f"已起草「{name}」" + ("（「情况说明」中是部门自己的文字，未覆盖）" if own else ""))
    if own:  # the department's own text, checked by the catalog's 情况说明 rules (NAR-*)
        from ..rules import validate
        from ..rules.settings import Settings

        found = validate(budget, settings=Settings(select=frozenset({"NAR"})))
        lines.append(f"已核对部门自己的情况说明：发现 {len(found)} 处问题" + ("：" if found else "。"))
        lines += [f"  [{f.severity.value}] {f.code} {f.ref.cell if f.ref else ''} {f.message}" for f in found]
    return lines
