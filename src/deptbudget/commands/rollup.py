"""deptbudget rollup / export-lines: batch roll-up of unit and department workbooks.

INPUTS are unit workbooks, department workbooks or folders of them (searched recursively; Excel
lock files `~$*`, our own temporary files and non-.xlsx files are ignored). Exit codes: 0 ok,
1 findings that block (错误 in a workbook, another department/version/year, a duplicate unit),
2 unreadable input or output. Nothing is written unless everything succeeds; outputs are written
to a temporary name and renamed; inputs are only read. With --skip-bad, unreadable files and files
with 错误 are left out and listed, and the rest is rolled up.

Imports stay lazy: no openpyxl/pandas until a command runs.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import click

from .common import EXIT_FINDINGS, EXIT_OK, EXIT_UNREADABLE, guarded

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class Collected:
    files: list[Path] = field(default_factory=list)
    results: list = field(default_factory=list)  # ReadResult, in file order
    findings: list = field(default_factory=list)  # blocking findings (错误)
    notices: list = field(default_factory=list)  # 警告 / 提示 of the workbooks read
    skipped: list[str] = field(default_factory=list)
    budgets: list = field(default_factory=list)  # the budgets rolled up
    budget: object = None  # the merged Budget
    exit_code: int = EXIT_OK


# -- inputs -------------------------------------------------------------------------

def expand_inputs(inputs) -> tuple[list[Path], list]:
    """Files to read, in a stable order, and findings for paths that do not exist."""
    from ..io.reader import unreadable

    files, missing, seen = [], [], set()
    for raw in inputs:
        p = Path(raw)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if _is_workbook(f))
        elif p.exists():
            found = [p]
        else:
            missing.append(unreadable(p, "文件或文件夹不存在"))
            continue
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files, missing


def _is_workbook(f: Path) -> bool:
    name = f.name
    return (f.is_file() and f.suffix.lower() in WORKBOOK_SUFFIXES
            and not name.startswith(("~$", ".~")))


# -- reading ------------------------------------------------------------------------

def read_all(files: list[Path], jobs: int, progress: bool) -> list:
    """ReadResults in file order; `jobs` > 1 reads in parallel processes."""
    from ..io.reader import read_workbook

    bar = _progress(len(files)) if progress and files else None
    results: dict[int, object] = {}
    try:
        if jobs > 1 and len(files) > 1:
            from concurrent.futures import ProcessPoolExecutor, as_completed

            with ProcessPoolExecutor(max_workers=jobs) as pool:
                futures = {pool.submit(read_workbook, f): i for i, f in enumerate(files)}
                for fut in as_completed(futures):
                    results[futures[fut]] = fut.result()
                    _advance(bar, files[futures[fut]])
        else:
            for i, f in enumerate(files):
                results[i] = read_workbook(f)
                _advance(bar, f)
    finally:
        if bar is not None:
            bar[0].stop()
    return [results[i] for i in range(len(files))]


def _progress(total: int):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    p = Progress(TextColumn("读取工作簿"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                 TextColumn("{task.description}"), console=Console(stderr=True), transient=True)
    task = p.add_task("", total=total)
    p.start()
    return p, task


def _advance(bar, f: Path) -> None:
    if bar is not None:
        bar[0].update(bar[1], advance=1, description=f.name)


# -- the pipeline shared by both commands --------------------------------------------

def collect(inputs, skip_bad: bool, jobs: int, progress: bool, district: str | None = None) -> Collected:
    """Read, check and merge the inputs. Sets exit_code; never raises for a user's mistake."""
    from ..core.findings import Severity

    c = Collected()
    c.files, missing = expand_inputs(inputs)
    c.results = read_all(c.files, jobs, progress)
    bad_unreadable = list(missing) + [f for r in c.results if not r.ok for f in r.findings if f.severity is Severity.ERROR]
    if not c.files and not missing:
        from ..io.reader import unreadable

        bad_unreadable.append(unreadable(Path(*inputs[:1]) if inputs else Path("."),
                                         "没有找到任何 .xlsx 工作簿（已忽略 ~$ 锁定文件和非 Excel 文件）"))
    for r in c.results:
        c.notices += [f for f in r.findings if f.severity is not Severity.ERROR]
        if r.ok and r.errors:
            c.findings += r.errors
    if skip_bad:
        c.skipped = [Path(r.path).name for r in c.results if not r.ok or r.errors]
        c.notices += bad_unreadable + c.findings
        bad_unreadable, c.findings = [], []
    if bad_unreadable:
        c.findings = bad_unreadable + c.findings
        c.exit_code = EXIT_UNREADABLE
        return c
    if c.findings:
        c.exit_code = EXIT_FINDINGS
        return c
    c.budgets = [r.budget for r in c.results if r.ok and not r.errors]
    return _merge(c, district)


