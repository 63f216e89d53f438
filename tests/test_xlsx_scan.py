"""The XML pre-scan's fast path (plain XML, columns A–Z) must refuse and accept exactly what the
exact pass does, and find the same uncached formulas."""

import io
import zipfile

import pytest
from hypothesis import given, settings, strategies as st

from deptbudget.io import xlsx_scan as xs

LIMIT = 20_000_000


def _sheet(cells: str, rows: str = "") -> bytes:
    body = rows or f'<row r="1">{cells}</row>'
    return (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + body.encode() + b"</sheetData></worksheet>")


def _scan(xml: bytes) -> xs.SheetScan:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", xml)
    with zipfile.ZipFile(buf) as zf:
        return xs.scan_sheet(zf, "xl/worksheets/sheet1.xml", LIMIT)


def _exact(xml: bytes) -> xs.SheetScan:
    scan = xs.SheetScan()
    xs._extent_exact(xml, scan)
    scan.cells = xml.count(b"<c ")
    scan.uncached.update(xs._uncached_exact(xml))
    return scan


@pytest.mark.parametrize("cells, refused", [
    ('<c r="A1"><v>1</v></c><c r="XFD1048576"><v>1</v></c>', True),  # the classic bomb
    ('<c r="A1"><v>1</v></c><c r="ZZ1"><v>1</v></c>', False),  # wide but one row
    ('<c r="A1"><v>1</v></c><c r="A1048576"><v>1</v></c>', False),  # one column, a stray last row
    ('<c r="Z1"><v>1</v></c><c r="A1048576"><v>1</v></c>', True),  # 26 × 1,048,576
])
def test_fast_path_refuses_what_the_exact_pass_refuses(cells, refused):
    scan = _scan(_sheet(cells))
    assert (scan.area > LIMIT) is refused


def test_row_tag_lying_about_the_cells_row_is_still_caught():
    xml = _sheet("", '<row r="1"><c r="A99999"><v>1</v></c><c r="XFD1"><v>1</v></c></row>')
    assert _scan(xml).area > LIMIT


def test_tab_before_r_takes_the_exact_pass():
    xml = _sheet('<c\tr="A1"><v>1</v></c><c\tr="XFD1048576"><v>1</v></c>')
    assert not xs._plain(xml)
    assert _scan(xml).area > LIMIT


def test_uncached_formulas_found_by_both_passes():
    xml = _sheet('<c r="B1"><f>1+1</f></c><c r="C1" t="str"><f>A1</f><v>x</v></c><c r="D1"><f>2</f><v></v></c>')
    assert _scan(xml).uncached == _exact(xml).uncached == {(0, 1), (0, 3)}


CELL = st.tuples(st.sampled_from(["A", "C", "Z", "AA", "XFD"]), st.integers(1, 1_048_576),
                 st.booleans(), st.booleans())


@settings(max_examples=150, deadline=None)
@given(st.lists(CELL, min_size=1, max_size=8))
def test_fast_and_exact_agree_on_refusal_and_formulas(cells):
    xml = _sheet("".join(f'<c r="{c}{r}">' + ("<f>1</f>" if f else "") + ("<v>1</v>" if v else "") + "</c>"
                         for c, r, f, v in cells))
    fast, exact = _scan(xml), _exact(xml)
    assert (fast.area > LIMIT) == (exact.area > LIMIT)
    if exact.area <= LIMIT:  # a refused sheet is never read: its scan may stop early
        # The fast bound may only understate sheets too small to matter (rows < 100,000, A–Z).
        assert fast.area >= exact.area or exact.area <= 26 * 99_999
        assert fast.uncached == exact.uncached


def test_uncached_cells_answer_by_column_without_converting_the_others():
    from deptbudget.io.grid import UncachedCells

    cells = UncachedCells()
    cells.add_refs([(b"C", b"5"), (b"C", b"6"), (b"AA", b"2")])
    assert cells.rows_in([0, 1]) == set() and cells._refs  # column C and AA untouched
    assert cells.rows_in([2]) == {4, 5}
    assert (1, 26) in cells and (1, 25) not in cells
    assert cells == {(4, 2), (5, 2), (1, 26)} and len(cells) == 3


LAYOUT_CELL = st.tuples(st.sampled_from(["A", "B", "C", "H", "AA"]), st.integers(1, 60),
                        st.sampled_from(["value", "formula", "formula+value", "formula+empty", "shared"]),
                        st.booleans())  # r= first, or after s=


def _cell_xml(col: str, row: int, kind: str, r_first: bool) -> str:
    attrs = f'r="{col}{row}" s="1"' if r_first else f's="1" r="{col}{row}"'
    body = {"value": "<v>1</v>", "formula": "<f>1+1</f>", "formula+value": "<f>1+1</f><v>2</v>",
            "formula+empty": "<f>1+1</f><v></v>", "shared": '<f t="shared" si="0"/>'}[kind]
    return f"<c {attrs}>{body}</c>"


@settings(max_examples=150, deadline=None)
@given(st.lists(LAYOUT_CELL, min_size=1, max_size=12), st.sets(st.sampled_from([0, 1, 2, 7, 26]), min_size=1))
def test_formulas_searched_by_column_match_the_whole_search(cells, cols):
    """The reader asks only about its own columns; the answer found by column letters (or by the
    whole search where a cell's r= is not first) must be the whole search's, restricted."""
    xml = _sheet("".join(_cell_xml(*c) for c in cells))
    lazy, whole = _scan(xml).uncached, set(_exact(xml).uncached)
    assert lazy.rows_in(cols) == {r for r, c in whole if c in cols}
    assert all(((r, c) in lazy) == ((r, c) in whole) for r in range(60) for c in cols)
    assert set(lazy) == whole


def test_rows_marked_not_hidden_are_not_hidden():
    """LibreOffice writes hidden="false" on every row; only "1"/"true" hide one."""
    rows = "".join(f'<row r="{r}" hidden="{"true" if r == 3 else "1" if r == 5 else "false"}">'
                   f'<c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 8))
    assert _scan(_sheet("", rows)).hidden_rows == {2, 4}
    assert _scan(_sheet("", rows.replace('"true"', '"false"').replace('"1"', '"0"'))).hidden_rows == set()
