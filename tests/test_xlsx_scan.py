"""The XML pre-scan's fast path (plain XML, columns A–Z) must refuse and accept exactly what the
exact pass does, and find the same uncached formulas."""

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    """The walk: the sheet read tag by tag as calamine reads it."""
    scan = xs.SheetScan()
    xs._Walk(scan).feed(xml)
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


# -- the extent whatever the spelling: calamine itself is the reference ------------------------

WB = ('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
      '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
WB_RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           'worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


CONTENT_TYPES = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 '<Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/xl/workbook.xml" ContentType="application/'
                 'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
ROOT_RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
             'Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
             'Target="xl/workbook.xml"/></Relationships>')


def book(sheet_xml: bytes, extra: dict | None = None, entries: list | None = None) -> bytes:
    """A minimal workbook with one sheet "S" (and any extra parts)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("xl/workbook.xml", WB)
        zf.writestr("xl/_rels/workbook.xml.rels", WB_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        for name, body in (extra or {}).items():
            zf.writestr(name, body)
        for name, body in entries or []:
            zf.writestr(name, body)
    return buf.getvalue()


def calamine_extent(data: bytes):
    """(rows, cols) python-calamine gives for sheet S, or None if it refuses the sheet."""
    from python_calamine import CalamineWorkbook

    try:
        rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("S").to_python(
            skip_empty_area=False)
    except Exception:
        return None
    return len(rows), max(map(len, rows), default=0)


def scan_of(data: bytes, limit: int = LIMIT):
    """The package scan of sheet S, or the Chinese reason it was refused."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        try:
            return xs.scan_package(zf, limit, max_memory=600 << 20)["S"]
        except xs.UnsafeFile as exc:
            return exc.reason


@pytest.mark.parametrize("cell", [
    "<c r='XFD1048576'><v>1</v></c>",  # single quotes
    '<c r = "XFD1048576" ><v>1</v></c>',  # whitespace around =
    '<c\nr="XFD1048576"><v>1</v></c>',  # a line break before r
    '<c r="xfd1048576"><v>1</v></c>',  # lower case (calamine reads it)
    '<c s="0" r="XFD1048576"><v>1</v></c>',  # r not first
    '<c r="A1" r="XFD1048576"><v>1</v></c>',  # r twice: calamine takes the last
    '<c x=">" r="XFD1048576"><v>1</v></c>',  # a ">" inside a quoted value
    '<x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="XFD1048576"><x:v>1</x:v></x:c>',
])
def test_far_cell_refused_in_any_spelling(cell):
    xml = _sheet("", f'<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576">{cell}</row>')
    assert isinstance(scan_of(book(xml)), str) and "过大" in scan_of(book(xml))


def test_cells_without_r_are_placed_by_counting():
    """No r= on rows or cells: calamine places them one after another (3 rows x 30 columns)."""
    rows = "".join("<row>" + "<c><v>1</v></c>" * 30 + "</row>" for _ in range(3))
    data = book(_sheet("", rows))
    scan = scan_of(data)
    assert calamine_extent(data) == (3, 30)
    assert (scan.rows, scan.cols) == (3, 30)


def test_a_lying_dimension_is_ignored():
    xml = _sheet("", '<row r="1"><c r="A1"><v>1</v></c></row><row r="2000"><c r="ZZ2000"><v>1</v></c></row>')
    xml = xml.replace(b"<sheetData>", b'<dimension ref="A1:B2"/><sheetData>')
    scan = scan_of(book(xml))
    assert (scan.rows, scan.cols) == (2000, 702) == calamine_extent(book(xml))


def test_a_reference_past_excel_is_refused():
    """calamine would wrap row 4,294,967,297 round to 1: never guessed."""
    for ref in ("A4294967297", "A99999999", "XFE1"):
        xml = _sheet(f'<c r="A1"><v>1</v></c><c r="{ref}"><v>1</v></c>')
        assert "无效或超出 Excel 范围" in scan_of(book(xml)), ref