def _merge(c: Collected, district: str | None) -> Collected:
    from ..core.model import Department
    from ..rollup.merge import MergeRefused, merge_budgets, merge_departments

    try:
        if district:
            c.budget = merge_departments(c.budgets, Department("", district, 0))
        else:
            c.budget = merge_budgets(c.budgets)
    except MergeRefused as exc:
        c.findings = list(exc.findings)
        c.exit_code = EXIT_FINDINGS if c.budgets else EXIT_UNREADABLE
    return c


# -- reporting ----------------------------------------------------------------------

def totals(budget) -> dict:
    from ..rollup.tree import build_tree

    tree = build_tree(budget)
    return {"收入总计": tree.income_total(), "支出总计": tree.total(),
            "基本支出": tree.total(basic=True), "项目支出": tree.total(basic=False)}


def report(c: Collected, as_json: bool, started: float, output: str | None, extra: dict | None = None) -> None:
    seconds = time.perf_counter() - started
    if as_json:
        click.echo(json.dumps(_json(c, seconds, output, extra), ensure_ascii=False, indent=2))
        return
    for f in c.findings:
        click.echo(f"[{f.severity.value}] {f.code} {f.where()}：{f.message}", err=True)
    for name in c.skipped:
        click.echo(f"[警告] 已跳过 {name}（无法读取或有错误）", err=True)
    if c.notices:
        click.echo(f"另有 {len(c.notices)} 条警告/提示，可用 deptbudget validate 查看。", err=True)
    if c.exit_code != EXIT_OK:
        click.echo(f"未生成输出文件（退出码 {c.exit_code}）。用时 {seconds:.1f} 秒。", err=True)
        return
    from ..core.money import fmt

    t = totals(c.budget)
    click.echo(f"汇总完成：{len(c.budgets)} 个工作簿，{len(c.budget.units)} 个单位。")
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
        "findings": [f.to_json() for f in c.findings],
        "notices": len(c.notices),
        "output": output if c.exit_code == EXIT_OK else None,
        "seconds": round(seconds, 3),
    }
    if c.budget is not None and c.exit_code == EXIT_OK:
        out["department"] = {"code": c.budget.department.code, "name": c.budget.department.name,
                             "year": c.budget.department.year}
        out["units"] = [{"code": u.code, "name": u.name} for u in c.budget.units]
        out["totals"] = {k: str(v) for k, v in totals(c.budget).items()}
    out.update(extra or {})
    return out


def _progress_wanted(as_json: bool) -> bool:
    return not as_json and sys.stderr.isatty()


# -- commands -----------------------------------------------------------------------

COMMON = [
    click.argument("inputs", nargs=-1, required=True, type=click.Path()),
    click.option("--skip-bad", is_flag=True, help="跳过无法读取或有错误的工作簿，汇总其余的（被跳过的会列出）"),
    click.option("--json", "as_json", is_flag=True, help="以 JSON 输出结果（供程序使用）"),
    click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True, help="并行读取的进程数"),
    click.option("--district", metavar="名称", default=None,
                 help="区级汇总：输入为多个部门的部门工作簿，每个部门作为一行，汇总名称为此值"),
]


def common_options(fn):
    for deco in reversed(COMMON):
        fn = deco(fn)
    return fn


@click.command("rollup", help="汇总单位工作簿（或文件夹、部门工作簿），生成部门汇总表（表1—表5）。"
                              "退出码：0 成功，1 有阻断性问题，2 输入无法读取。")
@common_options
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="输出的汇总工作簿 .xlsx")
@click.option("--workbook", "as_workbook", is_flag=True,
              help="输出完整的部门工作簿（各单位录入表 + 全部 14 张表）；输入是一个部门工作簿时，"
                   "只重写它的汇总表，录入表原样保留（写入副本，原文件不动）")
@guarded
def rollup(inputs, skip_bad, as_json, jobs, district, output, as_workbook):
    started = time.perf_counter()
    c = collect(inputs, skip_bad, jobs, _progress_wanted(as_json), district)
    if c.exit_code == EXIT_OK:
        write_rollup(c, output, as_workbook)
    report(c, as_json, started, output)
    sys.exit(c.exit_code)


def write_rollup(c: Collected, output, as_workbook: bool) -> None:
    from ..io.xlsx_tables import update_workbook, write_summary
    from ..rollup.tables import build_tables
    from ..rollup.tree import build_tree

    if not as_workbook:
        write_summary(output, build_tables(build_tree(c.budget)), c.budget, inputs=c.files)
        return
    from ..pipeline import all_tables

    tables = all_tables(c.budget)
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

            with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
                w = csv.writer(fh)
                w.writerow(LINE_COLUMNS)
                w.writerows(rows)


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
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="lines.csv 或 lines.parquet")
@guarded
def export_lines(inputs, skip_bad, as_json, jobs, district, output):
    from .common import fail

    started = time.perf_counter()
    out = Path(output)
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
        rows = list(line_rows(sorted(c.budgets, key=lambda b: (b.department.code, min((u.code for u in b.units), default="")))))
        write_lines(out, rows, c.files)
        extra = {"行数": len(rows)} if not as_json else {"rows": len(rows)}
    report(c, as_json, started, output, extra)
    sys.exit(c.exit_code)
