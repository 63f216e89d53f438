"""A rendered table: what the roll-up and fill stages produce and the writers lay out.

Values are exact (Decimal for money); writers round at presentation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

# Row levels, used by writers for styling (bold totals, indents) and by rules to find rows.
TOTAL, DEPT, UNIT, CLASS, KUAN, DETAIL, NOTE = "total", "dept", "unit", "class", "kuan", "detail", "note"


@dataclass(frozen=True)
class Col:
    kind: str = "text"  # text | code | money | number | percent
    width: float = 12


@dataclass(frozen=True)
class Row:
    values: tuple  # str | Decimal | int | None, one per column
    level: str = DETAIL
    key: tuple = ()  # machine key, e.g. ("unit", "139001") or ("func", "2080101", "139001")


@dataclass(frozen=True)
class Table:
    key: str  # t1, t1_2, ... (template.spec.TABLES)
    title: str  # 部门支出总表
    number: str  # 表1-2
    subtitle: str  # 部门：达州市达川区人力资源和社会保障局（部门）
    header: tuple[tuple[str, ...], ...]  # header rows (a merged area repeats its text in its top-left only)
    merges: tuple[tuple[int, int, int, int], ...]  # (row1, col1, row2, col2), 0-based within the header
    cols: tuple[Col, ...]
    rows: tuple[Row, ...] = ()
    notes: tuple[str, ...] = ()  # printed under the table, e.g. 本表无数据 / 项目未细化经济分类
    unit_label: str = "金额单位：万元"
    scale: int = 1  # money values are 万元; the set shows them ×scale (元: 10000) at presentation
    decimals: int = 2  # places shown, ROUND_HALF_UP at presentation
    meta: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def width(self) -> int:
        return len(self.cols)

    def find(self, *key) -> Row | None:
        return next((r for r in self.rows if r.key == key), None)

    def money_cells(self):
        """(row index, col index, Decimal) of every amount in the body."""
        for i, row in enumerate(self.rows):
            for j, v in enumerate(row.values):
                if isinstance(v, Decimal):
                    yield i, j, v
