"""Run the catalog over a budget: select/ignore, waivers, crash isolation, sorting."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..core.findings import Finding, Severity
from ..core.model import Budget, CellRef
from .context import Context
from .registry import REGISTRY, Hit, Rule, all_rules
from .settings import Settings, settings_findings

INTERNAL = "SYS-01"


@dataclass
class Report:
    findings: list[Finding]
    waived: list[tuple[Finding, str]] = field(default_factory=list)

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)


def run(budget: Budget, grid=None, tables=None, settings: Settings | None = None,
        extra_findings=()) -> Report:
    settings = settings or Settings()
    runs = settings.unmuted()  # what the workbook/config silences is still found, then counted (SET-01)
    ctx = Context(budget, grid, settings, tables)
    if ctx.published:  # the 情况说明 of a 公开表 workbook is read against the tables' figures
        from .shown_budget import figures_budget

        ctx.budget = figures_budget(budget, ctx.shown) or budget
    # A 错误 of the reading (a figure not read, a sheet missing) is never silenced: roll-up refuses the file.
    unread = {id(f) for f in extra_findings if f.severity is Severity.ERROR}
    found: list[Finding] = [f for f in extra_findings if runs.wants(f.code) or id(f) in unread]
    for r in all_rules(narrative=bool(budget.narrative.strip())):  # no 情况说明: its rules would not run
        if r.check is None or not runs.wants(r.code) or not _ready(r, ctx):
            continue
        found += _run_one(r, ctx)
    found, muted = settings.silence(found, keep=lambda f: id(f) in unread)
    return _finish(found + settings_findings(settings, muted, ctx.file), settings)


def _ready(r: Rule, ctx: Context) -> bool:
    if ctx.published and not runs_on_published(r, ctx):
        return False  # 公开表 mode: only the rules on the shown tables alone
    if "published" in r.needs and not ctx.published:
        return False  # with input lines, XT-01 compares every shown figure already
    if "grid" in r.needs and ctx.grid is None:
        return False
    if "narrative" in r.needs and not ctx.budget.narrative.strip():
        return False
    return True


def runs_on_published(r: Rule, ctx: Context) -> bool:
    """Whether a rule runs on a workbook holding only the summary tables (公开表 mode): the rules on
    the shown tables, and the 情况说明 rules that the tables' figures answer (rules.shown_budget)."""
    from .shown_budget import NARRATIVE_RULES

    return "shown" in r.needs or "published" in r.needs or (r.code in NARRATIVE_RULES and bool(ctx.budget.lines))


def _run_one(r: Rule, ctx: Context) -> list[Finding]:
    try:
        return [to_finding(r, h, ctx) for h in r.check(ctx) or ()]
    except Exception as exc:  # a broken rule never stops the run
        return [internal(r.code, exc, ctx.file)]


def to_finding(r: Rule, h: Hit, ctx: Context | None = None) -> Finding:
    message = r.format(h.params)
    if h.note:
        message += h.note
    ref = h.ref
    if ref is not None and not ref.file and ctx is not None:
        ref = CellRef(ctx.file, ref.sheet, ref.cell)
    return Finding(r.code, h.severity or r.severity, ref, message, dict(h.params), tuple(h.refs))


def internal(code: str, exc: Exception, file: str = "") -> Finding:
    rule = REGISTRY[INTERNAL]
    params = {"rule": code, "error": f"{type(exc).__name__}: {str(exc)[:200]}"}
    return Finding(INTERNAL, rule.severity, CellRef(file, "", ""), rule.format(params), params)


def _finish(found: list[Finding], settings: Settings) -> Report:
    seen, kept, waived = set(), [], []
    for f in found:
        key = (f.code, f.ref, f.message)
        if key in seen:
            continue
        seen.add(key)
        w = settings.waiver_for(f.code, f.ref.sheet if f.ref else None, f.ref.cell if f.ref else None)
        if w is not None:
            waived.append((f, w.reason))
        else:
            kept.append(f)
    kept.sort(key=sort_key)
    return Report(kept, waived)


def sort_key(f: Finding):
    ref = f.ref
    return (f.severity.rank, ref.sheet if ref else "", _cell_key(ref.cell if ref else ""), f.code)


def _cell_key(cell: str):
    m = re.match(r"([A-Z]*)(\d*)", cell.split(":")[0])
    letters, digits = (m.group(1), m.group(2)) if m else ("", "")
    return (int(digits) if digits else 0, len(letters), letters, cell)
