"""The validation catalog: rules that return findings (see registry, engine and the area modules).

Entry points for other stages:

- `validate(budget, grid=None, tables=None, settings=None, extra_findings=())` → findings, sorted
  by severity, sheet, cell;
- `validate_file(path, settings=None)` → (ReadResult, findings), reading the workbook once.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


def validate(budget, grid=None, tables=None, settings=None, extra_findings=()) -> list:
    from .engine import run

    return run(budget, grid, tables, settings, extra_findings).findings


def validate_file(path, settings=None, config=None, select=(), ignore=()):
    """Read and validate one workbook (or CSV folder). `settings` None: from the workbook's 设置
    sheet, then `config` (TOML), then select/ignore. Returns (ReadResult, findings)."""
    result, report = validate_file_report(path, settings, config, select, ignore)
    return result, report.findings


def validate_file_report(path, settings=None, config=None, select=(), ignore=()):
    with collector_paused():
        return _validate_file_report(path, settings, config, select, ignore)


@contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector for one read-and-check. Reading and checking build
    hundreds of thousands of objects that stay alive and form no cycles to free; the collector
    would rescan them all several times (about a tenth of the run on a 50,000-line workbook).
    Reference counting still frees everything; the collector resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _validate_file_report(path, settings, config, select, ignore):
    from ..io.reader import read_workbook_with_grid
    from .engine import Report, _finish, run
    from .settings import load_settings

    grid, result = read_workbook_with_grid(path)
    if result.budget is None and grid is not None:  # a workbook of summary tables alone (公开表)
        from ..io.reader import ReadResult
        from .shown_read import read_published_budget

        result = ReadResult(result.path, *read_published_budget(grid, None, result.findings))
    findings = result.findings
    if grid is None:
        return result, Report(list(findings))
    if settings is None:
        settings = load_settings(grid, config, select, ignore)
    if result.budget is None:
        from ..core.findings import Severity  # a 错误 of the reading is never silenced (see engine.run)

        return result, _finish([f for f in findings if settings.wants(f.code) or f.severity is Severity.ERROR],
                               settings)
    return result, run(result.budget, grid, None, settings, findings)