SPELLINGS = {  # a cell tag's attributes, spelled as a writer (or an attacker) might
    "usual": lambda ref, extra: f'<c r="{ref}"{extra}>',
    "single": lambda ref, extra: f"<c r='{ref}'{extra.replace(chr(34), chr(39))}>",
    "spaces": lambda ref, extra: f'<c  r = "{ref}" {extra}>',
    "tab": lambda ref, extra: f'<c\tr="{ref}"{extra}>',
    "r_last": lambda ref, extra: f'<c{extra} r="{ref}">',
    "lower": lambda ref, extra: f'<c r="{ref.lower()}"{extra}>',
    "no_r": lambda ref, extra: f"<c{extra}>",
    "twice": lambda ref, extra: f'<c r="A1"{extra} r="{ref}">',
    "prefixed": lambda ref, extra: f'<x:c r="{ref}"{extra}>',
}


@st.composite
def spelled_sheet(draw):
    """A sheet whose cells (any row, any column) are written in assorted spellings."""
    rows = draw(st.lists(st.tuples(st.integers(1, 1_048_576), st.lists(
        st.tuples(st.integers(1, 16_384), st.sampled_from(sorted(SPELLINGS)), st.sampled_from(["", ' s="0"']),
                  st.sampled_from(["<v>1</v>", "<v></v>", "", "<f>1+1</f><v>2</v>"])),
        min_size=1, max_size=4)), min_size=1, max_size=4))
    body = []
    for r, cells in rows:
        row_tag = draw(st.sampled_from([f'<row r="{r}">', f"<row r='{r}'>", "<row>"]))
        out = [row_tag]
        for c, spelling, extra, content in cells:
            tag = SPELLINGS[spelling](f"{col_letter(c - 1)}{r}", extra)
            close = "</x:c>" if spelling == "prefixed" else "</c>"
            out.append(tag + content.replace("<v", "<x:v").replace("</v", "</x:v") + close
                       if spelling == "prefixed" else tag + content + close)
        body.append("".join(out) + "</row>")
    xml = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
           + "".join(body) + "</sheetData></worksheet>")
    return xml.encode()


@settings(max_examples=300, deadline=None)
@given(spelled_sheet())
def test_scan_never_understates_what_calamine_allocates(xml):
    """Whatever the spelling, the scan's extent covers the rectangle calamine fills — or the
    sheet is refused (with a Chinese reason)."""
    data = book(xml)
    scan = scan_of(data)
    if isinstance(scan, str):
        assert any("\u4e00" <= ch <= "\u9fff" for ch in scan)
        return
    got = calamine_extent(data)
    if got is not None:
        assert scan.rows >= got[0] and scan.cols >= got[1], (scan.rows, scan.cols, got)


col_letter = xs.col_letter


# -- the package: duplicated entries and names, encodings, empty parts ---------------------------

def test_duplicated_zip_entries_are_refused():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name it writes
        data = book(_sheet('<c r="A1"><v>1</v></c>'),
                    entries=[("xl/worksheets/sheet1.xml", _sheet('<c r="A1"><v>2</v></c>'))])
    assert "重名的部件「xl/worksheets/sheet1.xml」" in scan_of(data)
    data = book(_sheet('<c r="A1"><v>1</v></c>'), extra={"xl/worksheets/Sheet1.xml": _sheet("")})
    assert "重名的部件" in scan_of(data)


