"""deptbudget table-sets: the disclosure table sets (公开表样式) the tool can publish."""

from __future__ import annotations

import click

from ..pipeline import working_tables  # noqa: F401 — rollup and fill import it from here
from .common import EXIT_OK


@click.command("table-sets", help="列出可用的公开表样式（--table-set 的取值）及各自的表和金额单位。")
@click.option("--tables", "show_tables", is_flag=True, help="同时列出每套样式的各张表")
def table_sets(show_tables: bool):
    from ..tablesets import DEFAULT, SETS

    for ts in SETS.values():
        mark = "（默认）" if ts is DEFAULT else ""
        click.echo(f"{ts.name}{mark}：{'部门汇总' if ts.scope == '部门' else '一个单位'}，"
                   f"{len(ts.tables)} 张表，金额单位 {ts.money_unit}（{ts.decimals} 位小数），"
                   f"{_weights(ts)}。{ts.source}")
        if show_tables:
            for t in ts.tables:
                click.echo(f"    {t.number} {t.title}")
    raise SystemExit(EXIT_OK)


def _weights(ts) -> str:
    """How the set's performance indicators are scored (设置 → 绩效指标权重合计 to match)."""
    return "绩效指标不设权重" if ts.weight_total == "无" else f"绩效指标权重合计 {ts.weight_total}"


def table_set_option(fn):
    """--table-set NAME on rollup, fill, export, demo: passes the TableSet (None: the default)."""
    def to_set(ctx, param, value):
        from ..tablesets import get

        try:
            return get(value) if value else None
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None

    return click.option("--table-set", "table_set", metavar="样式", default=None, callback=to_set,
                        help="公开表样式，如 四川部门预算（默认）、四川单位预算；"
                             "deptbudget table-sets 列出全部")(fn)


def fits(table_set, budget) -> None:
    """Refuse (exit 2, in Chinese) a set that cannot show this budget: a unit's set on several units."""
    if table_set is None:
        return
    from .common import fail

    try:
        table_set.owner(budget.department, budget.units)
    except ValueError as exc:
        fail(str(exc))


def choose(table_set, budget):
    """The set to publish `budget` in: --table-set, else the workbooks' 基本信息 「公开表样式」, else
    the default (rollup.facts.chosen_table_set); said on stderr, refused (exit 2) when it cannot be."""
    from ..rollup.facts import chosen_table_set
    from .common import fail

    try:
        table_set, note = chosen_table_set(table_set, budget)
    except ValueError as exc:
        fail(str(exc))
    if note:
        click.echo(note, err=True)
    fits(table_set, budget)
    return table_set
