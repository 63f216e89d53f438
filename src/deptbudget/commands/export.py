"""deptbudget export WORKBOOK --out DIR: the disclosure package (values-only xlsx of the 14
tables, their PDF, the 情况说明 docx)."""

from __future__ import annotations

from pathlib import Path

import click

from .common import EXIT_OK, EXIT_UNREADABLE, fail, guarded, read_for_output


@click.command("export", help="导出公开材料：只含 14 张公开表（数值、无公式）的 xlsx、它们的 PDF（LibreOffice）"
                              "和情况说明 docx。")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="公开材料", show_default=True,
              help="输出文件夹（不存在则创建）")
@click.option("--pdf/--no-pdf", default=True, show_default=True, help="是否用 LibreOffice 生成 PDF")
@guarded
def export(workbook: str, out_dir: str, pdf: bool):
    from ..io.libreoffice import LibreOfficeError
    src = Path(workbook)
    read = read_for_output(src, "公开表")
    warnings: list[str] = []
    try:
        files = export_workbook(read.budget, Path(out_dir), pdf, warnings.append, [src])
    except LibreOfficeError as exc:
        fail(exc.reason, EXIT_UNREADABLE)
    for f in files:
        click.echo(f"已写出 {f}")
    for w in warnings:
        click.echo(f"警告：{w}", err=True)
    raise SystemExit(EXIT_UNREADABLE if warnings else EXIT_OK)


def export_workbook(budget, out_dir: Path, pdf: bool = True, warn=None, inputs=()) -> list[Path]:
    """Tables recomputed from the workbook's data; the 情况说明 is the workbook's own text when it
    has one (edited draft or the department's), else a fresh draft."""
    from ..fill.narrative import draft, from_text
    from ..io.export import export_package
    from ..io.narrative_sheet import MARKER
    from ..pipeline import all_tables
    from ..rollup.tree import build_tree

    narrative = from_text(budget.narrative, MARKER) if budget.narrative else draft(build_tree(budget))
    return export_package(budget, all_tables(budget), narrative, out_dir, pdf=pdf, warn=warn, inputs=inputs)