def test_a_sheet_name_given_twice_is_refused():
    wb = WB.replace("</sheets>", '<sheet name="S" sheetId="2" r:id="rId1"/></sheets>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/workbook.xml", wb)
        zf.writestr("xl/_rels/workbook.xml.rels", WB_RELS)
        zf.writestr("xl/worksheets/sheet1.xml", _sheet('<c r="A1"><v>1</v></c>'))
    with zipfile.ZipFile(buf) as zf, pytest.raises(xs.UnsafeFile, match="「S」出现不止一次"):
        xs.scan_package(zf, LIMIT)


@pytest.mark.parametrize("encode, name", [
    (lambda x: x.decode().encode("utf-16"), "UTF-16"),
    (lambda x: x.decode().encode("utf-16-be"), "UTF-16"),
    (lambda x: b'<?xml version="1.0" encoding="GBK"?>' + x, "GBK"),
])
def test_a_sheet_not_in_utf8_is_refused_by_name(encode, name):
    reason = scan_of(book(encode(_sheet('<c r="A1"><v>1</v></c>'))))
    assert "工作表「S」" in reason and name in reason and "UTF-8" in reason


def test_utf8_declared_or_with_bom_reads():
    for head in (b'<?xml version="1.0" encoding="UTF-8"?>', b"\xef\xbb\xbf", b"<?xml version='1.0' encoding='utf-8'?>"):
        assert isinstance(scan_of(book(head + _sheet('<c r="A1"><v>1</v></c>'))), xs.SheetScan)


def test_an_empty_sheet_part_is_refused_by_name():
    reason = scan_of(book(b""))
    assert "工作表「S」" in reason and "0 字节" in reason


# -- hidden rows in any spelling ------------------------------------------------------------------

@pytest.mark.parametrize("attrs", [' hidden="1"', " hidden='1'", ' hidden = "true"', ' ht="0" customHeight="1"',
                                   " ht='0.0' customHeight='1'", ' customHeight="1" ht="0.5"'])
def test_hidden_rows_in_any_spelling(attrs):
    rows = (f'<row r="1"><c r="A1"><v>1</v></c></row><row r="2"{attrs}><c r="A2"><v>2</v></c></row>'
            '<row r="3" ht="15" customHeight="1" hidden="false"><c r="A3"><v>3</v></c></row>')
    assert _scan(_sheet("", rows)).hidden_rows == {1}
    assert scan_of(book(_sheet("", rows.replace('<c r="A1">', "<c s='0' r='A1'>")))).hidden_rows == {1}  # walked


def test_a_hidden_row_without_r_is_placed_by_its_cells():
    rows = '<row><c r="A1"><v>1</v></c></row><row hidden="1"><c r="A2"><v>2</v></c></row>'
    assert _scan(_sheet("", rows)).hidden_rows == {1}
    assert scan_of(book(_sheet("", rows.replace('<c r="A1">', "<c>")))).hidden_rows == {1}


# -- formulas reading another workbook -------------------------------------------------------------

def test_external_formulas_are_found_when_the_workbook_links_others():
    xml = _sheet('<c r="A1"><f>[1]Sheet1!A1</f><v>5</v></c><c r="B1"><f>SUM(A1:A2)</f><v>5</v></c>'
                 "<c r='C1'><f>'[2]基本支出'!H4*2</f><v>6</v></c>")
    link = {"xl/externalLinks/externalLink1.xml": b"<externalLink/>"}
    assert scan_of(book(xml, link)).external == {(0, 0): "[1]Sheet1!A1", (0, 2): "'[2]基本支出'!H4*2"}
    assert scan_of(book(xml)).external == {}  # no link part: [1] is not a workbook reference


# -- memory: shared strings -----------------------------------------------------------------------

def _sst(*texts: str) -> bytes:
    return ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            + "".join(f"<si><t>{t}</t></si>" for t in texts) + "</sst>").encode()


def test_a_long_shared_string_repeated_in_many_cells_is_refused():
    """Every cell gets its own copy of the text: 300,000 cells x 3,000 bytes is ~1 GB."""
    rows = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}" t="s"><v>0</v></c>' for c in "ABCDEF") + "</row>"
                   for r in range(1, 50_001))
    reason = scan_of(book(_sheet("", rows), {"xl/sharedStrings.xml": _sst("长" * 1000, "短")}))
    assert "过大" in reason and "共享文本" in reason
    # the same cells on the short string are read
    assert isinstance(scan_of(book(_sheet("", rows.replace("<v>0</v>", "<v>1</v>")),
                                   {"xl/sharedStrings.xml": _sst("长" * 1000, "短")})), xs.SheetScan)


# -- whole files: the corpus cases of issue 15 ------------------------------------------------------

CORPUS = __import__("pathlib").Path(__file__).parent / "corpus" / "bad"


def _lines(path):
    from deptbudget.io.reader import read_workbook

    r = read_workbook(path)
    assert r.ok, [f.message for f in r.findings][:3]
    return sorted((l.ref.sheet, l.ref.cell, l.amount) for l in r.budget.lines), sorted(
        (i.ref.cell, i.amount) for i in r.budget.incomes)


@pytest.mark.parametrize("case", ["respelled_xml.xlsx", "strict_ooxml.xlsx", "lying_dimension_large.xlsx"])
def test_respelled_strict_and_lying_files_read_exactly_like_the_original(case):
    assert _lines(CORPUS / case) == _lines(CORPUS / "base.xlsx")


