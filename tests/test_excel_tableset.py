"""The add-in publishes in the workbook's declared 公开表样式 (issue 17): 汇总, 生成三公表, 导出 take the
set from 基本信息「公开表样式」 through the CLI's own choice (rollup.facts.chosen_table_set).

The 上海 department is the golden budget of test_tableset_shanghai (示范区文化旅游局, two units), whose
every 元 figure was worked out there by hand from its lines; here it is written into a department
workbook declaring 上海部门预算 and the buttons are pressed on the desktop stand-in (fake_desktop,
xlwings' Windows engine) and on xlwings' remote engine. A few figures are restated below by hand so
the test reads on its own."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal as D

import pytest
from fake_desktop import Book
from openpyxl import load_workbook
from test_tableset_shanghai import DEPT_ROWS, budget, expect
from xlremote_replay import actions, alerts, remote_book, replay, sheet_values

from deptbudget.core.model import CellRef, Fact, Facts
from deptbudget.excel import dispatch
from deptbudget.excel.results import HEADER, MARKS_SHEET, RESULTS_SHEET
from deptbudget.io.workbook_xlsx import build_workbook, save_workbook
from deptbudget.pipeline import all_tables
from deptbudget.template import spec

SH = {  # the nine 上海 sheets, 「表N 标题」 (titles as the set prints them, year and quotes left out)
    "sh1": "表1 部门财务收支预算总表", "sh2": "表2 部门收入预算总表", "sh3": "表3 部门支出预算总表",
    "sh4": "表4 部门财政拨款收支预算总表", "sh5": "表5 部门一般公共预算支出功能分类预算表",
    "sh6": "表6 部门一般公共预算基本支出部门预算经济分类预算表",
    "sh7": "表7 部门政府性基金预算支出功能分类预算表", "sh8": "表8 部门国有资本经营预算支出功能分类预算表",
    "sh9": "表9 部门三公经费和机关运行经费预算表",
}
SICHUAN_ROLLUP = [t.sheet for t in spec.TABLES if t.key in ("t1", "t1_1", "t1_2", "t2", "t2_1", "t3", "t3_1",
                                                             "t3_2", "t4", "t5")]
INPUTS = [spec.INFO_SHEET] + [s.name for s in spec.INPUT_SHEETS]
LINK = re.compile(r"""=HYPERLINK\("#'(.*)'!([A-Z]+\d+)","(.*)"\)""")


@pytest.fixture(autouse=True)
def _log(monkeypatch, tmp_path):
    monkeypatch.setenv("DEPTBUDGET_LOG_DIR", str(tmp_path / "log"))


def workbook(path, declared, tables=False):
    """The golden 上海 department as a department workbook declaring `declared` (None: blank)."""
    b = budget()
    if declared is not None:
        b = replace(b, facts={"table_set": declared})
    save_workbook(build_workbook("部门", b, all_tables(b) if tables else None), path)
    return path


def info_row(book) -> int:
    sheet = book.sheet(spec.INFO_SHEET)
    return next(r for (r, c), v in sheet.cells.items() if c == 1 and v == "公开表样式")


def declare(book, name) -> None:
    """The user types another 公开表样式 into 基本信息 (column B of its row)."""
    book.sheet(spec.INFO_SHEET).cells[(info_row(book), 2)] = name


def rows_of(book, name) -> list[list]:
    sheet = book.sheet(name)
    last_r = max(r for r, _ in sheet.cells)
    last_c = max(c for _, c in sheet.cells)
    return [[sheet.cells.get((r, c)) for c in range(1, last_c + 1)] for r in range(1, last_r + 1)]


def money(v):
    """A written cell as the published copy shows it: 元 to the 分 (floats from Excel)."""
    if isinstance(v, float):
        return D(repr(v)).quantize(D("0.01"))
    return None if v == "" else v


def body_block(rows: list[list], want: list[tuple]) -> list[tuple]:
    """The rows of `rows` from where the first expected row starts, as many as expected (text as
    written, amounts to the 分), each cut to the expected width; and the row after them must be
    no body row (nothing left out, nothing added)."""
    width = len(want[0])
    norm = [tuple(money(v) for v in (r + [None] * width)[:width]) for r in rows]
    start = next(i for i, r in enumerate(norm) if r == want[0])
    got = norm[start:start + len(want)]
    after = norm[start + len(want)] if start + len(want) < len(norm) else None
    assert after is None or all(v is None for v in after[2:]), after
    return got


def results(book) -> list[tuple[str, str, str, str]]:
    """(severity, code, sheet, cell) per 校验结果 row of the stand-in."""
    rows = rows_of(book, RESULTS_SHEET)[2:]
    out = []
    for row in rows:
        cell = row[HEADER.index("单元格")] or ""
        m = LINK.match(cell)
        out.append((row[1], row[2], row[3] or "", m.group(3) if m else cell))
    return out


def inputs_of(book):
    return {n: dict(book.sheet(n).cells) for n in INPUTS if n in [s.name for s in book.sheet_list]}


# ------------------------------------------------------------ 上海部门预算: the nine sheets in 元

@pytest.fixture(scope="module")
def pressed(tmp_path_factory):
    """汇总单位表 then 生成三公表 on a workbook declaring 上海部门预算 (Windows stand-in)."""
    path = workbook(tmp_path_factory.mktemp("sh") / "上海部门.xlsx", "上海部门预算")
    book = Book(path)
    before = inputs_of(book)
    dispatch.run("btnRollup", book=book)
    dispatch.run("btnFillSangong", book=book)
    return book, before


def test_shanghai_sheets_written_in_order(pressed):
    book, _ = pressed
    names = [s.name for s in book.sheet_list]
    assert [n for n in names if n in SH.values()] == list(SH.values())  # all nine, 表1 … 表9 together
    assert names.index(SH["sh9"]) == names.index(SH["sh8"]) + 1


@pytest.mark.parametrize("key", list(SH))
def test_shanghai_every_body_cell_in_yuan(pressed, key):
    book, _ = pressed
    want = expect(DEPT_ROWS[key])  # worked out by hand in test_tableset_shanghai
    assert body_block(rows_of(book, SH[key]), want) == want


def test_shanghai_figures_by_hand(pressed):
    """Restated: 收入总计 = 2 units' money in 元 (4,391,292.34); 表9 三公 104,000.00 = 出国 50,000 (项目 5 万元)
    + 车辆运行 34,000 (3.4 万元) + 接待 20,000 (1.2 + 0.8 万元); each sheet says 「单位：元」 and the 编制部门."""
    book, _ = pressed
    t1 = rows_of(book, SH["sh1"])
    total = next(r for r in t1 if r[0] == "收入总计")
    assert money(total[1]) == D("4391292.34") and total[2] == "支出总计" and money(total[3]) == D("4391292.34")
    t9 = rows_of(book, SH["sh9"])
    assert [money(v) for v in t9[6][:7]] == [D("104000.00"), D("50000.00"), D("34000.00"), None,
                                             D("34000.00"), D("20000.00"), D("251000.00")]
    for name in SH.values():
        cells = [v for r in rows_of(book, name)[:4] for v in r]
        assert "单位：元" in cells and "编制部门：示范区文化旅游局" in cells, name


def test_shanghai_messages_name_the_set(pressed):
    book, _ = pressed
    rollup, sangong = (a for a, _ in book.alerts[:2])
    assert rollup.startswith("汇总完成：已写入 8 张表（表1—表8）。收入总计 4,391,292.34 元，支出总计 4,391,292.34 元。"
                             "公开表样式：上海部门预算（按「基本信息」的公开表样式）。")
    assert "另更新了四川表式的 10 张表（表1—表5）" in rollup  # what 校验 reads, as the CLI writes
    assert sangong.startswith(f"生成三公表完成：已写入 「{SH['sh9']}」。公开表样式：上海部门预算")


def test_shanghai_inputs_untouched(pressed):
    book, before = pressed
    assert inputs_of(book) == before


def test_shanghai_on_the_remote_engine(tmp_path):
    """xlwings Server/Lite: the same sheets as block writes, replayed onto the file."""
    path = workbook(tmp_path / "上海部门.xlsx", "上海部门预算")
    book = remote_book(path)
    dispatch.run("btnRollup", book=book)
    wb = replay(actions(book), path)
    for key in ("sh1", "sh2", "sh3", "sh4", "sh5", "sh6", "sh7", "sh8"):
        want = expect(DEPT_ROWS[key])
        assert body_block(sheet_values(wb[SH[key]]), want) == want, key
    assert SH["sh9"] not in wb.sheetnames  # 表9 is 生成三公表's
    [message] = alerts(book)
    assert "公开表样式：上海部门预算" in message and "4,391,292.34 元" in message


def test_pdf_prints_the_shanghai_sheets(pressed, tmp_path):
    book, _ = pressed
    dispatch.run("btnExportPdf", book=book)
    path, include = book.pdfs[-1]
    assert include == list(SH.values())
    assert "公开表样式：上海部门预算" in book.alerts[-1][0]


def test_export_writes_the_nine_tables(tmp_path):
    """导出公开表 with the gate's 错误 of this bare budget (no indicators, draft placeholders) ignored
    in 设置: the package holds the nine 上海 tables, 收入总计 in 元."""
    path = workbook(tmp_path / "上海部门.xlsx", "上海部门预算")
    book = Book(path)
    settings = book.sheet(spec.SETTINGS_SHEET)
    row = next(r for (r, c), v in settings.cells.items() if c == 1 and str(v).startswith("忽略的规则"))
    settings.cells[(row, 2)] = "PRF-01,NAR-09"
    dispatch.run("btnExportXlsx", book=book)
    message = book.alerts[-1][0]
    assert message.startswith("已导出：") and "公开表样式：上海部门预算" in message, message
    [xlsx] = [p for p in tmp_path.iterdir() if p.name.endswith("部门预算公开表.xlsx")]
    wb = load_workbook(xlsx)
    assert [n for n in wb.sheetnames if n.startswith("表")] == list(SH.values())
    t1 = sheet_values(wb[SH["sh1"]])
    total = next(r for r in t1 if r[0] == "收入总计")
    assert money(float(total[1])) == D("4391292.34")


# ------------------------------------------------------------ 四川 unchanged

def test_sichuan_declared_writes_what_the_blank_writes(tmp_path):
    """Declaring 四川部门预算 or leaving it blank: the same 10 sheets, cell for cell, no 上海 sheet."""
    books = []
    for declared in ("四川部门预算", None):
        book = Book(workbook(tmp_path / f"{declared or 'blank'}.xlsx", declared))
        dispatch.run("btnRollup", book=book)
        books.append(book)
    explicit, blank = books
    for name in SICHUAN_ROLLUP:
        assert explicit.sheet(name).cells == blank.sheet(name).cells, name
    for book in books:
        assert not set(SH.values()) & {s.name for s in book.sheet_list}
        assert book.alerts[0][0].startswith("汇总完成：已写入 10 张表（表1—表5）。收入总计 439.13 万元，支出总计 439.13 万元。")
    assert "公开表样式：四川部门预算（按「基本信息」的公开表样式）" in explicit.alerts[0][0]
    assert "公开表样式：四川部门预算（基本信息未填写「公开表样式」，按默认）" in blank.alerts[0][0]
    t1 = rows_of(blank, SICHUAN_ROLLUP[0])
    total = next(r for r in t1 if r[0] == "收入总计")  # 4,391,292.34 元 = 439.129234 万元
    assert money(total[1]) == D("439.13")


# ------------------------------------------------------------ unknown name: STR-17, nothing written

@pytest.mark.parametrize("button", ["btnRollup", "btnFillSangong", "btnExportXlsx", "btnExportPdf"])
def test_unknown_name_is_str17_and_nothing_written(tmp_path, button):
    path = workbook(tmp_path / "上海.xlsx", "上海")
    book = Book(path)
    row = info_row(book)
    before = {s.name: dict(s.cells) for s in book.sheet_list}
    dispatch.run(button, book=book)
    assert ("错误", "STR-17", spec.INFO_SHEET, f"B{row}") in results(book)
    message = book.alerts[-1][0]
    assert "未执行" in message and "「上海」不是可用的样式" in message
    after = {s.name: dict(s.cells) for s in book.sheet_list}
    assert set(after) - set(before) <= {RESULTS_SHEET, MARKS_SHEET}  # no table sheet, no file
    assert {n: c for n, c in after.items() if n in before} == before
    assert not book.pdfs and not [p for p in tmp_path.iterdir() if "公开表" in p.name]


# ------------------------------------------------------------ switching sets keeps the other set's sheets

def test_switch_sichuan_to_shanghai_and_back_keeps_every_sheet(tmp_path):
    """A 四川 workbook with its 14 tables switched to 上海: the 四川 sheets stay (the roll-up's are
    refreshed for 校验), 上海's are added. Back to 四川: the 上海 sheets are kept untouched and named."""
    book = Book(workbook(tmp_path / "切换.xlsx", None, tables=True))
    sichuan = [t.sheet for t in spec.TABLES]
    declare(book, "上海部门预算")
    dispatch.run("btnRollup", book=book)
    names = [s.name for s in book.sheet_list]
    assert all(n in names for n in sichuan) and all(SH[k] in names for k in SH if k != "sh9")
    assert "另有" not in book.alerts[-1][0]  # nothing of another set left behind

    shanghai = {SH[k]: dict(book.sheet(SH[k]).cells) for k in SH if k != "sh9"}
    declare(book, "四川部门预算")
    dispatch.run("btnRollup", book=book)
    message = book.alerts[-1][0]
    assert "工作簿中另有「上海部门预算」的 8 张表（表1—表8），本次未更新、未删除" in message
    assert {n: dict(book.sheet(n).cells) for n in shanghai} == shanghai
    assert message.startswith("汇总完成：已写入 10 张表（表1—表5）。收入总计 439.13 万元")


