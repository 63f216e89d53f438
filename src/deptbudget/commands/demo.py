"""deptbudget demo: the whole job on the embedded example (or on a user's department workbook)."""

from __future__ import annotations

import time
from pathlib import Path

import click

from .common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, fail, guarded, writes_outputs
from .table_sets import table_set_option


@click.command("demo", help="用内置示例（达川区人社局 2024 年部门预算）或指定的部门工作簿跑完整流程："
                            "单位工作簿 → 汇总 → 三公/绩效/情况说明 → 校验 → 公开材料。")
@click.argument("workbook", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="output", show_default=True,
              help="输出文件夹（不存在则创建）")
@table_set_option
@writes_outputs
@guarded
def demo(workbook: str | None, out_dir: str, table_set=None):
    from ..io.atomic import overwrite_allowed
    from ..pipeline import run_demo

    started = time.perf_counter()
    held = [p for p in Path(out_dir).rglob("*") if p.is_file()] if Path(out_dir).is_dir() else []
    if held and not overwrite_allowed():  # the demo writes a dozen files: refuse before the first
        fail(f"输出文件夹 {Path(out_dir).resolve()} 里已有 {len(held)} 个文件（如 {held[0].name}），未覆盖；"
             "确要覆盖请加 --overwrite，或用 --out 换一个文件夹", EXIT_UNREADABLE)
    result = run_demo(Path(out_dir), Path(workbook) if workbook else None, echo=click.echo, table_set=table_set)
    if result.unreadable:
        fail(result.unreadable, EXIT_UNREADABLE)
    if result.refused:
        click.echo(f"错误：{workbook} 有 {len(result.refused)} 处错误，为免公开表漏掉金额，未继续生成：", err=True)
        for f in result.refused[:20]:
            click.echo(f"  {f.where()}：{f.message}", err=True)
        raise SystemExit(EXIT_FINDINGS)
    if result.errors and workbook is None:
        click.echo("说明：示例中的“错误”是原公开文件（达川区人社局 2024）自身的问题和情况说明中留待填写的〔请……〕，"
                   "逐条解释见 docs/validation-example.md；公开材料因此标明「未通过校验」。")
    click.echo(f"完成，用时 {time.perf_counter() - started:.1f} 秒。输出在 {Path(out_dir).resolve()}")
    # The example's findings are the seed's own; a user's workbook with 错误 exits 1 as validate does.
    raise SystemExit(EXIT_FINDINGS if result.errors and workbook is not None else EXIT_OK)
