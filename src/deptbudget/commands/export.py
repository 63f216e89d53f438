"""deptbudget export WORKBOOK --out DIR: the disclosure package (values-only xlsx of the 14
tables, their PDF, the 情况说明 docx)."""

from __future__ import annotations

from pathlib import Path

import click

from .common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, checked_read, fail, guarded, outputs_free, writes_outputs
from .table_sets import choose, table_set_option


@click.command("export", help="导出公开材料：只含 14 张公开表（数值、无公式）的 xlsx、它们的 PDF（LibreOffice）"
                              "和情况说明 docx。校验还有错误时不导出（列出错误）；--force 强行导出，"
                              "每个文件都标明「未通过校验」。")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False))
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="公开材料", show_default=True,
              help="输出文件夹（不存在则创建）")
@click.option("--pdf/--no-pdf", default=True, show_default=True, help="是否用 LibreOffice 生成 PDF")
@click.option("--force", is_flag=True, help="有错误也导出：仅供内部核对，每个文件标明「未通过校验」")
@table_set_option
@writes_outputs
@guarded
def export(workbook: str, out_dir: str, pdf: bool, force: bool, table_set=None):
    from ..io.export import NotPublishable, package_names
    from ..io.libreoffice import LibreOfficeError
    from ..io.reader import read_workbook_with_grid

    src = Path(workbook)
    grid, read = read_workbook_with_grid(src)
    checked_read(read, src, "公开表")
    table_set = choose(table_set, read.budget)
    outputs_free(package_names(read.budget, Path(out_dir), pdf, table_set), [src])
    warnings: list[str] = []
    forced: list[str] = []
    try:
        files = export_workbook(read.budget, Path(out_dir), pdf, warnings.append, [src], grid, force, forced.append,
                                table_set)
    except NotPublishable as exc:
        click.echo(exc.reason, err=True)
        raise SystemExit(EXIT_FINDINGS) from None
    except LibreOfficeError as exc:
        fail(exc.reason, EXIT_UNREADABLE)
    for f in files:
        click.echo(f"已写出 {f}")
    for note in forced:
        click.echo(f"注意：{note}。以上文件均已标明；运行 deptbudget validate {src.name} 查看错误。", err=True)
    for w in warnings:
        click.echo(f"警告：{w}", err=True)
    raise SystemExit(EXIT_UNREADABLE if warnings else EXIT_OK)


def export_workbook(budget, out_dir: Path, pdf: bool = True, warn=None, inputs=(), grid=None,
                    force: bool = False, forced=None, table_set=None) -> list[Path]:
    """Tables recomputed from the workbook's data; the 情况说明 is the workbook's own text when it
    has one (edited draft or the department's), else a fresh draft. Refused (NotPublishable) while
    validation finds 错误, unless force."""
    from ..io.export import export_package, published_narrative
    from ..pipeline import all_tables

    narrative = published_narrative(budget, table_set)
    name = Path(inputs[0]).name if inputs else ""
    return export_package(budget, all_tables(budget, table_set), narrative, out_dir, pdf=pdf, warn=warn,
                          inputs=inputs, grid=grid, force=force, workbook=name, forced=forced, table_set=table_set)