# ------------------------------------------------------------ 单位 set → its 部门 counterpart

def test_unit_set_on_a_department_publishes_its_counterpart(tmp_path):
    book = Book(workbook(tmp_path / "单位样式.xlsx", "上海单位预算"))
    dispatch.run("btnRollup", book=book)
    message = book.alerts[-1][0]
    assert "公开表样式：上海部门预算（各单位声明「上海单位预算」，2 个单位汇总按部门样式公开）" in message
    assert SH["sh1"] in [s.name for s in book.sheet_list]


def test_unit_sets_name_their_department_set():
    from deptbudget.tablesets import SETS

    assert {n: ts.counterpart for n, ts in SETS.items()} == {
        "四川部门预算": "", "四川单位预算": "四川部门预算", "上海部门预算": "", "上海单位预算": "上海部门预算"}


def test_the_mapping_reads_counterpart_not_the_name(monkeypatch):
    """A 单位 set whose name says nothing of its 部门 set still rolls up into it."""
    from deptbudget.core.model import Budget, Department, Unit, UnitKind
    from deptbudget.rollup.facts import chosen_table_set
    from deptbudget.tablesets import SETS

    odd = replace(SETS["上海单位预算"], name="某区单位公开", counterpart="上海部门预算")
    monkeypatch.setitem(SETS, odd.name, odd)
    units = (Unit("607001", "甲", UnitKind.ADMIN), Unit("607002", "乙", UnitKind.INSTITUTION))
    facts = Facts([Fact(u.code, "table_set", "某区单位公开", CellRef(f"{u.code}.xlsx", "基本信息", "B10"))
                   for u in units])
    chosen, note = chosen_table_set(None, Budget(Department("607", "丙", 2025), units=units, facts=facts))
    assert chosen is SETS["上海部门预算"] and "各单位声明「某区单位公开」" in note
    one = Budget(Department("607", "丙", 2025), units=units[:1], facts=Facts(facts.records[:1]))
    assert chosen_table_set(None, one)[0] is odd  # one unit: its own 单位 set


