"""Big sheets are parsed by calamine in worker threads while the reader works on the others
(io.read, io.pending). Threads must change nothing: the same grid, budget and findings as a
read in one thread; a sheet that fails in a thread is the same clear READ-01; an unsafe sheet is
still refused before any parsing."""

import zipfile

import pytest

from deptbudget.io import read, xlsx_scan
from deptbudget.io.reader import read_workbook, read_workbook_with_grid
from deptbudget.io.workbook_xlsx import build_workbook, save_workbook


@pytest.fixture(scope="module")
def dept_file(example, tmp_path_factory):
    path = tmp_path_factory.mktemp("threaded") / "部门.xlsx"
    save_workbook(build_workbook("部门", example), path)
    return path


def _every_sheet_in_threads(monkeypatch):
    monkeypatch.setattr(read, "THREAD_BYTES", -1)


def _snapshot(grid):
    return {name: (s.rows, s.visible, s.merged, s.hidden_rows, set(s.uncached))
            for name, s in grid.sheets.items()}


def test_threads_give_the_same_grid_budget_and_findings(dept_file, monkeypatch):
    grid_one, result_one = read_workbook_with_grid(dept_file)
    _every_sheet_in_threads(monkeypatch)
    grid_threads, result_threads = read_workbook_with_grid(dept_file)
    assert list(grid_threads.sheets) == list(grid_one.sheets)  # workbook order kept
    assert _snapshot(grid_threads) == _snapshot(grid_one)
    assert result_threads.budget == result_one.budget
    assert result_threads.findings == result_one.findings


def test_lazy_grid_finishes_sheets_on_first_use(dept_file, monkeypatch):
    _every_sheet_in_threads(monkeypatch)
    grid = read.read_grid(dept_file, lazy=True)
    assert any(type(v).__name__ == "Pending" for v in grid.sheets._items.values())
    grid.finish()
    assert all(type(v).__name__ == "SheetGrid" for v in grid.sheets._items.values())


def test_a_sheet_failing_in_a_thread_is_a_clear_read_error(dept_file, monkeypatch):
    _every_sheet_in_threads(monkeypatch)

    def broken(path, name):
        raise ValueError("XmlError: unexpected end")

    monkeypatch.setattr(read, "_parse_alone", broken)
    grid, result = read_workbook_with_grid(dept_file)
    assert grid is None and not result.ok
    assert [f.code for f in result.findings] == ["READ-01"]
    assert "无法解析工作簿内容" in result.findings[0].message


def test_unsafe_sheet_is_refused_before_parsing(dept_file, tmp_path, monkeypatch):
    """Sheets are checked smallest first and submitted to threads as they pass; a bomb in the
    largest sheet, checked last, must still refuse the file and never be parsed."""
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(dept_file) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        parts = xlsx_scan.sheet_parts(src)
        small = parts["基本支出"]
        for info in src.infolist():
            data = src.read(info)
            if info.filename == small:
                assert b"</sheetData>" in data
                data = data.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
                                                   b"</sheetData>", 1)
            out.writestr(info, data)
    parsed = []
    real = read._parse_alone
    monkeypatch.setattr(read, "_parse_alone", lambda p, n: parsed.append(n) or real(p, n))
    _every_sheet_in_threads(monkeypatch)
    result = read_workbook(bomb)
    assert not result.ok and "过大" in result.findings[0].message
    assert "基本支出" not in parsed


def _row(r: int) -> str:
    hidden = ' hidden="1"' if r % 7 == 0 else ""
    return (f'<row r="{r}"{hidden}><c r="A{r}"><v>{r}</v></c><c r="B{r}"><f>A{r}*2</f></c>'
            f'<c r="C{r}" t="e"><v>#REF!</v></c></row>')


def test_details_of_a_sheet_too_large_to_keep_are_streamed_again(tmp_path, monkeypatch):
    xml = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
           + "".join(_row(r) for r in range(1, 3000)).encode() + b"</sheetData></worksheet>")
    path = tmp_path / "sheet.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", xml)
    with zipfile.ZipFile(path) as zf:
        kept = xlsx_scan.scan_sheet(zf, "xl/worksheets/sheet1.xml", 10**6)
        monkeypatch.setattr(xlsx_scan, "KEEP_BYTES", 100)
        monkeypatch.setattr(xlsx_scan, "CHUNK", 4096)
        scan, blocks = xlsx_scan.check_sheet(zf, "xl/worksheets/sheet1.xml", 10**6)
    assert isinstance(blocks, tuple)  # not kept: add_details reads the part again
    streamed = xlsx_scan.add_details(scan, blocks)
    assert streamed.hidden_rows == kept.hidden_rows and len(kept.hidden_rows) == 2999 // 7
    assert streamed.errors == kept.errors and len(kept.errors) == 2999
    assert set(streamed.uncached) == set(kept.uncached) and len(set(kept.uncached)) == 2999
