"""deptbudget rollup / export-lines: batch roll-up of unit and department workbooks.

INPUTS are unit workbooks, department workbooks or folders of them (searched recursively; Excel
lock files `~$*`, our own temporary files and non-.xlsx files are ignored). Exit codes: 0 ok,
1 findings that block (错误 in a workbook, another department/version/year, a duplicate unit),
2 unreadable input or output. Nothing is written unless everything succeeds; outputs are written
to a temporary name and renamed; inputs are only read. With --skip-bad, unreadable files and files
with 错误 are left out and listed, and the rest is rolled up.

The summary tables (表1–表5) read only 基本信息, 单位信息, 收入, 基本支出, 项目支出 and 上年数: the
performance sheets are read and checked by --workbook (which writes 表6/表7), fill and validate.

Imports stay lazy: no openpyxl/pandas until a command runs.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from ..io.batch import Collected, collect, expand_inputs, read_all, totals  # noqa: F401  (re-exported)
from .common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, OutputFile, guarded, outputs_free, writes_outputs
from .table_sets import choose, table_set_option, working_tables

# -- reporting ----------------------------------------------------------------------

def report(c: Collected, as_json: bool, started: float, output: str | None, extra: dict | None = None) -> None:
    seconds = time.perf_counter() - started
    if as_json:
        click.echo(json.dumps(_json(c, seconds, output, extra), ensure_ascii=False, indent=2))
        return
    for f in c.findings:
        click.echo(f"[{f.severity.value}] {f.code} {f.where()}：{f.message}", err=True)
    for name, why in c.not_read:
        click.echo(f"[警告] 未读取 {name}：{why}", err=True)
    if c.notices:
        click.echo(f"另有 {len(c.notices)} 条警告/提示，可用 deptbudget validate 查看。", err=True)
    if c.exit_code != EXIT_OK:
        click.echo(f"未生成输出文件（退出码 {c.exit_code}）。用时 {seconds:.1f} 秒。", err=True)
        return
    from ..core.money import fmt

    t = totals(c.budget, c.tree)
    left = f"；未读取 {len(c.not_read)} 个：{'、'.join(n for n, _ in c.not_read)}（原因见上）" if c.not_read else ""
    click.echo(f"汇总完成：读取 {len(c.budgets)} 个工作簿，{len(c.budget.units)} 个单位{left}。")
    for u in c.budget.units:
        click.echo(f"  {u.code} {u.name}")
    click.echo("；".join(f"{k} {fmt(v)} 万元" for k, v in t.items()) + "。")
    for k, v in (extra or {}).items():
        click.echo(f"{k}：{v}")
    click.echo(f"输出：{output}。用时 {seconds:.1f} 秒。")


def _json(c: Collected, seconds: float, output, extra) -> dict:
    out = {
        "ok": c.exit_code == EXIT_OK, "exit_code": c.exit_code,
        "inputs": [{"file": str(r.path), "ok": r.ok, "errors": len(r.errors),
                    "units": [u.code for u in r.budget.units] if r.budget else []} for r in c.results],
        "skipped": c.skipped,
        "not_read": [{"file": name, "reason": why} for name, why in c.not_read],
        "findings": [f.to_json() for f in c.findings],
        "notices": len(c.notices),
        "output": output if c.exit_code == EXIT_OK else None,
        "seconds": round(seconds, 3),
    }
    if c.budget is not None and c.exit_code == EXIT_OK:
        out["department"] = {"code": c.budget.department.code, "name": c.budget.department.name,
                             "year": c.budget.department.year}
        out["units"] = [{"code": u.code, "name": u.name} for u in c.budget.units]
        out["totals"] = {k: str(v) for k, v in totals(c.budget, c.tree).items()}
    out.update(extra or {})
    return out


def _progress_wanted(as_json: bool) -> bool:
    return not as_json and sys.stderr.isatty()


# -- commands -----------------------------------------------------------------------

COMMON = [
    click.argument("inputs", nargs=-1, required=True, type=click.Path()),
    click.option("--skip-bad", is_flag=True, help="跳过无法读取或有错误的工作簿，汇总其余的（被跳过的会列出）"),
    click.option("--json", "as_json", is_flag=True, help="以 JSON 输出结果（供程序使用）"),
    click.option("--jobs", "-j", type=click.IntRange(0, 64), default=0, show_default=True,
                 help="并行读取的进程数；0 为自动（按 CPU 核数，约每 25 个文件一个进程）"),
    click.option("--district", metavar="名称", default=None,
                 help="区级汇总：输入为多个部门的单位或部门工作簿，每个部门作为一行，汇总名称为此值"),
]


def common_options(fn):
    for deco in reversed(COMMON):
        fn = deco(fn)
    return fn


@click.command("rollup", help="汇总单位工作簿（或文件夹、部门工作簿），生成部门汇总表（表1—表5）。"
                              "汇总表只读取基本信息、单位信息、收入、基本支出、项目支出和上年数；"
                              "项目绩效目标由 --workbook、fill 和 validate 读取和检查。"
                              "退出码：0 成功，1 有阻断性问题，2 输入无法读取。")
@common_options
@click.option("-o", "--output", required=True, type=OutputFile(".xlsx", what=" Excel 工作簿",
              hint="要导出 CSV / Parquet 明细请用 deptbudget export-lines"), help="输出的汇总工作簿 .xlsx")
@click.option("--workbook", "as_workbook", is_flag=True,
              help="输出完整的部门工作簿（各单位录入表 + 全部 14 张表）；输入是一个部门工作簿时，"
                   "只重写它的汇总表，录入表原样保留（写入副本，原文件不动）")
@click.option("--replace", "replace_units", multiple=True, type=click.Path(exists=True, dir_okay=False),
              metavar="单位.xlsx", help="重报：用这个单位更正后的工作簿替换部门工作簿（唯一的输入）中该单位的各行，"
                                      "重算汇总表；部门自己的表和录入（整体绩效、情况说明、设置、部门级上年数/基本信息）原样保留。可重复")
@table_set_option
@writes_outputs
@guarded
def rollup(inputs, skip_bad, as_json, jobs, district, output, as_workbook, replace_units, table_set=None):
    started = time.perf_counter()
    outputs_free([output], list(inputs) + list(replace_units))
    if replace_units:
        sys.exit(resubmit_command(inputs, replace_units, output))
    c = collect(inputs, skip_bad, jobs, _progress_wanted(as_json), district, compacted=not as_workbook)
    if c.exit_code == EXIT_OK:
        table_set = choose(table_set, c.budget)
        write_rollup(c, output, as_workbook, table_set)
    report(c, as_json, started, output)
    if c.exit_code == EXIT_OK and not as_json:
        from ..pipeline import rollup_open_line

        click.echo(rollup_open_line(c, Path(output), as_workbook, district))
    sys.exit(c.exit_code)


def resubmit_command(inputs, replace_units, output) -> int:
    """rollup --replace: the exit code (0, 1 findings that block, 2 unreadable)."""
    from ..core.findings import Severity
    from ..pipeline import resubmit
    from .common import fail

    if len(inputs) != 1 or Path(inputs[0]).is_dir():
        fail("--replace 需要且只需要一个部门工作簿作为输入："
             "deptbudget rollup --replace 单位.xlsx 部门.xlsx -o 新部门.xlsx")
    out = resubmit(Path(inputs[0]), [Path(p) for p in replace_units], Path(output))
    if out.unreadable:
        fail(out.unreadable, EXIT_UNREADABLE)
    for f in out.refused:
        click.echo(f"[错误] {f.code} {f.where()}：{f.message}", err=True)
    if out.refused:
        click.echo(f"未生成输出文件（退出码 {EXIT_FINDINGS}）。", err=True)
        return EXIT_FINDINGS
    for f in out.findings:
        if f.code in ("MRG-07", "MRG-08"):
            click.echo(f"[{f.severity.value}] {f.code}：{f.message}", err=True)
    b = out.budget
    click.echo(f"重报完成：已替换单位 {'、'.join(out.replaced)}；部门共 {len(b.units)} 个单位。")
    missing = [f.params["unit"] for f in out.findings if f.code == "MRG-07"]
    extra = [f.params["unit"] for f in out.findings if f.code == "MRG-08"]
    click.echo(f"缺少的单位：{'、'.join(missing) or '无'}；未登记的新增单位：{'、'.join(extra) or '无'}。")
    n = sum(1 for f in out.findings if f.severity is not Severity.INFO)
    click.echo(f"输出：{output}（另有 {n} 条警告，可用 deptbudget validate {Path(output).name} 查看）。")
    return EXIT_OK


def write_rollup(c: Collected, output, as_workbook: bool, table_set=None) -> None:
    from ..rollup.tables import build_tables
    from ..rollup.tree import build_tree

    if not as_workbook:
        from ..io.batch import relaxed_gc
        from ..io.xlsx_fast import write_summary  # no openpyxl: a new workbook, streamed

        with relaxed_gc():
            c.tree = build_tree(c.budget)
            write_summary(output, build_tables(c.tree, table_set), inputs=c.files)
        return
    from ..io.xlsx_tables import update_workbook
    from ..pipeline import all_tables

    tables = working_tables(c.budget, table_set, all_tables)
    single = c.budgets[0] if len(c.budgets) == 1 else None
    if single is not None and single.department.form == "部门":
        update_workbook(c.files[0], output, tables)  # summary sheets rewritten, input sheets as they were
    else:
        from ..io.workbook_xlsx import build_workbook, save_workbook

        save_workbook(build_workbook("部门", c.budget, tables), output, c.files)


LINE_COLUMNS = ("部门编码", "部门名称", "单位编码", "单位名称", "功能分类编码", "功能分类名称", "类", "款",
                "经济分类编码", "经济分类名称", "经费类型", "资金来源", "项目名称", "金额",
                "文件", "工作表", "单元格")


def line_rows(budgets):
    """One tuple per expenditure line (amount as exact text), in LINE_COLUMNS order."""
    from ..rollup.names import econ_name, func_name

    for b in budgets:
        d, names = b.department, {u.code: u.name for u in b.units}
        for l in b.lines:
            yield (d.code, d.name, l.unit, names.get(l.unit, ""), l.func_code, func_name(l.func_code, d.year),
                   l.func_code[:3], l.func_code[:5], l.econ_code, econ_name(l.econ_code, d.year) if l.econ_code else "",
                   l.kind.value, l.source.value, l.project, str(l.amount), l.ref.file, l.ref.sheet, l.ref.cell)


def write_lines(path: Path, rows: list[tuple], inputs) -> None:
    from ..io.atomic import atomic_path

    with atomic_path(path, inputs) as tmp:
        if path.suffix.lower() == ".parquet":
            _write_parquet(tmp, rows)
        else:
            import csv

            from ..io.csv_safe import csv_rows

            with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(LINE_COLUMNS)
                w.writerows(csv_rows(rows, numbers=(LINE_COLUMNS.index("金额"),)))  # no formula injection


def _write_parquet(tmp: Path, rows: list[tuple]) -> None:
    from decimal import Decimal

    import pyarrow as pa
    import pyarrow.parquet as pq

    i = LINE_COLUMNS.index("金额")
    amounts = [Decimal(r[i]) for r in rows]
    exact = all(a == a.quantize(Decimal("0.000001")) for a in amounts)
    cols = {name: [r[j] for r in rows] for j, name in enumerate(LINE_COLUMNS)}
    arrays = {k: pa.array(v, pa.string()) for k, v in cols.items()}
    if exact:  # Decimal-safe; otherwise keep the exact text
        arrays["金额"] = pa.array([a.quantize(Decimal("0.000001")) for a in amounts], pa.decimal128(38, 6))
    pq.write_table(pa.table(arrays), tmp)


@click.command("export-lines", help="把支出明细导出为整洁表格（一行一条：单位、科目、经费类型、资金来源、项目、金额、"
                                    "来源单元格），.csv 或 .parquet（需 pyarrow）。")
@common_options
@click.option("-o", "--output", required=True, type=OutputFile(".csv", ".parquet", what="明细表格",
              hint="要输出汇总工作簿请用 deptbudget rollup"), help="lines.csv 或 lines.parquet")
@writes_outputs
@guarded
def export_lines(inputs, skip_bad, as_json, jobs, district, output):
    from .common import fail

    started = time.perf_counter()
    out = Path(output)
    outputs_free([out], inputs)
    if out.suffix.lower() not in (".csv", ".parquet"):
        fail("输出文件须为 .csv 或 .parquet", EXIT_UNREADABLE)
    if out.suffix.lower() == ".parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            fail("写 Parquet 需要 pyarrow（pip install pyarrow），或改用 .csv 输出", EXIT_UNREADABLE)
    c = collect(inputs, skip_bad, jobs, _progress_wanted(as_json), district)
    extra = {}
    if c.exit_code == EXIT_OK:
        def order(b):
            return b.department.code, min((u.code for u in b.units), default="")

        rows = list(line_rows(sorted(c.budgets, key=order)))
        write_lines(out, rows, c.files)
        extra = {"行数": len(rows)} if not as_json else {"rows": len(rows)}
    report(c, as_json, started, output, extra)
    sys.exit(c.exit_code)