# ------------------------------------------------------------ 从文件夹汇总: the units' declared set

def unit_files(folder, declared: dict[str, str]):
    """The golden budget's two units as unit workbooks, each declaring its own 公开表样式."""
    from deptbudget.pipeline import unit_budgets

    for ub in unit_budgets(budget()):
        code = ub.units[0].code
        save_workbook(build_workbook("单位", replace(ub, facts={"table_set": declared[code]})),
                      folder / f"{code}.xlsx")
    return folder


def test_folder_of_unit_set_workbooks_publishes_the_department_set(tmp_path, monkeypatch):
    from deptbudget.excel import steps

    folder = unit_files(tmp_path / "各单位", {"607001": "上海单位预算", "607002": "上海单位预算"})
    book = Book(workbook(tmp_path / "部门.xlsx", None))
    monkeypatch.setattr(steps, "pick_folder", lambda book, title: folder)
    dispatch.run("btnRollupFolder", book=book)
    message = book.alerts[-1][0]
    assert message.startswith("从 2 个工作簿汇总完成：已写入 8 张表（表1—表8）。收入总计 4,391,292.34 元"), message
    assert "（各单位声明「上海单位预算」，2 个单位汇总按部门样式公开）" in message
    want = expect(DEPT_ROWS["sh3"])
    assert body_block(rows_of(book, SH["sh3"]), want) == want


