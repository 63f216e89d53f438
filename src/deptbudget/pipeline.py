"""The jobs, composed from the core stages. The CLI and the add-in call these same functions."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

from .core.findings import Finding, Severity
from .core.model import Budget
from .core.table import Table


@dataclass
class Outcome:
    files: list[Path] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    unreadable: str = ""
    refused: list[Finding] = field(default_factory=list)  # input errors that stop the job
    budget: Budget | None = None  # the budget the outputs were made from
    replaced: list[str] = field(default_factory=list)  # units swapped in by resubmit

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]


def all_tables(budget: Budget, table_set=None) -> dict[str, Table]:
    """Every disclosure table from one tree: roll-up (表1…表5) and fill (表3-3, 表4-1, 表6, 表7),
    dressed for `table_set` (tablesets; default 四川部门预算)."""
    from .fill import fill_all
    from .rollup.tables import build_tables
    from .rollup.tree import build_tree
    from .tablesets import get

    tree = build_tree(budget)
    made = build_tables(tree, table_set) | fill_all(tree, table_set)
    return {k: made[k] for k in (table_set or get(None)).keys if k in made}  # in the set's order


def working_tables(budget_or_tree, table_set, make) -> dict:
    """The tables written into a department workbook (CLI rollup --workbook and fill, the add-in's
    buttons): `make(x, table_set)`, and — for a set of another layout (上海) — the 四川 tables as
    well, which validate reads, so none is left stale."""
    from .tablesets import DEFAULT

    if table_set is None or table_set.layout == DEFAULT.layout:
        return make(budget_or_tree, table_set)
    return make(budget_or_tree, None) | make(budget_or_tree, table_set)


def unit_budgets(budget: Budget) -> list[Budget]:
    """Split a department budget into one budget per unit (what each unit fills in)."""
    out = []
    for unit in budget.units:
        pick = lambda items, code=unit.code: tuple(x for x in items if x.unit == code)  # noqa: E731
        out.append(replace(budget, units=(unit,), incomes=pick(budget.incomes), lines=pick(budget.lines),
                           projects=pick(budget.projects), indicators=pick(budget.indicators),
                           prior=tuple(p for p in budget.prior if p.unit == unit.code),
                           facts=budget.facts.of_unit(unit.code),
                           dept_tasks=(), dept_indicators=(), narrative=""))
    return out


def run_demo(out_dir: Path, workbook: Path | None = None, echo=print, table_set=None) -> Outcome:
    """The whole job; the package is published in `table_set` (a unit's set: one package per unit)."""
    from .io.reader import read_workbook
    from .io.workbook_xlsx import build_workbook, save_workbook

    outcome = Outcome()
    if workbook is None:
        from .example import load_example

        budget = load_example()
        echo("使用内置示例：达州市达川区人力资源和社会保障局 2024 年部门预算（5 个单位）")
        unit_dir = out_dir / "单位工作簿"
        for ub in unit_budgets(budget):
            path = unit_dir / f"{ub.units[0].code}-{ub.units[0].name}.xlsx"
            save_workbook(build_workbook("单位", ub), path)
            outcome.files.append(path)
        echo(f"1. 已生成 {len(budget.units)} 个单位录入工作簿：{unit_dir}")
        from .io.batch import collect

        result = collect([str(unit_dir)], skip_bad=False, jobs=1, progress=False)
        outcome.findings += result.findings + result.notices
        if result.budget is None:
            outcome.unreadable = "；".join(f.message for f in result.findings[:3])
            return outcome
        budget = replace(result.budget, dept_tasks=budget.dept_tasks, dept_indicators=budget.dept_indicators,
                         prior=budget.prior, facts=budget.facts)
        echo(f"2. 已读回并汇总 {len(result.files)} 个单位工作簿")
    else:
        read = read_workbook(workbook)
        if not read.ok:
            outcome.unreadable = "；".join(f.message for f in read.errors)[:500] or f"无法读取 {workbook.name}"
            return outcome
        if read.errors:
            outcome.findings += read.findings
            outcome.refused = read.errors
            return outcome
        budget = read.budget
        outcome.findings += read.findings
        echo(f"读取 {workbook.name}：{len(budget.units)} 个单位")
        from .rollup.facts import chosen_table_set

        try:  # --table-set, else the workbook's 基本信息「公开表样式」
            table_set, note = chosen_table_set(table_set, budget)
        except ValueError as exc:
            outcome.unreadable = str(exc)
            return outcome
        if note:
            echo(note)
    tables = all_tables(budget)
    narrative = _narrative(budget, table_set if table_set is not None and table_set.scope == "部门" else None)
    name = f"部门预算工作簿-{budget.department.name}-{budget.department.year}.xlsx"
    dept_path = out_dir / name
    wb = build_workbook("部门", budget, tables)
    _put_narrative(wb, narrative)
    save_workbook(wb, dept_path, [workbook] if workbook else [])
    outcome.files.append(dept_path)
    echo(f"3. 已生成部门工作簿（录入表 + 14 张公开表 + 情况说明）：{dept_path}")
    outcome.findings += _validate(dept_path, out_dir, echo)
    # The example's 错误 are the published document's own slips (and the draft's 〔请…〕): its
    # package is exported anyway, marked 「未通过校验」; a user's workbook with 错误 is not exported.
    if table_set is not None and table_set.scope == "单位":
        for ub in unit_budgets(budget):
            echo(f"   {table_set.name}：{ub.units[0].code} {ub.units[0].name}")
            outcome.files += _export(ub, all_tables(ub, table_set), _narrative(ub, table_set), out_dir / "公开材料",
                                     echo, force=workbook is None, table_set=table_set)
        return outcome
    if table_set is not None:
        tables = all_tables(budget, table_set)
    outcome.files += _export(budget, tables, narrative, out_dir / "公开材料", echo, force=workbook is None,
                             table_set=table_set)
    return outcome


def _narrative(budget: Budget, table_set=None):
    from .fill.narrative import draft
    from .rollup.tree import build_tree

    return draft(build_tree(budget), table_set)


def _put_narrative(wb, narrative) -> None:
    from .io.narrative_sheet import write_narrative_sheet

    write_narrative_sheet(wb, narrative)


def _validate(path: Path, out_dir: Path, echo) -> list[Finding]:
    from .io.annotate import write_annotated
    from .rules import validate_file

    read, findings = validate_file(path)
    report = out_dir / "校验报告.json"
    report.write_text(json.dumps([f.to_json() for f in findings], ensure_ascii=False, indent=1), encoding="utf-8")
    annotated = out_dir / "校验结果（标注）.xlsx"
    write_annotated(path, annotated, findings)
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    echo(f"4. 校验完成：错误 {counts[Severity.ERROR]} 项，警告 {counts[Severity.WARNING]} 项，"
         f"提示 {counts[Severity.INFO]} 项；报告 {report.name}，标注副本 {annotated.name}")
    return findings


def _export(budget, tables, narrative, out_dir: Path, echo, force: bool = False, table_set=None) -> list[Path]:
    from .io.export import NotPublishable, export_package

    try:
        files = export_package(budget, tables, narrative, out_dir, force=force, table_set=table_set,
                               warn=lambda reason: echo(f"   （未生成 PDF：{reason}）"),
                               forced=lambda note: echo("   示例有错误（见 docs/validation-example.md），"
                                                        f"公开材料照样导出以便查看，每个文件都标明「{note}」"))
    except NotPublishable as exc:
        echo(f"5. {exc.reason}")
        return []
    echo(f"5. 已导出公开材料：{', '.join(p.name for p in files)}")
    return files


# -- the closing line of rollup and fill: what is still open, and the command that shows it --------

def open_line(findings, command: str) -> str:
    """「尚有错误 3 条、警告 5 条，运行 deptbudget validate X.xlsx 查看」 (validate's own wording)."""
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
    if not errors and not warnings:
        return f"校验未发现错误或警告；运行 {command} 可查看提示。"
    return f"尚有错误 {errors} 条、警告 {warnings} 条，运行 {command} 查看。"


def workbook_open_line(path: Path) -> str:
    """The open line of a department workbook just written: exactly what validate will show."""
    from .rules import validate_file

    _, findings = validate_file(path)
    return open_line(findings, f"deptbudget validate {_quoted(path)}")


def rollup_open_line(collected, output: Path, as_workbook: bool, district: str | None) -> str:
    """A department workbook is validated as written. The summary tables alone (表1–表5, read from
    the summary sheets only) are not a workbook validate reads: the line counts what reading the
    inputs found and says how to run the full check."""
    if as_workbook:
        return workbook_open_line(Path(output))
    errors = sum(1 for f in collected.notices if f.severity is Severity.ERROR)  # files skipped (--skip-bad)
    warnings = sum(1 for f in collected.notices if f.severity is Severity.WARNING)
    read = (f"读取输入时尚有错误 {errors} 条、警告 {warnings} 条（逐个运行 deptbudget validate <工作簿> 查看）"
            if errors or warnings else "读取输入时未发现错误或警告")
    where = "<各部门工作簿>" if district else "部门预算工作簿.xlsx"
    return read + ("；完整校验（绩效、情况说明、表间关系）请加 --workbook 生成部门工作簿后运行 "
                   f"deptbudget validate {where}。")


def _quoted(path: Path) -> str:
    text = str(path)
    return f'"{text}"' if any(ch.isspace() for ch in text) else text


# -- re-submission: one unit corrects its file ---------------------------------------------

UNIT_MISSING, UNIT_UNEXPECTED = "MRG-07", "MRG-08"


def expected_units(department: Budget, got: Budget) -> list[Finding]:
    """警告 for each unit the department workbook's 单位信息 lists that `got` lacks, and each unit
    `got` has that the department does not list."""
    from .core.model import CellRef

    want, have = {u.code: u.name for u in department.units}, {u.code: u.name for u in got.units}
    where = CellRef(department.department.ref.file, "单位信息", "")
    out = [Finding(UNIT_MISSING, Severity.WARNING, where, f"汇总缺少部门工作簿登记的单位 {c} {n}", {"unit": c})
           for c, n in sorted(want.items()) if c not in have]
    out += [Finding(UNIT_UNEXPECTED, Severity.WARNING, where,
                    f"单位 {c} {n} 未在部门工作簿「单位信息」中登记（新增单位）",
                    {"unit": c}) for c, n in sorted(have.items()) if c not in want]
    return out


def without_units(budget: Budget, codes: set[str]) -> Budget:
    """The budget less every record of those units (the department's own rows stay)."""
    from .core.model import Facts

    def keep(items):
        return tuple(x for x in items if x.unit not in codes)

    return replace(budget, units=tuple(u for u in budget.units if u.code not in codes),
                   incomes=keep(budget.incomes), lines=keep(budget.lines),
                   projects=keep(budget.projects), indicators=keep(budget.indicators), prior=keep(budget.prior),
                   facts=Facts([f for f in budget.facts.records if f.unit not in codes]))


def resubmit(dept_path: Path, unit_paths: list[Path], out: Path) -> Outcome:
    """Swap the units of `unit_paths` (corrected unit workbooks) into the department workbook
    `dept_path` and write `out` with the tables rebuilt; the department's own sheets and entries
    are kept. Unreadable inputs or inputs with 错误 are refused, nothing written."""
    from .io.reader import read_workbook
    from .io.resubmit import write_resubmitted
    from .rollup.merge import MergeRefused, merge_budgets

    outcome = Outcome()
    reads = [read_workbook(p) for p in [dept_path, *unit_paths]]
    for r in reads:
        outcome.findings += [f for f in r.findings if f.severity is not Severity.ERROR]
        if not r.ok:
            outcome.unreadable = "；".join(f.message for f in r.errors)[:500] or f"无法读取 {Path(r.path).name}"
            return outcome
        outcome.refused += r.errors
    if outcome.refused:
        return outcome
    dept, units = reads[0].budget, [r.budget for r in reads[1:]]
    if dept.department.form != "部门":
        outcome.unreadable = f"{dept_path.name} 不是部门工作簿（基本信息「工作簿类型」为「{dept.department.form}」）"
        return outcome
    try:
        new_units = merge_budgets(units) if len(units) > 1 else units[0]
        codes = {u.code for u in new_units.units}
        merged = merge_budgets([without_units(dept, codes), new_units], dept.department)
    except MergeRefused as exc:
        outcome.refused += exc.findings
        return outcome
    outcome.findings += expected_units(dept, merged)
    write_resubmitted(dept_path, out, new_units, codes, all_tables(merged), unit_paths)
    outcome.files.append(out)
    outcome.budget, outcome.replaced = merged, sorted(codes)
    return outcome
