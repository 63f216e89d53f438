"""`deptbudget validate` and `deptbudget rules`."""

from __future__ import annotations

import json
import sys

import click

from .common import OutputFile, outputs_free, writes_outputs

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


def _codes(values) -> list[str]:
    out = []
    for v in values:
        out += [c.strip().upper() for c in v.replace("，", ",").split(",") if c.strip()]
    return out


@click.command("validate", help="校验工作簿，输出错误/警告/提示（可 --json、--annotate）")
@click.argument("file", type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出全部校验结果（列表）")
@click.option("--annotate", "annotate_out", type=OutputFile(".xlsx", what="带标注的 Excel 工作簿"),
              help="另存一份带「校验结果」表和单元格标注的工作簿副本")
@click.option("--select", multiple=True, help="只运行这些规则（编码或前缀，逗号分隔，如 PRF,XT-01）")
@click.option("--ignore", multiple=True, help="不运行这些规则（编码或前缀，逗号分隔）")
@click.option("--config", type=click.Path(dir_okay=False), help="校验配置文件（TOML：尾差容差、权重合计、豁免……）")
@writes_outputs
def validate(file, as_json, annotate_out, select, ignore, config):
    from ..io.atomic import OutputError
    from ..rules import validate_file_report
    from ..rules.settings import SettingsError

    if annotate_out:
        try:
            outputs_free([annotate_out], [file])
        except OutputError as exc:
            click.echo(f"未能写出标注副本：{exc.reason}", err=True)
            sys.exit(EXIT_UNREADABLE)
    _warn_unknown(_codes(select) + _codes(ignore))
    try:
        result, report = validate_file_report(file, None, config, _codes(select), _codes(ignore))
    except SettingsError as exc:
        click.echo(f"设置有误：{exc.reason}", err=True)
        sys.exit(EXIT_UNREADABLE)
    findings = report.findings
    if as_json:
        click.echo(json.dumps([f.to_json() for f in findings], ensure_ascii=False, indent=1))
    else:
        click.echo(console_report(file, findings, report.waived, _in_force(file, config)))
    if annotate_out and result.ok:
        _annotate(file, annotate_out, findings, quiet=as_json)
    if not result.ok:
        sys.exit(EXIT_UNREADABLE)
    sys.exit(EXIT_ERRORS if report.has_errors else EXIT_OK)


def _in_force(file, config) -> list[str]:
    """The settings from the workbook's 设置 sheet and --config (not the command line's own)."""
    from ..io.read import ReadError, read_grid
    from ..rules.settings import SETTINGS_SHEET, SettingsError, load_settings

    try:
        return load_settings(read_grid(file, {SETTINGS_SHEET}), config).in_force()
    except (ReadError, SettingsError, OSError):
        return []


def _warn_unknown(codes: list[str]) -> None:
    if not codes:
        return
    from ..rules.registry import REGISTRY, all_rules

    all_rules()
    for c in codes:
        if not any(k == c or k.startswith(c.rstrip("-") + "-") for k in REGISTRY):
            click.echo(f"提示：没有编码为「{c}」的规则（用 deptbudget rules 查看全部规则）", err=True)


def _annotate(file, out, findings, quiet: bool) -> None:
    from ..io.annotate import AnnotateError, annotate
    from ..io.atomic import OutputError
    from ..rules.registry import REGISTRY

    try:
        n = annotate(file, out, findings, {c: r.name for c, r in REGISTRY.items()})
    except (AnnotateError, OutputError) as exc:
        click.echo(f"错误：{exc.reason}", err=True)  # the reason says no copy was written
        sys.exit(EXIT_UNREADABLE)
    if not quiet:
        click.echo(f"已写出标注副本 {out}（标注 {n} 个单元格，见「校验结果」表）")


def console_report(file, findings, waived=(), in_force=()) -> str:
    """The findings by severity; then the settings in force (`in_force`, Chinese lines) and what
    they silenced (SET-01) — 「未发现问题」 is said only when nothing was silenced either."""
    from ..core.findings import Severity

    shown = [f for f in findings if not f.code.startswith("SET-")]
    notes = [f for f in findings if f.code.startswith("SET-")]
    counts = {s: [f for f in shown if f.severity is s] for s in Severity}
    head = f"校验 {file}：" + "，".join(f"{s.value} {len(fs)} 条" for s, fs in counts.items())
    if waived:
        head += f"（另有 {len(waived)} 条已豁免）"
    lines = [head]
    for s, fs in counts.items():
        if not fs:
            continue
        lines.append(f"\n【{s.value}】{len(fs)} 条")
        for f in fs:
            where = _where(f)
            lines.append(f"  [{f.code}] {where}{f.message}")
    if in_force or notes:
        lines.append("\n【生效的设置】" + ("；".join(in_force) if in_force else ""))
        lines += [f"  [{f.code}] {f.message}" for f in notes if f.code == "SET-01"]
    silenced = sum(f.params.get("count", 0) for f in notes if f.code == "SET-01")
    if not shown:
        lines.append(f"未发现问题（另有 {silenced} 条被设置屏蔽）。" if silenced else "未发现问题。")
    return "\n".join(lines)


def _where(f) -> str:
    ref = f.ref
    if not ref or not (ref.sheet or ref.cell):
        return ""
    return f"「{ref.sheet}」{ref.cell}：" if ref.cell else f"「{ref.sheet}」："


@click.command("rules", help="列出全部校验规则及说明")
@click.option("--code", help="只看一条规则（显示反例和正例）")
@click.option("--category", help="只列某一类（如 绩效目标、表间勾稽）")
def rules(code, category):
    from ..rules.registry import REGISTRY, all_rules

    catalog = all_rules()
    if code:
        r = REGISTRY.get(code.strip().upper())
        if r is None:
            click.echo(f"没有编码为 {code} 的规则；用 deptbudget rules 查看全部规则", err=True)
            sys.exit(2)
        click.echo(f"{r.code}  {r.name}（{r.category}，{r.severity.value}）\n")
        click.echo(r.explanation)
        click.echo(f"\n反例：{r.example('反例') or '（无）'}")
        click.echo(f"正例：{r.example('正例') or '（无）'}")
        click.echo(f"\n提示文字：{r.message}")
        return
    shown = [r for r in catalog if not category or r.category == category]
    for r in shown:
        click.echo(f"{r.code:8}{r.severity.value}  {r.category:4}  {r.name}：{r.explanation}")
    click.echo(f"共 {len(shown)} 条规则；deptbudget rules --code 编码 查看反例和正例")