def test_folder_with_an_unknown_set_is_str17_at_the_unit_file(tmp_path, monkeypatch):
    from deptbudget.excel import steps

    folder = unit_files(tmp_path / "各单位", {"607001": "上海部门预算", "607002": "浦东样式"})
    book = Book(workbook(tmp_path / "部门.xlsx", None))
    before = [s.name for s in book.sheet_list]
    monkeypatch.setattr(steps, "pick_folder", lambda book, title: folder)
    dispatch.run("btnRollupFolder", book=book)
    assert "未执行" in book.alerts[-1][0]
    rows = rows_of(book, RESULTS_SHEET)[2:]
    hits = [r for r in rows if r[2] == "STR-17"]
    assert [(r[3], r[HEADER.index("文件")]) for r in hits] == [(spec.INFO_SHEET, "607002.xlsx")]
    assert [s.name for s in book.sheet_list if s.name not in (RESULTS_SHEET, MARKS_SHEET)] == before


# ------------------------------------------------------------ 生成情况说明 in the set's unit

def test_narrative_draft_follows_the_set(tmp_path):
    """上海: the draft's amounts in 元 with thousands (收支总预算 4,391,292.34 元 = 439.129234 万元 by hand);
    四川 (blank): 万元 as the seed writes them (439.13 万元)."""
    for declared, total in (("上海部门预算", "收支总预算 4,391,292.34 元"), (None, "收支总预算 439.13 万元")):
        book = Book(workbook(tmp_path / f"{declared or 'blank'}.xlsx", declared))
        dispatch.run("btnFillNarrative", book=book)
        text = [str(v) for v in book.sheet(spec.NARRATIVE_SHEET).cells.values()]
        assert any(total in t for t in text), (declared, text[:15])
        assert f"公开表样式：{declared or '四川部门预算'}" in book.alerts[-1][0]
