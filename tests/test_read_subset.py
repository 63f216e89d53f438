"""Roll-up reads only the sheets the reader can use (template.reader.reads_sheet); that choice
must cover every sheet find_sheet would take, renamed ones included."""

import pytest

from deptbudget.io.grid import Grid, SheetGrid
from deptbudget.template import spec
from deptbudget.template.reader import ReadState, find_sheet, reads_sheet

RENAMED = ["基本支出", "基本支出 (2)", "基本支出（修改）", "基本-支出", " 基本支出表", "基本支出★", "项目支出表",
           "单位信息（2）", "基本信息 ", "收入"]
OTHERS = ["_功能分类", "_经济分类", "_选项", "汇总核对", "设置", "表1-1 部门收入总表", "表3-1 一般公共预算基本支出预算表",
          "Sheet1"]


@pytest.mark.parametrize("name", RENAMED + OTHERS)
def test_reads_every_sheet_find_sheet_would_take(name):
    grid = Grid("x.xlsx", {name: SheetGrid(name, [])})
    wanted = [s.name for s in spec.INPUT_SHEETS] + [spec.INFO_SHEET]
    taken = any(find_sheet(ReadState(grid), w, False) is not None for w in wanted)
    assert not taken or reads_sheet(name)


@pytest.mark.parametrize("name", OTHERS)
def test_skips_code_lists_and_summaries(name):
    assert not reads_sheet(name)
