"""The embedded example: 达州市达川区人力资源和社会保障局 2024 年部门预算 (the seed), as unit-level
input data in CSV files named after the input sheets. See SOURCES.md and SEED_NOTES.md."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..template import spec


def data_dir() -> Path:
    return Path(str(resources.files(__package__) / "data"))


def example_grid():
    from ..io.read import read_grid

    grid = read_grid(data_dir())
    if "info" in grid.sheets:  # info.csv holds 基本信息
        sheet = grid.sheets.pop("info")
        sheet.name = spec.INFO_SHEET
        grid.sheets[spec.INFO_SHEET] = sheet
    grid.file = "内置示例"
    return grid


@lru_cache(maxsize=1)
def load_example_with_findings():
    from ..template.reader import read_budget

    return read_budget(example_grid())


def load_example():
    """The example Budget (raises if the shipped data cannot be read — a packaging bug)."""
    budget, findings = load_example_with_findings()
    if budget is None:
        raise RuntimeError("内置示例数据无法读取：" + "; ".join(f.message for f in findings[:5]))
    return budget
