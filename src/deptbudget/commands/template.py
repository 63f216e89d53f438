"""deptbudget template: write the standardized empty workbooks."""

from __future__ import annotations

from pathlib import Path

import click

from .common import guarded, outputs_free, writes_outputs

FILES = {"单位": "单位预算录入表.xlsx", "部门": "部门预算工作簿.xlsx"}


def write_templates(out_dir: Path, forms=("单位", "部门")) -> list[Path]:
    from ..io.workbook_xlsx import build_workbook, save_workbook
    from ..rollup.tables import build_tables
    from ..rollup.tree import build_tree
    from ..template.empty import empty_budget

    written = []
    for form in forms:
        tables = build_tables(build_tree(empty_budget())) if form == "部门" else None
        wb = build_workbook(form, None, tables)
        path = out_dir / FILES[form]
        save_workbook(wb, path)
        written.append(path)
    return written


@click.command("template", help="生成标准工作簿：单位预算录入表（一个单位）和部门预算工作簿（含汇总表）。")
@click.option("--form", type=click.Choice(["unit", "dept", "all"]), default="all", show_default=True,
              help="unit=单位预算录入表，dept=部门预算工作簿，all=两者")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="workbook_templates", show_default=True,
              help="输出文件夹")
@writes_outputs
@guarded
def template(form: str, out_dir: str):
    forms = {"unit": ("单位",), "dept": ("部门",), "all": ("单位", "部门")}[form]
    outputs_free([Path(out_dir) / FILES[f] for f in forms])
    for path in write_templates(Path(out_dir), forms):
        click.echo(f"已生成 {path}")
