"""The floor and the baselines the roll-up is measured against, each run as its own process:

    python benchmarks/readers.py calamine LIST   # floor: read every cell of every file, nothing else
    python benchmarks/readers.py openpyxl LIST   # baseline: openpyxl, cell by cell, sums in Python
    python benchmarks/readers.py pandas LIST     # baseline: pandas.read_excel(engine="openpyxl") + groupby
    python benchmarks/readers.py write LIST CELLS  # floor of a roll-up: calamine as above, then the output
                                                   # tables' cells (CELLS, made by cells_of) written with
                                                   # XlsxWriter, constant_memory, one format

LIST is a text file with one workbook path per line. Each prints one line: files, cells or rows
seen, and a checksum of the amounts, so a run that silently skipped work would show.
"""

from __future__ import annotations

import sys
from decimal import Decimal

SHEETS = ("收入", "基本支出", "项目支出")
HEADER_ROW = 3  # 1-based row of the headers in our template


def calamine(paths: list[str]) -> str:
    from python_calamine import CalamineWorkbook

    cells = 0
    for p in paths:
        wb = CalamineWorkbook.from_path(p)
        for name in wb.sheet_names:
            rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            cells += sum(len(r) for r in rows)
    return f"calamine files={len(paths)} cells={cells}"


def read_write(paths: list[str], cells: str) -> str:
    """The floor of a roll-up: read every cell of the inputs (calamine), then write the cells of
    its output — same sheets, same values — with XlsxWriter in constant_memory mode and one format."""
    import pickle
    import tempfile

    import xlsxwriter

    read = calamine(paths)
    with open(cells, "rb") as fh:
        sheets = pickle.load(fh)
    written = 0
    with tempfile.TemporaryDirectory() as tmp:
        wb = xlsxwriter.Workbook(f"{tmp}/out.xlsx", {"constant_memory": True})
        fmt = wb.add_format({"font_name": "宋体", "font_size": 10, "border": 1, "num_format": "#,##0.00"})
        for name, rows in sheets.items():
            ws = wb.add_worksheet(name)
            for r, row in enumerate(rows):
                for c, v in enumerate(row):
                    if v is None or v == "":
                        continue
                    if isinstance(v, str):
                        ws.write_string(r, c, v, fmt)
                    else:
                        ws.write_number(r, c, v, fmt)
                    written += 1
        wb.close()
    return f"{read} written={written}"


def cells_of(workbook: str, out: str) -> None:
    """The cells of every sheet of `workbook` (sheet → rows of values), pickled for read_write."""
    import pickle

    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(workbook)
    sheets = {name: wb.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in wb.sheet_names}
    with open(out, "wb") as fh:
        pickle.dump(sheets, fh)


def openpyxl_cells(paths: list[str]) -> str:
    """What a finance office's script looks like: open, find the columns, walk the cells."""
    from openpyxl import load_workbook

    totals: dict[tuple, Decimal] = {}
    cells = 0
    for p in paths:
        wb = load_workbook(p, data_only=True)
        for name in SHEETS:
            ws = wb[name]
            cols = {ws.cell(HEADER_ROW, c).value: c for c in range(1, ws.max_column + 1)}
            for r in range(HEADER_ROW + 1, ws.max_row + 1):
                amount = ws.cell(r, cols["金额"]).value
                key = tuple(ws.cell(r, cols[h]).value if h in cols else "" for h in
                            ("单位编码", "功能分类科目编码", "经济分类科目编码", "资金来源", "收入类别"))
                cells += 6
                if amount is not None:
                    totals[(name,) + key] = totals.get((name,) + key, Decimal(0)) + Decimal(repr(amount))
        wb.close()
    return f"openpyxl files={len(paths)} cells={cells} total={_total(totals)}"


def pandas_groupby(paths: list[str]) -> str:
    import pandas as pd

    frames = []
    for p in paths:
        sheets = pd.read_excel(p, sheet_name=list(SHEETS), header=HEADER_ROW - 1, engine="openpyxl",
                               dtype={"单位编码": str, "功能分类科目编码": str, "经济分类科目编码": str})
        for name, df in sheets.items():
            df = df.rename(columns={"收入类别": "资金来源"})
            frames.append(df.assign(表=name)[[c for c in ("表", "单位编码", "功能分类科目编码",
                                                        "经济分类科目编码", "资金来源", "金额") if c in df or c == "表"]])
    data = pd.concat(frames, ignore_index=True)
    keys = ["表", "单位编码", "功能分类科目编码", "经济分类科目编码", "资金来源"]
    grouped = data.fillna({"经济分类科目编码": ""}).groupby(keys, dropna=False)["金额"].sum()
    spend = grouped[grouped.index.get_level_values("表") != "收入"].sum()
    return f"pandas files={len(paths)} rows={len(data)} groups={len(grouped)} total={spend:.2f}"


def _total(totals: dict) -> str:
    return str(sum((v for k, v in totals.items() if k[0] != "收入"), Decimal(0)))


RUNNERS = {"calamine": calamine, "openpyxl": openpyxl_cells, "pandas": pandas_groupby, "write": read_write}

if __name__ == "__main__":
    which, listfile = sys.argv[1], sys.argv[2]
    with open(listfile, encoding="utf-8") as fh:
        files = [line.strip() for line in fh if line.strip()]
    print(RUNNERS[which](files, *sys.argv[3:]))
