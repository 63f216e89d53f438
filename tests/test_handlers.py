"""Acceptance of the ribbon handlers: each button, run on xlwings' remote engine against a snapshot
of the example department workbook, yields the same tables and findings as the CLI path (the
emitted actions are replayed onto an openpyxl copy and compared cell by cell); input cells are
never touched; user mistakes end in a Chinese alert and a 校验结果 entry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from xlremote_replay import actions, alerts, remote_book, replay, sheet_values, write_counts

from deptbudget.cli import main
from deptbudget.excel import dispatch, handlers
from deptbudget.excel.results import HEADER, MARKS_SHEET, RESULTS_SHEET
from deptbudget.io.workbook_xlsx import build_workbook, save_workbook
from deptbudget.pipeline import all_tables, unit_budgets
from deptbudget.rules import validate_file
from deptbudget.template import spec

INPUTS = [spec.INFO_SHEET] + [s.name for s in spec.INPUT_SHEETS]
TABLE_SHEETS = {t.sheet for t in spec.TABLES}
LINK = re.compile(r"""=HYPERLINK\("#'(.*)'!([A-Z]+\d+)","(.*)"\)""")


@pytest.fixture(scope="module")
def dept(tmp_path_factory, example) -> Path:
    """The example department workbook (input sheets and the 14 tables), as `deptbudget demo` makes it."""
    path = tmp_path_factory.mktemp("dept") / "部门预算工作簿-示例.xlsx"
    save_workbook(build_workbook("部门", example, all_tables(example)), path)
    return path


@pytest.fixture(scope="module")
def bare(tmp_path_factory, example) -> Path:
    """The same department workbook without summary sheets (handlers must add them)."""
    path = tmp_path_factory.mktemp("bare") / "部门预算工作簿-无汇总表.xlsx"
    save_workbook(build_workbook("部门", example), path)
    return path


@pytest.fixture(autouse=True)
def _log(monkeypatch, tmp_path):
    monkeypatch.setenv("DEPTBUDGET_LOG_DIR", str(tmp_path / "log"))


def press(button: str, path: Path, **kw):
    book = remote_book(path, **kw)
    dispatch.run(button, book=book)
    return book


def assert_same_sheet(expected_ws, got_ws):
    assert sheet_values(got_ws) == sheet_values(expected_ws), got_ws.title
    assert sorted(map(str, got_ws.merged_cells.ranges)) == sorted(map(str, expected_ws.merged_cells.ranges))


def assert_inputs_unchanged(wb, path: Path):
    original = load_workbook(path)
    for name in INPUTS:
        if name in original.sheetnames:
            assert sheet_values(wb[name]) == sheet_values(original[name]), name


def results_of(wb) -> list[tuple[str, str, str, str]]:
    """(severity, code, sheet, cell) per 校验结果 row; the cell read back from its HYPERLINK."""
    ws = wb[RESULTS_SHEET]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    out = []
    for row in rows:
        cell = row[HEADER.index("单元格")] or ""
        m = LINK.match(cell)
        if m:
            assert m.group(1).replace("''", "'") == row[HEADER.index("工作表")]
            cell = m.group(3) if m.group(3) != "（整表）" else ""
        out.append((row[1], row[2], row[3] or "", cell))
    return out


def cli_findings(path: Path) -> list[tuple[str, str, str, str]]:
    _, findings = validate_file(path)
    return [(f.severity.value, f.code, f.ref.sheet if f.ref else "", f.ref.cell if f.ref else "") for f in findings]


# ---------------------------------------------------------------- same results as the CLI

@pytest.mark.parametrize("path_fixture", ["dept", "bare"])
def test_rollup_matches_cli(path_fixture, request, tmp_path):
    path = request.getfixturevalue(path_fixture)
    book = press("btnRollup", path)
    wb = replay(actions(book), path)
    out = tmp_path / "cli.xlsx"
    result = CliRunner().invoke(main, ["rollup", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    cli = load_workbook(out)
    assert len(cli.sheetnames) == 10
    for ws in cli:
        assert_same_sheet(ws, wb[ws.title])
    assert_inputs_unchanged(wb, path)
    from deptbudget.commands.rollup import totals
    from deptbudget.core.money import fmt

    t = totals(request.getfixturevalue("example"))
    [message] = alerts(book)
    assert message.startswith(f"汇总完成：已写入 10 张表（表1—表5）。收入总计 {fmt(t['收入总计'])} 万元，"
                              f"支出总计 {fmt(t['支出总计'])} 万元。")
    names = [s.name for s in book.sheets]
    written = {names[a["sheet_position"]] for a in actions(book) if a["sheet_position"] is not None}
    assert written == set(cli.sheetnames)  # only summary sheets were written


@pytest.mark.parametrize("button,what,keys", [("btnFillSangong", "sangong", ("t3_3", "t4_1")),
                                             ("btnFillPerformance", "performance", ("t6", "t7"))])
def test_fill_matches_cli(button, what, keys, dept, tmp_path):
    wb = replay(actions(press(button, dept)), dept)
    out = tmp_path / "cli.xlsx"
    result = CliRunner().invoke(main, ["fill", what, str(dept), "-o", str(out)])
    assert result.exit_code == 0, result.output
    cli = load_workbook(out)
    for key in keys:
        name = spec.TABLE_BY_KEY[key].sheet
        assert_same_sheet(cli[name], wb[name])
    assert_inputs_unchanged(wb, dept)


def test_validate_all_matches_cli(dept):
    book = press("btnValidateAll", dept)
    wb = replay(actions(book), dept)
    expected = cli_findings(dept)
    assert results_of(wb) == expected and len(expected) > 20
    n = {s: sum(1 for f in expected if f[0] == s) for s in ("错误", "警告", "提示")}
    [message] = alerts(book)
    assert message.startswith(f"校验完成：错误 {n['错误']} 项，警告 {n['警告']} 项，提示 {n['提示']} 项，详见「校验结果」。")
    assert "不支持" in message  # colours and notes: said plainly, not faked
    assert_inputs_unchanged(wb, dept)
    assert write_counts(actions(book))["setValues"] == 1  # the whole 校验结果 sheet in one write


def test_validate_sheet_keeps_the_active_sheets_findings(dept):
    index = load_workbook(dept, read_only=True).sheetnames.index("项目支出")
    wb = replay(actions(press("btnValidateSheet", dept, active=index)), dept)
    expected = [f for f in cli_findings(dept) if f[2] == "项目支出"]
    assert results_of(wb) == expected and expected
    assert wb[RESULTS_SHEET]["A1"].value.startswith("「项目支出」校验结果")


def test_notes_on_office_js_and_clear_removes_exactly_them(dept, tmp_path):
    """Office.js clients support notes (not reading a fill colour): 校验 adds notes only where the
    cell has none, records them, and 清除校验标记 deletes exactly those and the two sheets."""
    from openpyxl.comments import Comment

    src = load_workbook(dept)
    src[spec.PROJECTS.name]["J11"].comment = Comment("我们自己的批注", "财务科")
    src.save(mine := tmp_path / "mine.xlsx")
    book = press("btnValidateAll", mine, client="Office.js")
    added = [a["args"][0].replace("$", "") for a in actions(book) if a["func"] == "addNote"]
    assert "J9" in added and "J11" not in added
    wb = replay(actions(book), mine)
    assert wb[MARKS_SHEET].sheet_state == "hidden"
    assert "不支持底色标记" in alerts(book)[0]
    wb.save(validated := tmp_path / "validated.xlsx")

    cleared = press("btnClearMarks", validated, client="Office.js")
    deleted = [a["args"][0].replace("$", "") for a in actions(cleared) if a["func"] == "deleteNote"]
    assert sorted(deleted) == sorted(added)
    after = replay(actions(cleared), validated)
    assert after.sheetnames == src.sheetnames
    notes = lambda wb: {(ws.title, c.coordinate): c.comment.text  # noqa: E731
                        for ws in wb for row in ws.iter_rows() for c in row if c.comment}
    assert notes(after) == notes(src) and notes(src)[(spec.PROJECTS.name, "J11")] == "我们自己的批注"
    assert_inputs_unchanged(after, mine)


def test_text_that_looks_like_a_formula_stays_text():
    from deptbudget.core.findings import Finding, Severity
    from deptbudget.core.model import CellRef
    from deptbudget.excel.book_io import block
    from deptbudget.excel.results import result_rows

    finding = Finding("X-01", Severity.ERROR, CellRef("b.xlsx", "S'1", "A1"), "=1+1 不是金额")
    [row] = block(result_rows([finding], "b.xlsx", {"S'1"}, "校验结果"))[2:]
    assert row[5] == "'=1+1 不是金额"  # a message (user text) is never a formula
    assert row[4] == '=HYPERLINK("#\'S\'\'1\'!A1","A1")'  # our link is


def test_results_links_point_at_the_cells(dept):
    wb = replay(actions(press("btnValidateAll", dept)), dept)
    cells = wb[RESULTS_SHEET]["E"][2:]
    links = [c.value for c in cells]
    assert all(LINK.match(v) for v in links if v)
    assert all(c.data_type == "f" for c in cells if c.value)  # formulas, not text
    assert "=HYPERLINK(\"#'项目支出'!J9\",\"J9\")" in links


def test_narrative_sheet_matches_cli_and_a_users_own_text_is_kept(dept, tmp_path):
    from deptbudget.io.narrative_sheet import DRAFT_SHEET, MARKER

    wb = replay(actions(press("btnFillNarrative", dept)), dept)
    out = tmp_path / "cli.xlsx"
    assert CliRunner().invoke(main, ["fill", "narrative", str(dept), "-o", str(out)]).exit_code == 0
    assert_same_sheet(load_workbook(out)[spec.NARRATIVE_SHEET], wb[spec.NARRATIVE_SHEET])
    assert wb[spec.NARRATIVE_SHEET]["A2"].value == MARKER
    # a 情况说明 the department wrote itself is never overwritten
    own = dept.parent / "own.xlsx"
    src = load_workbook(dept)
    src.create_sheet(spec.NARRATIVE_SHEET)["A1"] = "我们自己写的说明"
    src.save(own)
    wb = replay(actions(press("btnFillNarrative", own)), own)
    assert wb[spec.NARRATIVE_SHEET]["A1"].value == "我们自己写的说明"
    assert wb[DRAFT_SHEET]["A2"].value == MARKER


def test_folder_rollup_matches_cli(tmp_path, example, bare):
    folder = tmp_path / "单位工作簿"
    for ub in unit_budgets(example):
        save_workbook(build_workbook("单位", ub), folder / f"{ub.units[0].code}.xlsx")
    book = remote_book(bare)
    handlers.run_folder_rollup(book, folder)  # the desktop button picks the folder, then this
    wb = replay(actions(book), bare)
    out = tmp_path / "cli.xlsx"
    assert CliRunner().invoke(main, ["rollup", str(folder), "-o", str(out)]).exit_code == 0
    for ws in load_workbook(out):
        assert_same_sheet(ws, wb[ws.title])
    assert alerts(book)[0].startswith("从 5 个工作簿汇总完成")


# ---------------------------------------------------------------- block writes

def test_a_5000_line_workbook_is_written_in_blocks(tmp_path):
    synth = pytest.importorskip("synth", reason="benchmarks/synth.py")
    path = Path(synth.make_department(5000, tmp_path, seed=3))
    book = remote_book(path)
    buttons = ("btnRollup", "btnFillSangong", "btnFillPerformance", "btnFillNarrative")
    for button in buttons:
        dispatch.run(button, book=book)
    assert all(not m.startswith(("出现意外错误", "「")) for m in alerts(book)), alerts(book)
    counts = write_counts(actions(book))
    sheets = counts["addSheet"] + counts.get("sheetClear", 0)
    assert sheets == 15 and counts["setValues"] == sheets  # one value write per sheet
    formats = sum(counts.values()) - counts["setValues"] - sheets
    assert formats <= 40 * sheets  # a few range calls per sheet, whatever the number of lines
    assert any("表体未合并单元格" in m for m in alerts(book))  # 表6's hundreds of project blocks: said, not done
    print(f"5,000 行：{counts['setValues']} 次写值，{formats} 次格式调用，共 {len(actions(book))} 个动作")


@pytest.fixture(scope="session", autouse=True)
def _benchmarks_on_path():
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


# ---------------------------------------------------------------- user mistakes

def _edit(src: Path, dst: Path, sheet: str, cell: str, value) -> Path:
    wb = load_workbook(src)
    wb[sheet][cell] = value
    wb.save(dst)
    return dst


def _amount_cell(path: Path) -> str:
    ws = load_workbook(path)[spec.BASIC.name]
    col = [c.value for c in ws[3]].index("金额") + 1
    return ws.cell(row=5, column=col).coordinate


@pytest.mark.parametrize("button", ["btnRollup", "btnFillSangong", "btnFillNarrative"])
def test_text_in_an_amount_cell_stops_with_an_alert(button, dept, tmp_path):
    cell = _amount_cell(dept)
    path = _edit(dept, tmp_path / "text.xlsx", spec.BASIC.name, cell, "约5万元")
    book = press(button, path)
    [message] = alerts(book)
    assert "未执行" in message and "错误" in message and "录入数据未作任何修改" in message
    assert "Traceback" not in message and re.search(r"[\u4e00-\u9fff]", message)
    wb = replay(actions(book), path)
    assert ("错误", "AMT-07", spec.BASIC.name, cell) in results_of(wb)
    assert_inputs_unchanged(wb, path)
    names = [s.name for s in book.sheets]
    touched = {names[a["sheet_position"]] for a in actions(book) if a["sheet_position"] is not None}
    assert touched <= {RESULTS_SHEET}  # no summary sheet rewritten from bad input


def test_not_the_template_stops_with_an_alert(tmp_path):
    path = tmp_path / "别的表.xlsx"
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.active.append(["姓名", "金额"])
    wb.active.append(["张三", 5])
    wb.save(path)
    book = press("btnRollup", path)
    [message] = alerts(book)
    assert "不是部门预算标准工作簿" in message
    got = replay(actions(book), path)
    assert ("错误", "STR-01", spec.INFO_SHEET, "") in results_of(got)
    assert sheet_values(got["Sheet1"]) == [["姓名", "金额"], ["张三", 5]]
    assert set(got.sheetnames) == {"Sheet1", RESULTS_SHEET}


def test_desktop_only_buttons_say_so_on_the_remote_engine(dept):
    for button in ("btnNewWorkbook", "btnRollupFolder", "btnExportXlsx", "btnExportPdf"):
        book = press(button, dept)
        assert [a["func"] for a in actions(book)] == ["alert"]
        [args] = [a["args"] for a in actions(book)]
        assert "桌面版 Excel" in args[0] and args[3] == "info"


def test_every_button_on_the_example_ends_in_a_plain_alert(dept):
    for button in dispatch.BUTTONS:
        if button in ("btnImportUdfs", "btnHelp", "btnSettings"):
            continue
        book = press(button, dept)
        shown = [a["args"] for a in actions(book) if a["func"] == "alert"]
        assert len(shown) == 1 and shown[0][3] == "info", (button, shown)


# ---------------------------------------------------------------- 添加单位

def test_add_unit_appends_one_row(dept):
    book = press("btnAddUnit", dept)
    acts = [a for a in actions(book) if a["func"] == "setValues"]
    assert len(acts) == 1 and acts[0]["values"] == [["139006"]]
    wb = replay(actions(book), dept)
    ws = wb[spec.UNITS.name]
    codes = [ws.cell(row=r, column=1).value for r in range(4, 10)]
    assert codes == ["139001", "139002", "139003", "139004", "139005", "139006"]
    assert "139006" in alerts(book)[0]


def test_add_unit_refuses_without_a_department_code(tmp_path):
    path = tmp_path / "空白.xlsx"
    save_workbook(build_workbook("部门"), path)
    book = press("btnAddUnit", path)
    assert "部门编码" in alerts(book)[0] and write_counts(actions(book)) == {}


def test_reads_and_value_writes_do_not_grow_with_the_workbook(tmp_path, monkeypatch):
    """Each button reads every sheet it needs in one block and writes each sheet in one block:
    a workbook ten times larger takes the same number of calls."""
    from deptbudget.excel import book_io

    synth = pytest.importorskip("synth", reason="benchmarks/synth.py")
    reads: list[str] = []
    real = book_io.read_sheet
    monkeypatch.setattr(book_io, "read_sheet", lambda sheet: reads.append(sheet.name) or real(sheet))
    per_size = {}
    for lines in (500, 5000):
        path = Path(synth.make_department(lines, tmp_path / str(lines), seed=3))
        counts = {}
        for button in ("btnValidateAll", "btnRollup", "btnFillSangong", "btnFillPerformance", "btnFillNarrative"):
            reads.clear()
            book = remote_book(path)
            dispatch.run(button, book=book)
            writes = write_counts(actions(book))
            counts[button] = (len(reads), writes.get("setValues", 0))
        per_size[lines] = counts
    assert per_size[500] == per_size[5000], per_size
    print("每个按钮（读取块数, 写值块数）：", per_size[5000])
    assert all(r <= 12 and w <= 16 for r, w in per_size[5000].values()), per_size
