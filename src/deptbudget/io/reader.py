"""Read a workbook file (or a folder of CSV sheets) into the model, never raising for bad input."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..core.findings import Finding, Severity
from ..core.model import Budget, CellRef
from .read import ReadError, read_grid

READ_ERROR = "READ-01"  # 无法读取文件


@dataclass
class ReadResult:
    path: str
    budget: Budget | None
    findings: list[Finding] = field(default_factory=list)
    totals: object = None  # rollup.fold.Totals when read for the summary tables only (budget: its head)

    @property
    def ok(self) -> bool:
        """False when the file could not be read at all (exit code 2)."""
        return self.budget is not None and not any(f.code == READ_ERROR for f in self.findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]


def unreadable(path, reason: str) -> Finding:
    name = Path(path).name
    return Finding(READ_ERROR, Severity.ERROR, CellRef(name, "", ""),
                   f"无法读取文件 {name}：{reason}", {"reason": reason})


def read_workbook(path: str | os.PathLike, summary_only: bool = False) -> ReadResult:
    """`summary_only`: only the sheets the summary tables (表1–表5) use are read and checked."""
    from ..template.reader import reads_for_summary, reads_sheet

    if summary_only:
        return read_workbook_with_grid(path, reads_for_summary, summary_only=True)[1]
    return read_workbook_with_grid(path, reads_sheet)[1]


def read_workbook_with_grid(path: str | os.PathLike, sheets=None, summary_only: bool = False):
    """(Grid or None, ReadResult): the same reading, keeping the grid for rules that look at cells.
    `sheets` (see read_grid): the sheets to read, all by default."""
    from ..template.reader import read_budget

    try:
        # Big sheets may still be parsed in worker threads while read_budget starts on the
        # others; a sheet that then fails raises here all the same.
        grid = read_grid(path, sheets, lazy=True)
        budget, findings = read_budget(grid, summary_only=summary_only)
        grid.finish()
    except ReadError as exc:
        return None, ReadResult(str(path), None, [unreadable(path, exc.reason)])
    except PermissionError:
        why = "没有读取权限（请检查文件的权限或是否被其他程序独占）"
        return None, ReadResult(str(path), None, [unreadable(path, why)])
    except (OSError, MemoryError) as exc:
        return None, ReadResult(str(path), None, [unreadable(path, f"系统无法打开文件（{type(exc).__name__}）")])
    except Exception as exc:  # a damaged package can make zipfile/XML parsers raise anything
        return None, ReadResult(str(path), None, [unreadable(path, f"文件已损坏，无法解析（{type(exc).__name__}）")])
    if budget is None and not any(f.code in ("STR-01", "STR-02") for f in findings):
        findings.append(unreadable(path, "没有找到任何预算单位，这可能不是预算工作簿"))
    return grid, ReadResult(str(path), budget, findings)
