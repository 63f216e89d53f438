"""The sheet block shared by the file writer and the live-workbook writer (io.table_layout), and
the live writer's bounded formatting."""

from decimal import Decimal

from deptbudget.core.table import CLASS, DETAIL, KUAN, TOTAL, Col, Row, Table
from deptbudget.excel.book_io import MAX_BOLD_RUNS, bold_runs, cell_out
from deptbudget.io.table_layout import layout


def table(rows, **meta) -> Table:
    return Table("t1", "部门收支总表", "表1", "部门：示例局", (("项目", "金额"), ("", "")), ((0, 0, 1, 0),),
                 (Col("text", 20), Col("money", 12)), tuple(rows), ("本表无数据",), meta=meta)


def test_block_rows_and_merges():
    lay = layout(table([Row(("合计", Decimal("1.005")), TOTAL), Row(("工资", Decimal("1.005")))]))
    assert lay.rows[0] == ["部门收支总表", None] and lay.rows[1] == ["表1", None]
    assert lay.rows[2] == ["部门：示例局", "金额单位：万元"]
    assert lay.rows[3:5] == [["项目", "金额"], [None, None]]
    assert lay.rows[5] == ["合计", Decimal("1.005")] and lay.header == (4, 5) and lay.body == 6
    assert lay.rows[8] == ["本表无数据", None] and lay.last == 9 == len(lay.rows)
    assert (1, 1, 1, 2) in lay.merges and (4, 1, 5, 1) in lay.merges
    assert lay.bold_rows == [6] and lay.styles[(7, 2)].fmt == "#,##0.00"
    assert layout(table([Row(("合计", Decimal("1.005")), TOTAL)]), rounded=True).rows[5][1] == Decimal("1.01")


def test_body_merges_empty_the_covered_cells():
    rows = [Row(("项目甲", Decimal(1))), Row(("项目甲", Decimal(2)))]
    plain = layout(table(rows, body_merges=((0, 0, 1, 0),)))
    merged = layout(table(rows, body_merges=((0, 0, 1, 0),)), body_merges=True)
    assert plain.rows[6][0] == "项目甲" and (6, 1, 7, 1) not in plain.merges
    assert merged.rows[6][0] is None and merged.rows[5][0] == "项目甲" and (6, 1, 7, 1) in merged.merges


def test_bold_runs_stay_few_on_long_tables():
    short = layout(table([Row(("a", 1), CLASS), Row(("b", 1), KUAN), Row(("c", 1), DETAIL)]))
    assert bold_runs(short) == [(6, 7)]
    rows = [Row(("合计", 1), TOTAL)]
    for i in range(40):
        rows += [Row((f"类{i}", 1), CLASS), Row((f"款{i}", 1), KUAN), Row((f"项{i}", 1), DETAIL)]
    runs = bold_runs(layout(table(rows)))
    assert len(runs) <= MAX_BOLD_RUNS and runs[0] == (6, 6)  # the 合计 row always


def test_cell_out():
    assert cell_out(Decimal("0.1")) == 0.1 and cell_out("=SUM(A1)") == "'=SUM(A1)" and cell_out(None) is None
