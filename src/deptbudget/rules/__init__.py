"""The validation catalog: rules that return findings (see registry, engine and the area modules).

Entry points for other stages:

- `validate(budget, grid=None, tables=None, settings=None, extra_findings=())` → findings, sorted
  by severity, sheet, cell;
- `validate_file(path, settings=None)` → (ReadResult, findings), reading the workbook once.
"""

from __future__ import annotations


def validate(budget, grid=None, tables=None, settings=None, extra_findings=()) -> list:
    from .engine import run

    return run(budget, grid, tables, settings, extra_findings).findings


def validate_file(path, settings=None, config=None, select=(), ignore=()):
    """Read and validate one workbook (or CSV folder). `settings` None: from the workbook's 设置
    sheet, then `config` (TOML), then select/ignore. Returns (ReadResult, findings)."""
    result, report = validate_file_report(path, settings, config, select, ignore)
    return result, report.findings


def validate_file_report(path, settings=None, config=None, select=(), ignore=()):
    from ..io.read import ReadError, read_grid
    from ..io.reader import ReadResult, unreadable
    from ..template.reader import read_budget
    from .engine import Report, _finish
    from .settings import Settings, load_settings

    try:
        grid = read_grid(path)
    except ReadError as exc:
        f = unreadable(path, exc.reason)
        return ReadResult(str(path), None, [f]), Report([f])
    except (OSError, MemoryError) as exc:
        f = unreadable(path, f"系统无法打开文件（{type(exc).__name__}）")
        return ReadResult(str(path), None, [f]), Report([f])
    budget, findings = read_budget(grid)
    result = ReadResult(str(path), budget, findings)
    if settings is None:
        settings = load_settings(grid, config, select, ignore)
    if budget is None:
        if not any(f.code.startswith("STR") for f in findings):
            findings.append(unreadable(path, "没有找到任何预算单位，这可能不是预算工作簿"))
        return result, _finish([f for f in findings if settings.wants(f.code)], settings)
    from .engine import run

    return result, run(budget, grid, None, settings, findings)