# Peak resident set of this process's own memory (VmHWM; ru_maxrss would carry over the parent's
# peak through fork + exec on Linux).
PEAK = r"""
import sys, json
from deptbudget.io.reader import read_workbook
r = read_workbook(sys.argv[1])
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps([r.ok, [f.message for f in r.findings[:1]], peak]))
"""


@pytest.mark.skipif(not __import__("os").path.exists("/proc/self/status"), reason="VmHWM: Linux only")
@pytest.mark.parametrize("case", ["shared_string_bomb.xlsx", "area_26_million.xlsx", "far_cell_single_quotes.xlsx",
                                  "far_cells_without_r.xlsx", "duplicated_zip_entry.xlsx"])
def test_hostile_files_are_refused_with_little_memory(case):
    """Measured in a process of its own (peak resident set): refused, far under 1 GB."""
    import json
    import os
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", PEAK, str(CORPUS / case)], capture_output=True, text=True,
                         timeout=120, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    ok, messages, peak_kb = json.loads(out.stdout.strip().splitlines()[-1])
    assert not ok and "无法读取文件" in messages[0], messages
    assert peak_kb < 300 * 1024, f"{case}: peak {peak_kb // 1024} MB"


def test_a_shared_strings_table_too_large_to_hold_is_refused_before_it_is_read(monkeypatch):
    data = book(_sheet('<c r="A1" t="s"><v>0</v></c>'), {"xl/sharedStrings.xml": _sst(*["字" * 100] * 10_000)})
    monkeypatch.setattr(xs._SharedStrings, "lens", lambda self: pytest.fail("read the table"))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        with pytest.raises(xs.UnsafeFile, match="共享字符串表过大"):
            list(xs.check_package(zf, LIMIT, max_memory=4 << 20, readers=3))  # 3 MB x 3 readers
        assert list(xs.check_package(zf, LIMIT, max_memory=16 << 20, readers=3))


@pytest.mark.parametrize("formula, external", [
    ("[1]Sheet1!A1", True), ("'[2]基本支出'!H4*2", True), ("[1]!预算总额", True),
    ("'D:\\预算\\[139002.xlsx]基本支出'!H4", True),
    ("SUM(Table1[金额])", False), ("Table1[[#This Row],[金额]]", False), ("SUM(A1:A2)", False)])
def test_what_counts_as_a_formula_reading_another_workbook(formula, external):
    assert bool(xs.EXTERNAL_RE.search(formula.encode())) is external


def test_loose_bounds_of_many_sheets_are_measured_before_refusing():
    """Nine sheets of 10,000 rows: the fast path bounds each at 99,999 x 26 cells, 23 million in
    all; once the bounds add up past the limit the sheets are measured (10,000 x 2) and read."""
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c><c r="B{r}"><v>2</v></c></row>' for r in range(1, 10_001))
    sheets = "".join(f'<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, 10))
    rels = "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, 10))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", WB.replace('<sheet name="S" sheetId="1" r:id="rId1"/>', sheets))
        zf.writestr("xl/_rels/workbook.xml.rels", WB_RELS.replace(WB_RELS[WB_RELS.index("<Relationship "):
                                                                           WB_RELS.index("</Relationships>")], rels))
        for i in range(1, 10):
            zf.writestr(f"xl/worksheets/sheet{i}.xml", _sheet("", rows))
    with zipfile.ZipFile(buf) as zf:
        scans = xs.scan_package(zf, LIMIT, max_memory=600 << 20)
    assert len(scans) == 9 and all(s.rows >= 10_000 and s.cols >= 2 for s in scans.values())
    assert sum(s.area for s in scans.values()) <= LIMIT
    assert (10_000, 2) in {(s.rows, s.cols) for s in scans.values()}  # measured once the bounds add up


@pytest.mark.parametrize("xml", [_sheet("", ""), _sheet("", "").replace(b"<sheetData></sheetData>", b"<sheetData/>"),
                                 _sheet("", "<row r='1'/>")])
def test_an_empty_sheet_is_complete(xml):
    """A sheet without cells (a user's blank sheet) is read, not taken for a cut-short part."""
    assert isinstance(scan_of(book(xml)), xs.SheetScan)
    assert "被截断" in scan_of(book(xml[:-5]))
